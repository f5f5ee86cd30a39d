// `firegrid hooks install`: the git pre-commit hook that runs `firegrid check --staged`,
// so a commit whose records have errors is refused, whatever the working tree holds.
#pragma once

#include <string>

namespace firegrid::store {

// The marker line every hook firegrid writes carries: a hook with it is firegrid's own
// and may be replaced; any other hook is foreign.
extern const char* const kHookMarker;

// The pre-commit hook's text for the data repo at `prefix` below the top of the git work
// tree ("" or "data/county/"), run by `program` (an absolute path; `firegrid` on PATH
// when that file is gone).
std::string pre_commit_hook(const std::string& prefix, const std::string& program);

struct HookInstalled {
  std::string path;         // the hook file written
  std::string kept_as;      // where a foreign hook was moved (--force), or ""
  bool replaced = false;    // an earlier firegrid hook was replaced
};

// Writes the pre-commit hook of the git repo holding `root` (where git looks for it:
// core.hooksPath or .git/hooks), executable. A foreign hook is refused (Error) unless
// `force`, which keeps it as `pre-commit.before-firegrid`. Throws Error when root is not
// in git or the file cannot be written.
HookInstalled install_pre_commit(const std::string& root, const std::string& program, bool force);

// The line `.gitattributes` gets so that git merges records with firegrid's driver.
extern const char* const kMergeAttributes;

struct MergeDriverInstalled {
  std::string attributes;           // the .gitattributes file of the data repo
  bool attributes_written = false;  // the line was added (false: it was there)
};

// Registers `firegrid merge-driver` as git's merge driver `firegrid` in the clone's config
// (merge.firegrid.name and .driver, run by `program`) and adds kMergeAttributes to
// `root`/.gitattributes (made when missing; that file is to be committed, so every clone
// that has the driver uses it). Throws Error when root is not in git or a file cannot be
// written.
MergeDriverInstalled install_merge_driver(const std::string& root, const std::string& program);

}  // namespace firegrid::store
