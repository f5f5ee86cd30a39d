#include "support.hpp"

#include <firegrid/check/check.hpp>
#include <firegrid/merge/merge.hpp>
#include <firegrid/schema/modeline.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>

using firegrid::Findings;
using firegrid::test::catalog;
namespace schema = firegrid::schema;

namespace {

// The file the modeline of `path` names, resolved as the language server resolves it:
// from the record's folder.
std::string modeline_resolved(const std::string& path, const std::string& type) {
  const std::filesystem::path folder = std::filesystem::path(path).parent_path();
  return (folder / schema::modeline_schema(path, type)).lexically_normal().string();
}

const char* const kUnitPath = "grid/100/201/g01/units/u-bx68jyr3b5/unit.yaml";

}  // namespace

TEST_CASE("modeline: the record type of every kind of file", "[modeline]") {
  CHECK(schema::record_type_of_path("firegrid.yaml") == "manifest");
  CHECK(schema::record_type_of_path("grid/grid.yaml") == "grid");
  CHECK(schema::record_type_of_path("grid/100/201/g01/grid.yaml") == "grid");
  CHECK(schema::record_type_of_path(kUnitPath) == "unit");
  CHECK(schema::record_type_of_path("grid/100/201/g01/units/u-bx68jyr3b5/hazards/h-20261119-44a4jx.yaml") == "hazard");
  CHECK(schema::record_type_of_path("grid/100/201/inspections/i-20261125-5qam8y.yaml") == "inspection");
  CHECK(schema::record_type_of_path("grid/100/tips/t-20261120-merrct.yaml") == "tip");
  CHECK(schema::record_type_of_path("grid/100/meetings/m-20261101-abcdef.yaml") == "meeting");
  CHECK(schema::record_type_of_path("grid/100/201/trainings/ev-20261117-8pgshe.yaml") == "training");
  CHECK(schema::record_type_of_path("grid/100/publicity/ev-20261117-8pgshe.yaml") == "training");
  CHECK(schema::record_type_of_path("grid/100/attestations/a-20261031-k2m9xq.yaml") == "attestation");
  CHECK(schema::record_type_of_path("calendar/holidays.yaml") == "calendar");
  CHECK(schema::record_type_of_path("plans/2026/2026-W49-county.yaml") == "plan");
  CHECK(schema::record_type_of_path("schemas/unit.schema.yaml") == "");
  CHECK(schema::record_type_of_path("files/ab/cdef.yaml") == "");
  CHECK(schema::record_type_of_path("grid/100/notes.txt") == "");
  // The merge driver's record types are as before: attestations and plans are git's.
  CHECK(firegrid::merge::record_type("grid/100/attestations/a-20261031-k2m9xq.yaml") == "");
  CHECK(firegrid::merge::record_type("plans/2026/2026-W49-county.yaml") == "");
}

TEST_CASE("modeline: the path from the record's folder reaches schemas/ at every depth", "[modeline]") {
  CHECK(schema::modeline("firegrid.yaml", "manifest") ==
        "# yaml-language-server: $schema=schemas/manifest.schema.yaml\n");
  CHECK(schema::modeline("grid/100/grid.yaml", "grid") == "# yaml-language-server: $schema=../../schemas/grid.schema.yaml\n");
  CHECK(schema::modeline_schema(kUnitPath, "unit") == "../../../../../../schemas/unit.schema.yaml");
  for (const char* path : {"firegrid.yaml", "grid/grid.yaml", "grid/100/grid.yaml", "grid/100/201/g01/grid.yaml", kUnitPath,
                           "grid/100/201/g01/units/u-bx68jyr3b5/hazards/h-20261119-44a4jx.yaml",
                           "grid/hazards/h-20261119-44a4jx.yaml", "grid/100/tips/t-20261120-merrct.yaml",
                           "grid/100/publicity/ev-20261117-8pgshe.yaml", "calendar/holidays.yaml",
                           "plans/2026/2026-W49-county.yaml"}) {
    const std::string type = schema::record_type_of_path(path);
    INFO(path);
    CHECK(modeline_resolved(path, type) == "schemas/" + type + ".schema.yaml");
  }
  // Every type has its schema in the catalogue, so the line always names a shipped file.
  const auto types = catalog().types();
  for (const char* type : {"manifest", "grid", "unit", "inspection", "hazard", "tip", "meeting", "training",
                           "attestation", "calendar", "plan"})
    CHECK(std::find(types.begin(), types.end(), type) != types.end());
}

