#include <firegrid/render/xlsx.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>
#include <xlsxwriter.h>

#include <algorithm>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <set>
#include <sstream>
#include <unistd.h>

namespace firegrid::render {

namespace {

// A tab name Excel accepts: at most 31 characters (code points here), none of []:*?/\,
// not empty, not already taken.
std::string xlsx_out_sheet_name(const std::string& wanted, std::set<std::string>& taken) {
  std::string base;
  std::size_t points = 0;
  for (std::size_t i = 0; i < wanted.size() && points < 28;) {
    const auto c = static_cast<unsigned char>(wanted[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (n == 1 && (std::strchr("[]:*?/\\'", wanted[i]) || c < 0x20)) {
      base += ' ';
    } else {
      base += wanted.substr(i, n);
    }
    i += n;
    ++points;
  }
  if (base.empty()) base = "Sheet";
  std::string name = base;
  for (int n = 2; taken.count(name); ++n) name = fmt::format("{} {}", base, n);
  taken.insert(name);
  return name;
}

// A figure as a number: "12", "-3.5", "1,200"; "85.3%" as 0.853 with `percent` set.
bool xlsx_out_number(const std::string& cell, double& value, bool& percent) {
  std::string s;
  for (const char c : cell)
    if (c != ',') s += c;
  percent = !s.empty() && s.back() == '%';
  if (percent) s.pop_back();
  if (s.empty() || s.size() > 40) return false;
  errno = 0;
  char* end = nullptr;
  value = std::strtod(s.c_str(), &end);
  if (errno != 0 || end != s.c_str() + s.size() || !std::isfinite(value)) return false;
  if (s.find_first_not_of("0123456789.-+eE") != std::string::npos) return false;  // no "inf", "nan", hex
  if (percent) value /= 100.0;
  return true;
}

struct XlsxOutFile {
  std::string path;
  XlsxOutFile() {
    std::string tmpl = (std::filesystem::temp_directory_path() / "firegrid-xlsx-XXXXXX").string();
    const int fd = ::mkstemp(tmpl.data());
    if (fd < 0) throw Error(msg("cannot make a temporary file for the workbook: {}", std::strerror(errno)),
                            tr("set TMPDIR to a folder you can write"));
    ::close(fd);
    path = tmpl;
  }
  ~XlsxOutFile() { std::remove(path.c_str()); }
  XlsxOutFile(const XlsxOutFile&) = delete;
  XlsxOutFile& operator=(const XlsxOutFile&) = delete;
};

void xlsx_out_check(lxw_error e, const char* what) {
  if (e != LXW_NO_ERROR) throw Error(msg("cannot write the workbook ({}: {})", what, lxw_strerror(e)));
}

}  // namespace

std::string render_xlsx(const std::vector<XlsxSection>& sections) {
  const XlsxOutFile file;
  lxw_workbook* book = workbook_new(file.path.c_str());
  if (!book) throw Error(tr("cannot write the workbook (libxlsxwriter could not start it)"));
  // A fixed creation time (2026-01-01 00:00 UTC), not the clock's: the same tables give
  // the same bytes, as every other format does (a report --at REV is reproducible).
  lxw_doc_properties properties{};
  properties.created = 1767225600;
  workbook_set_properties(book, &properties);
  lxw_format* bold = workbook_add_format(book);
  format_set_bold(bold);
  format_set_bottom(bold, LXW_BORDER_THIN);
  lxw_format* percent = workbook_add_format(book);
  format_set_num_format(percent, "0.0%");
  lxw_format* wrap = workbook_add_format(book);
  format_set_text_wrap(wrap);
  format_set_align(wrap, LXW_ALIGN_VERTICAL_TOP);
  std::set<std::string> taken;
  for (const auto& section : sections.empty() ? std::vector<XlsxSection>{{}} : sections) {
    lxw_worksheet* sheet = workbook_add_worksheet(book, xlsx_out_sheet_name(section.name, taken).c_str());
    if (!sheet) {
      workbook_close(book);
      throw Error(tr("cannot write the workbook (a sheet could not be added)"));
    }
    lxw_row_t row = 0;
    for (const auto& note : section.notes) worksheet_write_string(sheet, row++, 0, note.c_str(), nullptr);
    if (!section.notes.empty()) ++row;  // a blank row between the notes and the table
    const Table& t = section.table;
    std::vector<std::size_t> widths(t.columns.size(), 0);
    for (std::size_t c = 0; c < t.columns.size(); ++c) {
      const std::string& title = t.columns[c].title;
      worksheet_write_string(sheet, row, static_cast<lxw_col_t>(c), title.c_str(), bold);
      widths[c] = text::display_width(title);
    }
    const lxw_row_t header = row++;
    for (const auto& cells : t.rows) {
      for (std::size_t c = 0; c < t.columns.size() && c < cells.size(); ++c) {
        const std::string& cell = cells[c];
        if (cell.empty()) continue;
        double value = 0;
        bool is_percent = false;
        const auto col = static_cast<lxw_col_t>(c);
        if (t.columns[c].number && xlsx_out_number(cell, value, is_percent)) {
          worksheet_write_number(sheet, row, col, value, is_percent ? percent : nullptr);
        } else {
          // A string cell, never a formula: "=1+1" stays the text =1+1.
          worksheet_write_string(sheet, row, col, cell.c_str(), cell.find('\n') != std::string::npos ? wrap : nullptr);
        }
        std::size_t longest = 0;  // the widest line of the cell
        for (std::size_t at = 0; at <= cell.size();) {
          const std::size_t end = std::min(cell.find('\n', at), cell.size());
          longest = std::max(longest, text::display_width(std::string_view(cell).substr(at, end - at)));
          at = end + 1;
        }
        widths[c] = std::max(widths[c], longest);
      }
      ++row;
    }
    for (std::size_t c = 0; c < widths.size(); ++c)
      worksheet_set_column(sheet, static_cast<lxw_col_t>(c), static_cast<lxw_col_t>(c),
                           static_cast<double>(std::clamp<std::size_t>(widths[c] + 2, 6, 60)), nullptr);
    worksheet_freeze_panes(sheet, header + 1, 0);
  }
  xlsx_out_check(workbook_close(book), "closing");
  std::ifstream in(file.path, std::ios::binary);
  std::ostringstream bytes;
  bytes << in.rdbuf();
  if (!in) throw Error(tr("cannot read back the workbook just written"));
  return bytes.str();
}

std::string render_xlsx(const Table& table, const std::string& name) {
  return render_xlsx(std::vector<XlsxSection>{{name, {}, table}});
}

}  // namespace firegrid::render
