#include <firegrid/attach/attach.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>
#include <sodium.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::attach {

std::string sha256_hex(std::string_view bytes) {
  if (sodium_init() < 0) throw Error(tr("libsodium could not start"));
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  std::string out;
  for (unsigned char c : digest) out += fmt::format("{:02x}", c);
  return out;
}

namespace {

bool is_hex64(std::string_view s) {
  if (s.size() != 64) return false;
  for (char c : s)
    if (!((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))) return false;
  return true;
}

}  // namespace

std::optional<std::string> lfs_oid(std::string_view bytes) {
  constexpr std::string_view version = "version https://git-lfs.github.com/spec/v1\n";
  if (bytes.size() > 1024 || bytes.substr(0, version.size()) != version) return std::nullopt;
  const std::size_t at = bytes.find("\noid sha256:");
  if (at == std::string_view::npos) return std::nullopt;
  const std::string_view oid = bytes.substr(at + 12, 64);
  if (!is_hex64(oid)) return std::nullopt;
  return std::string(oid);
}

std::string stored_path(const std::string& sha256, const std::string& name) {
  std::string ext;
  const std::size_t slash = name.find_last_of('/');
  const std::string base = slash == std::string::npos ? name : name.substr(slash + 1);
  const std::size_t dot = base.find_last_of('.');
  if (dot != std::string::npos && dot > 0) {
    ext = base.substr(dot + 1);
    bool ok = !ext.empty() && ext.size() <= 8;
    for (char& c : ext) {
      if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
      ok = ok && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'));
    }
    if (!ok) ext.clear();
  }
  return fmt::format("{}/{}/{}{}", kFilesDir, sha256.substr(0, 2), sha256.substr(2), ext.empty() ? "" : "." + ext);
}

doc::Node stage(const std::string& file, const std::string& caption, const std::optional<Date>& on,
                store::Changes& changes) {
  std::ifstream in(file, std::ios::binary);
  if (!in) throw Error(msg("--attach {}: cannot read it", file), tr("give the path of a photo or a scan"));
  std::ostringstream bytes;
  bytes << in.rdbuf();
  const std::string content = bytes.str();
  if (content.empty()) throw Error(msg("--attach {}: the file is empty", file), tr("attach the photo or scan itself"));
  // A git LFS pointer stands for its object: the record names the object's hash.
  const auto oid = lfs_oid(content);
  const std::string sha = oid ? *oid : sha256_hex(content);
  const std::string path = stored_path(sha, file);
  changes.writes[path] = content;
  doc::Node entry = doc::Node::mapping();
  entry.set("path", doc::Node::string(path));
  entry.set("sha256", doc::Node::string(sha));
  if (!caption.empty()) entry.set("caption", doc::Node::string(caption));
  if (on) entry.set("on", doc::Node::string(on->iso()));
  return entry;
}

void append(doc::Node& record, const std::vector<doc::Node>& entries) {
  if (entries.empty()) return;
  doc::Node* list = record.find("attachments");
  if (!list || !list->is_sequence()) list = &record.set("attachments", doc::Node::sequence());
  for (const auto& e : entries) {
    bool there = false;  // the same file attached twice is named once
    for (const auto& old : list->items())
      if (old.get_string("path") == e.get_string("path")) there = true;
    if (!there) list->push(e);
  }
}

void collect(const std::string& record_path, const doc::Node& record, std::vector<Named>& out) {
  const doc::Node* list = record.find("attachments");
  if (!list || !list->is_sequence()) return;
  for (const auto& e : list->items()) {
    if (!e.is_mapping() || e.get_string("path").empty()) continue;  // the schema says what is wrong
    out.push_back({record_path, e.mark(), e.get_string("path"), e.get_string("sha256")});
  }
}

namespace {

// .firegrid/cache/attachments: one line a file, "path\tsize\tmtime\tctime\tino\tsha256".
struct HashCache {
  std::string file;  // "" when there is none
  std::map<std::string, std::pair<store::Stamp, std::string>> entries;
  bool dirty = false;

  explicit HashCache(const std::string& root) {
    const char* off = std::getenv("FIREGRID_NO_CACHE");
    if (root.empty() || (off && std::string(off) == "1")) return;
    file = root + "/.firegrid/cache/attachments";
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
      std::istringstream fields(line);
      std::string path, sha;
      store::Stamp s;
      if (std::getline(fields, path, '\t') && fields >> s.size >> s.mtime_ns >> s.ctime_ns >> s.ino >> sha &&
          is_hex64(sha))
        entries[path] = {s, sha};
    }
  }

