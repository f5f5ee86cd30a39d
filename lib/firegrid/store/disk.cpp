#include <firegrid/store/disk.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/interrupt.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <functional>
#include <set>
#include <string_view>

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
  return slash == std::string::npos ? std::string() : path.substr(0, slash);
}

std::string base_of(const std::string& path) {
  const auto slash = path.rfind('/');
  return slash == std::string::npos ? path : path.substr(slash + 1);
}

// The components of a relative path; "", "." and ".." components are refused, so a
// path can never climb out of the root, and so is a NUL byte, which would end the name
// the kernel sees early ("..\0x" is ".." to openat; fuzz_repo_path found it).
std::vector<std::string> components_of(const std::string& path) {
  if (path.find('\0') != std::string::npos)
    throw Error(msg("'{}' is not a path inside the repo", std::string(path.c_str())));
  std::vector<std::string> parts;
  std::size_t start = 0;
  while (start <= path.size() && !path.empty()) {
    std::size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    const std::string part = path.substr(start, end - start);
    if (part.empty() || part == "." || part == "..")
      throw Error(msg("'{}' is not a path inside the repo", path));
    parts.push_back(part);
    start = end + 1;
  }
  return parts;
}

// Creates the folder at absolute path `dir` and its missing parents, following links:
// for a root (-o out/report.html), which the user named and may reach through links.
void make_root_dirs(const std::string& dir) {
  if (dir.empty() || dir == "/") return;
  struct stat st {};
  if (::stat(dir.c_str(), &st) == 0) {
    if (!S_ISDIR(st.st_mode)) throw Error(msg("{} exists and is not a folder", dir));
    return;
  }
  const auto slash = dir.rfind('/');
  if (slash != std::string::npos && slash > 0) make_root_dirs(dir.substr(0, slash));
  if (::mkdir(dir.c_str(), 0777) != 0 && errno != EEXIST)
    throw Error(msg("cannot create folder {}: {}", dir, errno_text()));
}

Stamp stamp_of(const struct stat& st) {
  Stamp s;
  s.size = static_cast<std::uint64_t>(st.st_size);
  s.mtime_ns = static_cast<std::uint64_t>(st.st_mtim.tv_sec) * 1000000000ULL + static_cast<std::uint64_t>(st.st_mtim.tv_nsec);
  s.ctime_ns = static_cast<std::uint64_t>(st.st_ctim.tv_sec) * 1000000000ULL + static_cast<std::uint64_t>(st.st_ctim.tv_nsec);
  s.ino = static_cast<std::uint64_t>(st.st_ino);
  return s;
}

