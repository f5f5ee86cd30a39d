#include <firegrid/paper/paper.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/report/html.hpp>
#include <firegrid/unit/category.hpp>

#include <fmt/format.h>

namespace firegrid::paper {

namespace {

using report::html_escape;

// 2026-11-10 as 2026年11月10日.
std::string notice_date(const std::string& iso) {
  Date d;
  if (!parse_date(iso, d)) return iso;
  return fmt::format("{}年{}月{}日", d.year, d.month, d.day);
}

// The last step of `events` in the hazard's history, or null.
const doc::Node* notice_last_step(const doc::Node& record, std::initializer_list<const char*> events) {
  const doc::Node* found = nullptr;
  if (const doc::Node* history = record.find("history"); history && history->is_sequence())
    for (const auto& e : history->items())
      for (const char* ev : events)
        if (e.get_string("event") == ev) found = &e;
  return found;
}

std::string notice_county(const grid::Tree& tree) { return tree.root() ? tree.root()->name() : std::string(); }

// Where the hazard is: the unit's fields, or the grid's name and the hazard's place.
struct NoticePlace {
  std::string name, address, responsible, phone;
};
NoticePlace notice_place(const inspect::Hazard& h) {
  NoticePlace p;
  if (h.unit) {
    const doc::Node& u = h.unit->doc.root;
    p.name = h.unit->name();
    p.address = u.get_string("address");
    if (const doc::Node* r = u.find("responsible")) {
      p.responsible = r->get_string("name");
      p.phone = r->get_string("phone");
    }
    if (p.phone.empty())
      if (const doc::Node* m = u.find("manager")) p.phone = m->get_string("phone");
  } else if (h.grid) {
    p.name = h.grid->display_path();
    p.address = h.record.doc().root.get_string("place");
    if (const doc::Node* l = h.grid->doc.root.find("leader")) {
      p.responsible = l->get_string("name");
      p.phone = l->get_string("phone");
    }
  }
  return p;
}

// The office that took a step: the organisation of its `by`, else the unit's supervisor.
std::string notice_office(const doc::Node* step, const inspect::Hazard& h, const grid::Tree& tree) {
  if (step)
    if (const doc::Node* by = step->find("by"); by && !by->get_string("organisation").empty())
      return by->get_string("organisation");
  if (h.unit && unit::effective_supervisor(h.unit->doc.root) == unit::Supervisor::fire_brigade)
    return notice_county(tree) + "消防救援大队";
  const grid::Grid* g = h.unit ? h.unit->group : h.grid;
  while (g && g->level > grid::Level::township) g = g->parent;
  return (g ? g->name() : notice_county(tree)) + "派出所";
}

std::string notice_person(const doc::Node* step) {
  if (!step) return "";
  const doc::Node* by = step->find("by");
  return by ? by->get_string("name") : "";
}

std::string notice_page(const std::string& copy, const std::string& body) {
  return fmt::format("<section class=\"page\">\n<p class=\"copy\">{}</p>\n{}</section>\n", copy, body);
}

std::string notice_document(const std::string& title, const std::string& pages) {
  return fmt::format("<!DOCTYPE html>\n<html lang=\"zh-CN\">\n<head>\n<meta charset=\"utf-8\">\n<title>{}</title>\n"
                     "<style>\n{}</style>\n</head>\n<body>\n{}</body>\n</html>\n",
                     html_escape(title), page_css(), pages);
}

std::string notice_fields(const NoticePlace& p) {
  return fmt::format("<table class=\"fields\">\n<tr><td class=\"k\">单位（场所）</td><td colspan=\"3\">{}</td></tr>\n"
                     "<tr><td class=\"k\">地址</td><td colspan=\"3\">{}</td></tr>\n"
                     "<tr><td class=\"k\">消防安全责任人</td><td>{}</td><td class=\"k\">联系电话</td><td>{}</td></tr>\n"
                     "</table>\n",
                     html_escape(p.name), html_escape(p.address), html_escape(p.responsible), html_escape(p.phone));
}

// One hazard as a line of the notice: its description and the legal basis of its item.
std::string notice_item_row(std::size_t n, const doc::Node& r, const inspect::Checklist& checklist,
                            const std::string& extra) {
  const inspect::Checklist::Item* item = checklist.find(r.get_string("item"));
  const std::string basis = item && !item->basis.empty() ? item->basis : "《中华人民共和国消防法》第十六条第一款第（五）项";
  return fmt::format("<tr><td class=\"nw\">{}</td><td>{}{}</td><td class=\"nw\">{}</td><td>{}</td>{}</tr>\n", n,
                     html_escape(r.get_string("description")),
                     r.get_string("place").empty() ? "" : "（" + html_escape(r.get_string("place")) + "）",
                     r.get_string("severity") == "major" ? "重大" : "一般", html_escape(basis), extra);
}

// The signatures under a notice or an opinion: the officer who signs (`signer`: 检查人员 on a
// notice, 复查人员 on a re-check opinion; the step's person printed on the line), the unit's
// receipt and its date, and the office's seal dated `date` (already in words).
std::string notice_signatures(const char* signer, const doc::Node* step, const std::string& office,
                              const std::string& date) {
  return fmt::format("<div class=\"sign\"><div>{}（签名）：<span class=\"line\">{}</span></div>"
                     "<div>被检查单位签收：<span class=\"line\"></span></div></div>\n"
                     "<div class=\"sign\"><div>签收日期：<span class=\"line\"></span></div>"
                     "<div class=\"seal\">{}（印章）<br>{}</div></div>\n",
                     signer, html_escape(notice_person(step)), html_escape(office), date);
}

}  // namespace

std::string notice_html(const inspect::Hazard& h, const std::vector<inspect::Hazard>& hazards,
                        const inspect::Checklist& checklist, const grid::Tree& tree) {
  const doc::Node& r = h.record.doc().root;
  const doc::Node* step = notice_last_step(r, {"notice"});
  if (!step)
    throw Error(msg("{} has no notice to print", h.record.id()),
                msg("issue it first: firegrid hazard notice {} --by WHO", h.record.id()));
  const std::string number = step->get_string("number");
  const std::string issued = step->get_string("date");
  // The hazards this notice covers: the same place and notice number (this one alone
  // when the notice has no number).
  std::vector<const doc::Node*> covered;
  for (const auto& o : hazards) {
    if (&o != &h && (number.empty() || o.unit != h.unit || o.grid != h.grid)) continue;
    const doc::Node* s = notice_last_step(o.record.doc().root, {"notice"});
    if (&o == &h || (s && s->get_string("number") == number)) covered.push_back(&o.record.doc().root);
  }
  const NoticePlace place = notice_place(h);
  const std::string office = notice_office(step, h, tree);
  std::string deadline = step->get_string("deadline");
  if (deadline.empty()) deadline = r.get_string("deadline");
  std::string found = r.get_string("found_on");
  for (const auto* c : covered)
    if (c->get_string("found_on") < found) found = c->get_string("found_on");

  std::string body;
  body += fmt::format("<h1>{}</h1>\n<p class=\"sub\">限期整改通知书</p>\n", html_escape(office));
  body += fmt::format("<p class=\"number\">{}</p>\n", number.empty() ? "（未编号）" : html_escape(number));
  body += fmt::format("<p><b>{}</b>：</p>\n", html_escape(place.name));
  body += fmt::format("<p>　　根据《中华人民共和国消防法》，我单位于{}对你单位（场所）进行消防安全检查，"
                      "发现你单位（场所）存在下列消防安全违法行为和火灾隐患：</p>\n",
                      notice_date(found));
  body += "<table>\n<tr><th class=\"nw\">序号</th><th>隐患及违法行为</th><th class=\"nw\">等级</th><th>依据</th></tr>\n";
  std::size_t n = 0;
  for (const auto* c : covered) body += notice_item_row(++n, *c, checklist, "");
  body += "</table>\n";
  body += fmt::format("<p>　　请你单位于<b>{}</b>前整改完毕，并将整改情况书面报告我单位；整改期间应当采取措施，"
                      "确保消防安全。逾期不改正的，依法予以处罚。</p>\n",
                      notice_date(deadline));
  body += notice_fields(place);
  body += notice_signatures("检查人员", step, office, notice_date(issued));
  std::vector<std::string> ids;
  for (const auto* c : covered) ids.push_back(c->get_string("id"));
  body += fmt::format("<p class=\"note\">隐患编号：{}</p>\n", html_escape(fmt::format("{}", fmt::join(ids, "、"))));
  const std::string pages = notice_page("第一联　被检查单位留存", body) + notice_page("第二联　存档", body);
  return notice_document(fmt::format("限期整改通知书 {}", number.empty() ? h.record.id() : number), pages);
}

std::string recheck_html(const inspect::Hazard& h, const inspect::Checklist& checklist, const grid::Tree& tree) {
  const doc::Node& r = h.record.doc().root;
  const doc::Node* step = notice_last_step(r, {"verify-pass", "verify-fail"});
  if (!step)
    throw Error(msg("{} has no re-check to print", h.record.id()),
                msg("record it first: firegrid hazard verify {} (--pass | --fail) --by WHO", h.record.id()));
  const doc::Node* notice = notice_last_step(r, {"notice"});
  const bool passed = step->get_string("event") == "verify-pass";
  const NoticePlace place = notice_place(h);
  const std::string office = notice_office(step, h, tree);
  const std::string number = notice ? notice->get_string("number") : "";

  std::string body;
  body += fmt::format("<h1>{}</h1>\n<p class=\"sub\">复查意见书</p>\n", html_escape(office));
  body += fmt::format("<p class=\"number\">{}</p>\n", number.empty() ? "" : "（依据" + html_escape(number) + "）");
  body += fmt::format("<p><b>{}</b>：</p>\n", html_escape(place.name));
  body += fmt::format("<p>　　根据{}，我单位于{}对你单位（场所）的整改情况进行了复查{}，复查情况如下：</p>\n",
                      notice ? fmt::format("{}下达的限期整改通知书{}", notice_date(notice->get_string("date")),
                                           number.empty() ? "" : "（" + html_escape(number) + "）")
                             : "消防安全检查发现的火灾隐患",
                      notice_date(step->get_string("date")),
                      step->get_string("inspection").empty()
                          ? ""
                          : "（检查记录 " + html_escape(step->get_string("inspection")) + "）");
  body += "<table>\n<tr><th class=\"nw\">序号</th><th>隐患及违法行为</th><th class=\"nw\">等级</th><th>依据</th><th>复查结果</th></tr>\n";
  body += notice_item_row(1, r, checklist, passed ? "<td>已整改</td>" : "<td>未整改</td>");
  body += "</table>\n";
  if (passed)
    body += "<p>　　复查意见：上述火灾隐患已整改完毕，予以销案。</p>\n";
  else
    body += fmt::format("<p>　　复查意见：上述火灾隐患未整改完毕，请你单位于<b>{}</b>前整改完毕，并将整改情况书面报告我单位。</p>\n",
                        notice_date(step->get_string("deadline")));
  if (!step->get_string("note").empty())
    body += fmt::format("<p>　　说明：{}</p>\n", html_escape(step->get_string("note")));
  body += notice_fields(place);
  body += notice_signatures("复查人员", step, office, notice_date(step->get_string("date")));
  body += fmt::format("<p class=\"note\">隐患编号：{}</p>\n", html_escape(std::string(h.record.id())));
  const std::string pages = notice_page("第一联　被检查单位留存", body) + notice_page("第二联　存档", body);
  return notice_document(fmt::format("复查意见书 {}", h.record.id()), pages);
}

}  // namespace firegrid::paper
