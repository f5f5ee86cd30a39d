// What several unit test files share: a temporary folder, the built-in schemas, the
// default policy and calendar, records from YAML text and a one-village county.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <filesystem>
#include <string>

#include <cstdlib>

namespace firegrid::test {

// The date of an ISO string that the test knows to be valid.
inline Date date(const char* iso) {
  Date out;
  REQUIRE(parse_date(iso, out));
  return out;
}

// A fresh folder under the system's temp folder (its real path, symlinks resolved),
// removed with everything in it.
class TempDir {
public:
  TempDir() {
    namespace fs = std::filesystem;
    std::string tmpl = (fs::temp_directory_path() / "firegrid-test-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    path_ = fs::canonical(tmpl).string();
  }
  ~TempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::string& path() const { return path_; }
  std::string operator/(const std::string& rel) const { return path_ + "/" + rel; }

private:
  std::string path_;
};

// The catalogue of the built-in schemas, built once.
inline const schema::Catalog& catalog() {
  static const schema::Catalog c;
  return c;
}

// A record from YAML text that the test knows to be clean.
inline doc::Node yaml(const std::string& text) {
  auto loaded = doc::load("test.yaml", text);
  REQUIRE(loaded.clean());
  return loaded.document->root;
}

// A node as YAML text, so a failed comparison shows both sides readably.
inline std::string text(const doc::Node& n) { return doc::emit(n); }

// The policy `init` writes for a county made in 2026.
inline const doc::Node& policy() {
  static const doc::Node p = *policy::default_manifest("130132", "元氏县", 2026).find("policy");
  return p;
}

// The built-in holiday calendar, as a repo without calendar/holidays.yaml gets it.
inline const policy::Calendar& calendar() {
  static const policy::Calendar c = [] {
    const store::MemoryDisk disk;
    Findings findings;
    return policy::load_calendar(disk, catalog(), findings);
  }();
  return c;
}

// 元氏县 with the default manifest, one township (100 槐阳镇), one village (201 北苏村)
// and one group (g01); tests add their records.
inline store::MemoryDisk one_village_county() {
  store::MemoryDisk disk;
  const auto manifest = policy::default_manifest("130132", "元氏县", 2026);
  disk.files["firegrid.yaml"] = doc::emit(manifest, catalog().key_order("manifest").get());
  disk.files["grid/grid.yaml"] = "level: county\nname: 元氏县\ncode: '130132'\n";
  disk.files["grid/100/grid.yaml"] = "level: township\nname: 槐阳镇\ncode: '130132100'\n";
  disk.files["grid/100/201/grid.yaml"] = "level: village\nname: 北苏村\ncode: '130132100201'\n";
  disk.files["grid/100/201/g01/grid.yaml"] = "level: group\nname: 第一村民小组\n";
  return disk;
}

}  // namespace firegrid::test