// Is `name` in folder `dir_fd` a symbolic link?
bool is_link_at(int dir_fd, const std::string& name) {
  struct stat st {};
  return ::fstatat(dir_fd, name.c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0 && S_ISLNK(st.st_mode);
}

// FIREGRID_TEST_FAIL=OP:N[:ERRNO] (tests only): the Nth `write`, `fsync` or `rename` of
// the process fails with ENOSPC (or EIO, EROFS), as a full disk or a failing device
// would. True when this call of `op` is to fail; errno is set.
bool injected_failure(const char* op) {
  static const std::string spec = [] {
    const char* v = std::getenv("FIREGRID_TEST_FAIL");
    return std::string(v ? v : "");
  }();
  static long calls[3] = {0, 0, 0};
  if (spec.empty()) return false;
  const std::string name(op);
  const std::size_t colon = spec.find(':');
  if (spec.compare(0, colon, name) != 0) return false;
  const int slot = name == "write" ? 0 : name == "fsync" ? 1 : 2;
  const long nth = std::strtol(spec.c_str() + colon + 1, nullptr, 10);
  if (++calls[slot] != nth) return false;
  const std::string code = spec.find(":EIO") != std::string::npos    ? "EIO"
                           : spec.find(":EROFS") != std::string::npos ? "EROFS"
                                                                      : "ENOSPC";
  errno = code == "EIO" ? EIO : code == "EROFS" ? EROFS : ENOSPC;
  return true;
}

// FIREGRID_TEST_CRASH=OP:N (tests only): the process kills itself with SIGKILL at its Nth
// `write`, `fsync` or `rename`, as a power cut or `kill -9` would there: the flush or
// rename never happens, the write is cut after half its bytes. Every write, flush and
// rename of a commit counts (staged files, the journal, the folders' syncs), so the crash
// harness (bench/crash_harness.sh) can stop a change at each of its points.
bool crash_due(const char* op) {
  static const std::string spec = [] {
    const char* v = std::getenv("FIREGRID_TEST_CRASH");
    return std::string(v ? v : "");
  }();
  static long seen = 0;
  if (spec.empty()) return false;
  const std::size_t colon = spec.find(':');
  if (colon == std::string::npos || spec.compare(0, colon, op) != 0) return false;
  return ++seen == std::strtol(spec.c_str() + colon + 1, nullptr, 10);
}

void crash_point(const char* op) {
  if (crash_due(op)) ::raise(SIGKILL);
}

// ::write, with the test-only failure and crash points: a crash here writes half of `size`
// first, so a torn file is left on disk.
ssize_t write_with_faults(int fd, const char* data, std::size_t size) {
  if (injected_failure("write")) return -1;
  if (crash_due("write")) {
    [[maybe_unused]] const ssize_t torn = ::write(fd, data, size / 2);
    ::raise(SIGKILL);
  }
  return ::write(fd, data, size);
}

// ::fsync and ::renameat with the test-only crash point.
int fsync_with_faults(int fd) {
  crash_point("fsync");
  return ::fsync(fd);
}
int rename_with_faults(int from_dir, const char* from, int to_dir, const char* to) {
  crash_point("rename");
  return ::renameat(from_dir, from, to_dir, to);
}

// Flushes everything written under `dir` to disk: one syncfs for the whole file system
// instead of an fsync per file, which makes a 20,000-file import take seconds.
void flush_all(const std::string& dir) {
  const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (fd < 0) return;
  crash_point("fsync");
  if (injected_failure("fsync") || ::syncfs(fd) != 0) {
    const std::string why = errno_text();
    ::close(fd);
    throw Error(msg("cannot flush {} to disk: {}", dir, why));
  }
  ::close(fd);
}

// A name for a staged file that no other writer uses: ".<base>.fg-tmp-<pid><counter>".
std::string temp_name(const std::string& base) {
  static unsigned counter = 0;
  return fmt::format(".{}{}{}{:x}", base, kTempMarker, ::getpid(), ++counter);
}

[[noreturn]] void refuse_link(const std::string& what, const std::string& path, const std::string& link) {
  throw Error(msg("refusing to {} {}: {} is a symbolic link", what, path, link),
              tr("firegrid never writes through a symbolic link; replace the link with the real "
              "folder or file (`firegrid check` lists every link in the record tree)"));
}

}  // namespace

// An open folder, closed when it goes out of scope; fd() is -1 when it is not open.
class RealDisk::Folder {
public:
  Folder() = default;
  explicit Folder(int fd) : fd_(fd) {}
  Folder(Folder&& other) noexcept : fd_(other.fd_) { other.fd_ = -1; }
  Folder& operator=(Folder&& other) noexcept {
    std::swap(fd_, other.fd_);
    return *this;
  }
  Folder(const Folder&) = delete;
  Folder& operator=(const Folder&) = delete;
  ~Folder() {
    if (fd_ >= 0) ::close(fd_);
  }
  int fd() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

private:
  int fd_ = -1;
};

RealDisk::RealDisk(std::string root) : root_(std::move(root)) {}

std::string RealDisk::full(const std::string& path) const {
  return path.empty() ? root_ : root_ + "/" + path;
}

void RealDisk::note_symlink(int dir_fd, const std::string& name, const std::string& path) const {
  char target[4096];
  const ssize_t n = ::readlinkat(dir_fd, name.c_str(), target, sizeof target);
  const std::lock_guard<std::mutex> hold(mutex_);
  symlinks_[path] = n > 0 ? std::string(target, static_cast<std::size_t>(n)) : std::string();
}

std::map<std::string, std::string> RealDisk::symlinks() const {
  const std::lock_guard<std::mutex> hold(mutex_);
  return symlinks_;
}

