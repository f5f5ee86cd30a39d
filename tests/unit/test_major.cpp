// GB 35181 as data: the editions, the judging of elements by the counting rules, and the
// consistency of schemas/gb35181.yaml itself. The expected verdicts were worked out from
// the rules as the file states them (2017 5.2.2 and 5.3.2 a-d; their 2025 carry-overs).
#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/hazard/major.hpp>

#include <catch2/catch.hpp>

#include <map>
#include <set>
#include <string>
#include <vector>

using firegrid::Date;
using firegrid::parse_date;
using firegrid::doc::Node;
namespace hazard = firegrid::hazard;
using hazard::Verdict;
using Strings = std::vector<std::string>;

namespace {

using firegrid::test::catalog;

constexpr auto d = firegrid::test::date;

const hazard::Rules& rules() {
  static const hazard::Rules r(catalog());
  return r;
}

const hazard::Edition& edition(const char* name) {
  const hazard::Edition* e = rules().find(name);
  REQUIRE(e);
  return *e;
}

std::string version_on(const char* iso) {
  const hazard::Edition* e = rules().in_force_on(d(iso));
  return e ? e->version : "none";
}

const char* const k65 =
  "公共娱乐场所、商店、地下人员密集场所的安全出口数量不足或其总净宽度小于国家工程建设消防技术标准规定值的80%。";

}  // namespace

TEST_CASE("two editions of GB 35181, found by version or year", "[major]") {
  REQUIRE(rules().editions().size() == 2);
  CHECK(edition("2017").version == "GB 35181-2017");
  CHECK(edition("GB 35181-2017").version == "GB 35181-2017");
  CHECK(edition("2025").version == "GB 35181-2025");
  CHECK(&edition("GB 35181-2025") == &edition("2025"));
  CHECK_FALSE(rules().find("2020"));
  CHECK_FALSE(rules().find("35181-2017"));
  CHECK_FALSE(rules().find(""));
  CHECK_FALSE(rules().find("gb 35181-2017"));

  const auto& e2017 = edition("2017");
  REQUIRE(e2017.in_force);
  CHECK(e2017.in_force->iso() == "2018-07-01");
  REQUIRE(e2017.until);
  CHECK(e2017.until->iso() == "2025-10-31");
  const auto& e2025 = edition("2025");
  REQUIRE(e2025.in_force);
  CHECK(e2025.in_force->iso() == "2025-11-01");
  CHECK_FALSE(e2025.until);

  // 10 direct elements (6.1-6.10) and 39 composite ones (7.1.1 .. 7.9.5) in 2017, the
  // same numbers one chapter lower in 2025; 5 rules each.
  for (const auto* e : {&e2017, &e2025}) {
    CAPTURE(e->version);
    int direct = 0, composite = 0;
    for (const auto& el : e->elements) (el.kind == "direct" ? direct : composite) += 1;
    CHECK(direct == 10);
    CHECK(composite == 39);
    CHECK(e->rules.size() == 5);
  }
  REQUIRE(e2017.find("6.5"));
  CHECK(e2017.find("6.5")->kind == "direct");
  CHECK(e2017.find("6.5")->text == k65);
  CHECK(e2017.find("6.5")->verified);
  CHECK_FALSE(e2017.find("6.6")->verified);
  CHECK(e2017.find("7.5")->kind == "composite");
  CHECK(e2017.find("7.5")->group == "7.5");
  CHECK(e2017.find("7.3.10")->group == "7.3");
  CHECK_FALSE(e2017.find("7.3"));  // a group, not an element
  CHECK_FALSE(e2017.find("5.1"));
  CHECK(e2025.find("5.1")->kind == "direct");
  CHECK(e2025.find("6.5")->kind == "composite");  // 2025 6.5 is 2017 7.5
  CHECK_FALSE(e2025.find("6.5")->verified);

  const auto& a = e2017.rules[1];
  CHECK(a.clause == "5.3.2 a)");
  CHECK(a.kind == "count");
  CHECK(a.premises == Strings{"crowded"});
  CHECK(a.at_least == 3);
  CHECK(a.elements ==
        Strings{"7.3.1", "7.3.2", "7.3.3", "7.3.4", "7.3.5", "7.3.6", "7.3.7", "7.3.8", "7.3.9", "7.5", "7.9.3"});
  CHECK(e2017.rules[0].kind == "direct");
  CHECK(e2017.rules[4].premises == Strings{"other"});
  CHECK(e2017.rules[4].at_least == 6);
  CHECK(e2017.rules[4].elements.empty());
}

