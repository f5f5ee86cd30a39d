#include <firegrid/core/clock.hpp>
#include <firegrid/core/error.hpp>

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
