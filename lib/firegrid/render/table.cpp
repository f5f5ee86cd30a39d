#include <firegrid/render/table.hpp>

#include <firegrid/text/names.hpp>
#include <firegrid/text/width.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <string_view>

namespace firegrid::render {

namespace {

const std::string& cell_at(const std::vector<std::string>& row, std::size_t column) {
  static const std::string empty;
  return column < row.size() ? row[column] : empty;
}

// The cells of every row, one per column, each passed through `clean`.
template <typename Clean>
std::vector<std::vector<std::string>> cleaned_rows(const Table& table, Clean clean) {
  std::vector<std::vector<std::string>> rows;
  rows.reserve(table.rows.size());
  for (const auto& row : table.rows) {
    std::vector<std::string> cells;
    cells.reserve(table.columns.size());
    for (std::size_t c = 0; c < table.columns.size(); ++c) cells.push_back(clean(cell_at(row, c)));
    rows.push_back(std::move(cells));
  }
  return rows;
}

// Display width of each column: the widest of its title and cells, at least `minimum`.
std::vector<std::size_t> column_widths(const std::vector<std::string>& titles,
                                       const std::vector<std::vector<std::string>>& rows,
                                       std::size_t minimum) {
  std::vector<std::size_t> widths;
  for (const auto& title : titles) widths.push_back(std::max(minimum, text::display_width(title)));
  for (const auto& row : rows)
    for (std::size_t c = 0; c < widths.size(); ++c)
      widths[c] = std::max(widths[c], text::display_width(row[c]));
  return widths;
}

std::string pad(std::string_view s, std::size_t width, Align align) {
  return align == Align::right ? text::pad_left(s, width) : text::pad_right(s, width);
}

std::string replace_all(std::string s, std::string_view from, std::string_view to) {
  for (std::size_t at = s.find(from); at != std::string::npos; at = s.find(from, at + to.size()))
    s.replace(at, from.size(), to);
  return s;
}

// A cell on one terminal line: CRLF, CR, LF and tab each become one space, and other
// control characters and bidi overrides are shown escaped (text::terminal_safe).
std::string one_line(const std::string& cell) {
  std::string s = replace_all(text::terminal_safe(cell), "\r\n", " ");
  std::replace_if(s.begin(), s.end(), [](char c) { return c == '\r' || c == '\n' || c == '\t'; },
                  ' ');
  return s;
}

std::string markdown_cell(const std::string& cell) {
  std::string s = replace_all(text::terminal_safe(cell), "|", "\\|");
  s = replace_all(std::move(s), "\r\n", "<br>");
  s = replace_all(std::move(s), "\r", "<br>");
  s = replace_all(std::move(s), "\n", "<br>");
  std::replace(s.begin(), s.end(), '\t', ' ');
  return s;
}

void append_line_without_trailing_spaces(std::string& out, std::string line) {
  line.erase(line.find_last_not_of(' ') + 1);
  out += line;
  out += '\n';
}

// A CSV cell, quoted when needed; `alone` (the only column) quotes an empty cell too,
// so its row is not read back as a blank line.
std::string csv_cell(const std::string& cell, bool alone) {
  const bool quote = (alone && cell.empty()) || cell.find_first_of(",\"\r\n") != std::string::npos ||
                     (!cell.empty() && (cell.front() == ' ' || cell.back() == ' '));
  if (!quote) return cell;
  return "\"" + replace_all(cell, "\"", "\"\"") + "\"";
}

// A number as the program writes one: an optional '-', digits, an optional fraction and
// exponent. Nothing else is a number here (no '+', no spaces, no "1,000").
bool plain_number(const std::string& cell) {
  std::size_t i = 0;
  const auto digits = [&] {
    const std::size_t from = i;
    while (i < cell.size() && cell[i] >= '0' && cell[i] <= '9') ++i;
    return i > from;
  };
  if (i < cell.size() && cell[i] == '-') ++i;
  if (!digits()) return false;
  if (i < cell.size() && cell[i] == '.') {
    ++i;
    if (!digits()) return false;
  }
  if (i < cell.size() && (cell[i] == 'e' || cell[i] == 'E')) {
    ++i;
    if (i < cell.size() && (cell[i] == '+' || cell[i] == '-')) ++i;
    if (!digits()) return false;
  }
  return i == cell.size();
}

// The cell as a spreadsheet should see it: a would-be formula gets a leading "'".
std::string csv_safe(const std::string& cell, bool number_column, Formulas formulas) {
  if (formulas == Formulas::keep || !starts_formula(cell)) return cell;
  if (number_column && plain_number(cell)) return cell;
  return "'" + cell;
}

}  // namespace

bool starts_formula(const std::string& cell) {
  return !cell.empty() && std::string_view("=+-@\t\r").find(cell.front()) != std::string_view::npos;
}

std::string render_text(const Table& table) {
  std::vector<std::string> titles;
  for (const auto& column : table.columns) titles.push_back(one_line(column.title));
  const auto rows = cleaned_rows(table, one_line);
  const auto widths = column_widths(titles, rows, 0);

  std::string out;
  auto add_line = [&](const std::vector<std::string>& cells, const std::string& colour = {}) {
    std::string line;
    for (std::size_t c = 0; c < cells.size(); ++c) {
      if (c > 0) line += "  ";
      std::string cell = pad(cells[c], widths[c], table.columns[c].align);
      const auto end = cell.find_last_not_of(' ');
      if (!colour.empty() && end != std::string::npos)
        cell = "\x1b[" + colour + "m" + cell.substr(0, end + 1) + "\x1b[0m" + cell.substr(end + 1);
      line += cell;
    }
    append_line_without_trailing_spaces(out, std::move(line));
  };
  add_line(titles);
  std::string rule;
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (c > 0) rule += "  ";
    for (std::size_t i = 0; i < widths[c]; ++i) rule += "\xE2\x94\x80";  // U+2500
  }
  append_line_without_trailing_spaces(out, std::move(rule));
  for (std::size_t r = 0; r < rows.size(); ++r)
    add_line(rows[r], r < table.row_colours.size() ? table.row_colours[r] : std::string());
  return out;
}

