#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/core/process.hpp>
#include <firegrid/store/git.hpp>

#include <filesystem>
#include <fstream>

#include <cstdlib>

using namespace firegrid;
using firegrid::test::date;
using firegrid::test::TempDir;

namespace {

void run_git(const std::string& dir, std::vector<std::string> args) {
  args.insert(args.begin(), "git");
  const auto r = run_process(args, dir);
  INFO(r.errors);
  REQUIRE(r.status == 0);
}

void write(const std::string& path, const std::string& text) {
  std::filesystem::create_directories(std::filesystem::path(path).parent_path());
  std::ofstream(path) << text;
}

// Commits everything in `dir` at `when` (an ISO time with its zone).
void commit_all(const std::string& dir, const std::string& when, const std::string& message) {
  ::setenv("GIT_AUTHOR_DATE", when.c_str(), 1);
  ::setenv("GIT_COMMITTER_DATE", when.c_str(), 1);
  run_git(dir, {"add", "-A"});
  run_git(dir, {"commit", "-q", "-m", message});
}

// A git repo whose data lives in the subfolder county/, with three commits.
struct History {
  TempDir tmp;
  std::string data = tmp / "county";
  History() {
    ::setenv("GIT_AUTHOR_NAME", "Test", 1);
    ::setenv("GIT_COMMITTER_NAME", "Test", 1);
    ::setenv("GIT_AUTHOR_EMAIL", "test@example.invalid", 1);
    ::setenv("GIT_COMMITTER_EMAIL", "test@example.invalid", 1);
    ::setenv("GIT_CONFIG_NOSYSTEM", "1", 1);
    run_git(tmp.path(), {"init", "-q"});
    write(tmp / "README", "outside the repo\n");
    write(data + "/firegrid.yaml", "one\n");
    write(data + "/grid/a b.yaml", std::string("binary\0data\n", 12));
    // 23:30 on the 1st in Shanghai is still the 1st there (15:30 UTC).
    commit_all(tmp.path(), "2026-11-01T23:30:00+08:00", "first");
    write(data + "/firegrid.yaml", "two\n");
    // 2026-11-02T20:00 UTC is the 3rd in Shanghai.
    commit_all(tmp.path(), "2026-11-02T20:00:00+00:00", "second");
    std::filesystem::remove(data + "/grid/a b.yaml");
    write(data + "/grid/new.yaml", "three\n");
    commit_all(tmp.path(), "2026-11-10T09:00:00+08:00", "third");
  }
};

}  // namespace

TEST_CASE("resolve_commit names commits and refuses what git does not know", "[git]") {
  History h;
  const std::string head = store::resolve_commit(h.data, "HEAD");
  CHECK(head.size() == 40);
  CHECK(store::resolve_commit(h.data, head.substr(0, 8)) == head);
  CHECK(store::resolve_commit(h.data, "HEAD~2") != head);
  CHECK_THROWS_WITH(store::resolve_commit(h.data, "nope"), "git knows no commit 'nope'");
  CHECK_THROWS_WITH(store::resolve_commit(h.data, "--all"), "git knows no commit '--all'");

  TempDir plain;
  CHECK_THROWS_WITH(store::resolve_commit(plain.path(), "HEAD"), plain.path() + " is not in a git repository");
}

TEST_CASE("commit dates and the commit of a day are in Asia/Shanghai", "[git]") {
  History h;
  const std::string first = store::resolve_commit(h.data, "HEAD~2");
  const std::string second = store::resolve_commit(h.data, "HEAD~1");
  const std::string third = store::resolve_commit(h.data, "HEAD");
  CHECK(store::commit_date(h.data, first).iso() == "2026-11-01");
  CHECK(store::commit_date(h.data, second).iso() == "2026-11-03");
  CHECK(store::commit_date(h.data, third).iso() == "2026-11-10");

  CHECK(store::commit_on(h.data, date("2026-10-31")).empty());
  CHECK(store::commit_on(h.data, date("2026-11-01")) == first);
  CHECK(store::commit_on(h.data, date("2026-11-02")) == first);
  CHECK(store::commit_on(h.data, date("2026-11-03")) == second);
  CHECK(store::commit_on(h.data, date("2026-11-09")) == second);
  CHECK(store::commit_on(h.data, date("2026-12-31")) == third);
}

