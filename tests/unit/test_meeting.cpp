#include "support.hpp"

#include <firegrid/doc/emit.hpp>
#include <firegrid/grid/resources.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

using firegrid::Date;
namespace meeting = firegrid::meeting;

namespace {

using firegrid::test::catalog;

constexpr auto d = firegrid::test::date;

// A county with two townships: 槐阳镇 held a joint meeting on 2026-11-10 with two action
// items (one done on 11-20, one due 11-25), 东张乡 none; the county's leading group met
// on 2026-07-01.
firegrid::store::MemoryDisk repo() {
  firegrid::store::MemoryDisk disk;
  auto manifest = firegrid::policy::default_manifest("130132", "元氏县", 2026);
  auto& cadences = *manifest.find("policy")->find("cadences");
  auto lg = firegrid::doc::Node::mapping();
  lg.set("kind", firegrid::doc::Node::string("leading-group"));
  lg.set("name", firegrid::doc::Node::string("领导小组会议"));
  lg.set("every", firegrid::doc::Node::string("half-year"));
  lg.set("scope", firegrid::doc::Node::string("county"));
  cadences.push(lg);
  disk.files["firegrid.yaml"] = firegrid::doc::emit(manifest, catalog().key_order("manifest").get());
  disk.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130132'\n";
  disk.files["grid/100/grid.yaml"] = "level: township\nname: 槐阳镇\ncode: '130132100'\n";
  disk.files["grid/201/grid.yaml"] = "level: township\nname: 东张乡\ncode: '130132201'\n";
  disk.files["grid/100/meetings/m-20261110-aaaaaa.yaml"] =
    "id: m-20261110-aaaaaa\nkind: joint-meeting\ndate: '2026-11-10'\nchair:\n  name: 胡霞\nactions:\n"
    "  - what: 排查出租房\n    owner:\n      name: 王强\n    due: '2026-11-30'\n    done: '2026-11-20'\n"
    "  - what: 整改沿街门店\n    owner:\n      name: 李平\n    due: '2026-11-25'\n";
  disk.files["grid/meetings/m-20260701-bbbbbb.yaml"] =
    "id: m-20260701-bbbbbb\nkind: leading-group\ndate: '2026-07-01'\nchair:\n  name: 县长\n";
  return disk;
}

std::vector<std::string> lines(const std::vector<meeting::DueRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows)
    out.push_back(r.grid + " " + r.kind + " " + r.period + " " + r.due.iso() + " " + r.status + " " + r.last +
                  (r.action ? " #" + std::to_string(r.action) : ""));
  return out;
}

std::vector<std::string> due(const char* as_of, int within = 7) {
  const auto disk = repo();
  const auto r = firegrid::model::load_repo(disk, catalog());
  REQUIRE(r.findings.errors() == 0);
  return lines(meeting::due(r.tree, r.meetings, r.trainings, r.cadences, r.policy(), *r.tree.root(), d(as_of), within));
}

}  // namespace

TEST_CASE("cadence state: missed before, due now", "[meeting]") {
  const auto s = firegrid::policy::cadence_state(firegrid::policy::Periods("two-months", firegrid::doc::Node::mapping()), {d("2026-11-10")}, d("2027-01-05"), 7);
  CHECK(s.before.name == "2026-11/12");
  CHECK(s.now.name == "2027-01/02");
  CHECK_FALSE(s.missed);
  CHECK_FALSE(s.due);  // 2027-02-28 is beyond the window
  CHECK(s.last->iso() == "2026-11-10");
  const auto late = firegrid::policy::cadence_state(firegrid::policy::Periods("two-months", firegrid::doc::Node::mapping()), {d("2026-11-10")}, d("2027-02-25"), 7);
  CHECK(late.due);
  const auto future = firegrid::policy::cadence_state(firegrid::policy::Periods("two-months", firegrid::doc::Node::mapping()), {d("2027-03-01")}, d("2027-02-25"), 7);
  CHECK_FALSE(future.last);  // a date after as_of does not count
  CHECK(future.missed);
}

