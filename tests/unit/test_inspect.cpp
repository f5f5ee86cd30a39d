#include "support.hpp"

#include <firegrid/doc/emit.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <algorithm>

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

namespace {

// The county of repo() with an inspection of the unit on 2026-11-20 with four failed
// items: one linked to a hazard found on 11-22, one fixed on the spot, one waived on
// 11-25, and one with no ending; and a hazard found on 11-26 that names the inspection's
// item `wiring` without the item naming it back.
firegrid::store::MemoryDisk repo_with_failed_items() {
  firegrid::store::MemoryDisk disk = repo();
  const std::string unit = "grid/100/201/g01/units/u-aaaa0001/";
  disk.files[unit + "inspections/i-20261120-ffffff.yaml"] =
    "id: i-20261120-ffffff\nkind: police-spot-check\ndate: '2026-11-20'\ninspectors:\n  - name: 张警官\n"
    "items:\n"
    "  - code: exits\n    status: fail\n    hazard: h-20261122-aaaaaa\n"
    "  - code: e-bikes\n    status: fail\n    fixed: true\n"
    "  - code: gas\n    status: fail\n    waiver:\n      by:\n        name: 张警官\n      reason: 燃气已停用\n"
    "      date: '2026-11-25'\n"
    "  - code: extinguishers\n    status: fail\n"
    "  - code: wiring\n    status: fail\n"
    "  - code: kitchen-hood\n    status: pass\n"
    "result: fail\n";
  const auto hazard = [](const std::string& id, const std::string& found, const std::string& item) {
    return "id: " + id + "\nstate: found\nseverity: general\nfound_on: '" + found +
           "'\nsource: inspection\ninspection: i-20261120-ffffff\nitem: " + item +
           "\ndescription: 隐患\nhistory:\n  - date: '" + found + "'\n    event: open\n    severity: general\n"
           "    state: found\n";
  };
  disk.files[unit + "hazards/h-20261122-aaaaaa.yaml"] = hazard("h-20261122-aaaaaa", "2026-11-22", "exits");
  disk.files[unit + "hazards/h-20261126-bbbbbb.yaml"] = hazard("h-20261126-bbbbbb", "2026-11-26", "wiring");
  return disk;
}

// The inspection with the failed items, i-20261120-ffffff.
const inspect::Inspection* the_failed_inspection(const firegrid::model::Repo& r) {
  for (const auto& i : r.inspections)
    if (i.record.id() == "i-20261120-ffffff") return &i;
  FAIL("no inspection i-20261120-ffffff");
  return nullptr;
}

std::vector<std::string> unfollowed_codes(const firegrid::model::Repo& r, const Date& day) {
  std::vector<std::string> out;
  for (const auto& u : inspect::unfollowed(r.inspections, r.hazards, day)) out.push_back(u.item->code);
  return out;
}

}  // namespace

TEST_CASE("a failed item is unfollowed until its ending's day", "[inspect]") {
  const auto disk = repo_with_failed_items();
  const auto r = firegrid::model::load_repo(disk, catalog());
  CHECK(r.findings.errors() == 0);
  // Before the inspection: nothing. On its day: all but the item fixed on the spot.
  CHECK(unfollowed_codes(r, d("2026-11-19")).empty());
  CHECK(unfollowed_codes(r, d("2026-11-20")) == std::vector<std::string>{"exits", "gas", "extinguishers", "wiring"});
  // The hazard of exits is found on 11-22, the waiver of gas dated 11-25, the hazard that
  // names wiring (one way) found on 11-26; extinguishers is never followed.
  CHECK(unfollowed_codes(r, d("2026-11-22")) == std::vector<std::string>{"gas", "extinguishers", "wiring"});
  CHECK(unfollowed_codes(r, d("2026-11-25")) == std::vector<std::string>{"extinguishers", "wiring"});
  CHECK(unfollowed_codes(r, d("2026-11-26")) == std::vector<std::string>{"extinguishers"});
  const auto u = inspect::unfollowed(r.inspections, r.hazards, d("2026-11-28"));
  REQUIRE(u.size() == 1);
  CHECK(u[0].inspection->record.id() == "i-20261120-ffffff");
  CHECK(u[0].item->mark.line == 20);  // the line of `code: extinguishers`
}

