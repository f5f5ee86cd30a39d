// The whole repo loaded: the manifest, the grid tree and every record kind, with every
// finding met on the way. Commands that read records start here; `check` reports the
// findings.
#pragma once

#include <firegrid/attest/attest.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/unit/registry.hpp>

#include <functional>
#include <map>
#include <optional>
#include <unordered_set>

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
  std::vector<attest::Attestation> attestations;  // as filed: model::cut keeps them all
  policy::Calendar calendar;  // calendar/holidays.yaml, or the built-in one
  std::vector<policy::Cadence> cadences;  // the policy's cadences that count (model::resolve_cadences)
  Findings findings;
  std::size_t files = 0;  // record files read
  // The files whose bytes the loader searched for a tip office's secret key, by the hash
  // of their path (record::hash_bytes); `check` searches the others.
  std::unordered_set<std::uint64_t> scanned;
  // Set by model::cut: the day the repo is seen as of, and the records that came after
  // it (id: the day it was registered, found, received or held), for "not yet" messages.
  std::optional<Date> day;
  std::map<std::string, Date> later;

  // The policy mapping of the manifest (an empty mapping if it could not be read).
  const doc::Node& policy() const;
};

struct LoadOptions {
  bool units = true;        // commands about the grid alone skip the units
  bool note_errors = true;  // cli: mention errors in the repo (read commands; a write may be the fix)
  std::optional<Date> as_of;  // the repo as it stood at the end of this day (model::cut)
  bool inspections = true;    // false: the inspection files are not read (hazard list/show)
  bool inspection_documents = false;  // true: each inspection keeps its document and text (show, edit, export)
  bool scanned = false;       // true: fill Repo::scanned (check, which searches the other files)
  // Waits until no batch is being written (cli: takes the repo lock, which finishes an
  // interrupted one); called before a read that may have seen part of a batch is tried again.
  std::function<void()> settle;

  LoadOptions(bool units_ = true, bool note_errors_ = true, std::optional<Date> as_of_ = std::nullopt)
      : units(units_), note_errors(note_errors_), as_of(as_of_) {}
  // The same without the inspection files (nine tenths of a county's files), for a command
  // that uses none: `ctx.load(LoadOptions(true, false).without_inspections())`.
  LoadOptions& without_inspections() {
    inspections = false;
    return *this;
  }
};

// Loads everything. Throws Error only when the repo cannot be read at all (no manifest,
// a format newer than this firegrid); problems in records are findings.
Repo load_repo(const store::Disk& disk, const schema::Catalog& catalog, LoadOptions options = {});

// A `store-symlink` error for every symbolic link the disk has met (Disk::symlinks) and
// `findings` does not name yet: the disk skipped it, so what lies behind it is not read.
void add_symlink_findings(const store::Disk& disk, Findings& findings);

}  // namespace firegrid::model
