// How a grid stands against one of the policy's cadences on a day: whether the previous
// period went without what the cadence asks (missed) and whether the current one still
// needs it (due). Shared by `inspect due` and `meeting due`.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::policy {

struct CadenceState {
  Period before, now;        // the previous and the current period holding as_of
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

// Judges the dates something was done (any order; dates after as_of are ignored) against
// periods of length `every` (see period_of). Throws Error for an `every` without fixed
// periods, such as "season".
CadenceState cadence_state(const std::string& every, const std::vector<Date>& done,
                           const Date& as_of, int within,
                           const std::optional<Date>& since = std::nullopt);

}  // namespace firegrid::policy