TEST_CASE("a snapshot holds the repo folder's files at the commit", "[git]") {
  History h;
  auto old = store::snapshot(h.data, store::resolve_commit(h.data, "HEAD~2"));
  CHECK(old->files.size() == 2);
  CHECK(old->read("firegrid.yaml") == std::optional<std::string>("one\n"));
  CHECK(old->read("grid/a b.yaml") == std::optional<std::string>(std::string("binary\0data\n", 12)));
  CHECK_FALSE(old->is_file("README"));

  auto now = store::snapshot(h.data, store::resolve_commit(h.data, "HEAD"));
  CHECK(now->read("firegrid.yaml") == std::optional<std::string>("two\n"));
  CHECK_FALSE(now->is_file("grid/a b.yaml"));
  CHECK(now->is_file("grid/new.yaml"));

  // The working tree does not matter.
  write(h.data + "/firegrid.yaml", "edited\n");
  CHECK(store::snapshot(h.data, store::resolve_commit(h.data, "HEAD"))->read("firegrid.yaml") ==
        std::optional<std::string>("two\n"));
}

TEST_CASE("a snapshot of a commit from before the repo's folder existed is refused", "[git]") {
  History h;
  write(h.tmp / "later/firegrid.yaml", "x\n");
  const std::string head = store::resolve_commit(h.data, "HEAD");
  CHECK_THROWS_AS(store::snapshot(h.tmp / "later", head), Error);
}

TEST_CASE("a clone's token is made once, kept in its git folder, and differs between clones", "[git]") {
  History h;
  ::unsetenv("FIREGRID_CLONE");
  const std::string first = store::clone_token(h.data);
  CHECK(first.size() == 16);
  CHECK(store::clone_token(h.data) == first);
  std::ifstream kept(h.tmp / ".git/firegrid-clone");
  std::string line;
  std::getline(kept, line);
  CHECK(line == first);

  TempDir other;
  run_git(other.path(), {"clone", "-q", h.tmp.path(), "copy"});
  const std::string second = store::clone_token(other / "copy/county");
  CHECK(second.size() == 16);
  CHECK(second != first);

  TempDir plain;
  CHECK(store::clone_token(plain.path()).empty());  // not in git: nothing to merge with
  ::setenv("FIREGRID_CLONE", "pinned", 1);
  CHECK(store::clone_token(h.data) == "pinned");
  ::setenv("FIREGRID_CLONE", "", 1);
  CHECK(store::clone_token(h.data).empty());
  ::unsetenv("FIREGRID_CLONE");
}

TEST_CASE("staged reads the repo folder's files from git's index, not the working tree", "[git]") {
  History h;
  write(h.data + "/firegrid.yaml", "staged\n");
  run_git(h.tmp.path(), {"add", "county/firegrid.yaml"});
  write(h.data + "/firegrid.yaml", "working tree\n");
  write(h.data + "/grid/untracked.yaml", "not staged\n");
  const auto disk = store::staged(h.data);
  CHECK(disk->read("firegrid.yaml") == std::optional<std::string>("staged\n"));
  CHECK(disk->read("grid/new.yaml") == std::optional<std::string>("three\n"));
  CHECK_FALSE(disk->read("grid/untracked.yaml"));
  CHECK_FALSE(disk->read("README"));  // outside the repo's folder
  TempDir plain;
  CHECK_THROWS_AS(store::staged(plain.path()), Error);
}

TEST_CASE("commit_changes commits the files a change wrote, removed or moved, and nothing else", "[git]") {
  History h;
  write(h.data + "/grid/added.yaml", "added\n");
  write(h.tmp / "README", "staged by hand\n");
  run_git(h.tmp.path(), {"add", "README"});
  std::filesystem::remove(h.data + "/grid/new.yaml");
  store::Changes c;
  c.writes["grid/added.yaml"] = "added\n";
  c.removals.push_back("grid/new.yaml");
  c.removals.push_back("grid/never-tracked.yaml");
  store::commit_changes(h.data, c, "单位 u-x 登记（北苏村）");
  const auto log = run_process({"git", "log", "-1", "--format=%s", "--name-status"}, h.tmp.path());
  CHECK(log.output == "单位 u-x 登记（北苏村）\n\nA\tcounty/grid/added.yaml\nD\tcounty/grid/new.yaml\n");
  const auto staged = run_process({"git", "diff", "--cached", "--name-only"}, h.tmp.path());
  CHECK(staged.output == "README\n");

  TempDir plain;
  CHECK_THROWS_AS(store::commit_changes(plain.path(), c, "x"), Error);
}