std::string render_markdown(const Table& table) {
  std::vector<std::string> titles;
  for (const auto& column : table.columns) titles.push_back(markdown_cell(column.title));
  const auto rows = cleaned_rows(table, markdown_cell);
  const auto widths = column_widths(titles, rows, 3);

  std::string out;
  auto add_line = [&](const std::vector<std::string>& cells) {
    out += '|';
    for (std::size_t c = 0; c < cells.size(); ++c)
      out += " " + pad(cells[c], widths[c], table.columns[c].align) + " |";
    out += '\n';
  };
  add_line(titles);
  out += '|';
  for (std::size_t c = 0; c < widths.size(); ++c) {
    if (table.columns[c].align == Align::right)
      out += " " + std::string(widths[c] - 1, '-') + ": |";
    else
      out += " " + std::string(widths[c], '-') + " |";
  }
  out += '\n';
  for (const auto& row : rows) add_line(row);
  return out;
}

std::string render_csv(const Table& table, Formulas formulas) {
  const bool alone = table.columns.size() == 1;
  std::string out;
  for (std::size_t c = 0; c < table.columns.size(); ++c) {
    if (c > 0) out += ',';
    out += csv_cell(csv_safe(table.columns[c].key, false, formulas), alone);
  }
  out += '\n';
  for (const auto& row : table.rows) {
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      if (c > 0) out += ',';
      out += csv_cell(csv_safe(cell_at(row, c), table.columns[c].number, formulas), alone);
    }
    out += '\n';
  }
  return out;
}

std::string render_json(const Table& table) {
  nlohmann::ordered_json array = nlohmann::ordered_json::array();
  for (const auto& row : table.rows) {
    nlohmann::ordered_json object = nlohmann::ordered_json::object();
    for (std::size_t c = 0; c < table.columns.size(); ++c) {
      const std::string cell = cell_at(row, c);
      if (!table.columns[c].number) {
        object[table.columns[c].key] = cell;
      } else if (cell.empty()) {
        object[table.columns[c].key] = nullptr;
      } else {
        const auto parsed = nlohmann::ordered_json::parse(cell, nullptr, false);
        object[table.columns[c].key] = parsed.is_number() ? parsed : nlohmann::ordered_json(cell);
      }
    }
    array.push_back(std::move(object));
  }
  return array.dump(2, ' ', false, nlohmann::ordered_json::error_handler_t::replace) + "\n";
}

}  // namespace firegrid::render
