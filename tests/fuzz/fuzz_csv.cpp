// Fuzzes the way a spreadsheet export is read: bytes -> decode_spreadsheet_text ->
// parse_csv. Any crash, hang, sanitizer report or non-firegrid exception is a bug.
#include <firegrid/core/error.hpp>
#include <firegrid/text/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  for (const char delimiter : {',', ';'}) {
    try {
      const auto decoded = firegrid::text::decode_spreadsheet_text(bytes);
      firegrid::text::parse_csv(decoded.utf8, delimiter);
    } catch (const firegrid::Error&) {
    }
  }
  // The parser must also survive text that is not UTF-8 at all.
  firegrid::text::parse_csv(bytes);
  return 0;
}
