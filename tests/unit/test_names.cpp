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
