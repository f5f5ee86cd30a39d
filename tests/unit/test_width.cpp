#include <firegrid/text/width.hpp>

#include <catch2/catch.hpp>

using firegrid::text::display_width;
using firegrid::text::pad_left;
using firegrid::text::pad_right;
using firegrid::text::truncate_to_width;

TEST_CASE("display_width counts terminal columns", "[text][width]") {
  CHECK(display_width("") == 0);
  CHECK(display_width("abc") == 3);
  CHECK(display_width("槐阳镇") == 6);
  CHECK(display_width("A栋3楼") == 6);
  CHECK(display_width("ＡＢ") == 4);          // fullwidth Latin
  CHECK(display_width("，") == 2);            // fullwidth comma
  CHECK(display_width("…─") == 2);            // ambiguous width counts 1
  CHECK(display_width("e\xCC\x81") == 1);     // e + combining acute
  CHECK(display_width("a\xE2\x80\x8B" "b") == 2);  // zero width space
  CHECK(display_width("a\tb\n") == 2);        // control characters
}

TEST_CASE("display_width counts each invalid byte as one column", "[text][width]") {
  CHECK(display_width("\xFF") == 1);
  CHECK(display_width("a\xE6\xA7") == 3);        // truncated 3-byte sequence
  CHECK(display_width("\xC0\xAF") == 2);         // overlong
  CHECK(display_width("\xED\xA0\x80") == 3);     // surrogate
  CHECK(display_width("槐\x80阳") == 5);
}

TEST_CASE("pad_right and pad_left pad mixed ASCII and CJK by display width", "[text][width]") {
  CHECK(pad_right("元氏县", 8) == "元氏县  ");
  CHECK(pad_right("A栋", 5) == "A栋  ");
  CHECK(pad_left("槐阳镇", 7) == " 槐阳镇");
  CHECK(pad_left("12", 4) == "  12");
  CHECK(pad_right("元氏县", 4) == "元氏县");  // never truncates
  CHECK(pad_left("元氏县", 0) == "元氏县");
  CHECK(display_width(pad_right("名称x", 10)) == 10);
}

TEST_CASE("truncate_to_width cuts at a code point and adds an ellipsis", "[text][width]") {
  CHECK(truncate_to_width("abc", 3) == "abc");
  CHECK(truncate_to_width("abcdef", 4) == "abc…");
  CHECK(truncate_to_width("槐阳镇政府", 6) == "槐阳…");
  CHECK(truncate_to_width("槐阳镇政府", 5) == "槐阳…");
  CHECK(truncate_to_width("槐阳镇政府", 2) == "…");
  CHECK(truncate_to_width("槐阳镇", 1) == "…");
  CHECK(truncate_to_width("abc", 0) == "");
  CHECK(truncate_to_width("", 0) == "");
  CHECK(truncate_to_width("a槐b", 3) == "a…");
  CHECK(display_width(truncate_to_width("元氏县槐阳镇", 7)) <= 7);
  CHECK(truncate_to_width("ab\xFF\xFF", 3) == "ab…");
}
