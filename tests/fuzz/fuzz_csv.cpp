// Fuzzes the way a spreadsheet export is read: bytes -> decode_spreadsheet_text ->
// parse_csv, and the same read in pieces as a large import reads a file
// (detect_encoding_in_pieces, decode_in_pieces, each_csv_row), which must give exactly
// what the whole read gives, or the same error. Any crash, hang, sanitizer report,
// non-firegrid exception or difference is a bug.
#include <firegrid/core/error.hpp>
#include <firegrid/text/csv.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

namespace {

// The error a read throws, or "" when it reads.
template <class Fn>
std::string fuzz_csv_error(Fn fn) {
  try {
    fn();
  } catch (const firegrid::Error& e) {
    return e.what();
  }
  return "";
}

}  // namespace

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
  const auto whole_rows = firegrid::text::parse_csv(bytes);

  // Row by row: the same rows and errors, in order.
  std::size_t row = 0, error = 0;
  firegrid::text::each_csv_row(
    bytes,
    [&](firegrid::text::CsvRow& r) {
      if (row >= whole_rows.rows.size() || whole_rows.rows[row].fields != r.fields ||
          whole_rows.rows[row].line != r.line)
        std::abort();
      ++row;
      return true;
    },
    [&](firegrid::text::CsvError& e) {
      if (error >= whole_rows.errors.size() || whole_rows.errors[error].offset != e.offset) std::abort();
      ++error;
    });
  if (row != whole_rows.rows.size() || error != whole_rows.errors.size()) std::abort();

  // In pieces (a piece size from the first byte): the same text, or the same error.
  const std::size_t piece = size > 0 ? 1 + data[0] % 32 : 1;
  std::string whole, pieces;
  const std::string whole_error = fuzz_csv_error([&] { whole = firegrid::text::decode_spreadsheet_text(bytes).utf8; });
  const std::string pieces_error = fuzz_csv_error([&] {
    const auto detected = firegrid::text::detect_encoding_in_pieces(bytes, std::nullopt, {}, piece);
    firegrid::text::decode_in_pieces(bytes, detected, [&](std::string_view s) { pieces += s; }, {}, piece);
  });
  if (whole_error != pieces_error || (whole_error.empty() && whole != pieces)) std::abort();
  return 0;
}