TEST_CASE("the edition in force on a date: 2017 until 2025-10-31, 2025 from 2025-11-01", "[major]") {
  CHECK(version_on("2018-06-30") == "none");
  CHECK(version_on("2018-07-01") == "GB 35181-2017");
  CHECK(version_on("2024-01-15") == "GB 35181-2017");
  CHECK(version_on("2025-10-31") == "GB 35181-2017");
  CHECK(version_on("2025-11-01") == "GB 35181-2025");
  CHECK(version_on("2026-09-30") == "GB 35181-2025");
  CHECK(version_on("2040-01-01") == "GB 35181-2025");
}

TEST_CASE("the kinds of premises, and the nine small places that are crowded", "[major]") {
  std::vector<std::string> ids;
  for (const auto& p : rules().premises()) ids.push_back(p.id + " " + p.chinese);
  CHECK(ids == Strings{"crowded 人员密集场所", "hazardous-goods 易燃易爆危险品场所", "important 重要场所", "other 其他场所"});

  for (const char* c : {"small-shop", "small-restaurant", "small-hotel", "small-entertainment", "small-internet-cafe",
                        "small-beauty-bath", "small-clinic", "small-school"}) {
    CAPTURE(c);
    CHECK(hazard::premises_of_category(c) == "crowded");
  }
  // The category does not say: the user must.
  for (const char* c : {"small-workshop", "key-unit", "general-unit", "three-in-one", "rental-housing",
                        "residential-building", "", "小商店"}) {
    CAPTURE(c);
    CHECK(hazard::premises_of_category(c).empty());
  }
}

TEST_CASE("one direct element points to a major hazard", "[major]") {
  const Verdict v = hazard::judge(edition("2017"), "other", {"6.5"});
  CHECK(v.points_to_major);
  CHECK(v.reasons == Strings{std::string("6.5 is a direct element (5.2.2): ") + k65});
  // 6.5 itself was checked; the rule 5.2.2 was not.
  CHECK(v.unverified == Strings{"5.2.2"});

  // Whatever the premises, even none given.
  CHECK(hazard::judge(edition("2017"), "", {"6.1"}).points_to_major);
  const Verdict unchecked = hazard::judge(edition("2017"), "crowded", {"6.6"});
  CHECK(unchecked.points_to_major);
  CHECK(unchecked.unverified == Strings{"5.2.2", "6.6"});

  const Verdict v2025 = hazard::judge(edition("2025"), "crowded", {"5.5"});
  CHECK(v2025.points_to_major);
  CHECK(v2025.reasons == Strings{std::string("5.5 is a direct element (4 [direct]): ") + k65});
  CHECK(v2025.unverified == Strings{"4 [direct]", "5.5"});
}

