// A data repo on disk: finding it (like git), its layout, and the writer's lock.
#pragma once

#include <firegrid/store/disk.hpp>

#include <functional>
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

// Who holds the repo lock, as the holder wrote it into the lock file:
//   pid: 12345
//   command: firegrid unit import
//   since: 2026-11-28T02:00:00Z
struct LockHolder {
  long pid = 0;         // 0 when the file does not say (a script's flock, an older firegrid)
  std::string command;  // the holder's command, without its arguments
  std::string since;    // when it took the lock, UTC
  bool alive = false;   // pid names a running process that holds the lock
};

// What is in a lock file; unknown lines are ignored. Never throws.
LockHolder parse_lock_holder(const std::string& text);

// How a writer waits for the lock.
struct LockWait {
  std::optional<double> timeout_seconds;  // nullopt: as long as the holder runs
  std::string command = "firegrid";       // what this writer records as its command
  // Called when the writer starts to wait, and again when another process holds it.
  std::function<void(const LockHolder&)> on_wait;
};

// An exclusive lock (flock) on the repo's .firegrid.lock, held by every writer for its
// whole read-modify-write; the holder writes its pid, command and the time into the
// file, and empties it when it lets go. A writer waits while another holds the lock: the
// kernel releases a dead holder's flock, so a stale lock is taken at once. Throws Error
// when `timeout_seconds` pass first (naming the holder), when the lock file is a
// symbolic link, or when it cannot be opened.
class RepoLock {
public:
  explicit RepoLock(const std::string& root, const LockWait& wait = {});
  ~RepoLock();
  RepoLock(RepoLock&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  RepoLock(const RepoLock&) = delete;
  RepoLock& operator=(const RepoLock&) = delete;

private:
  int fd_ = -1;
};

// The absolute form of a path (not resolving symlinks).
std::string absolute(const std::string& path);

}  // namespace firegrid::store
