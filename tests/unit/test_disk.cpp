#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/store/disk.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include <cstdlib>
#include <sys/stat.h>

using firegrid::store::Changes;
using firegrid::store::Disk;
using firegrid::store::MemoryDisk;
using firegrid::store::RealDisk;
namespace fs = std::filesystem;

using firegrid::test::TempDir;

namespace {

void write_file(const std::string& path, const std::string& content) {
  fs::create_directories(fs::path(path).parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
}

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

// Every path under root (files and folders), relative and sorted.
std::vector<std::string> everything(const std::string& root) {
  std::vector<std::string> out;
  for (const auto& e : fs::recursive_directory_iterator(root))
    out.push_back(fs::relative(e.path(), root).string() + (e.is_directory() ? "/" : ""));
  std::sort(out.begin(), out.end());
  return out;
}

std::vector<std::string> names(const std::vector<Disk::Entry>& entries) {
  std::vector<std::string> out;
  for (const auto& e : entries) out.push_back(e.name + (e.is_dir ? "/" : ""));
  return out;
}

using Paths = std::vector<std::string>;

}  // namespace

TEST_CASE("join puts one slash between parts", "[store][disk]") {
  CHECK(firegrid::store::join("", "") == "");
  CHECK(firegrid::store::join("grid", "") == "grid");
  CHECK(firegrid::store::join("", "grid.yaml") == "grid.yaml");
  CHECK(firegrid::store::join("grid/100", "grid.yaml") == "grid/100/grid.yaml");
}

TEST_CASE("MemoryDisk reads and lists what it holds", "[store][disk]") {
  MemoryDisk disk;
  disk.files["firegrid.yaml"] = "format: 1\n";
  disk.files["grid/grid.yaml"] = "level: county\n";
  disk.files["grid/100/grid.yaml"] = "level: township\n";
  disk.files["grid/100/units/u1.yaml"] = "name: x\n";
  disk.files["grid/200/grid.yaml"] = "level: township\n";

  CHECK(disk.read("grid/grid.yaml") == std::optional<std::string>("level: county\n"));
  CHECK_FALSE(disk.read("grid/300/grid.yaml"));
  CHECK_FALSE(disk.read("grid"));
  CHECK(disk.read("grid/100/grid.yaml", 5) == std::optional<std::string>("level:"));  // 6 bytes
  CHECK(disk.read("firegrid.yaml", 10) == std::optional<std::string>("format: 1\n"));

  CHECK(names(disk.list("")) == Paths{"firegrid.yaml", "grid/"});
  CHECK(names(disk.list("grid")) == Paths{"100/", "200/", "grid.yaml"});
  CHECK(names(disk.list("grid/100")) == Paths{"grid.yaml", "units/"});
  CHECK(disk.list("grid/300").empty());
  CHECK(disk.list("gr").empty());  // a prefix of a name is not a folder

  CHECK(disk.is_dir(""));
  CHECK(disk.is_dir("grid"));
  CHECK(disk.is_dir("grid/100/units"));
  CHECK_FALSE(disk.is_dir("grid/grid.yaml"));
  CHECK_FALSE(disk.is_dir("gri"));
  CHECK_FALSE(disk.is_dir("grid/10"));
  CHECK(disk.is_file("grid/grid.yaml"));
  CHECK_FALSE(disk.is_file("grid"));
  CHECK_FALSE(disk.is_file("nothing"));
}

TEST_CASE("MemoryDisk commit writes, moves and removes", "[store][disk]") {
  MemoryDisk disk;
  disk.files["grid/100/grid.yaml"] = "old\n";
  disk.files["grid/100/201/grid.yaml"] = "v\n";
  disk.files["grid/200/grid.yaml"] = "t\n";
  Changes c;
  c.writes["grid/100/grid.yaml"] = "new\n";
  c.writes["grid/300/grid.yaml"] = "added\n";
  c.removals.push_back("grid/200/grid.yaml");
  c.removed_dirs.push_back("grid/200");
  CHECK_FALSE(c.empty());
  disk.commit(c);
  CHECK(disk.files["grid/100/grid.yaml"] == "new\n");
  CHECK(disk.files["grid/300/grid.yaml"] == "added\n");
  CHECK_FALSE(disk.is_file("grid/200/grid.yaml"));
  CHECK_FALSE(disk.is_dir("grid/200"));

  Changes move;
  move.moves.emplace_back("grid/100/201", "grid/300/201");
  disk.commit(move);
  CHECK_FALSE(disk.is_dir("grid/100/201"));
  CHECK(disk.read("grid/300/201/grid.yaml") == std::optional<std::string>("v\n"));
  CHECK(Changes{}.empty());
}

TEST_CASE("RealDisk commit writes files and creates their folders", "[store][disk]") {
  TempDir tmp;
  RealDisk disk(tmp.path());
  CHECK(disk.root() == tmp.path());
  Changes c;
  c.writes["firegrid.yaml"] = "format: 1\n";
  c.writes["grid/100/201/grid.yaml"] = "name: 东关村\n";
  c.writes["grid/100/grid.yaml"] = "";
  disk.commit(c);

  CHECK(read_file(tmp / "firegrid.yaml") == "format: 1\n");
  CHECK(read_file(tmp / "grid/100/201/grid.yaml") == "name: 东关村\n");
  CHECK(fs::is_regular_file(tmp / "grid/100/grid.yaml"));
  CHECK(fs::file_size(tmp / "grid/100/grid.yaml") == 0);
  struct stat st {};
  REQUIRE(::stat((tmp / "firegrid.yaml").c_str(), &st) == 0);
  CHECK((st.st_mode & 0777) == 0644);
  // Nothing but the files asked for: no temporary files are left.
  CHECK(everything(tmp.path()) == Paths{"firegrid.yaml", "grid/", "grid/100/", "grid/100/201/",
                                        "grid/100/201/grid.yaml", "grid/100/grid.yaml"});

  // Writing again replaces the content.
  Changes again;
  again.writes["firegrid.yaml"] = "format: 1\ncounty: x\n";
  disk.commit(again);
  CHECK(read_file(tmp / "firegrid.yaml") == "format: 1\ncounty: x\n");
  CHECK(everything(tmp.path()).size() == 6);
}

TEST_CASE("RealDisk commit removes files, then folders deepest first", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "grid/100/grid.yaml", "t\n");
  write_file(tmp / "grid/100/201/grid.yaml", "v\n");
  write_file(tmp / "grid/100/201/g01/grid.yaml", "g\n");
  write_file(tmp / "grid/grid.yaml", "c\n");
  RealDisk disk(tmp.path());
  Changes c;
  c.removals = {"grid/100/grid.yaml", "grid/100/201/grid.yaml", "grid/100/201/g01/grid.yaml",
                "grid/100/gone.yaml"};  // already gone: fine
  c.removed_dirs = {"grid/100", "grid/100/201", "grid/100/201/g01"};  // shallowest first
  disk.commit(c);
  CHECK(everything(tmp.path()) == Paths{"grid/", "grid/grid.yaml"});
}

