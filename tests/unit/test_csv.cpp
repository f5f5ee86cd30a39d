#include <firegrid/core/error.hpp>
#include <firegrid/text/csv.hpp>

#include <catch2/catch.hpp>
#include <iconv.h>
#include <cstdlib>
#include <unistd.h>

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

// Issue 15, defect 7: a CSV file read a row at a time gives what parse_csv gives.
namespace {

struct Read {
  std::vector<Fields> rows;
  std::vector<int> lines;
  std::vector<std::string> errors;
  bool operator==(const Read& o) const { return rows == o.rows && lines == o.lines && errors == o.errors; }
};

Read all_of(const CsvResult& r) {
  Read out;
  for (const auto& row : r.rows) {
    out.rows.push_back(row.fields);
    out.lines.push_back(row.line);
  }
  for (const auto& e : r.errors) out.errors.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.message);
  return out;
}

Read read_file_rows(const firegrid::text::CsvFile& file) {
  Read out;
  file.each_row(
    [&out](firegrid::text::CsvRow& row) {
      out.rows.push_back(row.fields);
      out.lines.push_back(row.line);
      return true;
    },
    [&out](firegrid::text::CsvError& e) {
      out.errors.push_back(std::to_string(e.line) + ":" + std::to_string(e.column) + " " + e.message);
    });
  return out;
}

std::string csv_temp(const std::string& bytes) {
  char name[] = "/tmp/firegrid-csv-test-XXXXXX";
  const int fd = ::mkstemp(name);
  REQUIRE(fd >= 0);
  REQUIRE(::write(fd, bytes.data(), bytes.size()) == static_cast<ssize_t>(bytes.size()));
  ::close(fd);
  return name;
}

const std::string kSample =
  "单位,类型,日期,备注\r\n于记饭店,巡查,2026-11-26,\"两行\n的备注\"\r\n\r\n"
  "北苏村,巡查,2026-11-27,a\"b\n"
  "东关村,巡查,2026-11-28,\"未闭合\n";

}  // namespace

TEST_CASE("each_csv_row hands over what parse_csv returns, and can stop", "[text][csv]") {
  const CsvResult whole = parse_csv(kSample);
  CsvResult each;
  firegrid::text::each_csv_row(
    kSample,
    [&each](firegrid::text::CsvRow& row) {
      each.rows.push_back(row);
      return true;
    },
    [&each](firegrid::text::CsvError& e) { each.errors.push_back(e); });
  CHECK(all_of(each) == all_of(whole));
  REQUIRE(whole.errors.size() == 2);

  int seen = 0;
  firegrid::text::each_csv_row(kSample, [&seen](firegrid::text::CsvRow&) { return ++seen < 2; },
                               [](firegrid::text::CsvError&) {});
  CHECK(seen == 2);
}

TEST_CASE("decoding in pieces gives what decoding the whole gives", "[text][csv]") {
  using firegrid::text::decode_in_pieces;
  using firegrid::text::detect_encoding_in_pieces;
  std::string many;
  for (int i = 0; i < 50; ++i) many += "于记饭店,巡查,2026-11-" + std::to_string(10 + i % 18) + ",第" + std::to_string(i) + "轮\n";
  for (const std::string& bytes : {many, "\xEF\xBB\xBF" + many, to_gb18030(many), to_gb18030("\xEF\xBB\xBF" + many),
                                   std::string("no line break at all")}) {
    const auto whole = decode_spreadsheet_text(bytes);
    for (const std::size_t piece : {std::size_t(1), std::size_t(7), std::size_t(64), std::size_t(1) << 20}) {
      const auto detected = detect_encoding_in_pieces(bytes, std::nullopt, {}, piece);
      CHECK(detected.encoding == whole.encoding);
      std::string joined;
      decode_in_pieces(bytes, detected, [&joined](std::string_view s) { joined += s; }, {}, piece);
      CHECK(joined == whole.utf8);
    }
  }
  // The same error, naming the same line and offset.
  const std::string bad = many + "\xFF\xFF\n" + many;
  const std::string expected = error_message(bad);
  for (const std::size_t piece : {std::size_t(5), std::size_t(100)}) {
    std::string got = "no error";
    try {
      const auto detected = detect_encoding_in_pieces(bad, std::nullopt, {}, piece);
      decode_in_pieces(bad, detected, [](std::string_view) {}, {}, piece);
    } catch (const firegrid::Error& e) {
      got = e.what();
    }
    CHECK(got == expected);
  }
  std::string got = "no error";
  try {
    detect_encoding_in_pieces(bad, Encoding::utf8, {}, 9);
  } catch (const firegrid::Error& e) {
    got = e.what();
  }
  CHECK(got == error_message(bad, Encoding::utf8));
}

TEST_CASE("CsvFile reads a file's rows as parse_csv reads its text, any number of times", "[text][csv]") {
  for (const std::string& bytes : {kSample, "\xEF\xBB\xBF" + kSample, to_gb18030(kSample), std::string()}) {
    const std::string path = csv_temp(bytes);
    {
      const firegrid::text::CsvFile file(path);
      const auto whole = decode_spreadsheet_text(bytes);
      CHECK(file.encoding() == whole.encoding);
      const Read expected = all_of(parse_csv(whole.utf8));
      CHECK(read_file_rows(file) == expected);
      CHECK(read_file_rows(file) == expected);  // a second pass
    }
    ::unlink(path.c_str());
  }
  CHECK_THROWS_AS(firegrid::text::CsvFile("/nonexistent/rows.csv"), firegrid::Error);
  const std::string path = csv_temp("名称\n" + std::string("\xFF\xFE\n"));
  CHECK_THROWS_AS(firegrid::text::CsvFile(path, Encoding::utf8), firegrid::Error);
  ::unlink(path.c_str());
}
