#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/inspect/plan.hpp>

#include <catch2/catch.hpp>

namespace inspect = firegrid::inspect;
namespace {
constexpr auto plan_day = firegrid::test::date;
}

TEST_CASE("inspect::parse_week reads ISO weeks and weeks counted from today", "[plan]") {
  const auto today = plan_day("2026-11-28");  // a Saturday of 2026-W48
  CHECK(inspect::parse_week("this", today).name == "2026-W48");
  CHECK(inspect::parse_week("this", today).first.iso() == "2026-11-23");
  CHECK(inspect::parse_week("next", today).name == "2026-W49");
  CHECK(inspect::parse_week("last", today).name == "2026-W47");
  CHECK(inspect::parse_week("+5", today).name == "2026-W53");
  CHECK(inspect::parse_week("+6", today).name == "2027-W01");
  CHECK(inspect::parse_week("-2", today).name == "2026-W46");
  CHECK(inspect::parse_week("2026-W53", today).first.iso() == "2026-12-28");
  CHECK_THROWS_AS(inspect::parse_week("2025-W53", today), firegrid::Error);
  CHECK_THROWS_AS(inspect::parse_week("W49", today), firegrid::Error);
}

TEST_CASE("an assignee is named by name, organisation or both", "[plan]") {
  inspect::Assignee a;
  a.name = "张建国";
  a.organisation = "派出所";
  CHECK(a.label() == "张建国/派出所");
  CHECK(inspect::assigned_to(a, "张建国"));
  CHECK(inspect::assigned_to(a, "派出所"));
  CHECK(inspect::assigned_to(a, "张建国/派出所"));
  CHECK_FALSE(inspect::assigned_to(a, "张"));
  CHECK_FALSE(inspect::assigned_to(a, ""));
}