TEST_CASE("RealDisk commit refuses to remove a folder that is not empty", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "grid/100/keep.yaml", "k\n");
  RealDisk disk(tmp.path());
  Changes c;
  c.removed_dirs = {"grid/100"};
  CHECK_THROWS_AS(disk.commit(c), firegrid::Error);
  CHECK(fs::exists(tmp / "grid/100/keep.yaml"));
}

TEST_CASE("RealDisk moves folders, refusing an existing target", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "grid/100/201/grid.yaml", "v\n");
  write_file(tmp / "grid/200/grid.yaml", "t\n");
  RealDisk disk(tmp.path());
  Changes c;
  c.moves.emplace_back("grid/100/201", "grid/200/201");
  disk.commit(c);
  CHECK(read_file(tmp / "grid/200/201/grid.yaml") == "v\n");
  CHECK_FALSE(fs::exists(tmp / "grid/100/201"));

  Changes clash;
  clash.moves.emplace_back("grid/200/201", "grid/200");
  try {
    disk.commit(clash);
    FAIL("expected an Error");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()) == "cannot move grid/200/201 to grid/200: the target exists");
  }
}

TEST_CASE("RealDisk read caps what it returns at max_bytes + 1", "[store][disk]") {
  TempDir tmp;
  const std::string big(200000, 'x');
  write_file(tmp / "big.yaml", big);
  write_file(tmp / "small.yaml", "abc");
  RealDisk disk(tmp.path());

  const auto capped = disk.read("big.yaml", 100);
  REQUIRE(capped);
  CHECK(capped->size() == 101);
  const auto capped_past_buffer = disk.read("big.yaml", 70000);
  REQUIRE(capped_past_buffer);
  CHECK(capped_past_buffer->size() == 70001);
  CHECK(disk.read("big.yaml")->size() == 200000);
  CHECK(disk.read("big.yaml", 200000)->size() == 200000);  // exactly at the cap: whole
  CHECK(disk.read("small.yaml", 3) == std::optional<std::string>("abc"));
  CHECK(disk.read("small.yaml", 2) == std::optional<std::string>("abc"));

  CHECK_FALSE(disk.read("missing.yaml"));
  CHECK_FALSE(disk.read("small.yaml/inside"));  // a file where a folder should be
  CHECK_THROWS_AS(disk.read(""), firegrid::Error);  // a folder exists but cannot be read
}

