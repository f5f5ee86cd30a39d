#include <firegrid/policy/cadence.hpp>

namespace firegrid::policy {

std::optional<Date> records_since(const doc::Node& policy) {
  const doc::Node* since = policy.find("since");
  Date d;
  if (!since || since->kind() != doc::Kind::string || !parse_date(since->as_string(), d))
    return std::nullopt;
  return d;
}

CadenceState cadence_state(const std::string& every, const std::vector<Date>& done,
                           const Date& as_of, int within, const std::optional<Date>& since) {
  CadenceState s;
  s.now = period_of(every, as_of);
  s.before = period_of(every, s.now.first.plus(-1));
  bool in_now = false, in_before = false;
  for (const Date& d : done) {
    if (as_of < d) continue;
    if (!s.last || *s.last < d) s.last = d;
    in_now = in_now || (s.now.first <= d && d <= s.now.last);
    in_before = in_before || (s.before.first <= d && d <= s.before.last);
  }
  s.missed = !in_before && counts(s.before.last, since);
  s.due = !in_now && s.now.last <= as_of.plus(within) && counts(s.now.last, since);
  return s;
}

}  // namespace firegrid::policy
