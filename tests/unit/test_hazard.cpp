// Opening hazards, the GB 35181 assessment and decision records, tip-offs and their
// rewards, and `hazard apply` batches. Dates and working days were counted by hand from
// schemas/holidays-cn.yaml; messages are the ones docs/commands/hazard.md shows.
#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <regex>
#include <string>
#include <vector>

using firegrid::Date;
using firegrid::parse_date;
using firegrid::doc::Node;
namespace hazard = firegrid::hazard;
namespace inspect = firegrid::inspect;
using Strings = std::vector<std::string>;

namespace {

using firegrid::test::catalog;

constexpr auto d = firegrid::test::date;

using firegrid::test::yaml;
using firegrid::test::text;

using firegrid::test::policy;
using firegrid::test::calendar;
const inspect::Checklist& checklist() {
  static const inspect::Checklist c(catalog());
  return c;
}

// A county with one township, village and group, and one small shop in the group.
firegrid::store::MemoryDisk county() {
  firegrid::store::MemoryDisk disk = firegrid::test::one_village_county();
  disk.files["grid/100/201/g01/units/u-aaaa0001/unit.yaml"] =
    "id: u-aaaa0001\nname: 北苏村惠民超市\ncategory: small-shop\nstatus: active\nregistered: '2026-01-05'\n";
  return disk;
}

firegrid::model::Repo load(const firegrid::store::MemoryDisk& disk) {
  auto repo = firegrid::model::load_repo(disk, catalog());
  INFO((repo.findings.items().empty() ? std::string() : repo.findings.items().front().message));
  REQUIRE(repo.findings.errors() == 0);
  return repo;
}

// The person a clerk types, with a phone the records must not keep.
Node officer() { return yaml("{name: 王强, organisation: 槐阳镇派出所, phone: '13800138000'}"); }

hazard::NewHazard shop_hazard(const firegrid::model::Repo& repo) {
  REQUIRE(repo.units.units.size() == 1);
  const auto& unit = repo.units.units.front();
  hazard::NewHazard h;
  h.grid = unit.group;
  h.unit = &unit;
  h.source = "patrol";
  h.item = "exits";
  h.date = d("2026-11-20");
  h.by = officer();
  return h;
}

const Date kToday{2026, 12, 31};

bool is_hazard_id(const std::string& id, const char* day) {
  return std::regex_match(id, std::regex(std::string("h-") + day + "-[0-9a-hjkmnp-tv-z]{6}"));
}

std::string refusal(const std::function<void()>& f) {
  try {
    f();
  } catch (const firegrid::Error& e) {
    return e.what();
  }
  return "(not refused)";
}

// A hazard record as hazard::open writes it, for assess and decide.
Node found_hazard() {
  return yaml(
    "id: h-20260930-abc123\n"
    "state: found\n"
    "severity: general\n"
    "found_on: '2026-09-30'\n"
    "source: inspection\n"
    "description: 安全出口被锁闭\n"
    "history:\n"
    "  - {date: '2026-09-30', event: open, state: found}\n");
}

const char* const kTipA =
  "id: t-20261120-aaaaaa\n"
  "received_on: '2026-11-20'\n"
  "channel: hotline-12345\n"
  "what: 超市门口堆放纸箱堵塞通道\n"
  "where: 北苏村惠民超市\n"
  "reporter: {key_id: k-abcdefghjk, sealed: QUJDRA==}\n";

Node tip(const char* id = "t-20261120-aaaaaa", const char* received = "2026-11-20") {
  Node t = yaml(kTipA);
  t.set("id", Node::string(id));
  t.set("received_on", Node::string(received));
  return t;
}

hazard::Tip filed(const Node& record) {
  hazard::Tip t;
  t.record.path = "grid/100/tips/" + record.get_string("id") + ".yaml";
  t.record.edit_doc().root = record;
  t.record.loaded = true;
  return t;
}

void require_valid_tip(const Node& t) {
  CHECK_NOTHROW(catalog().require_valid("tip", "grid/100/tips/" + t.get_string("id") + ".yaml", t));
}

Node verified(const Node& t, const char* hazard_id, const char* on = "2026-11-23",
              const std::vector<hazard::Tip>& tips = {}) {
  return hazard::verify_tip(t, true, hazard_id, d(on), officer(), "", tips, kToday);
}

}  // namespace

// ---- open ----