TEST_CASE("crowded premises: 3 of the listed composite elements, or any 4", "[major]") {
  const auto& e = edition("2017");
  // Two listed ones: below both thresholds.
  Verdict v = hazard::judge(e, "crowded", {"7.3.1", "7.3.2"});
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons ==
        Strings{"5.3.2 a): 2 of the composite elements it counts (7.3.1 7.3.2) for crowded premises, but 3 needed",
                "5.3.2 c): 2 of the composite elements it counts (7.3.1 7.3.2) for crowded/hazardous-goods/important "
                "premises, but 4 needed"});
  CHECK(v.unverified == Strings{"5.3.2 a)", "5.3.2 c)"});

  // Three listed ones (7.5 and 7.9.3 are on the list too): a) is met, c) is not.
  v = hazard::judge(e, "crowded", {"7.3.1", "7.5", "7.9.3"});
  CHECK(v.points_to_major);
  CHECK(v.reasons ==
        Strings{"5.3.2 a): 3 of the composite elements it counts (7.3.1 7.5 7.9.3) for crowded premises, at least 3 "
                "needed",
                "5.3.2 c): 3 of the composite elements it counts (7.3.1 7.5 7.9.3) for crowded/hazardous-goods/"
                "important premises, but 4 needed"});
  CHECK(v.unverified == Strings{"5.3.2 a)", "5.3.2 c)", "7.9.3"});

  // Three not on a)'s list: a) counts none and says nothing; c) wants 4.
  v = hazard::judge(e, "crowded", {"7.1.1", "7.2.1", "7.4.1"});
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons == Strings{"5.3.2 c): 3 of the composite elements it counts (7.1.1 7.2.1 7.4.1) for "
                             "crowded/hazardous-goods/important premises, but 4 needed"});
  // Four of any: c) is met.
  v = hazard::judge(e, "crowded", {"7.1.1", "7.2.1", "7.4.1", "7.6.1"});
  CHECK(v.points_to_major);
  CHECK(v.reasons == Strings{"5.3.2 c): 4 of the composite elements it counts (7.1.1 7.2.1 7.4.1 7.6.1) for "
                             "crowded/hazardous-goods/important premises, at least 4 needed"});
  // Two listed plus one not: 2 for a), 3 for c): neither.
  CHECK_FALSE(hazard::judge(e, "crowded", {"7.3.1", "7.3.2", "7.1.1"}).points_to_major);
}

TEST_CASE("hazardous-goods, important and other premises", "[major]") {
  const auto& e = edition("2017");
  // b): 7.1.1-7.1.3, 7.4.5, 7.4.6, three of them.
  Verdict v = hazard::judge(e, "hazardous-goods", {"7.1.1", "7.1.2", "7.4.6"});
  CHECK(v.points_to_major);
  CHECK(v.reasons.size() == 2);
  CHECK(v.reasons[0] == "5.3.2 b): 3 of the composite elements it counts (7.1.1 7.1.2 7.4.6) for hazardous-goods "
                        "premises, at least 3 needed");
  CHECK_FALSE(hazard::judge(e, "hazardous-goods", {"7.1.1", "7.1.2", "7.3.1"}).points_to_major);
  // The crowded list means nothing for hazardous goods.
  CHECK_FALSE(hazard::judge(e, "hazardous-goods", {"7.3.1", "7.3.2", "7.3.3"}).points_to_major);

  // Important premises (2017 only): c), any 4.
  CHECK_FALSE(hazard::judge(e, "important", {"7.3.1", "7.3.2", "7.3.3"}).points_to_major);
  CHECK(hazard::judge(e, "important", {"7.3.1", "7.3.2", "7.3.3", "7.8.2"}).points_to_major);

  // Other premises: d), any 6.
  const Strings five = {"7.1.1", "7.2.2", "7.3.3", "7.4.4", "7.6.1"};
  v = hazard::judge(e, "other", five);
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons == Strings{"5.3.2 d): 5 of the composite elements it counts (7.1.1 7.2.2 7.3.3 7.4.4 7.6.1) for "
                             "other premises, but 6 needed"});
  Strings six = five;
  six.push_back("7.9.5");
  v = hazard::judge(e, "other", six);
  CHECK(v.points_to_major);
  CHECK(v.reasons.size() == 1);
  CHECK(v.reasons[0].find("6 of the composite elements it counts") != std::string::npos);
  CHECK(v.reasons[0].find("at least 6 needed") != std::string::npos);
}

