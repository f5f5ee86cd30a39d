#include "support.hpp"

#include <firegrid/doc/load.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/report/assess.hpp>

using firegrid::report::Figures;
using firegrid::report::Rollup;

namespace {

namespace report = firegrid::report;

// The policy part of a manifest written as YAML.
firegrid::doc::Node policy_of(const std::string& yaml) {
  auto loaded = firegrid::doc::load("firegrid.yaml", yaml);
  REQUIRE(loaded.document);
  return loaded.document->root;
}

firegrid::doc::Node default_policy() {
  return *firegrid::policy::default_manifest("130132", "元氏县", 2026).find("policy");
}

// Figures of a township that passes every built-in indicator.
Figures good() {
  return {{"grids.total", 4},         {"grids.with-leader", 4},     {"resources.gaps", 0},
          {"units.active", 20},       {"units.with-responsible", 20}, {"units.inspected-in-interval", 19},
          {"meetings.joint-required", 5}, {"meetings.joint-held", 4},  {"actions.total", 5},
          {"actions.done", 4},        {"trainings.training", 1},    {"trainings.publicity", 4},
          {"checks.required", 10},    {"checks.done", 9},           {"hazards.closed", 10},
          {"hazards.closed-in-time", 9}, {"hazards.overdue", 0},    {"tips.replied", 2},
          {"tips.replied-in-time", 2}};
}

report::Node township(const std::string& id, Figures f) {
  report::Node n;
  n.path = id;
  n.id = id;
  n.name = "镇" + id;
  n.level = "township";
  n.total = std::move(f);
  return n;
}

Rollup county(std::vector<report::Node> children) {
  Rollup r;
  r.kind = "year-end";
  r.period = {firegrid::test::date("2026-01-01"), firegrid::test::date("2026-12-31"), "2026"};
  r.as_of = firegrid::test::date("2026-11-28");
  r.root.level = "county";
  r.root.name = "元氏县";
  r.root.children = std::move(children);
  return r;
}

const report::IndicatorResult& result(const report::GridAssessment& g, const std::string& id) {
  for (const auto& r : g.indicators)
    if (r.id == id) return r;
  FAIL("no indicator " << id);
  throw;
}

}  // namespace

TEST_CASE("assess: the built-in indicators when the policy has none", "[assess]") {
  bool built_in = false;
  const auto none = report::indicators(policy_of("targets: []\n"), &built_in);
  CHECK(built_in);
  REQUIRE(none.size() == 12);
  CHECK(none[0].id == "leaders");
  CHECK(none[0].figure == "grids.leader-rate");
  CHECK(none[0].at_least);
  CHECK(none[0].threshold == 1.0);
  CHECK(none[2].id == "resource-gaps");
  CHECK_FALSE(none[2].at_least);
  // What init writes is the same list, read from the policy.
  const auto written = report::indicators(default_policy(), &built_in);
  CHECK_FALSE(built_in);
  REQUIRE(written.size() == none.size());
  for (std::size_t i = 0; i < none.size(); ++i) {
    CHECK(written[i].id == none[i].id);
    CHECK(written[i].threshold == none[i].threshold);
  }
}

TEST_CASE("assess: a policy's own indicators, and the ones refused", "[assess]") {
  const auto own = report::indicators(policy_of("assess:\n  indicators:\n"
                                                "    - {id: checks, dimension: operation, figure: checks.rate, min: 0.5}\n"
                                                "    - {id: late, dimension: operation, figure: hazards.overdue, max: 2}\n"));
  REQUIRE(own.size() == 2);
  CHECK(own[0].threshold == 0.5);
  CHECK(own[1].threshold == 2);
  CHECK_FALSE(own[1].at_least);
  auto refused = [](const std::string& item) {
    return report::indicators(policy_of("assess:\n  indicators:\n    - " + item + "\n"));
  };
  CHECK_THROWS_WITH(refused("{id: x, dimension: speed, figure: checks.rate, min: 1}"),
                    "assess indicator x: dimension 'speed' is not responsibility, mechanism or operation");
  CHECK_THROWS_WITH(refused("{id: x, dimension: operation, figure: checks.speed-rate, min: 1}"),
                    "assess indicator x: there is no rate 'checks.speed-rate'");
  CHECK_THROWS_WITH(refused("{id: x, dimension: operation, figure: checks.rate}"),
                    "assess indicator x needs either min or max");
  CHECK_THROWS_WITH(refused("{id: x, dimension: operation, figure: checks.rate, min: 1, max: 2}"),
                    "assess indicator x needs either min or max");
  CHECK_THROWS_WITH(refused("{dimension: operation, figure: checks.rate, min: 1}"),
                    "assess indicator policy.assess.indicators[0] has no id");
}

