// The cadences of the policy, resolved once: what each one counts (an inspection kind, the
// joint meeting, or a kind of training, publicity or drill), where (a grid level, every
// unit of some categories, or each township's police district) and over which periods.
// The rollup counts every cadence this resolves; `check` reports every one it cannot, so
// no cadence is accepted and then ignored.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/policy/cadence.hpp>

#include <string>
#include <vector>

namespace firegrid::model {

using policy::Cadence;

// Every cadence of `policy` that can be counted, in policy order. Each one that cannot
// (an unknown kind, a scope its kind has no records for, seasons not named) is a located
// finding `policy-cadence` in `findings` when it is given (the manifest is `path`).
std::vector<Cadence> resolve_cadences(const doc::Node& policy, Findings* findings = nullptr,
                                      const std::string& path = "firegrid.yaml");

}  // namespace firegrid::model
