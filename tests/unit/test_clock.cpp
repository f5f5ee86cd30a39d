#include <firegrid/core/clock.hpp>
#include <firegrid/core/error.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

#include <cstdlib>
#include <optional>
#include <string>

using firegrid::Date;
using firegrid::parse_date;
using firegrid::today;

namespace {

std::optional<Date> parsed(const std::string& s) {
  Date d{1, 2, 3};
  if (!parse_date(s, d)) {
    // A refused date leaves the output alone.
    CHECK(d.year == 1);
    CHECK(d.month == 2);
    CHECK(d.day == 3);
    return std::nullopt;
  }
  return d;
}

// Sets FIREGRID_TODAY for one scope and restores what was there before.
class TodayOverride {
public:
  explicit TodayOverride(const char* value) {
    if (const char* old = std::getenv("FIREGRID_TODAY")) old_ = old;
    if (value) ::setenv("FIREGRID_TODAY", value, 1);
    else ::unsetenv("FIREGRID_TODAY");
  }
  ~TodayOverride() {
    if (old_) ::setenv("FIREGRID_TODAY", old_->c_str(), 1);
    else ::unsetenv("FIREGRID_TODAY");
  }
  TodayOverride(const TodayOverride&) = delete;
  TodayOverride& operator=(const TodayOverride&) = delete;

private:
  std::optional<std::string> old_;
};

}  // namespace

TEST_CASE("parse_date reads real calendar dates", "[core][clock]") {
  const auto d = parsed("2024-03-15");
  REQUIRE(d);
  CHECK(d->year == 2024);
  CHECK(d->month == 3);
  CHECK(d->day == 15);
  CHECK(d->iso() == "2024-03-15");
  CHECK(parsed("0001-01-01"));
  CHECK(parsed("9999-12-31"));
  CHECK(parsed("2026-01-31"));
  CHECK(parsed("2026-04-30"));
  CHECK_FALSE(parsed("2026-04-31"));
  CHECK_FALSE(parsed("2026-06-31"));
  CHECK_FALSE(parsed("2026-13-01"));
  CHECK_FALSE(parsed("2026-00-10"));
  CHECK_FALSE(parsed("2026-01-00"));
  CHECK_FALSE(parsed("2026-01-32"));
}

TEST_CASE("parse_date knows leap days", "[core][clock]") {
  CHECK(parsed("2024-02-29"));        // divisible by 4
  CHECK_FALSE(parsed("2023-02-29"));
  CHECK(parsed("2023-02-28"));
  CHECK_FALSE(parsed("1900-02-29"));  // divisible by 100, not 400
  CHECK(parsed("2000-02-29"));        // divisible by 400
  CHECK_FALSE(parsed("2100-02-29"));
  CHECK_FALSE(parsed("2024-02-30"));
}

TEST_CASE("parse_date is strict about the form", "[core][clock]") {
  CHECK_FALSE(parsed(""));
  CHECK_FALSE(parsed("2024-3-15"));
  CHECK_FALSE(parsed("2024-03-5"));
  CHECK_FALSE(parsed("2024/03/15"));
  CHECK_FALSE(parsed("20240315"));
  CHECK_FALSE(parsed("2024-03-15 "));
  CHECK_FALSE(parsed(" 2024-03-15"));
  CHECK_FALSE(parsed("2024-03-15T00:00"));
  CHECK_FALSE(parsed("+024-03-15"));
  CHECK_FALSE(parsed("2024-0x-15"));
  CHECK_FALSE(parsed("２０２４-03-15"));  // fullwidth digits
}

TEST_CASE("Date::iso pads to YYYY-MM-DD", "[core][clock]") {
  CHECK(Date{2026, 1, 5}.iso() == "2026-01-05");
  CHECK(Date{987, 12, 31}.iso() == "0987-12-31");
}

