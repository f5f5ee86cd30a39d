#include <firegrid/record/cache.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstring>
#include <ctime>

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::record {

namespace {

constexpr char kCacheMagic[8] = {'F', 'G', 'C', 'A', 'C', 'H', 'E', '1'};
constexpr const char* kCacheDir = ".firegrid";
constexpr const char* kCacheSub = "cache";
constexpr const char* kCacheFile = "records";
constexpr std::size_t kMaxEntry = 64u << 20;
// The new entries a command puts are written aside (an unlinked file in the cache folder)
// each time this many bytes gather: a cold command over a county does not keep its 90 MB
// of new entries in memory until it saves them.
constexpr std::size_t kSpillAt = 4u << 20;
// The mapped old file's pages are given back this many bytes at a time as it is read whole
// (when opened, when saved): at 10x the median county it is 900 MB.
constexpr std::size_t kRelease = 16u << 20;

std::uint64_t load64(const char* p) {
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

std::uint64_t mix64(std::uint64_t x) {
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

// Gives back the pages of a mapped file read in order up to `at`, but for the last
// kRelease bytes, a kRelease at a time; `released` is how far it has gone.
void give_back(const char* map, std::size_t at, std::size_t& released) {
  if (at - released >= 2 * kRelease) {
    ::madvise(const_cast<char*>(map) + released, kRelease, MADV_DONTNEED);
    released += kRelease;
  }
}

// ---- writing ----

void put_node(std::string& out, const doc::Node& n) {
  out.push_back(static_cast<char>(n.kind()));
  put_mark(out, n.mark());
  switch (n.kind()) {
  case doc::Kind::null: break;
  case doc::Kind::boolean: out.push_back(n.as_bool() ? 1 : 0); break;
  case doc::Kind::integer: {
    const auto v = static_cast<std::uint64_t>(n.as_int());
    put_varint(out, (v << 1) ^ static_cast<std::uint64_t>(n.as_int() >> 63));
    break;
  }
  case doc::Kind::real: {
    const double d = n.as_real();
    char b[8];
    std::memcpy(b, &d, 8);
    out.append(b, 8);
    break;
  }
  case doc::Kind::string: put_str(out, n.as_string()); break;
  case doc::Kind::sequence:
    put_varint(out, n.items().size());
    for (const auto& i : n.items()) put_node(out, i);
    break;
  case doc::Kind::mapping:
    put_varint(out, n.entries().size());
    for (const auto& e : n.entries()) {
      put_str(out, e.key);
      put_mark(out, e.key_mark);
      put_node(out, e.value);
    }
    break;
  }
}

bool get_node(ByteReader& in, doc::Node& out, int depth) {
  if (depth > 64) return false;
  const int kind = in.byte();
  const doc::Mark m = in.mark();
  if (in.bad) return false;
  switch (static_cast<doc::Kind>(kind)) {
  case doc::Kind::null: out = doc::Node::null(m); break;
  case doc::Kind::boolean: out = doc::Node::boolean(in.byte() != 0, m); break;
  case doc::Kind::integer: {
    const std::uint64_t z = in.varint();
    out = doc::Node::integer(static_cast<std::int64_t>((z >> 1) ^ (~(z & 1) + 1)), m);
    break;
  }
  case doc::Kind::real: {
    const std::uint64_t bits = in.u64();
    double d;
    std::memcpy(&d, &bits, 8);
    out = doc::Node::real(d, m);
    break;
  }
  case doc::Kind::string: out = doc::Node::string(std::string(in.str()), m); break;
  case doc::Kind::sequence: {
    out = doc::Node::sequence(m);
    const std::uint64_t n = in.varint();
    if (in.bad || n > static_cast<std::uint64_t>(in.end - in.p)) return false;
    out.items().resize(n);
    for (auto& i : out.items())
      if (!get_node(in, i, depth + 1)) return false;
    break;
  }
  case doc::Kind::mapping: {
    out = doc::Node::mapping(m);
    const std::uint64_t n = in.varint();
    if (in.bad || n > static_cast<std::uint64_t>(in.end - in.p)) return false;
    out.entries().resize(n);
    for (auto& e : out.entries()) {
      e.key = std::string(in.str());
      e.key_mark = in.mark();
      if (in.bad || !get_node(in, e.value, depth + 1)) return false;
    }
    break;
  }
  default: return false;
  }
  return !in.bad;
}

std::uint64_t now_ns() {
  timespec ts{};
  ::clock_gettime(CLOCK_REALTIME, &ts);
  return static_cast<std::uint64_t>(ts.tv_sec) * 1000000000ULL + static_cast<std::uint64_t>(ts.tv_nsec);
}

// The folder `.firegrid/cache` under the root, opened without following a link (made
// when `create`); -1 when it is not there or is not a plain folder.
int open_cache_dir(const std::string& root, bool create) {
  const int top = ::open(root.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
  if (top < 0) return -1;
  int fd = top;
  for (const char* part : {kCacheDir, kCacheSub}) {
    int next = ::openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    if (next < 0 && errno == ENOENT && create && ::mkdirat(fd, part, 0777) == 0)
      next = ::openat(fd, part, O_RDONLY | O_DIRECTORY | O_NOFOLLOW | O_CLOEXEC);
    ::close(fd);
    if (next < 0) return -1;
    fd = next;
  }
  return fd;
}

bool write_all(int fd, const char* p, std::size_t n) {
  while (n > 0) {
    const ssize_t w = ::write(fd, p, n);
    if (w < 0 && errno == EINTR) continue;
    if (w <= 0) return false;
    p += w;
    n -= static_cast<std::size_t>(w);
  }
  return true;
}

// The cache folder, made when missing, with the .gitignore that keeps it out of git (it is
// this machine's, made from the files git has).
int open_cache_dir_to_write(const std::string& root) {
  const int dir = open_cache_dir(root, true);
  if (dir < 0) return -1;
  if (const int gi = ::openat(dir, ".gitignore", O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0666); gi >= 0) {
    const char text[] = "# firegrid's cache of the records read: made again when missing\n*\n";
    write_all(gi, text, sizeof text - 1);
    ::close(gi);
  }
  return dir;
}

}  // namespace

void put_varint(std::string& out, std::uint64_t v) {
  while (v >= 0x80) {
    out.push_back(static_cast<char>((v & 0x7f) | 0x80));
    v >>= 7;
  }
  out.push_back(static_cast<char>(v));
}

void put_str(std::string& out, std::string_view s) {
  put_varint(out, s.size());
  out.append(s.data(), s.size());
}

void put_mark(std::string& out, const doc::Mark& m) {
  put_varint(out, static_cast<std::uint64_t>(m.line < 0 ? 0 : m.line));
  put_varint(out, static_cast<std::uint64_t>(m.column < 0 ? 0 : m.column));
}

std::uint64_t ByteReader::varint() {
  std::uint64_t v = 0;
  for (int shift = 0; shift < 64; shift += 7) {
    if (p >= end) break;
    const auto b = static_cast<unsigned char>(*p++);
    v |= static_cast<std::uint64_t>(b & 0x7f) << shift;
    if (!(b & 0x80)) return v;
  }
  bad = true;
  return 0;
}

std::string_view ByteReader::str() {
  const std::uint64_t n = varint();
  if (bad || n > static_cast<std::uint64_t>(end - p)) {
    bad = true;
    return {};
  }
  const std::string_view s(p, n);
  p += n;
  return s;
}

int ByteReader::byte() {
  if (p >= end) {
    bad = true;
    return 0;
  }
  return static_cast<unsigned char>(*p++);
}

std::uint64_t ByteReader::u64() {
  if (end - p < 8) {
    bad = true;
    return 0;
  }
  std::uint64_t v;
  std::memcpy(&v, p, 8);
  p += 8;
  return v;
}

doc::Mark ByteReader::mark() {
  doc::Mark m;
  m.line = static_cast<int>(varint());
  m.column = static_cast<int>(varint());
  return m;
}

std::string encode_node(const doc::Node& node) {
  std::string out;
  put_node(out, node);
  return out;
}

std::optional<doc::Node> decode_node(std::string_view bytes) {
  ByteReader in{bytes.data(), bytes.data() + bytes.size()};
  doc::Node n;
  if (!get_node(in, n, 0) || in.p != in.end) return std::nullopt;
  return n;
}

std::uint64_t hash_bytes(std::string_view bytes) {
  std::uint64_t h = 0x9e3779b97f4a7c15ULL ^ bytes.size();
  const char* p = bytes.data();
  std::size_t n = bytes.size();
  while (n >= 8) {
    h = mix64(h ^ load64(p)) * 0x9e3779b97f4a7c15ULL;
    p += 8;
    n -= 8;
  }
  std::uint64_t tail = 0;
  std::memcpy(&tail, p, n);
  return mix64(h ^ tail ^ (static_cast<std::uint64_t>(n) << 56));
}

Cache::Cache(std::string root, std::string key) : root_(std::move(root)), key_(std::move(key)) {
  started_ns_ = now_ns();
  const int dir = open_cache_dir(root_, false);
  if (dir < 0) {
    dirty_ = true;  // no cache yet: make one
    return;
  }
  const int fd = ::openat(dir, kCacheFile, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  ::close(dir);
  struct stat st {};
  if (fd < 0 || ::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size < 12) {
    if (fd >= 0) ::close(fd);
    dirty_ = true;
    return;
  }
  map_size_ = static_cast<std::size_t>(st.st_size);
  void* m = ::mmap(nullptr, map_size_, PROT_READ, MAP_PRIVATE, fd, 0);
  ::close(fd);
  if (m == MAP_FAILED) {
    map_size_ = 0;
    dirty_ = true;
    return;
  }
  map_ = static_cast<const char*>(m);
  ByteReader in{map_, map_ + map_size_};
  if (std::memcmp(map_, kCacheMagic, 8) != 0) {
    dirty_ = true;
    return;
  }
  in.p += 8;
  if (in.str() != key_ || in.bad) {  // made by another firegrid, or damaged
    dirty_ = true;
    return;
  }
  // The pages read are given back as the reading goes: a county's cache is 90 MB (900 at
  // 10x), and what find() needs of it later comes back from the page cache. (Counting the
  // entries first, to size the slots exactly, would read every page twice.)
  std::size_t released = 0;
  while (in.p < in.end) {
    give_back(map_, static_cast<std::size_t>(in.p - map_), released);
    // An entry: its length, the hash of its payload, the payload (which starts with its path).
    const std::uint64_t len = in.varint();
    const char* start = in.p;
    if (in.bad || len < 8 || len > kMaxEntry || len > static_cast<std::uint64_t>(in.end - in.p)) {
      dirty_ = true;  // truncated: the entries before this one are whole (each has its hash)
      break;
    }
    ByteReader payload{start + 8, start + len};
    const std::string_view path = payload.str();
    const std::string_view type = payload.str();
    if (payload.bad) {
      dirty_ = true;
      break;
    }
    std::size_t t = 0;
    while (t < types_.size() && types_[t] != type) ++t;
    if (t == types_.size()) {
      if (t >= 256) {  // a project has a few record types: this is no cache of them
        dirty_ = true;
        break;
      }
      types_.push_back(type);
    }
    Slot slot;
    slot.offset = static_cast<std::uint64_t>(start - map_);
    slot.path_hash = hash_bytes(path);
    slot.size = static_cast<std::uint32_t>(len);
    slot.type = static_cast<std::uint8_t>(t);
    slots_.push_back(slot);
    in.p = start + len;
  }
  release_pages();
  slots_.shrink_to_fit();
  std::size_t size = 16;
  while (size < slots_.size() * 2) size *= 2;
  table_.assign(size, 0);
  for (std::size_t i = 0; i < slots_.size(); ++i) {
    std::size_t at = slots_[i].path_hash & (size - 1);
    bool twice = false;
    for (; table_[at]; at = (at + 1) & (size - 1)) {
      const Slot& other = slots_[table_[at] - 1];
      if (other.path_hash == slots_[i].path_hash && path_of(other) == path_of(slots_[i])) {
        twice = true;  // a path written twice: the first stands
        break;
      }
    }
    if (!twice) table_[at] = static_cast<std::uint32_t>(i + 1);
  }
}

const Cache::Slot* Cache::slot_of(std::string_view path, std::uint64_t h) const {
  if (table_.empty()) return nullptr;
  const std::size_t mask = table_.size() - 1;
  for (std::size_t at = h & mask; table_[at]; at = (at + 1) & mask) {
    const Slot& s = slots_[table_[at] - 1];
    if (s.path_hash == h && path_of(s) == path) return &s;
  }
  return nullptr;
}

std::string_view Cache::path_of(const Slot& s) const {
  ByteReader in{map_ + s.offset + 8, map_ + s.offset + s.size};  // after the payload's hash
  return in.str();
}

void Cache::release_pages() const {
  if (map_) ::madvise(const_cast<char*>(map_), map_size_, MADV_DONTNEED);
}

Cache::~Cache() {
  if (map_) ::munmap(const_cast<char*>(map_), map_size_);
  if (spill_fd_ >= 0) ::close(spill_fd_);
}

std::optional<CacheEntry> Cache::find(std::string_view path, std::uint64_t path_hash, const std::string& type,
                                      bool with_document) const {
  const Slot* slot = slot_of(path, path_hash);
  if (!slot) return std::nullopt;
  const char* start = map_ + slot->offset;
  const std::size_t len = slot->size;
  if (hash_bytes(std::string_view(start + 8, len - 8)) != load64(start)) return std::nullopt;  // damaged
  ByteReader in{start + 8, start + len};
  in.str();  // the path
  CacheEntry e;
  e.slot = static_cast<std::uint32_t>(slot - slots_.data() + 1);
  e.type = std::string(in.str());
  if (e.type != type) return std::nullopt;
  e.stamp.size = in.varint();
  e.stamp.mtime_ns = in.varint();
  e.stamp.ctime_ns = in.varint();
  e.stamp.ino = in.varint();
  e.hash = in.u64();
  const int flags = in.byte();
  e.parsed = flags & 1;
  e.clean = flags & 2;
  e.racy = flags & 4;
  const std::uint64_t nfind = in.varint();
  if (in.bad || nfind > len) return std::nullopt;
  for (std::uint64_t i = 0; i < nfind && !in.bad; ++i) {
    Finding f;
    f.severity = in.byte() ? Severity::warning : Severity::error;
    f.where.path = std::string(in.str());
    f.where.line = static_cast<int>(in.varint());
    f.where.column = static_cast<int>(in.varint());
    f.code = std::string(in.str());
    f.message = std::string(in.str());
    f.hint = std::string(in.str());
    e.findings.add(std::move(f));
  }
  e.summary = std::string(in.str());
  const std::string_view text = in.str();
  if (in.bad) return std::nullopt;
  const bool has_document = in.byte() != 0;
  if (with_document && e.parsed && !has_document) return std::nullopt;  // kept without it: read again
  if (with_document && has_document) {
    doc::Document d;
    d.path = path;
    d.text = std::string(text);
    if (!get_node(in, d.root, 0)) return std::nullopt;
    e.document = std::move(d);
  }
  return e;
}

std::string Cache::encode(std::string_view path, std::string_view type, const store::Stamp& stamp,
                          std::uint64_t hash, bool parsed, bool clean, bool racy, const Findings& findings,
                          const std::string& summary, const doc::Document* document) {
  std::string payload;
  put_str(payload, path);
  put_str(payload, type);
  put_varint(payload, stamp.size);
  put_varint(payload, stamp.mtime_ns);
  put_varint(payload, stamp.ctime_ns);
  put_varint(payload, stamp.ino);
  char b[8];
  std::memcpy(b, &hash, 8);
  payload.append(b, 8);
  payload.push_back(static_cast<char>((parsed ? 1 : 0) | (clean ? 2 : 0) | (racy ? 4 : 0)));
  put_varint(payload, findings.items().size());
  for (const auto& f : findings.items()) {
    payload.push_back(f.severity == Severity::warning ? 1 : 0);
    put_str(payload, f.where.path);
    put_varint(payload, static_cast<std::uint64_t>(f.where.line < 0 ? 0 : f.where.line));
    put_varint(payload, static_cast<std::uint64_t>(f.where.column < 0 ? 0 : f.where.column));
    put_str(payload, f.code);
    put_str(payload, f.message);
    put_str(payload, f.hint);
  }
  put_str(payload, summary);
  put_str(payload, document ? std::string_view(document->text) : std::string_view());
  payload.push_back(document ? 1 : 0);
  if (document) put_node(payload, document->root);
  std::string out;
  put_varint(out, payload.size() + 8);
  const std::uint64_t h = hash_bytes(payload);
  std::memcpy(b, &h, 8);
  out.append(b, 8);
  out += payload;
  return out;
}

void Cache::put(std::string_view path, std::uint64_t path_hash, std::string_view type, std::string bytes,
                std::uint32_t slot_number) {
  if (!bytes.empty()) dirty_ = true;
  if (type != last_type_put_) {
    last_type_put_ = std::string(type);
    types_put_.insert(last_type_put_);
  }
  Slot* slot = slot_number > 0 && slot_number <= slots_.size() && slots_[slot_number - 1].path_hash == path_hash
                 ? &slots_[slot_number - 1]
                 : slot_of(path, path_hash);
  if (slot) {
    if (slot->kept) return;  // read twice by one command: the first stands
    slot->kept = true;
    slot->replaced = !bytes.empty();
  }
  if (bytes.empty()) return;
  new_ += bytes;
  if (new_.size() >= kSpillAt) spill();
}

void Cache::spill() {
  if (spill_fd_ < 0 && !spill_failed_) {
    // Unlinked as soon as it is made: nothing is left behind if the command dies.
    const int dir = open_cache_dir_to_write(root_);
    const std::string name = fmt::format("{}.new-{}", kCacheFile, ::getpid());
    if (dir >= 0)
      spill_fd_ = ::openat(dir, name.c_str(), O_RDWR | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600);
    if (spill_fd_ >= 0) ::unlinkat(dir, name.c_str(), 0);
    if (dir >= 0) ::close(dir);
    spill_failed_ = spill_fd_ < 0;
  }
  if (spill_failed_) return;  // kept in memory, as it is
  if (!write_all(spill_fd_, new_.data(), new_.size())) {
    spill_failed_ = true;  // the entries spilled so far are lost: this command saves no cache
    return;
  }
  spilled_ += new_.size();
  new_.clear();  // its capacity kept: the next 4 MiB gather without growing it again
}

void Cache::save() {
  for (const auto& slot : slots_)
    if (!slot.kept && types_put_.count(types_[slot.type])) dirty_ = true;  // a file gone
  if (!dirty_ || (spill_failed_ && spilled_ > 0)) return;
  const int dir = open_cache_dir_to_write(root_);
  if (dir < 0) return;
  const std::string temp = fmt::format("{}.tmp-{}", kCacheFile, ::getpid());
  const int fd = ::openat(dir, temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_NOFOLLOW | O_CLOEXEC, 0666);
  if (fd < 0) {
    ::close(dir);
    return;
  }
  std::string buf(kCacheMagic, 8);
  put_str(buf, key_);
  bool ok = true;
  const auto flush = [&](bool force) {
    if (ok && (force || buf.size() >= (4u << 20))) {
      ok = write_all(fd, buf.data(), buf.size());
      buf.clear();
    }
  };
  std::size_t released = 0;  // the old file's pages copied are given back as the copy goes
  const auto old = [&](const Slot& s) {
    std::size_t len = s.size;
    const std::size_t at = s.offset;
    give_back(map_, at, released);
    std::string head;
    put_varint(head, len);
    buf += head;
    buf.append(map_ + at, len);
    flush(false);
  };
  // The old entries that stand, and those of kinds this command did not read, in the old
  // file's order; then the new ones in the order read.
  for (const auto& slot : slots_)
    if (slot.kept ? !slot.replaced
                  : !types_put_.count(types_[slot.type]) && slot_of(path_of(slot), slot.path_hash) == &slot)
      old(slot);
  flush(true);
  if (spilled_ > 0) {  // the new entries written aside, copied in
    std::uint64_t at = 0;
    std::string chunk(std::min<std::uint64_t>(spilled_, 4u << 20), '\0');
    while (ok && at < spilled_) {
      const ssize_t r = ::pread(spill_fd_, chunk.data(), std::min<std::uint64_t>(chunk.size(), spilled_ - at),
                                static_cast<off_t>(at));
      if (r < 0 && errno == EINTR) continue;
      ok = r > 0 && write_all(fd, chunk.data(), static_cast<std::size_t>(r));
      at += r > 0 ? static_cast<std::uint64_t>(r) : 0;
    }
  }
  ok = ok && write_all(fd, new_.data(), new_.size());
  ok = ok && ::close(fd) == 0;
  if (ok && ::renameat(dir, temp.c_str(), dir, kCacheFile) == 0) dirty_ = false;
  else ::unlinkat(dir, temp.c_str(), 0);
  ::close(dir);
}

}  // namespace firegrid::record
