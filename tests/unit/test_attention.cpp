#include "support.hpp"

#include <firegrid/model/repo.hpp>
#include <firegrid/report/attention.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

namespace report = firegrid::report;
using firegrid::Date;

namespace {

Date d(const char* iso) { return firegrid::test::date(iso); }

// The fixture county of the report goldens (tests/cli/fixtures/report).
const firegrid::model::Repo& attention_county() {
  static const firegrid::store::RealDisk disk(std::string(FIREGRID_SOURCE_DIR) + "/tests/cli/fixtures/report");
  static const firegrid::model::Repo repo = firegrid::model::load_repo(disk, firegrid::test::catalog());
  return repo;
}

report::Attention attention_w48(const char* as_of) {
  const auto& repo = attention_county();
  REQUIRE(repo.tree.root());
  const auto r = report::compute(repo, *repo.tree.root(), firegrid::period_of("week", d("2026-11-23")), d(as_of));
  return report::attend(repo, *repo.tree.root(), r);
}

report::Node village(long red, long done, long required, long actions_overdue) {
  report::Node n;
  n.level = "village";
  n.total = {{"hazards.red", red}, {"checks.done", done}, {"checks.required", required},
             {"actions.overdue", actions_overdue}};
  return n;
}

}  // namespace

TEST_CASE("the red hazards of the fixture week, with days overdue and who must act", "[report][attention]") {
  const auto a = attention_w48("2026-11-28");
  REQUIRE(a.hazards.size() == 2);
  // rph003: deadline 11-20 passed (re-check due 11-25): 8 days; no notice names who issued
  // it and 槐阳镇 has no 安监办 member, so its leader.
  CHECK(a.hazards[0].id == "h-20261020-rph003");
  CHECK(a.hazards[0].days_overdue == 8);
  CHECK(a.hazards[0].next == "recheck");
  CHECK(a.hazards[0].township == "槐阳镇");
  CHECK(a.hazards[0].village == "东关村");
  CHECK(a.hazards[0].who.name == "胡霞");
  CHECK(a.hazards[0].who.role == "township-leader");
  // rph007: found Friday 11-20, notice due 3 working days later (11-25): 3 days.
  CHECK(a.hazards[1].id == "h-20261120-rph007");
  CHECK(a.hazards[1].days_overdue == 3);
  CHECK(a.hazards[1].next == "notice");
}

TEST_CASE("a day before the notice was late, the hazard is not on the list", "[report][attention]") {
  // On 11-24 rph007's notice (due 11-25) is not late yet; rph006, closed on 11-25, is still
  // open: reported 11-05 after its deadline of 10-20, its re-check was due 3 working days
  // after the deadline (10-23), 32 days before; rph003 is 4 days past its deadline.
  const auto a = attention_w48("2026-11-24");
  REQUIRE(a.hazards.size() == 2);
  CHECK(a.hazards[0].id == "h-20261005-rph006");
  CHECK(a.hazards[0].days_overdue == 32);
  CHECK(a.hazards[1].id == "h-20261020-rph003");
  CHECK(a.hazards[1].days_overdue == 4);
}

TEST_CASE("the previous week is judged seven days earlier", "[report][attention]") {
  const auto a = attention_w48("2026-11-28");
  CHECK(a.previous.name == "2026-W47");
  CHECK(a.previous_as_of == d("2026-11-21"));
  REQUIRE(a.changes.size() == report::headline_changes().size());
  CHECK(a.changes[0].id == "checks.rate");
  CHECK(a.changes[0].is_rate);
  // The sentences carry an arrow or ＝ for each figure.
  const auto lines = attention_lines(a, report::Labels(firegrid::test::catalog(), report::Lang::zh));
  REQUIRE(!lines.empty());
  CHECK(lines.back().find("2026-W47") != std::string::npos);
}

TEST_CASE("the missed checks of the fixture week by township", "[report][attention]") {
  const auto a = attention_w48("2026-11-28");
  // Every township's missed items add up to the county's required minus done (no grid does
  // more than it is asked); among them the two weekly village checks not done.
  long total = 0;
  for (const auto& m : a.missed) total += m.total;
  const auto& repo = attention_county();
  const auto r = report::compute(repo, *repo.tree.root(), firegrid::period_of("week", d("2026-11-23")), d("2026-11-28"));
  long expected = 0;
  for (const auto& id : report::figure_ids())
    if (id.rfind("checks.required.", 0) == 0)
      expected += report::get(r.root.total, id) - report::get(r.root.total, "checks.done." + id.substr(16));
  for (const auto& id : report::figure_ids())
    if (id.rfind("events.required.", 0) == 0)
      expected += report::get(r.root.total, id) - report::get(r.root.total, "events.done." + id.substr(16));
  expected += report::get(r.root.total, "meetings.joint-required") - report::get(r.root.total, "meetings.joint-held");
  expected += report::get(r.root.total, "meetings.leading-group-required") -
              report::get(r.root.total, "meetings.leading-group-held");
  CHECK(total == expected);
  CHECK(total >= 2);
  for (std::size_t i = 1; i < a.missed.size(); ++i) CHECK(a.missed[i - 1].total >= a.missed[i].total);
}

TEST_CASE("a village is an exception for a red hazard, checks below 80% or overdue actions", "[report][attention]") {
  CHECK(report::exception_reasons(village(0, 4, 5, 0)).empty());  // exactly 80%
  CHECK(report::exception_reasons(village(0, 3, 5, 0)) == std::vector<std::string>{"checks-below-80"});
  CHECK(report::exception_reasons(village(1, 5, 5, 0)) == std::vector<std::string>{"red-hazards"});
  CHECK(report::exception_reasons(village(0, 0, 0, 2)) == std::vector<std::string>{"actions-overdue"});
  report::Node township = village(3, 0, 9, 1);
  township.level = "township";
  CHECK(report::exception_reasons(township).empty());
}

TEST_CASE("the report JSON carries the attention as data", "[report][attention]") {
  const auto& repo = attention_county();
  const auto r = report::compute(repo, *repo.tree.root(), firegrid::period_of("week", d("2026-11-23")), d("2026-11-28"));
  auto a = report::attend(repo, *repo.tree.root(), r);
  a.exceptions = report::exceptions_of(r.root);
  const auto j = nlohmann::json::parse(report::to_json(r, a));
  CHECK(j["format"] == "firegrid-report");
  REQUIRE(j["attention"]["hazards"].size() == 2);
  CHECK(j["attention"]["hazards"][0]["days_overdue"] == 8);
  CHECK(j["attention"]["previous"]["as_of"] == "2026-11-21");
  CHECK(j["attention"]["standard"]["target"] == 0.3);
  CHECK(j["attention"]["changes"].size() == report::headline_changes().size());
  // The rollup read back ignores it.
  CHECK(report::from_json(report::to_json(r, a), "x.json").root.total == r.root.total);
}
