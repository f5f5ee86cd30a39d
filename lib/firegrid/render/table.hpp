// A table of strings and the four ways a command shows one: aligned text for the
// terminal, a GitHub Markdown table, CSV and JSON.
#pragma once

#include <string>
#include <vector>

namespace firegrid::render {

enum class Align { left, right };

struct Column {
  std::string key;    // the CSV header and the JSON key
  std::string title;  // the heading shown in text and Markdown
  Align align = Align::left;
  bool number = false;  // JSON writes the cell as a number (an empty cell as null)
};

// rows[i][j] is the cell of column j; a short row reads as empty cells, extra cells are ignored.
struct Table {
  std::vector<Column> columns;
  std::vector<std::vector<std::string>> rows;
  // Text only: an SGR colour ("31" for red) for a row's cells, or "" for none; the
  // padding stays uncoloured so widths are unchanged. Empty: no colour.
  std::vector<std::string> row_colours;
};

// Column titles, a rule of U+2500 under each column, then the rows; columns two spaces
// apart and padded by display width; line breaks and tabs in cells become spaces; no
// line ends in a space. Never throws.
std::string render_text(const Table& table);

// A GitHub table, cells padded by display width; '|' is escaped as "\|", a line break
// in a cell becomes "<br>", right-aligned columns get "---:". Never throws.
std::string render_markdown(const Table& table);

// What CSV does with a cell that a spreadsheet would run as a formula (OWASP's CSV
// injection): a text cell that begins with '=', '+', '-', '@', a tab or a CR.
enum class Formulas {
  neutralise,  // such a cell gets a leading "'", which spreadsheets show as text
  keep,        // every cell as it is, for programs (--csv-raw)
};

// A header of column keys, then the rows, "\n" line ends, UTF-8 without a BOM; a cell is
// quoted when it has a comma, quote, CR, LF or a leading or trailing space (or is empty
// in a one-column table). With Formulas::neutralise, a header or cell that would start a
// formula gets a leading "'", except a plain number (-12, -0.5, 1e-3) in a `number`
// column: a figure the program worked out, not text. Never throws.
std::string render_csv(const Table& table, Formulas formulas);

// True when a spreadsheet would read `cell` as a formula: it begins with '=', '+', '-',
// '@', a tab or a CR. Never throws.
bool starts_formula(const std::string& cell);

// A JSON array with one object per row, keys in column order, values as strings,
// indented by 2 and ending in "\n"; invalid UTF-8 becomes U+FFFD. Never throws.
std::string render_json(const Table& table);

}  // namespace firegrid::render
