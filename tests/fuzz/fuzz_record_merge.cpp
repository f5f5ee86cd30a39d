// Fuzzes the record merge of `firegrid resolve` and `firegrid merge-driver`: a file with
// conflict markers is split into its three sides (sides_from_markers), which are merged as
// a hazard record (merge_record). Any crash, hang or sanitizer report is a bug; a merge
// that succeeds must give a record that merges with itself to the same bytes.
#include <firegrid/merge/merge.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const firegrid::schema::Catalog catalog;
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto sides = firegrid::merge::sides_from_markers(text);
  if (!sides) return 0;
  const std::string path = "grid/100/201/g01/hazards/h-20261119-44a4jx.yaml";
  const auto r = firegrid::merge::merge_record(path, sides->base, sides->ours, sides->theirs, catalog);
  if (r.merged) {
    const auto again = firegrid::merge::merge_record(path, r.text, r.text, r.text, catalog);
    if (!again.merged || again.text != r.text) std::abort();
  }
  return 0;
}
