#include "support.hpp"

#include <firegrid/check/check.hpp>
#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <map>
#include <optional>
#include <string>

using firegrid::Findings;
using firegrid::check::render_json;
using firegrid::check::render_text;
using firegrid::check::Result;
using firegrid::check::summary;
using firegrid::store::MemoryDisk;

namespace {

using firegrid::test::catalog;

const char* const kCounty = "level: county\nname: 元氏县\ncode: '130132'\nleader:\n  name: 县长\n";

// A repo as `init` makes it, with a township and a village that have their people.
MemoryDisk small_repo() {
  MemoryDisk d;
  const auto order = catalog().key_order("manifest");
  d.files["firegrid.yaml"] =
    firegrid::doc::emit(firegrid::policy::default_manifest("130132", "元氏县", 2026), order.get());
  d.files["grid/grid.yaml"] = kCounty;
  d.files["grid/100/grid.yaml"] =
    "level: township\nname: 槐阳镇\ncode: '130132100'\nleader:\n  name: 胡霞\nmembers:\n  - name: 冯娜\n"
    "    organisation: 槐阳镇派出所\nrescue_team:\n  name: 槐阳镇24小时应急救援队\n";
  d.files["grid/100/201/grid.yaml"] =
    "level: village\nname: 东关村\ncode: '130132100201'\nleader:\n  name: 张书记\ncoordinators:\n  - name: 李协管\n"
    "volunteer_brigade:\n  name: 东关村志愿消防队\n";
  return d;
}

// Source text from a fixed set of files.
firegrid::check::SourceLookup sources(std::map<std::string, std::string> files) {
  return [files = std::move(files)](const std::string& path) -> std::optional<std::string> {
    const auto it = files.find(path);
    if (it == files.end()) return std::nullopt;
    return it->second;
  };
}

}  // namespace

TEST_CASE("check::run on a clean repo finds nothing", "[check]") {
  const MemoryDisk disk = small_repo();
  const Result r = firegrid::check::run(disk, catalog());
  for (const auto& f : r.findings.items()) INFO(f.where.path << " " << f.code << ": " << f.message);
  CHECK(r.findings.empty());
  CHECK(r.files == 4);  // the manifest and three grid records
  CHECK(summary(r) == "no problems in 4 files");
}

TEST_CASE("check::run reports a county code that differs from the manifest", "[check]") {
  MemoryDisk disk;
  disk.files["firegrid.yaml"] = small_repo().files["firegrid.yaml"];
  disk.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130133'\nleader:\n  name: 县长\n";
  const Result r = firegrid::check::run(disk, catalog());
  REQUIRE(r.findings.items().size() == 1);
  const auto& f = r.findings.items()[0];
  CHECK(f.code == "grid-county-code");
  CHECK(f.severity == firegrid::Severity::error);
  CHECK(f.where.path == "grid/grid.yaml");
  CHECK(f.where.line == 3);
  CHECK(f.where.column == 7);
  CHECK(f.message == "the county node's code 130133 differs from 130132 in firegrid.yaml");
  CHECK(f.hint == "the two must name the same county; correct one of them");
  CHECK(summary(r) == "1 error in 2 files");
}

TEST_CASE("check::run blames only the county for a wrong county code", "[check]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130133'\nleader:\n  name: 县长\n";
  const Result r = firegrid::check::run(disk, catalog());
  // The townships' codes start with the manifest's code, not the county node's: not blamed.
  REQUIRE(r.findings.items().size() == 1);
  CHECK(r.findings.items()[0].code == "grid-county-code");
}

