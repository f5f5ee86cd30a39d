// Snapshots read straight from git's object store: `git ls-tree` lists the files of the
// commit's tree under the repo's folder, and one `git cat-file --batch` hands back every
// blob, so thousands of records cost two processes and no checkout.
#include <firegrid/store/git.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/process.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <fcntl.h>
#include <random>
#include <set>
#include <unistd.h>

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
    throw Error(msg("{} is not in a git repository", root), kNotGitHint);
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
    throw Error(msg("git knows no commit '{}'", rev),
                tr("name a commit: a branch, a tag, a commit id or HEAD~N (see git log --oneline)"));
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
  if (r.status != 0) throw Error(msg("cannot read the date of commit {}: {}", commit, git_says(r)));
  return shanghai_day(std::atol(r.output.c_str()));
}

namespace {

// The repo's folder inside the git work tree: "" or "data/county/".
std::string git_repo_prefix(const std::string& root) {
  const auto prefix = git(root, {"rev-parse", "--show-prefix"});
  if (prefix.status != 0) throw Error(msg("{} is not in a git repository", root), kNotGitHint);
  return trimmed(prefix.output);
}

// A MemoryDisk of the entries of a listing (`git ls-tree -z` or `git ls-files -s -z`:
// "<mode> <type or oid> <oid or stage>\t<path>\0"; `oid_field` says which field is the
// object id), the blobs read by one `git cat-file --batch`. Submodules are not data, and
// symlinks are noted as links (never read, as on a working tree). `paths_from` is cut from
// each path. `what` names the source in failures.
std::unique_ptr<MemoryDisk> git_blobs_disk(const std::string& root, const std::string& listing, int oid_field,
                                           const std::string& paths_from, const std::string& what) {
  std::vector<std::pair<std::string, std::string>> blobs;  // path, oid
  std::vector<std::string> links;
  std::string request;
  for (const auto& entry : split(listing, '\0')) {
    const auto tab = entry.find('\t');
    if (tab == std::string::npos || entry.compare(tab + 1, paths_from.size(), paths_from) != 0) continue;
    const std::string path = entry.substr(tab + 1 + paths_from.size());
    const bool file = entry.compare(0, 6, "100644") == 0 || entry.compare(0, 6, "100755") == 0;
    if (entry.compare(0, 6, "120000") == 0) links.push_back(path);
    if (!file) continue;
    const auto fields = split(entry.substr(0, tab), ' ');
    if (fields.size() != 3) continue;
    blobs.emplace_back(path, fields[static_cast<std::size_t>(oid_field)]);
    request += blobs.back().second + "\n";
  }

  auto disk = std::make_unique<MemoryDisk>();
  for (const auto& link : links) disk->links[link] = "";
  if (blobs.empty()) return disk;
  const auto batch = git(root, {"cat-file", "--batch"}, request);
  if (batch.status != 0) throw Error(msg("cannot read {}: {}", what, git_says(batch)));

  // "<oid> blob <size>\n<content>\n" per request, in order.
  const std::string& out = batch.output;
  std::size_t at = 0;
  for (const auto& [path, oid] : blobs) {
    const auto header_end = out.find('\n', at);
    if (header_end == std::string::npos) throw Error(msg("git cat-file stopped before {}", path));
    const std::string header = out.substr(at, header_end - at);
    const auto last_space = header.rfind(' ');
    if (header.compare(0, oid.size(), oid) != 0 || last_space == std::string::npos)
      throw Error(msg("git cat-file answered '{}' for {}", header, path));
    const auto size = static_cast<std::size_t>(std::strtoull(header.c_str() + last_space + 1, nullptr, 10));
    if (header_end + 1 + size > out.size()) throw Error(msg("git cat-file cut {} short", path));
    disk->files[path] = out.substr(header_end + 1, size);
    at = header_end + 1 + size + 1;
  }
  return disk;
}

}  // namespace

std::unique_ptr<MemoryDisk> snapshot(const std::string& root, const std::string& commit) {
  const std::string folder = git_repo_prefix(root);
  const auto tree = git(root, {"ls-tree", "--full-tree", "-r", "-z", commit + ":" + folder});
  if (tree.status != 0)
    throw Error(msg("commit {} has no folder {}: {}", commit.substr(0, 12),
                            folder.empty() ? "." : folder, git_says(tree)),
                tr("pick a commit made after the repo was added to git"));
  // "<mode> blob <oid>\t<path>", the path below the folder
  return git_blobs_disk(root, tree.output, 2, "", fmt::format("commit {}", commit.substr(0, 12)));
}

