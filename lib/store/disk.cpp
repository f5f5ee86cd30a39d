#include <firegrid/store/disk.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <set>

#include <dirent.h>
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::store {

std::string join(const std::string& a, const std::string& b) {
  if (a.empty()) return b;
  if (b.empty()) return a;
  return a + "/" + b;
}

namespace {

std::string errno_text() { return std::strerror(errno); }

std::string parent_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? std::string(".") : path.substr(0, slash == 0 ? 1 : slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// Creates `dir` and its missing parents, adding each folder it made to `created`.
void make_dirs(const std::string& dir, std::vector<std::string>& created) {
  if (dir.empty() || dir == "." || dir == "/") return;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw Error(fmt::format("{} exists and is not a folder", dir));
    return;
  }
  make_dirs(parent_of(dir), created);
  if (::mkdir(dir.c_str(), 0777) == 0) created.push_back(dir);
  else if (errno != EEXIST) throw Error(fmt::format("cannot create folder {}: {}", dir, errno_text()));
}

void make_dirs(const std::string& dir) {
  std::vector<std::string> created;
  make_dirs(dir, created);
}

void sync_dir(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  ::fsync(fd);
  ::close(fd);
}

// Flushes everything written under `dir` to disk: one syncfs for the whole file system
// instead of an fsync per file, which makes a 20,000-file import take seconds.
void flush_all(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  if (::syncfs(fd) != 0) {
    const std::string why = errno_text();
    ::close(fd);
    throw Error(fmt::format("cannot flush {} to disk: {}", dir, why));
  }
  ::close(fd);
}

// Writes content to a new temporary file beside `target`; returns its path. Not yet
// flushed: commit flushes all staged files at once.
std::string stage(const std::string& target, const std::string& content) {
  std::string tmpl = parent_of(target) + "/." + base_of(target) + kTempMarker + "XXXXXX";
  std::vector<char> buf(tmpl.begin(), tmpl.end());
  buf.push_back('\0');
  const int fd = ::mkstemp(buf.data());
  if (fd < 0) throw Error(fmt::format("cannot write {}: {}", target, errno_text()));
  const std::string tmp(buf.data());
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = ::write(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      ::unlink(tmp.c_str());
      throw Error(fmt::format("cannot write {}: {}", target, why));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    const std::string why = errno_text();
    ::unlink(tmp.c_str());
    throw Error(fmt::format("cannot write {}: {}", target, why));
  }
  return tmp;
}

}  // namespace

RealDisk::RealDisk(std::string root) : root_(std::move(root)) {}

std::string RealDisk::full(const std::string& path) const {
  return path.empty() ? root_ : root_ + "/" + path;
}

std::optional<std::string> RealDisk::read(const std::string& path, std::size_t max_bytes) const {
  const std::string p = full(path);
  const int fd = ::open(p.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw Error(fmt::format("cannot read {}: {}", path, errno_text()));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      throw Error(fmt::format("cannot read {}: {}", path, why));
    }
    if (n == 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (max_bytes != SIZE_MAX && out.size() > max_bytes) {
      out.resize(max_bytes + 1);
      break;
    }
  }
  ::close(fd);
  return out;
}

std::vector<Disk::Entry> RealDisk::list(const std::string& dir) const {
  std::vector<Entry> out;
  DIR* d = ::opendir(full(dir).c_str());
  if (!d) return out;
  while (const dirent* e = ::readdir(d)) {
    const std::string name = e->d_name;
    if (name == "." || name == "..") continue;
    struct stat st {};
    if (::lstat(full(join(dir, name)).c_str(), &st) != 0) continue;
    out.push_back({name, S_ISDIR(st.st_mode)});
  }
  ::closedir(d);
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  return out;
}

bool RealDisk::is_file(const std::string& path) const {
  struct stat st {};
  return ::stat(full(path).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

bool RealDisk::is_dir(const std::string& path) const {
  struct stat st {};
  return ::stat(full(path).c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

void RealDisk::commit(const Changes& changes) {
  const InterruptGuard guard;
  std::vector<std::pair<std::string, std::string>> staged;  // tmp, target
  std::vector<std::string> created;  // folders made for the writes, parents first
  try {
    for (const auto& [path, content] : changes.writes) {
      if (InterruptGuard::pending()) throw Interrupted();
      const std::string target = full(path);
      make_dirs(parent_of(target), created);
      staged.emplace_back(stage(target, content), target);
    }
    if (InterruptGuard::pending()) throw Interrupted();
    if (!staged.empty()) flush_all(root_);
  } catch (...) {
    for (const auto& s : staged) ::unlink(s.first.c_str());
    for (auto it = created.rbegin(); it != created.rend(); ++it) ::rmdir(it->c_str());
    throw;
  }
  std::set<std::string> touched;
  for (std::size_t i = 0; i < staged.size(); ++i) {
    const auto& [tmp, target] = staged[i];
    if (::rename(tmp.c_str(), target.c_str()) != 0) {
      const std::string why = errno_text();
      for (std::size_t j = i; j < staged.size(); ++j) ::unlink(staged[j].first.c_str());
      throw Error(fmt::format("cannot write {}: {}", target, why));
    }
    touched.insert(parent_of(target));
  }
  for (const auto& [from, to] : changes.moves) {
    const std::string source = full(from), target = full(to);
    struct stat st {};
    if (::stat(target.c_str(), &st) == 0)
      throw Error(fmt::format("cannot move {} to {}: the target exists", from, to));
    make_dirs(parent_of(target));
    if (::rename(source.c_str(), target.c_str()) != 0)
      throw Error(fmt::format("cannot move {} to {}: {}", from, to, errno_text()));
    touched.insert(parent_of(source));
    touched.insert(parent_of(target));
  }
  for (const auto& path : changes.removals) {
    const std::string target = full(path);
    if (::unlink(target.c_str()) != 0 && errno != ENOENT)
      throw Error(fmt::format("cannot remove {}: {}", path, errno_text()));
    touched.insert(parent_of(target));
  }
  std::vector<std::string> dirs = changes.removed_dirs;
  std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
    return a.size() > b.size();  // deepest first
  });
  for (const auto& dir : dirs) {
    const std::string target = full(dir);
    if (::rmdir(target.c_str()) != 0 && errno != ENOENT)
      throw Error(fmt::format("cannot remove folder {}: {}", dir, errno_text()));
    touched.erase(target);
    touched.insert(parent_of(target));
  }
  // A few folders are synced one by one; many at once with one flush.
  if (touched.size() <= 8) {
    for (const auto& dir : touched) sync_dir(dir);
  } else {
    flush_all(root_);
  }
}

std::optional<std::string> MemoryDisk::read(const std::string& path, std::size_t max_bytes) const {
  const auto it = files.find(path);
  if (it == files.end()) return std::nullopt;
  if (max_bytes != SIZE_MAX && it->second.size() > max_bytes) return it->second.substr(0, max_bytes + 1);
  return it->second;
}

std::vector<Disk::Entry> MemoryDisk::list(const std::string& dir) const {
  // Only the files under dir are visited, and a sub-folder is skipped in one step, so
  // loading a snapshot of thousands of files does not scan them all for every folder.
  std::map<std::string, bool> names;
  const std::string prefix = dir.empty() ? "" : dir + "/";
  auto it = files.lower_bound(prefix);
  while (it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0) {
    const std::string rest = it->first.substr(prefix.size());
    const auto slash = rest.find('/');
    if (slash == std::string::npos) {
      names[rest] = false;
      ++it;
    } else {
      const std::string name = rest.substr(0, slash);
      names[name] = true;
      it = files.lower_bound(prefix + name + "0");  // '0' follows '/': past everything in name/
    }
  }
  std::vector<Entry> out;
  for (const auto& [name, is_dir] : names) out.push_back({name, is_dir});
  return out;
}

bool MemoryDisk::is_file(const std::string& path) const { return files.count(path) > 0; }

bool MemoryDisk::is_dir(const std::string& path) const {
  if (path.empty()) return true;
  const std::string prefix = path + "/";
  const auto it = files.lower_bound(prefix);
  return it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;
}

void MemoryDisk::commit(const Changes& changes) {
  for (const auto& [path, content] : changes.writes) files[path] = content;
  for (const auto& [from, to] : changes.moves) {
    const std::string prefix = from + "/";
    std::map<std::string, std::string> moved;
    for (auto it = files.lower_bound(prefix); it != files.end() && it->first.compare(0, prefix.size(), prefix) == 0;) {
      moved[to + "/" + it->first.substr(prefix.size())] = std::move(it->second);
      it = files.erase(it);
    }
    files.insert(moved.begin(), moved.end());
  }
  for (const auto& path : changes.removals) files.erase(path);
}

}  // namespace firegrid::store