TEST_CASE("GB 35181-2025: the 2017 rules carried over, renumbered, and no important premises", "[major]") {
  const auto& e = edition("2025");
  // The example of docs/commands/hazard.md.
  Verdict v = hazard::judge(e, "crowded", {"6.3.1", "6.3.2", "6.3.6"});
  CHECK(v.points_to_major);
  CHECK(v.reasons ==
        Strings{"4 [count crowded]: 3 of the composite elements it counts (6.3.1 6.3.2 6.3.6) for crowded premises, "
                "at least 3 needed",
                "4 [count any-4]: 3 of the composite elements it counts (6.3.1 6.3.2 6.3.6) for "
                "crowded/hazardous-goods premises, but 4 needed"});
  CHECK(v.unverified == Strings{"4 [count any-4]", "4 [count crowded]", "6.3.1", "6.3.2", "6.3.6"});

  // 2025 drops 重要场所: nothing counts for it.
  v = hazard::judge(e, "important", {"6.3.1", "6.3.2", "6.3.3", "6.8.2"});
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons == Strings{"no rule of GB 35181-2025 counts these elements for premises of kind important"});
  // The 2017 numbers are not 2025 elements... except where they coincide.
  CHECK_THROWS_AS(hazard::judge(e, "crowded", {"7.3.1"}), firegrid::Error);
  CHECK(hazard::judge(e, "other", {"6.5"}).reasons.front().find("6.5") != std::string::npos);
  CHECK_FALSE(hazard::judge(e, "other", {"6.5"}).points_to_major);  // composite in 2025
}

TEST_CASE("direct and composite elements together", "[major]") {
  const Verdict v = hazard::judge(edition("2017"), "crowded", {"6.8", "7.3.1"});
  CHECK(v.points_to_major);
  REQUIRE(v.reasons.size() == 3);
  CHECK(v.reasons[0].rfind("6.8 is a direct element (5.2.2): ", 0) == 0);
  CHECK(v.reasons[1] == "5.3.2 a): 1 of the composite elements it counts (7.3.1) for crowded premises, but 3 needed");
  CHECK(v.unverified == Strings{"5.2.2", "5.3.2 a)", "5.3.2 c)", "6.8"});
  // Two direct elements: two reasons, the rule named once among the unverified.
  const Verdict two = hazard::judge(edition("2017"), "other", {"6.1", "6.2"});
  CHECK(two.reasons.size() == 2);
  CHECK(two.unverified == Strings{"5.2.2"});
}

TEST_CASE("no elements, or elements no rule counts", "[major]") {
  Verdict v = hazard::judge(edition("2017"), "crowded", {});
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons == Strings{"no element was found"});
  CHECK(v.unverified.empty());
  // Hazardous-goods premises with one element outside b)'s list: c) still counts it.
  v = hazard::judge(edition("2017"), "hazardous-goods", {"7.8.1"});
  CHECK(v.reasons == Strings{"5.3.2 c): 1 of the composite elements it counts (7.8.1) for "
                             "crowded/hazardous-goods/important premises, but 4 needed"});
  // Premises the rules do not name.
  v = hazard::judge(edition("2017"), "warehouse", {"7.8.1"});
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons == Strings{"no rule of GB 35181-2017 counts these elements for premises of kind warehouse"});
}

TEST_CASE("the same clause twice counts once", "[major]") {
  // Crowded premises with 7.3.1 twice and 7.3.2: two elements, not three.
  const Verdict v = hazard::judge(edition("2017"), "crowded", {"7.3.1", "7.3.1", "7.3.2"});
  CHECK_FALSE(v.points_to_major);
  CHECK(v.reasons.front() ==
        "5.3.2 a): 2 of the composite elements it counts (7.3.1 7.3.2) for crowded premises, but 3 needed");
  // A direct element twice gives one reason.
  CHECK(hazard::judge(edition("2017"), "other", {"6.5", "6.5"}).reasons.size() == 1);
}

TEST_CASE("an unknown clause is an error listing the edition's clauses", "[major]") {
  try {
    hazard::judge(edition("2017"), "crowded", {"7.3.1", "7.10"});
    FAIL("7.10 was accepted");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()) == "GB 35181-2017 has no element 7.10");
    const std::string hint = e.hint();
    CHECK(hint.rfind("its elements are 6.1 6.2 6.3 ", 0) == 0);
    CHECK(hint.find(" 7.3.12 7.4.1 ") != std::string::npos);
    CHECK((hint.size() > 5 && hint.substr(hint.size() - 6) == " 7.9.5"));
  }
  // A group heading is not an element.
  CHECK_THROWS_WITH(hazard::judge(edition("2017"), "crowded", {"7.3"}), "GB 35181-2017 has no element 7.3");
  CHECK_THROWS_WITH(hazard::judge(edition("2025"), "crowded", {""}), "GB 35181-2025 has no element ");
}

