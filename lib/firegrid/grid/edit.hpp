// Changing the grid: adding, editing and removing nodes. Each function checks first and
// returns the file changes to commit; nothing is written here (see store::Disk::commit).
#pragma once

#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::grid {

// Splits a command-line spec "k=v,k=v" into its pairs in order; values may contain '=' but
// not ','. Throws Error naming `what` for a part that is not key=value.
std::vector<std::pair<std::string, std::string>> split_spec(const std::string& spec, const char* what);

// Parses a person given on the command line, in the long form
// "name=张建国,org=派出所,role=所长,phone=13800138000" (keys name, org|organisation, role,
// phone) or the short one people type: "张建国", "张建国/派出所", "张建国/派出所,所长,13800138000"
// (name, then /organisation; after commas a role and a phone, told apart by the digits).
// The name is required. Throws Error on a bad spec.
doc::Node parse_person(const std::string& spec);

// Parses a team: "name=槐阳镇应急救援队,size=12,leader=王强,phone=0311-1234567".
doc::Node parse_team(const std::string& spec);

// What `grid add` and `grid edit` change. Unset fields stay as they are.
struct Edit {
  std::optional<std::string> name, code, note;
  std::optional<doc::Node> leader;
  bool clear_leader = false;
  std::vector<doc::Node> members;           // added, or replacing the member of that name
  std::vector<std::string> remove_members;  // by name
  std::optional<doc::Node> rescue_team;
  std::vector<doc::Node> coordinators;
  std::vector<std::string> remove_coordinators;
  std::optional<doc::Node> volunteer_brigade;
};

// Applies `edit` to a grid record of `level`. Throws Error when the edit does not fit
// the level (a rescue team outside a township...) or names a member who is not there.
void apply_edit(doc::Node& record, Level level, const Edit& edit);

// The record's file content at `path`: its modeline, then the record by the one emitter in
// the grid schema's key order (schema::Catalog::file_text).
std::string render_record(const schema::Catalog& catalog, const std::string& path, const doc::Node& record);

// A new grid `id` under `parent`. Throws Error if the id is invalid or reserved, the
// parent is a group, or the id is taken.
store::Changes add_grid(const schema::Catalog& catalog, const Grid& parent, const std::string& id,
                        const Edit& edit);

// The changed record of `g`. Throws Error if the record could not be read.
store::Changes edit_grid(const schema::Catalog& catalog, const Grid& g, const Edit& edit);

// Removes `g`. Refused (Error, with the counts) when it holds records, or child grids
// unless `recursive`. The county cannot be removed.
store::Changes remove_grid(const store::Disk& disk, const Grid& g, bool recursive);

}  // namespace firegrid::grid