TEST_CASE("RealDisk lists folders sorted, with their kinds", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "grid/b.yaml", "");
  write_file(tmp / "grid/a/grid.yaml", "");
  write_file(tmp / "grid/.hidden", "");
  RealDisk disk(tmp.path());
  CHECK(names(disk.list("grid")) == Paths{".hidden", "a/", "b.yaml"});
  CHECK(names(disk.list("")) == Paths{"grid/"});
  CHECK(disk.list("nothing").empty());
  CHECK(disk.is_dir("grid/a"));
  CHECK_FALSE(disk.is_dir("grid/b.yaml"));
  CHECK(disk.is_file("grid/b.yaml"));
  CHECK_FALSE(disk.is_file("grid/a"));
  CHECK_FALSE(disk.is_file("grid/none"));
}

TEST_CASE("RealDisk commit changes nothing when staging fails", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "existing.yaml", "old\n");
  write_file(tmp / "grid/plain", "a file where a folder is needed\n");
  RealDisk disk(tmp.path());
  const Paths before = everything(tmp.path());

  Changes c;
  c.writes["existing.yaml"] = "new\n";            // staged first (map order) ...
  c.writes["grid/new/201/grid.yaml"] = "v\n";     // ... its folders made ...
  c.writes["grid/plain/grid.yaml"] = "fails\n";   // ... then this cannot be staged
  c.removals.push_back("existing.yaml");
  try {
    disk.commit(c);
    FAIL("expected an Error");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()) == tmp / "grid/plain exists and is not a folder");
  }
  CHECK(read_file(tmp / "existing.yaml") == "old\n");
  // No temporary file left behind, and no folder made for the writes that were undone.
  CHECK(everything(tmp.path()) == before);
}

// Issue 15, defect 1: nothing is read or written through a symbolic link below the root.
TEST_CASE("RealDisk reads and lists nothing through a symbolic link, and notes each", "[store][disk]") {
  TempDir tmp;
  TempDir outside;
  write_file(outside / "secret.yaml", "outside\n");
  write_file(tmp / "grid/a.yaml", "a\n");
  fs::create_symlink(outside.path(), tmp / "grid/linked");
  fs::create_symlink(outside / "secret.yaml", tmp / "grid/file.yaml");
  fs::create_symlink("nowhere", tmp / "dangling.yaml");
  RealDisk disk(tmp.path());

  CHECK(names(disk.list("grid")) == Paths{"a.yaml"});
  CHECK_FALSE(disk.read("grid/file.yaml"));
  CHECK_FALSE(disk.read("grid/linked/secret.yaml"));
  CHECK_FALSE(disk.is_dir("grid/linked"));
  CHECK_FALSE(disk.is_file("grid/file.yaml"));
  CHECK_FALSE(disk.read("dangling.yaml"));
  CHECK(disk.read("grid/a.yaml") == std::optional<std::string>("a\n"));
  const auto links = disk.symlinks();
  CHECK(links.size() == 4 - 1);  // grid/linked, grid/file.yaml, dangling.yaml
  CHECK(links.at("grid/linked") == outside.path());
  CHECK(links.at("dangling.yaml") == "nowhere");
  CHECK_THROWS_AS(disk.read("grid/../../etc/passwd"), firegrid::Error);
}

