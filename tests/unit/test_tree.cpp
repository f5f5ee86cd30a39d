// lib/firegrid/grid/tree and lib/firegrid/grid/edit, on an in-memory repo.
#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/schema/modeline.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <functional>
#include <string>
#include <vector>

using firegrid::Finding;
using firegrid::Findings;
using firegrid::Severity;
using firegrid::doc::Node;
using firegrid::grid::Edit;
using firegrid::grid::Grid;
using firegrid::grid::Level;
using firegrid::grid::Tree;
using firegrid::store::MemoryDisk;

namespace {

using firegrid::test::catalog;

std::string record(const char* level, const char* name, const char* code) {
  return std::string("level: ") + level + "\nname: " + name + "\ncode: '" + code + "'\n";
}

// 元氏县 with two townships, a village with two groups, and a second village.
MemoryDisk small_repo() {
  MemoryDisk d;
  d.files["firegrid.yaml"] = "format: 1\n";
  d.files["grid/grid.yaml"] = record("county", "元氏县", "130132");
  d.files["grid/100/grid.yaml"] = record("township", "槐阳镇", "130132100");
  d.files["grid/100/201/grid.yaml"] = record("village", "东关村", "130132100201");
  d.files["grid/100/201/g01/grid.yaml"] = record("group", "第一村民小组", "130132100201001");
  d.files["grid/100/201/g02/grid.yaml"] = record("group", "第二村民小组", "130132100201002");
  d.files["grid/100/202/grid.yaml"] = record("village", "西关村", "130132100202");
  d.files["grid/200/grid.yaml"] = record("township", "南佐镇", "130132200");
  return d;
}

Tree load(const MemoryDisk& disk, Findings& findings) {
  return firegrid::grid::load_tree(disk, catalog(), findings);
}

// Loads and requires no findings.
Tree load_clean(const MemoryDisk& disk) {
  Findings f;
  Tree t = load(disk, f);
  for (const auto& i : f.items()) INFO(i.where.path << " " << i.code << ": " << i.message);
  REQUIRE(f.empty());
  return t;
}

// The one finding with `code`.
Finding finding(const Findings& f, const std::string& code) {
  std::vector<Finding> hits;
  for (const auto& i : f.items())
    if (i.code == code) hits.push_back(i);
  for (const auto& i : f.items()) INFO(i.where.path << " " << i.code << ": " << i.message);
  REQUIRE(hits.size() == 1);
  return hits.front();
}

std::string error_of(const std::function<void()>& f, std::string* hint = nullptr) {
  try {
    f();
  } catch (const firegrid::Error& e) {
    if (hint) *hint = e.hint();
    return e.what();
  }
  return "no error";
}

std::vector<std::string> paths(const Tree& t) {
  std::vector<std::string> out;
  t.walk([&](Grid& g) { out.push_back(g.path); });
  return out;
}

}  // namespace

TEST_CASE("levels and their names", "[grid][tree]") {
  CHECK(std::string(firegrid::grid::to_string(Level::township)) == "township");
  CHECK(std::string(firegrid::grid::chinese_name(Level::group)) == "小网格");
  CHECK(std::string(firegrid::grid::chinese_name(Level::township)) == "乡镇（大网格）");
  CHECK(firegrid::grid::parse_level("village") == Level::village);
  CHECK_FALSE(firegrid::grid::parse_level("Village"));
  CHECK(firegrid::grid::level_for_depth(0) == Level::county);
  CHECK(firegrid::grid::level_for_depth(3) == Level::group);
  CHECK_FALSE(firegrid::grid::level_for_depth(4));
}

TEST_CASE("load_tree gives each folder its level by depth", "[grid][tree]") {
  const MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  REQUIRE(t.root());
  CHECK(t.size() == 7);
  CHECK(paths(t) == std::vector<std::string>{"", "100", "100/201", "100/201/g01", "100/201/g02",
                                             "100/202", "200"});
  const Grid& county = *t.root();
  CHECK(county.level == Level::county);
  CHECK(county.id == "");
  CHECK(county.loaded);
  CHECK(county.name() == "元氏县");
  CHECK(county.folder() == "grid");
  CHECK(county.doc.path == "grid/grid.yaml");
  CHECK(county.parent == nullptr);

  const Grid* group = t.find("100/201/g02");
  REQUIRE(group);
  CHECK(group->level == Level::group);
  CHECK(group->depth() == 3);
  CHECK(group->id == "g02");
  CHECK(group->code() == "130132100201002");
  CHECK(group->folder() == "grid/100/201/g02");
  CHECK(group->doc.path == "grid/100/201/g02/grid.yaml");
  CHECK(group->display_path() == "元氏县 / 槐阳镇 / 东关村 / 第二村民小组");
  CHECK(group->parent == t.find("100/201"));
  CHECK(t.find("100/201")->level == Level::village);
  CHECK(t.find("200")->level == Level::township);
}

