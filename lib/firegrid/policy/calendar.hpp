// Working days in China: Monday to Friday, except the official holidays, plus the weekend
// days that are worked instead (调休). The statutory clocks of hazards and tips count
// them. The days come from calendar/holidays.yaml in the repo, or the built-in copy of
// the State Council's notices; a year the calendar does not cover is counted Monday to
// Friday and every date reckoned through it is marked uncertain, never silently guessed.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <map>
#include <set>
#include <string>

namespace firegrid::policy {

inline constexpr const char* kCalendarFile = "calendar/holidays.yaml";
inline constexpr const char* kBuiltinCalendar = "holidays-cn.yaml";  // in schemas/

class Calendar {
public:
  // A calendar of `years` with `days` (date -> true for a worked weekend day, false for a holiday).
  Calendar(std::set<int> years, std::map<long, bool> days) : years_(std::move(years)), days_(std::move(days)) {}
  Calendar() = default;

  // From a calendar record ({years, days}); entries it cannot read are skipped (check reports them).
  static Calendar from_record(const doc::Node& root);

  bool covers(int year) const { return years_.count(year) > 0; }
  const std::set<int>& years() const { return years_; }
  bool is_working_day(const Date& d) const;

  // The n-th working day after `from` (n >= 1); `from` itself when n is 0. `certain` is
  // set false when a day in between lies in a year the calendar does not cover.
  Date add_working_days(const Date& from, int n, bool& certain) const;
  // Working days after `from` up to and including `to` (0 when to <= from).
  int working_days_between(const Date& from, const Date& to) const;

private:
  std::set<int> years_;
  std::map<long, bool> days_;  // day number -> worked
};

// The repo's calendar/holidays.yaml when there is one (validated, problems added to
// findings), else the built-in calendar.
Calendar load_calendar(const store::Disk& disk, const schema::Catalog& catalog, Findings& findings);

// The built-in calendar's text, which `init` writes into a new repo.
std::string builtin_calendar_text(const schema::Catalog& catalog);

}  // namespace firegrid::policy
