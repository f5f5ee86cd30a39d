#include <firegrid/merge/merge.hpp>

#include <catch2/catch.hpp>

using firegrid::merge::merge_record;
using firegrid::merge::record_type;
using firegrid::merge::sides_from_markers;

namespace {

const firegrid::schema::Catalog& merge_catalog() {
  static const firegrid::schema::Catalog catalog;
  return catalog;
}

const std::string kPath = "grid/100/201/g01/units/u-bx68jyr3b5/hazards/h-20261119-44a4jx.yaml";

std::string hazard_with(const std::string& state, const std::string& extra, const std::string& steps) {
  return "id: h-20261119-44a4jx\nstate: " + state +
         "\nseverity: general\nfound_on: '2026-11-19'\nsource: patrol\ndescription: 门口堆放纸箱\n" + extra +
         "history:\n  - date: '2026-11-19'\n    event: open\n    state: found\n" + steps;
}

}  // namespace

TEST_CASE("merge: the record type of a path", "[merge]") {
  CHECK(record_type(kPath) == "hazard");
  CHECK(record_type("grid/100/201/g01/units/u-bx68jyr3b5/unit.yaml") == "unit");
  CHECK(record_type("grid/100/grid.yaml") == "grid");
  CHECK(record_type("grid/100/meetings/m-20261101-abcdef.yaml") == "meeting");
  CHECK(record_type("firegrid.yaml") == "manifest");
  CHECK(record_type("schemas/unit.schema.yaml") == "");
  CHECK(record_type("grid/100/notes.txt") == "");
}

TEST_CASE("merge: both sides appended steps: merged by date, the state replayed", "[merge]") {
  const std::string base = hazard_with("found", "", "");
  const std::string ours = hazard_with("found", "", "  - date: '2026-11-22'\n    event: note\n    note: 甲\n    state: found\n");
  const std::string theirs = hazard_with("fixed", "closed_on: '2026-11-21'\n",
                                         "  - date: '2026-11-21'\n    event: fix\n    state: fixed\n");
  const auto r = merge_record(kPath, base, ours, theirs, merge_catalog());
  REQUIRE(r.merged);
  CHECK(r.merged_lists == std::vector<std::string>{"`history`: 1 new of ours and 1 of theirs, by date"});
  CHECK(r.text.find("state: fixed\n") != std::string::npos);
  CHECK(r.text.find("closed_on: '2026-11-21'\n") != std::string::npos);
  CHECK(r.text.find("event: fix") < r.text.find("event: note"));
  // Which side is ours changes nothing.
  const auto swapped = merge_record(kPath, base, theirs, ours, merge_catalog());
  REQUIRE(swapped.merged);
  CHECK(swapped.text == r.text);
}

TEST_CASE("merge: a step both sides appended alike is kept once; one side's change is taken", "[merge]") {
  const std::string step = "  - date: '2026-11-22'\n    event: note\n    note: 甲\n    state: found\n";
  const std::string base = hazard_with("found", "", "");
  const std::string ours = hazard_with("found", "place: 门口\n", step);
  const std::string theirs = hazard_with("found", "", step + "  - date: '2026-11-23'\n    event: note\n    note: 乙\n    state: found\n");
  const auto r = merge_record(kPath, base, ours, theirs, merge_catalog());
  REQUIRE(r.merged);
  CHECK(r.merged_lists.front() == "`history`: 1 new of ours and 1 of theirs, by date (1 added alike on both sides, kept once)");
  CHECK(r.text.find("place: 门口\n") != std::string::npos);
}

TEST_CASE("merge: other edits of both sides stay conflicts, said in words", "[merge]") {
  const std::string base = hazard_with("found", "", "");
  auto r = merge_record(kPath, base, hazard_with("found", "place: 东\n", ""), hazard_with("found", "place: 西\n", ""),
                        merge_catalog());
  CHECK_FALSE(r.merged);
  CHECK(r.conflicts == std::vector<std::string>{"both sides changed `place`: ours '东', theirs '西'"});
  // a step removed on one side is not an append
  const std::string one = "  - date: '2026-11-22'\n    event: note\n    note: 甲\n    state: found\n";
  r = merge_record(kPath, hazard_with("found", "", one), hazard_with("found", "", ""),
                   hazard_with("found", "", one + one), merge_catalog());
  CHECK_FALSE(r.merged);
  CHECK(r.conflicts.front() == "both sides changed `history`, not only by adding to its end");
  // a file that does not read
  r = merge_record(kPath, base, "id: [\n", base, merge_catalog());
  CHECK_FALSE(r.merged);
  CHECK(r.conflicts.front().rfind("ours does not read as a record", 0) == 0);
  CHECK_FALSE(merge_record("notes/a.yaml", base, base, base, merge_catalog()).merged);
}

TEST_CASE("merge: the three sides of a file with diff3 markers", "[merge]") {
  const auto s = sides_from_markers("a: 1\n<<<<<<< ours\nb: 2\n||||||| base\nb: 1\n=======\nb: 3\n>>>>>>> theirs\nc: 4\n");
  REQUIRE(s);
  CHECK(s->base == "a: 1\nb: 1\nc: 4\n");
  CHECK(s->ours == "a: 1\nb: 2\nc: 4\n");
  CHECK(s->theirs == "a: 1\nb: 3\nc: 4\n");
  CHECK_FALSE(sides_from_markers("<<<<<<< ours\nb: 2\n=======\nb: 3\n>>>>>>> theirs\n"));
  CHECK_FALSE(sides_from_markers("<<<<<<< ours\nb: 2\n||||||| base\n"));
  const auto none = sides_from_markers("a: 1\n");
  REQUIRE(none);
  CHECK(none->ours == none->theirs);
}