TEST_CASE("load_tree reports a level that does not fit the depth", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/100/202/grid.yaml"] = "name: 西关村\nlevel: township\n";
  Findings f;
  const Tree t = load(disk, f);
  const Finding e = finding(f, "grid-level-depth");
  CHECK(e.severity == Severity::error);
  CHECK(e.where.path == "grid/100/202/grid.yaml");
  CHECK(e.where.line == 2);
  CHECK(e.where.column == 1);
  CHECK(e.message == "level is township but a folder at this depth holds a village");
  CHECK(e.hint == "write `level: village`, or move the folder to where a township belongs");
  CHECK(t.find("100/202")->level == Level::village);  // the depth decides
}

TEST_CASE("load_tree reports folders that are not grids", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/Bad/grid.yaml"] = record("township", "坏", "130132999");
  disk.files["grid/300/301/grid.yaml"] = record("village", "无乡村", "130132300301");
  disk.files["grid/100/201/g01/x/grid.yaml"] = record("group", "太深", "1301321002010011");
  disk.files["grid/100/units/u-abcd/unit.yaml"] = "id: u-abcd\n";  // records: not a grid
  disk.files["grid/100/.git-keep/x"] = "";                         // hidden: ignored
  disk.files["grid/100/notes.txt"] = "hello\n";
  disk.files["grid/100/.grid.yaml.fg-tmp-abc123"] = "half\n";
  Findings f;
  const Tree t = load(disk, f);

  const Finding bad = finding(f, "grid-bad-id");
  CHECK(bad.where.path == "grid/Bad");
  CHECK(bad.where.line == 0);
  CHECK(bad.message == "folder name 'Bad' is not a valid grid id");
  CHECK(bad.hint ==
        "ids are 1-63 characters of a-z, 0-9 and '-', not starting with '-'; the Chinese name "
        "goes in grid.yaml");
  CHECK_FALSE(t.find("Bad"));

  const Finding none = finding(f, "grid-no-record");
  CHECK(none.severity == Severity::error);
  CHECK(none.where.path == "grid/300");
  CHECK(none.message == "folder grid/300 has no grid.yaml");
  CHECK(none.hint ==
        "restore it from git (`git checkout -- grid/300/grid.yaml`), or write one with "
        "`level: township` and `name:`; if the folder is no grid, remove it");
  REQUIRE(t.find("300"));
  CHECK_FALSE(t.find("300")->loaded);
  CHECK(t.find("300/301"));  // what is below is still read

  const Finding deep = finding(f, "grid-too-deep");
  CHECK(deep.where.path == "grid/100/201/g01/x");
  CHECK(deep.message == "folder x is below a group; groups are the smallest grid");
  CHECK(deep.hint == "move it up a level, or remove it");
  CHECK_FALSE(t.find("100/201/g01/x"));

  const Finding unknown = finding(f, "grid-unknown-file");
  CHECK(unknown.severity == Severity::warning);
  CHECK(unknown.where.path == "grid/100/notes.txt");
  CHECK(unknown.message == "unexpected file notes.txt in a grid folder");

  const Finding temp = finding(f, "store-leftover-temp");
  CHECK(temp.severity == Severity::warning);
  CHECK(temp.where.path == "grid/100/.grid.yaml.fg-tmp-abc123");
  CHECK(temp.message == "leftover temporary file from an interrupted write");

  CHECK(f.items().size() == 5);
  CHECK_FALSE(t.find("100/units"));
  CHECK(t.size() == 9);
  CHECK(t.files() == 8);  // grid/300 has no grid.yaml
  CHECK_FALSE(t.find("300")->has_file);
  CHECK(t.find("300/301")->has_file);
}

