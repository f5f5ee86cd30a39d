// Coverage: "乡不漏村、村不漏楼、楼不漏户" (no village, building or household missed). The
// gaps in the grid's reach, each named: groups with no units, active units never
// inspected, units without a fire safety responsible person, grids without a leader.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/model/repo.hpp>

#include <string>
#include <vector>

namespace firegrid::report {

// The kinds of gap, in the order reports show them.
const std::vector<std::string>& coverage_kinds();  // empty-group, never-inspected, no-responsible, no-leader

struct Gap {
  std::string kind;      // one of coverage_kinds()
  const grid::Grid* grid = nullptr;  // the grid without units or leader, or the unit's group
  const unit::Unit* unit = nullptr;  // the unit, for never-inspected and no-responsible
};

// Every gap at or below `top` as the data stood on `as_of`: units registered after it
// are not counted, and only inspections up to it (self-inspections excluded, as in
// `inspect due`). A unit is inspected when an inspection names it or a grid check
// visited it. Gaps come grid by grid (the tree's order), by kind, then by unit id.
std::vector<Gap> coverage(const model::Repo& repo, const grid::Grid& top, const Date& as_of);

}  // namespace firegrid::report
