#include <firegrid/text/width.hpp>

#include <utf8proc.h>

namespace firegrid::text {

namespace {

// One step through a UTF-8 string: the bytes a unit takes and the columns it shows as.
struct Unit {
  std::size_t bytes;
  std::size_t columns;
};

// The unit starting at s[i] (i < s.size()); an invalid byte is a unit of 1 byte, 1 column.
Unit unit_at(std::string_view s, std::size_t i) {
  utf8proc_int32_t cp = 0;
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(s.data() + i);
  const utf8proc_ssize_t n = utf8proc_iterate(p, static_cast<utf8proc_ssize_t>(s.size() - i), &cp);
  if (n <= 0 || cp < 0) return {1, 1};
  if (utf8proc_category(cp) == UTF8PROC_CATEGORY_CC) return {static_cast<std::size_t>(n), 0};
  const int w = utf8proc_charwidth(cp);
  return {static_cast<std::size_t>(n), w > 0 ? static_cast<std::size_t>(w) : 0};
}

constexpr std::string_view ellipsis = "\xE2\x80\xA6";  // U+2026, one column

}  // namespace

std::size_t display_width(std::string_view utf8) {
  std::size_t columns = 0;
  for (std::size_t i = 0; i < utf8.size();) {
    const Unit u = unit_at(utf8, i);
    columns += u.columns;
    i += u.bytes;
  }
  return columns;
}

std::string pad_right(std::string_view s, std::size_t width) {
  std::string out(s);
  const std::size_t w = display_width(s);
  if (w < width) out.append(width - w, ' ');
  return out;
}

std::string pad_left(std::string_view s, std::size_t width) {
  const std::size_t w = display_width(s);
  std::string out(w < width ? width - w : 0, ' ');
  out.append(s);
  return out;
}

std::string truncate_to_width(std::string_view s, std::size_t width) {
  if (display_width(s) <= width) return std::string(s);
  if (width == 0) return {};
  const std::size_t budget = width - 1;  // one column for the ellipsis
  std::size_t used = 0, end = 0;
  while (end < s.size()) {
    const Unit u = unit_at(s, end);
    if (used + u.columns > budget) break;
    used += u.columns;
    end += u.bytes;
  }
  std::string out(s.substr(0, end));
  out.append(ellipsis);
  return out;
}

}  // namespace firegrid::text
