#include <firegrid/store/repo.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <cerrno>
#include <chrono>
#include <climits>
#include <cstring>
#include <thread>

#include <fcntl.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::store {

bool is_reserved_name(const std::string& name) {
  static const char* const reserved[] = {"units", "inspections", "hazards", "tips", "meetings",
                                         "trainings", "publicity", "people", "keys", "reports",
                                         "schemas", "calendar"};
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
  if (!::getcwd(buf, sizeof buf)) throw Error(fmt::format("cannot read the current folder: {}", std::strerror(errno)));
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
    throw Error(fmt::format("no such folder: {} (from {})", start, source));
  if (const auto repo = enclosing_repo(dir)) return *repo;
  throw Error(source.empty() ? "not in a firegrid repo (no firegrid.yaml here or in any parent folder)"
                             : fmt::format("not in a firegrid repo (no firegrid.yaml in {} or above)", start),
              "run `firegrid init` to make one, or point to one with -C DIR or FIREGRID_REPO");
}

RepoLock::RepoLock(const std::string& root, int wait_ms) {
  const std::string path = root + "/" + kLockFile;
  // O_NOFOLLOW: a lock that is a symbolic link, dangling or not, is never created or
  // opened through.
  fd_ = ::open(path.c_str(), O_RDWR | O_CREAT | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (fd_ < 0 && errno == ELOOP)
    throw Error(fmt::format("the repo lock {} is a symbolic link", path),
                fmt::format("firegrid never writes through a symbolic link: remove it (`rm {}`); the next "
                            "writer makes a new lock file",
                            kLockFile));
  if (fd_ < 0) throw Error(fmt::format("cannot open the repo lock {}: {}", path, std::strerror(errno)));
  for (int waited = 0;; waited += 50) {
    if (::flock(fd_, LOCK_EX | LOCK_NB) == 0) return;
    if (errno != EWOULDBLOCK && errno != EINTR) break;
    if (waited >= wait_ms) {
      ::close(fd_);
      fd_ = -1;
      throw Error("another firegrid command is writing this repo",
                  fmt::format("wait for it to finish; the lock is {}", kLockFile));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  const std::string why = std::strerror(errno);
  ::close(fd_);
  fd_ = -1;
  throw Error(fmt::format("cannot lock the repo: {}", why));
}

RepoLock::~RepoLock() {
  if (fd_ >= 0) ::close(fd_);  // closing releases the flock
}

}  // namespace firegrid::store
