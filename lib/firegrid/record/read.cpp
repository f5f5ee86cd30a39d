#include <firegrid/record/read.hpp>

#include <firegrid/core/parallel.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/record/cache.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <exception>
#include <thread>

#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::record {

namespace {

// What made a cache: this program (its version and the stamp of its file, so a rebuilt
// firegrid never trusts what another build found), the schemas it validates against and the
// language its findings' messages were written in (a run in the other language makes it again).
std::string cache_key(const schema::Catalog& catalog) {
  std::string key = std::string("firegrid " FIREGRID_VERSION " ") + language_tag(language());
  char exe[4096];
  const ssize_t n = ::readlink("/proc/self/exe", exe, sizeof exe - 1);
  struct stat st {};
  if (n > 0) {
    exe[n] = '\0';
    if (::stat(exe, &st) == 0) key += fmt::format(" {} {}.{}", st.st_size, st.st_mtim.tv_sec, st.st_mtim.tv_nsec);
  }
  std::string schemas;
  for (const auto& [name, text] : catalog.files()) schemas += name + "\n" + text + "\n";
  return key + fmt::format(" {:016x}", hash_bytes(schemas));
}

// A file changed within this margin of a cache's making may change again within the same
// timestamp tick without its stamp showing it (git's "racy" case): its entry is marked,
// and the next command compares its bytes.
constexpr std::uint64_t kRacyMarginNs = 2000000000ULL;

// One file read: the result, and the cache entry to keep for it.
struct Outcome {
  Read read;
  std::string entry;    // a new entry; empty = the old one stands (or nothing to keep)
  bool keep = false;    // put `entry` (or the old one) in the cache
  std::uint64_t path_hash = 0;  // hash_bytes of the path
  std::uint32_t slot = 0;       // the cache's old entry (CacheEntry::slot), 0 if none
};

Read from_entry(CacheEntry&& e) {
  Read r;
  r.parsed = e.parsed;
  r.clean = e.clean;
  r.findings = std::move(e.findings);
  r.summary = std::move(e.summary);
  r.document = std::move(e.document);
  return r;
}

Outcome read_one(const store::Disk& disk, const schema::Catalog& catalog, const Cache* cache,
                 std::string_view path_view, const char* type, const store::Stamp* listed,
                 const ReadOptions& options, const Reader::TextCheck& text_check) {
  Outcome out;
  out.path_hash = hash_bytes(path_view);
  const std::optional<store::Stamp> stamp =
    !cache ? std::nullopt : listed ? std::optional<store::Stamp>(*listed) : disk.stamp(std::string(path_view));
  std::optional<CacheEntry> old;
  if (stamp) {
    old = cache->find(path_view, out.path_hash, type, options.documents);
    if (old) out.slot = old->slot;
    if (old && old->stamp == *stamp && !old->racy) {
      out.read = from_entry(std::move(*old));
      out.keep = true;
      return out;
    }
  }
  const std::string path(path_view);  // read afresh: the path as the disk and the parser take it
  const auto text = disk.read(path, doc::LoadLimits{}.max_bytes);
  if (!text) {
    out.read.missing = true;
    return out;
  }
  const std::uint64_t hash = stamp ? hash_bytes(*text) : 0;
  const bool racy = stamp && stamp->mtime_ns + kRacyMarginNs >= cache->started_ns();
  if (old && old->hash == hash && old->stamp.size == text->size()) {
    // Touched, checked out again or racy, but the same bytes: what they gave stands.
    const bool stale = old->stamp != *stamp || old->racy != racy;
    out.read = from_entry(std::move(*old));
    out.keep = true;
    if (stale) {
      // The entry is written anew with the new stamp.
      out.entry = Cache::encode(path, type, *stamp, hash, out.read.parsed, out.read.clean, racy, out.read.findings,
                                out.read.summary, out.read.document ? &*out.read.document : nullptr);
    }
    return out;
  }
  auto loaded = doc::load(path, *text);
  Findings of_text;
  if (text_check) text_check(path, *text, of_text);
  out.read.parsed = loaded.document.has_value();
  out.read.clean = loaded.clean();
  out.read.findings = std::move(loaded.findings);
  if (loaded.document) {
    out.read.findings.append(catalog.validate(*loaded.document, type));
    if (options.check) options.check(*loaded.document, out.read.findings);
    if (options.summarise) out.read.summary = options.summarise(*loaded.document);
    out.read.document = std::move(loaded.document);
  }
  out.read.findings.append(of_text);
  if (stamp) {
    // A kind read for its summary keeps no document in the cache: a tenth of the size.
    out.keep = true;
    out.entry = Cache::encode(path, type, *stamp, hash, out.read.parsed, out.read.clean, racy, out.read.findings,
                              out.read.summary,
                              options.documents && out.read.document ? &*out.read.document : nullptr);
  }
  if (!options.documents) out.read.document.reset();
  return out;
}

}  // namespace

Reader::Reader(const store::Disk& disk, const schema::Catalog& catalog) : disk_(disk), catalog_(catalog) {
  const char* off = std::getenv("FIREGRID_NO_CACHE");
  const auto* real = dynamic_cast<const store::RealDisk*>(&disk);
  if (real && !(off && *off && std::string(off) != "0"))
    cache_ = std::make_unique<Cache>(real->root(), cache_key(catalog));
}

Reader::~Reader() = default;

void Reader::read_all(const std::vector<Want>& wants, const std::function<void(std::size_t, Read&&)>& take,
                      const ReadOptions& options) {
  // A batch at a time: enough files to keep every core busy, few enough that their
  // documents are a small part of memory. While the caller takes one batch (in order, on
  // this thread), the other cores read the next: taking (building a county's 260,000
  // inspections) is as much work as reading them from the cache.
  constexpr std::size_t kBatch = 4096;
  const auto read_batch = [&](std::size_t first, std::vector<Outcome>& batch, std::size_t threads) {
    const std::size_t n = std::min(kBatch, wants.size() - first);
    batch.assign(n, Outcome{});
    parallel_for(n, threads, [&](std::size_t i) {
      const Want& w = wants[first + i];
      batch[i] = read_one(disk_, catalog_, cache_.get(), w.path, w.type, w.stamp, options, text_check_);
    });
  };
  const std::size_t workers = worker_count();
  std::vector<Outcome> batch, next;
  if (!wants.empty()) read_batch(0, batch, workers);
  for (std::size_t first = 0; first < wants.size(); first += kBatch) {
    const std::size_t after = first + kBatch;
    std::thread ahead;
    std::exception_ptr failed;
    if (after < wants.size() && workers > 1) {
      ahead = std::thread([&] {
        try {
          read_batch(after, next, workers - 1);
        } catch (...) {
          failed = std::current_exception();
        }
      });
    }
    try {
      for (std::size_t i = 0; i < batch.size(); ++i) {
        if (batch[i].keep)
          cache_->put(wants[first + i].path, batch[i].path_hash, wants[first + i].type, std::move(batch[i].entry),
                      batch[i].slot);
        if (keep_handled_) handled_.insert(batch[i].path_hash);
        take(first + i, std::move(batch[i].read));
      }
    } catch (...) {
      if (ahead.joinable()) ahead.join();
      throw;
    }
    if (ahead.joinable()) {
      ahead.join();
      if (failed) std::rethrow_exception(failed);
    } else if (after < wants.size()) {
      read_batch(after, next, workers);
    }
    std::swap(batch, next);
    if (cache_) cache_->release_pages();
  }
}

void Reader::save() {
  if (cache_) cache_->save();
}

}  // namespace firegrid::record