TEST_CASE("assess: the targets by year", "[assess]") {
  const auto p = default_policy();
  CHECK(report::target_for(p, 2025) == std::nullopt);
  CHECK(*report::target_for(p, 2026) == Approx(0.3));
  CHECK(*report::target_for(p, 2027) == Approx(0.6));
  CHECK(*report::target_for(p, 2029) == Approx(1.0));
}

TEST_CASE("assess: townships scored per indicator, dimension and standard", "[assess]") {
  Figures no_leader = good();
  no_leader["grids.with-leader"] = 3;  // 3 of 4 grids: 0.75 < 1.0
  Figures late = good();
  late["hazards.overdue"] = 1;                 // max 0
  late["units.inspected-in-interval"] = 17;   // 0.85 < 0.9
  Figures edge = good();
  edge["units.with-responsible"] = 19;  // 0.95 exactly: passes
  edge["trainings.publicity"] = 3;      // 3 < 4: mechanism fails
  Figures empty = {{"grids.total", 1}, {"grids.with-leader", 1}, {"trainings.training", 1},
                   {"trainings.publicity", 4}};  // no units, hazards, tips, meetings: nothing to measure

  const auto a = report::assess(county({township("100", good()), township("101", no_leader),
                                        township("102", late), township("103", edge), township("104", empty)}),
                                default_policy(), 2026);
  REQUIRE(a.grids.size() == 5);
  CHECK(a.year == 2026);
  CHECK_FALSE(a.built_in);

  CHECK(a.grids[0].meets);

  const auto& b = a.grids[1];
  CHECK_FALSE(b.meets);
  CHECK_FALSE(b.dimensions.at("responsibility"));
  CHECK(b.dimensions.at("mechanism"));
  CHECK(b.dimensions.at("operation"));
  CHECK(*result(b, "leaders").value == Approx(0.75));
  CHECK_FALSE(result(b, "leaders").passed);

  const auto& c = a.grids[2];
  CHECK_FALSE(c.meets);
  CHECK(c.dimensions.at("responsibility"));
  CHECK_FALSE(c.dimensions.at("operation"));
  CHECK_FALSE(result(c, "hazards-overdue").passed);
  CHECK_FALSE(result(c, "units-inspected").passed);
  CHECK(result(c, "checks").passed);

  const auto& d = a.grids[3];
  CHECK(result(d, "responsible-persons").passed);
  CHECK_FALSE(result(d, "publicity").passed);
  CHECK_FALSE(d.dimensions.at("mechanism"));

  const auto& e = a.grids[4];
  CHECK(e.meets);
  CHECK_FALSE(result(e, "units-inspected").value);
  CHECK(result(e, "units-inspected").passed);
  CHECK(*result(e, "hazards-overdue").value == 0);  // a count always has a value

  CHECK(a.meeting == 2);
  CHECK(a.total == 5);
  CHECK(*a.share() == Approx(0.4));
  CHECK(*a.target == Approx(0.3));
  CHECK(a.target_met());
  CHECK_FALSE(report::assess(county({township("100", good())}), default_policy(), 2030).target_met());
}

TEST_CASE("assess: a county with no townships meets no target", "[assess]") {
  const auto a = report::assess(county({}), default_policy(), 2026);
  CHECK(a.total == 0);
  CHECK_FALSE(a.share());
  CHECK_FALSE(a.target_met());
}

TEST_CASE("assess: JSON", "[assess]") {
  const auto a = report::assess(county({township("100", good())}),
                                policy_of("targets: [{year: 2026, percent: 30}]\nassess:\n  indicators:\n"
                                          "    - {id: checks, dimension: operation, figure: checks.rate, min: 0.9}\n"),
                                2026);
  CHECK(report::to_json(a) == R"({
  "format": "firegrid-assess",
  "version": 1,
  "year": 2026,
  "period": {
    "name": "2026",
    "first": "2026-01-01",
    "last": "2026-12-31"
  },
  "as_of": "2026-11-28",
  "grid": {
    "path": "",
    "name": "元氏县",
    "level": "county"
  },
  "built_in": false,
  "indicators": [
    {
      "id": "checks",
      "dimension": "operation",
      "figure": "checks.rate",
      "min": 0.9
    }
  ],
  "grids": [
    {
      "path": "100",
      "id": "100",
      "name": "镇100",
      "level": "township",
      "meets": true,
      "dimensions": {
        "responsibility": true,
        "mechanism": true,
        "operation": true
      },
      "indicators": [
        {
          "id": "checks",
          "value": 0.9,
          "passed": true
        }
      ]
    }
  ],
  "meeting": 1,
  "total": 1,
  "share": 1.0,
  "target": 0.3,
  "target_met": true
}
)");
}