std::vector<FileCommit> file_history(const std::string& root, const std::string& path, const std::string& glob) {
  const auto inside = git(root, {"rev-parse", "--is-inside-work-tree"});
  if (inside.status != 0 || trimmed(inside.output) != "true")
    throw Error(msg("{} is not in a git repository", root),
                tr("a record's history is read from git's commits: commit the repo with git"));
  const std::string folder = git_repo_prefix(root);
  // A record (\x1e) per commit: id, author, time, subject (\x1f between), then its
  // --name-status lines ("M\tpath", "R100\told\tnew"), paths from the top of the work tree.
  const auto r = glob.empty()
                   ? git(root, {"log", "--follow", "--format=%x1e%H%x1f%an%x1f%at%x1f%s", "--name-status", "--", path})
                   : git(root, {"log", "--format=%x1e%H%x1f%an%x1f%at%x1f%s", "--name-status", "--", ":(glob)" + glob});
  if (r.status != 0) throw Error(msg("git log failed: {}", git_says(r)));
  const auto below = [&](const std::string& p) { return p.compare(0, folder.size(), folder) == 0 ? p.substr(folder.size()) : p; };
  std::vector<FileCommit> out;
  for (const auto& entry : split(r.output, '\x1e')) {
    const auto fields = split(entry.substr(0, entry.find('\n')), '\x1f');
    if (fields.size() < 3) continue;
    FileCommit c;
    c.commit = fields[0];
    c.author = fields[1];
    c.date = shanghai_day(std::atol(fields[2].c_str()));
    c.subject = fields.size() > 3 ? fields[3] : "";
    std::string removed;  // a glob's file removed in this commit: moved, when another is added
    for (const auto& line : split(entry.substr(entry.find('\n') + 1), '\n')) {
      const auto parts = split(line, '\t');
      if (parts.size() < 2) continue;
      if (parts[0] == "D" && !c.status.empty() && c.status != "D") {
        removed = below(parts.back());
        continue;
      }
      if (parts[0] == "D") removed = below(parts.back());
      c.status = parts[0].substr(0, 1);
      c.path = below(parts.back());
      if (parts.size() == 3) c.old_path = below(parts[1]);
    }
    if (c.status == "A" && !removed.empty()) {
      c.status = "R";
      c.old_path = removed;
    }
    out.push_back(std::move(c));
  }
  return out;
}

std::vector<CommitFiles> changed_files(const std::string& root, const std::vector<std::string>& globs) {
  const std::string folder = git_repo_prefix(root);
  // Every commit, the merged sides' too (--full-history), a merge with what it changed
  // against its first parent, so the last state seen is HEAD's.
  std::vector<std::string> args{"log",      "--reverse",  "--full-history", "--diff-merges=first-parent",
                                "--no-renames", "--raw", "--no-abbrev",     "--format=%x1e%H%x1f%an%x1f%at",
                                "--"};
  for (const auto& g : globs) args.push_back(":(glob)" + g);
  const auto r = git(root, args);
  if (r.status != 0) throw Error(msg("git log failed: {}", git_says(r)));
  std::vector<CommitFiles> out;
  std::vector<ChangedFile*> wanted;
  for (const auto& entry : split(r.output, '\x1e')) {
    const auto fields = split(entry.substr(0, entry.find('\n')), '\x1f');
    if (fields.size() < 3) continue;
    CommitFiles c;
    c.commit = fields[0];
    c.author = fields[1];
    c.date = shanghai_day(std::atol(fields[2].c_str()));
    // ":<old mode> <new mode> <old oid> <new oid> <status>\t<path>", the path from the top
    for (const auto& line : split(entry.substr(entry.find('\n') + 1), '\n')) {
      const auto tab = line.find('\t');
      if (line.empty() || line[0] != ':' || tab == std::string::npos) continue;
      const auto meta = split(line.substr(1, tab - 1), ' ');
      const std::string path = line.substr(tab + 1);
      if (meta.size() < 5 || path.compare(0, folder.size(), folder) != 0) continue;
      ChangedFile f;
      f.path = path.substr(folder.size());
      f.removed = meta[4] == "D";
      c.files.push_back(f);
    }
    if (!c.files.empty()) out.push_back(std::move(c));
  }
  // The texts, read by one `git cat-file --batch` of "<commit>:<path>" (after the pointers
  // into `out` can no longer move).
  std::string request;
  for (auto& c : out)
    for (auto& f : c.files)
      if (!f.removed) {
        wanted.push_back(&f);
        request += c.commit + ":" + folder + f.path + "\n";
      }
  if (wanted.empty()) return out;
  const auto batch = git(root, {"cat-file", "--batch"}, request);
  if (batch.status != 0) throw Error(msg("cannot read the files' history: {}", git_says(batch)));
  const std::string& text = batch.output;
  std::size_t at = 0;
  for (ChangedFile* file : wanted) {
    const auto header_end = text.find('\n', at);
    if (header_end == std::string::npos) break;
    const std::string header = text.substr(at, header_end - at);
    const auto last_space = header.rfind(' ');
    if (header.size() > 8 && header.compare(header.size() - 8, 8, " missing") == 0) {
      at = header_end + 1;
      continue;
    }
    const auto size = static_cast<std::size_t>(std::strtoull(header.c_str() + last_space + 1, nullptr, 10));
    if (last_space == std::string::npos || header_end + 1 + size > text.size())
      throw Error(msg("git cat-file cut {} short", file->path));
    file->text = text.substr(header_end + 1, size);
    at = header_end + 1 + size + 1;
  }
  return out;
}

