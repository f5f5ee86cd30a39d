#include <firegrid/core/error.hpp>
#include <firegrid/report/html.hpp>

#include "support.hpp"

#include <catch2/catch.hpp>

using namespace firegrid;
using namespace firegrid::report;

namespace {

std::size_t occurrences(const std::string& s, const std::string& what) {
  std::size_t n = 0;
  for (auto at = s.find(what); at != std::string::npos; at = s.find(what, at + what.size())) ++n;
  return n;
}

Node grid_node(const std::string& path, const std::string& name, const std::string& level, Figures total) {
  Node n;
  n.path = path;
  n.id = path.substr(path.rfind('/') + 1);
  n.name = name;
  n.level = level;
  n.own = {};
  n.total = std::move(total);
  return n;
}

// A county with two townships, one of them with a village; figures chosen by hand.
Rollup county(const std::string& period_name, const Date& first, const Date& last) {
  Rollup r;
  r.kind = "weekly";
  r.period = {first, last, period_name};
  r.as_of = last;
  r.root = grid_node("", "元氏县", "county",
                     {{"units.active", 30}, {"checks.required", 10}, {"checks.done", 8}, {"hazards.open", 5},
                      {"hazards.overdue", 2}, {"hazards.new", 3}, {"hazards.closed", 1}, {"inspections.done", 40}});
  Node a = grid_node("huaiyang", "槐阳镇", "township",
                     {{"units.active", 20}, {"checks.required", 10}, {"checks.done", 8}, {"hazards.open", 4},
                      {"hazards.overdue", 2}});
  a.children.push_back(grid_node("huaiyang/dongguan", "东关村", "village", {{"units.active", 20}}));
  Node b = grid_node("beizheng", "北正乡", "township", {{"units.active", 10}, {"hazards.open", 1}});
  r.root.children = {a, b};
  return r;
}

Labels labels(Lang lang = Lang::zh) { return Labels(test::catalog(), lang); }

HtmlInput input(const Rollup& r, const std::vector<Rollup>& weeks, const std::vector<Rollup>& months) {
  HtmlInput in;
  in.rollup = &r;
  in.weeks = weeks;
  in.months = months;
  in.title = "元氏县消防安全网格化管理周报 2026-W48";
  in.county = "元氏县";
  in.generated_by = "firegrid test";
  return in;
}

std::vector<Rollup> three_weeks() {
  return {county("2026-W46", test::date("2026-11-09"), test::date("2026-11-15")),
          county("2026-W47", test::date("2026-11-16"), test::date("2026-11-22")),
          county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"))};
}

std::vector<Rollup> two_months() {
  return {county("2026-10", test::date("2026-10-01"), test::date("2026-10-31")),
          county("2026-11", test::date("2026-11-01"), test::date("2026-11-30"))};
}

}  // namespace

TEST_CASE("html_escape escapes the five characters and repairs invalid UTF-8", "[report][html]") {
  CHECK(html_escape("a<b>&\"c'") == "a&lt;b&gt;&amp;&quot;c&#39;");
  CHECK(html_escape("槐阳镇") == "槐阳镇");
  CHECK(html_escape(std::string("x\xff" "y")) == "x\xEF\xBF\xBDy");
}

TEST_CASE("render_html escapes every string from the data", "[report][html]") {
  Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  r.root.children[0].name = "<script>alert('x')</script> & \"co\"";
  auto weeks = three_weeks();
  for (auto& w : weeks) w.root.children[0].name = r.root.children[0].name;
  HtmlInput in = input(r, weeks, two_months());
  in.title = "A<B>'\"&";
  const std::string html = render_html(in, labels());
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("alert('x')") == std::string::npos);
  CHECK(html.find("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;co&quot;") != std::string::npos);
  CHECK(html.find("<title>A&lt;B&gt;&#39;&quot;&amp;</title>") != std::string::npos);
}