TEST_CASE("open: a unit's hazard, its description from the checklist item", "[hazard]") {
  auto disk = county();
  const auto repo = load(disk);
  const auto w = hazard::open(catalog(), checklist(), shop_hazard(repo), repo.hazards, kToday);
  CHECK(is_hazard_id(w.id, "20261120"));
  CHECK_FALSE(w.exists);
  CHECK(w.path == "grid/100/201/g01/units/u-aaaa0001/hazards/" + w.id + ".yaml");
  REQUIRE(w.changes.writes.size() == 1);
  REQUIRE(w.changes.writes.count(w.path) == 1);
  const Node r = yaml(w.changes.writes.at(w.path));
  CHECK(text(r) == text(yaml("id: " + w.id +
                             "\n"
                             "state: found\n"
                             "severity: general\n"
                             "found_on: '2026-11-20'\n"
                             "source: patrol\n"
                             "item: exits\n"
                             "description: 安全出口、疏散通道畅通，无锁闭、堵塞、占用\n"
                             "found_by: {name: 王强, organisation: 槐阳镇派出所}\n"
                             "history:\n"
                             "  - date: '2026-11-20'\n"
                             "    event: open\n"
                             "    by: {name: 王强, organisation: 槐阳镇派出所}\n"
                             "    severity: general\n"
                             "    state: found\n")));
  // No phone anywhere in the file.
  CHECK(w.changes.writes.at(w.path).find("13800138000") == std::string::npos);
}

TEST_CASE("open: the id is stable and opening the same hazard again finds it", "[hazard]") {
  auto disk = county();
  const auto before = load(disk);
  const auto h = shop_hazard(before);
  const auto first = hazard::open(catalog(), checklist(), h, before.hazards, kToday);
  CHECK(hazard::open(catalog(), checklist(), h, before.hazards, d("2026-11-21")).id == first.id);
  disk.commit(first.changes);

  const auto after = load(disk);
  REQUIRE(after.hazards.size() == 1);
  CHECK(after.hazards.front().record.id() == first.id);
  const auto again = hazard::open(catalog(), checklist(), shop_hazard(after), after.hazards, kToday);
  CHECK(again.exists);
  CHECK(again.id == first.id);
  CHECK(again.path == first.path);
  CHECK(again.changes.empty());

  // Another description, day, item or place is another hazard.
  auto other = shop_hazard(after);
  other.description = "门口堆放纸箱";
  const auto w2 = hazard::open(catalog(), checklist(), other, after.hazards, kToday);
  CHECK_FALSE(w2.exists);
  CHECK(w2.id != first.id);
  other = shop_hazard(after);
  other.date = d("2026-11-21");
  const auto w3 = hazard::open(catalog(), checklist(), other, after.hazards, kToday);
  CHECK(is_hazard_id(w3.id, "20261121"));
  other = shop_hazard(after);
  other.item = "extinguishers";
  CHECK(hazard::open(catalog(), checklist(), other, after.hazards, kToday).id != first.id);
  // The severity and who found it are not part of what the hazard is.
  other = shop_hazard(after);
  other.severity = "major";
  other.by = Node();
  CHECK(hazard::open(catalog(), checklist(), other, after.hazards, kToday).exists);
}

TEST_CASE("open: a hazard of a grid with no unit, with its place and links", "[hazard]") {
  auto disk = county();
  const auto repo = load(disk);
  hazard::NewHazard h;
  h.grid = repo.tree.find("100/201/g01");
  REQUIRE(h.grid);
  h.source = "tip";
  h.tip = "t-20261120-aaaaaa";
  h.severity = "major";
  h.description = "废弃厂房内堆放大量可燃物";
  h.place = "村西头废弃厂房";
  h.date = d("2026-11-22");
  const auto w = hazard::open(catalog(), checklist(), h, repo.hazards, kToday);
  CHECK(w.path == "grid/100/201/g01/hazards/" + w.id + ".yaml");
  const Node r = yaml(w.changes.writes.at(w.path));
  CHECK(r.get_string("severity") == "major");
  CHECK(r.get_string("source") == "tip");
  CHECK(r.get_string("tip") == "t-20261120-aaaaaa");
  CHECK(r.get_string("place") == "村西头废弃厂房");
  CHECK(r.get_string("description") == "废弃厂房内堆放大量可燃物");
  CHECK_FALSE(r.find("item"));
  CHECK_FALSE(r.find("found_by"));
  CHECK(text(*r.find("history")) == text(yaml("- {date: '2026-11-22', event: open, severity: major, state: found}")));

  // Linked to an inspection.
  h.source = "inspection";
  h.tip = "";
  h.inspection = "i-20261122-qqqqqq";
  CHECK(yaml(hazard::open(catalog(), checklist(), h, repo.hazards, kToday).changes.writes.begin()->second)
          .get_string("inspection") == "i-20261122-qqqqqq");
}

TEST_CASE("open refuses what it cannot record", "[hazard]") {
  auto disk = county();
  const auto repo = load(disk);
  auto open = [&](const hazard::NewHazard& h) {
    return refusal([&] { hazard::open(catalog(), checklist(), h, repo.hazards, kToday); });
  };
  auto h = shop_hazard(repo);
  h.grid = nullptr;
  CHECK(open(h) == "a hazard needs a place: --unit or --grid");
  h = shop_hazard(repo);
  h.source = "walk";
  CHECK(open(h) == "unknown source 'walk'");
  h = shop_hazard(repo);
  h.severity = "minor";
  CHECK(open(h) == "unknown severity 'minor'");
  h = shop_hazard(repo);
  h.item = "doors";
  CHECK(open(h) == "no checklist item 'doors'");
  h = shop_hazard(repo);
  h.item = "";
  CHECK(open(h) == "describe the hazard");
  h = shop_hazard(repo);
  h.date = d("2027-01-01");
  CHECK(open(h) == "the date 2027-01-01 is after today (2026-12-31)");
  // A link that is not an id: the record would not pass check.
  h = shop_hazard(repo);
  h.inspection = "i-bad";
  CHECK_THROWS_AS(hazard::open(catalog(), checklist(), h, repo.hazards, kToday), firegrid::InvalidRecord);
}

