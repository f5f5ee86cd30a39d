// Snapshots read straight from git's object store: `git ls-tree` lists the files of the
// commit's tree under the repo's folder, and one `git cat-file --batch` hands back every
// blob, so thousands of records cost two processes and no checkout.
#include <firegrid/store/git.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/process.hpp>

#include <fmt/format.h>

#include <cstdlib>

namespace firegrid::store {

namespace {

constexpr long kShanghaiOffset = 8 * 3600;  // UTC+8, no daylight saving

const char* const kNotGitHint =
    "--at and report diff read the repo's git history: commit the repo with git, or leave them out";

ProcessResult git(const std::string& root, std::vector<std::string> args, const std::string& input = {}) {
  args.insert(args.begin(), "git");
  return run_process(args, root, input);
}

std::string trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The first line of git's complaint, without "fatal: ".
std::string git_says(const ProcessResult& r) {
  std::string s = r.errors.substr(0, r.errors.find('\n'));
  if (s.rfind("fatal: ", 0) == 0) s = s.substr(7);
  return s;
}

// Throws when root is not inside a git work tree.
void require_git(const std::string& root) {
  const auto r = git(root, {"rev-parse", "--is-inside-work-tree"});
  if (r.status != 0 || trimmed(r.output) != "true")
    throw Error(fmt::format("{} is not in a git repository", root), kNotGitHint);
}

// The parts of `text` between `sep`s, without empty ones.
std::vector<std::string> split(const std::string& text, char sep) {
  std::vector<std::string> parts;
  std::size_t at = 0;
  while (at < text.size()) {
    std::size_t end = text.find(sep, at);
    if (end == std::string::npos) end = text.size();
    if (end > at) parts.push_back(text.substr(at, end - at));
    at = end + 1;
  }
  return parts;
}

Date shanghai_day(long unix_seconds) {
  const long local = unix_seconds + kShanghaiOffset;
  long days = local / 86400;
  if (local % 86400 < 0) --days;
  return Date::from_days(days);
}

}  // namespace

std::string resolve_commit(const std::string& root, const std::string& rev) {
  require_git(root);
  const auto r = git(root, {"rev-parse", "--verify", "--quiet", "--end-of-options", rev + "^{commit}"});
  if (r.status != 0 || rev.empty() || rev[0] == '-')
    throw Error(fmt::format("git knows no commit '{}'", rev),
                "name a commit: a branch, a tag, a commit id or HEAD~N (see git log --oneline)");
  return trimmed(r.output);
}

std::string commit_on(const std::string& root, const Date& day) {
  require_git(root);
  const auto r = git(root, {"log", "--first-parent", "--format=%H %ct", "HEAD"});
  if (r.status != 0) return "";  // no commit yet
  for (const auto& line : split(r.output, '\n')) {
    const auto space = line.find(' ');
    if (space == std::string::npos) continue;
    if (shanghai_day(std::atol(line.c_str() + space + 1)) <= day) return line.substr(0, space);
  }
  return "";
}

Date commit_date(const std::string& root, const std::string& commit) {
  const auto r = git(root, {"show", "-s", "--format=%ct", commit});
  if (r.status != 0) throw Error(fmt::format("cannot read the date of commit {}: {}", commit, git_says(r)));
  return shanghai_day(std::atol(r.output.c_str()));
}

std::unique_ptr<MemoryDisk> snapshot(const std::string& root, const std::string& commit) {
  const auto prefix = git(root, {"rev-parse", "--show-prefix"});
  if (prefix.status != 0) throw Error(fmt::format("{} is not in a git repository", root), kNotGitHint);
  const std::string folder = trimmed(prefix.output);  // "" or "data/county/"

  const auto tree = git(root, {"ls-tree", "--full-tree", "-r", "-z", commit + ":" + folder});
  if (tree.status != 0)
    throw Error(fmt::format("commit {} has no folder {}: {}", commit.substr(0, 12),
                            folder.empty() ? "." : folder, git_says(tree)),
                "pick a commit made after the repo was added to git");

  // "<mode> blob <oid>\t<path>\0" per file; submodules are not data, and symlinks are
  // noted as links (never read, as on a working tree).
  std::vector<std::pair<std::string, std::string>> blobs;  // path, oid
  std::vector<std::string> links;
  std::string request;
  for (const auto& entry : split(tree.output, '\0')) {
    const auto tab = entry.find('\t');
    const bool file = entry.compare(0, 6, "100644") == 0 || entry.compare(0, 6, "100755") == 0;
    if (tab != std::string::npos && entry.compare(0, 6, "120000") == 0) links.push_back(entry.substr(tab + 1));
    if (tab == std::string::npos || !file) continue;
    const auto space = entry.rfind(' ', tab);
    const std::string oid = entry.substr(space + 1, tab - space - 1);
    blobs.emplace_back(entry.substr(tab + 1), oid);
    request += oid + "\n";
  }

  auto disk = std::make_unique<MemoryDisk>();
  for (const auto& link : links) disk->links[link] = "";
  if (blobs.empty()) return disk;
  const auto batch = git(root, {"cat-file", "--batch"}, request);
  if (batch.status != 0) throw Error(fmt::format("cannot read commit {}: {}", commit.substr(0, 12), git_says(batch)));

  // "<oid> blob <size>\n<content>\n" per request, in order.
  const std::string& out = batch.output;
  std::size_t at = 0;
  for (const auto& [path, oid] : blobs) {
    const auto header_end = out.find('\n', at);
    if (header_end == std::string::npos) throw Error(fmt::format("git cat-file stopped before {}", path));
    const std::string header = out.substr(at, header_end - at);
    const auto last_space = header.rfind(' ');
    if (header.compare(0, oid.size(), oid) != 0 || last_space == std::string::npos)
      throw Error(fmt::format("git cat-file answered '{}' for {}", header, path));
    const auto size = static_cast<std::size_t>(std::strtoull(header.c_str() + last_space + 1, nullptr, 10));
    if (header_end + 1 + size > out.size()) throw Error(fmt::format("git cat-file cut {} short", path));
    disk->files[path] = out.substr(header_end + 1, size);
    at = header_end + 1 + size + 1;
  }
  return disk;
}

}  // namespace firegrid::store
