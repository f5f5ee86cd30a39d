#include <firegrid/paper/paper.hpp>

#include <firegrid/report/html.hpp>

#include <fmt/format.h>

namespace firegrid::paper {

const std::string& page_css() {
  static const std::string css = R"(@page { size: A4; margin: 15mm; }
* { box-sizing: border-box; }
body { margin: 0; font-family: "SimSun", "Songti SC", "Noto Serif CJK SC", "Noto Sans CJK SC", "WenQuanYi Micro Hei", serif; font-size: 11pt; color: #000; }
.page { page-break-after: always; break-after: page; }
.page:last-child { page-break-after: auto; break-after: auto; }
h1 { font-size: 18pt; text-align: center; letter-spacing: 0.2em; margin: 0 0 4mm; }
.sub { text-align: center; margin: 0 0 5mm; }
.number { text-align: right; margin: 0 0 3mm; }
table { border-collapse: collapse; width: 100%; }
th, td { border: 1px solid #000; padding: 1.5mm 2mm; vertical-align: top; text-align: left; }
th { background: #eee; font-weight: bold; }
.nw { white-space: nowrap; }
tr { page-break-inside: avoid; break-inside: avoid; }
.box { display: inline-block; width: 3.5mm; height: 3.5mm; border: 1px solid #000; margin: 0 1mm 0 2mm; vertical-align: -0.5mm; }
.fields td.k { width: 32mm; background: #f4f4f4; font-weight: bold; }
.sign { margin-top: 8mm; display: flex; justify-content: space-between; }
.sign div { width: 48%; }
.line { display: inline-block; min-width: 40mm; border-bottom: 1px solid #000; }
.seal { height: 30mm; border: 1px dashed #999; text-align: right; padding: 2mm; color: #666; }
.copy { text-align: right; font-weight: bold; margin: 0 0 2mm; }
.note { font-size: 9pt; color: #333; margin-top: 3mm; }
)";
  return css;
}

namespace {

using report::html_escape;

std::string plan_level_name(const grid::Grid* g, grid::Level level) {
  while (g && g->level > level) g = g->parent;
  return g && g->level == level ? g->name() : std::string();
}

}  // namespace

std::string plan_html(const inspect::Plan& plan, const std::vector<const inspect::Visit*>& visits,
                      const grid::Tree& tree) {
  const std::string county = tree.root() ? tree.root()->name() : std::string();
  const IsoWeek w = iso_week(plan.week.first);
  std::string body;
  for (const auto& run : inspect::by_assignee(visits)) {
    const inspect::Assignee& who = run.front()->who;
    body += "<section class=\"page\">\n";
    body += fmt::format("<h1>{}消防安全检查周计划</h1>\n", html_escape(county));
    body += fmt::format("<p class=\"sub\">{}年第{}周（{}至{}）</p>\n", w.year, w.week, plan.week.first.iso(),
                        plan.week.last.iso());
    body += "<table class=\"fields\">\n";
    body += fmt::format("<tr><td class=\"k\">检查人</td><td>{}</td><td class=\"k\">单位</td><td>{}</td></tr>\n",
                        html_escape(who.name.empty() ? "（未指定）" : who.name), html_escape(who.organisation));
    body += fmt::format("<tr><td class=\"k\">职务</td><td>{}</td><td class=\"k\">电话</td><td>{}</td></tr>\n",
                        html_escape(who.role), html_escape(who.phone));
    body += "</table>\n<p></p>\n<table class=\"visits\">\n<tr><th class=\"nw\">序号</th><th>乡镇</th><th>村（社区）</th><th>网格</th><th>单位/地点</th>"
            "<th>检查类型</th><th>事由</th><th>期限</th><th>上次检查</th><th>检查结果</th></tr>\n";
    for (std::size_t k = 0; k < run.size(); ++k) {
      const inspect::Visit& v = *run[k];
      const inspect::Kind* kind = inspect::find_kind(v.kind);
      std::string reason = inspect::chinese(v.reason);
      if (!v.hazard.empty()) reason += "<br>" + html_escape(v.hazard);
      body += fmt::format(
          "<tr><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td>"
          "<td>{}{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td><td class=\"nw\">{}</td>"
          "<td class=\"nw\"><span class=\"box\"></span>合格<span class=\"box\"></span>不合格</td></tr>\n",
          k + 1, html_escape(plan_level_name(v.grid, grid::Level::township)),
          html_escape(plan_level_name(v.grid, grid::Level::village)),
          html_escape(plan_level_name(v.grid, grid::Level::group)), html_escape(v.place),
          v.unit ? "<br>" + html_escape(v.unit->id) : "", html_escape(kind ? kind->chinese : v.kind), reason,
          v.due.iso(), html_escape(v.last));
    }
    body += "</table>\n";
    body += "<div class=\"sign\"><div>检查人（签名）：<span class=\"line\"></span></div>"
            "<div>日期：<span class=\"line\"></span></div></div>\n";
    body += "<p class=\"note\">事由：隐患复查、从未检查、超过检查周期、例行检查，依紧急程度排列。检查后请录入 firegrid。</p>\n";
    body += "</section>\n";
  }
  if (visits.empty()) body = "<section class=\"page\"><p>本周无计划检查。</p></section>\n";
  return fmt::format("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
                     "<style>\n{}@page {{ size: A4 landscape; }}\ntable.visits td, table.visits th {{ font-size: 10pt; }}\n"
                     "</style>\n</head>\n<body>\n{}</body>\n</html>\n",
                     html_escape(county + " " + plan.week.name + " 检查计划"), page_css(), body);
}

}  // namespace firegrid::paper
