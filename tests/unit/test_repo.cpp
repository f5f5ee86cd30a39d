#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/store/repo.hpp>

#include <catch2/catch.hpp>

#include <climits>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <memory>
#include <optional>
#include <string>
#include <vector>

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

namespace {
firegrid::store::LockWait waiting(double seconds, const std::string& command = "firegrid test") {
  firegrid::store::LockWait w;
  w.timeout_seconds = seconds;
  w.command = command;
  return w;
}
}  // namespace

TEST_CASE("RepoLock lets one writer in at a time", "[store][repo]") {
  TempDir tmp;
  make_repo(tmp);
  {
    const RepoLock first(tmp.path(), waiting(0.1, "firegrid unit import"));
    CHECK(fs::exists(tmp / ".firegrid.lock"));
    // A second lock opens its own file description, so flock conflicts even in one process.
    std::vector<firegrid::store::LockHolder> seen;
    auto second_wait = waiting(0.1);
    second_wait.on_wait = [&](const firegrid::store::LockHolder& h) { seen.push_back(h); };
    try {
      const RepoLock second(tmp.path(), second_wait);
      FAIL("expected an Error");
    } catch (const firegrid::Error& e) {
      const std::string what = e.what();
      CHECK(what.rfind("another command is writing this repo: firegrid unit import (pid ", 0) == 0);
      CHECK(what.find("; gave up after 0.1 s") != std::string::npos);
      CHECK(e.hint().find("--lock-timeout SECONDS") != std::string::npos);
    }
    // Issue 15, defect 3: the waiter learns who holds the lock, once.
    REQUIRE(seen.size() == 1);
    CHECK(seen[0].pid == static_cast<long>(::getpid()));
    CHECK(seen[0].alive);
    CHECK(seen[0].command == "firegrid unit import");
    CHECK(seen[0].since.size() == 20);
  }
  // Released with the first, which empties its record: the next writer gets in at once.
  CHECK(fs::file_size(tmp / ".firegrid.lock") == 0);
  const RepoLock again(tmp.path(), waiting(0));
  SUCCEED();
}

TEST_CASE("parse_lock_holder reads what a holder records", "[store][repo]") {
  const auto h = firegrid::store::parse_lock_holder("pid: 42\ncommand: firegrid unit add\nsince: 2026-11-28T02:00:00Z\n");
  CHECK(h.pid == 42);
  CHECK(h.command == "firegrid unit add");
  CHECK(h.since == "2026-11-28T02:00:00Z");
  CHECK_FALSE(h.alive);
  CHECK(firegrid::store::parse_lock_holder("").pid == 0);
  CHECK(firegrid::store::parse_lock_holder("pid: -3\njunk\n").pid == 0);
}

TEST_CASE("RepoLock fails when the lock file cannot be made", "[store][repo]") {
  TempDir tmp;
  try {
    const RepoLock lock(tmp / "missing", waiting(0));
    FAIL("expected an Error");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()).rfind("cannot open the repo lock " + (tmp / "missing/.firegrid.lock"), 0) == 0);
  }
}

namespace {

// A disk on which another process commits a batch while the first `changes` reads run:
// each read of the repo sees a new change mark, and a record the batch adds.
class ChangingDisk : public firegrid::store::MemoryDisk {
public:
  mutable int marks = 0, forgotten = 0;
  int changes = 0;
  std::optional<firegrid::store::Stamp> change_mark() const override {
    firegrid::store::Stamp s;
    // Two marks per read (before and after): the first `changes` reads see them differ.
    const int read = marks++ / 2;
    s.mtime_ns = static_cast<std::uint64_t>(read < changes ? marks : 2 * changes);
    return s;
  }
  void forget_reads() const override { ++forgotten; }
};

}  // namespace

TEST_CASE("load_repo reads again when a batch was committed while it read", "[repo]") {
  ChangingDisk disk;
  static_cast<firegrid::store::MemoryDisk&>(disk) = firegrid::test::one_village_county();
  disk.changes = 2;
  const auto r = firegrid::model::load_repo(disk, firegrid::test::catalog());
  CHECK(r.tree.root() != nullptr);
  CHECK(disk.forgotten == 2);  // two reads thrown away, the third kept
  CHECK(disk.marks == 6);

  ChangingDisk busy;
  static_cast<firegrid::store::MemoryDisk&>(busy) = firegrid::test::one_village_county();
  busy.changes = 100;  // another process never stops: refused, not read in part
  CHECK_THROWS_WITH(firegrid::model::load_repo(busy, firegrid::test::catalog()),
                    Catch::Contains("the repo changed 10 times while it was read"));
}

namespace {

// A disk on which a batch is under way (its journal is there) during the first
// `journaled` reads, with the root's stamp never moving (a batch begun and not yet ended
// within the read; or a clock too coarse to tell).
class JournaledDisk : public firegrid::store::MemoryDisk {
public:
  mutable int journal_checks = 0, settled = 0;
  int journaled = 0;
  std::optional<firegrid::store::Stamp> change_mark() const override { return firegrid::store::Stamp{}; }
  bool has_journal() const override { return settled < journaled && ++journal_checks > 0; }
};

}  // namespace

TEST_CASE("load_repo reads again, after the writer is done, when a batch was under way at its end", "[repo]") {
  JournaledDisk disk;
  static_cast<firegrid::store::MemoryDisk&>(disk) = firegrid::test::one_village_county();
  disk.journaled = 2;
  firegrid::model::LoadOptions options;
  options.settle = [&disk] { ++disk.settled; };  // the cli waits for the lock here
  const auto r = firegrid::model::load_repo(disk, firegrid::test::catalog(), options);
  CHECK(r.tree.root() != nullptr);
  CHECK(disk.settled == 2);  // two reads thrown away, each followed by a wait for the writer
  CHECK(disk.journal_checks == 2);
}
