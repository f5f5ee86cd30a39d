// The record cache, like git's index: `.firegrid/cache/records` (git-ignored) keeps, for
// every record file read, what reading it gave (its document, text, findings and a
// compact summary) keyed by the file's path and stamp (size, mtime and ctime in ns,
// inode) and a hash of its bytes. A file whose stamp is unchanged is not read again; one
// changed within the stamp's tick of the cache's writing ("racy") is read and compared by
// its hash. A missing, foreign, truncated or corrupt cache is ignored and rebuilt, never
// trusted. It is written whole, to a temporary file renamed over the old one, so readers
// never wait and never see half of one. docs/performance.md describes it.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/store/disk.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace firegrid::record {

// 64-bit hash of bytes (not cryptographic: it tells a changed file, or a damaged entry).
std::uint64_t hash_bytes(std::string_view bytes);

// Bytes for a record kind's summary: numbers as varints, strings with their length.
void put_varint(std::string& out, std::uint64_t v);
void put_str(std::string& out, std::string_view s);
// Reads what put_varint and put_str wrote; a read past the end sets `bad` (and gives 0, "").
struct ByteReader {
  const char* p;
  const char* end;
  bool bad = false;
  std::uint64_t varint();
  std::string_view str();
  int byte();
  std::uint64_t u64();
  doc::Mark mark();
};
void put_mark(std::string& out, const doc::Mark& m);

// A document tree as bytes and back (a record kind's summary is one); decode gives
// nullopt for bytes that are not a whole tree.
std::string encode_node(const doc::Node& node);
std::optional<doc::Node> decode_node(std::string_view bytes);

// One file's entry, decoded.
struct CacheEntry {
  std::string type;
  store::Stamp stamp;
  std::uint64_t hash = 0;  // of the file's bytes
  bool parsed = false, clean = false;
  bool racy = false;  // the file changed close to when the entry was made: check its bytes
  Findings findings;
  std::string summary;                   // what the record kind keeps of it (may be empty)
  std::optional<doc::Document> document; // decoded only when asked
  std::uint32_t slot = 0;                // where the cache keeps it, for put (0: unknown)
};

class Cache {
public:
  // The cache of the repo whose root folder is `root`; `key` names what made it (the
  // program and its schemas): a cache made by anything else is not used.
  Cache(std::string root, std::string key);
  ~Cache();

  // The entry of `path` if the cache has a sound one of type `type`; `with_document`
  // decodes its document and text too. Thread-safe.
  // `path_hash` is hash_bytes(path): the reader hashes each path once for find, put and
  // its own list of files read.
  std::optional<CacheEntry> find(std::string_view path, std::uint64_t path_hash, const std::string& type,
                                 bool with_document) const;

  // Encodes an entry (for `put`).
  static std::string encode(std::string_view path, std::string_view type, const store::Stamp& stamp,
                            std::uint64_t hash, bool parsed, bool clean, bool racy, const Findings& findings,
                            const std::string& summary, const doc::Document* document);
  // Records the entry of `path` for the next save: `bytes` from encode, or, when empty,
  // the old entry unchanged. `slot` is the found entry's (CacheEntry::slot), which spares
  // looking it up again. Not thread-safe (the reader calls it in path order).
  void put(std::string_view path, std::uint64_t path_hash, std::string_view type, std::string bytes,
           std::uint32_t slot = 0);
  // Writes the cache when dirty: the old entries that stand (put again unchanged, or of
  // kinds this command did not read), then the new ones in the order put. Errors are
  // ignored: the cache only saves time.
  void save();

  std::uint64_t started_ns() const { return started_ns_; }
  // Gives the pages of the mapped file read so far back to the system (they are read again
  // from the page cache if needed): the reader calls it after each batch, so the cache
  // does not stay in memory beside the records made from it.
  void release_pages() const;

private:
  // An entry of the old file: 24 bytes (a county has 300,000); its path is read from the
  // entry itself.
  struct Slot {
    std::uint64_t offset = 0;     // of the entry's bytes in the old file
    std::uint64_t path_hash = 0;
    std::uint32_t size = 0;
    std::uint8_t type = 0;        // in types_
    bool kept = false;            // put again by this command: as it was, or
    bool replaced = false;        // ...with new bytes
  };
  std::string_view path_of(const Slot& s) const;
  std::vector<std::string_view> types_;  // the record types of the old file's entries
  // The slot of `path`, or null: an open-addressing table of slot numbers by path hash
  // (a county's 300,000 entries are looked up faster than in a node-based map).
  const Slot* slot_of(std::string_view path, std::uint64_t path_hash) const;
  Slot* slot_of(std::string_view path, std::uint64_t path_hash) {
    return const_cast<Slot*>(static_cast<const Cache*>(this)->slot_of(path, path_hash));
  }
  std::vector<std::uint32_t> table_;  // slot number + 1; 0 = empty
  std::set<std::string, std::less<>> types_put_;  // a type read by this command: its files not read are gone
  std::string last_type_put_;                      // spares a look in types_put_ a file
  std::string root_, key_;
  std::uint64_t started_ns_ = 0;
  const char* map_ = nullptr;
  std::size_t map_size_ = 0;
  std::vector<Slot> slots_;  // in the old file's order
  // The new entries put, in order (an old entry that stands is a slot marked kept): the
  // latest in memory, the rest written aside to an unlinked file (spill) as they gather.
  void spill();
  std::string new_;
  int spill_fd_ = -1;
  std::uint64_t spilled_ = 0;
  bool spill_failed_ = false;
  bool dirty_ = false;
};

}  // namespace firegrid::record
