// Printable pages (A4, self-contained HTML: inline CSS, no fonts, scripts or images from
// elsewhere) for the people in the field: the week's plan per inspector, the checklist of a
// unit or category, the rectification notice and the re-check opinion. Each function only
// renders what it is given; none reads or writes a record.
#pragma once

#include <firegrid/grid/tree.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/inspect/plan.hpp>

#include <string>
#include <vector>

namespace firegrid::paper {

// The style every printable page shares: A4 portrait, 15 mm margins, a serif CJK face the
// printer has (SimSun, Noto Serif CJK, WenQuanYi), `.page` breaking after itself.
const std::string& page_css();

// The week's plan, one page per assignee (page break between them), `visits` (a subset of
// plan.visits, in the plan's order) as a table with a column to write the result in, and
// lines for the inspector's signature.
std::string plan_html(const inspect::Plan& plan, const std::vector<const inspect::Visit*>& visits,
                      const grid::Tree& tree);

// The written rectification notice (限期整改通知书) of hazard `h`, in two copies (被检查单位留存,
// 存档) a page apart: its number, office, date and deadline from the hazard's last notice
// step; every hazard of the same place that this notice (the same number, or the hazard
// alone when it has none) covers, each with its checklist item and the item's legal basis.
// Throws Error when the hazard has no notice.
std::string notice_html(const inspect::Hazard& h, const std::vector<inspect::Hazard>& hazards,
                        const inspect::Checklist& checklist, const grid::Tree& tree);

// The re-check opinion (复查意见书) of hazard `h`'s last re-check (verify-pass or
// verify-fail), in two copies like the notice: the notice it follows, what was found, the
// re-check inspection it names, and for a failed re-check the new deadline. Throws Error
// when the hazard has no re-check.
std::string recheck_html(const inspect::Hazard& h, const inspect::Checklist& checklist, const grid::Tree& tree);

// A blank checklist for a unit category, or filled in with `unit`'s name, address,
// responsible person and phone and its last inspection's failed items when `unit` is not
// null (`last` may be null): each item with boxes 合格/不合格/不适用 and a note column, and
// signature lines. One copy.
std::string checklist_html(const inspect::Checklist& checklist, const std::string& category, const unit::Unit* unit,
                           const inspect::Inspection* last, const grid::Tree& tree);

}  // namespace firegrid::paper