TEST_CASE("load_tree without grid/ reports the missing county", "[grid][tree]") {
  MemoryDisk disk;
  disk.files["firegrid.yaml"] = "format: 1\n";
  Findings f;
  const Tree t = load(disk, f);
  CHECK_FALSE(t.root());
  CHECK(t.size() == 0);
  REQUIRE(f.items().size() == 1);
  CHECK(f.items()[0].code == "grid-no-county");
  CHECK(f.items()[0].where.path == "grid");
  CHECK(f.items()[0].message == "the repo has no grid/ folder for the county");
  CHECK_THROWS_AS(t.resolve("100"), firegrid::Error);
}

TEST_CASE("load_tree keeps nodes whose record cannot be read", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/200/grid.yaml"] = "level: township\nname: [broken\n";
  disk.files["grid/100/202/grid.yaml"] = "level: village\nname: 西关村\nname: 又一个\n";
  Findings f;
  const Tree t = load(disk, f);
  const Grid* broken = t.find("200");
  REQUIRE(broken);
  CHECK_FALSE(broken->loaded);
  CHECK(broken->doc.path == "grid/200/grid.yaml");
  CHECK(finding(f, "yaml-syntax").where.path == "grid/200/grid.yaml");
  // A duplicate key: the record is read (first value kept) but not safe to rewrite.
  const Grid* dup = t.find("100/202");
  REQUIRE(dup);
  CHECK_FALSE(dup->loaded);
  CHECK(dup->name() == "西关村");
  CHECK(finding(f, "yaml-duplicate-key").where.line == 3);
}

TEST_CASE("load_tree validates each record against the grid schema", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/200/grid.yaml"] = "level: township\nname: 南佐镇\ncode: 130132200\n";
  Findings f;
  load(disk, f);
  const Finding e = finding(f, "schema-type");
  CHECK(e.where.path == "grid/200/grid.yaml");
  CHECK(e.where.line == 3);
  CHECK(e.hint == "write it in quotes: '130132200'");
}

TEST_CASE("load_tree checks codes across the tree", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/200/grid.yaml"] = record("township", "南佐镇", "130132100");
  disk.files["grid/100/202/grid.yaml"] = record("village", "西关村", "130133100202");
  Findings f;
  load(disk, f);
  const Finding dup = finding(f, "grid-duplicate-code");
  CHECK(dup.severity == Severity::error);
  CHECK(dup.where.path == "grid/200/grid.yaml");
  CHECK(dup.where.line == 3);
  CHECK(dup.where.column == 7);
  CHECK(dup.message == "code 130132100 is also the code of 100 (grid/100/grid.yaml)");
  CHECK(dup.hint == "each grid has its own division code");

  const Finding prefix = finding(f, "grid-code-prefix");
  CHECK(prefix.severity == Severity::warning);
  CHECK(prefix.where.path == "grid/100/202/grid.yaml");
  CHECK(prefix.message == "code 130133100202 does not start with its parent's code 130132100");
  CHECK(prefix.hint == "division codes nest: a village's code starts with its township's");
  CHECK(f.items().size() == 2);
}

TEST_CASE("load_tree warns of resources kept at the wrong level", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/100/201/grid.yaml"] =
    record("village", "东关村", "130132100201") + "rescue_team:\n  name: 东关村救援队\n";
  disk.files["grid/100/grid.yaml"] = record("township", "槐阳镇", "130132100") +
                                     "coordinators:\n  - name: 郑勇\n"
                                     "volunteer_brigade:\n  name: 槐阳镇志愿消防队\n";
  Findings f;
  load(disk, f);
  REQUIRE(f.items().size() == 3);
  for (const auto& i : f.items()) {
    CHECK(i.code == "grid-resource-level");
    CHECK(i.severity == Severity::warning);
  }
  CHECK(f.items()[0].where.path == "grid/100/grid.yaml");
  CHECK(f.items()[0].where.line == 4);
  CHECK(f.items()[0].message ==
        "coordinators: only a village keeps fire safety coordinators, and this grid is a township");
  CHECK(f.items()[0].hint == "move `coordinators` to the village record");
  CHECK(f.items()[1].message ==
        "volunteer_brigade: only a village keeps the volunteer fire brigade, and this grid is a "
        "township");
  CHECK(f.items()[2].where.path == "grid/100/201/grid.yaml");
  CHECK(f.items()[2].message ==
        "rescue_team: only a township keeps the 24-hour rescue team, and this grid is a village");
  CHECK(f.items()[2].hint == "move `rescue_team` to the township record");
}

TEST_CASE("Tree::find takes paths with or without grid/ and slashes", "[grid][tree]") {
  const MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  CHECK(t.find("") == t.root());
  CHECK(t.find("/") == t.root());
  CHECK(t.find("grid") == t.root());
  CHECK(t.find("grid/") == t.root());
  CHECK(t.find("100/201")->name() == "东关村");
  CHECK(t.find("grid/100/201") == t.find("100/201"));
  CHECK(t.find("/100/201/") == t.find("100/201"));
  CHECK_FALSE(t.find("100/999"));
  CHECK_FALSE(t.find("999"));
  CHECK_FALSE(t.find("201"));  // not a top-level id
}

TEST_CASE("Tree::resolve takes a path, a code or an exact name", "[grid][tree]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/100/202/g01/grid.yaml"] = record("group", "第一村民小组", "130132100202001");
  const Tree t = load_clean(disk);
  CHECK(t.resolve("/") == t.root());
  CHECK(t.resolve("100/201") == t.find("100/201"));
  CHECK(t.resolve("grid/100/201") == t.find("100/201"));
  CHECK(t.resolve("130132100201") == t.find("100/201"));
  CHECK(t.resolve("130132") == t.root());
  CHECK(t.resolve("东关村") == t.find("100/201"));
  CHECK(t.resolve("南佐镇") == t.find("200"));

  std::string hint;
  CHECK(error_of([&] { t.resolve("第一村民小组"); }, &hint) ==
        "'第一村民小组' names 2 grids:\n"
        "  100/201/g01  元氏县 / 槐阳镇 / 东关村 / 第一村民小组\n"
        "  100/202/g01  元氏县 / 槐阳镇 / 西关村 / 第一村民小组");
  CHECK(hint == "name it by path instead");

  CHECK(error_of([&] { t.resolve("东关"); }, &hint) == "no grid '东关'");
  CHECK(hint ==
        "name a grid by path (100/201), division code or exact name; `firegrid grid list` shows "
        "them");
  CHECK(error_of([&] { t.resolve("999"); }) == "no grid '999'");
  CHECK(error_of([&] { t.resolve("100/东关村"); }) == "no grid '100/东关村'");
}

