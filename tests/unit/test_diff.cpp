#include "support.hpp"

#include <firegrid/model/repo.hpp>
#include <firegrid/report/diff.hpp>

#include <filesystem>
#include <map>
#include <fstream>
#include <sstream>

using namespace firegrid;

namespace {

// The golden tests' hazard fixture, in memory.
store::MemoryDisk hazard_fixture() {
  namespace fs = std::filesystem;
  const fs::path root = fs::path(FIREGRID_SOURCE_DIR) / "tests/cli/fixtures/hazard";
  store::MemoryDisk disk;
  for (const auto& e : fs::recursive_directory_iterator(root)) {
    if (!e.is_regular_file()) continue;
    std::ifstream in(e.path(), std::ios::binary);
    std::ostringstream s;
    s << in.rdbuf();
    disk.files[fs::relative(e.path(), root).generic_string()] = s.str();
  }
  return disk;
}

model::Repo load(const store::MemoryDisk& disk) { return model::load_repo(disk, test::catalog()); }

void replace(store::MemoryDisk& disk, const std::string& path, const std::string& from, const std::string& to) {
  auto& text = disk.files.at(path);
  const auto at = text.find(from);
  REQUIRE(at != std::string::npos);
  text.replace(at, from.size(), to);
}

const char* const kUnit = "grid/100/201/g01/units/u-bx68jyr3b5/unit.yaml";
const char* const kHazard = "grid/100/201/g01/units/u-bx68jyr3b5/hazards/h-20261119-44a4jx.yaml";

}  // namespace

TEST_CASE("diff of a repo with itself is empty", "[diff]") {
  const auto disk = hazard_fixture();
  const auto a = load(disk);
  const auto b = load(disk);
  const auto d = report::diff(a, b, *b.tree.root(), 3);
  CHECK(d.changes.empty());
  CHECK(d.root.total.empty());
  CHECK(d.root.children.size() == 2);
}

TEST_CASE("diff finds units added, closed and removed, hazards opened and closed, by grid", "[diff]") {
  const auto old_disk = hazard_fixture();
  auto new_disk = old_disk;
  // A unit closed, another removed with its hazard, a hazard closed, a new unit.
  replace(new_disk, kUnit, "status: active", "status: closed\nclosed_on: '2026-11-25'\nclosed_reason: 停业");
  replace(new_disk, kHazard, "state: notified", "state: closed");
  new_disk.files.erase("grid/201/202/g01/units/u-ex6t9vhzve/unit.yaml");
  new_disk.files.erase("grid/201/202/g01/units/u-ex6t9vhzve/hazards/h-20261116-mw89cs.yaml");
  new_disk.files["grid/201/202/g01/units/u-newunit001/unit.yaml"] =
      "id: u-newunit001\nname: 新店\ncategory: small-shop\naddress: 西街1号\nstatus: active\n";

  const auto before = load(old_disk);
  const auto after = load(new_disk);
  const auto d = report::diff(before, after, *after.tree.root(), 1);

  REQUIRE(d.changes.size() == 5);
  CHECK(d.changes[0].grid == "100/201/g01");
  CHECK(d.changes[0].kind == "unit");
  CHECK(d.changes[0].change == "closed");
  CHECK(d.changes[0].from == "active");
  CHECK(d.changes[0].to == "closed");
  CHECK(d.changes[1].kind == "hazard");
  CHECK(d.changes[1].change == "closed");
  CHECK(d.changes[1].from == "notified");
  CHECK(d.changes[1].date == "2026-11-19");
  CHECK(d.changes[2].grid == "201/202/g01");
  CHECK(d.changes[2].id == "u-ex6t9vhzve");
  CHECK(d.changes[2].change == "removed");
  CHECK(d.changes[3].id == "u-newunit001");
  CHECK(d.changes[3].change == "added");
  CHECK(d.changes[3].title == "新店");
  CHECK(d.changes[4].kind == "hazard");
  CHECK(d.changes[4].change == "removed");

  CHECK(report::get(d.root.total, "units.added") == 1);
  CHECK(report::get(d.root.total, "units.closed") == 1);
  CHECK(report::get(d.root.total, "units.removed") == 1);
  CHECK(report::get(d.root.total, "hazards.closed") == 1);
  CHECK(report::get(d.root.total, "hazards.changed") == 1);
  CHECK(report::get(d.root.total, "hazards.removed") == 1);
  // depth 1: the townships stay, with everything below summed into them.
  REQUIRE(d.root.children.size() == 2);
  CHECK(d.root.children[0].children.empty());
  CHECK(report::get(d.root.children[0].total, "units.closed") == 1);
  CHECK(report::get(d.root.children[1].total, "units.added") == 1);
  CHECK(d.root.children[0].own.empty());

  SECTION("--grid keeps to the grid") {
    const auto g = report::diff(before, after, *after.tree.find("201"), 3);
    CHECK(g.changes.size() == 3);
    CHECK(report::get(g.root.total, "units.closed") == 0);
    CHECK(report::get(g.root.total, "units.added") == 1);
  }
}

