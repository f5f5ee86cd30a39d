// Fuzzes turning a path or id into a file under the repo (issue 15, defect 1): RealDisk's
// read, list, is_file and is_dir open every path one component at a time without
// following symbolic links, and is_valid_id decides what may name a folder. The property
// checked: nothing outside the root is ever read, whatever the path (.., absolute paths,
// links to the parent folder and to a file beside the root), and a valid id is one plain
// path component. A breach aborts; any crash, hang, sanitizer report or non-firegrid
// exception is a bug.
#include <firegrid/core/error.hpp>
#include <firegrid/store/disk.hpp>
#include <firegrid/store/repo.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace {

constexpr const char* kOutside = "OUTSIDE THE REPO";

std::string& test_base() {
  static std::string base;
  return base;
}

// Removes the test folder when the process ends (nothing in it is ever written by the target).
void remove_test_folder() {
  const std::string& b = test_base();
  for (const char* f : {"/root/grid/deep", "/root/grid/grid.yaml", "/root/link.yaml", "/root/up", "/outside.yaml"})
    ::unlink((b + f).c_str());
  for (const char* d : {"/root/grid", "/root", ""}) ::rmdir((b + d).c_str());
}

// A folder with root/ (the repo: a file, a folder, links out) and outside.yaml beside it.
const std::string& test_root() {
  static const std::string root = [] {
    char tmpl[] = "/tmp/firegrid-fuzz-path-XXXXXX";
    const char* dir = ::mkdtemp(tmpl);
    if (!dir) std::abort();
    const std::string base = dir, r = base + "/root";
    test_base() = base;
    std::atexit(remove_test_folder);
    ::mkdir(r.c_str(), 0755);
    ::mkdir((r + "/grid").c_str(), 0755);
    std::ofstream(base + "/outside.yaml") << kOutside;
    std::ofstream(r + "/grid/grid.yaml") << "level: county\n";
    if (::symlink("../outside.yaml", (r + "/link.yaml").c_str()) != 0 ||
        ::symlink("..", (r + "/up").c_str()) != 0 || ::symlink("../../outside.yaml", (r + "/grid/deep").c_str()) != 0)
      std::abort();
    return r;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string path(reinterpret_cast<const char*>(data), size);
  const firegrid::store::RealDisk disk(test_root());
  try {
    if (const auto bytes = disk.read(path); bytes && bytes->find(kOutside) != std::string::npos) std::abort();
  } catch (const firegrid::Error&) {
  }
  try {
    for (const auto& e : disk.list(path))
      if (e.name == "outside.yaml" || e.name == "root") std::abort();  // the root's parent listed
    disk.is_file(path);
    disk.is_dir(path);
  } catch (const firegrid::Error&) {
  }
  if (firegrid::store::is_valid_id(path) &&
      (path.find('/') != std::string::npos || path.find("..") != std::string::npos || path.empty()))
    std::abort();
  return 0;
}