TEST_CASE("parse_person reads a person spec", "[grid][edit]") {
  const Node p = firegrid::grid::parse_person("name=张建国,org=派出所,role=所长,phone=13800138000");
  REQUIRE(p.entries().size() == 4);
  CHECK(p.entries()[0].key == "name");
  CHECK(p.get_string("name") == "张建国");
  CHECK(p.get_string("organisation") == "派出所");
  CHECK(p.get_string("role") == "所长");
  CHECK(p.get_string("phone") == "13800138000");
  CHECK(p.find("phone")->is_string());

  const Node q = firegrid::grid::parse_person("role=网格员,,name=李四,organisation=a=b");
  CHECK(q.entries().size() == 3);
  CHECK(q.entries()[0].key == "name");
  CHECK(q.get_string("organisation") == "a=b");  // values may hold '='
  CHECK(firegrid::grid::parse_person("name=王五").entries().size() == 1);
}

TEST_CASE("parse_person reads the short form people type", "[grid][edit]") {
  const auto text_of = [](const std::string& spec) { return firegrid::doc::emit(firegrid::grid::parse_person(spec)); };
  CHECK(text_of("张建国") == text_of("name=张建国"));
  CHECK(text_of("张建国/派出所") == text_of("name=张建国,org=派出所"));
  CHECK(text_of("张建国/派出所,所长,13800138000") == text_of("name=张建国,org=派出所,role=所长,phone=13800138000"));
  CHECK(text_of("张建国,0311-1234 567,所长") == text_of("name=张建国,role=所长,phone=0311-1234 567"));
  CHECK(text_of("张建国,,13800138000") == text_of("name=张建国,phone=13800138000"));
  CHECK(text_of("张建国,1234") == text_of("name=张建国,role=1234"));  // too few digits for a phone
}