TEST_CASE("modeline: found, taken off, put on and replaced", "[modeline]") {
  const std::string body = "id: u-bx68jyr3b5\nname: 惠民超市\n";
  const std::string right = schema::modeline(kUnitPath, "unit") + body;
  CHECK(schema::with_modeline(kUnitPath, "unit", body) == right);
  CHECK(schema::with_modeline(kUnitPath, "unit", right) == right);
  CHECK(schema::without_modeline(right) == body);
  CHECK(schema::without_modeline(body) == body);
  CHECK(schema::same_but_modeline(right, body));
  CHECK_FALSE(schema::same_but_modeline(right, body + "note: x\n"));

  const auto found = schema::find_modeline(right);
  REQUIRE(found);
  CHECK(found->line == 1);
  CHECK(found->schema == "../../../../../../schemas/unit.schema.yaml");
  CHECK_FALSE(schema::find_modeline(body));
  const auto later = schema::find_modeline("# a note\n#yaml-language-server: $schema=x.yaml  \nid: a\n");
  REQUIRE(later);
  CHECK(later->line == 2);
  CHECK(later->schema == "x.yaml");

  // fixed_modeline: added first, a wrong one replaced where it is, a right one kept.
  CHECK(schema::fixed_modeline(kUnitPath, "unit", body) == right);
  CHECK(schema::fixed_modeline(kUnitPath, "unit", right) == right);
  CHECK(schema::fixed_modeline(kUnitPath, "unit", "# yaml-language-server: $schema=../unit.schema.yaml\n" + body) == right);
  CHECK(schema::fixed_modeline(kUnitPath, "unit", "# note\n# yaml-language-server: $schema=x\n" + body) ==
        "# note\n" + right);
  CHECK(schema::fixed_modeline(kUnitPath, "unit", "id: a\n# yaml-language-server: $schema=x") ==
        "id: a\n" + schema::modeline(kUnitPath, "unit").substr(0, schema::modeline(kUnitPath, "unit").size() - 1));
}

TEST_CASE("modeline: a wrong line is a warning located at it; none and a right one are fine", "[modeline]") {
  const std::string body = "level: township\nname: 槐阳镇\ncode: '130132100'\n";
  Findings none;
  schema::check_modeline("grid/100/grid.yaml", body, "grid", none);
  schema::check_modeline("grid/100/grid.yaml", schema::with_modeline("grid/100/grid.yaml", "grid", body), "grid", none);
  CHECK(none.empty());

  Findings wrong;
  schema::check_modeline("grid/100/grid.yaml", "# yaml-language-server: $schema=../../schemas/unit.schema.yaml\n" + body,
                         "grid", wrong);
  REQUIRE(wrong.items().size() == 1);
  const auto& f = wrong.items().front();
  CHECK(f.code == "yaml-modeline");
  CHECK(f.severity == firegrid::Severity::warning);
  CHECK(f.where.line == 1);
  CHECK(f.message.find("../../schemas/unit.schema.yaml") != std::string::npos);
  CHECK(f.message.find("../../schemas/grid.schema.yaml") != std::string::npos);
  CHECK(f.hint.find("firegrid modeline") != std::string::npos);

  // The catalogue's validation says it too (every loader validates), and a path one folder
  // off is as wrong as another schema.
  auto loaded = firegrid::doc::load("grid/100/grid.yaml", "# yaml-language-server: $schema=../schemas/grid.schema.yaml\n" + body);
  REQUIRE(loaded.document);
  const Findings validated = catalog().validate(*loaded.document, "grid");
  REQUIRE(validated.items().size() == 1);
  CHECK(validated.items().front().code == "yaml-modeline");
}

TEST_CASE("modeline: the file a write makes starts with it and reads back as the record", "[modeline]") {
  const auto record = firegrid::doc::load("x", "level: township\nname: 槐阳镇\ncode: '130132100'\n").document->root;
  const std::string text = catalog().file_text("grid", "grid/100/grid.yaml", record);
  CHECK(text.rfind("# yaml-language-server: $schema=../../schemas/grid.schema.yaml\n", 0) == 0);
  auto back = firegrid::doc::load("grid/100/grid.yaml", text);
  REQUIRE(back.clean());
  CHECK(back.document->root == record);
  CHECK(catalog().validate(*back.document, "grid").empty());
  CHECK(schema::without_modeline(text) == firegrid::doc::emit(record, catalog().key_order("grid").get()));
}

