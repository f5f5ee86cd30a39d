// The disk behind a narrow interface: the loader, the checks and the commands read and
// write through a Disk, so they run the same on a real repo and on an in-memory one in
// the unit tests. Paths are relative to the disk's root and '/' separated.
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <unordered_map>
#include <set>
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

struct CommitStep;  // one step of a commit after staging (disk.cpp)

// What says a file changed without reading it (record::Cache keys on it, as git's index
// does): size, modification and change times in nanoseconds, inode.
struct Stamp {
  std::uint64_t size = 0, mtime_ns = 0, ctime_ns = 0, ino = 0;
  bool operator==(const Stamp& o) const {
    return size == o.size && mtime_ns == o.mtime_ns && ctime_ns == o.ctime_ns && ino == o.ino;
  }
  bool operator!=(const Stamp& o) const { return !(*this == o); }
};

class Disk {
public:
  struct Entry {
    std::string name;
    bool is_dir = false;
    std::optional<Stamp> stamp;  // of a regular file, from list_stamped
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

  // The symbolic links found below the root, by path, with where each points (empty when
  // not known). A disk never reads, lists or writes through one: read gives nullopt,
  // list leaves it out, is_file and is_dir say false, commit refuses. A RealDisk reports
  // the links it has met so far (load_repo lists every folder of the record tree); a
  // MemoryDisk all it holds.
  virtual std::map<std::string, std::string> symlinks() const = 0;

  // list, with the stamp of each regular file (taken while the folder is open: one call
  // a file, not one a path component).
  virtual std::vector<Entry> list_stamped(const std::string& dir) const {
    auto entries = list(dir);
    for (auto& e : entries)
      if (!e.is_dir) e.stamp = stamp(dir.empty() ? e.name : dir + "/" + e.name);
    return entries;
  }

  // The stamp of a regular file (not through a link), or nullopt: no such file, or a
  // disk that cannot tell (then nothing is cached for it). read, list, is_file, is_dir
  // and stamp may be called from several threads at once.
  virtual std::optional<Stamp> stamp(const std::string& path) const {
    (void)path;
    return std::nullopt;
  }

  // What changes whenever a change of more than one step is committed: RealDisk's root
  // folder's stamp (the change's journal is made and removed there). A reader compares
  // it before and after reading the records; if it moved, it may have seen part of the
  // change and reads again (model::load_repo). Nullopt: a disk that cannot tell.
  virtual std::optional<Stamp> change_mark() const { return std::nullopt; }
  // Is a change of more than one step under way (or interrupted): its journal is there?
  // A read that ends while it is there may have seen part of the change.
  virtual bool has_journal() const { return false; }
  // Forgets what the disk keeps of its reads (open folders, listings) before a reread.
  virtual void forget_reads() const {}

  // Applies every write, move and removal. A path through a symbolic link (or a link as
  // the target) is refused with Error before anything is changed. Writes are staged first (each to a temporary
  // file beside its target) and flushed to disk; if any stage fails nothing is changed
  // and Error is thrown. Then the staged files are renamed into place, folders moved
  // (each move is one atomic rename) and removals done, and the changes flushed again.
  virtual void commit(const Changes& changes) = 0;

  // The writes of one commit made one at a time by `produce`, which calls `write(path,
  // content)` for each: a batch too large to hold (an import of a million rows). All or
  // nothing, as commit. This one collects them and commits; a RealDisk stages each write
  // as it comes and keeps the list of staged files on disk, so memory does not grow with
  // the number of files.
  using WriteSink = std::function<void(const std::string& path, const std::string& content)>;
  virtual void commit_each(const std::function<void(const WriteSink&)>& produce) {
    Changes changes;
    produce([&changes](const std::string& path, const std::string& content) { changes.writes[path] = content; });
    commit(changes);
  }
};

// The real file system under `root`. The root itself may be reached through symbolic
// links (`-C ~/link-to-repo`); below it, every path is opened one component at a time
// with O_NOFOLLOW (openat), so no read or write ever leaves the tree through a link.
class RealDisk : public Disk {
public:
  explicit RealDisk(std::string root);
  const std::string& root() const { return root_; }