TEST_CASE("render_html is one self-contained page", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  const std::string html = render_html(input(r, three_weeks(), two_months()), labels());
  CHECK(html.rfind("<!DOCTYPE html>\n<html lang=\"zh-CN\">", 0) == 0);
  CHECK(html.find("<meta charset=\"utf-8\">") != std::string::npos);
  CHECK(html.find("http:") == std::string::npos);
  CHECK(html.find("https:") == std::string::npos);
  CHECK(html.find("//") == std::string::npos);
  CHECK(html.find("url(") == std::string::npos);
  CHECK(html.find("@import") == std::string::npos);
  CHECK(html.find("<script") == std::string::npos);
  CHECK(html.find("@page{size:A4;margin:15mm}") != std::string::npos);
  CHECK(occurrences(html, "<svg ") == 3);
  CHECK(render_html(input(r, {}, {}), labels(Lang::en)).rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
}

TEST_CASE("the heat map has a cell per township and week, grey where nothing was required", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  const std::string html = render_html(input(r, three_weeks(), two_months()), labels());
  CHECK(occurrences(html, "<rect class=\"cell ") == 2 * 3);
  // 槐阳镇 did 8 of 10 every week (80-99%), 北正乡 had nothing required.
  CHECK(occurrences(html, "<rect class=\"cell c2\"") == 3);
  CHECK(occurrences(html, "<rect class=\"cell cn\"") == 3);
  CHECK(html.find("槐阳镇 2026-W47: 8/10 (80.0%)") != std::string::npos);
  // Without weeks there is no heat map, and a note says so.
  const std::string none = render_html(input(r, {}, two_months()), labels());
  CHECK(occurrences(none, "<rect class=\"cell ") == 0);
  CHECK(none.find(labels()("heading.no-data")) != std::string::npos);
}

TEST_CASE("the heat map keeps a row for a grid missing from a week", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  auto weeks = three_weeks();
  weeks[0].root.children.pop_back();
  const std::string html = render_html(input(r, weeks, {}), labels());
  CHECK(occurrences(html, "<rect class=\"cell ") == 2 * 3);
}

TEST_CASE("an undefined rate shows as a dash", "[report][html]") {
  Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  r.root.total.erase("checks.required");
  const std::string html = render_html(input(r, {}, {}), labels());
  // The county's checks.rate tile and row, and every hazards.in-time-rate (nothing closed).
  CHECK(html.find("<div class=\"value\">—</div>") != std::string::npos);
  CHECK(html.find("<td class=\"num\">—</td>") != std::string::npos);
  CHECK(html.find("80.0%") != std::string::npos);  // 槐阳镇's 8 of 10
  CHECK(html.find("nan") == std::string::npos);
  CHECK(html.find("inf") == std::string::npos);
}

TEST_CASE("the grid table indents each node by its depth", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  const std::string html = render_html(input(r, {}, {}), labels());
  CHECK(html.find("<td class=\"d0\">元氏县</td>") != std::string::npos);
  CHECK(html.find("<td class=\"d1\">槐阳镇</td>") != std::string::npos);
  CHECK(html.find("<td class=\"d2\">东关村</td>") != std::string::npos);
  CHECK(html.find("<td class=\"d1\">北正乡</td>") != std::string::npos);
}

TEST_CASE("the same input gives the same bytes", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  const auto a = render_html(input(r, three_weeks(), two_months()), labels());
  const auto b = render_html(input(r, three_weeks(), two_months()), labels());
  CHECK(a == b);
}

TEST_CASE("render_html without a rollup throws", "[report][html]") {
  CHECK_THROWS_AS(render_html(HtmlInput{}, labels()), Error);
}

TEST_CASE("html_table escapes cells, breaks lines and right-aligns numbers", "[report][html]") {
  render::Table t;
  t.columns = {{"name", "名称 <a>", render::Align::left}, {"n", "数", render::Align::right, true}};
  t.rows = {{"x & y", "3"}, {"two\nlines"}};
  CHECK(html_table(t) ==
        "<table>\n<thead><tr><th>名称 &lt;a&gt;</th><th class=\"num\">数</th></tr></thead>\n<tbody>\n"
        "<tr><td>x &amp; y</td><td class=\"num\">3</td></tr>\n"
        "<tr><td>two<br>lines</td><td class=\"num\"></td></tr>\n"
        "</tbody>\n</table>\n");
}

TEST_CASE("html_page wraps a body in the shared shell", "[report][html]") {
  const std::string page = html_page("T & t", "<p>x</p>\n", labels(Lang::en));
  CHECK(page.rfind("<!DOCTYPE html>\n<html lang=\"en\">", 0) == 0);
  CHECK(page.find("<title>T &amp; t</title>") != std::string::npos);
  CHECK(page.find("<main>\n<p>x</p>\n</main>") != std::string::npos);
  CHECK(page.find("Content-Security-Policy") != std::string::npos);
}

TEST_CASE("a weekly page opens on what to act on, before the tiles", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  Attention a;
  a.previous = firegrid::period_of("week", test::date("2026-11-16"));
  a.previous_as_of = test::date("2026-11-22");
  ActionHazard h;
  h.id = "h-20261020-x<1";
  h.place = "槐阳镇 / 东关村";
  h.township = "槐阳镇";
  h.unit = "东关小学";
  h.next = "recheck";
  h.days_overdue = 8;
  h.flags = {"deadline-passed", "overdue"};
  h.who = {"胡霞", "槐阳镇", "township-leader"};
  a.hazards.push_back(h);
  HtmlInput in = input(r, three_weeks(), two_months());
  in.attention = &a;
  in.all = false;
  const std::string html = render_html(in, labels());
  const auto act = html.find("要办的事"), tiles = html.find("class=\"tiles\"");
  REQUIRE(act != std::string::npos);
  CHECK(act < tiles);
  CHECK(html.find("h-20261020-x&lt;1") < tiles);
  CHECK(html.find("胡霞（槐阳镇）") < tiles);
  CHECK(html.find("<td class=\"num\">8</td>") < tiles);
  // Without --all the table says which villages it left out.
  CHECK(html.find("--all") != std::string::npos);
}

TEST_CASE("the last 12 weeks get a trend chart of their own", "[report][html]") {
  const Rollup r = county("2026-W48", test::date("2026-11-23"), test::date("2026-11-29"));
  HtmlInput in = input(r, three_weeks(), two_months());
  const std::string monthly_only = render_html(in, labels());
  in.recent_weeks = three_weeks();
  const std::string both = render_html(in, labels());
  const auto svgs = [](const std::string& s) {
    std::size_t n = 0;
    for (auto at = s.find("<svg"); at != std::string::npos; at = s.find("<svg", at + 1)) ++n;
    return n;
  };
  CHECK(svgs(both) == svgs(monthly_only) + 1);
  CHECK(both.find("近 12 周趋势") != std::string::npos);
  CHECK(both.find("W47") != std::string::npos);
}