TEST_CASE("seasons: the policy's, else the built-in fire-prone seasons", "[meeting]") {
  using firegrid::policy::Periods;
  const Periods built_in("season", firegrid::doc::Node::mapping());
  const auto winter = built_in.holding(d("2027-02-25"));
  REQUIRE(winter);
  CHECK(winter->name == "2026 冬春火灾防控期");
  CHECK(winter->first.iso() == "2026-11-01");
  CHECK(winter->last.iso() == "2027-03-31");
  CHECK(built_in.before(d("2027-02-25"))->name == "2026 国庆节前后");
  CHECK_FALSE(built_in.holding(d("2026-07-01")));  // between two seasons
  const auto ending = built_in.ending_within(d("2026-01-01"), d("2026-12-31"));
  REQUIRE(ending.size() == 2);
  CHECK(ending[0].name == "2025 冬春火灾防控期");
  CHECK(ending[1].name == "2026 国庆节前后");
  const auto s = firegrid::policy::cadence_state(built_in, {d("2026-10-01")}, d("2026-11-05"), 7);
  CHECK(s.now.name == "2026 冬春火灾防控期");
  CHECK_FALSE(s.missed);  // held in the National Day season
  CHECK_FALSE(s.due);     // the winter season ends in March
  auto policy = firegrid::doc::Node::mapping();
  auto seasons = firegrid::doc::Node::sequence();
  auto spring = firegrid::doc::Node::mapping();
  spring.set("name", firegrid::doc::Node::string("春节"));
  spring.set("from", firegrid::doc::Node::string("02-01"));
  spring.set("to", firegrid::doc::Node::string("02-29"));
  seasons.push(spring);
  policy.set("seasons", seasons);
  const Periods own("season", policy);
  CHECK(own.holding(d("2027-02-28"))->last.iso() == "2027-02-28");  // no 29 February in 2027
  CHECK_FALSE(own.holding(d("2027-03-01")));
  CHECK_THROWS(Periods("fortnight", policy));
}

TEST_CASE("cadence state: a period that ended before policy.since asks nothing", "[meeting]") {
  using firegrid::policy::cadence_state;
  // 2026-09/10 went without a meeting; the records begin 2026-11-01 (its end was 10-31).
  CHECK(cadence_state(firegrid::policy::Periods("two-months", firegrid::doc::Node::mapping()), {}, d("2026-11-28"), 7).missed);
  CHECK_FALSE(cadence_state(firegrid::policy::Periods("two-months", firegrid::doc::Node::mapping()), {}, d("2026-11-28"), 7, d("2026-11-01")).missed);
  // A since within the period: the period still counts in full.
  CHECK(cadence_state(firegrid::policy::Periods("two-months", firegrid::doc::Node::mapping()), {}, d("2026-11-28"), 7, d("2026-10-31")).missed);
  // Nothing is due of a period that ends before since (as_of before the records begin).
  CHECK(cadence_state(firegrid::policy::Periods("week", firegrid::doc::Node::mapping()), {}, d("2026-11-27"), 7).due);
  CHECK_FALSE(cadence_state(firegrid::policy::Periods("week", firegrid::doc::Node::mapping()), {}, d("2026-11-27"), 7, d("2026-12-01")).due);
}

TEST_CASE("policy.since is read when it is a date", "[meeting]") {
  auto policy = firegrid::doc::Node::mapping();
  CHECK_FALSE(firegrid::policy::records_since(policy));
  policy.set("since", firegrid::doc::Node::string("2026-09-01"));
  CHECK(firegrid::policy::records_since(policy)->iso() == "2026-09-01");
  policy.set("since", firegrid::doc::Node::string("2026-02-30"));
  CHECK_FALSE(firegrid::policy::records_since(policy));
}

TEST_CASE("meetings load with their grid and action items", "[meeting]") {
  const auto disk = repo();
  const auto r = firegrid::model::load_repo(disk, catalog());
  CHECK(r.findings.errors() == 0);
  REQUIRE(r.meetings.size() == 2);
  const auto& joint = r.meetings[0].kind == "joint-meeting" ? r.meetings[0] : r.meetings[1];
  CHECK(joint.grid->path == "100");
  REQUIRE(joint.actions.size() == 2);
  CHECK(joint.actions[0].done->iso() == "2026-11-20");
  CHECK_FALSE(joint.actions[1].done);
}

