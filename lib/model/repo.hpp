// The whole repo loaded: the manifest, the grid tree and every record kind, with every
// finding met on the way. Commands that read records start here; `check` reports the
// findings.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/unit/registry.hpp>

#include <optional>

namespace firegrid::model {

struct Repo {
  std::optional<doc::Document> manifest;
  grid::Tree tree;
  unit::Registry units;
  std::vector<inspect::Inspection> inspections;
  std::vector<inspect::Hazard> hazards;
  std::vector<hazard::Tip> tips;
  std::vector<meeting::Meeting> meetings;
  std::vector<meeting::Training> trainings;
  policy::Calendar calendar;  // calendar/holidays.yaml, or the built-in one
  Findings findings;
  std::size_t files = 0;  // record files read

  // The policy mapping of the manifest (an empty mapping if it could not be read).
  const doc::Node& policy() const;
};

struct LoadOptions {
  bool units = true;        // commands about the grid alone skip the units
  bool note_errors = true;  // cli: mention errors in the repo (read commands; a write may be the fix)
};

// Loads everything. Throws Error only when the repo cannot be read at all (no manifest,
// a format newer than this firegrid); problems in records are findings.
Repo load_repo(const store::Disk& disk, const schema::Catalog& catalog, LoadOptions options = {});

// A `store-symlink` error for every symbolic link the disk has met (Disk::symlinks) and
// `findings` does not name yet: the disk skipped it, so what lies behind it is not read.
void add_symlink_findings(const store::Disk& disk, Findings& findings);

}  // namespace firegrid::model
