// Reading the CSV files that Excel and WPS write: RFC 4180 quoting, CRLF or LF row
// ends, and either UTF-8 (with or without a BOM) or GB18030 bytes, which is what a
// Chinese Excel saves as "CSV (逗号分隔)".
#pragma once

#include <cstddef>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::text {

// One record of a CSV file.
struct CsvRow {
  std::vector<std::string> fields;
  int line = 1;             // 1-based line where the row starts
  std::size_t offset = 0;   // byte offset of the row start in the text given to parse_csv
};

// A place where the text is not valid CSV; the row it is in is left out.
struct CsvError {
  int line = 1;             // 1-based
  int column = 1;           // 1-based, in code points
  std::size_t offset = 0;   // byte offset in the text given to parse_csv
  std::string message;
};

struct CsvResult {
  std::vector<CsvRow> rows;
  std::vector<CsvError> errors;
};

// Splits UTF-8 text into rows and fields (a leading BOM is skipped, blank lines are
// skipped, fields are not trimmed; CRLF, LF and a lone CR end a row). An unterminated
// quote or a quote in the wrong place is a CsvError, that row is dropped and reading
// goes on at the next line. Throws firegrid::Error only if delimiter is '"', CR or LF.
CsvResult parse_csv(std::string_view utf8_text, char delimiter = ',');

// parse_csv a row at a time: each row and each error goes to its callback as soon as it
// is read, in order, and nothing is kept. on_row returns false to stop reading.
using CsvRowSink = std::function<bool(CsvRow&)>;
using CsvErrorSink = std::function<void(CsvError&)>;
void each_csv_row(std::string_view utf8_text, const CsvRowSink& on_row, const CsvErrorSink& on_error,
                  char delimiter = ',');

enum class Encoding { utf8, utf8_bom, gb18030 };

struct Decoded {
  std::string utf8;    // the text as UTF-8, without a byte order mark
  Encoding encoding;   // the encoding the bytes were read as
};

// The bytes of a spreadsheet export as UTF-8. Unless forced, the encoding is detected
// over the whole input: a UTF-8 BOM means utf8_bom, valid UTF-8 means utf8, anything
// else is read as GB18030. Forcing utf8 or utf8_bom reads UTF-8 and reports utf8_bom
// exactly when a BOM is present. Throws firegrid::Error naming the first invalid byte,
// its 1-based line and 0-based byte offset, or if iconv has no GB18030 converter.
Decoded decode_spreadsheet_text(std::string_view bytes, std::optional<Encoding> forced = {});

// UTF-8 text (a CSV file firegrid wrote) in `encoding`: as it is, with a BOM in front
// (what Excel needs to open UTF-8 as UTF-8), or as GB18030 (what a Chinese Excel reads by
// default). Every character has a GB18030 form; a byte that is not UTF-8 becomes '?'.
// Throws firegrid::Error only if iconv has no GB18030 converter.
std::string encode_spreadsheet_text(std::string_view utf8, Encoding encoding);

// decode_spreadsheet_text in pieces of about `piece` bytes, each cut after a line break
// (no character spans one, in UTF-8 or GB18030), so that a file of any size is never
// held twice. detect_encoding_in_pieces finds (or takes) the encoding in one pass and
// checks UTF-8; decode_in_pieces hands the UTF-8 text to `sink` piece by piece (the
// pieces together are decode_spreadsheet_text's utf8, without a BOM). `seen(offset)` is
// told after each piece that the bytes before offset are done with (a mapped file gives
// their pages back). Both throw as decode_spreadsheet_text does, naming the same line
// and offset.
struct Detected {
  Encoding encoding = Encoding::utf8;
  std::optional<std::size_t> utf8_invalid_at;  // the first byte that is not UTF-8
};
Detected detect_encoding_in_pieces(std::string_view bytes, std::optional<Encoding> forced,
                                   const std::function<void(std::size_t)>& seen = {},
                                   std::size_t piece = std::size_t(8) << 20);
void decode_in_pieces(std::string_view bytes, const Detected& detected,
                      const std::function<void(std::string_view)>& sink,
                      const std::function<void(std::size_t)>& seen = {}, std::size_t piece = std::size_t(8) << 20);

// A spreadsheet export read from a file a row at a time, in memory that does not grow
// with its size (an import of a million rows): the file is mapped, not read, and the
// pages already parsed are given back; GB18030 (or a BOM) is converted a piece at a
// time into an unlinked temporary file, which is mapped the same way. Rows can be read
// any number of times (an import checks every row, then reads them again to write).
class CsvFile {
public:
  // Throws Error when the file cannot be read or decoded (as decode_spreadsheet_text).
  explicit CsvFile(const std::string& path, std::optional<Encoding> forced = {});
  ~CsvFile();
  CsvFile(const CsvFile&) = delete;
  CsvFile& operator=(const CsvFile&) = delete;
  Encoding encoding() const;
  // Every row and error of the file (as parse_csv), in order.
  void each_row(const CsvRowSink& on_row, const CsvErrorSink& on_error, char delimiter = ',') const;

private:
  struct Mapped;
  std::unique_ptr<Mapped> source_, text_;
  Encoding encoding_ = Encoding::utf8;
};

// "utf-8", "utf-8-bom" or "gb18030". Never fails.
const char* to_string(Encoding encoding);

// The encoding a user named: utf-8/utf8, utf-8-bom/utf8-bom, gb18030/gbk/gb2312, in any
// case; nullopt for any other name.
std::optional<Encoding> parse_encoding(std::string_view name);

}  // namespace firegrid::text
