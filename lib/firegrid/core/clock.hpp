// Today's date as the county sees it. Every period follows the calendar in
// Asia/Shanghai (UTC+8, no daylight saving since 1991) whatever the machine's zone.
#pragma once

#include <string>

namespace firegrid {

struct Date {
  int year = 1970, month = 1, day = 1;
  std::string iso() const;  // YYYY-MM-DD

  // Days since 1970-01-01 (negative before), and back.
  long days() const;
  static Date from_days(long days);
  Date plus(long n) const { return from_days(days() + n); }
  int weekday() const;  // ISO: Monday 1 .. Sunday 7

  // Compared field by field, as days() would order them (every Date is a real day:
  // parse_date refuses 2026-02-30): reports compare dates by the million.
  bool operator==(const Date& o) const { return key() == o.key(); }
  bool operator!=(const Date& o) const { return key() != o.key(); }
  bool operator<(const Date& o) const { return key() < o.key(); }
  bool operator<=(const Date& o) const { return key() <= o.key(); }

private:
  long key() const { return static_cast<long>(year) * 512 + month * 32 + day; }
};

// The ISO 8601 week of a date: its week-numbering year and week 1-53.
struct IsoWeek {
  int year = 0, week = 0;
};
IsoWeek iso_week(const Date& d);

// A stretch of days [first, last] and its name ("2026-W48", "2026-11", "2026-H2").
struct Period {
  Date first, last;
  std::string name;
};

// The period of length `every` (day, week, month, two-months, quarter, half-year, year)
// that holds `d`: ISO weeks from Monday; two-month periods start in odd months
// (Jan-Feb, Mar-Apr, ...). Throws Error for another `every`.
Period period_of(const std::string& every, const Date& d);

// Today in Asia/Shanghai, or the date in the FIREGRID_TODAY environment variable
// (YYYY-MM-DD), which scripts and tests set to make runs reproducible. Throws Error if
// FIREGRID_TODAY is set but not a valid date.
Date today();

// Parses YYYY-MM-DD strictly (real calendar dates only).
bool parse_date(const std::string& s, Date& out);

}  // namespace firegrid