TEST_CASE("RealDisk commit refuses to write through a symbolic link", "[store][disk]") {
  TempDir tmp;
  TempDir outside;
  write_file(tmp / "grid/a.yaml", "a\n");
  write_file(outside / "target.yaml", "outside\n");
  fs::create_symlink(outside.path(), tmp / "grid/units");
  fs::create_symlink(outside / "target.yaml", tmp / "grid/b.yaml");
  RealDisk disk(tmp.path());
  const Paths before = everything(outside.path());

  Changes through_folder;
  through_folder.writes["grid/a.yaml"] = "changed\n";
  through_folder.writes["grid/units/u-1/unit.yaml"] = "x\n";
  CHECK_THROWS_WITH(disk.commit(through_folder),
                    "refusing to write grid/units/u-1/unit.yaml: grid/units is a symbolic link");
  Changes onto_link;
  onto_link.writes["grid/b.yaml"] = "x\n";
  CHECK_THROWS_AS(disk.commit(onto_link), firegrid::Error);
  Changes remove_under;
  remove_under.removals.push_back("grid/units/target.yaml");
  CHECK_THROWS_AS(disk.commit(remove_under), firegrid::Error);
  Changes move_under;
  move_under.moves.emplace_back("grid/units", "grid/moved");
  CHECK_THROWS_AS(disk.commit(move_under), firegrid::Error);

  CHECK(read_file(tmp / "grid/a.yaml") == "a\n");  // nothing of a refused commit is written
  CHECK(everything(outside.path()) == before);
  CHECK(read_file(outside / "target.yaml") == "outside\n");
  CHECK(fs::is_symlink(tmp / "grid/b.yaml"));
}

TEST_CASE("MemoryDisk refuses writes below its links", "[store][disk]") {
  MemoryDisk disk;
  disk.links["grid/units"] = "";
  Changes c;
  c.writes["grid/units/u-1/unit.yaml"] = "x\n";
  CHECK_THROWS_AS(disk.commit(c), firegrid::Error);
  CHECK(disk.files.empty());
  CHECK(disk.symlinks().size() == 1);
}

TEST_CASE("RealDisk refuses a path with a NUL byte, which the kernel would cut short", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "inside/a.yaml", "a\n");
  RealDisk disk(tmp / "inside");
  const std::string dotdot_nul("..\0x", 4);
  CHECK_THROWS_AS(disk.read(dotdot_nul + "/inside/a.yaml"), firegrid::Error);
  CHECK_THROWS_AS(disk.list(dotdot_nul), firegrid::Error);
}

// Issue 15, defect 2: a commit interrupted between its renames is finished from its journal.
TEST_CASE("RealDisk recover finishes an interrupted commit from its journal", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "grid/a.yaml", "old a\n");
  write_file(tmp / "grid/b.yaml", "old b\n");
  write_file(tmp / "grid/gone.yaml", "gone\n");
  // As a crash after the first rename leaves it: a.yaml new, b.yaml's staged file still
  // beside it, the removal not done, the journal in place.
  write_file(tmp / "grid/a.yaml", "new a\n");
  write_file(tmp / "grid/.b.yaml.fg-tmp-1", "new b\n");
  write_file(tmp / ".firegrid.journal",
             "firegrid journal 1\n"
             "write\tgrid\t.a.yaml.fg-tmp-0\ta.yaml\n"
             "write\tgrid\t.b.yaml.fg-tmp-1\tb.yaml\n"
             "remove\tgrid/gone.yaml\n");
  RealDisk disk(tmp.path());
  REQUIRE(disk.has_journal());
  CHECK(disk.recover() == 3);
  CHECK_FALSE(disk.has_journal());
  CHECK(read_file(tmp / "grid/a.yaml") == "new a\n");
  CHECK(read_file(tmp / "grid/b.yaml") == "new b\n");
  CHECK(everything(tmp.path()) == Paths{"grid/", "grid/a.yaml", "grid/b.yaml"});
  CHECK(disk.recover() == 0);  // nothing left to do

  write_file(tmp / ".firegrid.journal", "not a journal\n");
  CHECK_THROWS_AS(disk.recover(), firegrid::Error);
}

