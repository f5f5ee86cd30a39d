#include <firegrid/model/person.hpp>

#include <catch2/catch.hpp>

using firegrid::model::person_roles;
using firegrid::store::ChangedFile;
using firegrid::store::CommitFiles;

namespace {

CommitFiles person_commit(const std::string& id, const std::string& day, std::vector<ChangedFile> files) {
  CommitFiles c;
  c.commit = id;
  REQUIRE(firegrid::parse_date(day, c.date));
  c.files = std::move(files);
  return c;
}

}  // namespace

TEST_CASE("person: roles from when to when; a moved unit keeps them; a phone names the person", "[person]") {
  const std::string grid_with = "level: village\nname: 北苏村\nleader:\n  name: 王强\n  phone: '13800000001'\n";
  const std::string grid_without = "level: village\nname: 北苏村\nleader:\n  name: 李明\n";
  const std::string unit = "id: u-1\nname: 超市\nmanager:\n  name: 王强\n";
  const std::vector<CommitFiles> commits = {
      person_commit("c1", "2026-10-01", {{"grid/100/201/grid.yaml", false, grid_with}}),
      person_commit("c2", "2026-10-05", {{"grid/100/201/g01/units/u-1/unit.yaml", false, unit}}),
      person_commit("c3", "2026-11-02", {{"grid/100/201/g01/units/u-1/unit.yaml", true, ""},
                                         {"grid/100/201/g02/units/u-1/unit.yaml", false, unit}}),
      person_commit("c4", "2026-11-10", {{"grid/100/201/grid.yaml", false, grid_without}}),
  };
  const auto roles = person_roles(commits, "王强");
  REQUIRE(roles.size() == 2);
  CHECK(roles[0].role == "leader");
  CHECK(roles[0].record == "100/201");
  CHECK(roles[0].from.iso() == "2026-10-01");
  REQUIRE(roles[0].to);
  CHECK(roles[0].to->iso() == "2026-11-10");
  CHECK(roles[1].role == "manager");
  CHECK(roles[1].record == "u-1");
  CHECK_FALSE(roles[1].to);
  CHECK(person_roles(commits, "138 0000 0001").size() == 1);
  CHECK(person_roles(commits, "赵六").empty());
}