TEST_CASE("modeline: fix_modelines adds, corrects and copies a missing schema", "[modeline]") {
  firegrid::store::MemoryDisk disk;
  const std::string body = "level: township\nname: 槐阳镇\ncode: '130132100'\n";
  disk.files["grid/100/grid.yaml"] = body;  // an old repo's record: no line
  disk.files["grid/grid.yaml"] = "# yaml-language-server: $schema=schemas/grid.schema.yaml\nlevel: county\n";  // wrong
  disk.files["grid/100/201/grid.yaml"] = schema::with_modeline("grid/100/201/grid.yaml", "grid", "level: village\n");
  disk.files["schemas/grid.schema.yaml"] = "kept: as it is\n";
  disk.files["schemas/notes.yaml"] = "not a record\n";
  disk.files["files/ab/cd.yaml"] = "an attachment\n";
  disk.files["plans/2026/2026-W49-county.yaml"] = "week: 2026-W49\n";
  const auto fix = schema::fix_modelines(disk, catalog());
  CHECK(fix.records == 4);
  CHECK(fix.added == std::vector<std::string>{"grid/100/grid.yaml", "plans/2026/2026-W49-county.yaml"});
  CHECK(fix.corrected == std::vector<std::string>{"grid/grid.yaml"});
  CHECK(fix.copied == std::vector<std::string>{"schemas/plan.schema.yaml"});
  CHECK(fix.changes.writes.size() == 4);
  CHECK(fix.changes.writes.at("grid/100/grid.yaml") == schema::modeline("grid/100/grid.yaml", "grid") + body);
  CHECK(fix.changes.writes.at("grid/grid.yaml") == "# yaml-language-server: $schema=../schemas/grid.schema.yaml\nlevel: county\n");
  CHECK(fix.changes.writes.count("schemas/grid.schema.yaml") == 0);
  disk.commit(fix.changes);
  CHECK(schema::fix_modelines(disk, catalog()).changes.empty());  // the second run has nothing to do
}

TEST_CASE("modeline: check names a schema the lines point at that schemas/ lacks", "[modeline]") {
  firegrid::store::MemoryDisk disk;
  disk.files["firegrid.yaml"] = catalog().file_text(
      "manifest", "firegrid.yaml", firegrid::policy::default_manifest("130132", "元氏县", 2026));
  disk.files["grid/grid.yaml"] = schema::with_modeline("grid/grid.yaml", "grid", "level: county\nname: 元氏县\ncode: '130132'\n");
  for (const auto& [name, text] : catalog().files())
    if (name != "grid.schema.yaml") disk.files["schemas/" + name] = text;
  const auto findings = [&disk] {
    std::vector<std::string> out;
    const auto result = firegrid::check::run(disk, catalog());
    for (const auto& f : result.findings.items())
      if (f.code == "yaml-modeline") out.push_back(f.where.path + ":" + std::to_string(f.where.line) + " " + f.hint);
    return out;
  };
  CHECK(findings() == std::vector<std::string>{
                        "grid/grid.yaml:1 `firegrid modeline` copies the missing schemas into schemas/"});
  disk.files["schemas/grid.schema.yaml"] = "x: y\n";
  CHECK(findings().empty());
  // A repo whose records have no lines is not told about its schemas/.
  disk.files.erase("schemas/grid.schema.yaml");
  disk.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130132'\n";
  CHECK(findings().empty());
}

TEST_CASE("modeline: a merged record keeps its line", "[modeline]") {
  const std::string path = "grid/100/201/g01/units/u-bx68jyr3b5/hazards/h-20261119-44a4jx.yaml";
  const std::string head = "id: h-20261119-44a4jx\nstate: found\nseverity: general\nfound_on: '2026-11-19'\n"
                           "source: patrol\ndescription: 门口堆放纸箱\nhistory:\n  - date: '2026-11-19'\n    event: open\n"
                           "    state: found\n";
  const std::string base = schema::with_modeline(path, "hazard", head);
  const auto r = firegrid::merge::merge_record(path, base, base + "  - date: '2026-11-20'\n    event: note\n    note: 甲\n    state: found\n",
                                               head + "  - date: '2026-11-21'\n    event: note\n    note: 乙\n    state: found\n",
                                               catalog());
  REQUIRE(r.merged);
  CHECK(r.text.rfind(schema::modeline(path, "hazard"), 0) == 0);
}
