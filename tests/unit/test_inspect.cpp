#include "support.hpp"

#include <firegrid/doc/emit.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

using firegrid::Date;
using firegrid::parse_date;
namespace inspect = firegrid::inspect;

namespace {

using firegrid::test::catalog;

constexpr auto d = firegrid::test::date;

// A county with one township, village and group, one key unit registered on 2026-10-01,
// a patrol of the group on 2026-11-27 and an inspection of the unit on 2026-10-15.
firegrid::store::MemoryDisk repo() {
  firegrid::store::MemoryDisk disk = firegrid::test::one_village_county();
  disk.files["grid/100/201/g01/units/u-aaaa0001/unit.yaml"] =
    "id: u-aaaa0001\nname: 元氏县第一中学\ncategory: key-unit\nstatus: active\nregistered: '2026-10-01'\n";
  disk.files["grid/100/201/g01/inspections/i-20261127-pppppp.yaml"] =
    "id: i-20261127-pppppp\nkind: patrol\ndate: '2026-11-27'\ninspectors:\n  - name: 王保安\nresult: pass\n";
  disk.files["grid/100/201/g01/units/u-aaaa0001/inspections/i-20261015-qqqqqq.yaml"] =
    "id: i-20261015-qqqqqq\nkind: fire-brigade-inspection\ndate: '2026-10-15'\ninspectors:\n"
    "  - name: 李队长\nitems:\n  - code: exits\n    status: pass\nresult: pass\n";
  return disk;
}

std::vector<std::string> lines(const std::vector<inspect::DueRow>& rows) {
  std::vector<std::string> out;
  for (const auto& r : rows)
    out.push_back(r.grid + " " + r.kind + " " + r.period + " " + r.due.iso() + " " + r.status + " " + r.last);
  return out;
}

}  // namespace

TEST_CASE("inspections load with their grid and unit", "[inspect]") {
  const auto disk = repo();
  const auto r = firegrid::model::load_repo(disk, catalog());
  CHECK(r.findings.errors() == 0);
  REQUIRE(r.inspections.size() == 2);
  const auto& patrol = r.inspections[0].kind == "patrol" ? r.inspections[0] : r.inspections[1];
  CHECK(patrol.grid->path == "100/201/g01");
  CHECK(patrol.unit == nullptr);
  CHECK(patrol.date.iso() == "2026-11-27");
}

TEST_CASE("inspect::due judges grid cadences by period and units by interval", "[inspect]") {
  const auto disk = repo();
  const auto r = firegrid::model::load_repo(disk, catalog());
  // Saturday 2026-11-28: the patrol of Friday is done, Saturday's is due; no village or
  // township check at all, so last week's and last month's are missed and this week's
  // (ending Sunday 11-29) and this month's (ending 11-30) are due within 7 days. The key
  // unit was inspected on 10-15: 30 days later, 11-14, it became overdue.
  const auto rows = inspect::due(r.tree, r.units, r.inspections, r.cadences, r.policy(), *r.tree.root(), d("2026-11-28"), 7);
  CHECK(lines(rows) == std::vector<std::string>{
                         " county-supervision 2026-H1 2026-06-30 missed ",
                         "100 police-spot-check 2026-W47 2026-11-22 missed ",
                         "100 police-spot-check 2026-W48 2026-11-29 due ",
                         "100 township-inspection 2026-10 2026-10-31 missed ",
                         "100 township-inspection 2026-11 2026-11-30 due ",
                         "100/201 community-police-check 2026-W47 2026-11-22 missed ",
                         "100/201 community-police-check 2026-W48 2026-11-29 due ",
                         "100/201 village-check 2026-W47 2026-11-22 missed ",
                         "100/201 village-check 2026-W48 2026-11-29 due ",
                         "100/201/g01 patrol 2026-11-28 2026-11-28 due 2026-11-27",
                         "100/201/g01 unit-check  2026-11-14 overdue 2026-10-15",
                       });
  // With --within 0 on Monday 2026-11-30 only what ends that day is due; last Sunday's
  // patrol is missed, and the week and month periods have rolled over.
  const auto monday = inspect::due(r.tree, r.units, r.inspections, r.cadences, r.policy(), *r.tree.root(), d("2026-11-30"), 0);
  std::vector<std::string> g01;
  for (const auto& l : lines(monday))
    if (l.rfind("100/201/g01", 0) == 0) g01.push_back(l);
  CHECK(g01 == std::vector<std::string>{"100/201/g01 patrol 2026-11-29 2026-11-29 missed 2026-11-27",
                                        "100/201/g01 patrol 2026-11-30 2026-11-30 due 2026-11-27",
                                        "100/201/g01 unit-check  2026-11-14 overdue 2026-10-15"});
}

TEST_CASE("a unit never inspected counts from its registration", "[inspect]") {
  auto disk = repo();
  disk.files.erase("grid/100/201/g01/units/u-aaaa0001/inspections/i-20261015-qqqqqq.yaml");
  const auto r = firegrid::model::load_repo(disk, catalog());
  const auto rows = inspect::due(r.tree, r.units, r.inspections, r.cadences, r.policy(), *r.tree.root(), d("2026-10-25"), 7);
  // Registered 10-01 + 30 days = 10-31: within 7 days of 10-25, so due soon.
  bool found = false;
  for (const auto& row : rows)
    if (row.kind == "unit-check") {
      found = true;
      CHECK(row.status == "due-soon");
      CHECK(row.due.iso() == "2026-10-31");
      CHECK(row.last.empty());
    }
  CHECK(found);
}
