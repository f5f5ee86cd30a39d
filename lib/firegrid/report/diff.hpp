// `report diff`: what changed between two states of the data (two commits, or a commit
// and the working tree), found by comparing the loaded repos record by record (ids are
// stable: a record's id is its file name). A pure function, so it is tested on
// in-memory repos; reading the commits is store/git.hpp's job.
#pragma once

#include <firegrid/grid/tree.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/report/rollup.hpp>

#include <string>
#include <vector>

namespace firegrid::report {

// One record that changed. Tips carry their id alone: never a word of what the reporter
// said, never the sealed box.
struct Change {
  std::string grid;    // path of the grid it is filed at (a tip: its township)
  std::string kind;    // unit, hazard, inspection, meeting, training, tip
  std::string id;
  std::string change;  // added, closed, reopened, removed (units); opened, closed, reopened,
                       // changed, removed (hazards); added, removed (the others)
  std::string from;    // hazards: the state before ("" when opened); units: the status
  std::string to;      // hazards: the state now ("" when removed); units: the status
  std::string date;    // the record's own date (found_on, date, received_on), or ""
  std::string title;   // the unit's name, hazard's description, inspection's or meeting's kind,
                       // training's title; "" for a tip
};

// The figures of a diff, counted where each changed record is filed and summed up the tree.
// units.added, units.closed, units.reopened, units.removed, units.moved, units.edited; hazards.opened, hazards.closed,
// hazards.reopened, hazards.changed (any state change, the three above included),
// hazards.removed; inspections.recorded, meetings.held, trainings.held, tips.received; and
// <kind>.removed for inspections, meetings, trainings, tips.
const std::vector<std::string>& diff_figures();

// One side of a diff, as the caller read it.
struct Side {
  std::string asked;   // what --since or --at said ("" for the working tree)
  std::string commit;  // the full commit id; "" for the working tree, or when no commit
                       // was made before the date asked (everything counts as new)
  Date date;           // the commit's date (Asia/Shanghai), or today for the working tree
};

struct Diff {
  Side since, until;            // filled by the caller
  Node root;                    // the grid asked for, figures per node (level, name from `after`)
  std::vector<Change> changes;  // by grid path, kind (the order above), id
};

// What changed from `before` to `after` at `top` (a grid of `after`) and below; nodes kept
// to `depth` levels under top (totals keep what is cut). A record counts at the grid it is
// filed at now (or was, when removed); a grid gone since counts at its nearest ancestor
// that is still there.
Diff diff(const model::Repo& before, const model::Repo& after, const grid::Grid& top, std::size_t depth);

// {"format": "firegrid-diff", "version": 1, "since": {"asked","commit","date"}, "until": {..},
//  "root": {"path","id","name","level","code","own","total","children"}, "changes": [..]}
// (docs/json.md "report diff"); figures sorted by id, 2-space indent, "\n" at the end.
std::string to_json(const Diff& d);

}  // namespace firegrid::report