// ---- assess and decide ----

TEST_CASE("assess records the elements and the rules' verdict, not the severity", "[hazard]") {
  const hazard::Rules rules(catalog());
  const auto& e2025 = *rules.find("2025");
  const Strings elements = {"6.3.1", "6.3.2", "6.3.6"};
  const auto verdict = hazard::judge(e2025, "crowded", elements);
  const Node r = hazard::assess(found_hazard(), e2025, "crowded", elements, verdict, d("2026-10-08"), officer(), kToday);
  CHECK_NOTHROW(catalog().require_valid("hazard", "grid/100/hazards/h-20260930-abc123.yaml", r));
  CHECK(r.get_string("severity") == "general");
  CHECK(r.get_string("state") == "found");
  const Node* a = r.find("assessment");
  REQUIRE(a);
  CHECK(a->get_string("edition") == "GB 35181-2025");
  CHECK(a->get_string("premises") == "crowded");
  CHECK(text(*a->find("elements")) == text(yaml("['6.3.1', '6.3.2', '6.3.6']")));
  CHECK(a->find("points_to_major")->as_bool());
  REQUIRE(a->find("reasons")->items().size() == 2);
  CHECK(a->find("reasons")->items()[0].as_string() ==
        "4 [count crowded]: 3 of the composite elements it counts (6.3.1 6.3.2 6.3.6) for crowded premises, at "
        "least 3 needed");
  CHECK(a->get_string("assessed_on") == "2026-10-08");
  CHECK(text(*a->find("by")) == text(yaml("{name: 王强, organisation: 槐阳镇派出所}")));
  const Node& e = r.find("history")->items().back();
  CHECK(e.get_string("event") == "assess");
  CHECK(e.get_string("date") == "2026-10-08");
  CHECK(e.get_string("note") == "GB 35181-2025 6.3.1 6.3.2 6.3.6: points to a major hazard");
  CHECK(e.get_string("state") == "found");

  // Not pointing to a major hazard, and no one named.
  const auto none = hazard::judge(e2025, "other", {"6.3.1"});
  const Node r2 = hazard::assess(found_hazard(), e2025, "other", {"6.3.1"}, none, d("2026-09-30"), Node(), kToday);
  CHECK_FALSE(r2.find("assessment")->find("points_to_major")->as_bool());
  CHECK_FALSE(r2.find("assessment")->find("by"));
  CHECK(r2.find("history")->items().back().get_string("note") ==
        "GB 35181-2025 6.3.1: does not point to a major hazard");

  CHECK(refusal([&] {
          hazard::assess(found_hazard(), e2025, "other", {"6.3.1"}, none, d("2026-09-29"), Node(), kToday);
        }) == "the date 2026-09-29 is before the hazard's last step (2026-09-30)");
  CHECK(refusal([&] {
          hazard::assess(found_hazard(), e2025, "other", {"6.3.1"}, none, d("2027-01-01"), Node(), kToday);
        }) == "the date 2027-01-01 is after today (2026-12-31)");
}

TEST_CASE("decide records who determined the severity and sets it", "[hazard]") {
  const Node r = hazard::decide(found_hazard(), "major", d("2026-10-10"), "县消防救援大队集体讨论",
                                "6.3.1 6.3.2 6.3.6 三项综合判定要素", kToday);
  CHECK_NOTHROW(catalog().require_valid("hazard", "grid/100/hazards/h-20260930-abc123.yaml", r));
  CHECK(r.get_string("severity") == "major");
  CHECK(text(*r.find("decision")) ==
        text(yaml("{severity: major, decided_on: '2026-10-10', by: 县消防救援大队集体讨论, "
                  "basis: 6.3.1 6.3.2 6.3.6 三项综合判定要素}")));
  CHECK(text(r.find("history")->items().back()) ==
        text(yaml("{date: '2026-10-10', event: decide, note: 'major: 县消防救援大队集体讨论', severity: major, state: found}")));
  // Back to general, without a basis.
  const Node g = hazard::decide(r, "general", d("2026-10-11"), "专家论证：张工、李工", "", kToday);
  CHECK(g.get_string("severity") == "general");
  CHECK_FALSE(g.find("decision")->find("basis"));
  CHECK(g.find("history")->items().size() == 3);

  CHECK(refusal([&] { hazard::decide(found_hazard(), "big", d("2026-10-10"), "x", "", kToday); }) ==
        "unknown severity 'big'");
  CHECK(refusal([&] { hazard::decide(found_hazard(), "major", d("2026-10-10"), "", "", kToday); }) ==
        "say who decided");
  CHECK(refusal([&] { hazard::decide(found_hazard(), "major", d("2026-09-01"), "x", "", kToday); }) ==
        "the date 2026-09-01 is before the hazard's last step (2026-09-30)");
}