TEST_CASE("today honours FIREGRID_TODAY", "[core][clock]") {
  {
    const TodayOverride pin("2024-02-29");
    const Date d = today();
    CHECK(d.iso() == "2024-02-29");
  }
  {
    const TodayOverride pin("2023-02-29");
    try {
      today();
      FAIL("expected an Error");
    } catch (const firegrid::Error& e) {
      CHECK(std::string(e.what()) == "FIREGRID_TODAY=2023-02-29 is not a date");
      CHECK(e.hint() == "write it as YYYY-MM-DD");
    }
  }
  {
    const TodayOverride pin("soon");
    CHECK_THROWS_AS(today(), firegrid::Error);
  }
}

TEST_CASE("today without FIREGRID_TODAY is a real date near the clock", "[core][clock]") {
  const TodayOverride unset(nullptr);
  const Date d = today();
  Date check;
  CHECK(parse_date(d.iso(), check));
  CHECK(d.year >= 2024);
  CHECK(d.year < 2200);
  {
    // An empty FIREGRID_TODAY counts as unset.
    const TodayOverride empty("");
    CHECK(today().iso() == d.iso());
  }
}

namespace {
constexpr auto d = firegrid::test::date;
}  // namespace

TEST_CASE("day numbers round-trip and weekdays follow the calendar", "[core][clock]") {
  CHECK(d("1970-01-01").days() == 0);
  CHECK(d("1969-12-31").days() == -1);
  CHECK(d("2000-03-01").days() - d("2000-02-28").days() == 2);  // 2000 is a leap year
  CHECK(d("2100-03-01").days() - d("2100-02-28").days() == 1);  // 2100 is not
  for (const char* iso : {"1999-12-31", "2024-02-29", "2026-11-28", "2028-02-29", "2099-12-31"})
    CHECK(Date::from_days(d(iso).days()).iso() == iso);
  CHECK(d("2026-11-28").weekday() == 6);  // a Saturday
  CHECK(d("2026-11-30").weekday() == 1);  // a Monday
  CHECK(d("2026-11-29").plus(1).iso() == "2026-11-30");
  CHECK(d("2028-03-01").plus(-1).iso() == "2028-02-29");
}

TEST_CASE("ISO weeks start on Monday and belong to the year of their Thursday", "[core][clock]") {
  auto week = [](const char* iso) {
    const auto w = firegrid::iso_week(d(iso));
    return std::to_string(w.year) + "-W" + std::to_string(w.week);
  };
  CHECK(week("2026-11-29") == "2026-W48");  // Sunday
  CHECK(week("2026-11-30") == "2026-W49");  // Monday
  CHECK(week("2026-12-31") == "2026-W53");  // 2026 has 53 weeks
  CHECK(week("2027-01-03") == "2026-W53");
  CHECK(week("2027-01-04") == "2027-W1");
  CHECK(week("2024-12-30") == "2025-W1");   // a Monday in the next ISO year
  CHECK(week("2021-01-03") == "2020-W53");
}

TEST_CASE("periods hold the date and are named for reports", "[core][clock]") {
  using firegrid::period_of;
  auto span = [](const firegrid::Period& p) { return p.first.iso() + ".." + p.last.iso() + " " + p.name; };
  CHECK(span(period_of("day", d("2028-02-29"))) == "2028-02-29..2028-02-29 2028-02-29");
  CHECK(span(period_of("week", d("2026-11-29"))) == "2026-11-23..2026-11-29 2026-W48");
  CHECK(span(period_of("week", d("2027-01-01"))) == "2026-12-28..2027-01-03 2026-W53");
  CHECK(span(period_of("month", d("2028-02-10"))) == "2028-02-01..2028-02-29 2028-02");
  CHECK(span(period_of("month", d("2026-11-30"))) == "2026-11-01..2026-11-30 2026-11");
  CHECK(span(period_of("two-months", d("2026-12-01"))) == "2026-11-01..2026-12-31 2026-11/12");
  CHECK(span(period_of("quarter", d("2026-05-31"))) == "2026-04-01..2026-06-30 2026-Q2");
  CHECK(span(period_of("half-year", d("2026-07-01"))) == "2026-07-01..2026-12-31 2026-H2");
  CHECK(span(period_of("year", d("2026-07-01"))) == "2026-01-01..2026-12-31 2026");
  CHECK_THROWS_AS(period_of("season", d("2026-07-01")), firegrid::Error);
}