TEST_CASE("parse_person refuses bad specs", "[grid][edit]") {
  std::string hint;
  CHECK(error_of([] { firegrid::grid::parse_person("张建国,13800138000,0311-1234567"); }, &hint) ==
        "person '张建国,13800138000,0311-1234567': '0311-1234567' is a second phone");
  CHECK(hint == "write it as 姓名[/单位][,职务][,电话], or name=...,org=...,role=...,phone=...");
  CHECK(error_of([] { firegrid::grid::parse_person("张建国,所长,书记"); }) ==
        "person '张建国,所长,书记': '书记' is a second role");
  CHECK(error_of([] { firegrid::grid::parse_person("/派出所,所长"); }) == "person '/派出所,所长' has no name");
  CHECK(error_of([] { firegrid::grid::parse_person("=x"); }) == "person '=x': '=x' is not key=value");
  CHECK(error_of([] { firegrid::grid::parse_person("name=a,rank=1"); }, &hint) ==
        "person 'name=a,rank=1': unknown key 'rank'");
  CHECK(hint == "the keys are name, org, role and phone");
  CHECK(error_of([] { firegrid::grid::parse_person("org=派出所"); }, &hint) ==
        "person 'org=派出所' has no name");
  CHECK(hint == "add name=..., or begin with the name");
  CHECK(error_of([] { firegrid::grid::parse_person("name="); }) == "person 'name=' has no name");
  CHECK(error_of([] { firegrid::grid::parse_person(""); }) == "person '' has no name");
}

TEST_CASE("parse_team reads a team spec", "[grid][edit]") {
  const Node t = firegrid::grid::parse_team("name=槐阳镇应急救援队,size=12,leader=王强,phone=0311-1234567");
  CHECK(t.get_string("name") == "槐阳镇应急救援队");
  REQUIRE(t.find("size"));
  CHECK(t.find("size")->kind() == firegrid::doc::Kind::integer);
  CHECK(t.find("size")->as_int() == 12);
  REQUIRE(t.find("leader"));
  CHECK(t.find("leader")->get_string("name") == "王强");
  CHECK(t.get_string("phone") == "0311-1234567");
  CHECK(firegrid::grid::parse_team("name=x,size=0").find("size")->as_int() == 0);
  const Node led = firegrid::grid::parse_team("leader_phone=13800138000,name=x,leader=王强,note=备注");
  CHECK(led.find("leader")->get_string("name") == "王强");
  CHECK(led.find("leader")->get_string("phone") == "13800138000");
  CHECK(led.get_string("note") == "备注");
  CHECK(firegrid::grid::parse_team("name=x,size=99999").find("size")->as_int() == 99999);
}

TEST_CASE("parse_team refuses bad specs", "[grid][edit]") {
  std::string hint;
  CHECK(error_of([] { firegrid::grid::parse_team("name=x,size=12a"); }) ==
        "team 'name=x,size=12a': size '12a' is not a number");
  CHECK(error_of([] { firegrid::grid::parse_team("name=x,size="); }) ==
        "team 'name=x,size=': size '' is not a number");
  CHECK(error_of([] { firegrid::grid::parse_team("name=x,size=-1"); }) ==
        "team 'name=x,size=-1': size '-1' is not a number");
  CHECK(error_of([] { firegrid::grid::parse_team("name=x,size=100000"); }) ==
        "team 'name=x,size=100000': size '100000' is not a number");
  CHECK(error_of([] { firegrid::grid::parse_team("name=x,org=y"); }, &hint) ==
        "team 'name=x,org=y': unknown key 'org'");
  CHECK(hint == "the keys are name, size, leader, leader_phone, phone and note");
  CHECK(error_of([] { firegrid::grid::parse_team("size=3"); }) == "team 'size=3' has no name");
  CHECK(error_of([] { firegrid::grid::parse_team("name=x,leader_phone=1"); }, &hint) ==
        "team 'name=x,leader_phone=1' gives leader_phone without leader");
  CHECK(hint == "add leader=...");
  CHECK(error_of([] { firegrid::grid::parse_team("name"); }) == "team 'name': 'name' is not key=value");
}