TEST_CASE("assess and decide keep the history in order", "[hazard]") {
  // Like the steps of the state machine, they may not be dated before the last step.
  Node r = found_hazard();
  r.find("history")->push(yaml("{date: '2026-10-09', event: notice, deadline: '2026-11-08', state: notified}"));
  r.set("state", Node::string("notified"));
  CHECK(refusal([&] { hazard::decide(r, "major", d("2026-10-01"), "县消防救援大队集体讨论", "", kToday); }) ==
        "the date 2026-10-01 is before the hazard's last step (2026-10-09)");
  const hazard::Rules rules(catalog());
  const auto& e2025 = *rules.find("2025");
  const auto none = hazard::judge(e2025, "other", {"6.3.1"});
  CHECK(refusal([&] { hazard::assess(r, e2025, "other", {"6.3.1"}, none, d("2026-10-08"), Node(), kToday); }) ==
        "the date 2026-10-08 is before the hazard's last step (2026-10-09)");
  // The same day is fine, and the event keeps the state.
  const Node same = hazard::decide(r, "major", d("2026-10-09"), "县消防救援大队集体讨论", "", kToday);
  CHECK(same.find("history")->items().back().get_string("state") == "notified");
}

// ---- tips ----

TEST_CASE("verify a tip: founded with its hazard, or unfounded", "[hazard]") {
  const Node v = verified(tip(), "h-20261120-3kq8vz", "2026-11-23");
  require_valid_tip(v);
  const Node* verification = v.find("verification");
  REQUIRE(verification);
  CHECK(verification->get_string("on") == "2026-11-23");
  CHECK(verification->find("founded")->as_bool());
  CHECK(verification->find("by")->get_string("name") == "王强");
  CHECK_FALSE(verification->find("note"));
  CHECK(v.get_string("hazard") == "h-20261120-3kq8vz");
  CHECK_FALSE(v.find("duplicate_of"));

  const Node u = hazard::verify_tip(tip(), false, "", d("2026-11-20"), Node(), "现场无此情况", {}, kToday);
  require_valid_tip(u);
  CHECK(text(*u.find("verification")) == text(yaml("{on: '2026-11-20', founded: false, note: 现场无此情况}")));
  CHECK_FALSE(u.find("hazard"));

  auto verify = [&](const Node& t, bool founded, const char* h, const char* on) {
    return refusal([&] { hazard::verify_tip(t, founded, h, d(on), Node(), "", {}, kToday); });
  };
  CHECK(verify(tip(), true, "", "2026-11-23") == "a founded tip names the hazard it revealed");
  CHECK(verify(tip(), false, "h-20261120-3kq8vz", "2026-11-23") == "an unfounded tip revealed no hazard; drop --hazard");
  CHECK(verify(v, true, "h-20261120-3kq8vz", "2026-11-24") == "t-20261120-aaaaaa is verified already");
  CHECK(verify(u, false, "", "2026-11-24") == "t-20261120-aaaaaa is verified already");
  CHECK(verify(tip(), true, "h-20261120-3kq8vz", "2026-11-19") == "the date 2026-11-19 is before the tip was received (2026-11-20)");
  CHECK(verify(tip(), true, "h-20261120-3kq8vz", "2027-01-01") == "the date 2027-01-01 is after today (2026-12-31)");
}

TEST_CASE("a founded tip on a hazard an earlier tip revealed is its duplicate", "[hazard]") {
  const Node first = verified(tip(), "h-20261120-3kq8vz", "2026-11-23");
  std::vector<hazard::Tip> tips = {filed(first)};
  // A second reporter of the same hazard.
  const Node second = verified(tip("t-20261121-bbbbbb", "2026-11-21"), "h-20261120-3kq8vz", "2026-11-24", tips);
  require_valid_tip(second);
  CHECK(second.get_string("duplicate_of") == "t-20261120-aaaaaa");
  CHECK(second.get_string("hazard") == "h-20261120-3kq8vz");
  // A third points to the first too, never to a duplicate.
  tips.insert(tips.begin(), filed(second));
  const Node third = verified(tip("t-20261122-cccccc", "2026-11-22"), "h-20261120-3kq8vz", "2026-11-25", tips);
  CHECK(third.get_string("duplicate_of") == "t-20261120-aaaaaa");
  // Another hazard, or an unfounded verification: no duplicate.
  CHECK_FALSE(verified(tip("t-20261122-dddddd", "2026-11-22"), "h-20261122-7ky39h", "2026-11-25", tips)
                .find("duplicate_of"));
  CHECK_FALSE(hazard::verify_tip(tip("t-20261122-dddddd", "2026-11-22"), false, "", d("2026-11-25"), Node(), "",
                                 tips, kToday)
                .find("duplicate_of"));
  // The tip itself, listed among the tips, is not its own original.
  Node self = tip();
  self.set("hazard", Node::string("h-20261120-3kq8vz"));
  CHECK_FALSE(verified(tip(), "h-20261120-3kq8vz", "2026-11-23", {filed(self)}).find("duplicate_of"));
}

