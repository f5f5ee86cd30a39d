// The week's plan of visits (`inspect plan`): who should check what, where and why, made
// from the re-check clocks of the open hazards and the due list (`inspect due` on the
// week's Monday). docs/commands/inspect.md ("Plans") states every rule.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/policy/calendar.hpp>

#include <string>
#include <vector>

namespace firegrid::inspect {

// The ISO week `value` names: 2026-W49, or counted from the week holding `today`: this,
// last, next, -N (N weeks before), +N (N weeks after). Throws Error saying the forms.
Period parse_week(const std::string& value, const Date& today);

// Who a visit falls to: a person of the grid records, or an organisation when the grid
// names nobody for it.
struct Assignee {
  std::string name, organisation, role, phone;
  std::string grid;  // the path of the grid whose record names them ("" for the county)
  // "张建国/派出所", or the organisation alone.
  std::string label() const;
};

// Why a unit or grid is in the plan, most urgent first.
enum class Reason { recheck = 1, never_checked = 2, interval = 3, cadence = 4 };
const char* to_string(Reason r);  // recheck, never-checked, interval, cadence
const char* chinese(Reason r);    // 隐患复查, 从未检查, 超过检查周期, 例行检查

struct Visit {
  Reason reason = Reason::cadence;
  const grid::Grid* grid = nullptr;  // the grid visited, or the unit's group (or the hazard's grid)
  const unit::Unit* unit = nullptr;  // the unit visited, or null for a grid
  std::string place;                 // the unit's or grid's name (a police district: 槐阳镇（派出所辖区）)
  std::string kind;                  // the inspection kind to record
  std::string period;                // a cadence's period, or ""
  Date due;                          // the last day it is due
  std::string last;                  // the last check counted, or ""
  std::string hazard;                // a re-check's hazard
  Assignee who;
};

struct Plan {
  Period week;
  std::vector<Visit> visits;  // ordered: by assignee, township, village, reason, due, grid, place
};

// The plan of `week` for the grids at or below `under`, judged on the week's Monday from
// the records dated on or before it (`inspections` and `hazards` as loaded; hazards are cut
// to that day). Never throws for missing people: an assignee falls back to an organisation.
Plan plan_week(const grid::Tree& tree, const unit::Registry& units, const std::vector<Inspection>& inspections,
               const std::vector<Hazard>& hazards, const std::vector<policy::Cadence>& cadences,
               const doc::Node& policy, const policy::Calendar& calendar, const grid::Grid& under,
               const Period& week);

inline constexpr const char* kPlansDir = "plans";

// Where `inspect plan --save` files the plan of `week` for grid `g`:
// plans/2026/2026-W49-county.yaml, plans/2026/2026-W49-103-210.yaml.
std::string plan_path(const Period& week, const grid::Grid& g);

// The plan as its record (plan.schema.yaml): the week, the grid's path (none for the
// county), the day it was made, and each visit's reason, kind, grid, unit, period, due,
// hazard and assignee.
doc::Node plan_record(const Plan& plan, const grid::Grid& g, const Date& made_on);

// A saved plan, read back.
struct SavedPlan {
  std::string path;
  std::string week;
  std::string grid;  // its grid's path ("" for the county)
  struct Visit {
    std::string kind, grid, unit;
  };
  std::vector<Visit> visits;
};

// Reads every plans/<year>/<name>.yaml, checking each against plan.schema.yaml (findings
// for what is wrong; a plan that cannot be read is left out).
std::vector<SavedPlan> load_plans(const store::Disk& disk, const schema::Catalog& catalog, Findings& findings);

// How the saved plans of one week went, per township: a visit is done when an inspection
// (not a self-inspection) of its kind is dated within the week and on or before `as_of`:
// of its unit (its own, or a grid check that visited it), or for a visit of a grid, filed
// at that grid or below. Missed: planned and not done. A visit (kind, grid, unit) saved in
// several plans of the week counts once.
struct PlanTally {
  std::string township;  // path ("" for visits of the county)
  std::size_t planned = 0, done = 0, missed = 0;
};
std::vector<PlanTally> compare_plans(const std::vector<SavedPlan>& plans, const Period& week, const Date& as_of,
                                     const std::vector<Inspection>& inspections);

// Whether `who` is the person or organisation `by` names: their name, their organisation,
// or "name/organisation".
bool assigned_to(const Assignee& who, const std::string& by);

// The visits cut into runs of one assignee each (the same label and grid), in their order:
// what a printed plan gives each inspector (`inspect plan`'s text sections, the HTML pages).
std::vector<std::vector<const Visit*>> by_assignee(const std::vector<const Visit*>& visits);

}  // namespace firegrid::inspect
