#include <firegrid/paper/paper.hpp>

#include <firegrid/report/html.hpp>
#include <firegrid/unit/category.hpp>

#include <fmt/format.h>

namespace firegrid::paper {

std::string checklist_html(const inspect::Checklist& checklist, const std::string& category, const unit::Unit* unit,
                           const inspect::Inspection* last, const grid::Tree& tree) {
  using report::html_escape;
  const std::string county = tree.root() ? tree.root()->name() : std::string();
  const unit::Category* cat = unit::find_category(category);
  const std::string cat_name = cat ? cat->chinese : category;
  std::string name, address, responsible, phone, grid_path;
  if (unit) {
    const doc::Node& u = unit->doc.root;
    name = unit->name();
    address = u.get_string("address");
    if (const doc::Node* r = u.find("responsible")) {
      responsible = r->get_string("name");
      phone = r->get_string("phone");
    }
    if (unit->group) grid_path = unit->group->display_path();
  }
  std::string body;
  body += fmt::format("<h1>{}消防安全检查记录表</h1>\n<p class=\"sub\">{}{}</p>\n", html_escape(county),
                      html_escape(cat_name), category.empty() ? "网格巡查" : "");
  body += "<table class=\"fields\">\n";
  body += fmt::format("<tr><td class=\"k\">单位（场所）</td><td colspan=\"3\">{}{}</td></tr>\n", html_escape(name),
                      unit ? "　" + html_escape(unit->id) : "");
  body += fmt::format("<tr><td class=\"k\">地址</td><td colspan=\"3\">{}</td></tr>\n", html_escape(address));
  body += fmt::format("<tr><td class=\"k\">所在网格</td><td colspan=\"3\">{}</td></tr>\n", html_escape(grid_path));
  body += fmt::format("<tr><td class=\"k\">消防安全责任人</td><td>{}</td><td class=\"k\">联系电话</td><td>{}</td></tr>\n",
                      html_escape(responsible), html_escape(phone));
  body += "<tr><td class=\"k\">检查日期</td><td></td><td class=\"k\">检查类型</td><td></td></tr>\n";
  body += "</table>\n";
  if (last) {
    std::vector<std::string> failed;
    for (const auto& f : last->failed) {
      const auto* item = checklist.find(f.code);
      failed.push_back(html_escape(item ? item->text : f.code));
    }
    body += fmt::format("<p>上次检查：{}（{}），不合格项：{}</p>\n", last->date.iso(), html_escape(std::string(last->record.id())),
                        failed.empty() ? "无" : fmt::format("{}", fmt::join(failed, "；")));
  }
  body += "<table>\n<tr><th>序号</th><th>检查项目</th><th>检查结果</th><th>问题及整改情况</th></tr>\n";
  std::size_t n = 0;
  for (const auto* item : checklist.for_category(category)) {
    bool failed_last = false;
    if (last)
      for (const auto& f : last->failed) failed_last = failed_last || f.code == item->code;
    body += fmt::format("<tr><td>{}</td><td>{}{}<br><small>{}</small></td><td style=\"white-space:nowrap\">"
                        "<span class=\"box\"></span>合格<br><span class=\"box\"></span>不合格<br>"
                        "<span class=\"box\"></span>不适用</td><td style=\"width:45mm\"></td></tr>\n",
                        ++n, html_escape(item->text), failed_last ? "（上次不合格）" : "", html_escape(item->code));
  }
  body += "</table>\n";
  body += "<div class=\"sign\"><div>检查人员（签名）：<span class=\"line\"></span></div>"
          "<div>被检查单位负责人（签名）：<span class=\"line\"></span></div></div>\n";
  body += "<div class=\"sign\"><div>日期：<span class=\"line\"></span></div><div>日期：<span class=\"line\"></span></div></div>\n";
  body += "<p class=\"note\">检查后请将结果录入 firegrid（inspect add），不合格项须开具隐患、当场改正或注明理由。</p>\n";
  const std::string title = unit ? "消防安全检查记录表 " + name : "消防安全检查记录表 " + cat_name;
  return fmt::format("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
                     "<style>\n{}</style>\n</head>\n<body>\n<section class=\"page\">\n{}</section>\n</body>\n</html>\n",
                     html_escape(title), page_css(), body);
}

}  // namespace firegrid::paper
