#include <firegrid/core/error.hpp>
#include <firegrid/text/csv.hpp>

#include <catch2/catch.hpp>
#include <iconv.h>

#include <stdexcept>
#include <string>
#include <vector>

using firegrid::text::CsvResult;
using firegrid::text::Encoding;
using firegrid::text::decode_spreadsheet_text;
using firegrid::text::parse_csv;

namespace {

using Fields = std::vector<std::string>;

// The UTF-8 literal as GB18030 bytes, converted the way Excel would have saved it.
std::string to_gb18030(const std::string& utf8) {
  const iconv_t cd = iconv_open("GB18030", "UTF-8");
  if (cd == reinterpret_cast<iconv_t>(-1)) throw std::runtime_error("no GB18030 converter");
  std::string out(utf8.size() * 2 + 16, '\0');
  char* in = const_cast<char*>(utf8.data());
  std::size_t in_left = utf8.size();
  char* dest = out.data();
  std::size_t dest_left = out.size();
  const std::size_t r = iconv(cd, &in, &in_left, &dest, &dest_left);
  iconv_close(cd);
  if (r == static_cast<std::size_t>(-1)) throw std::runtime_error("iconv failed");
  out.resize(out.size() - dest_left);
  return out;
}

std::string error_message(std::string_view bytes, std::optional<Encoding> forced = {}) {
  try {
    decode_spreadsheet_text(bytes, forced);
  } catch (const firegrid::Error& e) {
    CHECK(e.hint() == "save the file as UTF-8 or GB18030, or pass --encoding");
    return e.what();
  }
  return "no error";
}

}  // namespace

TEST_CASE("parse_csv reads plain rows with LF and CRLF", "[text][csv]") {
  const CsvResult r = parse_csv("名称,地址\r\n槐阳镇,元氏县\r\na,b\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.rows.size() == 3);
  CHECK(r.rows[0].fields == Fields{"名称", "地址"});
  CHECK(r.rows[1].fields == Fields{"槐阳镇", "元氏县"});
  CHECK(r.rows[2].fields == Fields{"a", "b"});
  CHECK(r.rows[1].line == 2);
  CHECK(r.rows[1].offset == 15);
  CHECK(r.rows[2].line == 3);
}

TEST_CASE("parse_csv reads a final row without a line break", "[text][csv]") {
  const CsvResult r = parse_csv("a,b\nc,d");
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[1].fields == Fields{"c", "d"});
  CHECK(parse_csv("x,").rows.at(0).fields == Fields{"x", ""});
}

TEST_CASE("parse_csv keeps commas and doubled quotes inside quoted fields", "[text][csv]") {
  const CsvResult r = parse_csv("\"元氏县,槐阳镇\",\"say \"\"hi\"\"\",\"\",x\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].fields == Fields{"元氏县,槐阳镇", "say \"hi\"", "", "x"});
}

TEST_CASE("parse_csv keeps line breaks in quoted fields and counts lines", "[text][csv]") {
  const std::string text =
      "id,note\n"
      "1,\"first\nsecond\r\nthird\"\n"
      "2,after\n"
      "\n"
      "3,\"x\ny\",z\n"
      "4,end";
  const CsvResult r = parse_csv(text);
  REQUIRE(r.errors.empty());
  REQUIRE(r.rows.size() == 5);
  CHECK(r.rows[1].fields == Fields{"1", "first\nsecond\r\nthird"});
  CHECK(r.rows[1].line == 2);
  CHECK(r.rows[2].fields == Fields{"2", "after"});
  CHECK(r.rows[2].line == 5);
  CHECK(r.rows[2].offset == text.find("2,after"));
  CHECK(r.rows[3].line == 7);
  CHECK(r.rows[3].fields == Fields{"3", "x\ny", "z"});
  CHECK(r.rows[4].line == 9);
}

TEST_CASE("parse_csv skips blank lines and a BOM, and does not trim", "[text][csv]") {
  const CsvResult r = parse_csv("\xEF\xBB\xBF a , b \r\n\r\n\n,\n");
  REQUIRE(r.errors.empty());
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].fields == Fields{" a ", " b "});
  CHECK(r.rows[0].offset == 3);
  CHECK(r.rows[1].fields == Fields{"", ""});
  CHECK(r.rows[1].line == 4);
  CHECK(parse_csv("").rows.empty());
  CHECK(parse_csv("\xEF\xBB\xBF").rows.empty());
  CHECK(parse_csv("\n\r\n\r").rows.empty());
}

TEST_CASE("parse_csv takes another delimiter", "[text][csv]") {
  const CsvResult r = parse_csv("a;\"b;c\";d,e\n", ';');
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].fields == Fields{"a", "b;c", "d,e"});
  CHECK(parse_csv("a\tb", '\t').rows.at(0).fields == Fields{"a", "b"});
  CHECK_THROWS_AS(parse_csv("a", '"'), firegrid::Error);
}