TEST_CASE("a hazard opened and reopened since counts as both; everything is new against an empty repo",
          "[diff]") {
  const auto disk = hazard_fixture();
  const auto after = load(disk);
  const model::Repo nothing;
  const auto d = report::diff(nothing, after, *after.tree.root(), 3);
  CHECK(report::get(d.root.total, "units.added") == 6);
  CHECK(report::get(d.root.total, "hazards.opened") == 7);
  CHECK(report::get(d.root.total, "hazards.changed") == 0);

  auto reopened = disk;
  replace(reopened, kHazard, "state: notified", "state: reopened");
  const auto r = report::diff(after, load(reopened), *after.tree.root(), 3);
  REQUIRE(r.changes.size() == 1);
  CHECK(r.changes[0].change == "reopened");
  CHECK(report::get(r.root.total, "hazards.reopened") == 1);
  CHECK(report::get(r.root.total, "hazards.changed") == 1);
}

TEST_CASE("diff finds a unit moved to another group and people changed in grids and units", "[diff]") {
  const auto old_disk = hazard_fixture();
  auto new_disk = old_disk;
  // The unit's folder renamed into another group (as `git mv` or `unit move` do).
  std::map<std::string, std::string> moved;
  for (auto it = new_disk.files.begin(); it != new_disk.files.end();) {
    const std::string from = "grid/100/201/g01/units/u-bx68jyr3b5/";
    if (it->first.rfind(from, 0) == 0) {
      moved["grid/100/201/g02/units/u-bx68jyr3b5/" + it->first.substr(from.size())] = it->second;
      it = new_disk.files.erase(it);
    } else {
      ++it;
    }
  }
  new_disk.files.insert(moved.begin(), moved.end());
  replace(new_disk, "grid/100/grid.yaml", "code: '130132100'", "code: '130132100'\nleader:\n  name: 刘镇长\n  phone: '13900000001'");
  const auto a = load(old_disk);
  const auto b = load(new_disk);
  REQUIRE(b.findings.errors() == 0);
  const auto d = report::diff(a, b, *b.tree.root(), 3);
  REQUIRE(d.changes.size() == 2);
  CHECK(d.changes[0].kind == "grid");
  CHECK(d.changes[0].change == "people");
  CHECK(d.changes[0].from.empty());
  CHECK(d.changes[0].to == "刘镇长 13900000001");
  CHECK(d.changes[0].title == "leader");
  CHECK(d.changes[1].kind == "unit");
  CHECK(d.changes[1].change == "moved");
  CHECK(d.changes[1].from == "100/201/g01");
  CHECK(d.changes[1].to == "100/201/g02");
  CHECK(report::get(d.root.total, "units.moved") == 1);
  CHECK(report::get(d.root.total, "people.changed") == 1);

  // Back again: the leader gone is a change of people too.
  const auto back = report::diff(b, a, *a.tree.root(), 3);
  REQUIRE(back.changes.size() == 2);
  CHECK(back.changes[0].from == "刘镇长 13900000001");
  CHECK(back.changes[0].to.empty());
}
