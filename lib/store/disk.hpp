// The disk behind a narrow interface: the loader, the checks and the commands read and
// write through a Disk, so they run the same on a real repo and on an in-memory one in
// the unit tests. Paths are relative to the disk's root and '/' separated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace firegrid::store {

// A set of changes applied as one step by Disk::commit.
struct Changes {
  std::map<std::string, std::string> writes;  // path -> new content
  std::vector<std::string> removals;          // files to remove
  std::vector<std::string> removed_dirs;      // folders to remove once empty
  std::vector<std::pair<std::string, std::string>> moves;  // folders renamed (from, to)
  bool empty() const {
    return writes.empty() && removals.empty() && removed_dirs.empty() && moves.empty();
  }
};

class Disk {
public:
  struct Entry {
    std::string name;
    bool is_dir = false;
  };

  virtual ~Disk() = default;

  // The file's content, or nullopt if there is no such file. A file larger than
  // max_bytes yields its first max_bytes + 1 bytes, so the caller can report it.
  // Throws Error if the file exists but cannot be read.
  virtual std::optional<std::string> read(const std::string& path,
                                          std::size_t max_bytes = SIZE_MAX) const = 0;

  // The entries of a folder sorted by name; empty if it does not exist.
  virtual std::vector<Entry> list(const std::string& dir) const = 0;

  virtual bool is_file(const std::string& path) const = 0;
  virtual bool is_dir(const std::string& path) const = 0;

  // Applies every write, move and removal. Writes are staged first (each to a temporary
  // file beside its target) and flushed to disk; if any stage fails nothing is changed
  // and Error is thrown. Then the staged files are renamed into place, folders moved
  // (each move is one atomic rename) and removals done, and the changes flushed again.
  virtual void commit(const Changes& changes) = 0;
};

// The real file system under `root`.
class RealDisk : public Disk {
public:
  explicit RealDisk(std::string root);
  const std::string& root() const { return root_; }

  std::optional<std::string> read(const std::string& path,
                                  std::size_t max_bytes = SIZE_MAX) const override;
  std::vector<Entry> list(const std::string& dir) const override;
  bool is_file(const std::string& path) const override;
  bool is_dir(const std::string& path) const override;
  void commit(const Changes& changes) override;

private:
  std::string full(const std::string& path) const;
  std::string root_;
};

// An in-memory tree for tests: folders exist when a file lies beneath them.
class MemoryDisk : public Disk {
public:
  std::map<std::string, std::string> files;

  std::optional<std::string> read(const std::string& path,
                                  std::size_t max_bytes = SIZE_MAX) const override;
  std::vector<Entry> list(const std::string& dir) const override;
  bool is_file(const std::string& path) const override;
  bool is_dir(const std::string& path) const override;
  void commit(const Changes& changes) override;
};

// Joins two '/' separated path parts; either may be empty.
std::string join(const std::string& a, const std::string& b);

// The suffix of temporary files written by commit; `check` reports leftovers.
inline constexpr const char* kTempMarker = ".fg-tmp-";

}  // namespace firegrid::store