TEST_CASE("an item with a wrong ending is an error", "[inspect]") {
  auto disk = repo_with_failed_items();
  const std::string path = "grid/100/201/g01/units/u-aaaa0001/inspections/i-20261120-ffffff.yaml";
  auto& text = disk.files[path];
  // kitchen-hood passed but says it was fixed; e-bikes is fixed and waived; gas's waiver
  // is dated before the inspection.
  const auto swap = [&text](const std::string& from, const std::string& to) {
    const auto at = text.find(from);
    REQUIRE(at != std::string::npos);
    text.replace(at, from.size(), to);
  };
  swap("  - code: kitchen-hood\n    status: pass\n", "  - code: kitchen-hood\n    status: pass\n    fixed: true\n");
  swap("    fixed: true\n  - code: gas",
       "    fixed: true\n    waiver:\n      by:\n        name: 王\n      reason: 无\n      date: '2026-11-21'\n"
       "  - code: gas");
  swap("'2026-11-25'", "'2026-11-19'");
  const auto r = firegrid::model::load_repo(disk, catalog());
  std::vector<std::string> messages;
  for (const auto& f : r.findings.items())
    if (f.code == "inspection-item-ending") messages.push_back(f.message);
  std::sort(messages.begin(), messages.end());
  CHECK(messages == std::vector<std::string>{
                      "failed item e-bikes has more than one ending",
                      "item kitchen-hood is pass, but it has the ending of a failed item",
                      "the waiver of item gas is dated 2026-11-19, before the inspection",
                    });
}

TEST_CASE("inspect::edit records a fix on the spot and a waiver", "[inspect]") {
  const auto disk = repo_with_failed_items();
  firegrid::model::LoadOptions what;
  what.inspection_documents = true;
  const auto full = firegrid::model::load_repo(disk, catalog(), what);
  const inspect::Checklist checklist(catalog());
  const inspect::Inspection* in = the_failed_inspection(full);
  REQUIRE(in->record.loaded);
  inspect::Waiver none;
  // extinguishers fixed on the spot: stored failed, with fixed: true; the result stays fail.
  auto c = inspect::edit(catalog(), checklist, *in, {{"extinguishers", "fixed", "当场更换"}}, "", false, none,
                         d("2026-11-28"));
  const std::string& fixed = c.changes.writes.at(in->record.path);
  CHECK(fixed.find("  - code: extinguishers\n    status: fail\n    note: 当场更换\n    fixed: true\n") !=
        std::string::npos);
  CHECK(fixed.find("result: fail") != std::string::npos);
  // A waiver: who, why, when.
  inspect::Waiver w;
  w.codes = {"extinguishers"};
  w.by = firegrid::doc::Node::mapping();
  w.by.set("name", firegrid::doc::Node::string("王强"));
  w.reason = "单位已停业";
  w.date = d("2026-11-27");
  c = inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28"));
  CHECK(c.changes.writes.at(in->record.path)
          .find("  - code: extinguishers\n    status: fail\n    waiver:\n      by:\n        name: 王强\n"
                "      reason: 单位已停业\n      date: '2026-11-27'\n") != std::string::npos);
  // Refused: an item followed already, one that passed, a date before the inspection or
  // after today, no reason; a fix on an item with a hazard.
  w.codes = {"exits"};
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "item exits is followed by hazard h-20261122-aaaaaa already");
  w.codes = {"e-bikes"};
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "item e-bikes was fixed on the spot already");
  w.codes = {"kitchen-hood"};
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "item kitchen-hood is pass, not failed: it needs no waiver");
  w.codes = {"alarm-sprinkler"};
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "i-20261120-ffffff lists no item alarm-sprinkler");
  w.codes = {"extinguishers"};
  w.date = d("2026-11-19");
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "the waiver's date 2026-11-19 is before the inspection (2026-11-20)");
  w.date = d("2026-11-29");
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "the date 2026-11-29 is after today (2026-11-28)");
  w.date = d("2026-11-28");
  w.reason.clear();
  CHECK_THROWS_WITH(inspect::edit(catalog(), checklist, *in, {}, "", false, w, d("2026-11-28")),
                    "a waiver needs a reason");
  CHECK_THROWS_WITH(
    inspect::edit(catalog(), checklist, *in, {{"exits", "fixed", ""}}, "", false, none, d("2026-11-28")),
    "item exits is followed by hazard h-20261122-aaaaaa; it cannot be fixed on the spot as well");
  // Recorded as failed anew, a waived item loses its waiver; a linked one keeps its hazard.
  c = inspect::edit(catalog(), checklist, *in, {{"gas", "fail", ""}, {"exits", "fail", "堵塞"}}, "", false, none,
                    d("2026-11-28"));
  const std::string& anew = c.changes.writes.at(in->record.path);
  CHECK(anew.find("  - code: gas\n    status: fail\n  - code: extinguishers") != std::string::npos);
  CHECK(anew.find("  - code: exits\n    status: fail\n    note: 堵塞\n    hazard: h-20261122-aaaaaa\n") !=
        std::string::npos);
}

