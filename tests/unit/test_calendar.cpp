// The working-day calendar. Every expected date was counted by hand on a wall calendar
// from schemas/holidays-cn.yaml (the State Council notices for 2025 and 2026).
#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <string>

using firegrid::Date;
using firegrid::Findings;
using firegrid::parse_date;
using firegrid::policy::Calendar;

namespace {

using firegrid::test::catalog;

constexpr auto d = firegrid::test::date;

// The built-in calendar, as a repo without calendar/holidays.yaml gets it.
Calendar builtin() {
  const firegrid::store::MemoryDisk disk;
  Findings findings;
  const Calendar c = firegrid::policy::load_calendar(disk, catalog(), findings);
  REQUIRE(findings.empty());
  return c;
}

// The n-th working day after `from`, as "YYYY-MM-DD" with "?" when uncertain.
std::string after(const Calendar& c, const char* from, int n) {
  bool certain = true;
  const Date r = c.add_working_days(d(from), n, certain);
  return r.iso() + (certain ? "" : "?");
}

Calendar from_yaml(const std::string& text) {
  auto loaded = firegrid::doc::load("calendar/holidays.yaml", text);
  REQUIRE(loaded.document);
  return Calendar::from_record(loaded.document->root);
}

}  // namespace

TEST_CASE("the built-in calendar covers 2025 and 2026", "[calendar]") {
  const Calendar c = builtin();
  CHECK(c.years() == std::set<int>{2025, 2026});
  CHECK(c.covers(2025));
  CHECK(c.covers(2026));
  CHECK_FALSE(c.covers(2024));
  CHECK_FALSE(c.covers(2027));
}

TEST_CASE("working days: Monday to Friday, less holidays, plus worked weekend days", "[calendar]") {
  const Calendar c = builtin();
  // An ordinary week in March 2026: Monday 03-09 .. Sunday 03-15.
  CHECK(c.is_working_day(d("2026-03-09")));
  CHECK(c.is_working_day(d("2026-03-13")));
  CHECK_FALSE(c.is_working_day(d("2026-03-14")));
  CHECK_FALSE(c.is_working_day(d("2026-03-15")));
  // National Day 2026: Thursday 10-01 is a holiday, Saturday 10-10 is worked.
  CHECK_FALSE(c.is_working_day(d("2026-10-01")));
  CHECK_FALSE(c.is_working_day(d("2026-10-07")));
  CHECK(c.is_working_day(d("2026-10-08")));
  CHECK(c.is_working_day(d("2026-10-10")));
  CHECK_FALSE(c.is_working_day(d("2026-10-11")));
  // Sunday 2026-09-20 is worked; Sunday 2026-01-04 too (元旦).
  CHECK(c.is_working_day(d("2026-09-20")));
  CHECK(c.is_working_day(d("2026-01-04")));
  // 2025: Sunday 01-26 and Saturday 02-08 worked for the Spring Festival.
  CHECK(c.is_working_day(d("2025-01-26")));
  CHECK(c.is_working_day(d("2025-02-08")));
  CHECK_FALSE(c.is_working_day(d("2025-01-28")));
  // A year it does not cover: Monday to Friday, so 2027-01-01 (a Friday) counts.
  CHECK(c.is_working_day(d("2027-01-01")));
  CHECK_FALSE(c.is_working_day(d("2027-01-02")));
}

TEST_CASE("add_working_days across National Day 2026", "[calendar]") {
  const Calendar c = builtin();
  // Wednesday 09-30; 10-01..10-07 off; Thursday 10-08, Friday 10-09, Saturday 10-10 worked.
  CHECK(after(c, "2026-09-30", 1) == "2026-10-08");
  CHECK(after(c, "2026-09-30", 2) == "2026-10-09");
  CHECK(after(c, "2026-09-30", 3) == "2026-10-10");
  // Sunday 10-11 is off again: the 4th is Monday 10-12.
  CHECK(after(c, "2026-09-30", 4) == "2026-10-12");
  // From inside the holiday: the first working day is 10-08.
  CHECK(after(c, "2026-10-03", 1) == "2026-10-08");
  // Friday 09-18: Saturday 09-19 off, Sunday 09-20 worked.
  CHECK(after(c, "2026-09-18", 1) == "2026-09-20");
  CHECK(after(c, "2026-09-18", 2) == "2026-09-21");
  // Thursday 09-24: the Mid-Autumn holiday 09-25..09-27 (Friday to Sunday), then Monday.
  CHECK(after(c, "2026-09-24", 1) == "2026-09-28");
}

