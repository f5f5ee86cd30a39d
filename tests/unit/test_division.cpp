#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/division/division.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/schema/modeline.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <set>
#include <string>
#include <vector>

using firegrid::Findings;
using firegrid::division::CsvFile;
using firegrid::division::GroupCount;
using firegrid::division::parse_group_count;
using firegrid::division::plan_import;
using firegrid::division::read_county;
using firegrid::division::short_village_name;
using firegrid::division::Township;
using firegrid::store::MemoryDisk;

namespace {

using firegrid::test::catalog;

std::string error_of(const std::function<void()>& f, std::string* hint = nullptr) {
  try {
    f();
  } catch (const firegrid::Error& e) {
    if (hint) *hint = e.hint();
    return e.what();
  }
  return "no error";
}

const char* const kStreets =
  "code,name,areaCode,provinceCode,cityCode\r\n"
  "130132200,南佐镇,130132,13,1301\r\n"
  "130132100,槐阳镇,130132,13,1301\r\n"
  "130133100,别县镇,130133,13,1301\r\n";

const char* const kVillages =
  "code,name,streetCode,provinceCode,cityCode,areaCode\n"
  "130132100201,东关村委会,130132100,13,1301,130132\n"
  "130132100001,槐阳社区居民委员会,130132100,13,1301,130132\n"
  "130132200201,北苏村村委会,130132200,13,1301,130132\n"
  "130133100201,别县村委会,130133100,13,1301,130133\n";

CsvFile streets(const std::string& text) { return CsvFile{"streets.csv", text}; }
CsvFile villages(const std::string& text) { return CsvFile{"villages.csv", text}; }

std::vector<Township> county() {
  return read_county("130132", streets(kStreets), villages(kVillages));
}

// A repo holding only the county node.
MemoryDisk county_only() {
  MemoryDisk d;
  d.files["firegrid.yaml"] = "format: 1\n";
  d.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130132'\n";
  return d;
}

firegrid::grid::Tree load_clean(const MemoryDisk& disk) {
  Findings f;
  auto t = firegrid::grid::load_tree(disk, catalog(), f);
  for (const auto& i : f.items()) INFO(i.where.path << " " << i.code << ": " << i.message);
  REQUIRE(f.empty());
  return t;
}

}  // namespace

TEST_CASE("short_village_name drops the committee", "[division]") {
  CHECK(short_village_name("槐阳社区居民委员会") == "槐阳社区");
  CHECK(short_village_name("槐阳社区居委会") == "槐阳社区");
  CHECK(short_village_name("东关村委会") == "东关村");
  CHECK(short_village_name("东关村民委员会") == "东关村");
  CHECK(short_village_name("北苏村村委会") == "北苏村");  // no 北苏村村
  CHECK(short_village_name("北苏村村民委员会") == "北苏村");
  CHECK(short_village_name("南关居委会") == "南关社区");
  CHECK(short_village_name("南关居民委员会") == "南关社区");
  CHECK(short_village_name("东关村") == "东关村");
  CHECK(short_village_name("村委会") == "村委会");  // nothing before the suffix: left alone
  CHECK(short_village_name("居委会") == "居委会");
  CHECK(short_village_name("") == "");
}

TEST_CASE("parse_group_count takes a count or a range", "[division]") {
  auto g = parse_group_count("6");
  CHECK(g.min == 6);
  CHECK(g.max == 6);
  g = parse_group_count("4-8");
  CHECK(g.min == 4);
  CHECK(g.max == 8);
  CHECK(parse_group_count("0").max == 0);
  CHECK(parse_group_count("99").max == 99);
  CHECK(parse_group_count("0-99").max == 99);
  CHECK(parse_group_count("5-5").min == 5);

  for (const char* bad : {"", "x", "4-", "-4", "4-8x", "4x-8", "6 ", "1.5"}) {
    INFO(bad);
    CHECK(error_of([&] { parse_group_count(bad); }) ==
          std::string("--groups ") + bad + ": expected a count such as 6 or a range such as 4-8");
  }
  for (const char* bad : {"100", "8-4", "0-100", "4--8"}) {
    INFO(bad);
    CHECK(error_of([&] { parse_group_count(bad); }) ==
          std::string("--groups ") + bad + ": counts go from 0 to 99, low before high");
  }
  CHECK(error_of([] { parse_group_count("99999999999"); }) ==
        "--groups 99999999999: expected a count such as 6 or a range such as 4-8");
}

TEST_CASE("GroupCount::for_village is fixed by the code and within range", "[division]") {
  const GroupCount fixed{6, 6};
  CHECK(fixed.for_village("130132100201") == 6);
  const GroupCount range{4, 8};
  std::set<int> seen;
  for (int i = 0; i < 200; ++i) {
    const std::string code = "130132100" + std::to_string(100 + i);
    const int n = range.for_village(code);
    CHECK(n >= 4);
    CHECK(n <= 8);
    CHECK(range.for_village(code) == n);
    seen.insert(n);
  }
  CHECK(seen.size() == 5);  // every count in the range is used
  // FNV-1a of the code: the same on every machine and in every run.
  CHECK(range.for_village("130132100201") == 7);
  CHECK(range.for_village("130132100001") == 6);
  CHECK(GroupCount{1, 3}.for_village("130132100001") == 3);
  CHECK(GroupCount{0, 0}.for_village("x") == 0);
}

