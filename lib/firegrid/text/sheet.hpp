// One door for every spreadsheet import (`unit import`, `inspect import`, `hazard apply`,
// `grid import`): the rows of a CSV file (UTF-8 or GB18030) or of one sheet of an .xlsx
// workbook, told apart by their bytes, not by the file's name.
#pragma once

#include <firegrid/text/csv.hpp>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::text {

struct SheetOptions {
  std::optional<Encoding> encoding;  // CSV only: detected when unset
  std::string sheet;                 // .xlsx only: the sheet's name; the first sheet when empty
};

struct Sheet {
  // Where the rows are, for messages: "units.csv", or "单位台账.xlsx:Sheet1" so that a row's
  // finding reads `单位台账.xlsx:Sheet1:17: error: ...` (17 is the row number in Excel).
  std::string source;
  std::vector<CsvRow> rows;     // a CSV row's line, or an Excel row number; a workbook's rows
                                // are padded with "" to the widest of its first five rows
  std::vector<CsvError> errors; // CSV quoting mistakes (an .xlsx has none)
  bool xlsx = false;
  Encoding encoding = Encoding::utf8;  // of a CSV file
};

// Reads the file `file` (named so in messages) whose content is `bytes`. Throws
// firegrid::Error, prefixed with the file's name, when the bytes cannot be decoded, the
// workbook cannot be read or has no such sheet, --sheet is given for a CSV file, or the
// file is an old binary .xls (the hint says how to save it).
Sheet read_sheet(const std::string& file, std::string_view bytes, const SheetOptions& options = {});

// How a sheet was read, for a summary line: "utf-8", "gb18030", "utf-8-bom" or "xlsx".
std::string describe(const Sheet& sheet);

// A date as Excel shows or saves it, as YYYY-MM-DD: 2026/3/5, 2026-3-5, 2026.3.5,
// 2026年3月5日 (with a time of 0:00 after it, as a date cell saved to CSV may have).
// Anything else is returned unchanged, for the caller's own check to refuse.
std::string spreadsheet_date(const std::string& cell);

// True for a cell that Excel turned into a number and shows in scientific notation,
// such as 9.11301E+17 (a licence code) or 1.39031E+10 (a phone): its digits are lost.
bool excel_shortened_number(const std::string& cell);

// The hint for such a cell.
extern const char* const kTextColumnHint;

}  // namespace firegrid::text
