// Fuzzes the record cache (issue 14), which firegrid reads from .firegrid/cache/records: a
// file anyone can damage. The bytes go in twice: as an encoded document tree
// (record::decode_node, which the cache and the inspections' summaries use), and as the
// entries of a cache file, looked up by the paths a fuzzer finds easily. The property: a
// damaged cache is never trusted wrongly and never crashes: decode gives a tree that
// encodes back to the same bytes, or nothing. Any crash, hang or sanitizer report is a bug.
#include <firegrid/record/cache.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <string>

#include <sys/stat.h>
#include <unistd.h>

namespace {

// A repo root of this process's own, with its .firegrid/cache folder.
const std::string& cache_root() {
  static const std::string root = [] {
    char tmpl[] = "/tmp/fuzz-record-cache-XXXXXX";
    const char* made = ::mkdtemp(tmpl);
    if (!made) std::abort();
    const std::string r = made;
    ::mkdir((r + "/.firegrid").c_str(), 0777);
    ::mkdir((r + "/.firegrid/cache").c_str(), 0777);
    return r;
  }();
  return root;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  if (const auto node = firegrid::record::decode_node(bytes)) {
    const std::string encoded = firegrid::record::encode_node(*node);
    if (encoded != bytes) {
      // Another encoding of the same tree (a longer varint, a mark past INT_MAX) may decode;
      // its own encoding must then be a fixed point. Bytes, not Node::operator==, are
      // compared: a real may be a NaN, which equals nothing, itself included.
      const auto again = firegrid::record::decode_node(encoded);
      if (!again || firegrid::record::encode_node(*again) != encoded) std::abort();
    }
  }
  // The same bytes as the entries of a cache file made by "k".
  std::string file("FGCACHE1", 8);
  file += '\x01';
  file += 'k';
  file += bytes;
  {
    std::ofstream out(cache_root() + "/.firegrid/cache/records", std::ios::binary | std::ios::trunc);
    out << file;
  }
  firegrid::record::Cache cache(cache_root(), "k");
  for (const char* path : {"a", "p", "a/b.yaml"})
    for (bool with_document : {false, true}) (void)cache.find(path, firegrid::record::hash_bytes(path), "t", with_document);
  return 0;
}