std::shared_ptr<const RealDisk::Folder> RealDisk::reading_folder(const std::string& dir) const {
  {
    const std::lock_guard<std::mutex> hold(mutex_);
    if (const auto it = folders_.find(dir); it != folders_.end()) return it->second;
  }
  std::shared_ptr<const Folder> folder;
  if (dir.empty()) {
    Folder root(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
    if (!root && (errno == ENOENT || errno == ENOTDIR)) return nullptr;
    if (!root) throw Error(msg("cannot open {}: {}", root_, errno_text()));
    folder = std::make_shared<const Folder>(std::move(root));
  } else {
    components_of(dir);  // refuses "..", "." and NUL
    const auto parent = reading_folder(parent_of(dir));
    if (!parent) return nullptr;
    const std::string name = base_of(dir);
    Folder f(::openat(parent->fd(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC));
    if (!f) {
      const int why = errno;
      if (is_link_at(parent->fd(), name)) {
        note_symlink(parent->fd(), name, dir);
        return nullptr;
      }
      if (why == ENOENT || why == ENOTDIR) return nullptr;
      throw Error(msg("cannot open folder {}: {}", dir, std::strerror(why)));
    }
    folder = std::make_shared<const Folder>(std::move(f));
  }
  const std::lock_guard<std::mutex> hold(mutex_);
  if (folders_.size() >= 256) folders_.clear();  // reads go in path order: old folders are done
  folders_.emplace(dir, folder);
  return folder;
}

void RealDisk::forget_folders() const {
  const std::lock_guard<std::mutex> hold(mutex_);
  folders_.clear();
  listed_.clear();
}

std::string RealDisk::pack_listing(const std::vector<Entry>& entries) {
  std::string packed;
  for (const auto& e : entries) {
    packed += e.is_dir ? 'D' : 'F';
    packed += e.name;
    packed += '\0';
  }
  return packed;
}

std::vector<Disk::Entry> RealDisk::unpack_listing(const std::string& packed) {
  std::vector<Entry> out;
  for (std::size_t at = 0; at < packed.size();) {
    const std::size_t end = packed.find('\0', at);
    out.push_back(Entry{packed.substr(at + 1, end - at - 1), packed[at] == 'D', std::nullopt});
    at = end + 1;
  }
  return out;
}

std::optional<Stamp> RealDisk::change_mark() const {
  struct stat st {};
  if (::stat(root_.c_str(), &st) != 0) return std::nullopt;
  Stamp s = stamp_of(st);
  s.size = 0;  // a folder's size says nothing
  return s;
}

std::optional<Stamp> RealDisk::stamp(const std::string& path) const {
  if (path.empty()) return std::nullopt;
  const auto folder = reading_folder(parent_of(path));
  struct stat st {};
  if (!folder || ::fstatat(folder->fd(), base_of(path).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0 ||
      !S_ISREG(st.st_mode))
    return std::nullopt;
  return stamp_of(st);
}

RealDisk::Folder RealDisk::open_folder(const std::string& dir, bool create, std::vector<std::string>* created,
                                       std::string* blocked) const {
  Folder folder(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!folder && (errno == ENOENT || errno == ENOTDIR) && !create) return Folder();
  if (!folder && errno == ENOENT) {
    make_root_dirs(root_);
    folder = Folder(::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  }
  if (!folder) throw Error(msg("cannot open {}: {}", root_, errno_text()));
  std::string path;
  for (const auto& part : components_of(dir)) {
    path = join(path, part);
    int fd = ::openat(folder.fd(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno == ENOENT && create) {
      if (::mkdirat(folder.fd(), part.c_str(), 0777) == 0) {
        if (created) created->push_back(path);
      } else if (errno != EEXIST) {
        throw Error(msg("cannot create folder {}: {}", full(path), errno_text()));
      }
      fd = ::openat(folder.fd(), part.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    }
    if (fd < 0) {
      const int why = errno;
      if (is_link_at(folder.fd(), part)) {
        note_symlink(folder.fd(), part, path);
        if (blocked) *blocked = path;
        return Folder();
      }
      if (why == ENOTDIR && create) throw Error(msg("{} exists and is not a folder", full(path)));
      if (why == ENOENT || why == ENOTDIR) return Folder();
      throw Error(msg("cannot open folder {}: {}", path, std::strerror(why)));
    }
    folder = Folder(fd);
  }
  return folder;
}

RealDisk::Folder RealDisk::folder_for_write(const std::string& dir, const std::string& path,
                                            std::vector<std::string>* created) const {
  std::string link;
  Folder folder = open_folder(dir, true, created, &link);
  if (!link.empty()) refuse_link("write", path, link);
  if (!folder) throw Error(msg("cannot write {}: its folder cannot be opened", path));
  return folder;
}

std::optional<std::string> RealDisk::read(const std::string& path, std::size_t max_bytes) const {
  if (path.empty()) throw Error(msg("cannot read {}: {}", root_, std::strerror(EISDIR)));
  const auto folder = reading_folder(parent_of(path));
  if (!folder) return std::nullopt;
  const std::string name = base_of(path);
  const int fd = ::openat(folder->fd(), name.c_str(), O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ELOOP || is_link_at(folder->fd(), name)) {
      note_symlink(folder->fd(), name, path);
      return std::nullopt;
    }
    if (errno == ENOENT || errno == ENOTDIR) return std::nullopt;
    throw Error(msg("cannot read {}: {}", path, errno_text()));
  }
  std::string out;
  char buf[65536];
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      throw Error(msg("cannot read {}: {}", path, why));
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


std::vector<Disk::Entry> RealDisk::list(const std::string& dir) const { return list_folder(dir, false); }

std::vector<Disk::Entry> RealDisk::list_stamped(const std::string& dir) const { return list_folder(dir, true); }

std::vector<Disk::Entry> RealDisk::list_folder(const std::string& dir, bool stamps) const {
  if (!stamps) {
    const std::lock_guard<std::mutex> hold(mutex_);
    if (const auto it = listed_.find(dir); it != listed_.end()) return unpack_listing(it->second);
  }
  std::vector<Entry> out;
  if (!dir.empty()) {
    // A folder its parent's listing does not hold as a folder is not there (a unit with
    // no hazards/): no need to ask the file system. A link was noted when the parent was
    // listed.
    const std::lock_guard<std::mutex> hold(mutex_);
    if (const auto it = listed_.find(parent_of(dir)); it != listed_.end()) {
      const std::string entry = 'D' + base_of(dir) + '\0';
      const std::string& packed = it->second;
      if (packed.compare(0, entry.size(), entry) != 0 && packed.find('\0' + entry) == std::string::npos) return out;
    }
  }
  // The folder is opened for this listing alone (from its parent, which is kept open):
  // its own read position is not shared with anyone.
  int fd = -1;
  if (dir.empty()) {
    fd = ::open(root_.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  } else {
    components_of(dir);  // refuses "..", "." and NUL
    const auto parent = reading_folder(parent_of(dir));
    if (!parent) return out;
    const std::string name = base_of(dir);
    fd = ::openat(parent->fd(), name.c_str(), O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (fd < 0 && errno != ENOENT && is_link_at(parent->fd(), name)) note_symlink(parent->fd(), name, dir);
  }
  if (fd < 0) return out;
  alignas(8) char buf[32768];
  for (;;) {
    const ssize_t n = ::getdents64(fd, buf, sizeof buf);
    if (n <= 0) break;
    for (ssize_t at = 0; at < n;) {
      const auto* e = reinterpret_cast<const struct dirent64*>(buf + at);
      at += e->d_reclen;
      const char* name = e->d_name;
      if (name[0] == '.' && (name[1] == '\0' || (name[1] == '.' && name[2] == '\0'))) continue;
      unsigned char type = e->d_type;
      struct stat st {};
      bool have_stat = false;
      if (type == DT_UNKNOWN || (stamps && type == DT_REG)) {  // ask: a file system that does not say, or a stamp
        if (::fstatat(fd, name, &st, AT_SYMLINK_NOFOLLOW) != 0) continue;
        have_stat = true;
        type = S_ISLNK(st.st_mode) ? DT_LNK : S_ISDIR(st.st_mode) ? DT_DIR : S_ISREG(st.st_mode) ? DT_REG : DT_UNKNOWN;
      }
      if (type == DT_LNK) {
        note_symlink(fd, name, join(dir, name));
        continue;
      }
      Entry entry{name, type == DT_DIR, std::nullopt};
      if (have_stat && type == DT_REG) entry.stamp = stamp_of(st);
      out.push_back(std::move(entry));
    }
  }
  ::close(fd);
  std::sort(out.begin(), out.end(), [](const Entry& a, const Entry& b) { return a.name < b.name; });
  std::string packed = pack_listing(out);
  const std::lock_guard<std::mutex> hold(mutex_);
  listed_[dir] = std::move(packed);
  return out;
}

bool RealDisk::is_file(const std::string& path) const {
  if (path.empty()) return false;
  const auto folder = reading_folder(parent_of(path));
  struct stat st {};
  if (!folder || ::fstatat(folder->fd(), base_of(path).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  if (S_ISLNK(st.st_mode)) note_symlink(folder->fd(), base_of(path), path);
  return S_ISREG(st.st_mode);
}

bool RealDisk::is_dir(const std::string& path) const {
  if (path.empty()) return true;
  const auto folder = reading_folder(parent_of(path));
  struct stat st {};
  if (!folder || ::fstatat(folder->fd(), base_of(path).c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0) return false;
  if (S_ISLNK(st.st_mode)) note_symlink(folder->fd(), base_of(path), path);
  return S_ISDIR(st.st_mode);
}

// One step of a commit after staging, as its journal lists it: a staged file renamed into
// place (`write dir temp target`), a folder moved (`move from to`), a file removed
// (`remove path`), a folder removed (`rmdir dir`).
struct CommitStep {
  std::string kind, a, b, c;
};

namespace {

constexpr const char* kJournalHeader = "firegrid journal 1";

// A step as one line of the journal (with its line break).
std::string journal_line(const CommitStep& s) {
  std::string out = s.kind + "\t" + s.a;
  if (!s.b.empty() || s.kind == "write" || s.kind == "move") out += "\t" + s.b;
  if (s.kind == "write") out += "\t" + s.c;
  return out + "\n";
}

std::string journal_text(const std::vector<CommitStep>& steps) {
  std::string out = std::string(kJournalHeader) + "\n";
  for (const auto& s : steps) out += journal_line(s);
  return out;
}

CommitStep parse_journal_line(const std::string& line) {
  std::vector<std::string> f;
  for (std::size_t at = 0;;) {
    const std::size_t tab = line.find('\t', at);
    f.push_back(line.substr(at, tab == std::string::npos ? std::string::npos : tab - at));
    if (tab == std::string::npos) break;
    at = tab + 1;
  }
  const std::size_t want = f[0] == "write" ? 4 : f[0] == "move" ? 3 : 2;
  if ((f[0] != "write" && f[0] != "move" && f[0] != "remove" && f[0] != "rmdir") || f.size() != want)
    throw Error(msg("{} is damaged: '{}'", kJournalFile, line),
                tr("finish or undo the change by hand (`git status` shows it), then remove the journal"));
  return {f[0], f[1], want > 2 ? f[2] : "", want > 3 ? f[3] : ""};
}

// Calls fn for each step of the journal open at `fd`, read a block at a time (a batch's
// journal lists a million files), after checking its header. Returns the number of steps.
template <class Fn>
std::size_t each_journal_step(int fd, Fn fn) {
  std::string pending;
  bool header = true;
  std::size_t steps = 0;
  char buf[1 << 16];
  const auto line_done = [&](const std::string& line) {
    if (header) {
      if (line != kJournalHeader) throw Error(msg("{} is not a firegrid journal", kJournalFile));
      header = false;
      return;
    }
    fn(parse_journal_line(line));
    ++steps;
  };
  for (;;) {
    const ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) throw Error(msg("cannot read {}: {}", kJournalFile, errno_text()));
    if (n == 0) break;
    pending.append(buf, static_cast<std::size_t>(n));
    std::size_t start = 0;
    for (std::size_t nl; (nl = pending.find('\n', start)) != std::string::npos; start = nl + 1)
      line_done(pending.substr(start, nl - start));
    pending.erase(0, start);
  }
  if (!pending.empty()) line_done(pending);
  if (header) throw Error(msg("{} is empty", kJournalFile));
  return steps;
}

// Writes all of `data` to `fd` (a file being staged), as a failing device would refuse it
// under FIREGRID_TEST_FAIL.
bool write_all_fd(int fd, std::string_view data) {
  while (!data.empty()) {
    const ssize_t n = write_with_faults(fd, data.data(), data.size());
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) return false;
    data.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

// Writes content to a new temporary file beside `target` in the folder `dir_fd`, never
// through a link; returns its name. Not yet flushed: commit flushes all staged files at
// once.
std::string write_new_file_at(int dir_fd, const std::string& target, const std::string& content,
                              const std::string& path) {
  std::string name = temp_name(target);
  int fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  for (int tries = 0; fd < 0 && errno == EEXIST && tries < 100; ++tries) {
    name = temp_name(target);
    fd = ::openat(dir_fd, name.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  }
  if (fd < 0) throw Error(msg("cannot write {}: {}", path, errno_text()));
  std::size_t done = 0;
  while (done < content.size()) {
    const ssize_t n = write_with_faults(fd, content.data() + done, content.size() - done);
    if (n < 0) {
      if (errno == EINTR) continue;
      const std::string why = errno_text();
      ::close(fd);
      ::unlinkat(dir_fd, name.c_str(), 0);
      throw Error(msg("cannot write {}: {}", path, why));
    }
    done += static_cast<std::size_t>(n);
  }
  ::fchmod(fd, 0644);
  if (::close(fd) != 0) {
    const std::string why = errno_text();
    ::unlinkat(dir_fd, name.c_str(), 0);
    throw Error(msg("cannot write {}: {}", path, why));
  }
  return name;
}

}  // namespace

bool RealDisk::has_journal() const {
  struct stat st {};
  const Folder root = open_folder("");
  return root && ::fstatat(root.fd(), kJournalFile, &st, AT_SYMLINK_NOFOLLOW) == 0;
}

void RealDisk::apply(const CommitStep& s, bool recovering, std::set<std::string>& touched) const {
  std::string link;
  struct stat st {};
  if (s.kind == "write") {
    const Folder folder = open_folder(s.a, false, nullptr, &link);
    if (!link.empty()) refuse_link("write", join(s.a, s.c), link);
    if (recovering && (!folder || ::fstatat(folder.fd(), s.b.c_str(), &st, AT_SYMLINK_NOFOLLOW) != 0))
      return;  // renamed before the crash
    if (!folder || injected_failure("rename") || rename_with_faults(folder.fd(), s.b.c_str(), folder.fd(), s.c.c_str()) != 0)
      throw Error(msg("cannot write {}: {}", full(join(s.a, s.c)),
                              folder ? errno_text() : "its folder is gone"));
    touched.insert(s.a);
  } else if (s.kind == "move") {
    const Folder source = open_folder(parent_of(s.a), false, nullptr, &link);
    if (!link.empty()) refuse_link("move", s.a, link);
    const bool there = source && ::fstatat(source.fd(), base_of(s.a).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0;
    if (recovering && !there) return;  // moved before the crash
    if (!there) throw Error(msg("cannot move {} to {}: no such folder", s.a, s.b));
    if (S_ISLNK(st.st_mode)) refuse_link("move", s.a, s.a);
    const Folder target = folder_for_write(parent_of(s.b), s.b);
    if (::fstatat(target.fd(), base_of(s.b).c_str(), &st, AT_SYMLINK_NOFOLLOW) == 0)
      throw Error(msg("cannot move {} to {}: the target exists", s.a, s.b));
    if (rename_with_faults(source.fd(), base_of(s.a).c_str(), target.fd(), base_of(s.b).c_str()) != 0)
      throw Error(msg("cannot move {} to {}: {}", s.a, s.b, errno_text()));
    touched.insert(parent_of(s.a));
    touched.insert(parent_of(s.b));
  } else if (s.kind == "remove") {
    const Folder folder = open_folder(parent_of(s.a), false, nullptr, &link);
    if (!link.empty()) refuse_link("remove", s.a, link);
    if (!folder) return;  // already gone
    if (::unlinkat(folder.fd(), base_of(s.a).c_str(), 0) != 0 && errno != ENOENT)
      throw Error(msg("cannot remove {}: {}", s.a, errno_text()));
    touched.insert(parent_of(s.a));
  } else {
    const Folder folder = open_folder(parent_of(s.a), false, nullptr, &link);
    if (!link.empty()) refuse_link("remove", s.a, link);
    if (!folder) return;
    if (::unlinkat(folder.fd(), base_of(s.a).c_str(), AT_REMOVEDIR) != 0 && errno != ENOENT)
      throw Error(msg("cannot remove folder {}: {}", s.a, errno_text()));
    touched.erase(s.a);
    touched.insert(parent_of(s.a));
  }
}

void RealDisk::sync_touched(const std::set<std::string>& touched) const {
  // A few folders are synced one by one; many at once with one flush.
  if (touched.size() <= 8) {
    for (const auto& dir : touched)
      if (const Folder f = open_folder(dir)) fsync_with_faults(f.fd());
  } else {
    flush_all(root_);
  }
}

namespace {
// Runs `fn` when it goes out of scope.
template <class Fn>
struct AtDiskExit {
  Fn fn;
  ~AtDiskExit() { fn(); }
};
template <class Fn>
AtDiskExit<Fn> at_disk_exit(Fn fn) { return {fn}; }
}  // namespace

void RealDisk::commit(const Changes& changes) {
  const InterruptGuard guard;
  forget_folders();  // a commit may move folders: no folder opened before it is used after it
  const auto forget = at_disk_exit([this] { forget_folders(); });
  std::vector<CommitStep> steps;
  std::vector<std::string> created;  // folders made for the writes, parents first
  std::string journal_temp;          // the journal while it is staged
  // Removes the folders made for the writes that are still empty, deepest first.
  const auto remove_created = [&] {
    for (auto it = created.rbegin(); it != created.rend(); ++it)
      if (const Folder f = open_folder(parent_of(*it))) ::unlinkat(f.fd(), base_of(*it).c_str(), AT_REMOVEDIR);
  };
  // Undoes the staging: the temporary files, then the folders made for them.
  const auto undo = [&] {
    for (const auto& s : steps)
      if (s.kind == "write")
        if (const Folder f = open_folder(s.a)) ::unlinkat(f.fd(), s.b.c_str(), 0);
    if (!journal_temp.empty())
      if (const Folder root = open_folder("")) ::unlinkat(root.fd(), journal_temp.c_str(), 0);
    remove_created();
  };
  try {
    for (const auto& [path, content] : changes.writes) {
      if (InterruptGuard::pending()) throw Interrupted();
      const std::string dir = parent_of(path), target = base_of(path);
      const Folder folder = folder_for_write(dir, path, &created);
      if (is_link_at(folder.fd(), target)) refuse_link("write", path, path);
      steps.push_back({"write", dir, write_new_file_at(folder.fd(), target, content, full(path)), target});
    }
    for (const auto& [from, to] : changes.moves) {
      std::string link;
      const Folder source = open_folder(parent_of(from), false, nullptr, &link);
      if (!link.empty()) refuse_link("move", from, link);
      if (source && is_link_at(source.fd(), base_of(from))) refuse_link("move", from, from);
      const Folder target = open_folder(parent_of(to), false, nullptr, &link);
      if (!link.empty()) refuse_link("move", from + " to " + to, link);
      steps.push_back({"move", from, to, ""});
    }
    for (const auto& path : changes.removals) {
      std::string link;
      const Folder folder = open_folder(parent_of(path), false, nullptr, &link);
      if (!link.empty()) refuse_link("remove", path, link);
      steps.push_back({"remove", path, "", ""});
    }
    std::vector<std::string> dirs = changes.removed_dirs;
    std::sort(dirs.begin(), dirs.end(), [](const std::string& a, const std::string& b) {
      return a.size() > b.size();  // deepest first
    });
    for (const auto& dir : dirs) steps.push_back({"rmdir", dir, "", ""});
    if (InterruptGuard::pending()) throw Interrupted();
    // A change of more than one step is journaled first: a crash during the steps below
    // is finished by the next command (recover), so it is all or nothing after any crash.
    if (steps.size() > 1) {
      const Folder root = open_folder("");
      journal_temp = write_new_file_at(root.fd(), kJournalFile, journal_text(steps), kJournalFile);
      flush_all(root_);  // the staged files and the journal's content
      if (rename_with_faults(root.fd(), journal_temp.c_str(), root.fd(), kJournalFile) != 0)
        throw Error(msg("cannot write {}: {}", full(kJournalFile), errno_text()));
      journal_temp.clear();
      fsync_with_faults(root.fd());
    } else if (!steps.empty() && steps.front().kind == "write") {
      flush_all(root_);
    }
  } catch (...) {
    undo();
    throw;
  }
  apply_journaled(steps.size(), steps.size() > 1, [&steps](const std::function<void(const CommitStep&)>& each) {
    for (const auto& s : steps) each(s);
  }, [&] {
    // One step, no journal: nothing is half done; its staged file goes.
    for (const auto& s : steps)
      if (s.kind == "write")
        if (const Folder f = open_folder(s.a)) ::unlinkat(f.fd(), s.b.c_str(), 0);
    remove_created();
  });
}

void RealDisk::apply_journaled(std::size_t count, bool journaled,
                               const std::function<void(const std::function<void(const CommitStep&)>&)>& steps,
                               const std::function<void()>& undo_single) {
  std::set<std::string> touched;  // folders to sync, relative
  std::size_t done = 0;
  try {
    steps([&](const CommitStep& step) {
      apply(step, false, touched);
      ++done;
    });
  } catch (const Error& e) {
    if (!journaled) {
      undo_single();
      throw;
    }
    // A step failed for another reason than a crash (a full disk, a failing device): the
    // journal and the staged files stay, so no later command sees the change half done:
    // each finishes it first (recover), under the lock, once the cause is gone.
    throw Error(msg("{}; the change stopped after {} of {} steps: {} keeps the rest, and the next "
                            "firegrid command finishes it before it reads or writes anything",
                            e.what(), done, count, kJournalFile),
                tr("fix the cause (free space, a writable disk), then run `firegrid recover` or any command"));
  }
  sync_touched(touched);
  if (journaled)
    if (const Folder root = open_folder("")) {
      ::unlinkat(root.fd(), kJournalFile, 0);
      fsync_with_faults(root.fd());
    }
}

void RealDisk::commit_each(const std::function<void(const WriteSink&)>& produce) {
  const InterruptGuard guard;
  forget_folders();
  const auto forget = at_disk_exit([this] { forget_folders(); });
  std::vector<std::string> created;  // folders made for the writes, parents first
  const Folder root = folder_for_write("", kJournalFile);
  // The journal is written while the files are staged, so the list of staged files is on
  // disk, not in memory; it becomes the journal (a rename) once they are all flushed.
  const std::string journal_temp = temp_name(kJournalFile);
  const int journal = ::openat(root.fd(), journal_temp.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0644);
  if (journal < 0) throw Error(msg("cannot write {}: {}", full(kJournalFile), errno_text()));
  std::string buffer = std::string(kJournalHeader) + "\n";
  std::size_t count = 0;
  const auto flush_buffer = [&] {
    if (!write_all_fd(journal, buffer))
      throw Error(msg("cannot write {}: {}", full(kJournalFile), errno_text()));
    buffer.clear();
  };
  // The journal's steps from the start (a staged one, or the real one).
  const auto each_step = [&](const std::function<void(const CommitStep&)>& fn) {
    if (::lseek(journal, 0, SEEK_SET) != 0) throw Error(msg("cannot read {}: {}", kJournalFile, errno_text()));
    each_journal_step(journal, fn);
  };
  try {
    produce([&](const std::string& path, const std::string& content) {
      if (InterruptGuard::pending()) throw Interrupted();
      const std::string dir = parent_of(path), target = base_of(path);
      const Folder folder = folder_for_write(dir, path, &created);
      if (is_link_at(folder.fd(), target)) refuse_link("write", path, path);
      buffer += journal_line({"write", dir, write_new_file_at(folder.fd(), target, content, full(path)), target});
      ++count;
      if (buffer.size() >= (1u << 16)) flush_buffer();
    });
    if (InterruptGuard::pending()) throw Interrupted();
    flush_buffer();
    flush_all(root_);  // the staged files and the journal
    if (count > 0 && rename_with_faults(root.fd(), journal_temp.c_str(), root.fd(), kJournalFile) != 0)
      throw Error(msg("cannot write {}: {}", full(kJournalFile), errno_text()));
    fsync_with_faults(root.fd());
  } catch (...) {
    // Undoes the staging: the files the journal lists so far, the journal, the folders.
    try {
      if (write_all_fd(journal, buffer)) each_step([this](const CommitStep& s) {
        if (const Folder f = open_folder(s.a)) ::unlinkat(f.fd(), s.b.c_str(), 0);
      });
    } catch (const Error&) {
    }
    ::close(journal);
    ::unlinkat(root.fd(), journal_temp.c_str(), 0);
    for (auto it = created.rbegin(); it != created.rend(); ++it)
      if (const Folder f = open_folder(parent_of(*it))) ::unlinkat(f.fd(), base_of(*it).c_str(), AT_REMOVEDIR);
    throw;
  }
  if (count == 0) {
    ::close(journal);
    ::unlinkat(root.fd(), journal_temp.c_str(), 0);
    return;
  }
  struct CloseJournal {
    int fd;
    ~CloseJournal() { ::close(fd); }
  } const close_journal{journal};
  apply_journaled(count, true, each_step, [] {});
}

std::size_t RealDisk::recover() {
  forget_folders();
  const auto forget = at_disk_exit([this] { forget_folders(); });
  const Folder root = open_folder("");
  if (!root) return 0;
  const int fd = ::openat(root.fd(), kJournalFile, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) {
    if (errno == ENOENT) return 0;
    throw Error(msg("cannot read {}: {}", full(kJournalFile), errno_text()));
  }
  struct CloseFd {
    int fd;
    ~CloseFd() { ::close(fd); }
  } const close_fd{fd};
  std::set<std::string> touched;
  std::size_t steps = 0;
  try {
    steps = each_journal_step(fd, [&](const CommitStep& s) { apply(s, true, touched); });
  } catch (const Error& e) {
    throw Error(msg("cannot finish the change that {} lists (an earlier command stopped midway): {}",
                            kJournalFile, e.what()),
                e.hint().empty() ? tr("fix the cause (free space, a writable disk), then run the command again: "
                                   "nothing is read or written before the change is finished")
                                 : e.hint());
  }
  sync_touched(touched);
  if (::unlinkat(root.fd(), kJournalFile, 0) != 0 && errno != ENOENT)
    throw Error(msg("cannot remove {}: {}", full(kJournalFile), errno_text()));
  fsync_with_faults(root.fd());
  return steps;
}

namespace {

// The link in `links` that `path` is or lies under, or "".
std::string link_on_path(const std::map<std::string, std::string>& links, const std::string& path) {
  for (std::size_t slash = path.find('/');; slash = path.find('/', slash + 1)) {
    const std::string prefix = path.substr(0, slash);
    if (links.count(prefix)) return prefix;
    if (slash == std::string::npos) return "";
  }
}

}  // namespace

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
  for (const auto& [name, is_dir] : names) out.push_back({name, is_dir, std::nullopt});
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
  for (const auto& [path, content] : changes.writes)
    if (const std::string link = link_on_path(links, path); !link.empty()) refuse_link("write", path, link);
  for (const auto& [from, to] : changes.moves)
    for (const std::string& p : {from, to})
      if (const std::string link = link_on_path(links, p); !link.empty()) refuse_link("move", from, link);
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
