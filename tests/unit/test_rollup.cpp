#include "support.hpp"

#include <firegrid/model/repo.hpp>
#include <firegrid/report/rollup.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <functional>

namespace report = firegrid::report;
using firegrid::Date;
using firegrid::Period;

namespace {

Date d(const char* iso) { return firegrid::test::date(iso); }

// The fixture county of the report goldens (tests/cli/fixtures/report), whose figures
// tests/cli/cases/report/period-weekly-text.test works out by hand.
const firegrid::model::Repo& county() {
  static const firegrid::store::RealDisk disk(std::string(FIREGRID_SOURCE_DIR) + "/tests/cli/fixtures/report");
  static const firegrid::model::Repo repo = firegrid::model::load_repo(disk, firegrid::test::catalog());
  return repo;
}

report::Rollup week48(const char* as_of = "2026-11-28") {
  const auto& repo = county();
  REQUIRE(repo.tree.root());
  return report::compute(repo, *repo.tree.root(), firegrid::period_of("week", d("2026-11-23")), d(as_of));
}

// Each figure of `expected` has its value in `f`.
void expect(const report::Figures& f, const std::vector<std::pair<const char*, long>>& expected) {
  for (const auto& [id, n] : expected) {
    INFO(id);
    CHECK(report::get(f, id) == n);
  }
}

void each_node(const report::Node& n, const std::function<void(const report::Node&)>& visit) {
  visit(n);
  for (const auto& c : n.children) each_node(c, visit);
}

}  // namespace

TEST_CASE("a node's total is its own figures plus its children's totals", "[rollup]") {
  const auto r = week48();
  std::size_t nodes = 0;
  each_node(r.root, [&](const report::Node& n) {
    ++nodes;
    report::Figures sum = n.own;
    for (const auto& c : n.children) report::add(sum, c.total);
    CHECK(sum == n.total);
  });
  CHECK(nodes == 10);
  CHECK(report::get(r.root.total, "grids.total") == 10);
}

TEST_CASE("the fixture county's weekly figures are the ones worked out by hand", "[rollup]") {
  expect(week48().root.total, {
      {"grids.with-leader", 8},
      {"resources.gaps", 3},
      {"units.active", 6},
      {"units.with-responsible", 5},
      {"units.inspected-in-interval", 4},
      {"units.never-inspected", 1},
      {"units.added", 1},
      {"units.closed", 1},
      {"units.category.key-unit", 2},
      {"units.supervision.police-station", 4},
      {"inspections.done", 3},
      {"inspections.failed", 1},
      {"inspections.unfollowed-items", 0},  // rpi001 exits failed, followed by rph001 (which names it)
      {"checks.required.village-check", 3},
      {"checks.done.village-check", 1},
      {"checks.required.township-inspection", 0},
      {"hazards.new", 2},
      {"hazards.fixed-on-spot", 1},
      {"hazards.closed", 2},
      {"hazards.closed-in-time", 1},
      {"hazards.open", 4},
      {"hazards.overdue", 2},
      {"hazards.red", 2},
      {"hazards.yellow", 1},
      {"hazards.green", 1},
      {"hazards.major", 1},
      {"hazards.supervised", 1},
      {"tips.received", 2},
      {"tips.founded", 1},
      {"tips.rewarded", 1},
      {"tips.paid-yuan", 200},
      {"tips.replied", 1},
      {"tips.replied-in-time", 1},
      {"tips.reply-late", 1},
      {"meetings.held", 1},
      {"meetings.joint-required", 0},
      {"actions.total", 2},
      {"actions.done", 1},
      {"actions.open", 2},
      {"actions.overdue", 1},
      {"trainings.training", 1},
      {"trainings.publicity", 1},
      {"trainings.reached", 160},
  });
}

TEST_CASE("state figures are judged on the as-of day, steps after it undone", "[rollup]") {
  // On 11-24 the hazard closed on 11-25 (h-...rph006) is still open and the one closed on
  // 11-24 is not; the unit closed on 11-25 is still active, the one registered 11-24 is.
  // Open on 11-24: rph001 (found that day), rph003, rph004, rph006, rph007.
  expect(week48("2026-11-24").root.total, {
      {"hazards.closed", 1},
      {"units.active", 7},
      {"units.closed", 0},
      {"hazards.new", 1},
      {"hazards.open", 5},
      {"tips.received", 1},
      {"tips.paid-yuan", 0},
  });
}

TEST_CASE("rates come from the summed counts, never from averaged rates", "[rollup]") {
  report::Figures a{{"units.active", 1}, {"units.inspected-in-interval", 1}};
  report::Figures b{{"units.active", 3}, {"units.inspected-in-interval", 1}};
  report::Figures sum;
  report::add(sum, a);
  report::add(sum, b);
  CHECK(*report::rate(sum, "units.inspected-rate") == Approx(0.5));  // not (1 + 1/3) / 2
  CHECK_FALSE(report::rate(report::Figures{}, "units.inspected-rate"));
  CHECK_FALSE(report::rate(sum, "no.such-rate"));
  const auto r = week48();
  CHECK(*report::rate(r.root.total, "units.inspected-rate") == Approx(4.0 / 6.0));
  CHECK(*report::rate(r.root.total, "checks.rate") == Approx(1.0 / 3.0));
}

TEST_CASE("prune cuts the tree below a depth and keeps the totals", "[rollup]") {
  auto r = week48();
  const auto before = r.root.total;
  report::prune(r.root, 1);
  REQUIRE(r.root.children.size() == 2);
  for (const auto& c : r.root.children) CHECK(c.children.empty());
  CHECK(r.root.total == before);
  CHECK(report::get(r.root.children[0].total, "grids.total") == 6);
  report::prune(r.root, 0);
  CHECK(r.root.children.empty());
}

TEST_CASE("a grid asked for is the root; records elsewhere do not count", "[rollup]") {
  const auto& repo = county();
  const auto* township = repo.tree.find("101");
  REQUIRE(township);
  const auto r = report::compute(repo, *township, firegrid::period_of("week", d("2026-11-23")), d("2026-11-28"));
  CHECK(r.root.path == "101");
  CHECK(report::get(r.root.total, "grids.total") == 3);
  CHECK(report::get(r.root.total, "hazards.closed") == 2);
  CHECK(report::get(r.root.total, "tips.received") == 0);
}

TEST_CASE("a series has one rollup per period, each judged on its end", "[rollup]") {
  const auto& repo = county();
  const auto s = report::series(repo, *repo.tree.root(), "week", d("2026-01-01"), d("2026-11-28"), 1);
  REQUIRE(s.size() == 48);  // 2026-W01 (from 2025-12-29) to 2026-W48
  CHECK(s.front().period.name == "2026-W01");
  CHECK(s.back().period.name == "2026-W48");
  CHECK(s.back().as_of == d("2026-11-28"));
  CHECK(s[46].as_of == d("2026-11-22"));
  CHECK(s.back().root.children.size() == 2);
  CHECK(s.back().root.children[0].children.empty());
  CHECK(report::get(s.back().root.total, "hazards.open") == 4);
}

TEST_CASE("every figure id is listed once", "[rollup]") {
  std::set<std::string> seen;
  for (const auto& id : report::figure_ids()) CHECK(seen.insert(id).second);
  for (const auto& r : report::rates()) {
    CHECK(seen.count(r.numerator));
    CHECK(seen.count(r.denominator));
  }
}
