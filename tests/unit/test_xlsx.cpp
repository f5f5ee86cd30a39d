#include <firegrid/core/error.hpp>
#include <firegrid/text/sheet.hpp>
#include <firegrid/text/xlsx.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

using firegrid::text::excel_serial_date;
using firegrid::text::read_sheet;
using firegrid::text::read_xlsx;
using firegrid::text::read_xlsx_parts;
using firegrid::text::XlsxLimits;

namespace {

using Fields = std::vector<std::string>;

// A workbook of tests/cli/data (made by tests/cli/data/xlsx/make.py).
std::string workbook(const std::string& name) {
  std::ifstream in(std::string(FIREGRID_SOURCE_DIR) + "/tests/cli/data/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

template <class F>
std::string error_of(F f, std::string* hint = nullptr) {
  try {
    f();
  } catch (const firegrid::Error& e) {
    if (hint) *hint = e.hint();
    return e.what();
  }
  return "no error";
}

// A workbook's parts around one sheet's XML.
std::map<std::string, std::string> parts_with(const std::string& sheet_data, const std::string& styles = {}) {
  std::map<std::string, std::string> parts = {
    {"_rels/.rels", R"(<Relationships><Relationship Id="a" Type="t/officeDocument" Target="/xl/workbook.xml"/></Relationships>)"},
    {"xl/workbook.xml", R"(<workbook><sheets><sheet name="表1" r:id="rId1"/><sheet name="表2" r:id="rId1"/></sheets></workbook>)"},
    {"xl/_rels/workbook.xml.rels",
     R"(<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/../worksheets/s.xml"/>)"
     R"(<Relationship Id="rId3" Type="t/styles" Target="styles.xml"/></Relationships>)"},
    {"xl/worksheets/s.xml", "<worksheet><sheetData>" + sheet_data + "</sheetData></worksheet>"},
  };
  if (!styles.empty()) parts["xl/styles.xml"] = "<styleSheet>" + styles + "</styleSheet>";
  return parts;
}

}  // namespace

TEST_CASE("read_xlsx reads every kind of cell", "[xlsx]") {
  const auto sheet = read_xlsx(workbook("xlsx/cells.xlsx"));
  CHECK(sheet.name == "Sheet1");
  REQUIRE(sheet.rows.size() == 3);
  CHECK(sheet.rows[0].line == 1);
  CHECK(sheet.rows[0].fields == Fields{"名称", "类别", "", "日期"});
  // No `r` on the row or its cells: the row after row 1, the cells one after another.
  CHECK(sheet.rows[1].line == 2);
  CHECK(sheet.rows[1].fields ==
        Fields{"北苏村便民超市 ", "超市", "", "2026-03-05", "2026-03-05", "09:00", "2026-03-05 12:00", "3.5"});
  CHECK(sheet.rows[2].line == 5);
  CHECK(sheet.rows[2].fields == Fields{"", "TRUE", "FALSE", "#N/A", "名称x", "9.11301E+17", "13903100000", "120.5",
                                       "第一行\n第二行"});
}

TEST_CASE("read_xlsx picks a sheet by name and lists the sheets when there is none", "[xlsx]") {
  const std::string book = workbook("units/units.xlsx");
  CHECK(firegrid::text::xlsx_sheet_names(book) == Fields{"Sheet1", "说明"});
  const auto first = read_xlsx(book);
  CHECK(first.name == "Sheet1");
  REQUIRE(first.rows.size() == 4);  // the blank row is left out
  CHECK(first.rows[3].line == 5);
  CHECK(first.rows[1].fields[9] == "13900003333");  // a phone kept as a number
  const auto notes = read_xlsx(book, "说明");
  REQUIRE(notes.rows.size() == 2);
  CHECK(notes.rows[1].fields == Fields{"填表日期", "2026-03-05"});
  std::string hint;
  CHECK(error_of([&] { read_xlsx(book, "Sheet2"); }, &hint) == "the workbook has no sheet 'Sheet2'");
  CHECK(hint == "its sheets are: Sheet1, 说明; pass --sheet NAME");
}

TEST_CASE("the 1904 date system and Excel's serial days", "[xlsx]") {
  const auto sheet = read_xlsx(workbook("xlsx/date1904.xlsx"));
  REQUIRE(sheet.rows.size() == 1);
  CHECK(sheet.rows[0].fields == Fields{"1904-01-01", "2026-03-02"});
  CHECK(excel_serial_date(1, false) == "1900-01-01");
  CHECK(excel_serial_date(59, false) == "1900-02-28");
  CHECK(excel_serial_date(60, false) == "1900-02-28");  // Excel's 1900-02-29
  CHECK(excel_serial_date(61, false) == "1900-03-01");
  CHECK(excel_serial_date(46086, false) == "2026-03-05");
  CHECK(excel_serial_date(2958465, false) == "9999-12-31");
  CHECK(excel_serial_date(2958466, false).empty());
  CHECK(excel_serial_date(0, false).empty());
  CHECK(excel_serial_date(-1, true).empty());
}

TEST_CASE("read_sheet tells a workbook from CSV by its bytes and names the sheet", "[xlsx]") {
  const auto sheet = read_sheet("单位台账.xlsx", workbook("units/units.xlsx"));
  CHECK(sheet.xlsx);
  CHECK(sheet.source == "单位台账.xlsx:Sheet1");
  CHECK(describe(sheet) == "xlsx");
  // Every row has the header's width, as a CSV row has.
  for (const auto& row : sheet.rows) CHECK(row.fields.size() == 16);
  const auto csv = read_sheet("a.csv", "名称,类别\n甲,超市\n");
  CHECK(!csv.xlsx);
  CHECK(csv.source == "a.csv");
  std::string hint;
  CHECK(error_of([] { read_sheet("a.csv", "名称\n", {{}, "Sheet1"}); }, &hint) ==
        "a.csv: --sheet Sheet1: this is a CSV file, which has no sheets");
  CHECK(error_of([] { read_sheet("old.xls", std::string("\xD0\xCF\x11\xE0\xA1\xB1\x1A\xE1 rest", 13)); }, &hint) ==
        "old.xls: this is an old Excel 97-2003 workbook (.xls) or an encrypted one, which firegrid cannot read");
  CHECK(hint.find(".xlsx") != std::string::npos);
  CHECK(error_of([] { read_sheet("bad.xlsx", "PK\x03\x04 not a zip"); }).rfind("bad.xlsx: not a readable .xlsx workbook", 0) == 0);
}

TEST_CASE("read_xlsx_parts: relationships, styles and hostile XML", "[xlsx]") {
  const std::string styles =
    R"(<numFmts><numFmt numFmtId="170" formatCode="&quot;d&quot;0"/><numFmt numFmtId="171" formatCode="[h]:mm"/>)"
    R"(<numFmt numFmtId="172" formatCode="[Red]0.0;\d"/></numFmts><cellXfs><xf/><xf numFmtId="170"/>)"
    R"(<xf numFmtId="171"/><xf numFmtId="172"/><xf numFmtId="31"/></cellXfs>)";
  const auto sheet = read_xlsx_parts(
    parts_with(R"(<row r="3"><c r="B3" s="1"><v>45</v></c><c s="2"><v>0.5</v></c><c s="3"><v>7</v></c>)"
               R"(<c s="4"><v>46086</v></c><c s="9"><v>1e-7</v></c><c><v>-0</v></c><c t="d"><v>2026-03-05T00:00:00</v></c></row>)",
               styles),
    "表2");
  CHECK(sheet.name == "表2");
  REQUIRE(sheet.rows.size() == 1);
  CHECK(sheet.rows[0].fields == Fields{"", "45", "12:00", "7", "2026-03-05", "1E-07", "-0", "2026-03-05"});

  std::string hint;
  CHECK(error_of([&] { read_xlsx_parts(parts_with(R"(<row><c t="s"><v>3</v></c></row>)")); }) ==
        "the part xl/worksheets/s.xml of the workbook: a cell in row 1 names shared string '3', which the workbook lacks");
  auto doctype = parts_with("");
  doctype["xl/worksheets/s.xml"] = R"(<!DOCTYPE x [<!ENTITY a "aaaa">]><worksheet>&a;</worksheet>)";
  CHECK(error_of([&] { read_xlsx_parts(doctype); }) ==
        "the part xl/worksheets/s.xml of the workbook: a document type declaration, which a workbook never has");
  CHECK(error_of([&] { read_xlsx_parts(parts_with("<row><c><v>1</c></row>")); }, &hint)
          .rfind("the part xl/worksheets/s.xml of the workbook is not well-formed XML (line 1: mismatched tag)", 0) == 0);
  CHECK(hint.find("save it again") != std::string::npos);
  auto no_book = parts_with("");
  no_book.erase("xl/workbook.xml");
  CHECK(error_of([&] { read_xlsx_parts(no_book); }) == "this zip file is not an .xlsx workbook (it has no workbook part)");
}

TEST_CASE("read_xlsx refuses what passes its limits, with bounded memory", "[xlsx]") {
  const std::string book = workbook("units/units.xlsx");
  std::string hint;
  XlsxLimits small;
  small.part_bytes = 1000;
  CHECK(error_of([&] { read_xlsx(book, {}, small); }, &hint).find("is larger than 1000 bytes uncompressed") !=
        std::string::npos);
  CHECK(hint == "a sheet this large is not a list of records: split it, or save it as CSV");
  XlsxLimits few_cells;
  few_cells.cells = 20;
  CHECK(error_of([&] { read_xlsx(book, {}, few_cells); }) == "the sheet is too large to import: more than 20 cells");
  XlsxLimits little_text;
  little_text.text_bytes = 100;
  CHECK(error_of([&] { read_xlsx(book, {}, little_text); }) ==
        "the sheet is too large to import: more than 100 bytes of text in its cells");
  // A cell far to the right would make every row as wide: refused past Excel's last column.
  CHECK(error_of([&] { read_xlsx_parts(parts_with(R"(<row><c r="XFE1"><v>1</v></c></row>)")); }) ==
        "the sheet is too large to import: a cell in row 1 is past column 16384");
  CHECK(error_of([&] { read_xlsx_parts(parts_with(R"(<row r="1048577"><c><v>1</v></c></row>)")); }) ==
        "the sheet is too large to import: row 1048577 is past Excel's last row");
  // A million empty cells before one value count against the cells kept.
  XlsxLimits thousand;
  thousand.cells = 1000;
  CHECK(error_of([&] { read_xlsx_parts(parts_with(R"(<row><c r="AMK1"><v>1</v></c></row>)"), {}, thousand); }) ==
        "the sheet is too large to import: more than 1000 cells");
}

TEST_CASE("read_xlsx refuses deep nesting and floods of shared strings", "[xlsx]") {
  std::string deep;
  for (int i = 0; i < 100; ++i) deep += "<x>";
  CHECK(error_of([&] { read_xlsx_parts(parts_with(deep)); }) ==
        "the part xl/worksheets/s.xml of the workbook: elements nested more than 64 deep");
  auto parts = parts_with("<row><c t=\"s\"><v>0</v></c></row>");
  parts["xl/_rels/workbook.xml.rels"] =
    R"(<Relationships><Relationship Id="rId1" Type="t/worksheet" Target="worksheets/s.xml"/>)"
    R"(<Relationship Id="rId2" Type="t/sharedStrings" Target="strings.xml"/></Relationships>)";
  std::string many = "<sst>";
  for (int i = 0; i < 50; ++i) many += "<si/>";
  parts["xl/strings.xml"] = many + "</sst>";
  XlsxLimits few;
  few.cells = 40;
  CHECK(error_of([&] { read_xlsx_parts(parts, {}, few); }) == "the sheet is too large to import: more than 40 cells");
  // An empty string is no value: the row is left out.
  CHECK(read_xlsx_parts(parts).rows.empty());
}
