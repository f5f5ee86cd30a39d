// Batches of meetings and of trainings, publicity events and drills from a YAML list: a
// year of records kept in a spreadsheet or written by a script, recorded in one step
// instead of one `meeting add` per record (each of which loads the whole repo). All or
// nothing: every entry is checked first. Idempotent: an entry recorded before (the same
// grid, kind, date and chair or title) is left as it is.
#pragma once

#include <firegrid/meeting/meeting.hpp>

#include <string>
#include <vector>

namespace firegrid::meeting {

struct BatchPlan {
  std::size_t rows = 0, added = 0, unchanged = 0;
  Findings problems;  // errors: nothing may be written
  std::vector<std::string> actions;  // one line per record to add, for --dry-run
  store::Changes changes;
};

// Plans a batch of meetings: a YAML list whose entries are meeting records (docs/format.md)
// without `id`, with `grid` (the grid that held it) added; an action item may carry its
// `done` date. `file` names the input in messages.
BatchPlan plan_meetings(const schema::Catalog& catalog, const grid::Tree& tree, const std::set<std::string>& hazard_ids,
                        const std::vector<Meeting>& existing, const std::string& file, const std::string& bytes,
                        const Date& today, const std::string& clone);

// Plans a batch of trainings, publicity events and drills: a YAML list of training records
// without `id`, with `grid` added. `clone` is this clone's token (store::clone_token).
BatchPlan plan_trainings(const schema::Catalog& catalog, const grid::Tree& tree, const std::vector<Training>& existing,
                         const std::string& file, const std::string& bytes, const Date& today,
                         const std::string& clone);

}  // namespace firegrid::meeting
