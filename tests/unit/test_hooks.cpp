#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/core/process.hpp>
#include <firegrid/store/hooks.hpp>

#include <fstream>
#include <sstream>
#include <sys/stat.h>

using namespace firegrid;
using firegrid::test::TempDir;

namespace {

std::string hooks_read(const std::string& path) {
  std::ifstream in(path);
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace

TEST_CASE("the pre-commit hook runs check --staged on the repo's folder, quoted for the shell", "[hooks]") {
  const std::string text = store::pre_commit_hook("data/元氏 县/", "/opt/it's/firegrid");
  CHECK(text.rfind("#!/bin/sh\n", 0) == 0);
  CHECK(text.find(store::kHookMarker) != std::string::npos);
  CHECK(text.find("fg='/opt/it'\\''s/firegrid'\n") != std::string::npos);
  CHECK(text.find("exec \"$fg\" -q -C 'data/元氏 县/' check --staged\n") != std::string::npos);
  CHECK(store::pre_commit_hook("", "/f").find("-C '.' check --staged") != std::string::npos);
}

TEST_CASE("install_pre_commit writes an executable hook, replaces its own, keeps a foreign one only with force",
          "[hooks]") {
  TempDir tmp;
  REQUIRE(run_process({"git", "init", "-q"}, tmp.path()).status == 0);
  const auto first = store::install_pre_commit(tmp.path(), "/f", false);
  CHECK(first.path == tmp / ".git/hooks/pre-commit");
  CHECK_FALSE(first.replaced);
  struct stat st {};
  REQUIRE(::stat(first.path.c_str(), &st) == 0);
  CHECK((st.st_mode & 0111) != 0);
  CHECK(store::install_pre_commit(tmp.path(), "/f", false).replaced);

  std::ofstream(first.path) << "#!/bin/sh\necho mine\n";
  CHECK_THROWS_AS(store::install_pre_commit(tmp.path(), "/f", false), Error);
  CHECK(hooks_read(first.path) == "#!/bin/sh\necho mine\n");
  const auto forced = store::install_pre_commit(tmp.path(), "/f", true);
  CHECK(forced.kept_as == first.path + ".before-firegrid");
  CHECK(hooks_read(forced.kept_as) == "#!/bin/sh\necho mine\n");
  CHECK(hooks_read(first.path).find(store::kHookMarker) != std::string::npos);

  TempDir plain;
  CHECK_THROWS_AS(store::install_pre_commit(plain.path(), "/f", false), Error);
}
