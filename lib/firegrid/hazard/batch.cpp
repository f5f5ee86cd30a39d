#include <firegrid/hazard/hazard.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/text/sheet.hpp>
#include <firegrid/text/xlsx.hpp>

#include <fmt/format.h>

#include <map>
#include <utility>
#include <vector>

namespace firegrid::hazard {

doc::Node parse_actor(const std::string& spec) {
  if (spec.empty()) throw Error(tr("who took the step? --by needs a name"), tr("--by 王强/槐阳镇派出所"));
  return grid::parse_person(spec);
}

namespace {

const std::map<std::string, std::string>& headers() {
  static const std::map<std::string, std::string> h = {
    {"hazard", "hazard"},     {"隐患编号", "hazard"}, {"隐患", "hazard"},       {"step", "step"},
    {"步骤", "step"},         {"环节", "step"},       {"date", "date"},         {"日期", "date"},
    {"by", "by"},             {"经办人", "by"},       {"deadline", "deadline"}, {"整改期限", "deadline"},
    {"期限", "deadline"},     {"number", "number"},   {"文书编号", "number"},   {"note", "note"},
    {"备注", "note"},         {"to", "to"},           {"上报至", "to"},         {"authority", "authority"},
    {"督办单位", "authority"},
  };
  return h;
}

// Step names as a spreadsheet may write them.
std::string step_name(const std::string& s) {
  // In the order of the state machine, so that the hint below reads like the docs.
  static const std::vector<std::pair<std::string, std::string>> names = {
    {"当场改正", "fix"},        {"责令改正", "notice"},        {"限期整改", "notice"},
    {"整改报告", "rectify"},    {"复查合格", "verify-pass"},   {"复查不合格", "verify-fail"},
    {"重新打开", "reopen"},     {"上报", "escalate"},          {"挂牌督办", "supervise"},
    {"摘牌", "lift"},           {"备注", "note"},
  };
  for (const auto& [name, event] : names)
    if (s == name) return event;
  std::vector<std::string> events, chinese;
  for (const auto& t : transitions()) {
    const std::string e = t.event;
    if (e == "assess" || e == "decide") continue;  // `hazard assess`, not a row
    if (s == e) return s;
    events.push_back(e);
  }
  // Unknown: say what a row may name.
  for (const auto& [name, event] : names) chinese.push_back(name);
  throw Error(msg("unknown step '{}'", s),
              msg("use one of: {}; or {}", fmt::join(events, ", "), fmt::join(chinese, ", ")));
}

}  // namespace

BatchPlan plan_steps(const schema::Catalog& catalog, const std::vector<inspect::Hazard>& hazards,
                     const doc::Node& policy, const std::string& file, const std::string& bytes,
                     const text::SheetOptions& input, const Date& today) {
  BatchPlan plan;
  text::Sheet csv;
  try {
    csv = text::read_sheet(file, bytes, input);
  } catch (const Error& e) {
    // read_sheet names the file; the finding's place does already.
    const std::string message = e.what();
    const bool prefixed = message.compare(0, file.size() + 2, file + ": ") == 0;
    const bool workbook = text::looks_like_zip(bytes) || text::looks_like_ole2(bytes) || !input.sheet.empty();
    plan.problems.error({file, 0, 0}, "batch-encoding", prefixed ? message.substr(file.size() + 2) : message,
                        workbook ? e.hint() : "save it as CSV UTF-8, or pass --encoding");
    return plan;
  }
  const std::string& where = csv.source;  // "steps.csv", or "整改.xlsx:Sheet1"
  for (const auto& e : csv.errors) plan.problems.error({where, e.line, e.column}, "batch-csv", e.message);
  if (csv.rows.empty()) {
    plan.problems.error({file, 1, 1}, "batch-empty", tr("no header row"), tr("the first row names the columns: hazard,step,date,by,..."));
    return plan;
  }
  std::vector<std::string> keys;
  for (const auto& h : csv.rows.front().fields) {
    const auto it = headers().find(h);
    if (it == headers().end()) {
      plan.problems.error({where, csv.rows.front().line, 1}, "batch-column", msg("unknown column '{}'", h),
                          tr("columns: hazard, step, date, by, deadline, number, note, to, authority"));
      return plan;
    }
    keys.push_back(it->second);
  }
  std::map<std::string, const inspect::Hazard*> by_id;
  for (const auto& h : hazards) by_id[std::string(h.record.id())] = &h;
  std::map<std::string, doc::Node> current;  // hazard id -> its record after the rows so far
  for (std::size_t i = 1; i < csv.rows.size(); ++i) {
    const auto& row = csv.rows[i];
    ++plan.rows;
    std::map<std::string, std::string> cell;
    for (std::size_t c = 0; c < keys.size() && c < row.fields.size(); ++c)
      cell[keys[c]] = keys[c] == "date" || keys[c] == "deadline"  // also 2026/3/5, 2026年3月5日
                        ? text::spreadsheet_date(text::as_typed(row.fields[c]))
                        : row.fields[c];
    try {
      const auto it = by_id.find(cell["hazard"]);
      if (it == by_id.end()) throw Error(msg("no hazard '{}'", cell["hazard"]));
      if (!it->second->record.loaded)
        throw Error(msg("{} cannot be read cleanly", it->second->record.path));
      Step step;
      step.event = step_name(cell["step"]);
      if (!parse_date(cell["date"], step.date)) throw Error(msg("date '{}' is not YYYY-MM-DD", cell["date"]));
      if (cell["by"].empty())
        throw Error(tr("who took the step? the `by` cell is empty"), tr("by (经办人): a name, or name/organisation: 王强/槐阳镇派出所"));
      step.by = parse_actor(cell["by"]);
      step.note = cell["note"];
      step.number = cell["number"];
      step.authority = cell["authority"];
      if (!cell["deadline"].empty()) {
        Date d;
        if (!parse_date(cell["deadline"], d)) throw Error(msg("deadline '{}' is not YYYY-MM-DD", cell["deadline"]));
        step.deadline = d;
      }
      for (std::size_t p = 0; p < cell["to"].size();) {
        const auto sep = cell["to"].find_first_of(" ;", p);
        const std::string body = cell["to"].substr(p, sep == std::string::npos ? std::string::npos : sep - p);
        if (!body.empty()) step.to.push_back(body);
        if (sep == std::string::npos) break;
        p = sep + 1;
      }
      // As `hazard escalate` without --to: both the county police bureau and the fire brigade.
      if (step.event == "escalate" && step.to.empty()) step.to = {"police-bureau", "fire-brigade"};
      auto [slot, fresh] = current.try_emplace(cell["hazard"], it->second->record.doc().root);
      (void)fresh;
      doc::Node next = apply(slot->second, step, policy, today);
      catalog.require_valid("hazard", it->second->record.path, next);
      plan.actions.push_back(
          language() == Language::zh
              ? fmt::format("{} {} {}（{}）→ {}", cell["hazard"], step.date.iso(), chinese_event(step.event), step.event,
                            chinese(state_of(next)))
              : fmt::format("{} {} {} -> {}", cell["hazard"], step.date.iso(), step.event, next.get_string("state")));
      slot->second = std::move(next);
    } catch (const InvalidRecord& e) {
      // What is wrong with the record, as inspect import says it (not just "would not be valid").
      for (const auto& f : e.findings().items()) plan.problems.error({where, row.line, 1}, "batch-row", f.message, f.hint);
      if (e.findings().items().empty()) plan.problems.error({where, row.line, 1}, "batch-row", e.what());
    } catch (const Error& e) {
      plan.problems.error({where, row.line, 1}, "batch-row", e.what(), e.hint());
    }
  }
  if (plan.problems.errors() > 0) return plan;
  for (const auto& [id, record] : current) {
    const auto* h = by_id[id];
    plan.changes.writes[h->record.path] = catalog.file_text("hazard", h->record.path, record);
    ++plan.hazards;
  }
  return plan;
}

}  // namespace firegrid::hazard
