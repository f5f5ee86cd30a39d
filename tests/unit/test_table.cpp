#include <firegrid/render/table.hpp>

#include <catch2/catch.hpp>

using firegrid::render::Align;
using firegrid::render::Formulas;
using firegrid::render::Table;

namespace {
Table sample() {
  Table t;
  t.columns = {{"grid", "网格", Align::left}, {"units", "单位数", Align::right},
               {"address", "地址", Align::left}};
  t.rows = {{"槐阳镇", "12", "元氏县"}, {"A1", "3", ""}, {"北正乡第一网格", "105", "x|y"}};
  return t;
}
}  // namespace

TEST_CASE("render_text aligns Chinese by display width", "[render][table]") {
  const std::string expected =
      "网格            单位数  地址\n"
      "──────────────  ──────  ──────\n"
      "槐阳镇              12  元氏县\n"
      "A1                   3\n"
      "北正乡第一网格     105  x|y\n";
  CHECK(firegrid::render::render_text(sample()) == expected);
}

TEST_CASE("render_text of an empty table prints header and rule", "[render][table]") {
  Table t;
  t.columns = {{"name", "名称", Align::left}, {"n", "n", Align::right}};
  CHECK(firegrid::render::render_text(t) == "名称  n\n────  ─\n");
}

TEST_CASE("render_text keeps a cell on one line and tolerates short rows", "[render][table]") {
  Table t;
  t.columns = {{"a", "a", Align::left}, {"b", "b", Align::left}};
  t.rows = {{"x\r\ny", "1"}, {"z"}};
  CHECK(firegrid::render::render_text(t) == "a    b\n───  ─\nx y  1\nz\n");
}

TEST_CASE("render_markdown pads, escapes pipes and marks right alignment", "[render][table]") {
  const std::string expected =
      "| 网格           | 单位数 | 地址   |\n"
      "| -------------- | -----: | ------ |\n"
      "| 槐阳镇         |     12 | 元氏县 |\n"
      "| A1             |      3 |        |\n"
      "| 北正乡第一网格 |    105 | x\\|y   |\n";
  CHECK(firegrid::render::render_markdown(sample()) == expected);
}

TEST_CASE("render_markdown uses at least three dashes", "[render][table]") {
  Table t;
  t.columns = {{"a", "a", Align::left}, {"b", "b", Align::right}};
  t.rows = {{"1\n2", "x"}};
  CHECK(firegrid::render::render_markdown(t) ==
        "| a      |   b |\n| ------ | --: |\n| 1<br>2 |   x |\n");
}

TEST_CASE("render_csv quotes only when needed", "[render][table]") {
  Table t;
  t.columns = {{"name", "名称", Align::left}, {"note", "备注", Align::left}};
  t.rows = {{"槐阳镇", "a,b"}, {"say \"hi\"", "two\nlines"}, {" lead", "trail "}, {"plain"}};
  CHECK(firegrid::render::render_csv(t, Formulas::neutralise) ==
        "name,note\n"
        "槐阳镇,\"a,b\"\n"
        "\"say \"\"hi\"\"\",\"two\nlines\"\n"
        "\" lead\",\"trail \"\n"
        "plain,\n");
}

TEST_CASE("render_csv quotes an empty cell of a one-column table", "[render][table]") {
  Table t;
  t.columns = {{"name", "名称", Align::left}};
  t.rows = {{""}, {"x"}};
  CHECK(firegrid::render::render_csv(t, Formulas::neutralise) == "name\n\"\"\nx\n");
}

// Issue 15, defect 4: CSV formula injection (OWASP).
TEST_CASE("render_csv neutralises text cells that a spreadsheet would run", "[render][table]") {
  Table t;
  t.columns = {{"name", "名称", Align::left}, {"delta", "变化", Align::right, true}};
  t.rows = {{"=HYPERLINK(\"http://x\")", "-3"},
            {"+1", "-0.25"},
            {"-2", "=1+1"},
            {"@SUM(A1)", "1e-3"},
            {"\tcalc", "-"},
            {"\rcalc", "12"},
            {"a=b", ""}};
  CHECK(firegrid::render::render_csv(t, Formulas::neutralise) ==
        "name,delta\n"
        "\"'=HYPERLINK(\"\"http://x\"\")\",-3\n"
        "'+1,-0.25\n"
        "'-2,'=1+1\n"
        "'@SUM(A1),1e-3\n"
        "'\tcalc,'-\n"
        "\"'\rcalc\",12\n"
        "a=b,\n");
  CHECK(firegrid::render::render_csv(t, Formulas::keep) ==
        "name,delta\n"
        "\"=HYPERLINK(\"\"http://x\"\")\",-3\n"
        "+1,-0.25\n"
        "-2,=1+1\n"
        "@SUM(A1),1e-3\n"
        "\tcalc,-\n"
        "\"\rcalc\",12\n"
        "a=b,\n");
}

TEST_CASE("render_csv neutralises a header that would start a formula", "[render][table]") {
  Table t;
  t.columns = {{"=cmd", "x", Align::left, true}};
  t.rows = {{"-1"}};
  CHECK(firegrid::render::render_csv(t, Formulas::neutralise) == "'=cmd\n-1\n");
}

TEST_CASE("render_json gives objects keyed by column key in column order", "[render][table]") {
  Table t;
  t.columns = {{"zeta", "Z", Align::left}, {"alpha", "A", Align::right}};
  t.rows = {{"槐阳镇", "12"}};
  CHECK(firegrid::render::render_json(t) ==
        "[\n  {\n    \"zeta\": \"槐阳镇\",\n    \"alpha\": \"12\"\n  }\n]\n");
  t.rows.clear();
  CHECK(firegrid::render::render_json(t) == "[]\n");
}

TEST_CASE("render_json replaces invalid UTF-8 instead of throwing", "[render][table]") {
  Table t;
  t.columns = {{"k", "K", Align::left}};
  t.rows = {{"a\xFF"}};
  CHECK(firegrid::render::render_json(t) == "[\n  {\n    \"k\": \"a\xEF\xBF\xBD\"\n  }\n]\n");
}
