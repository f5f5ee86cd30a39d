#include <firegrid/text/sheet.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/text/xlsx.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::text {

Sheet read_sheet(const std::string& file, std::string_view bytes, const SheetOptions& options) {
  Sheet out;
  try {
    if (looks_like_ole2(bytes))
      throw Error(tr("this is an old Excel 97-2003 workbook (.xls) or an encrypted one, which firegrid cannot read"),
                  tr("open it in Excel or WPS, remove any password, and save it as .xlsx (Excel 工作簿) or CSV UTF-8"));
    if (looks_like_zip(bytes)) {
      XlsxSheet sheet = read_xlsx(bytes, options.sheet);
      out.source = file + ":" + sheet.name;
      out.rows = std::move(sheet.rows);
      out.xlsx = true;
      // A workbook's row ends at its last value; a CSV row has every column of the header.
      // The header is among the first rows (a title may stand above it): rows are padded
      // to the widest of those, not to the widest row (one far cell would widen them all).
      std::size_t width = 0;
      for (std::size_t i = 0; i < out.rows.size() && i < 5; ++i) width = std::max(width, out.rows[i].fields.size());
      for (auto& row : out.rows)
        if (row.fields.size() < width) row.fields.resize(width);
      return out;
    }
    if (!options.sheet.empty())
      throw Error(msg("--sheet {}: this is a CSV file, which has no sheets", options.sheet),
                  tr("--sheet picks a sheet of an .xlsx workbook; leave it out for CSV"));
    const Decoded decoded = decode_spreadsheet_text(bytes, options.encoding);
    CsvResult csv = parse_csv(decoded.utf8);
    out.source = file;
    out.rows = std::move(csv.rows);
    out.errors = std::move(csv.errors);
    out.encoding = decoded.encoding;
    return out;
  } catch (const Error& e) {
    throw Error(msg("{}: {}", file, e.what()), e.hint());
  }
}

namespace {

// Reads 1 to `max` digits at `at`; false if there are none.
bool sheet_digits(const std::string& s, std::size_t& at, std::size_t max, int& out) {
  std::size_t n = 0;
  out = 0;
  while (at < s.size() && n < max && s[at] >= '0' && s[at] <= '9') {
    out = out * 10 + (s[at++] - '0');
    ++n;
  }
  return n > 0 && (at == s.size() || s[at] < '0' || s[at] > '9');
}

bool sheet_literal(const std::string& s, std::size_t& at, std::string_view what) {
  if (s.compare(at, what.size(), what) != 0) return false;
  at += what.size();
  return true;
}

}  // namespace

const char* const kTextColumnHint =
  "format this column as text in Excel (设置单元格格式 → 文本), enter the values again and save again";

std::string spreadsheet_date(const std::string& cell) {
  std::size_t at = 0;
  int y = 0, m = 0, d = 0;
  if (!sheet_digits(cell, at, 4, y) || at != 4) return cell;
  const bool chinese = sheet_literal(cell, at, "年");
  char sep = 0;
  if (!chinese) {
    if (at >= cell.size() || (cell[at] != '/' && cell[at] != '-' && cell[at] != '.')) return cell;
    sep = cell[at++];
  }
  if (!sheet_digits(cell, at, 2, m)) return cell;
  if (chinese ? !sheet_literal(cell, at, "月") : (at >= cell.size() || cell[at++] != sep)) return cell;
  if (!sheet_digits(cell, at, 2, d)) return cell;
  if (chinese && !sheet_literal(cell, at, "日") && !sheet_literal(cell, at, "号")) return cell;
  const std::string rest = cell.substr(at);
  if (!rest.empty() && rest != " 0:00" && rest != " 00:00" && rest != " 0:00:00" && rest != " 00:00:00") return cell;
  if (m < 1 || m > 12 || d < 1 || d > 31) return cell;
  return fmt::format("{:04}-{:02}-{:02}", y, m, d);
}

bool excel_shortened_number(const std::string& cell) {
  // d.dddE+dd, as Excel's General format shows a number too wide for its column.
  std::size_t at = 0;
  if (at >= cell.size() || cell[at] < '1' || cell[at] > '9') return false;
  ++at;
  if (at < cell.size() && cell[at] == '.') {
    ++at;
    const std::size_t begin = at;
    while (at < cell.size() && cell[at] >= '0' && cell[at] <= '9') ++at;
    if (at == begin) return false;
  }
  if (at + 2 > cell.size() || (cell[at] != 'E' && cell[at] != 'e') || cell[at + 1] != '+') return false;
  at += 2;
  const std::size_t begin = at;
  while (at < cell.size() && cell[at] >= '0' && cell[at] <= '9') ++at;
  return at > begin && at == cell.size();
}

std::string describe(const Sheet& sheet) { return sheet.xlsx ? "xlsx" : to_string(sheet.encoding); }

}  // namespace firegrid::text
