// A batch of inspections from a CSV file (a week of patrols typed into Excel) or a YAML
// list. All or nothing: every row is checked first. Idempotent: a row recorded before
// (same place, kind, date, time and inspectors) is left as it is.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/text/csv.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::inspect {

struct BatchPlan {
  std::size_t rows = 0, added = 0, unchanged = 0, hazards = 0;
  Findings problems;  // errors: nothing may be written
  std::vector<std::string> actions;
  store::Changes changes;
};

// Plans a batch. `file` names the input in messages; a name ending in .yaml or .yml is read
// as a YAML list, anything else as CSV (encoding detected, or `encoding`). Throws Error when
// the file cannot be decoded or read at all. `clone` is this clone's token
// (store::clone_token), hashed into the new records' ids.
BatchPlan plan_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                     const std::vector<Inspection>& existing, const std::string& file, const std::string& bytes,
                     std::optional<text::Encoding> encoding, const Date& today, const std::string& clone);

}  // namespace firegrid::inspect