  // The hash of `path` when the cache holds it with this stamp.
  std::optional<std::string> find(const std::string& path, const store::Stamp& s) const {
    const auto it = entries.find(path);
    if (it == entries.end() || it->second.first != s) return std::nullopt;
    return it->second.second;
  }

  // A file changed within two seconds of now could change again within the same tick of
  // its stamp: not kept (git's "racy" case).
  void put(const std::string& path, const store::Stamp& s, const std::string& sha) {
    const auto now = std::chrono::duration_cast<std::chrono::nanoseconds>(
                       std::chrono::system_clock::now().time_since_epoch()).count();
    if (static_cast<std::int64_t>(s.mtime_ns) + 2'000'000'000LL > now) return;
    entries[path] = {s, sha};
    dirty = true;
  }

  // Written whole to a temporary file renamed over the old one; a cache that cannot be
  // written is only slower next time.
  void save() const {
    if (file.empty() || !dirty) return;
    const std::string dir = file.substr(0, file.rfind('/'));
    ::mkdir(dir.substr(0, dir.rfind('/')).c_str(), 0777);
    ::mkdir(dir.c_str(), 0777);
    const std::string tmp = file + ".tmp" + std::to_string(::getpid());
    {
      std::ofstream out(tmp, std::ios::trunc);
      for (const auto& [path, e] : entries)
        out << path << '\t' << e.first.size << ' ' << e.first.mtime_ns << ' ' << e.first.ctime_ns << ' '
            << e.first.ino << ' ' << e.second << '\n';
      if (!out) {
        std::remove(tmp.c_str());
        return;
      }
    }
    if (std::rename(tmp.c_str(), file.c_str()) != 0) std::remove(tmp.c_str());
  }
};

void list_files(const store::Disk& disk, const std::string& dir, std::map<std::string, std::optional<store::Stamp>>& out) {
  for (const auto& e : disk.list_stamped(dir)) {
    if (!e.name.empty() && e.name[0] == '.') continue;  // .gitattributes, git's own files
    const std::string path = store::join(dir, e.name);
    if (e.is_dir) list_files(disk, path, out);
    else out[path] = e.stamp;
  }
}

}  // namespace

void check(const store::Disk& disk, const std::vector<Named>& named, const std::string& cache_root,
           const std::function<void(const std::string&, std::string_view)>& read, Findings& findings) {
  std::map<std::string, std::optional<store::Stamp>> files;
  list_files(disk, kFilesDir, files);
  HashCache cache(cache_root);
  std::map<std::string, std::optional<std::string>> hashes;  // path -> its hash (nullopt: missing)
  const auto hash_of = [&](const std::string& path) -> std::optional<std::string> {
    if (const auto it = hashes.find(path); it != hashes.end()) return it->second;
    std::optional<store::Stamp> stamp;
    if (const auto f = files.find(path); f != files.end()) stamp = f->second;
    std::optional<std::string> sha;
    if (stamp) sha = cache.find(path, *stamp);
    if (!sha) {
      if (const auto bytes = disk.read(path)) {
        if (read) read(path, *bytes);
        const auto oid = lfs_oid(*bytes);
        sha = oid ? *oid : sha256_hex(*bytes);
        if (stamp) cache.put(path, *stamp, *sha);
      }
    }
    hashes[path] = sha;
    return sha;
  };
  std::set<std::string> used;
  for (const auto& n : named) {
    used.insert(n.path);
    const Location at{n.record_path, n.mark.line, n.mark.column};
    const auto sha = hash_of(n.path);
    if (!sha)
      findings.error(at, "attachment-missing", msg("attachment {} is missing", n.path),
                     tr("restore it from git (git checkout -- FILE), or attach the file again"));
    else if (*sha != n.sha256)
      findings.error(at, "attachment-changed",
                     msg("attachment {} has changed: its SHA-256 is {}, the record says {}", n.path,
                                 sha->substr(0, 12), n.sha256.substr(0, 12)),
                     tr("restore the file from git (git checkout -- FILE); a file under files/ is never edited, "
                     "attach a new version instead"));
  }
  for (const auto& f : files) {
    if (!used.count(f.first) && read)
      if (const auto bytes = disk.read(f.first, 1 << 20)) read(f.first, *bytes);
    if (!used.count(f.first))
      findings.warning({f.first, 0, 0}, "attachment-orphan", tr("no record names this file"),
                       tr("name it in a record's attachments, or remove it (git rm FILE)"));
  }
  cache.save();
}

}  // namespace firegrid::attach
