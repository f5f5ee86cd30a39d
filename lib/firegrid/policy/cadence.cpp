#include <firegrid/policy/cadence.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace firegrid::policy {

std::optional<Date> records_since(const doc::Node& policy) {
  const doc::Node* since = policy.find("since");
  Date d;
  if (!since || since->kind() != doc::Kind::string || !parse_date(since->as_string(), d))
    return std::nullopt;
  return d;
}

bool parse_month_day(const std::string& s, int& month, int& day) {
  Date d;
  if (s.size() != 5 || !parse_date("2024-" + s, d)) return false;  // 2024: 02-29 is a day
  month = d.month;
  day = d.day;
  return true;
}

doc::Node default_seasons() {
  doc::Node seasons = doc::Node::sequence();
  for (const auto& [name, from, to] :
       {std::tuple{"冬春火灾防控期", "11-01", "03-31"}, std::tuple{"国庆节前后", "09-20", "10-08"}}) {
    doc::Node season = doc::Node::mapping();
    season.set("name", doc::Node::string(name));
    season.set("from", doc::Node::string(from));
    season.set("to", doc::Node::string(to));
    seasons.push(std::move(season));
  }
  return seasons;
}

Periods::Periods(const std::string& every, const doc::Node& policy) : every_(every) {
  if (every != "season") {
    period_of(every, Date{2026, 1, 1});  // throws for an unknown one
    return;
  }
  static const doc::Node built_in = default_seasons();
  const doc::Node* seasons = policy.find("seasons");
  for (const auto& n : (seasons ? *seasons : built_in).items()) {
    Season s{n.get_string("name"), 0, 0, 0, 0};
    if (parse_month_day(n.get_string("from"), s.from_month, s.from_day) &&
        parse_month_day(n.get_string("to"), s.to_month, s.to_day))
      seasons_.push_back(s);
  }
  if (seasons_.empty())
    throw Error(tr("a cadence every season needs the seasons of the policy"),
                tr("name them in policy.seasons: - {name: 冬春火灾防控期, from: '11-01', to: '03-31'}"));
}

std::vector<Period> Periods::seasons_of(int year) const {
  std::vector<Period> out;
  for (const auto& s : seasons_) {
    const bool wraps = std::pair(s.to_month, s.to_day) < std::pair(s.from_month, s.from_day);
    // 02-29 in a year without it is the last day of February.
    const auto day = [](int y, int m, int d) {
      const Date end = (m == 12 ? Date{y + 1, 1, 1} : Date{y, m + 1, 1}).plus(-1);
      return d > end.day ? end : Date{y, m, d};
    };
    out.push_back({day(year, s.from_month, s.from_day), day(wraps ? year + 1 : year, s.to_month, s.to_day),
                   fmt::format("{} {}", year, s.name)});
  }
  std::sort(out.begin(), out.end(), [](const Period& a, const Period& b) { return a.last < b.last; });
  return out;
}

std::optional<Period> Periods::holding(const Date& d) const {
  if (every_ != "season") return period_of(every_, d);
  std::optional<Period> found;
  for (const int y : {d.year - 1, d.year})
    for (const auto& p : seasons_of(y))
      if (p.first <= d && d <= p.last && !found) found = p;
  return found;
}

std::optional<Period> Periods::before(const Date& d) const {
  if (every_ != "season") return period_of(every_, period_of(every_, d).first.plus(-1));
  std::optional<Period> found;
  for (const int y : {d.year - 2, d.year - 1, d.year})
    for (const auto& p : seasons_of(y))
      if (p.last < d && (!found || found->last < p.last)) found = p;
  return found;
}

std::vector<Period> Periods::ending_within(const Date& first, const Date& last) const {
  std::vector<Period> out;
  if (last < first) return out;
  if (every_ != "season") {
    for (Period p = period_of(every_, first); p.first <= last; p = period_of(every_, p.last.plus(1)))
      if (first <= p.last && p.last <= last) out.push_back(p);
    return out;
  }
  for (int y = first.year - 1; y <= last.year; ++y)
    for (const auto& p : seasons_of(y))
      if (first <= p.last && p.last <= last) out.push_back(p);
  std::sort(out.begin(), out.end(), [](const Period& a, const Period& b) { return a.last < b.last; });
  return out;
}

CadenceState cadence_state(const Periods& periods, const std::vector<Date>& done,
                           const Date& as_of, int within, const std::optional<Date>& since) {
  CadenceState s;
  const auto now = periods.holding(as_of);
  const auto before = periods.before(now ? now->first : as_of.plus(1));
  if (now) s.now = *now;
  if (before) s.before = *before;
  bool in_now = false, in_before = false;
  for (const Date& d : done) {
    if (as_of < d) continue;
    if (!s.last || *s.last < d) s.last = d;
    in_now = in_now || (now && now->first <= d && d <= now->last);
    in_before = in_before || (before && before->first <= d && d <= before->last);
  }
  s.missed = before && !in_before && counts(before->last, since);
  s.due = now && !in_now && now->last <= as_of.plus(within) && counts(now->last, since);
  return s;
}

}  // namespace firegrid::policy
