#include <firegrid/store/repo.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <climits>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <thread>

#include <signal.h>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::store {

bool is_reserved_name(const std::string& name) {
  static const char* const reserved[] = {"units", "inspections", "hazards", "tips", "meetings",
                                         "trainings", "publicity", "people", "keys", "reports",
                                         "schemas", "calendar", "attestations"};
  for (const char* r : reserved)
    if (name == r) return true;
  return false;
}

bool is_valid_id(const std::string& id) {
  if (id.empty() || id.size() > 63) return false;
  for (std::size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || (c == '-' && i > 0);
    if (!ok) return false;
  }
  return true;
}

std::string absolute(const std::string& path) {
  if (!path.empty() && path[0] == '/') return path;
  char buf[PATH_MAX];
  if (!::getcwd(buf, sizeof buf)) throw Error(msg("cannot read the current folder: {}", std::strerror(errno)));
  std::string cwd = buf;
  if (path.empty() || path == ".") return cwd;
  return cwd == "/" ? "/" + path : cwd + "/" + path;
}

namespace {

bool has_manifest(const std::string& dir) {
  struct stat st {};
  return ::stat((dir + "/" + kManifest).c_str(), &st) == 0 && S_ISREG(st.st_mode);
}

std::string normalise(const std::string& path) {
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part == "..") {
      if (!parts.empty()) parts.pop_back();
    } else if (!part.empty() && part != ".") {
      parts.push_back(part);
    }
    start = end + 1;
  }
  std::string out;
  for (const auto& p : parts) out += "/" + p;
  return out.empty() ? "/" : out;
}

}  // namespace

std::optional<std::string> enclosing_repo(const std::string& start) {
  std::string dir = normalise(absolute(start));
  for (;;) {
    if (has_manifest(dir)) return dir;
    if (dir == "/") return std::nullopt;
    const auto slash = dir.rfind('/');
    dir = slash == 0 ? "/" : dir.substr(0, slash);
  }
}

std::string find_repo(const std::optional<std::string>& dash_c,
                      const std::optional<std::string>& env_repo) {
  std::string start;
  std::string source;
  if (dash_c) {
    start = *dash_c;
    source = "-C " + *dash_c;
  } else if (env_repo && !env_repo->empty()) {
    start = *env_repo;
    source = "FIREGRID_REPO=" + *env_repo;
  }
  std::string dir = normalise(absolute(start.empty() ? "." : start));
  struct stat st {};
  if (!start.empty() && (::stat(dir.c_str(), &st) != 0 || !S_ISDIR(st.st_mode)))
    throw Error(msg("no such folder: {} (from {})", start, source));
  if (const auto repo = enclosing_repo(dir)) return *repo;
  throw Error(source.empty() ? tr("not in a firegrid repo (no firegrid.yaml here or in any parent folder)")
                             : msg("not in a firegrid repo (no firegrid.yaml in {} or above)", start),
              tr("run `firegrid init` to make one, or point to one with -C DIR or FIREGRID_REPO"));
}

LockHolder parse_lock_holder(const std::string& text) {
  LockHolder h;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    const std::string line = text.substr(start, end - start);
    start = end + 1;
    const auto colon = line.find(": ");
    if (colon == std::string::npos) continue;
    const std::string key = line.substr(0, colon), value = line.substr(colon + 2);
    if (key == "pid") h.pid = std::strtol(value.c_str(), nullptr, 10);
    else if (key == "command") h.command = value;
    else if (key == "since") h.since = value;
  }
  if (h.pid < 0) h.pid = 0;
  return h;
}