TEST_CASE("reward a founded, first, named tip within the scale", "[hazard]") {
  const Node v = verified(tip(), "h-20261120-3kq8vz", "2026-11-23");
  const Node r = hazard::reward_tip(v, 200, d("2026-11-30"), officer(), policy(), kToday);
  require_valid_tip(r);
  const Node* approved = r.find("reward");
  REQUIRE(approved);
  CHECK(approved->find("amount_yuan")->as_int() == 200);
  CHECK(approved->get_string("approved_on") == "2026-11-30");
  CHECK(approved->find("approved_by")->get_string("name") == "王强");
  CHECK_FALSE(approved->find("paid_on"));
  // The scale's ends are in it.
  CHECK(hazard::reward_tip(v, 50, d("2026-11-23"), Node(), policy(), kToday).find("reward"));
  CHECK(hazard::reward_tip(v, 500, d("2026-11-23"), Node(), policy(), kToday).find("reward"));

  auto reward = [&](const Node& t, int amount, const char* on = "2026-11-30") {
    return refusal([&] { hazard::reward_tip(t, amount, d(on), Node(), policy(), kToday); });
  };
  CHECK(reward(v, 49) == "49 yuan is outside the reward scale (50 to 500 yuan)");
  CHECK(reward(v, 501) == "501 yuan is outside the reward scale (50 to 500 yuan)");
  CHECK(reward(tip(), 200) == "t-20261120-aaaaaa is not verified yet");
  const Node unfounded = hazard::verify_tip(tip(), false, "", d("2026-11-23"), Node(), "", {}, kToday);
  CHECK(reward(unfounded, 200) == "t-20261120-aaaaaa was not founded; no reward");
  const Node dup = verified(tip("t-20261121-bbbbbb", "2026-11-21"), "h-20261120-3kq8vz", "2026-11-24", {filed(v)});
  CHECK(reward(dup, 200) == "t-20261121-bbbbbb repeats t-20261120-aaaaaa, whose reporter is rewarded");
  Node anonymous = tip();
  anonymous.set("reporter", yaml("{anonymous: true}"));
  CHECK(reward(verified(anonymous, "h-20261120-3kq8vz"), 200) == "t-20261120-aaaaaa is anonymous: there is no one to reward");
  CHECK(reward(r, 100) == "t-20261120-aaaaaa has its reward already");
  CHECK(reward(v, 200, "2026-11-22") == "the date 2026-11-22 is before the verification (2026-11-23)");
  CHECK(reward(v, 200, "2027-01-01") == "the date 2027-01-01 is after today (2026-12-31)");

  // A policy with another scale.
  const Node generous = yaml("tips: {reward_min_yuan: 100, reward_max_yuan: 2000}");
  CHECK(hazard::reward_tip(v, 2000, d("2026-11-30"), Node(), generous, kToday).find("reward")->find("amount_yuan")->as_int() ==
        2000);
  CHECK(refusal([&] { hazard::reward_tip(v, 50, d("2026-11-30"), Node(), generous, kToday); }) ==
        "50 yuan is outside the reward scale (100 to 2000 yuan)");
}

TEST_CASE("a named reporter who says `anonymous: false` can be rewarded", "[hazard]") {
  // BUG (reported): reward_tip refuses any reporter with an `anonymous` key, even false.
  Node named = tip();
  named.find("reporter")->set("anonymous", Node::boolean(false));
  require_valid_tip(named);
  CHECK_NOTHROW(hazard::reward_tip(verified(named, "h-20261120-3kq8vz"), 200, d("2026-11-30"), Node(), policy(), kToday));
}

TEST_CASE("pay a reward within the claim period", "[hazard]") {
  // Approved 2026-03-02: 90 days later is 2026-05-31 (29 + 30 + 31).
  Node t = verified(tip("t-20260225-aaaaaa", "2026-02-25"), "h-20260225-3kq8vz", "2026-02-27");
  t = hazard::reward_tip(t, 300, d("2026-03-02"), Node(), policy(), kToday);
  const Node paid = hazard::pay_tip(t, d("2026-05-31"), policy(), kToday);
  require_valid_tip(paid);
  CHECK(paid.find("reward")->get_string("paid_on") == "2026-05-31");
  CHECK(hazard::pay_tip(t, d("2026-03-02"), policy(), kToday).find("reward")->get_string("paid_on") == "2026-03-02");

  auto pay = [&](const Node& r, const char* on) {
    return refusal([&] { hazard::pay_tip(r, d(on), policy(), kToday); });
  };
  CHECK(pay(t, "2026-06-01") == "the claim period of t-20260225-aaaaaa ended on 2026-05-31 (90 days after the approval)");
  CHECK(pay(paid, "2026-05-31") == "t-20260225-aaaaaa was paid on 2026-05-31");
  CHECK(pay(verified(tip(), "h-20261120-3kq8vz"), "2026-11-30") == "t-20261120-aaaaaa has no approved reward");
  CHECK(pay(t, "2026-03-01") == "the date 2026-03-01 is before the approval (2026-03-02)");
  CHECK(pay(t, "2027-01-01") == "the date 2027-01-01 is after today (2026-12-31)");
  // claim_days from the policy.
  CHECK(refusal([&] { hazard::pay_tip(t, d("2026-04-02"), yaml("tips: {claim_days: 30}"), kToday); }) ==
        "the claim period of t-20260225-aaaaaa ended on 2026-04-01 (30 days after the approval)");
}

