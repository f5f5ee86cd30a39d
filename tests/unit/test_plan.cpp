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

#include <firegrid/model/repo.hpp>

TEST_CASE("inspect::compare_plans counts a visit done by an inspection of its kind in the week", "[plan]") {
  firegrid::store::MemoryDisk disk = firegrid::test::one_village_county();
  disk.files["grid/100/201/g01/units/u-aaaa0001/unit.yaml"] =
    "id: u-aaaa0001\nname: 北苏村超市\ncategory: small-shop\nstatus: active\nregistered: '2026-10-01'\n";
  // The unit checked by the police on Tuesday; the village checked the week before.
  disk.files["grid/100/201/g01/units/u-aaaa0001/inspections/i-20261124-aaaaaa.yaml"] =
    "id: i-20261124-aaaaaa\nkind: police-spot-check\ndate: '2026-11-24'\ninspectors:\n  - name: 张警官\nresult: pass\n";
  disk.files["grid/100/201/inspections/i-20261120-bbbbbb.yaml"] =
    "id: i-20261120-bbbbbb\nkind: village-check\ndate: '2026-11-20'\ninspectors:\n  - name: 胡勇\nresult: pass\n";
  const auto r = firegrid::model::load_repo(disk, firegrid::test::catalog());
  REQUIRE(r.findings.errors() == 0);
  inspect::SavedPlan p;
  p.week = "2026-W48";
  p.visits = {{"police-spot-check", "100/201/g01", "u-aaaa0001"},
              {"village-check", "100/201", ""},
              {"village-check", "100/201", ""}};  // saved twice: counts once
  inspect::SavedPlan other = p;
  other.week = "2026-W47";
  const firegrid::Period week = firegrid::period_of("week", plan_day("2026-11-23"));
  const auto t = inspect::compare_plans({p, other}, week, plan_day("2026-11-29"), r.inspections);
  REQUIRE(t.size() == 1);
  CHECK(t[0].township == "100");
  CHECK(t[0].planned == 2);
  CHECK(t[0].done == 1);
  CHECK(t[0].missed == 1);
  // Judged on Monday, the Tuesday check has not happened yet.
  const auto monday = inspect::compare_plans({p}, week, plan_day("2026-11-23"), r.inspections);
  CHECK(monday[0].done == 0);
}