TEST_CASE("read_county reads the county's townships and villages", "[division]") {
  const auto t = county();
  REQUIRE(t.size() == 2);
  CHECK(t[0].code == "130132100");  // sorted by code
  CHECK(t[0].name == "槐阳镇");
  REQUIRE(t[0].villages.size() == 2);
  CHECK(t[0].villages[0].code == "130132100001");
  CHECK(t[0].villages[0].name == "槐阳社区居民委员会");
  CHECK(t[0].villages[0].community);
  CHECK(t[0].villages[1].code == "130132100201");
  CHECK_FALSE(t[0].villages[1].community);
  CHECK(t[1].code == "130132200");
  REQUIRE(t[1].villages.size() == 1);
  CHECK(t[1].villages[0].name == "北苏村村委会");
}

TEST_CASE("read_county refuses bad data with the file and line", "[division]") {
  std::string hint;
  CHECK(error_of([] { read_county("999999", streets(kStreets), villages(kVillages)); }, &hint) ==
        "county 999999 has no townships in the division data");
  CHECK(hint == "check the county code (6 digits, e.g. 130132)");
  CHECK(error_of([] { read_county("130132", streets("code,name\n130132100,x\n"), villages(kVillages)); }, &hint) ==
        "streets.csv has no 'areaCode' column");
  CHECK(hint ==
        "the division files have the columns code,name,areaCode (streets) and code,name,streetCode "
        "(villages)");
  CHECK(error_of([] { read_county("130132", streets("code,name,areaCode\n130132100,槐阳镇,130132\n1,2\n"), villages(kVillages)); }) ==
        "streets.csv:3: expected 3 columns, found 2");
  CHECK(error_of([] { read_county("130132", streets("code,name,areaCode\n13013210,槐阳镇,130132\n"), villages(kVillages)); }) ==
        "streets.csv:2: township code '13013210' is not 9 digits starting with 130132");
  CHECK(error_of([] {
          read_county("130132", streets(kStreets), villages("code,name,streetCode\n13013210020,东关村委会,130132100\n"));
        }) == "villages.csv:2: village code '13013210020' is not 12 digits starting with 130132100");
  CHECK(error_of([] { read_county("130132", streets(""), villages(kVillages)); }) == "streets.csv is empty");
  CHECK(error_of([] { read_county("130132", streets(kStreets), villages("code,name\n")); }) ==
        "villages.csv has no 'streetCode' column");
  const std::string broken = error_of([] {
    read_county("130132", streets("code,name,areaCode\n\"130132100,槐阳镇,130132\n"), villages(kVillages));
  });
  CHECK(broken.rfind("streets.csv:2:", 0) == 0);
  // A short village row is refused too; villages of townships not in the data are skipped.
  CHECK(error_of([] {
          read_county("130132", streets(kStreets), villages("code,name,streetCode\n130132100201,东关村委会\n"));
        }) == "villages.csv:2: expected 3 columns, found 2");
  const auto t = read_county("130132", streets(kStreets),
                             villages("code,name,streetCode\n130132900201,无镇村委会,130132900\n"));
  CHECK(t[0].villages.empty());
  // The files' own names are used in messages.
  CHECK(error_of([] { read_county("130132", CsvFile{"街道.csv", ""}, villages(kVillages)); }) ==
        "街道.csv is empty");
}

TEST_CASE("read_county reads GB18030 files as Excel saves them", "[division]") {
  // 槐阳镇 and 东关村委会 in GB18030.
  const std::string gb_streets = "code,name,areaCode\n130132100,\xBB\xB1\xD1\xF4\xD5\xF2,130132\n";
  const std::string gb_villages =
    "code,name,streetCode\n130132100201,\xB6\xAB\xB9\xD8\xB4\xE5\xCE\xAF\xBB\xE1,130132100\n";
  const auto t = read_county("130132", streets(gb_streets), villages(gb_villages));
  REQUIRE(t.size() == 1);
  CHECK(t[0].name == "槐阳镇");
  REQUIRE(t[0].villages.size() == 1);
  CHECK(t[0].villages[0].name == "东关村委会");
}

