// The rollup: one set of figures for every grid node over a period, counted at the grid
// where each record is filed and summed up the tree. Every figure is a count, so a
// parent's figures are the sums of its children's plus its own, several counties merge by
// addition, and rates are computed from the sums (never averaged). docs/reports.md
// defines every figure in words.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/model/repo.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace firegrid::report {

// A figure's id ("units.active", "hazards.open", "checks.done.village-check") -> its count.
// A figure absent from the map is 0.
using Figures = std::map<std::string, long>;

long get(const Figures& f, const std::string& id);
void add(Figures& into, const Figures& from);

// A rate is numerator / denominator of two figures; it has no value when the denominator is 0.
struct Rate {
  std::string id;           // "units.inspected-rate"
  std::string numerator;    // "units.inspected-in-interval"
  std::string denominator;  // "units.active"
};
const std::vector<Rate>& rates();
std::optional<double> rate(const Figures& f, const Rate& r);
std::optional<double> rate(const Figures& f, const std::string& rate_id);  // by id; nullopt if unknown

// Every figure id the rollup counts, in the order reports list them: the agreed ids with
// units.category.<category> for every unit category, units.supervision.<supervisor> and
// checks.required.<kind> / checks.done.<kind> for every inspection kind.
const std::vector<std::string>& figure_ids();
// The inspection kinds, as checks.required.<kind> names them.
const std::vector<std::string>& check_kinds();

struct Node {
  std::string path;   // grid path ("" for the county; in a merged rollup, the county's code)
  std::string id;     // folder name ("" for the county)
  std::string name;   // 槐阳镇
  std::string level;  // county, township, village, group (grid::to_string), or "merged"
  std::string code;   // division code
  Figures own;        // records filed at this grid itself
  Figures total;      // own + every child's total
  std::vector<Node> children;  // in id order
};

struct Rollup {
  std::string kind;  // weekly, monthly, half-year, year-end (or "" when the period was given directly)
  Period period;     // the days counted for "in the period" figures
  Date as_of;        // the day "now" figures (open, overdue, lights) are judged on; <= period.last
  Node root;         // the county, or the grid asked for (--grid)
};

// Counts every figure for `top` and the grids below it. Figures "in the period" count
// records dated within [period.first, min(period.last, as_of)]; state figures (open,
// overdue, red, ...) are judged on as_of.
Rollup compute(const model::Repo& repo, const grid::Grid& top, const Period& period, const Date& as_of);

// The same figures for each consecutive period of length `every` (week, month) from the
// one holding `from` to the one holding `to`, each judged on min(period end, to): the
// series that trend charts draw. Nodes are kept to `depth` levels below top.
std::vector<Rollup> series(const model::Repo& repo, const grid::Grid& top, const std::string& every,
                           const Date& from, const Date& to, std::size_t depth);

// The figures of several (period, as-of day) pairs at once, the index of the records
// built once: what check needs for many attestations.
std::vector<Rollup> compute_each(const model::Repo& repo, const grid::Grid& top,
                                 const std::vector<std::pair<Period, Date>>& days);

// A grid's node: its path, id, name, level and code; no figures, no children.
Node node_of(const grid::Grid& g);

// Cuts the tree below `depth` levels under the root (0: the root alone). Totals are kept.
void prune(Node& root, std::size_t depth);

// ---- JSON (docs/json.md "report") ----
// {"format": "firegrid-report", "version": 1, "kind", "period": {"name","first","last"},
//  "as_of", "root": {"path","id","name","level","code","own":{..},"total":{..},
//  "rates":{..}, "children":[..]}}. Figures are written sorted by id; rates are
// derived (null when undefined) and ignored when read back.
std::string to_json(const Rollup& r);
// Reads what to_json wrote. Throws Error naming `source` when it is not a report.
Rollup from_json(const std::string& text, const std::string& source);

// Several counties' rollups as one: a root named `name` (level "merged") whose children
// are the inputs' roots, its figures their sums. The inputs must share kind and period
// (Error otherwise); as_of is the latest.
Rollup merge(const std::vector<Rollup>& rollups, const std::string& name);

}  // namespace firegrid::report
