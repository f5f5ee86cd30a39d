#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/unit/edit.hpp>

#include <catch2/catch.hpp>

using firegrid::doc::Node;

namespace {

Node unit_edit_record(const std::string& text) { return firegrid::doc::load("unit.yaml", text).document->root; }

}  // namespace

TEST_CASE("unit steps: the fields changed, from and to, in the schema's order", "[unit-edit]") {
  const Node before = unit_edit_record("id: u-1\nname: 甲\narea_m2: 80\nnote: x\n");
  const Node after = unit_edit_record("id: u-1\nname: 乙\nfloors: 2\narea_m2: 80\n");
  const Node changes = firegrid::unit::field_changes(before, after, {"id", "name", "floors", "area_m2", "note"});
  REQUIRE(changes.items().size() == 3);
  CHECK(changes.items()[0].get_string("field") == "name");
  CHECK(changes.items()[0].get_string("from") == "甲");
  CHECK(changes.items()[0].get_string("to") == "乙");
  CHECK(changes.items()[1].get_string("field") == "floors");
  CHECK_FALSE(changes.items()[1].find("from"));
  CHECK(changes.items()[2].get_string("field") == "note");
  CHECK_FALSE(changes.items()[2].find("to"));
}

TEST_CASE("unit steps: appended in date order; nothing changed adds none", "[unit-edit]") {
  Node r = unit_edit_record("id: u-1\nname: 甲\n");
  firegrid::Date d1, d0;
  REQUIRE(firegrid::parse_date("2026-11-20", d1));
  REQUIRE(firegrid::parse_date("2026-11-19", d0));
  firegrid::unit::append_step(r, "edit", {d1, Node()}, Node::sequence());
  CHECK_FALSE(r.find("steps"));
  Node changes = Node::sequence();
  Node c = Node::mapping();
  c.set("field", Node::string("name"));
  changes.push(c);
  firegrid::unit::append_step(r, "edit", {d1, Node()}, changes);
  REQUIRE(r.find("steps")->items().size() == 1);
  CHECK(r.find("steps")->items()[0].get_string("date") == "2026-11-20");
  CHECK_THROWS_AS(firegrid::unit::append_step(r, "edit", {d0, Node()}, changes), firegrid::Error);
}