TEST_CASE("apply_edit changes fields and keeps the rest", "[grid][edit]") {
  Node r = Node::mapping();
  r.set("level", Node::string("village"));
  r.set("name", Node::string("东关村"));
  r.set("code", Node::string("130132100201"));
  r.set("note", Node::string("旧"));
  Edit e;
  e.name = "东关社区";
  e.code = "";  // clears
  e.note = "新";
  e.leader = firegrid::grid::parse_person("name=韩平");
  e.members = {firegrid::grid::parse_person("name=李秀英,role=主任"),
               firegrid::grid::parse_person("name=周涛")};
  e.coordinators = {firegrid::grid::parse_person("name=郑勇")};
  e.volunteer_brigade = firegrid::grid::parse_team("name=东关志愿消防队,size=7");
  firegrid::grid::apply_edit(r, Level::village, e);
  CHECK(r.get_string("name") == "东关社区");
  CHECK_FALSE(r.find("code"));
  CHECK(r.get_string("note") == "新");
  CHECK(r.find("leader")->get_string("name") == "韩平");
  REQUIRE(r.find("members"));
  CHECK(r.find("members")->items().size() == 2);
  CHECK(r.find("coordinators")->items().size() == 1);
  CHECK(r.find("volunteer_brigade")->find("size")->as_int() == 7);

  // Members are replaced by name, removed by name, the list dropped when empty.
  Edit again;
  again.members = {firegrid::grid::parse_person("name=周涛,phone=13800000000")};
  again.remove_members = {"李秀英"};
  again.clear_leader = true;
  again.note = "";
  firegrid::grid::apply_edit(r, Level::village, again);
  REQUIRE(r.find("members")->items().size() == 1);
  CHECK(r.find("members")->items()[0].get_string("phone") == "13800000000");
  CHECK_FALSE(r.find("leader"));
  CHECK_FALSE(r.find("note"));
  Edit last;
  last.remove_members = {"周涛"};
  last.remove_coordinators = {"郑勇"};
  firegrid::grid::apply_edit(r, Level::village, last);
  CHECK_FALSE(r.find("members"));
  CHECK_FALSE(r.find("coordinators"));
}

TEST_CASE("apply_edit keeps resources to their levels", "[grid][edit]") {
  Node r = Node::mapping();
  Edit team;
  team.rescue_team = firegrid::grid::parse_team("name=救援队");
  CHECK(error_of([&] { firegrid::grid::apply_edit(r, Level::village, team); }) ==
        "only a township has the 24-hour rescue team; this grid is a village");
  CHECK_NOTHROW(firegrid::grid::apply_edit(r, Level::township, team));

  Edit coordinators;
  coordinators.coordinators = {firegrid::grid::parse_person("name=郑勇")};
  CHECK(error_of([&] { firegrid::grid::apply_edit(r, Level::township, coordinators); }) ==
        "only a village has fire safety coordinators; this grid is a township");
  Edit uncoordinate;
  uncoordinate.remove_coordinators = {"郑勇"};
  CHECK(error_of([&] { firegrid::grid::apply_edit(r, Level::group, uncoordinate); }) ==
        "only a village has fire safety coordinators; this grid is a group");

  Edit brigade;
  brigade.volunteer_brigade = firegrid::grid::parse_team("name=志愿队");
  CHECK(error_of([&] { firegrid::grid::apply_edit(r, Level::county, brigade); }) ==
        "only a village has the volunteer fire brigade; this grid is a county");

  Edit missing;
  missing.remove_members = {"无名"};
  CHECK(error_of([&] { firegrid::grid::apply_edit(r, Level::township, missing); }) ==
        "no member named 无名 in this grid");
}

TEST_CASE("add_grid writes a new record in schema order", "[grid][edit]") {
  const MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  Edit e;
  e.name = "北关村";
  e.code = "130132100203";
  e.members = {firegrid::grid::parse_person("phone=0311-8888,name=张三")};
  const auto c = firegrid::grid::add_grid(catalog(), *t.find("100"), "203", e);
  REQUIRE(c.writes.size() == 1);
  CHECK(c.writes.begin()->first == "grid/100/203/grid.yaml");
  CHECK(c.writes.begin()->second ==
        firegrid::schema::modeline("grid/100/203/grid.yaml", "grid") +
        "level: village\n"
        "name: 北关村\n"
        "code: '130132100203'\n"
        "members:\n"
        "  - name: 张三\n"
        "    phone: '0311-8888'\n");
  CHECK(c.removals.empty());

  MemoryDisk after = disk;
  after.commit(c);
  const Tree t2 = load_clean(after);
  CHECK(t2.find("100/203")->level == Level::village);
  // A township under the county.
  Edit town;
  town.name = "新镇";
  CHECK(firegrid::grid::add_grid(catalog(), *t.root(), "300", town).writes.at("grid/300/grid.yaml") ==
        firegrid::schema::modeline("grid/300/grid.yaml", "grid") + "level: township\nname: 新镇\n");
}

