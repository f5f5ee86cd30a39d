// A person's life in the grid (`firegrid history --person`): every role the person held in
// a grid (leader, member, coordinator, the leader of a rescue team or volunteer brigade)
// or a unit (responsible person, manager), from when to when, read from git's history of
// the grid and unit records.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/store/git.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::model {

// True when `person` (a person mapping) is the one `query` names: its name, or its phone
// (digits compared, so 0311-8401 2345 is 031184012345).
bool person_is(const doc::Node& person, const std::string& query);

struct PersonRole {
  std::string role;         // leader, member, coordinator, rescue-team, volunteer-brigade, responsible, manager
  std::string kind;         // grid or unit
  std::string record;       // the grid's path ("" the county) or the unit's id
  std::string record_name;  // the grid's or unit's name, as last seen
  std::string person;       // the person's name as recorded
  std::string as;           // the person as recorded: name, organisation, role, phone
  Date from;                // the day of the commit that gave the role
  std::optional<Date> to;   // the day of the commit that took it away; none: held at HEAD
  std::string from_commit, to_commit;
};

// The pathspecs of the records that name people (for store::changed_files).
const std::vector<std::string>& people_record_globs();

// Every role `query` held, from the commits (oldest first), in the order they began. A
// unit moved to another group keeps its roles (a unit is its id).
std::vector<PersonRole> person_roles(const std::vector<store::CommitFiles>& commits, const std::string& query);

}  // namespace firegrid::model