TEST_CASE("check::run collects findings from every file, sorted", "[check]") {
  MemoryDisk disk = small_repo();
  disk.files["grid/100/201/grid.yaml"] = "level: village\nname: 东关村\ncode: 130132100201\n";
  disk.files["grid/100/grid.yaml"] = "level: township\nnmae: 槐阳镇\ncode: '130132100'\n";
  disk.files["grid/200/notes.txt"] = "x\n";
  const Result r = firegrid::check::run(disk, catalog());
  std::vector<std::string> seen;
  for (const auto& f : r.findings.items()) seen.push_back(f.where.path + " " + f.code);
  CHECK(seen == std::vector<std::string>{
                  "grid/100/201/grid.yaml resource-coordinators",
                  "grid/100/201/grid.yaml resource-no-brigade",
                  "grid/100/201/grid.yaml resource-no-leader",
                  "grid/100/201/grid.yaml schema-type",
                  "grid/100/grid.yaml resource-no-leader",
                  "grid/100/grid.yaml resource-no-police",
                  "grid/100/grid.yaml resource-no-rescue-team",
                  "grid/100/grid.yaml schema-missing-key",
                  "grid/100/grid.yaml schema-unknown-key",
                  "grid/200 grid-no-record",
                  "grid/200/notes.txt grid-unknown-file",
                });
  CHECK(summary(r) == "4 errors, 7 warnings in 4 files");  // grid/200 has no file
}

TEST_CASE("check::run fails without a manifest", "[check]") {
  MemoryDisk disk = small_repo();
  disk.files.erase("firegrid.yaml");
  CHECK_THROWS_AS(firegrid::check::run(disk, catalog()), firegrid::Error);
}

TEST_CASE("render_text puts the caret under the column, CJK counting 2", "[check]") {
  Findings f;
  f.error({"grid/100/grid.yaml", 2, 11}, "schema-pattern", "note: '#1' is not in the expected form",
          "write it as text");
  const auto src = sources({{"grid/100/grid.yaml", "level: township\nnote: 槐阳镇 #1\n"}});
  CHECK(render_text(f, src, false) ==
        "grid/100/grid.yaml:2:11: error: note: '#1' is not in the expected form\n"
        " 2 | note: 槐阳镇 #1\n"
        "   |              ^\n"
        "  hint: write it as text\n");
}

TEST_CASE("render_text at the first column and in a wide line number gutter", "[check]") {
  std::string text;
  for (int i = 1; i < 12; ++i) text += "k" + std::to_string(i) + ": 1\n";
  text += "名称: x\n";
  Findings f;
  f.warning({"t.yaml", 12, 1}, "schema-unknown-key", "unknown key '名称'");
  f.warning({"t.yaml", 12, 5}, "schema-type", "at the value");
  CHECK(render_text(f, sources({{"t.yaml", text}}), false) ==
        "t.yaml:12:1: warning: unknown key '名称'\n"
        " 12 | 名称: x\n"
        "    | ^\n"
        "t.yaml:12:5: warning: at the value\n"
        " 12 | 名称: x\n"
        "    |       ^\n");
}

TEST_CASE("render_text for findings without a line or column", "[check]") {
  Findings f;
  f.error({"grid/300", 0, 0}, "grid-no-record", "folder grid/300 has no grid.yaml", "restore it");
  f.error({"grid/100/grid.yaml", 3, 0}, "x", "line only");
  f.error({"gone.yaml", 2, 1}, "y", "source unavailable");
  f.error({"grid/100/grid.yaml", 9, 1}, "z", "past the end");
  const auto src = sources({{"grid/100/grid.yaml", "a: 1\nb: 2\nc: 3\n"}});
  CHECK(render_text(f, src, false) ==
        "grid/300: error: folder grid/300 has no grid.yaml\n"
        "  hint: restore it\n"
        "grid/100/grid.yaml:3: error: line only\n"
        "gone.yaml:2:1: error: source unavailable\n"
        "grid/100/grid.yaml:9:1: error: past the end\n");
  CHECK(render_text(f, nullptr, false).find(" | ") == std::string::npos);
  CHECK(render_text(Findings{}, src, false) == "");
}

