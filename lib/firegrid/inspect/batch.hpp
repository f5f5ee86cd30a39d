// A batch of inspections from a CSV file or .xlsx workbook (a week of patrols typed into Excel) or a YAML
// list. All or nothing: every row is checked first. Idempotent: a row recorded before
// (same place, kind, date, time and inspectors) is left as it is.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/text/sheet.hpp>

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
// as a YAML list, anything else as a CSV file (encoding detected, or `input.encoding`) or an
// .xlsx workbook (`input.sheet`, or its first sheet). Throws Error when the file cannot be
// decoded or read at all.
BatchPlan plan_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                     const std::vector<Inspection>& existing, const std::string& file, const std::string& bytes,
                     const text::SheetOptions& input, const Date& today);

}  // namespace firegrid::inspect