TEST_CASE("plan_import adds the grid below the county", "[division]") {
  const MemoryDisk disk = county_only();
  const auto tree = load_clean(disk);
  const auto r = plan_import(catalog(), tree, county(), GroupCount{2, 2}, false);
  CHECK(r.added[0] == 0);
  CHECK(r.added[1] == 2);
  CHECK(r.added[2] == 3);
  CHECK(r.added[3] == 6);
  CHECK(r.updated == 0);
  CHECK(r.unchanged == 0);
  CHECK(r.changes.writes.size() == 11);
  CHECK(r.changes.removals.empty());
  CHECK(r.changes.writes.at("grid/100/grid.yaml") ==
        firegrid::schema::modeline("grid/100/grid.yaml", "grid") + "level: township\nname: 槐阳镇\ncode: '130132100'\n");
  CHECK(r.changes.writes.at("grid/100/201/grid.yaml") ==
        firegrid::schema::modeline("grid/100/201/grid.yaml", "grid") + "level: village\nname: 东关村\ncode: '130132100201'\n");
  CHECK(r.changes.writes.at("grid/100/201/g02/grid.yaml") ==
        firegrid::schema::modeline("grid/100/201/g02/grid.yaml", "grid") + "level: group\nname: 第二村民小组\ncode: '130132100201002'\n");
  CHECK(r.changes.writes.at("grid/100/001/grid.yaml") ==
        firegrid::schema::modeline("grid/100/001/grid.yaml", "grid") + "level: village\nname: 槐阳社区\ncode: '130132100001'\n");
  CHECK(r.changes.writes.at("grid/100/001/g01/grid.yaml") ==
        firegrid::schema::modeline("grid/100/001/g01/grid.yaml", "grid") + "level: group\nname: 第一网格\ncode: '130132100001001'\n");
  CHECK(r.changes.writes.at("grid/200/201/grid.yaml") ==
        firegrid::schema::modeline("grid/200/201/grid.yaml", "grid") + "level: village\nname: 北苏村\ncode: '130132200201'\n");
}

TEST_CASE("plan_import names up to 99 groups in Chinese numerals", "[division]") {
  const MemoryDisk disk = county_only();
  const auto tree = load_clean(disk);
  const auto r = plan_import(catalog(), tree, county(), GroupCount{99, 99}, false);
  CHECK(r.added[3] == 3 * 99);
  auto name = [&](const char* path) {
    return r.changes.writes.at(std::string("grid/100/201/") + path + "/grid.yaml");
  };
  CHECK(name("g10").find("name: 第十村民小组\n") != std::string::npos);
  CHECK(name("g11").find("name: 第十一村民小组\n") != std::string::npos);
  CHECK(name("g20").find("name: 第二十村民小组\n") != std::string::npos);
  CHECK(name("g99").find("name: 第九十九村民小组\n") != std::string::npos);
  CHECK(name("g99").find("code: '130132100201099'\n") != std::string::npos);
}

TEST_CASE("plan_import applied and re-planned changes nothing", "[division]") {
  MemoryDisk disk = county_only();
  const GroupCount groups{4, 8};
  const auto first = plan_import(catalog(), load_clean(disk), county(), groups, false);
  disk.commit(first.changes);
  const auto tree = load_clean(disk);
  CHECK(tree.size() == 1 + first.added[1] + first.added[2] + first.added[3]);

  const auto again = plan_import(catalog(), tree, county(), groups, true);
  CHECK(again.changes.empty());
  CHECK(again.added[1] + again.added[2] + again.added[3] == 0);
  CHECK(again.updated == 0);
  CHECK(again.unchanged == tree.size() - 1);
}

TEST_CASE("plan_import leaves differing nodes alone unless told to update", "[division]") {
  MemoryDisk disk = county_only();
  disk.commit(plan_import(catalog(), load_clean(disk), county(), GroupCount{1, 1}, false).changes);
  disk.files["grid/100/grid.yaml"] =
    "level: township\nname: 槐阳旧镇\ncode: '130132100'\nleader:\n  name: 张建国\n";
  const auto tree = load_clean(disk);

  const auto kept = plan_import(catalog(), tree, county(), GroupCount{1, 1}, false);
  CHECK(kept.differing == 1);
  CHECK(kept.updated == 0);
  CHECK(kept.unchanged == 7);
  CHECK(kept.changes.empty());

  const auto r = plan_import(catalog(), tree, county(), GroupCount{1, 1}, true);
  CHECK(r.differing == 1);
  CHECK(r.updated == 1);
  CHECK(r.unchanged == 7);
  CHECK(r.added[3] == 0);
  REQUIRE(r.changes.writes.size() == 1);
  CHECK(r.changes.writes.at("grid/100/grid.yaml") ==
        firegrid::schema::modeline("grid/100/grid.yaml", "grid") + "level: township\nname: 槐阳镇\ncode: '130132100'\nleader:\n  name: 张建国\n");

  // Fewer groups than there are: nothing is removed.
  const auto fewer = plan_import(catalog(), tree, county(), GroupCount{0, 0}, true);
  CHECK(fewer.changes.removals.empty());
  CHECK(fewer.unchanged == 4);
}

TEST_CASE("plan_import needs a county node", "[division]") {
  MemoryDisk disk;
  disk.files["firegrid.yaml"] = "format: 1\n";
  Findings f;
  const auto tree = firegrid::grid::load_tree(disk, catalog(), f);
  std::string hint;
  CHECK(error_of([&] { plan_import(catalog(), tree, county(), GroupCount{1, 1}, false); }, &hint) ==
        "the repo has no county node (grid/grid.yaml)");
  CHECK(hint == "run `firegrid check`");
}