TEST_CASE("render_text shows control characters harmlessly", "[check]") {
  Findings f;
  f.error({"t.yaml", 1, 4}, "c", "here");
  CHECK(render_text(f, sources({{"t.yaml", "a:\tb\x1b[2Jc\r\n"}}), false) ==
        "t.yaml:1:4: error: here\n"
        " 1 | a: b\xEF\xBF\xBD[2Jc\n"
        "   |    ^\n");
}

TEST_CASE("render_text colours for a terminal", "[check]") {
  Findings f;
  f.error({"t.yaml", 1, 1}, "c", "bad", "fix");
  f.warning({"t.yaml", 0, 0}, "w", "meh");
  const std::string out = render_text(f, sources({{"t.yaml", "a: 1\n"}}), true);
  CHECK(out ==
        "\x1b[1mt.yaml:1:1:\x1b[0m \x1b[1;31merror:\x1b[0m bad\n"
        " 1 | a: 1\n"
        "   | \x1b[1;31m^\x1b[0m\n"
        "  \x1b[1;36mhint:\x1b[0m fix\n"
        "\x1b[1mt.yaml:\x1b[0m \x1b[1;35mwarning:\x1b[0m meh\n");
}

TEST_CASE("summary counts errors, warnings and files", "[check]") {
  Result r;
  r.files = 1;
  CHECK(summary(r) == "no problems in 1 file");
  r.files = 17;
  CHECK(summary(r) == "no problems in 17 files");
  r.findings.error({"a", 0, 0}, "c", "m");
  CHECK(summary(r) == "1 error in 17 files");
  r.findings.warning({"a", 0, 0}, "c", "m");
  CHECK(summary(r) == "1 error, 1 warning in 17 files");
  r.findings.error({"a", 0, 0}, "c", "m");
  r.findings.warning({"a", 0, 0}, "c", "m");
  CHECK(summary(r) == "2 errors, 2 warnings in 17 files");
  Result w;
  w.files = 2;
  w.findings.warning({"a", 0, 0}, "c", "m");
  CHECK(summary(w) == "1 warning in 2 files");
}

TEST_CASE("render_json gives every finding with its place", "[check]") {
  Result r;
  r.files = 3;
  r.findings.error({"grid/100/grid.yaml", 2, 7}, "schema-type", "code: expected text, found a whole number",
                   "write it in quotes: '130132100'");
  r.findings.warning({"grid/200", 0, 0}, "grid-unknown-file", "名称 \"quoted\"");
  const std::string out = render_json(r);
  CHECK(out ==
        "{\n"
        "  \"version\": 1,\n"
        "  \"files\": 3,\n"
        "  \"errors\": 1,\n"
        "  \"warnings\": 1,\n"
        "  \"findings\": [\n"
        "    {\n"
        "      \"severity\": \"error\",\n"
        "      \"path\": \"grid/100/grid.yaml\",\n"
        "      \"line\": 2,\n"
        "      \"column\": 7,\n"
        "      \"code\": \"schema-type\",\n"
        "      \"message\": \"code: expected text, found a whole number\",\n"
        "      \"hint\": \"write it in quotes: '130132100'\"\n"
        "    },\n"
        "    {\n"
        "      \"severity\": \"warning\",\n"
        "      \"path\": \"grid/200\",\n"
        "      \"line\": 0,\n"
        "      \"column\": 0,\n"
        "      \"code\": \"grid-unknown-file\",\n"
        "      \"message\": \"名称 \\\"quoted\\\"\",\n"
        "      \"hint\": \"\"\n"
        "    }\n"
        "  ]\n"
        "}\n");
  const auto j = nlohmann::json::parse(out);
  CHECK(j["findings"].size() == 2);

  Result empty;
  const auto e = nlohmann::json::parse(render_json(empty));
  CHECK(e["errors"] == 0);
  CHECK(e["findings"].is_array());
  CHECK(e["findings"].empty());
}
