// What a leader acts on, read from the weekly report's first screen: the hazards that are
// red (overdue, deadline passed, major not escalated, listed supervision late) with where
// they are and who must act, the checks, meetings and events each township missed, the
// townships that do not meet this year's standard, and each headline figure against the
// previous week. Every item is counted from the records as they stood on the as-of day,
// so `--as-of D` sees what a repo stripped to D sees. docs/reports.md ("What to act on")
// defines each item in words.
#pragma once

#include <firegrid/model/repo.hpp>
#include <firegrid/render/table.hpp>
#include <firegrid/report/assess.hpp>
#include <firegrid/report/labels.hpp>
#include <firegrid/report/rollup.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::report {

// Who the records name as the one to take a hazard's next step.
struct Actor {
  std::string name;          // 黄辉 (may be empty when only an office is known)
  std::string organisation;  // 安监办, 南佐镇安监办, or the unit's name
  std::string role;          // unit-responsible, notice-issuer, safety-office, township-leader, grid-leader
};

// A red hazard on the as-of day: the list to act on.
struct ActionHazard {
  std::string id;
  std::string grid;      // its grid path
  std::string township;  // 南佐镇 ("" when filed at the county)
  std::string village;   // 北佐村 ("" when filed at a township or above)
  std::string place;     // 南佐镇 / 北佐村 / 第一村民小组
  std::string unit_id, unit;  // the unit (its name), or "" and the record's `place`
  std::string severity, state, next;
  std::optional<Date> due;       // when the next step is (was) due
  long days_overdue = 0;         // as-of minus the deadline passed or the late step's due day; 0 when none is late
  std::vector<std::string> flags;  // overdue, deadline-passed, not-escalated, supervision-overdue, notice-late
  bool not_escalated = false;
  Actor who;
};

// What one grid below the report's root (a township of the county) missed in the period:
// required minus done, by cadence kind.
struct Missed {
  std::string path, name;
  long total = 0;
  std::vector<std::pair<std::string, long>> kinds;  // ("checks.patrol", 40), ("meetings.joint", 1), ("events.publicity", 1)
};

// A village or group listed in the table of grids without --all, and why.
struct GridException {
  std::string path, name, level;
  std::vector<std::string> reasons;  // red-hazards, checks-below-80, actions-overdue
};

// A headline figure this week and the previous week.
struct WeekChange {
  std::string id;  // "checks.rate" (a rate) or "hazards.overdue" (a figure)
  bool is_rate = false;
  std::optional<double> value, previous;  // a rate's share or a figure's count; nullopt: a rate with no value
};

struct Attention {
  std::vector<ActionHazard> hazards;  // unescalated majors first, then most days overdue, then grid path and id
  std::vector<Missed> missed;         // grids with something missed, most first, then by path
  Assessment assessment;              // the year of the as-of day, judged on the as-of day (as `report assess`)
  Period previous;                    // the week before the report's
  Date previous_as_of;                // the as-of day less 7 days
  std::vector<WeekChange> changes;        // in headline_changes() order
  std::vector<GridException> exceptions;  // the grids shown, in tree order (exceptions_of)
};

// The figures compared with the previous week, in the order sentences name them.
const std::vector<std::string>& headline_changes();

// Whether a village or group is an exception (and why): a red hazard, checks done below
// 80% of those required, or an overdue action item. Counties and townships never are.
std::vector<std::string> exception_reasons(const Node& n);

// The villages and groups of `root` (as shown, after prune) that are exceptions, in tree order.
std::vector<GridException> exceptions_of(const Node& root);

// Everything to act on for `rollup` (computed for `top` over a week, not pruned);
// `exceptions` is left for exceptions_of the tree as shown.
// Throws Error as assess() does for a bad policy.assess.
Attention attend(const model::Repo& repo, const grid::Grid& top, const Rollup& rollup);

// The first screen in short sentences of the report's language, one string per item
// (the hazards sentence, the missed checks, the target, the change). At most `names`
// places are named in a sentence; the rest are counted.
std::vector<std::string> attention_lines(const Attention& a, const Labels& words, std::size_t names = 5);

// The list to act on as a table: id, light reasons, days overdue, place, unit, next step
// and its due day, who must act. `human`: words of the report's language, else ids.
render::Table action_table(const Attention& a, const Labels& words, bool human);

// The report JSON (to_json) with `a` under its "attention" key (docs/json.md).
std::string to_json(const Rollup& r, const Attention& a);

}  // namespace firegrid::report
