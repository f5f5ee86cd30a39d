// The one door through which record files are read: bytes from the disk, parsed by
// doc::load, validated against the record type's schema, on every core, and kept in the
// cache (record/cache.hpp) so that a file that did not change is neither read nor parsed
// again by the next command.
#pragma once

#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string_view>
#include <unordered_set>
#include <string>
#include <vector>

namespace firegrid::record {

class Cache;

// One record file read: its document (absent when there is no such file or it could not
// be parsed) and every finding of the parse and of the schema.
struct Read {
  std::optional<doc::Document> document;  // absent too when cached and not asked for
  Findings findings;
  std::string summary;   // ReadOptions::summarise of the document, kept in the cache
  bool missing = false;  // no such file (or a link, which the disk does not follow)
  bool parsed = false;   // the parse gave a document (maybe with errors)
  bool clean = false;    // ...and without an error of the parse (the schema may still object)
};

// How to read a kind of record. A kind whose commands need only a few fields of each of
// many records (inspections) gives `summarise`, which keeps those fields as bytes, and
// asks for no documents: a cached file then costs neither a parse nor a tree.
struct ReadOptions {
  bool documents = true;
  std::function<std::string(const doc::Document&)> summarise;
  // Checks of the document alone (not of other records or the policy), run after its
  // schema's: their findings are cached with it.
  std::function<void(const doc::Document&, Findings&)> check;
};

// What to read: a file and the record type whose schema it must meet. The path is the
// caller's (a county has 260,000): it must outlive read_all, which does not use it once the
// file's result is handed on (the caller may move it away then).
struct Want {
  std::string_view path;
  const char* type;
  const store::Stamp* stamp = nullptr;  // when the listing took it already (the caller's, as the path)
};

class Reader {
public:
  // Uses (and updates) the repo's cache when the disk is a RealDisk and FIREGRID_NO_CACHE
  // is not set.
  Reader(const store::Disk& disk, const schema::Catalog& catalog);
  ~Reader();
  Reader(const Reader&) = delete;
  Reader& operator=(const Reader&) = delete;

  const store::Disk& disk() const { return disk_; }
  // Does it keep a cache? Then listings should take stamps (Disk::list_stamped).
  bool caching() const { return cache_ != nullptr; }
  const schema::Catalog& catalog() const { return catalog_; }

  // Reads every wanted file, parsing and validating on every core, and hands each result
  // to `take` in the order of `wants` (so findings stay in a fixed order), a batch at a
  // time: only a batch of documents is in memory at once unless `take` keeps them.
  void read_all(const std::vector<Want>& wants, const std::function<void(std::size_t, Read&&)>& take,
                const ReadOptions& options = {});

  // Writes the cache when something was read anew (atomically; a failure to write it is
  // ignored: the cache only saves time). Called by model::load_repo when it is done.
  void save();

  // A check of every file's bytes, whatever its kind (`check`'s search for secret keys),
  // run when a file is read anew; its findings are cached with the file's.
  using TextCheck = std::function<void(const std::string& path, std::string_view text, Findings&)>;
  void check_text(TextCheck check) { text_check_ = std::move(check); }
  // The files read (or found in the cache) from now on, by the hash of their path
  // (record::hash_bytes): their bytes met check_text. Kept only when asked (check).
  void keep_handled() { keep_handled_ = true; }
  std::unordered_set<std::uint64_t> take_handled() { return std::move(handled_); }

private:
  const store::Disk& disk_;
  const schema::Catalog& catalog_;
  std::unique_ptr<Cache> cache_;
  TextCheck text_check_;
  std::unordered_set<std::uint64_t> handled_;
  bool keep_handled_ = false;
};

}  // namespace firegrid::record