  std::optional<std::string> read(const std::string& path,
                                  std::size_t max_bytes = SIZE_MAX) const override;
  std::vector<Entry> list(const std::string& dir) const override;
  std::vector<Entry> list_stamped(const std::string& dir) const override;
  bool is_file(const std::string& path) const override;
  bool is_dir(const std::string& path) const override;
  std::map<std::string, std::string> symlinks() const override;
  std::optional<Stamp> stamp(const std::string& path) const override;
  std::optional<Stamp> change_mark() const override;
  void forget_reads() const override { forget_folders(); }
  // A commit of more than one step first writes a journal (kJournalFile) of its renames,
  // moves and removals, and removes it once they are all done and synced.
  void commit(const Changes& changes) override;
  // Journals every write as it is staged (in a file), then renames them as commit does.
  void commit_each(const std::function<void(const WriteSink&)>& produce) override;

  // Is there the journal of a commit that a crash interrupted (or that is under way)?
  bool has_journal() const override;
  // Finishes the commit a crash interrupted: does every step its journal lists that is
  // not yet done (a staged file no longer there was renamed), syncs, and removes the
  // journal. Call under the repo lock. Returns the number of steps listed, 0 when there
  // is no journal. Throws Error when the journal is damaged or a step fails (the journal
  // stays: the change is finished by a later call).
  std::size_t recover();

private:
  class Folder;
  void apply(const CommitStep& step, bool recovering, std::set<std::string>& touched) const;
  // Applies the `count` steps `steps` gives, syncs, and removes the journal when the
  // change has one (`journaled`). A step that fails leaves a journaled change to recover
  // (the Error says so); one that is not journaled is undone by `undo_single`.
  void apply_journaled(std::size_t count, bool journaled,
                       const std::function<void(const std::function<void(const CommitStep&)>&)>& steps,
                       const std::function<void()>& undo_single);
  void sync_touched(const std::set<std::string>& touched) const;
  // Folder `dir` (relative, "" for the root) opened without following links; `create`
  // makes missing folders (adding them to `created`). Not open when it does not exist
  // or a component is a link (noted in symlinks_; `blocked` names it).
  Folder open_folder(const std::string& dir, bool create = false, std::vector<std::string>* created = nullptr,
                     std::string* blocked = nullptr) const;
  // Folder `dir` for a write: made when missing; throws Error naming `path` when a
  // component is a link or a file.
  Folder folder_for_write(const std::string& dir, const std::string& path,
                          std::vector<std::string>* created = nullptr) const;
  // Folder `dir` opened for reading, or null (as open_folder). Folders are kept open
  // while a command reads (a few hundred at a time), so reading a file costs one openat,
  // not one per component of its path; a commit forgets them all (it may move folders).
  std::shared_ptr<const Folder> reading_folder(const std::string& dir) const;
  void forget_folders() const;
  std::vector<Entry> list_folder(const std::string& dir, bool stamps) const;
  // The listings made since the last commit, by folder, each packed as "D|F name\0"...:
  // a command that lists a folder twice (`check` walks the tree once to load it and once
  // for secret keys) reads it once. About 25 bytes a file; a commit forgets them.
  static std::string pack_listing(const std::vector<Entry>& entries);
  static std::vector<Entry> unpack_listing(const std::string& packed);
  void note_symlink(int dir_fd, const std::string& name, const std::string& path) const;
  std::string full(const std::string& path) const;
  std::string root_;
  mutable std::mutex mutex_;  // guards symlinks_, folders_ and listed_
  mutable std::map<std::string, std::string> symlinks_;
  mutable std::unordered_map<std::string, std::shared_ptr<const Folder>> folders_;
  mutable std::unordered_map<std::string, std::string> listed_;
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
  std::map<std::string, std::string> symlinks() const override { return links; }
  void commit(const Changes& changes) override;

  // Symbolic links (path -> target), as a git commit can hold them; nothing under one
  // is in `files`.
  std::map<std::string, std::string> links;
};

// Joins two '/' separated path parts; either may be empty.
std::string join(const std::string& a, const std::string& b);

// The suffix of temporary files written by commit; `check` reports leftovers.
inline constexpr const char* kTempMarker = ".fg-tmp-";

// The journal of a commit under way, at the root (see RealDisk::commit and recover).
inline constexpr const char* kJournalFile = ".firegrid.journal";

}  // namespace firegrid::store
