// What several unit test files share: a temporary folder and the built-in schemas.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/schema/catalog.hpp>

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

}  // namespace firegrid::test
