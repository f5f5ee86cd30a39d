// Terminal display width of UTF-8 text, so tables with Chinese and ASCII line up.
// East Asian Wide and Fullwidth characters take 2 columns, ambiguous ones 1,
// combining marks, zero-width and control characters 0.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace firegrid::text {

// Columns that utf8 occupies on a terminal; each invalid UTF-8 byte counts 1. Never throws.
std::size_t display_width(std::string_view utf8);

// s followed by spaces up to display width `width`; s unchanged if already as wide. Never throws.
std::string pad_right(std::string_view s, std::size_t width);

// Spaces up to display width `width` followed by s; s unchanged if already as wide. Never throws.
std::string pad_left(std::string_view s, std::size_t width);

// s cut at a code point boundary to fit in `width` columns, ending in "…" when cut
// (empty if width is 0 and s is not). Never throws.
std::string truncate_to_width(std::string_view s, std::size_t width);

}  // namespace firegrid::text
