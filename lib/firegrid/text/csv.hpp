// Reading the CSV files that Excel and WPS write: RFC 4180 quoting, CRLF or LF row
// ends, and either UTF-8 (with or without a BOM) or GB18030 bytes, which is what a
// Chinese Excel saves as "CSV (逗号分隔)".
#pragma once

#include <cstddef>
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

// "utf-8", "utf-8-bom" or "gb18030". Never fails.
const char* to_string(Encoding encoding);

// The encoding a user named: utf-8/utf8, utf-8-bom/utf8-bom, gb18030/gbk/gb2312, in any
// case; nullopt for any other name.
std::optional<Encoding> parse_encoding(std::string_view name);

}  // namespace firegrid::text