TEST_CASE("where a tip stands, and its reply clock in working days", "[hazard][calendar]") {
  auto status = [&](const Node& t, const char* as_of) { return hazard::tip_status(t, policy(), calendar(), d(as_of)); };
  // Received Tuesday 2026-09-29: 09-30, 10-08, 10-09, 10-10 (worked), Monday 10-12.
  const Node received = tip("t-20260929-aaaaaa", "2026-09-29");
  auto s = status(received, "2026-10-04");
  CHECK(s.status == "received");
  REQUIRE(s.due);
  CHECK(s.due->iso() == "2026-10-12");
  CHECK(s.certain);
  CHECK(s.light == hazard::Light::green);  // 10-04 + 7 = 10-11
  CHECK(status(received, "2026-10-05").light == hazard::Light::yellow);
  CHECK(status(received, "2026-10-12").light == hazard::Light::yellow);
  CHECK(status(received, "2026-10-13").light == hazard::Light::red);
  // Received Monday 2026-12-28: 12-29, 12-30, 12-31, 2027-01-01 (?), Monday 01-04.
  s = status(tip("t-20261228-aaaaaa", "2026-12-28"), "2026-12-28");
  CHECK(s.due->iso() == "2027-01-04");
  CHECK_FALSE(s.certain);

  const Node unfounded = hazard::verify_tip(tip(), false, "", d("2026-11-23"), Node(), "", {}, kToday);
  s = status(unfounded, "2026-12-01");
  CHECK(s.status == "unfounded");
  CHECK_FALSE(s.due);
  CHECK(s.light == hazard::Light::none);
  const Node founded = verified(tip(), "h-20261120-3kq8vz");
  CHECK(status(founded, "2026-12-01").status == "founded");
  CHECK(status(verified(tip("t-20261121-bbbbbb", "2026-11-21"), "h-20261120-3kq8vz", "2026-11-24", {filed(founded)}),
               "2026-12-01")
          .status == "duplicate");
  // Approved 2026-11-30: claimable until 2027-02-28 (1 + 31 + 31 + 27 = 90 days).
  const Node approved = hazard::reward_tip(founded, 100, d("2026-11-30"), Node(), policy(), kToday);
  s = status(approved, "2027-02-28");
  CHECK(s.status == "approved");
  CHECK(s.due->iso() == "2027-02-28");
  CHECK(status(approved, "2027-03-01").status == "lapsed");
  const Node paid = hazard::pay_tip(approved, d("2026-12-15"), policy(), kToday);
  CHECK(status(paid, "2027-06-01").status == "paid");
}

// ---- who, and batches ----

TEST_CASE("parse_actor: a name, name/organisation, or a person spec", "[hazard]") {
  CHECK(text(hazard::parse_actor("王强")) == text(yaml("{name: 王强}")));
  CHECK(text(hazard::parse_actor("王强/槐阳镇派出所")) == text(yaml("{name: 王强, organisation: 槐阳镇派出所}")));
  CHECK(text(hazard::parse_actor("王强/")) == text(yaml("{name: 王强}")));
  CHECK(text(hazard::parse_actor("赵洋/北苏村/惠民超市")) == text(yaml("{name: 赵洋, organisation: 北苏村/惠民超市}")));
  CHECK(text(hazard::parse_actor("name=王强,org=槐阳镇派出所,role=民警,phone=13800138000")) ==
        text(yaml("{name: 王强, organisation: 槐阳镇派出所, role: 民警, phone: '13800138000'}")));
  CHECK(refusal([] { hazard::parse_actor(""); }) == "who took the step? --by needs a name");
  CHECK(refusal([] { hazard::parse_actor("/槐阳镇派出所"); }) == "person '/槐阳镇派出所' has no name");
  CHECK(refusal([] { hazard::parse_actor("org=派出所"); }) == "person 'org=派出所' has no name");
  CHECK_THROWS_AS(hazard::parse_actor("name=王强,rank=警长"), firegrid::Error);
}