TEST_CASE("parse_csv reports an unterminated quote and reads on", "[text][csv]") {
  const CsvResult r = parse_csv("a,b\n槐阳镇,\"open,c\nd,e\n");
  REQUIRE(r.errors.size() == 1);
  CHECK(r.errors[0].line == 2);
  CHECK(r.errors[0].column == 5);
  CHECK(r.errors[0].offset == 14);
  CHECK(r.errors[0].message == "unterminated quoted field");
  REQUIRE(r.rows.size() == 2);
  CHECK(r.rows[0].fields == Fields{"a", "b"});
  CHECK(r.rows[1].fields == Fields{"d", "e"});
  CHECK(r.rows[1].line == 3);
}

TEST_CASE("parse_csv reports stray quotes and reads on", "[text][csv]") {
  const CsvResult r = parse_csv("a,5\"pipe\n\"ok\"x,y\nc,d\n");
  REQUIRE(r.errors.size() == 2);
  CHECK(r.errors[0].line == 1);
  CHECK(r.errors[0].column == 4);
  CHECK(r.errors[0].offset == 3);
  CHECK(r.errors[1].line == 2);
  CHECK(r.errors[1].column == 5);
  REQUIRE(r.rows.size() == 1);
  CHECK(r.rows[0].fields == Fields{"c", "d"});
  CHECK(r.rows[0].line == 3);
}

TEST_CASE("parse_csv survives awkward input", "[text][csv]") {
  for (const char* text : {"\"", "\"\"\"", ",", "\r", "\"\r", "a\"", "\"a\"\"", "\"\n\"\"\n\"",
                           "\xFF\xFE,\"\xC3", "\"a\"b\"c\"", "\n\n\"x"}) {
    const CsvResult r = parse_csv(text);
    CHECK(r.rows.size() + r.errors.size() <= 4);
  }
}

TEST_CASE("decode_spreadsheet_text detects UTF-8 and a UTF-8 BOM", "[text][csv]") {
  const auto plain = decode_spreadsheet_text("名称,地址\n");
  CHECK(plain.encoding == Encoding::utf8);
  CHECK(plain.utf8 == "名称,地址\n");
  const auto bom = decode_spreadsheet_text("\xEF\xBB\xBF名称\n");
  CHECK(bom.encoding == Encoding::utf8_bom);
  CHECK(bom.utf8 == "名称\n");
  CHECK(decode_spreadsheet_text("").encoding == Encoding::utf8);
}

TEST_CASE("decode_spreadsheet_text detects GB18030 and converts it", "[text][csv]") {
  const std::string utf8 = "名称,地址\n槐阳镇,元氏县\n";
  const std::string gb = to_gb18030(utf8);
  REQUIRE(gb != utf8);
  const auto decoded = decode_spreadsheet_text(gb);
  CHECK(decoded.encoding == Encoding::gb18030);
  CHECK(decoded.utf8 == utf8);
  CHECK(parse_csv(decoded.utf8).rows.at(1).fields == Fields{"槐阳镇", "元氏县"});

  const auto forced = decode_spreadsheet_text(gb, Encoding::gb18030);
  CHECK(forced.utf8 == utf8);
  // GB18030's own byte order mark is dropped too.
  CHECK(decode_spreadsheet_text(to_gb18030("\xEF\xBB\xBF名称\n")).utf8 == "名称\n");
}

TEST_CASE("decode_spreadsheet_text names the first invalid byte", "[text][csv]") {
  std::string text = "name,addr\na,b\n";
  text += "c,\xFF\n";
  CHECK(error_message(text) == "invalid GB18030 byte 0xFF at line 3, byte offset 16");
  CHECK(error_message("ok\n\xFF", Encoding::gb18030) ==
        "invalid GB18030 byte 0xFF at line 2, byte offset 3");
  CHECK(error_message(to_gb18030("名称\n"), Encoding::utf8) ==
        "invalid UTF-8 byte 0xC3 at line 1, byte offset 0");
  CHECK(error_message("\xEF\xBB\xBFok\n\x80") ==
        "invalid UTF-8 byte 0x80 at line 2, byte offset 6");
  // A UTF-8 file with one broken character late on is reported as UTF-8.
  CHECK(error_message("名称,地址\n槐阳镇,元氏县\nx,\xE5\x85\n") ==
        "invalid UTF-8 byte 0xE5 at line 3, byte offset 36");
  // A lead byte cut off at the end.
  CHECK(error_message(to_gb18030("名称") + "\x81", Encoding::gb18030) ==
        "invalid GB18030 byte 0x81 at line 1, byte offset 4");
}

TEST_CASE("encodings have names", "[text][csv]") {
  using firegrid::text::parse_encoding;
  using firegrid::text::to_string;
  CHECK(std::string(to_string(Encoding::utf8)) == "utf-8");
  CHECK(std::string(to_string(Encoding::utf8_bom)) == "utf-8-bom");
  CHECK(std::string(to_string(Encoding::gb18030)) == "gb18030");
  CHECK(parse_encoding("UTF-8") == Encoding::utf8);
  CHECK(parse_encoding("utf8") == Encoding::utf8);
  CHECK(parse_encoding("UTF-8-BOM") == Encoding::utf8_bom);
  CHECK(parse_encoding("GBK") == Encoding::gb18030);
  CHECK(parse_encoding("gb2312") == Encoding::gb18030);
  CHECK(parse_encoding("GB18030") == Encoding::gb18030);
  CHECK_FALSE(parse_encoding("latin1"));
  CHECK_FALSE(parse_encoding(""));
}
