#include <firegrid/render/xlsx.hpp>
#include <firegrid/text/xlsx.hpp>

#include <catch2/catch.hpp>

#include <string>
#include <vector>

using firegrid::render::Align;
using firegrid::render::render_xlsx;
using firegrid::render::Table;
using firegrid::render::XlsxSection;

namespace {
using Fields = std::vector<std::string>;
}

// The workbook is read back with the project's own reader (text::read_xlsx); the golden
// cases read it with openpyxl as well.
TEST_CASE("render_xlsx: a sheet per section, numbers as numbers, text never a formula", "[render][xlsx]") {
  Table units;
  units.columns = {{"name", "名称"}, {"count", "数量", Align::right, true}, {"rate", "比率", Align::right, true}};
  units.rows = {{"=HYPERLINK(\"x\")", "12", "85.3%"}, {"北苏村", "1,200", ""}, {"-2+3", "n/a", "-0.5"}};
  Table second;
  second.columns = {{"a", "A"}};
  second.rows = {{"x"}};
  const std::string bytes = render_xlsx(
    std::vector<XlsxSection>{{"单位/列表:1", {"标题"}, units}, {"单位/列表:1", {}, second}, {"", {}, Table{}}});
  CHECK(firegrid::text::xlsx_sheet_names(bytes) == Fields{"单位 列表 1", "单位 列表 1 2", "Sheet"});
  const auto first = firegrid::text::read_xlsx(bytes);
  REQUIRE(first.rows.size() == 5);
  CHECK(first.rows[0].fields == Fields{"标题"});
  CHECK(first.rows[1].line == 3);  // a blank row between the notes and the table
  CHECK(first.rows[1].fields == Fields{"名称", "数量", "比率"});
  CHECK(first.rows[2].fields == Fields{"=HYPERLINK(\"x\")", "12", "0.853"});
  CHECK(first.rows[3].fields == Fields{"北苏村", "1200"});
  CHECK(first.rows[4].fields == Fields{"-2+3", "n/a", "-0.5"});
  CHECK(firegrid::text::read_xlsx(bytes, "单位 列表 1 2").rows.size() == 2);
  // The same tables give the same bytes.
  CHECK(render_xlsx(units) == render_xlsx(units));
}