TEST_CASE("the rule file is consistent", "[major]") {
  const Node* root = catalog().data(hazard::kRuleFile);
  REQUIRE(root);
  std::set<std::string> premises;
  for (const auto& p : root->find("premises")->items()) {
    CHECK(!p.get_string("chinese").empty());
    CHECK(premises.insert(p.get_string("id")).second);
  }
  const Node* editions = root->find("editions");
  REQUIRE(editions);
  REQUIRE(editions->items().size() == 2);
  for (const auto& ed : editions->items()) {
    const std::string version = ed.get_string("version");
    CAPTURE(version);
    Date in_force;
    CHECK(parse_date(ed.get_string("in_force"), in_force));
    std::set<std::string> groups;
    for (const auto& g : ed.find("groups")->items()) {
      CHECK(!g.get_string("text").empty());
      CHECK(groups.insert(g.get_string("clause")).second);
    }
    std::map<std::string, std::string> kinds;  // clause -> direct/composite
    for (const auto& el : ed.find("elements")->items()) {
      const std::string clause = el.get_string("clause");
      CAPTURE(clause);
      CHECK(kinds.emplace(clause, el.get_string("kind")).second);  // unique
      CHECK((el.get_string("kind") == "direct" || el.get_string("kind") == "composite"));
      CHECK(!el.get_string("text").empty());
      CHECK(!el.get_string("english").empty());
      const Node* verified = el.find("verified");
      CHECK((verified && verified->kind() == firegrid::doc::Kind::boolean));
      CHECK(!el.get_string("source").empty());
      if (el.get_string("kind") == "composite") {
        // Its group exists, and its clause lies in it (7.3.4 in 7.3; 7.5 is its own group).
        const std::string group = el.get_string("group");
        CHECK(groups.count(group) == 1);
        CHECK((clause == group || clause.rfind(group + ".", 0) == 0));
      }
    }
    std::set<std::string> rule_clauses;
    for (const auto& rule : ed.find("rules")->items()) {
      const std::string clause = rule.get_string("clause");
      CAPTURE(clause);
      CHECK(rule_clauses.insert(clause).second);
      CHECK(!rule.get_string("text").empty());
      const std::string kind = rule.get_string("kind");
      CHECK((kind == "direct" || kind == "count"));
      if (kind != "count") continue;
      const Node* at_least = rule.find("at_least");
      REQUIRE(at_least);
      CHECK(at_least->kind() == firegrid::doc::Kind::integer);
      CHECK(at_least->as_int() >= 1);
      const Node* ps = rule.find("premises");
      REQUIRE(ps);
      for (const auto& p : ps->items()) CHECK(premises.count(p.as_string()) == 1);
      if (const Node* els = rule.find("elements")) {
        std::set<std::string> seen;
        for (const auto& e : els->items()) {
          CAPTURE(e.as_string());
          CHECK(seen.insert(e.as_string()).second);
          const auto it = kinds.find(e.as_string());
          REQUIRE(it != kinds.end());
          CHECK(it->second == "composite");
        }
        // A list shorter than its threshold could never be met.
        CHECK(static_cast<std::int64_t>(seen.size()) >= at_least->as_int());
      }
    }
    // Every kind of premises but `important` (dropped in 2025) has a counting rule.
    for (const auto& p : premises) {
      if (p == "important" && version == "GB 35181-2025") continue;
      bool counted = false;
      for (const auto& rule : ed.find("rules")->items())
        if (const Node* ps = rule.find("premises"))
          for (const auto& x : ps->items()) counted = counted || x.as_string() == p;
      CHECK(counted);
    }
  }
}