TEST_CASE("add_working_days across National Day 2025", "[calendar]") {
  const Calendar c = builtin();
  // Tuesday 2025-09-30; 10-01..10-08 off; Thursday 10-09, Friday 10-10, Saturday 10-11 worked.
  CHECK(after(c, "2025-09-30", 1) == "2025-10-09");
  CHECK(after(c, "2025-09-30", 3) == "2025-10-11");
  // Friday 09-26: Sunday 09-28 is worked, Monday 09-29, Tuesday 09-30.
  CHECK(after(c, "2025-09-26", 1) == "2025-09-28");
  CHECK(after(c, "2025-09-26", 3) == "2025-09-30");
}

TEST_CASE("add_working_days across the Spring Festival", "[calendar]") {
  const Calendar c = builtin();
  // 2026: Thursday 02-12, Friday 02-13, Saturday 02-14 worked, 02-15..02-23 off, Tuesday 02-24.
  CHECK(after(c, "2026-02-12", 1) == "2026-02-13");
  CHECK(after(c, "2026-02-12", 2) == "2026-02-14");
  CHECK(after(c, "2026-02-12", 3) == "2026-02-24");
  // Friday 02-27 is followed by the worked Saturday 02-28.
  CHECK(after(c, "2026-02-27", 1) == "2026-02-28");
  // 2025: Friday 01-24, Sunday 01-26 worked, Monday 01-27, then 01-28..02-04 off.
  CHECK(after(c, "2025-01-24", 1) == "2025-01-26");
  CHECK(after(c, "2025-01-24", 2) == "2025-01-27");
  CHECK(after(c, "2025-01-24", 3) == "2025-02-05");
}

TEST_CASE("add_working_days over an ordinary weekend and across New Year", "[calendar]") {
  const Calendar c = builtin();
  // Friday 2026-03-13: Monday 03-16, Tuesday 03-17, Wednesday 03-18.
  CHECK(after(c, "2026-03-13", 1) == "2026-03-16");
  CHECK(after(c, "2026-03-13", 3) == "2026-03-18");
  // Saturday 03-14 counts from Monday as well.
  CHECK(after(c, "2026-03-14", 1) == "2026-03-16");
  // Wednesday 2025-12-31: 2026-01-01..01-03 off, Sunday 01-04 worked.
  CHECK(after(c, "2025-12-31", 1) == "2026-01-04");
  CHECK(after(c, "2025-12-31", 2) == "2026-01-05");
}

TEST_CASE("add_working_days of 0 is the day itself, even a holiday", "[calendar]") {
  const Calendar c = builtin();
  CHECK(after(c, "2026-10-01", 0) == "2026-10-01");
  CHECK(after(c, "2026-03-14", 0) == "2026-03-14");
  // Not counted through anything: certain even in a year the calendar lacks.
  CHECK(after(c, "2027-05-01", 0) == "2027-05-01");
}

TEST_CASE("a year the calendar lacks is counted Monday to Friday and marked uncertain", "[calendar]") {
  const Calendar c = builtin();
  // Monday 2026-12-28: three days inside 2026 stay certain.
  CHECK(after(c, "2026-12-28", 3) == "2026-12-31");
  // Wednesday 2026-12-30: Thursday 12-31, Friday 2027-01-01 (counted, though it will be
  // a holiday), Monday 2027-01-04.
  CHECK(after(c, "2026-12-30", 3) == "2027-01-04?");
  CHECK(after(c, "2026-12-30", 1) == "2026-12-31");
  // From before the calendar, too.
  CHECK(after(c, "2024-12-30", 1) == "2024-12-31?");
  // `certain` is only ever cleared: a caller's false stays false.
  bool certain = false;
  CHECK(c.add_working_days(d("2026-03-13"), 1, certain).iso() == "2026-03-16");
  CHECK_FALSE(certain);
}

TEST_CASE("working_days_between counts the days after `from` up to `to`", "[calendar]") {
  const Calendar c = builtin();
  CHECK(c.working_days_between(d("2026-09-30"), d("2026-10-10")) == 3);
  CHECK(c.working_days_between(d("2026-09-30"), d("2026-10-07")) == 0);
  CHECK(c.working_days_between(d("2026-09-30"), d("2026-09-30")) == 0);
  CHECK(c.working_days_between(d("2026-10-10"), d("2026-09-30")) == 0);
  // 02-14 worked, 02-15..02-23 off, 02-24..02-27 (Tuesday to Friday), 02-28 worked.
  CHECK(c.working_days_between(d("2026-02-13"), d("2026-02-28")) == 6);
  // An ordinary fortnight: Friday 03-13 to Friday 03-27 is 10 working days.
  CHECK(c.working_days_between(d("2026-03-13"), d("2026-03-27")) == 10);
  // The inverse of add_working_days.
  bool certain = true;
  CHECK(c.working_days_between(d("2025-01-24"), c.add_working_days(d("2025-01-24"), 7, certain)) == 7);
}

