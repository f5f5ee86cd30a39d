#include <firegrid/text/utf8.hpp>

#include <catch2/catch.hpp>

#include <optional>
#include <string>

using firegrid::text::count_code_points;
using firegrid::text::find_invalid_utf8;
using firegrid::text::line_column_at;
using firegrid::text::line_text;

TEST_CASE("find_invalid_utf8 accepts valid text of every length", "[text][utf8]") {
  CHECK_FALSE(find_invalid_utf8(""));
  CHECK_FALSE(find_invalid_utf8("plain ascii"));
  CHECK_FALSE(find_invalid_utf8("\xC2\xA9"));          // U+00A9, 2 bytes
  CHECK_FALSE(find_invalid_utf8("槐阳镇"));              // 3 bytes each
  CHECK_FALSE(find_invalid_utf8("\xF0\x9F\x94\xA5"));  // U+1F525, 4 bytes
  CHECK_FALSE(find_invalid_utf8("\xF4\x8F\xBF\xBF"));  // U+10FFFF, the last code point
  CHECK_FALSE(find_invalid_utf8("\xEF\xBB\xBF" "a"));   // a BOM is a valid character
  CHECK_FALSE(find_invalid_utf8(std::string("a\0b", 3)));  // NUL is valid UTF-8
}

TEST_CASE("find_invalid_utf8 gives the offset of the first bad sequence", "[text][utf8]") {
  CHECK(find_invalid_utf8("ab\xFF") == std::optional<std::size_t>(2));
  CHECK(find_invalid_utf8("\x80") == std::optional<std::size_t>(0));          // lone continuation
  CHECK(find_invalid_utf8("槐\xE9\x98") == std::optional<std::size_t>(3));    // truncated at end
  CHECK(find_invalid_utf8("\xE9\x98x") == std::optional<std::size_t>(0));     // truncated mid-text
  CHECK(find_invalid_utf8("\xC0\xAF") == std::optional<std::size_t>(0));      // overlong '/'
  CHECK(find_invalid_utf8("\xC1\xBF") == std::optional<std::size_t>(0));      // overlong
  CHECK(find_invalid_utf8("\xE0\x80\xAF") == std::optional<std::size_t>(0));  // overlong 3-byte
  CHECK(find_invalid_utf8("\xF0\x80\x80\xAF") == std::optional<std::size_t>(0));  // overlong 4
  CHECK(find_invalid_utf8("\xED\xA0\x80") == std::optional<std::size_t>(0));  // surrogate D800
  CHECK(find_invalid_utf8("\xED\x9F\xBF") == std::nullopt);                   // U+D7FF is fine
  CHECK(find_invalid_utf8("\xF4\x90\x80\x80") == std::optional<std::size_t>(0));  // > U+10FFFF
  CHECK(find_invalid_utf8("\xF5\x80\x80\x80") == std::optional<std::size_t>(0));
  CHECK(find_invalid_utf8("ok\xFE") == std::optional<std::size_t>(2));
}

TEST_CASE("line_column_at counts lines from 1 and columns in characters", "[text][utf8]") {
  const std::string s = "ab\n名称: 槐阳镇\nx";
  auto lc = line_column_at(s, 0);
  CHECK(lc.line == 1);
  CHECK(lc.column == 1);
  lc = line_column_at(s, 2);  // the '\n' itself
  CHECK(lc.line == 1);
  CHECK(lc.column == 3);
  lc = line_column_at(s, 3);  // 名
  CHECK(lc.line == 2);
  CHECK(lc.column == 1);
  lc = line_column_at(s, 3 + 6 + 2);  // 槐, after "名称: "
  CHECK(lc.line == 2);
  CHECK(lc.column == 5);
  lc = line_column_at(s, s.size() - 1);  // x
  CHECK(lc.line == 3);
  CHECK(lc.column == 1);
  lc = line_column_at(s, 10000);  // clamped to the end
  CHECK(lc.line == 3);
  CHECK(lc.column == 2);
}

TEST_CASE("line_text returns one line without its break", "[text][utf8]") {
  const std::string s = "one\r\ntwo\n\nfour";
  CHECK(line_text(s, 1) == "one");  // CR of CRLF dropped
  CHECK(line_text(s, 2) == "two");
  CHECK(line_text(s, 3) == "");
  CHECK(line_text(s, 4) == "four");
  CHECK(line_text(s, 5) == "");
  CHECK(line_text("", 1) == "");
  CHECK(line_text("x\n", 2) == "");
}

TEST_CASE("count_code_points counts characters, not bytes", "[text][utf8]") {
  CHECK(count_code_points("") == 0);
  CHECK(count_code_points("abc") == 3);
  CHECK(count_code_points("槐阳镇") == 3);
  CHECK(count_code_points("a槐\xF0\x9F\x94\xA5") == 3);
}