void commit_changes(const std::string& root, const Changes& changes, const std::string& message) {
  const auto inside = git(root, {"rev-parse", "--is-inside-work-tree"});
  if (inside.status != 0 || trimmed(inside.output) != "true")
    throw Error(msg("{} is not in a git repository: nothing was committed", root),
                tr("the change is written; leave --commit out (and `git.commit` in firegrid.yaml), or `git init` the repo"));
  // What is gone (removed files, moved folders' old places) is named only when git knew it.
  std::vector<std::string> paths, gone;
  for (const auto& w : changes.writes) paths.push_back(w.first);
  for (const auto& m : changes.moves) {
    paths.push_back(m.second);
    gone.push_back(m.first);
  }
  gone.insert(gone.end(), changes.removals.begin(), changes.removals.end());
  gone.insert(gone.end(), changes.removed_dirs.begin(), changes.removed_dirs.end());
  if (!gone.empty()) {
    std::vector<std::string> args{"ls-files", "-z", "--"};
    args.insert(args.end(), gone.begin(), gone.end());
    const auto known = git(root, args);
    for (const auto& g : gone)
      for (const auto& k : split(known.output, '\0'))
        if (k == g || k.compare(0, g.size() + 1, g + "/") == 0) {
          paths.push_back(g);
          break;
        }
  }
  if (paths.empty()) return;
  std::vector<std::string> add{"add", "-A", "--"};
  add.insert(add.end(), paths.begin(), paths.end());
  if (const auto r = git(root, add); r.status != 0)
    throw Error(msg("git add failed: {}", git_says(r)), tr("the change is written; commit it with git yourself"));
  std::vector<std::string> commit{"commit", "-q", "--only", "-m", message, "--"};
  commit.insert(commit.end(), paths.begin(), paths.end());
  if (const auto r = git(root, commit); r.status != 0) {
    const std::string said = git_says(r).empty() ? trimmed(r.output) : git_says(r);
    throw Error(msg("git commit failed: {}", said), tr("the change is written and staged; commit it with git yourself"));
  }
}

std::unique_ptr<MemoryDisk> staged(const std::string& root) {
  const std::string folder = git_repo_prefix(root);
  const auto index = git(root, {"ls-files", "--stage", "-z", "--full-name", "--", "."});
  if (index.status != 0) throw Error(msg("cannot list git's index: {}", git_says(index)));
  // "<mode> <oid> <stage>\t<path>", the path from the top of the work tree. A path in
  // conflict has stages 1-3 and no stage 0: it is taken as the working tree has it (with
  // its conflict markers), since that is what `git add` would stage.
  std::string listing;
  std::set<std::string> conflicted;
  for (const auto& entry : split(index.output, '\0')) {
    const auto tab = entry.find('\t');
    const auto fields = split(entry.substr(0, tab == std::string::npos ? 0 : tab), ' ');
    if (fields.size() == 3 && fields[2] != "0") conflicted.insert(entry.substr(tab + 1));
    else listing += entry + '\0';
  }
  auto disk = git_blobs_disk(root, listing, 1, folder, "git's index");
  for (const auto& path : conflicted) {
    if (path.compare(0, folder.size(), folder) != 0) continue;
    RealDisk work(root);
    if (auto bytes = work.read(path.substr(folder.size()))) disk->files[path.substr(folder.size())] = *bytes;
  }
  return disk;
}

namespace {

// A token is 16 characters of [0-9a-z]; anything else in the file is made again.
bool git_clone_token_ok(const std::string& t) {
  if (t.size() != 16) return false;
  for (const char c : t)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'))) return false;
  return true;
}

std::string git_clone_token_read(const std::string& path) {
  const int fd = ::open(path.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return "";
  char buf[64];
  const ssize_t n = ::read(fd, buf, sizeof buf);
  ::close(fd);
  return n > 0 ? trimmed(std::string(buf, static_cast<std::size_t>(n))) : "";
}

}  // namespace

std::string clone_token(const std::string& root) {
  if (const char* env = std::getenv("FIREGRID_CLONE")) return env;
  ProcessResult r;
  try {
    r = git(root, {"rev-parse", "--absolute-git-dir"});
  } catch (const Error&) {
    return "";  // no git on this machine: nothing to merge with
  }
  if (r.status != 0) return "";
  const std::string path = trimmed(r.output) + "/firegrid-clone";
  if (std::string t = git_clone_token_read(path); git_clone_token_ok(t)) return t;
  std::random_device random;
  static const char digits[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::string token;
  for (int i = 0; i < 16; ++i) token += digits[random() % 32];
  // Written beside and renamed, so two commands starting at once agree on one token.
  const std::string temp = fmt::format("{}.tmp-{}", path, ::getpid());
  const int fd = ::open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd < 0) return token;  // a read-only git folder: this run's token only
  const std::string line = token + "\n";
  const bool ok = ::write(fd, line.data(), line.size()) == static_cast<ssize_t>(line.size());
  ::close(fd);
  if (!ok || ::link(temp.c_str(), path.c_str()) != 0) {
    ::unlink(temp.c_str());
    if (std::string t = git_clone_token_read(path); git_clone_token_ok(t)) return t;  // another run's
    return token;
  }
  ::unlink(temp.c_str());
  return token;
}

}  // namespace firegrid::store
