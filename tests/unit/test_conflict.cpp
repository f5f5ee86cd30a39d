#include <firegrid/doc/conflict.hpp>
#include <firegrid/doc/load.hpp>

#include <catch2/catch.hpp>

using firegrid::doc::find_conflicts;

TEST_CASE("conflict markers: each hunk with its sides, lines and keys", "[conflict]") {
  const std::string text =
    "name: 北苏村\n"            // 1
    "<<<<<<< HEAD\n"            // 2
    "leader:\n"                 // 3
    "  name: 张三\n"            // 4
    "=======\n"                 // 5
    "leader:\n"                 // 6
    "  name: 李四\n"            // 7
    "  phone: '13800000000'\n"  // 8
    ">>>>>>> 槐阳镇\n"          // 9
    "code: '1'\n"               // 10
    "<<<<<<< ours\r\n"          // 11
    "- note: a\r\n"             // 12
    "||||||| base\r\n"          // 13
    "base: x\r\n"               // 14
    "=======\r\n"               // 15
    ">>>>>>> theirs\r\n";       // 16
  const auto hunks = find_conflicts(text);
  REQUIRE(hunks.size() == 2);
  CHECK(hunks[0].line == 2);
  CHECK(hunks[0].middle == 5);
  CHECK(hunks[0].end == 9);
  CHECK(hunks[0].ours == "HEAD");
  CHECK(hunks[0].theirs == "槐阳镇");
  CHECK(hunks[0].keys == std::vector<std::string>{"leader", "name", "phone"});
  CHECK(hunks[1].base == 13);
  CHECK(hunks[1].ours == "ours");
  CHECK(hunks[1].theirs == "theirs");
  CHECK(hunks[1].keys == std::vector<std::string>{"note"});  // not the base's
}

TEST_CASE("conflict markers: look-alikes are not markers, an unclosed hunk is one", "[conflict]") {
  CHECK(find_conflicts("note: '<<<<<<< x'\n=======\n>>>>>>> y\n").empty());
  CHECK(find_conflicts("<<<<<<<<< x\n").empty());
  CHECK(find_conflicts("").empty());
  const auto open = find_conflicts("a: 1\n<<<<<<<\nb: 2\n");
  REQUIRE(open.size() == 1);
  CHECK(open[0].ours.empty());
  CHECK(open[0].middle == 0);
  CHECK(open[0].end == 0);
}

TEST_CASE("the loader reports conflict markers as record-conflict, not as YAML", "[conflict]") {
  const auto r = firegrid::doc::load("grid/100/grid.yaml",
                                     "level: township\n<<<<<<< HEAD\nname: 槐阳镇\n=======\nname: 槐阳乡\n>>>>>>> county\n");
  CHECK_FALSE(r.document);
  REQUIRE(r.findings.items().size() == 1);
  const auto& f = r.findings.items()[0];
  CHECK(f.code == "record-conflict");
  CHECK(f.where.line == 2);
  CHECK(f.message == "merge conflict: both \"HEAD\" and \"county\" changed `name`; keep one");
}
