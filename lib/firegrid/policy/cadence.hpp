// How a grid stands against one of the policy's cadences on a day: whether the previous
// period went without what the cadence asks (missed) and whether the current one still
// needs it (due). Shared by `inspect due` and `meeting due`.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>

#include <optional>
#include <set>
#include <string>
#include <vector>

namespace firegrid::policy {

struct CadenceState {
  Period before, now;        // the previous and the current period holding as_of (empty names: none)
  std::optional<Date> last;  // the latest date done, on or before as_of
  bool missed = false;       // nothing was done in `before`
  bool due = false;          // nothing done yet in `now`, and `now` ends within `within` days of as_of
};

// policy.since: the day the repo's records begin. A period that ended before it is
// neither missed nor required. nullopt when the policy has none (or it is not a date:
// `check` reports that).
std::optional<Date> records_since(const doc::Node& policy);

// Whether a cadence period ending on `last` asks for anything, given policy.since.
inline bool counts(const Date& last, const std::optional<Date>& since) {
  return !since || !(last < *since);
}

// The fire-prone seasons when the policy names none: 冬春火灾防控期 (11-01 to 03-31) and
// 国庆节前后 (09-20 to 10-08). `init` writes them into policy.seasons.
doc::Node default_seasons();

// The periods of a cadence's `every`: the fixed ones of period_of (day, week, month,
// two-months, quarter, half-year, year), or for `season` the policy's seasons
// (policy.seasons, else default_seasons(): a name and a first and last day, MM-DD, every
// year; a season whose last day comes before its first runs into the next year). Between
// two seasons no period holds a day.
class Periods {
public:
  // Throws Error for an unknown `every`, or `season` when policy.seasons holds none.
  Periods(const std::string& every, const doc::Node& policy);

  std::optional<Period> holding(const Date& d) const;
  // The last period that ended before `d`.
  std::optional<Period> before(const Date& d) const;
  // The periods whose last day lies in [first, last], oldest first.
  std::vector<Period> ending_within(const Date& first, const Date& last) const;

private:
  struct Season {
    std::string name;
    int from_month, from_day, to_month, to_day;
  };
  std::vector<Period> seasons_of(int year) const;  // the seasons that begin in `year`
  std::string every_;
  std::vector<Season> seasons_;
};

// A season's MM-DD, parsed: false when it is not one.
bool parse_month_day(const std::string& s, int& month, int& day);

// One cadence of the policy, resolved (model::resolve_cadences): what it counts (an
// inspection kind, the joint meeting, or a kind of training, publicity or drill), where (the
// grids of a level, every unit of some categories, or each township's police district: the
// units its police station supervises and the checks of its grids) and over which periods.
struct Cadence {
  enum class Counts { check, meeting, event };
  enum class Scope { grid, unit, police_district };
  std::string kind;  // inspection kind id, "joint-meeting", or training, publicity, drill
  Counts counts = Counts::check;
  Scope scope = Scope::grid;
  std::string level;                 // Scope::grid: the level of the grids it asks of (county, ...)
  std::set<std::string> categories;  // Scope::unit: only these categories (empty: every unit)
  Periods periods;
};

// Judges the dates something was done (any order; dates after as_of are ignored) against
// the cadence's periods: the previous one is missed when nothing was done in it, the one
// holding as_of is due while nothing is done in it and it ends within `within` days.
CadenceState cadence_state(const Periods& periods, const std::vector<Date>& done,
                           const Date& as_of, int within,
                           const std::optional<Date>& since = std::nullopt);

}  // namespace firegrid::policy