namespace {

// A repo with two hazards opened at the shop: exits on 2026-09-30, extinguishers on 10-08.
struct BatchRepo {
  firegrid::store::MemoryDisk disk = county();
  std::string exits, extinguishers;  // their ids
  std::string exits_path, extinguishers_path;
  BatchRepo() {
    const auto repo = load(disk);
    auto h = shop_hazard(repo);
    h.date = d("2026-09-30");
    auto w = hazard::open(catalog(), checklist(), h, repo.hazards, kToday);
    exits = w.id;
    exits_path = w.path;
    disk.commit(w.changes);
    h.item = "extinguishers";
    h.date = d("2026-10-08");
    w = hazard::open(catalog(), checklist(), h, repo.hazards, kToday);
    extinguishers = w.id;
    extinguishers_path = w.path;
    disk.commit(w.changes);
  }
  hazard::BatchPlan plan(const std::string& csv, std::optional<firegrid::text::Encoding> encoding = {}) const {
    const auto repo = load(disk);
    REQUIRE(repo.hazards.size() == 2);
    return hazard::plan_steps(catalog(), repo.hazards, repo.policy(), "steps.csv", csv, {encoding, ""}, kToday);
  }
};

Strings problems(const hazard::BatchPlan& p) {
  Strings out;
  for (const auto& f : p.problems.items())
    out.push_back(f.where.path + ":" + std::to_string(f.where.line) + ": " + f.code + ": " + f.message);
  return out;
}

}  // namespace

TEST_CASE("apply a CSV of steps in file order", "[hazard]") {
  const BatchRepo b;
  const auto p = b.plan("hazard,step,date,by,deadline,number,note\n" + b.exits +
                        ",notice,2026-10-09,王强/槐阳镇派出所,,元消限字〔2026〕第0012号,\n" + b.exits +
                        ",rectify,2026-10-20,赵洋/北苏村惠民超市,,,已清理\n" + b.extinguishers +
                        ",fix,2026-10-08,王强,,,当场更换\n" + b.exits + ",verify-pass,2026-10-21,王强/槐阳镇派出所,,,\n");
  CHECK(problems(p).empty());
  CHECK(p.rows == 4);
  CHECK(p.hazards == 2);
  CHECK(p.actions == Strings{b.exits + " 2026-10-09 notice -> notified", b.exits + " 2026-10-20 rectify -> reported",
                             b.extinguishers + " 2026-10-08 fix -> fixed", b.exits + " 2026-10-21 verify-pass -> closed"});
  REQUIRE(p.changes.writes.size() == 2);
  const Node exits = yaml(p.changes.writes.at(b.exits_path));
  CHECK(exits.get_string("state") == "closed");
  CHECK(exits.get_string("deadline") == "2026-11-08");
  CHECK(exits.get_string("reported_on") == "2026-10-20");
  CHECK(exits.get_string("closed_on") == "2026-10-21");
  CHECK(exits.find("notice")->get_string("number") == "元消限字〔2026〕第0012号");
  CHECK(exits.find("history")->items().size() == 4);
  CHECK(text(exits.find("history")->items()[2]) ==
        text(yaml("{date: '2026-10-20', event: rectify, by: {name: 赵洋, organisation: 北苏村惠民超市}, note: 已清理, "
                  "state: reported}")));
  const Node ext = yaml(p.changes.writes.at(b.extinguishers_path));
  CHECK(ext.get_string("state") == "fixed");
  CHECK(ext.get_string("closed_on") == "2026-10-08");
  // Written with the emitter's fixed key order after its modeline: loading and emitting again gives the same bytes.
  CHECK(catalog().file_text("hazard", b.extinguishers_path, ext) == p.changes.writes.at(b.extinguishers_path));
}

TEST_CASE("apply: Chinese headers and step names, escalation and supervision", "[hazard]") {
  const BatchRepo b;
  const auto p = b.plan("隐患编号,步骤,日期,经办人,整改期限,文书编号,备注,上报至,督办单位\r\n" + b.exits +
                        ",限期整改,2026-10-09,王强/槐阳镇派出所,2026-10-31,,,,\r\n" + b.exits +
                        ",上报,2026-10-09,王强/槐阳镇派出所,,,,police-bureau;fire-brigade county-government,\r\n" +
                        b.exits + ",备注,2026-10-10,王强,,,单位负责人已签收,,\r\n" + b.exits +
                        ",复查不合格,2026-11-02,王强,2026-11-16,,,,\r\n");
  CHECK(problems(p).empty());
  CHECK(p.actions == Strings{b.exits + " 2026-10-09 notice -> notified", b.exits + " 2026-10-09 escalate -> notified",
                             b.exits + " 2026-10-10 note -> notified", b.exits + " 2026-11-02 verify-fail -> notified"});
  const Node r = yaml(p.changes.writes.at(b.exits_path));
  CHECK(r.get_string("deadline") == "2026-11-16");
  Strings to;
  for (const auto& e : r.find("escalations")->items()) to.push_back(e.get_string("to"));
  CHECK(to == Strings{"police-bureau", "fire-brigade", "county-government"});
  CHECK(r.find("history")->items()[1].get_string("deadline") == "2026-10-31");
}

