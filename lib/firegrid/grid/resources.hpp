// The people and resources each level of the grid must have (the brief's "people and
// resources"): a leader everywhere, a 24-hour rescue team per township, a police-station
// officer for fire work among a township's members, 1-2 coordinators and a volunteer
// brigade per village, as the manifest's policy.resources asks. A gap is a warning, never
// an error: the grid still works.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/grid/tree.hpp>

#include <string>
#include <vector>

namespace firegrid::grid {

struct Gap {
  std::string code;     // resource-no-leader, resource-no-rescue-team, ...
  std::string message;  // what is missing
  std::string hint;     // how to add it
};

// What `g` lacks for its level by `resources` (policy.resources: leader, rescue_team,
// police_officer, coordinators_min, coordinators_max, volunteer_brigade; a key not there
// is not checked); empty when it has everything or its record is unread.
std::vector<Gap> resource_gaps(const Grid& g, const doc::Node& resources);

// Every grid's gaps as warnings located at its grid.yaml; nothing when the policy has no
// `resources`.
void check_resources(const Tree& tree, const doc::Node& policy, Findings& findings);

}  // namespace firegrid::grid
