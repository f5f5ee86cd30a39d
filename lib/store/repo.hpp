// A data repo on disk: finding it (like git), its layout, and the writer's lock.
#pragma once

#include <firegrid/store/disk.hpp>

#include <optional>
#include <string>

namespace firegrid::store {

inline constexpr const char* kManifest = "firegrid.yaml";
inline constexpr const char* kGridRoot = "grid";       // the county's folder
inline constexpr const char* kGridFile = "grid.yaml";  // a grid node's record in its folder
inline constexpr const char* kSchemaDir = "schemas";
inline constexpr const char* kLockFile = ".firegrid.lock";

// Folder names that hold records of a kind rather than child grids; a grid id can never
// be one of these.
bool is_reserved_name(const std::string& name);

// True for ids usable as folder and file names: [a-z0-9][a-z0-9-]{0,62}.
bool is_valid_id(const std::string& id);

// Finds the repo root: `dash_c` (as given to -C, relative to the current folder) or else
// `env_repo` (FIREGRID_REPO) is where the search starts, else the current folder; from
// there it walks up to the first folder holding firegrid.yaml. Throws Error (with a hint)
// when there is none.
std::string find_repo(const std::optional<std::string>& dash_c,
                      const std::optional<std::string>& env_repo);

// The repo that holds folder `dir` (which need not exist yet): the nearest folder upwards
// with a firegrid.yaml, or nullopt.
std::optional<std::string> enclosing_repo(const std::string& dir);

// An exclusive lock on the repo, held by every writer for its whole read-modify-write.
// Waits up to `wait_ms` for another writer, then throws Error.
class RepoLock {
public:
  explicit RepoLock(const std::string& root, int wait_ms = 10000);
  ~RepoLock();
  RepoLock(const RepoLock&) = delete;
  RepoLock& operator=(const RepoLock&) = delete;

private:
  int fd_ = -1;
};

// The absolute form of a path (not resolving symlinks).
std::string absolute(const std::string& path);

}  // namespace firegrid::store
