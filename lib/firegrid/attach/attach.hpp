// Attachments: photos, scanned notices and signed forms linked to a record by an
// `attachments:` list (path, sha256, caption), the files kept under files/ by their
// SHA-256 (files/ab/cdef….jpg). Writers stage a file with the record change that names it
// (one Disk::commit: both or neither); `check` finds files missing, changed or named by no
// record. docs/format.md#attachments.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/store/disk.hpp>

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::attach {

inline constexpr const char* kFilesDir = "files";

// The SHA-256 of `bytes` in lower-case hex (libsodium).
std::string sha256_hex(std::string_view bytes);

// The sha256 oid of a git LFS pointer file ("version https://git-lfs.github.com/spec/v1",
// "oid sha256:<64 hex>", "size N"), or nullopt when `bytes` is not one.
std::optional<std::string> lfs_oid(std::string_view bytes);

// Where a file of that hash is stored: files/<2 hex>/<62 hex><.ext>, the extension of
// `name` in lower case when it is 1-8 letters and digits (none otherwise).
std::string stored_path(const std::string& sha256, const std::string& name);

// A file to attach, read from outside the repo: the record's entry and the write that
// stores it under files/ (added to `changes`, so it is committed with the record).
// Throws Error when the file cannot be read or is empty.
doc::Node stage(const std::string& file, const std::string& caption, const std::optional<Date>& on,
                store::Changes& changes);

// Appends `entries` to the record's `attachments` list (made when missing).
void append(doc::Node& record, const std::vector<doc::Node>& entries);

// One record's attachment as check sees it.
struct Named {
  std::string record_path;  // the record file that names it
  doc::Mark mark;           // where its entry is written
  std::string path, sha256;
};

// The attachments named by `record` (a record document's root) in `record_path`.
void collect(const std::string& record_path, const doc::Node& record, std::vector<Named>& out);

// attachment-missing, attachment-changed (errors, at the record's entry) and
// attachment-orphan (a warning, at a file under files/ that no record names). Hashes a file
// only when its stamp (size, mtime, ctime, inode) differs from what the cache
// `.firegrid/cache/attachments` of a real disk kept; `cache_root` is the repo's root
// folder ("" for no cache: a commit's snapshot). `read` sees the bytes of every file it
// reads (check searches them for a tip office's secret key): the files named and hashed
// again, and every orphan.
void check(const store::Disk& disk, const std::vector<Named>& named, const std::string& cache_root,
           const std::function<void(const std::string&, std::string_view)>& read, Findings& findings);

}  // namespace firegrid::attach