TEST_CASE("apply: the same CSV saved by a Chinese Excel (GB18030)", "[hazard]") {
  const BatchRepo b;
  // 隐患编号,步骤,日期,经办人 / <id>,限期整改,2026-10-09,王强/槐阳镇派出所 in GB18030.
  const std::string csv = std::string("\xd2\xfe\xbb\xbc\xb1\xe0\xba\xc5,\xb2\xbd\xd6\xe8,\xc8\xd5\xc6\xda,"
                                      "\xbe\xad\xb0\xec\xc8\xcb\r\n") +
                          b.exits +
                          ",\xcf\xde\xc6\xda\xd5\xfb\xb8\xc4,2026-10-09,\xcd\xf5\xc7\xbf/"
                          "\xbb\xb1\xd1\xf4\xd5\xf2\xc5\xc9\xb3\xf6\xcb\xf9\r\n";
  const auto p = b.plan(csv);
  CHECK(problems(p).empty());
  CHECK(p.actions == Strings{b.exits + " 2026-10-09 notice -> notified"});
  const Node r = yaml(p.changes.writes.at(b.exits_path));
  CHECK(text(*r.find("history")->items().back().find("by")) == text(yaml("{name: 王强, organisation: 槐阳镇派出所}")));
  // Forced to read it as UTF-8, it is refused as a whole.
  const auto forced = b.plan(csv, firegrid::text::Encoding::utf8);
  REQUIRE(forced.problems.items().size() == 1);
  CHECK(forced.problems.items()[0].code == "batch-encoding");
  CHECK(forced.changes.empty());
}

TEST_CASE("apply is all or nothing: every refused row, at its line, and nothing written", "[hazard]") {
  const BatchRepo b;
  const auto p = b.plan("hazard,step,date,by,deadline\n" +                           // line 1
                        b.exits + ",notice,2026-10-09,王强,\n" +                     // 2: fine
                        b.extinguishers + ",rectify,2026-10-09,王强,\n" +            // 3: not under notice
                        "h-20261008-zzzzzz,notice,2026-10-09,王强,\n" +             // 4: no such hazard
                        b.exits + ",rectify,20.10.2026,王强,\n" +                    // 5: bad date (2026/10/20 is read)
                        b.exits + ",rectify,2026-10-20,,\n" +                        // 6: nobody
                        b.exits + ",verify-fail,2026-10-21,王强,next week\n" +       // 7: bad deadline
                        b.exits + ",rectify,2026-10-08,王强,\n" +                    // 8: before the notice
                        b.exits + ",note,2026-10-20,王强,\n" +                       // 9: a note without text
                        b.exits + ",rectify,2027-01-05,王强,\n");                    // 10: after today
  Strings found = problems(p);
  REQUIRE(found.size() == 8);
  // Row 6: the wording of a missing `by` is the batch's own; what matters is the row.
  CHECK(found[3].rfind("steps.csv:6: batch-row: who took the step?", 0) == 0);
  found.erase(found.begin() + 3);
  CHECK(found ==
        Strings{
          "steps.csv:3: batch-row: " + b.extinguishers + " is found (发现): it cannot take the step 'rectify'",
          "steps.csv:4: batch-row: no hazard 'h-20261008-zzzzzz'",
          "steps.csv:5: batch-row: date '20.10.2026' is not YYYY-MM-DD",
          "steps.csv:7: batch-row: deadline 'next week' is not YYYY-MM-DD",
          "steps.csv:8: batch-row: the date 2026-10-08 is before the hazard's last step (2026-10-09)",
          "steps.csv:9: batch-row: a note needs its text",
          "steps.csv:10: batch-row: the date 2027-01-05 is after today (2026-12-31)",
        });
  CHECK(p.problems.items()[0].hint ==
        "issue the notice first (hazard notice ID), or close it if it was fixed on the spot (hazard close ID --on-spot)");
  CHECK(p.rows == 9);
  CHECK(p.changes.empty());
  CHECK(p.hazards == 0);

  // A step that would make the record invalid (an unknown body) is a row problem too.
  const auto invalid = b.plan("hazard,step,date,by,to\n" + b.exits + ",escalate,2026-10-09,王强,县长\n");
  REQUIRE(invalid.problems.items().size() == 1);
  CHECK(invalid.problems.items()[0].code == "batch-row");
  CHECK(invalid.problems.items()[0].where.line == 2);
  CHECK(invalid.changes.empty());
}

TEST_CASE("apply: a file that is not a table of steps", "[hazard]") {
  const BatchRepo b;
  CHECK(problems(b.plan("")) == Strings{"steps.csv:1: batch-empty: no header row"});
  CHECK(problems(b.plan("hazard,step,date,who\n")) == Strings{"steps.csv:1: batch-column: unknown column 'who'"});
  auto p = b.plan("hazard,step,date,by\n\"" + b.exits + ",notice,2026-10-09,王强\n");
  REQUIRE_FALSE(p.problems.empty());
  CHECK(p.problems.items()[0].code == "batch-csv");
  CHECK(p.changes.empty());
  // Only a header: nothing to do, nothing written.
  p = b.plan("hazard,step,date,by\n");
  CHECK(p.problems.empty());
  CHECK(p.rows == 0);
  CHECK(p.changes.empty());
}