TEST_CASE("inspect::link_hazard names the hazard from the item, once", "[inspect]") {
  auto disk = repo_with_failed_items();
  const auto r = firegrid::model::load_repo(disk, catalog());
  const inspect::Inspection* in = the_failed_inspection(r);
  const std::string& path = in->record.path;
  // wiring: failed, no ending -> linked. A code the inspection did not list is added as failed.
  auto c = inspect::link_hazard(catalog(), disk, *in, "wiring", "h-20261126-bbbbbb");
  CHECK(c.changes.writes.at(path).find("  - code: wiring\n    status: fail\n    hazard: h-20261126-bbbbbb\n") !=
        std::string::npos);
  c = inspect::link_hazard(catalog(), disk, *in, "fire-lanes", "h-20261126-cccccc");
  CHECK(c.changes.writes.at(path).find("  - code: fire-lanes\n    status: fail\n    hazard: h-20261126-cccccc\n") !=
        std::string::npos);
  // exits names this hazard already: nothing to write; another hazard is refused.
  CHECK(inspect::link_hazard(catalog(), disk, *in, "exits", "h-20261122-aaaaaa").changes.empty());
  CHECK_THROWS_WITH(inspect::link_hazard(catalog(), disk, *in, "exits", "h-20261126-dddddd"),
                    "item exits of i-20261120-ffffff is followed by hazard h-20261122-aaaaaa already");
  CHECK_THROWS_WITH(inspect::link_hazard(catalog(), disk, *in, "e-bikes", "h-20261126-dddddd"),
                    "item e-bikes of i-20261120-ffffff was fixed on the spot");
  CHECK_THROWS_WITH(inspect::link_hazard(catalog(), disk, *in, "gas", "h-20261126-dddddd"),
                    "item gas of i-20261120-ffffff is waived");
  CHECK_THROWS_WITH(inspect::link_hazard(catalog(), disk, *in, "kitchen-hood", "h-20261126-dddddd"),
                    "item kitchen-hood of i-20261120-ffffff is pass, not failed");
  // A file that does not read cleanly is not rewritten.
  disk.files[path] += "id: again\n";
  CHECK_THROWS_WITH(inspect::link_hazard(catalog(), disk, *in, "wiring", "h-20261126-bbbbbb"),
                    path + " cannot be read cleanly, so the hazard cannot be linked from it");
}

