// `--format xlsx`: tables as an Excel workbook (libxlsxwriter), one sheet per section,
// for the clerk who opens a list or a report in Excel rather than reading it.
#pragma once

#include <firegrid/render/table.hpp>

#include <string>
#include <vector>

namespace firegrid::render {

// One sheet: its tab name, lines of text above the table (a report's heading), the table.
struct XlsxSection {
  std::string name;
  std::vector<std::string> notes;
  Table table;
};

// The bytes of an .xlsx workbook with one sheet per section, in order. On each sheet the
// notes, then the table's column titles (bold) and rows; the rows above the first row of
// data are frozen, so the header stays in view. Column widths fit the widest cell in
// display width (a Chinese character counts two), within 6..60. A cell of a `number`
// column that reads as a number is a number ("85.3%" a percentage, shown so); every other
// cell is a text cell, never a formula, whatever it starts with. Tab names are made safe
// for Excel (31 characters, none of []:*?/\, unique). The same sections give the same
// bytes (the workbook's creation time is fixed). Throws firegrid::Error when the workbook
// cannot be written (its temporary file, under TMPDIR).
std::string render_xlsx(const std::vector<XlsxSection>& sections);

// A single table as a one-sheet workbook named `name`.
std::string render_xlsx(const Table& table, const std::string& name = "Sheet1");

}  // namespace firegrid::render
