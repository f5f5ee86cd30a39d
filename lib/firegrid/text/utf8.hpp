// UTF-8 checks and positions. Strict: overlong forms, surrogates and code points
// above U+10FFFF are invalid, as in RFC 3629.
#pragma once

#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace firegrid::text {

// The byte offset of the first invalid UTF-8 sequence, or nullopt if s is valid.
std::optional<std::size_t> find_invalid_utf8(std::string_view s);

// 1-based line and character column of byte offset `offset` in s.
struct LineColumn {
  int line = 1;
  int column = 1;
};
LineColumn line_column_at(std::string_view s, std::size_t offset);

// The text of line `line` (1-based) without its line break; empty if out of range.
std::string_view line_text(std::string_view s, int line);

// Number of code points in a valid UTF-8 string.
std::size_t count_code_points(std::string_view s);

}  // namespace firegrid::text
