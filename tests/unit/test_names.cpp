#include <firegrid/text/names.hpp>

#include <catch2/catch.hpp>

using firegrid::text::describe_code_point;
using firegrid::text::find_forbidden_in_name;
using firegrid::text::name_key;

// Issue 15, defect 5: control and invisible characters in names.
TEST_CASE("find_forbidden_in_name finds controls and bidi overrides", "[text][names]") {
  CHECK_FALSE(find_forbidden_in_name("北苏村惠民超市"));
  CHECK_FALSE(find_forbidden_in_name("于记饭店（老店） No.1 & 2"));
  CHECK_FALSE(find_forbidden_in_name("惠民\u200B超市"));  // zero-width: compared, not refused
  const struct {
    const char* name;
    char32_t code_point;
    std::size_t column;
  } cases[] = {
    {"a\tb", 0x09, 2},           {"\x1b[31m红", 0x1B, 1},      {"王\n丽", 0x0A, 2},
    {"x\x7f", 0x7F, 2},          {"王\xC2\x85丽", 0x85, 2},    {"ab\u202Ecd", 0x202E, 3},
    {"\u202A", 0x202A, 1},       {"名\u2066字\u2069", 0x2066, 2}, {"\u2069", 0x2069, 1},
  };
  for (const auto& c : cases) {
    const auto found = find_forbidden_in_name(c.name);
    REQUIRE(found);
    CHECK(found->code_point == c.code_point);
    CHECK(found->column == c.column);
  }
  const std::string nul("a\0b", 3);
  REQUIRE(find_forbidden_in_name(nul));
  CHECK(find_forbidden_in_name(nul)->code_point == 0);
}

TEST_CASE("describe_code_point names controls", "[text][names]") {
  CHECK(describe_code_point(0x1B) == "U+001B (ESC)");
  CHECK(describe_code_point(0x7F) == "U+007F (DEL)");
  CHECK(describe_code_point(0x202E) == "U+202E (RIGHT-TO-LEFT OVERRIDE)");
  CHECK(describe_code_point(0x4E00) == "U+4E00");
}

TEST_CASE("name_key ignores zero-width characters and compatibility forms", "[text][names]") {
  const std::string plain = name_key("惠民超市");
  CHECK(name_key("惠民\u200B超市") == plain);
  CHECK(name_key("\uFEFF惠\u200C民\u200D超\u2060市") == plain);
  CHECK(name_key("东街１２号") == name_key("东街12号"));
  CHECK(name_key("ＡＢＣ") == "ABC");
  CHECK(name_key("惠民超市二店") != plain);
  const std::string invalid("\xff\xfe", 2);
  CHECK(name_key(invalid) == invalid);
}

// Issue 15: control characters in free text never reach a terminal raw.
TEST_CASE("terminal_safe escapes controls and bidi overrides, not text", "[text][names]") {
  using firegrid::text::terminal_safe;
  CHECK(terminal_safe("北苏村惠民超市 No.1\\2") == "北苏村惠民超市 No.1\\2");
  CHECK(terminal_safe("a\tb\nc\r\n") == "a\tb\nc\r\n");  // a table or a show lays these out
  CHECK(terminal_safe("\x1b[2J\x1b]0;pwned\x07") == "\\x1B[2J\\x1B]0;pwned\\x07");
  CHECK(terminal_safe(std::string("a\0b", 3)) == "a\\x00b");
  CHECK(terminal_safe("x\x7f") == "x\\x7F");
  CHECK(terminal_safe("王\xC2\x85丽") == "王\\u0085丽");
  CHECK(terminal_safe("invoice\u202Efdp.exe") == "invoice\\u202Efdp.exe");
  CHECK(terminal_safe("\u2066x\u2069") == "\\u2066x\\u2069");
  CHECK(terminal_safe("惠民\u200B超市") == "惠民\u200B超市");  // zero-width: no terminal effect
  // Invalid UTF-8: the bytes stay, the ASCII controls among them are escaped.
  CHECK(terminal_safe("\xff\x1b[31m") == "\xff\\x1B[31m");
}
