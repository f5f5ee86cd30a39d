// The data as it stood at a git commit, read from git's objects (never by checking out):
// for `report --at REV` and `report diff`.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/store/disk.hpp>

#include <memory>
#include <string>

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

}  // namespace firegrid::store