TEST_CASE("add_grid refuses what cannot be added", "[grid][edit]") {
  const MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  Edit e;
  e.name = "x";
  std::string hint;
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.root(), "Bad", e); }, &hint) ==
        "'Bad' is not a valid grid id");
  CHECK(hint == "ids are 1-63 characters of a-z, 0-9 and '-' (the Chinese name goes in --name)");
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.root(), "units", e); }) ==
        "'units' is reserved for records and cannot name a grid");
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.find("100/201/g01"), "x1", e); }) ==
        "100/201/g01 is a group, the smallest grid; it cannot have child grids");
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.find("100"), "201", e); }, &hint) ==
        "grid 100/201 already exists");
  CHECK(hint == "change it with `firegrid grid edit`");
  Edit nameless;
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.root(), "300", nameless); }, &hint) ==
        "a new grid needs a name");
  nameless.name = "";
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.root(), "300", nameless); }) ==
        "a new grid needs a name");
  Edit wrong_level;
  wrong_level.name = "x";
  wrong_level.rescue_team = firegrid::grid::parse_team("name=队");
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.find("100"), "203", wrong_level); }) ==
        "only a township has the 24-hour rescue team; this grid is a village");
}

TEST_CASE("add_grid and edit_grid refuse a code another grid has", "[grid][edit]") {
  const MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  Edit e;
  e.name = "北关村";
  e.code = "130132100201";
  std::string hint;
  CHECK(error_of([&] { firegrid::grid::add_grid(catalog(), *t.find("100"), "203", e); }, &hint) ==
        "code 130132100201 is already the code of 100/201 (元氏县 / 槐阳镇 / 东关村)");
  CHECK(hint == "each grid has its own division code");
  Edit recode;
  recode.code = "130132";
  CHECK(error_of([&] { firegrid::grid::edit_grid(catalog(), *t.find("200"), recode); }) ==
        "code 130132 is already the code of / (元氏县)");
  recode.code = "130132200";  // its own code: fine
  CHECK(firegrid::grid::edit_grid(catalog(), *t.find("200"), recode).writes.empty());
}

TEST_CASE("add_grid and edit_grid refuse a record the schema rejects", "[grid][edit]") {
  const MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  Edit e;
  e.name = "北关村";
  e.leader = firegrid::grid::parse_person("name=张三,phone=12ab");
  try {
    firegrid::grid::add_grid(catalog(), *t.find("100"), "203", e);
    FAIL("expected InvalidRecord");
  } catch (const firegrid::InvalidRecord& r) {
    CHECK(std::string(r.what()) == "grid/100/203/grid.yaml would not be valid");
    CHECK(r.hint() == "nothing was written; correct the values and run the command again");
    REQUIRE(r.findings().items().size() == 1);
    const Finding& f = r.findings().items()[0];
    CHECK(f.code == "schema-pattern");
    CHECK(f.where.path == "grid/100/203/grid.yaml");
    CHECK(f.where.line == 0);
    CHECK(f.message == "leader.phone: '12ab' is not in the expected form");
  }
  Edit bad_code;
  bad_code.code = "13O132";
  CHECK_THROWS_AS(firegrid::grid::edit_grid(catalog(), *t.find("200"), bad_code),
                  firegrid::InvalidRecord);
}