TEST_CASE("a calendar record: its years and days, unreadable entries skipped", "[calendar]") {
  // 2030-03-01 is a Friday made a holiday; Saturday 03-02 is worked.
  const Calendar c = from_yaml(
    "years: [2030, '2031']\n"
    "days:\n"
    "  - {date: '2030-03-01', kind: holiday, name: 县庆}\n"
    "  - {date: '2030-03-02', kind: workday}\n"
    "  - {date: '2030-02-30', kind: holiday}\n"
    "  - {date: '2030-03-04', kind: festival}\n"
    "  - {kind: holiday}\n");
  CHECK(c.years() == std::set<int>{2030});  // the string '2031' is not a year
  CHECK_FALSE(c.is_working_day(d("2030-03-01")));
  CHECK(c.is_working_day(d("2030-03-02")));
  CHECK(c.is_working_day(d("2030-03-04")));  // Monday: kind 'festival' is skipped
  // Thursday 02-28: 03-01 off, 03-02 worked, Sunday 03-03 off, Monday 03-04.
  CHECK(after(c, "2030-02-28", 1) == "2030-03-02");
  CHECK(after(c, "2030-02-28", 2) == "2030-03-04");
  // National Day of 2026 means nothing to this calendar.
  CHECK(c.is_working_day(d("2026-10-01")));
  CHECK(after(c, "2026-09-30", 1) == "2026-10-01?");
}

TEST_CASE("an empty or default calendar covers nothing", "[calendar]") {
  const Calendar c;
  CHECK(c.years().empty());
  CHECK(after(c, "2026-09-30", 1) == "2026-10-01?");
  const Calendar e = from_yaml("years: []\ndays: []\n");
  CHECK(after(e, "2026-03-13", 1) == "2026-03-16?");
}

TEST_CASE("load_calendar reads the repo's calendar/holidays.yaml before the built-in one", "[calendar]") {
  firegrid::store::MemoryDisk disk;
  disk.files["calendar/holidays.yaml"] =
    "years: [2027]\n"
    "days:\n"
    "  - {date: '2027-01-01', kind: holiday, name: 元旦}\n";
  Findings findings;
  const Calendar c = firegrid::policy::load_calendar(disk, catalog(), findings);
  CHECK(findings.empty());
  CHECK(c.years() == std::set<int>{2027});
  CHECK_FALSE(c.is_working_day(d("2027-01-01")));
  // The repo's file replaces the built-in one: 2026's National Day is no longer known.
  CHECK(c.is_working_day(d("2026-10-01")));
  // Wednesday 2026-12-30: 12-31, then 2027-01-01 off, Monday 01-04 - uncertain, 2026 is not covered.
  CHECK(after(c, "2026-12-30", 2) == "2027-01-04?");
  CHECK(after(c, "2026-12-31", 1) == "2027-01-04");
}

TEST_CASE("load_calendar reports an invalid repo calendar and keeps what it can read", "[calendar]") {
  firegrid::store::MemoryDisk disk;
  disk.files["calendar/holidays.yaml"] =
    "years: [2027]\n"
    "days:\n"
    "  - {date: '2027-01-01', kind: holiday, colour: red}\n";
  Findings findings;
  const Calendar c = firegrid::policy::load_calendar(disk, catalog(), findings);
  CHECK(findings.errors() > 0);
  CHECK_FALSE(c.is_working_day(d("2027-01-01")));

  // A file that is not YAML: findings, and a calendar that covers nothing.
  disk.files["calendar/holidays.yaml"] = "years: [2027\n";
  Findings broken;
  const Calendar none = firegrid::policy::load_calendar(disk, catalog(), broken);
  CHECK(broken.errors() > 0);
  CHECK(none.years().empty());
}

TEST_CASE("builtin_calendar_text is schemas/holidays-cn.yaml", "[calendar]") {
  const std::string text = firegrid::policy::builtin_calendar_text(catalog());
  CHECK(text.find("years: [2025, 2026]") != std::string::npos);
  CHECK(text.find("{date: '2026-10-10', kind: workday, name: 国庆节}") != std::string::npos);
  // It loads as a valid calendar record, the one init writes into a new repo.
  firegrid::store::MemoryDisk disk;
  disk.files["calendar/holidays.yaml"] = text;
  Findings findings;
  const Calendar c = firegrid::policy::load_calendar(disk, catalog(), findings);
  CHECK(findings.empty());
  CHECK(after(c, "2026-09-30", 3) == "2026-10-10");
}
