// What `check` says of hazards and tips beyond their schemas: states agree with their
// fields and history, links lead somewhere, tips are sealed to a key their township
// holds, rewards follow the scheme.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/unit/registry.hpp>

#include <vector>

namespace firegrid::hazard {

void check_records(const grid::Tree& tree, const unit::Registry& units,
                   const std::vector<inspect::Inspection>& inspections, const std::vector<inspect::Hazard>& hazards,
                   const std::vector<Tip>& tips, const doc::Node& policy, Findings& findings);

}  // namespace firegrid::hazard