namespace {

// Does process `pid` hold a flock on the file open as `fd`? From /proc/locks (Linux:
// "1: FLOCK  ADVISORY  WRITE 1234 08:01:5678 0 EOF"), so that a record left by a dead
// holder whose pid was reused is not believed; where /proc/locks cannot be read, any
// running process with that pid is taken as the holder.
bool holds_flock(long pid, int fd) {
  if (pid <= 0) return false;
  if (::kill(static_cast<pid_t>(pid), 0) != 0 && errno != EPERM) return false;
  struct stat st {};
  std::FILE* locks = std::fopen("/proc/locks", "re");
  if (!locks || ::fstat(fd, &st) != 0) {
    if (locks) std::fclose(locks);
    return true;
  }
  const std::string inode = ":" + std::to_string(static_cast<unsigned long>(st.st_ino));
  bool held = false;
  char line[256];
  while (!held && std::fgets(line, sizeof line, locks)) {
    char kind[16] = {}, device[64] = {};
    long owner = 0;
    if (std::sscanf(line, "%*s %15s %*s %*s %ld %63s", kind, &owner, device) != 3) continue;
    const std::string dev(device);
    held = std::string(kind) == "FLOCK" && owner == pid && dev.size() > inode.size() &&
           dev.compare(dev.size() - inode.size(), inode.size(), inode) == 0;
  }
  std::fclose(locks);
  return held;
}

// The holder recorded in the open lock file.
LockHolder lock_holder_of(int fd) {
  std::string text;
  char buf[512];
  for (off_t at = 0; text.size() < 4096;) {
    const ssize_t n = ::pread(fd, buf, sizeof buf, at);
    if (n <= 0) break;
    text.append(buf, static_cast<std::size_t>(n));
    at += n;
  }
  LockHolder h = parse_lock_holder(text);
  h.alive = holds_flock(h.pid, fd);
  return h;
}

std::string utc_now() {
  const std::time_t now = std::time(nullptr);
  std::tm tm {};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

// "firegrid unit import (pid 1234) since 2026-11-28T02:00:00Z", or words for a holder
// that did not record itself.
std::string holder_words(const LockHolder& h) {
  if (!h.alive) return "another process (it did not record which)";
  return fmt::format("{} (pid {}){}", h.command.empty() ? "a firegrid command" : h.command, h.pid,
                     h.since.empty() ? "" : " since " + h.since);
}

}  // namespace

RepoLock::RepoLock(const std::string& root, const LockWait& wait) {
  const std::string path = root + "/" + kLockFile;
  // O_NOFOLLOW: a lock that is a symbolic link, dangling or not, is never created or
  // opened through.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0 && errno == ELOOP)
    throw Error(msg("the repo lock {} is a symbolic link", path),
                msg("firegrid never writes through a symbolic link: remove it (`rm {}`); the next "
                            "writer makes a new lock file",
                            kLockFile));
  if (fd_ < 0) throw Error(msg("cannot open the repo lock {}: {}", path, std::strerror(errno)));
  const auto start = std::chrono::steady_clock::now();
  std::optional<LockHolder> shown;
  for (int pause_ms = 20;; pause_ms = std::min(pause_ms * 2, 250)) {
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) break;
    if (errno != EWOULDBLOCK && errno != EINTR) {
      const std::string why = std::strerror(errno);
      ::close(fd_);
      fd_ = -1;
      throw Error(msg("cannot lock the repo: {}", why));
    }
    const LockHolder holder = lock_holder_of(fd_);
    if (wait.on_wait && (!shown || (holder.alive && holder.pid != shown->pid))) {
      wait.on_wait(holder);
      shown = holder;
    }
    const double waited = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (wait.timeout_seconds && waited >= *wait.timeout_seconds) {
      ::close(fd_);
      fd_ = -1;
      throw Error(msg("another command is writing this repo: {}; gave up after {:g} s",
                              holder_words(holder), *wait.timeout_seconds),
                  msg("wait for it to finish, or wait longer with --lock-timeout SECONDS (without it, a "
                              "writer waits as long as the holder runs); the lock is {}",
                              kLockFile));
    }
    const double left_ms = wait.timeout_seconds ? (*wait.timeout_seconds - waited) * 1000 : pause_ms;
    std::this_thread::sleep_for(std::chrono::milliseconds(
      std::max(1, std::min(pause_ms, static_cast<int>(std::ceil(left_ms))))));
  }
  const std::string me =
    fmt::format("pid: {}\ncommand: {}\nsince: {}\n", static_cast<long>(::getpid()), wait.command, utc_now());
  // Who holds the lock is a courtesy to waiting writers (the flock is the lock): a failure
  // to record it changes nothing.
  const bool recorded = ::ftruncate(fd_, 0) == 0 && ::pwrite(fd_, me.data(), me.size(), 0) > 0;
  static_cast<void>(recorded);
}

RepoLock::~RepoLock() {
  if (fd_ < 0) return;
  // A record left behind (the holder was killed) names a dead pid, which waiters ignore.
  const bool emptied = ::ftruncate(fd_, 0) == 0;
  static_cast<void>(emptied);
  ::close(fd_);  // closing releases the flock
}

}  // namespace firegrid::store