TEST_CASE("RealDisk commit leaves no journal behind", "[store][disk]") {
  TempDir tmp;
  RealDisk disk(tmp.path());
  Changes c;
  c.writes["grid/a.yaml"] = "a\n";
  c.writes["grid/b.yaml"] = "b\n";
  disk.commit(c);
  CHECK_FALSE(disk.has_journal());
  CHECK(everything(tmp.path()) == Paths{"grid/", "grid/a.yaml", "grid/b.yaml"});
}

// Issue 15, defect 7: a batch too large to hold is staged a file at a time.
TEST_CASE("RealDisk commit_each writes every file it is given, as one commit", "[store][disk]") {
  TempDir tmp;
  RealDisk disk(tmp.path());
  disk.commit_each([](const Disk::WriteSink& write) {
    for (int i = 0; i < 300; ++i) write("grid/" + std::to_string(i % 3) + "/f" + std::to_string(i) + ".yaml", "x\n");
  });
  CHECK_FALSE(disk.has_journal());
  const auto all = everything(tmp.path());
  CHECK(all.size() == 304);  // grid/, three folders, 300 files
  CHECK(read_file(tmp / "grid/2/f299.yaml") == "x\n");
  CHECK(std::none_of(all.begin(), all.end(), [](const std::string& p) { return p.find("fg-tmp") != std::string::npos; }));

  disk.commit_each([](const Disk::WriteSink&) {});  // nothing to write: nothing changes
  CHECK(everything(tmp.path()) == all);
}

TEST_CASE("RealDisk commit_each changes nothing when the batch fails while staging", "[store][disk]") {
  TempDir tmp;
  write_file(tmp / "grid/old.yaml", "old\n");
  RealDisk disk(tmp.path());
  CHECK_THROWS_AS(disk.commit_each([](const Disk::WriteSink& write) {
                    write("grid/new/a.yaml", "a\n");
                    write("grid/old.yaml", "new\n");
                    throw firegrid::Error("the file changed");
                  }),
                  firegrid::Error);
  CHECK(everything(tmp.path()) == Paths{"grid/", "grid/old.yaml"});
  CHECK(read_file(tmp / "grid/old.yaml") == "old\n");
}

TEST_CASE("MemoryDisk commit_each collects the writes", "[store][disk]") {
  MemoryDisk disk;
  disk.commit_each([](const Disk::WriteSink& write) {
    write("a/b.yaml", "b\n");
    write("a/c.yaml", "c\n");
  });
  CHECK(disk.files == std::map<std::string, std::string>{{"a/b.yaml", "b\n"}, {"a/c.yaml", "c\n"}});
}

TEST_CASE("RealDisk recover keeps a journal whose step cannot be done", "[store][disk]") {
  TempDir tmp;
  // The staged file of the second step is gone and its folder is a file: the step fails.
  write_file(tmp / "grid/.a.yaml.fg-tmp-0", "new a\n");
  write_file(tmp / "blocked", "a file, not a folder\n");
  write_file(tmp / ".firegrid.journal",
             "firegrid journal 1\n"
             "write\tgrid\t.a.yaml.fg-tmp-0\ta.yaml\n"
             "move\tgrid\tblocked/grid\n");
  RealDisk disk(tmp.path());
  try {
    disk.recover();
    FAIL("recover did not throw");
  } catch (const firegrid::Error& e) {
    CHECK(std::string(e.what()).find("cannot finish the change that .firegrid.journal lists") == 0);
  }
  CHECK(disk.has_journal());  // a later command tries again
  CHECK(read_file(tmp / "grid/a.yaml") == "new a\n");
}
