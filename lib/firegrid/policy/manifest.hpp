// firegrid.yaml: the repo's format version, its county, and the policy (cadences,
// deadlines, targets, thresholds) that the commands read instead of hard-coding.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <optional>
#include <string>

namespace firegrid::policy {

inline constexpr int kFormatVersion = 1;

// A new repo's manifest: the county, and BRIEF.md's defaults as editable policy. The
// yearly targets start at `first_year` (30%, 60%, 80%, 100%).
doc::Node default_manifest(const std::string& county_code, const std::string& county_name,
                           int first_year);

// policy.assess as `init` writes it and as `report assess` uses it when a repo's policy
// has none: the indicators of the three dimensions and their thresholds.
doc::Node default_assess();

// Reads and validates firegrid.yaml, adding findings. nullopt when it cannot be read.
// A format version this firegrid does not know is a failure (Error), not a finding:
// nothing else in the repo can be trusted then.
std::optional<doc::Document> load_manifest(const store::Disk& disk, const schema::Catalog& catalog,
                                           Findings& findings);

}  // namespace firegrid::policy