TEST_CASE("inspect::item_loops: open while the hazard is open, closed by its re-check", "[inspect]") {
  auto disk = repo_with_failed_items();
  const std::string unit = "grid/100/201/g01/units/u-aaaa0001/";
  // The hazard of exits: notified on 11-22, re-checked and closed on 11-27 by an
  // inspection of the unit that day.
  disk.files[unit + "inspections/i-20261127-rrrrrr.yaml"] =
    "id: i-20261127-rrrrrr\nkind: police-spot-check\ndate: '2026-11-27'\ninspectors:\n  - name: 张警官\n"
    "items:\n  - code: exits\n    status: pass\nresult: pass\n";
  disk.files[unit + "hazards/h-20261122-aaaaaa.yaml"] =
    "id: h-20261122-aaaaaa\nstate: closed\nseverity: general\nfound_on: '2026-11-22'\nsource: inspection\n"
    "inspection: i-20261120-ffffff\nitem: exits\ndescription: 隐患\ndeadline: '2026-11-25'\n"
    "notice:\n  issued_on: '2026-11-22'\nclosed_on: '2026-11-27'\nhistory:\n"
    "  - date: '2026-11-22'\n    event: open\n    severity: general\n    state: found\n"
    "  - date: '2026-11-22'\n    event: notice\n    deadline: '2026-11-25'\n    state: notified\n"
    "  - date: '2026-11-27'\n    event: verify-pass\n    inspection: i-20261127-rrrrrr\n    state: closed\n";
  const auto r = firegrid::model::load_repo(disk, catalog());
  CHECK(r.findings.errors() == 0);
  const auto loops_on = [&](const char* day) {
    std::vector<std::string> out;
    for (const auto& l : inspect::item_loops(r.inspections, r.hazards, d(day)))
      out.push_back(l.item->code + (l.closed ? " closed " + l.closed_on->iso() + " " + l.recheck : " open"));
    return out;
  };
  // Before the hazards are found, no loop; then exits (its hazard) and wiring (a hazard
  // naming it one way) are open; on 11-27 the re-check closes exits.
  CHECK(loops_on("2026-11-21").empty());
  CHECK(loops_on("2026-11-26") == std::vector<std::string>{"exits open", "wiring open"});
  CHECK(loops_on("2026-11-28") ==
        std::vector<std::string>{"exits closed 2026-11-27 i-20261127-rrrrrr", "wiring open"});
  // The re-check names an inspection that fits: the same unit, the step's day.
  const inspect::Inspection* recheck = nullptr;
  for (const auto& i : r.inspections)
    if (i.record.id() == "i-20261127-rrrrrr") recheck = &i;
  REQUIRE(recheck);
  CHECK(inspect::recheck_mismatch(*recheck, r.hazards[0], d("2026-11-27")).empty());
  CHECK(inspect::recheck_mismatch(*recheck, r.hazards[0], d("2026-11-28")) ==
        "i-20261127-rrrrrr is dated 2026-11-27, not the re-check's day 2026-11-28");
}

TEST_CASE("a re-check naming a missing inspection is an error", "[inspect]") {
  auto disk = repo_with_failed_items();
  disk.files["grid/100/201/g01/units/u-aaaa0001/hazards/h-20261122-aaaaaa.yaml"] =
    "id: h-20261122-aaaaaa\nstate: closed\nseverity: general\nfound_on: '2026-11-22'\nsource: inspection\n"
    "inspection: i-20261120-ffffff\nitem: exits\ndescription: 隐患\nclosed_on: '2026-11-27'\nhistory:\n"
    "  - date: '2026-11-22'\n    event: open\n    severity: general\n    state: found\n"
    "  - date: '2026-11-22'\n    event: notice\n    deadline: '2026-11-25'\n    state: notified\n"
    "  - date: '2026-11-27'\n    event: verify-pass\n    inspection: i-20261127-zzzzzz\n    state: closed\n";
  const auto r = firegrid::model::load_repo(disk, catalog());
  bool found = false;
  for (const auto& f : r.findings.items())
    found = found || (f.code == "hazard-recheck-inspection" && f.message == "no inspection i-20261127-zzzzzz");
  CHECK(found);
}
