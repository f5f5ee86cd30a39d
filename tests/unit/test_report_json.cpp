#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/report/rollup.hpp>

using namespace firegrid;
using firegrid::test::date;

namespace {

report::Rollup county(const std::string& name, const std::string& code, long active, long inspected) {
  report::Rollup r;
  r.kind = "weekly";
  r.period = {date("2026-11-23"), date("2026-11-29"), "2026-W48"};
  r.as_of = date("2026-11-28");
  r.root.name = name;
  r.root.level = "county";
  r.root.code = code;
  report::Node town;
  town.path = "100";
  town.id = "100";
  town.name = name + "一镇";
  town.level = "township";
  town.code = code + "100";
  town.own = {{"units.active", active}, {"units.inspected-in-interval", inspected}};
  town.total = town.own;
  r.root.own = {{"grids.total", 1}};
  r.root.total = {{"grids.total", 1}, {"units.active", active}, {"units.inspected-in-interval", inspected}};
  r.root.children.push_back(town);
  return r;
}

std::string message(const std::function<void()>& f) {
  try {
    f();
  } catch (const Error& e) {
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("to_json writes a versioned, sorted document with derived rates", "[report][json]") {
  const auto text = report::to_json(county("元氏县", "130132", 4, 3));
  CHECK(text.rfind("{\n  \"format\": \"firegrid-report\",\n  \"version\": 1,\n  \"kind\": \"weekly\",\n", 0) == 0);
  CHECK(text.back() == '\n');
  CHECK(text.find("\"units.inspected-rate\": 0.75") != std::string::npos);
  CHECK(text.find("\"checks.rate\": null") != std::string::npos);
  CHECK(text.find("\"grids.total\": 1,\n      \"units.active\": 4") != std::string::npos);
}

TEST_CASE("from_json reads back what to_json wrote, ignoring rates", "[report][json]") {
  const auto r = county("元氏县", "130132", 4, 3);
  const auto text = report::to_json(r);
  const auto back = report::from_json(text, "a.json");
  CHECK(back.kind == "weekly");
  CHECK(back.period.name == "2026-W48");
  CHECK(back.period.first == date("2026-11-23"));
  CHECK(back.as_of == date("2026-11-28"));
  CHECK(back.root.total == r.root.total);
  REQUIRE(back.root.children.size() == 1);
  CHECK(back.root.children[0].own == r.root.children[0].own);
  CHECK(report::to_json(back) == text);
}

TEST_CASE("from_json refuses what is not a report of this version", "[report][json]") {
  CHECK(message([] { report::from_json("nope", "a.json"); }).rfind("a.json: not JSON", 0) == 0);
  CHECK(message([] { report::from_json("{\"format\": \"x\"}", "a.json"); }) ==
        "a.json is not a firegrid report (no \"format\": \"firegrid-report\")");
  CHECK(message([] { report::from_json("{\"format\": \"firegrid-report\", \"version\": 2}", "a.json"); }) ==
        "a.json is a firegrid report of version 2; this firegrid reads version 1");
  auto text = report::to_json(county("元氏县", "130132", 4, 3));
  text.replace(text.find("\"units.active\": 4"), 17, "\"units.active\": 4.5");
  CHECK(message([&] { report::from_json(text, "a.json"); }) ==
        "a.json: figure \"units.active\" in \"total\" of \"root\" is not a whole number");
}

TEST_CASE("merge adds counties' figures under one root", "[report][json]") {
  const auto m = report::merge({county("元氏县", "130132", 4, 3), county("赞皇县", "130129", 6, 1)}, "石家庄市");
  CHECK(m.root.name == "石家庄市");
  CHECK(m.root.level == "merged");
  CHECK(report::get(m.root.total, "units.active") == 10);
  CHECK(report::get(m.root.total, "units.inspected-in-interval") == 4);
  CHECK(report::get(m.root.total, "grids.total") == 2);
  CHECK(*report::rate(m.root.total, "units.inspected-rate") == Approx(0.4));
  REQUIRE(m.root.children.size() == 2);
  CHECK(m.root.children[0].path == "130132");
  CHECK(m.root.children[1].children[0].path == "130129/100");

  auto monthly = county("赞皇县", "130129", 6, 1);
  monthly.kind = "monthly";
  CHECK_THROWS_AS(report::merge({county("元氏县", "130132", 4, 3), monthly}, "x"), Error);
  CHECK(message([] { report::merge({county("元氏县", "130132", 4, 3), county("元氏县", "130132", 4, 3)}, "x"); }) ==
        "元氏县 (130132) is in 元氏县 and in 元氏县: it would be counted twice");
  // A county inside a merge given again, at any depth (city.json holds 元氏县 already).
  const auto city = report::merge({county("元氏县", "130132", 4, 3), county("赞皇县", "130129", 6, 1)}, "石家庄市");
  const auto province = report::merge({city, county("井陉县", "130121", 2, 2)}, "河北省");
  CHECK(message([&] { report::merge({province, county("元氏县", "130132", 4, 3)}, "x"); }) ==
        "元氏县 (130132) is in 河北省 and in 元氏县: it would be counted twice");
  CHECK_NOTHROW(report::merge({city, county("井陉县", "130121", 2, 2)}, "x"));
}
