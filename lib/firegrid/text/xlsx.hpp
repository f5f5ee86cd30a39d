// Reading the .xlsx workbooks that Excel and WPS save (Office Open XML: a zip of XML
// parts). Only what an import needs: the cell values of one sheet as text, row by row.
// The zip container is opened with libzip, the XML parts are streamed through expat, and
// every size is bounded (parts, cells, rows), so a zip bomb or a huge sheet is refused
// with an Error instead of filling the memory.
#pragma once

#include <firegrid/text/csv.hpp>

#include <cstddef>
#include <map>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::text {

// The limits a workbook is read within. The defaults hold a large county's unit list (a
// few hundred thousand rows of 30 columns) and refuse what is not a list of records.
struct XlsxLimits {
  std::size_t part_bytes = 256u << 20;   // one XML part, uncompressed
  std::size_t cells = 4'000'000;         // cells kept, counting the empty ones before a value (~128 MiB)
  std::size_t text_bytes = 256u << 20;   // the text of all cells and shared strings
  int max_column = 16384;                // XFD, Excel's last column
  int max_row = 1'048'576;               // Excel's last row
};

// One sheet: its name and its rows. A row's `line` is its row number in Excel (1-based,
// as shown at the left of the sheet); rows without any value are left out, and a row's
// fields run from column A to its last value (empty cells in between are "").
struct XlsxSheet {
  std::string name;
  std::vector<CsvRow> rows;
};

// True when the bytes are a zip archive (an .xlsx, .xlsm or .ods starts with "PK\3\4").
bool looks_like_zip(std::string_view bytes);

// True when the bytes are an OLE2 compound file: the old binary .xls (or .et, .doc).
bool looks_like_ole2(std::string_view bytes);

// The names of the workbook's sheets, in the order of their tabs.
// Throws firegrid::Error when the bytes are not a readable workbook.
std::vector<std::string> xlsx_sheet_names(std::string_view bytes, const XlsxLimits& limits = {});

// The values of the sheet named `sheet` (the first sheet when empty), as text:
// - shared and inline strings as written (rich text runs joined; phonetic runs left out);
// - numbers as Excel's General format shows them: whole numbers below 10^15 in full
//   ("13800138000"), others with at most 15 significant digits, and 10^15 or more as
//   Excel shows them in a narrow column, "9.11301E+17" (the digits are lost already);
// - a number with a date style as YYYY-MM-DD (with " HH:MM:SS" when the style shows the
//   time too), a time-only style as HH:MM (1900 and 1904 date systems);
// - booleans as TRUE / FALSE, error values as written (#N/A), formulas by their result.
// Throws firegrid::Error (in English, with a hint) when the workbook cannot be read, has
// no such sheet (the hint lists the sheets), or passes a limit.
XlsxSheet read_xlsx(std::string_view bytes, const std::string& sheet = {}, const XlsxLimits& limits = {});

// The same, from the parts of a workbook already taken out of its zip archive (name ->
// content: "_rels/.rels", "xl/workbook.xml", ...): for tests and the fuzz target.
XlsxSheet read_xlsx_parts(const std::map<std::string, std::string>& parts, const std::string& sheet = {},
                          const XlsxLimits& limits = {});

// Excel's serial day number as a date: 1 is 1900-01-01 in the 1900 system (60 is the
// 1900-02-29 Excel believes in, read as 1900-02-28), 0 is 1904-01-01 in the 1904 system.
// Returns "" for a serial outside 1900-01-01 .. 9999-12-31.
std::string excel_serial_date(long serial, bool date1904);

}  // namespace firegrid::text