TEST_CASE("edit_grid rewrites the record only when it changes", "[grid][edit]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/200/grid.yaml"] = "name: 南佐镇\nlevel: township\n";  // not in schema order
  Findings f;
  const Tree t = load(disk, f);
  REQUIRE(f.empty());

  Edit nothing;
  CHECK(firegrid::grid::edit_grid(catalog(), *t.find("100"), nothing).writes.empty());
  // Rewritten in the schema's order even by an edit that changes no value.
  CHECK(firegrid::grid::edit_grid(catalog(), *t.find("200"), nothing).writes.at("grid/200/grid.yaml") ==
        firegrid::schema::modeline("grid/200/grid.yaml", "grid") + "level: township\nname: 南佐镇\n");

  Edit rename;
  rename.name = "槐阳新镇";
  rename.rescue_team = firegrid::grid::parse_team("name=救援队,size=12");
  const auto c = firegrid::grid::edit_grid(catalog(), *t.find("100"), rename);
  CHECK(c.writes.at("grid/100/grid.yaml") ==
        firegrid::schema::modeline("grid/100/grid.yaml", "grid") + "level: township\nname: 槐阳新镇\ncode: '130132100'\nrescue_team:\n  name: 救援队\n  size: 12\n");
}

TEST_CASE("edit_grid refuses a record that was not read cleanly", "[grid][edit]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/200/grid.yaml"] = "level: township\nname: 南佐镇\nname: x\n";
  Findings f;
  const Tree t = load(disk, f);
  Edit e;
  e.note = "x";
  std::string hint;
  CHECK(error_of([&] { firegrid::grid::edit_grid(catalog(), *t.find("200"), e); }, &hint) ==
        "grid/200/grid.yaml cannot be read, so it cannot be edited");
  CHECK(hint == "run `firegrid check` and fix the file first");
}

TEST_CASE("remove_grid refuses while records or child grids remain", "[grid][edit]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/100/201/units/u-aaaa/unit.yaml"] = "id: u-aaaa\n";
  disk.files["grid/100/201/g01/units/u-bbbb/unit.yaml"] = "id: u-bbbb\n";
  disk.files["grid/100/201/g01/units/u-bbbb/photo.jpg"] = "";  // not a record
  disk.files["grid/100/201/hazards/h-1.yaml"] = "x\n";
  Findings f;
  const Tree t = load(disk, f);

  const auto h = firegrid::grid::holdings(disk, *t.find("100"));
  CHECK(h.grids == 4);
  CHECK(h.total_records() == 3);
  CHECK(h.records.at("units") == 2);
  CHECK(h.records.at("hazards") == 1);

  std::string hint;
  CHECK(error_of([&] { firegrid::grid::remove_grid(disk, *t.find("100/201"), true); }, &hint) ==
        "100/201 still holds 3 records (1 hazards, 2 units)");
  CHECK(hint == "move or close them first; a grid with records cannot be removed");
  CHECK(error_of([&] { firegrid::grid::remove_grid(disk, *t.root(), true); }) ==
        "the county node cannot be removed");

  CHECK(error_of([&] { firegrid::grid::remove_grid(disk, *t.find("200"), false); }) == "no error");
  MemoryDisk plain = small_repo();
  const Tree t2 = load_clean(plain);
  CHECK(error_of([&] { firegrid::grid::remove_grid(plain, *t2.find("100/201"), false); }, &hint) ==
        "100/201 still holds 2 grids below it");
  CHECK(hint == "remove them first, or pass --recursive to remove the whole subtree");
  CHECK(error_of([&] { firegrid::grid::remove_grid(plain, *t2.find("100/202"), false); }) ==
        "no error");
  plain.files["grid/100/202/g01/grid.yaml"] = record("group", "第一村民小组", "130132100202001");
  const Tree t3 = load_clean(plain);
  CHECK(error_of([&] { firegrid::grid::remove_grid(plain, *t3.find("100/202"), false); }) ==
        "100/202 still holds 1 grid below it");
}

TEST_CASE("remove_grid --recursive removes the whole subtree", "[grid][edit]") {
  MemoryDisk disk = small_repo();
  const Tree t = load_clean(disk);
  const auto c = firegrid::grid::remove_grid(disk, *t.find("100/201"), true);
  CHECK(c.writes.empty());
  CHECK(c.removals == std::vector<std::string>{"grid/100/201/g01/grid.yaml",
                                               "grid/100/201/g02/grid.yaml",
                                               "grid/100/201/grid.yaml"});
  CHECK(c.removed_dirs ==
        std::vector<std::string>{"grid/100/201/g01", "grid/100/201/g02", "grid/100/201"});
  disk.commit(c);
  const Tree after = load_clean(disk);
  CHECK_FALSE(after.find("100/201"));
  CHECK(after.size() == 4);
}