TEST_CASE("meeting due: the year boundary, a missed township, overdue actions", "[meeting]") {
  // 2026-11-28: period 2026-11/12 (due 12-31, beyond 7 days); previous 2026-09/10 missed by both.
  CHECK(due("2026-11-28") == std::vector<std::string>{
                               " leading-group 2026-H1 2026-06-30 missed 2026-07-01",
                               "100 joint-meeting 2026-09/10 2026-10-31 missed 2026-11-10",
                               "100 action  2026-11-25 overdue  #2",
                               "201 joint-meeting 2026-09/10 2026-10-31 missed ",
                             });
  // 2027-01-10: 槐阳镇 met in 2026-11/12, 东张乡 did not; the county met in 2026-H2.
  CHECK(due("2027-01-10") == std::vector<std::string>{
                               "100 action  2026-11-25 overdue  #2",
                               "201 joint-meeting 2026-11/12 2026-12-31 missed ",
                             });
  // Within 60 days the current period 2027-01/02 falls due for both townships.
  CHECK(due("2027-01-10", 60) == std::vector<std::string>{
                                   "100 joint-meeting 2027-01/02 2027-02-28 due 2026-11-10",
                                   "100 action  2026-11-25 overdue  #2",
                                   "201 joint-meeting 2026-11/12 2026-12-31 missed ",
                                   "201 joint-meeting 2027-01/02 2027-02-28 due ",
                                 });
  // Before the meeting its actions do not exist; on 11-20 action 2 is due soon.
  CHECK(due("2026-11-20") == std::vector<std::string>{
                               " leading-group 2026-H1 2026-06-30 missed 2026-07-01",
                               "100 joint-meeting 2026-09/10 2026-10-31 missed 2026-11-10",
                               "100 action  2026-11-25 due-soon  #2",
                               "201 joint-meeting 2026-09/10 2026-10-31 missed ",
                             });
}

TEST_CASE("close_action refuses a wrong number, a second close and an early date", "[meeting]") {
  const auto disk = repo();
  const auto r = firegrid::model::load_repo(disk, catalog());
  const auto& joint = r.meetings[0].kind == "joint-meeting" ? r.meetings[0] : r.meetings[1];
  CHECK_THROWS_WITH(meeting::close_action(catalog(), joint, 3, d("2026-11-28")),
                    "m-20261110-aaaaaa has no action 3");
  CHECK_THROWS_WITH(meeting::close_action(catalog(), joint, 1, d("2026-11-28")),
                    "action 1 of m-20261110-aaaaaa was done on 2026-11-20");
  CHECK_THROWS(meeting::close_action(catalog(), joint, 2, d("2026-11-01")));
  const auto c = meeting::close_action(catalog(), joint, 2, d("2026-11-28"));
  REQUIRE(c.changes.writes.count("grid/100/meetings/m-20261110-aaaaaa.yaml"));
  CHECK(c.changes.writes.at("grid/100/meetings/m-20261110-aaaaaa.yaml").find("done: '2026-11-28'") !=
        std::string::npos);
}

TEST_CASE("resource gaps per level", "[meeting]") {
  const auto disk = repo();
  const auto r = firegrid::model::load_repo(disk, catalog());
  const auto& resources = *r.policy().find("resources");
  std::vector<std::string> codes;
  for (const auto& g : firegrid::grid::resource_gaps(*r.tree.find("100"), resources)) codes.push_back(g.code);
  CHECK(codes == std::vector<std::string>{"resource-no-leader", "resource-no-rescue-team", "resource-no-police"});
  codes.clear();
  for (const auto& g : firegrid::grid::resource_gaps(*r.tree.root(), resources)) codes.push_back(g.code);
  CHECK(codes == std::vector<std::string>{"resource-no-leader"});
}
