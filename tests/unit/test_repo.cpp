#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/store/repo.hpp>

#include <catch2/catch.hpp>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>

#include <unistd.h>

using firegrid::store::find_repo;
using firegrid::store::is_reserved_name;
using firegrid::store::is_valid_id;
using firegrid::store::RepoLock;
namespace fs = std::filesystem;

using firegrid::test::TempDir;

namespace {

// Changes the current folder for one scope.
class ChangeDir {
public:
  explicit ChangeDir(const std::string& dir) {
    char buf[PATH_MAX];
    REQUIRE(::getcwd(buf, sizeof buf) != nullptr);
    old_ = buf;
    REQUIRE(::chdir(dir.c_str()) == 0);
  }
  ~ChangeDir() { (void)::chdir(old_.c_str()); }
  ChangeDir(const ChangeDir&) = delete;
  ChangeDir& operator=(const ChangeDir&) = delete;

private:
  std::string old_;
};

// A repo: tmp/firegrid.yaml with tmp/grid/100/201 below it.
void make_repo(const TempDir& tmp) {
  fs::create_directories(tmp / "grid/100/201");
  std::ofstream(tmp / "firegrid.yaml") << "format: 1\n";
}

std::string failure(const std::optional<std::string>& dash_c,
                    const std::optional<std::string>& env_repo, std::string* hint = nullptr) {
  try {
    find_repo(dash_c, env_repo);
  } catch (const firegrid::Error& e) {
    if (hint) *hint = e.hint();
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("is_valid_id takes lower-case ASCII ids of 1-63 characters", "[store][repo]") {
  for (const char* id : {"a", "0", "100", "g01", "a-b", "a-", "a--b", "0-9", "x1y2z3"}) {
    INFO(id);
    CHECK(is_valid_id(id));
  }
  CHECK(is_valid_id(std::string(63, 'a')));
  CHECK_FALSE(is_valid_id(std::string(64, 'a')));
  for (const char* id : {"", "-", "-a", "A", "Grid", "a_b", "a.b", ".", "..", ".a", "a b", "a/b",
                         "槐阳镇", "a\n", "é", "a\\b", "a:b"}) {
    INFO(id);
    CHECK_FALSE(is_valid_id(id));
  }
}

TEST_CASE("is_reserved_name knows the record folders", "[store][repo]") {
  for (const char* name : {"units", "inspections", "hazards", "tips", "meetings", "trainings",
                           "publicity", "people", "keys", "reports", "schemas", "calendar"}) {
    INFO(name);
    CHECK(is_reserved_name(name));
    CHECK(is_valid_id(name));  // so the grid code must check both
  }
  for (const char* name : {"", "unit", "Units", "units2", "grid", "100"}) {
    INFO(name);
    CHECK_FALSE(is_reserved_name(name));
  }
}

TEST_CASE("absolute makes paths absolute without resolving them", "[store][repo]") {
  TempDir tmp;
  const ChangeDir cd(tmp.path());
  CHECK(firegrid::store::absolute("/x/../y") == "/x/../y");
  CHECK(firegrid::store::absolute("") == tmp.path());
  CHECK(firegrid::store::absolute(".") == tmp.path());
  CHECK(firegrid::store::absolute("a/b") == tmp / "a/b");
}

TEST_CASE("find_repo starts at -C", "[store][repo]") {
  TempDir tmp;
  make_repo(tmp);
  CHECK(find_repo(tmp.path(), std::nullopt) == tmp.path());
  CHECK(find_repo(tmp / "grid/100/201", std::nullopt) == tmp.path());
  CHECK(find_repo(tmp / "grid/100/../100/201/", std::nullopt) == tmp.path());
  {
    const ChangeDir cd(tmp / "grid");
    CHECK(find_repo(std::string("100"), std::nullopt) == tmp.path());
    CHECK(find_repo(std::string(".."), std::nullopt) == tmp.path());
  }
  // -C wins over FIREGRID_REPO.
  TempDir other;
  std::string hint;
  CHECK(failure(other.path(), tmp.path(), &hint) ==
        "not in a firegrid repo (no firegrid.yaml in " + other.path() + " or above)");
  CHECK(hint == "run `firegrid init` to make one, or point to one with -C DIR or FIREGRID_REPO");
}

TEST_CASE("find_repo refuses a -C folder that does not exist", "[store][repo]") {
  TempDir tmp;
  CHECK(failure(tmp / "nope", std::nullopt) ==
        "no such folder: " + (tmp / "nope") + " (from -C " + (tmp / "nope") + ")");
  make_repo(tmp);
  CHECK(failure(tmp / "firegrid.yaml", std::nullopt) ==
        "no such folder: " + (tmp / "firegrid.yaml") + " (from -C " + (tmp / "firegrid.yaml") + ")");
  CHECK(failure(std::nullopt, tmp / "nope") ==
        "no such folder: " + (tmp / "nope") + " (from FIREGRID_REPO=" + (tmp / "nope") + ")");
}

TEST_CASE("find_repo starts at FIREGRID_REPO when there is no -C", "[store][repo]") {
  TempDir tmp;
  make_repo(tmp);
  TempDir elsewhere;
  const ChangeDir cd(elsewhere.path());
  CHECK(find_repo(std::nullopt, tmp / "grid/100") == tmp.path());
  // An empty FIREGRID_REPO counts as unset: the search starts here, and finds nothing.
  CHECK(failure(std::nullopt, std::string()) ==
        "not in a firegrid repo (no firegrid.yaml here or in any parent folder)");
}

TEST_CASE("find_repo walks up from the current folder", "[store][repo]") {
  TempDir tmp;
  make_repo(tmp);
  {
    const ChangeDir cd(tmp / "grid/100/201");
    CHECK(find_repo(std::nullopt, std::nullopt) == tmp.path());
  }
  {
    const ChangeDir cd(tmp.path());
    CHECK(find_repo(std::nullopt, std::nullopt) == tmp.path());
  }
  // A nested repo is found before the outer one.
  fs::create_directories(tmp / "grid/inner/deeper");
  std::ofstream(tmp / "grid/inner/firegrid.yaml") << "format: 1\n";
  const ChangeDir cd(tmp / "grid/inner/deeper");
  CHECK(find_repo(std::nullopt, std::nullopt) == tmp / "grid/inner");
}

TEST_CASE("find_repo fails outside any repo", "[store][repo]") {
  TempDir tmp;
  fs::create_directories(tmp / "a/b");
  fs::create_directories(tmp / "a/firegrid.yaml");  // a folder is not a manifest
  const ChangeDir cd(tmp / "a/b");
  std::string hint;
  CHECK(failure(std::nullopt, std::nullopt, &hint) ==
        "not in a firegrid repo (no firegrid.yaml here or in any parent folder)");
  CHECK(hint == "run `firegrid init` to make one, or point to one with -C DIR or FIREGRID_REPO");
  CHECK(failure(tmp.path(), std::nullopt) ==
        "not in a firegrid repo (no firegrid.yaml in " + tmp.path() + " or above)");
}

TEST_CASE("enclosing_repo finds the repo above a folder that need not exist", "[store][repo]") {
  TempDir tmp;
  make_repo(tmp);
  CHECK(firegrid::store::enclosing_repo(tmp.path()) == tmp.path());
  CHECK(firegrid::store::enclosing_repo(tmp / "grid/100/new/deeper") == tmp.path());
  CHECK(firegrid::store::enclosing_repo(tmp / "grid/../grid/100") == tmp.path());
  TempDir outside;
  CHECK_FALSE(firegrid::store::enclosing_repo(outside / "new"));
}

TEST_CASE("RepoLock lets one writer in at a time", "[store][repo]") {
  TempDir tmp;
  make_repo(tmp);
  {
    const RepoLock first(tmp.path(), 100);
    CHECK(fs::exists(tmp / ".firegrid.lock"));
    // A second lock opens its own file description, so flock conflicts even in one process.
    try {
      const RepoLock second(tmp.path(), 100);
      FAIL("expected an Error");
    } catch (const firegrid::Error& e) {
      CHECK(std::string(e.what()) == "another firegrid command is writing this repo");
      CHECK(e.hint() == "wait for it to finish; the lock is .firegrid.lock");
    }
  }
  // Released with the first: the next writer gets in at once.
  const RepoLock again(tmp.path(), 0);
  SUCCEED();
}

TEST_CASE("RepoLock fails when the lock file cannot be made", "[store][repo]") {
  TempDir tmp;
  try {
    const RepoLock lock(tmp / "missing", 0);
    FAIL("expected an Error");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()).rfind("cannot open the repo lock " + (tmp / "missing/.firegrid.lock"), 0) == 0);
  }
}
