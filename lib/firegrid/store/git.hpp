// The data as it stood at a git commit or as git's index holds it, read from git's
// objects (never by checking out): for `report --at REV`, `report diff`, `check --at REV`
// and `check --staged`; and the clone's token that new ids are hashed with.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/store/disk.hpp>

#include <memory>
#include <string>
#include <vector>

namespace firegrid::store {

// The full commit id `rev` names in the repo at `root` (a branch, tag, abbreviated id,
// HEAD~3). Throws Error naming rev when git does not know it or root is not in git.
std::string resolve_commit(const std::string& root, const std::string& rev);

// The last commit on HEAD's first-parent history made on or before `day` (Asia/Shanghai),
// or "" when there is none.
std::string commit_on(const std::string& root, const Date& day);

// The commit's date in Asia/Shanghai.
Date commit_date(const std::string& root, const std::string& commit);

// Every file of the repo's data (the repo may be a subfolder of the git work tree) as it
// was at `commit`, in memory. Throws Error when git fails.
std::unique_ptr<MemoryDisk> snapshot(const std::string& root, const std::string& commit);

// Every file of the repo's data as git's index has it (what the next commit will hold:
// `check --staged` in a pre-commit hook), in memory; a path left in conflict by a merge
// is read from the working tree. Throws Error when root is not in git or git fails.
std::unique_ptr<MemoryDisk> staged(const std::string& root);

// Commits what `changes` did (files written and removed, folders moved), and nothing else
// that git's index holds, with `message` (`git commit --only`). Throws Error when root is
// not in git or git refuses (no user name set, a pre-commit hook that says no).
void commit_changes(const std::string& root, const Changes& changes, const std::string& message);

// One commit that changed a file.
struct FileCommit {
  std::string commit;   // the full id
  std::string author;   // the author's name as git has it
  Date date;            // the author date in Asia/Shanghai
  std::string subject;  // the message's first line
  std::string status;   // A added, M modified, D deleted, R renamed (moved)
  std::string path;     // the file's path at that commit, below the repo's folder
  std::string old_path; // for R: where it was before
};

// One file a commit changed: its path below the repo's folder and its text after the
// commit ("" and `removed` when the commit removed it).
struct ChangedFile {
  std::string path;
  bool removed = false;
  std::string text;
};
struct CommitFiles {
  std::string commit, author;
  Date date;  // the author date (Asia/Shanghai)
  std::vector<ChangedFile> files;
};

// Every commit on HEAD's history, oldest first, that changed a file matching one of
// `globs` (pathspecs below root, `grid/**/grid.yaml`), with those files' text after it. A
// move is a removal and an addition. The commits of merged branches are there too, and a
// merge with the files it changed against its first parent, so the last text of each file
// is HEAD's. Throws Error when root is not in git.
std::vector<CommitFiles> changed_files(const std::string& root, const std::vector<std::string>& globs);

// The commits on HEAD's history that changed `path` (below root), newest first, following
// the file across renames (`git mv`, `unit move`). With `glob` (a pathspec below root such
// as `grid/**/units/<id>/unit.yaml`, for a record whose folder is named by its id), the
// commits that changed any file it matches instead: a move that also rewrote the file (a
// unit's `move` step) is still a move, however small the file. Throws Error when root is
// not in git.
std::vector<FileCommit> file_history(const std::string& root, const std::string& path, const std::string& glob = "");

// This clone's token: the random part that every id made here is hashed with, so two
// clones never make the same id for two records, while one clone making the same record
// again finds it (docs/format.md, "Ids"). FIREGRID_CLONE, when set, is the token (empty:
// none, ids from the record alone). Else it is kept in the clone's git folder
// (`<git dir>/firegrid-clone`, never committed, not copied by `git clone`) and made on
// first use; "" when root is not in git or git cannot be run (nothing to merge then).
std::string clone_token(const std::string& root);

}  // namespace firegrid::store
