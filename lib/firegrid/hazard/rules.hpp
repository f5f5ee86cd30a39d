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

// What no schema can say of hazards and tips: their fields agree with their state, the
// records they link exist (a hazard's inspection only when `inspections_read`), tip
// offices have keys, rewards keep to the policy.
void check_records(const grid::Tree& tree, const unit::Registry& units,
                   const std::vector<inspect::Inspection>& inspections, bool inspections_read,
                   const std::vector<inspect::Hazard>& hazards, const std::vector<Tip>& tips,
                   const doc::Node& policy, Findings& findings);

}  // namespace firegrid::hazard
