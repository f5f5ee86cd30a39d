// firegrid inspect add|show|list|edit|due|checklist|import: inspections and patrols.
#include "context.hpp"

#include <firegrid/schema/modeline.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/inspect/batch.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/inspect/plan.hpp>
#include <firegrid/paper/paper.hpp>
#include <firegrid/render/table.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/csv.hpp>
#include <firegrid/text/width.hpp>
#include <firegrid/unit/category.hpp>

#include <map>
#include <optional>
#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

namespace firegrid::cli {

namespace {

using inspect::Inspection;

Date date_option(const std::string& s, const char* option) { return date_option_or_today(s, option); }

// "exits=pass", "wiring=fail:插座老化" -> item.
inspect::NewInspection::Item parse_item(const std::string& spec) {
  const auto eq = spec.find('=');
  if (eq == std::string::npos || eq == 0)
    throw Error(msg("--item {}: expected CODE=pass|fail|fixed|na[:note]", spec), tr("e.g. --item wiring=fail:插座老化"));
  inspect::NewInspection::Item item;
  item.code = spec.substr(0, eq);
  std::string rest = spec.substr(eq + 1);
  const auto colon = rest.find(':');
  item.status = rest.substr(0, colon);
  if (colon != std::string::npos) item.note = rest.substr(colon + 1);
  return item;
}

struct AddOptions {
  std::string unit, grid, kind, date, time, summary;
  std::vector<std::string> inspectors, visits, items;
  bool open_hazards = false;
};

const Inspection& find_inspection(const model::Repo& repo, const std::string& id) {
  for (const auto& in : repo.inspections)
    if (in.record.id() == id) return in;
  throw Error(msg("no inspection {}", id), tr("`firegrid inspect list` shows them"));
}

int run_add(Context& ctx, const AddOptions& o) {
  if (o.unit.empty() == o.grid.empty()) throw Error(tr("name the unit (--unit) or the grid (--grid) inspected"));
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load({true, false});
  const unit::Unit* u = o.unit.empty() ? nullptr : &repo.units.resolve(o.unit);
  const grid::Grid* g = u ? u->group : repo.tree.resolve(o.grid);
  inspect::NewInspection in;
  in.kind = o.kind;
  in.date = date_option(o.date, "--date");
  in.time = o.time;
  for (const auto& p : o.inspectors) in.inspectors.push_back(grid::parse_person(p));
  for (const auto& v : o.visits) in.visited.push_back(repo.units.resolve(v).id);
  for (const auto& i : o.items) in.items.push_back(parse_item(i));
  in.summary = o.summary;
  in.open_hazards = o.open_hazards;
  in.clone = ctx.clone();
  const inspect::Checklist checklist(ctx.catalog());
  const auto c = inspect::record(ctx.catalog(), checklist, repo.units, *g, u, in, inspect::recorded_paths(repo.inspections));
  if (c.exists) {
    ctx.say(msg("{} is already recorded", c.id));
    return 0;
  }
  ctx.write(c.changes, fmt::format("检查 {} 登记（{}，{}）", c.id, inspect::find_kind(o.kind)->chinese,
                                   u ? u->name() : commit_place(g)));
  ctx.say(msg("recorded {} ({}, {}) for {}", c.id,
              in_chinese() ? inspect::find_kind(o.kind)->chinese : inspect::find_kind(o.kind)->id, in.date.iso(),
                      u ? fmt::format("{} {}", u->id, u->name()) : g->display_path()));
  for (const auto& h : c.hazards) ctx.say(msg("opened hazard {}", h));
  return 0;
}

std::string place_of(const Inspection& in) {
  if (in.unit) return fmt::format("{} {}", in.unit->id, in.unit->name());
  return in.grid ? in.grid->display_path() : "?";
}

// What show and edit load: the inspections with their documents.
model::LoadOptions with_documents(bool note_errors) {
  model::LoadOptions what(true, note_errors);
  what.inspection_documents = true;
  return what;
}

int run_show(Context& ctx, const std::string& id, const std::string& format) {
  const model::Repo repo = ctx.load(with_documents(true));
  const Inspection& in = find_inspection(repo, id);
  if (format == "yaml") {
    out(std::string(schema::without_modeline(in.record.doc().text)));  // the record, not its file's modeline
    return 0;
  }
  if (format == "json") {
    nlohmann::ordered_json j;
    j["id"] = in.record.id();
    j["grid"] = in.grid ? in.grid->path : "";
    j["unit"] = in.unit ? in.unit->id : "";
    j["file"] = in.record.path;
    j["record"] = doc::to_ordered_json(in.record.doc().root);
    out(j.dump(2) + "\n");
    return 0;
  }
  const doc::Node& r = in.record.doc().root;
  const inspect::Kind* kind = inspect::find_kind(in.kind);
  const inspect::Checklist checklist(ctx.catalog());
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("id"), in.record.id());
  rows.emplace_back(N_("kind"), !kind ? in.kind : in_chinese() ? zh_with_code(kind->chinese, kind->id)
                                                                : fmt::format("{} ({})", kind->chinese, kind->id));
  const std::string hhmm = r.get_string("time");
  rows.emplace_back(N_("when"), hhmm.empty() ? r.get_string("date") : r.get_string("date") + " " + hhmm);
  rows.emplace_back(N_("place"), place_of(in));
  if (const doc::Node* p = r.find("inspectors"))
    for (const auto& i : p->items()) rows.emplace_back(N_("inspector"), person_line(i));
  for (const auto& v : in.visited) {
    const unit::Unit* vu = repo.units.by_id(v);
    rows.emplace_back(N_("visited"), vu ? fmt::format("{} {}", v, vu->name()) : v);
  }
  // Each failed item followed by a hazard: is its loop closed today (the hazard fixed or
  // closed by its re-check)?
  std::map<std::string, std::string> loop_words;
  for (const auto& l : inspect::item_loops(repo.inspections, repo.hazards, today()))
    if (l.inspection == &in)
      loop_words[l.item->code] =
          !l.closed ? tr(" (open)")
                    : msg(" (closed {}{})", l.closed_on ? l.closed_on->iso() : "",
                          l.recheck.empty() ? "" : msg(", re-check {}", l.recheck));
  if (const doc::Node* items = r.find("items"))
    for (const auto& i : items->items()) {
      const auto* item = checklist.find(i.get_string("code"));
      // In Chinese the item's words first, its code (for --item CODE=...) after them.
      std::string line = text::pad_right(status_words(i.get_string("status")), in_chinese() ? 6 : 4) + "  " +
                         (in_chinese() && item ? zh_with_code(item->text, item->code)
                                               : fmt::format("{}  {}", i.get_string("code"), item ? item->text : ""));
      if (!i.get_string("note").empty()) line += "（" + i.get_string("note") + "）";
      if (!i.get_string("hazard").empty()) line += "  → " + i.get_string("hazard") + loop_words[i.get_string("code")];
      if (const doc::Node* f = i.find("fixed"); f && f->kind() == doc::Kind::boolean && f->as_bool())
        line += in_chinese() ? "  → 当场改正" : "  → 当场改正 (fixed on the spot)";
      if (const doc::Node* w = i.find("waiver"))
        line += fmt::format(in_chinese() ? "  → 不再跟进 {} {}：{}" : "  → 不再跟进 (waived) {} {}：{}", w->get_string("date"),
                            w->find("by") ? person_line(*w->find("by")) : "", w->get_string("reason"));
      rows.emplace_back(N_("item"), line);
    }
  rows.emplace_back(N_("result"), status_words(r.get_string("result")));
  rows.emplace_back(N_("summary"), r.get_string("summary"));
  rows.emplace_back(N_("file"), in.record.path);
  out(field_lines(rows));
  return 0;
}

struct ListOptions {
  std::string grid, unit, kind, from, to, format = "text";
};

int run_list(Context& ctx, const ListOptions& o) {
  const model::Repo repo = ctx.load({true, true});
  const grid::Grid* under = o.grid.empty() ? nullptr : repo.tree.resolve(o.grid);
  const unit::Unit* only = o.unit.empty() ? nullptr : &repo.units.resolve(o.unit);
  const Date from = o.from.empty() ? Date{1900, 1, 1} : date_option(o.from, "--from");
  const Date to = o.to.empty() ? Date{2999, 12, 31} : date_option(o.to, "--to");
  const inspect::Kind* kind = o.kind.empty() ? nullptr : inspect::find_kind(o.kind);
  if (!o.kind.empty() && !kind) {
    std::vector<std::string> ids;
    for (const auto& k : inspect::kinds()) ids.push_back(fmt::format("{} ({})", k.id, k.chinese));
    throw Error(msg("unknown inspection kind '{}'", o.kind), msg("use one of: {}", fmt::join(ids, ", ")));
  }
  std::vector<const Inspection*> shown;
  for (const auto& in : repo.inspections) {
    if (in.date < from || to < in.date) continue;
    if (kind && in.kind != kind->id) continue;
    if (only && in.unit != only && std::find(in.visited.begin(), in.visited.end(), only->id) == in.visited.end())
      continue;
    if (under) {
      bool inside = false;
      for (const grid::Grid* p = in.grid; p && !inside; p = p->parent) inside = p == under;
      if (!inside) continue;
    }
    shown.push_back(&in);
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Inspection* a, const Inspection* b) {
    return std::make_tuple(a->date.year, a->date.month, a->date.day, a->record.id()) <
           std::make_tuple(b->date.year, b->date.month, b->date.day, b->record.id());
  });
  render::Table t;
  t.columns = {{"id", tr("ID")}, {"date", tr("DATE")}, {"kind", tr("KIND")}, {"grid", tr("GRID")}, {"unit", tr("UNIT")},
               {"place", tr("PLACE")}, {"inspectors", tr("INSPECTORS")}, {"result", tr("RESULT")}};
  for (const Inspection* in : shown) {
    const inspect::Kind* k = inspect::find_kind(in->kind);
    t.rows.push_back({std::string(in->record.id()), in->date.iso(), o.format == "text" && k ? k->chinese : in->kind,
                      in->grid ? in->grid->path : "", in->unit ? in->unit->id : "",
                      in->unit ? in->unit->name() : (in->grid ? in->grid->name() : ""),
                      fmt::format("{}", fmt::join(in->inspectors(), "、")), o.format == "text" ? status_words(in->result) : in->result});
  }
  out(ctx.render(t, o.format));
  return 0;
}

struct DueOptions {
  std::string grid, as_of, format = "text";
  int within = 7;
};

int run_due(Context& ctx, const DueOptions& o) {
  const Date as_of = date_option(o.as_of, "--as-of");
  const model::Repo repo = ctx.load({true, true, as_of});
  const grid::Grid* under = o.grid.empty() ? repo.tree.root() : repo.tree.resolve(o.grid);
  const auto rows = inspect::due(repo.tree, repo.units, repo.inspections, repo.cadences, repo.policy(), *under, as_of, o.within);
  render::Table t;
  t.columns = {{"grid", tr("GRID")},     {"place", tr("PLACE")}, {"unit", tr("UNIT")},   {"kind", tr("KIND")},
               {"period", tr("PERIOD")}, {"due", tr("DUE")},     {"status", tr("STATUS")}, {"last", tr("LAST")}};
  for (const auto& r : rows) {
    const inspect::Kind* k = inspect::find_kind(r.kind);
    t.rows.push_back({r.grid.empty() && o.format == "text" ? "/" : r.grid, r.place, r.unit,
                      o.format == "text" ? (k ? k->chinese : "单位检查") : r.kind, r.period, r.due.iso(),
                      o.format == "text" ? status_words(r.status) : r.status,
                      r.last});
  }
  out(ctx.render(t, o.format));
  if (o.format == "text") {
    std::size_t missed = 0, overdue = 0;
    for (const auto& r : rows) {
      missed += r.status == "missed";
      overdue += r.status == "overdue";
    }
    std::size_t unfollowed = 0;
    for (const auto& u : inspect::unfollowed(repo.inspections, repo.hazards, as_of))
      unfollowed += u.inspection->grid && u.inspection->grid->is_within(*under);
    std::size_t open = 0;
    for (const auto& l : inspect::item_loops(repo.inspections, repo.hazards, as_of))
      open += !l.closed && l.inspection->grid && l.inspection->grid->is_within(*under);
    const auto within = static_cast<std::size_t>(o.within);
    ctx.say(msg("as of {}: {} grid check{} missed, {} unit{} overdue, {} due within {} day{}; {} unfollowed failed "
                "item{}, {} with an open hazard",
                as_of.iso(), missed, plural_s(missed), overdue, plural_s(overdue), rows.size() - missed - overdue,
                within, plural_s(within), unfollowed, plural_s(unfollowed), open));
  }
  return 0;
}

struct PlanOptions {
  std::string week = "this", grid, by, format = "text";
  bool save = false;
};

// The plan's flat table (CSV, JSON, xlsx, Markdown) or, for text, one section per assignee.
render::Table plan_table(const inspect::Plan& plan, const std::vector<const inspect::Visit*>& visits, bool text) {
  render::Table t;
  if (text)
    t.columns = {{"n", "序号", render::Align::right}, {"township", "乡镇"}, {"village", "村（社区）"}, {"group", "网格"},
                 {"unit", "单位"}, {"place", "名称"}, {"kind", "检查类型"}, {"reason", "事由"},
                 {"due", "期限"}, {"last", "上次检查"}, {"hazard", "隐患"}};
  else
    t.columns = {{"inspector", tr("INSPECTOR")}, {"organisation", tr("ORGANISATION")}, {"phone", tr("PHONE")},
                 {"township", tr("TOWNSHIP")}, {"village", tr("VILLAGE")}, {"group", tr("GROUP")}, {"unit", tr("UNIT")},
                 {"place", tr("PLACE")}, {"kind", tr("KIND")}, {"reason", tr("REASON")}, {"period", tr("PERIOD")},
                 {"due", tr("DUE")}, {"last", tr("LAST")}, {"hazard", tr("HAZARD")}};
  std::size_t n = 0;
  for (const auto* v : visits) {
    const auto name_at = [&](grid::Level level) {
      const grid::Grid* g = v->grid;
      while (g && g->level > level) g = g->parent;
      return g && g->level == level ? (text ? g->name() : g->path) : std::string();
    };
    const inspect::Kind* k = inspect::find_kind(v->kind);
    const std::string kind = text && k ? k->chinese : v->kind;
    const std::string reason = text ? inspect::chinese(v->reason) : inspect::to_string(v->reason);
    if (text)
      t.rows.push_back({std::to_string(++n), name_at(grid::Level::township), name_at(grid::Level::village),
                        name_at(grid::Level::group), v->unit ? v->unit->id : "", v->place, kind, reason, v->due.iso(),
                        v->last, v->hazard});
    else
      t.rows.push_back({v->who.name, v->who.organisation, v->who.phone, name_at(grid::Level::township),
                        name_at(grid::Level::village), name_at(grid::Level::group), v->unit ? v->unit->id : "",
                        v->place, v->kind, reason, v->period, v->due.iso(), v->last, v->hazard});
  }
  (void)plan;
  return t;
}

int run_plan(Context& ctx, const PlanOptions& o) {
  const Period week = inspect::parse_week(o.week, today());
  if (o.save && !o.by.empty())
    throw Error(tr("--save keeps the whole plan of the grid, not one assignee's"), tr("leave out --by to save it"));
  std::optional<store::RepoLock> lock;
  if (o.save) lock.emplace(ctx.lock());
  const model::Repo repo = ctx.load({true, true, week.first});
  const grid::Grid* under = o.grid.empty() ? repo.tree.root() : repo.tree.resolve(o.grid);
  const inspect::Plan plan = inspect::plan_week(repo.tree, repo.units, repo.inspections, repo.hazards, repo.cadences,
                                                repo.policy(), repo.calendar, *under, week);
  if (o.save) {
    // The plan as a record: made anew, it replaces the one saved before for that week and grid.
    const std::string path = inspect::plan_path(week, *under);
    const doc::Node record = inspect::plan_record(plan, *under, today());
    ctx.catalog().require_valid("plan", path, record);
    store::Changes changes;
    changes.writes[path] = ctx.catalog().file_text("plan", path, record);
    ctx.write(changes, fmt::format("检查计划 {}（{}）", week.name, commit_place(under)));
    ctx.say(msg("saved {}: {} visit{}", path, plan.visits.size(), plural_s(plan.visits.size())));
    return 0;
  }
  std::vector<const inspect::Visit*> visits;
  for (const auto& v : plan.visits)
    if (o.by.empty() || inspect::assigned_to(v.who, o.by)) visits.push_back(&v);
  if (o.format == "html") {
    const std::string page = paper::plan_html(plan, visits, repo.tree);
    if (!ctx.output.empty()) write_output_file(ctx.output, page);
    else out(page);
    return 0;
  }
  if (o.format != "text") {
    out(ctx.render(plan_table(plan, visits, false), o.format));
    return 0;
  }
  // Text: one section per assignee, in the plan's order.
  std::string text;
  std::size_t people = 0;
  for (const auto& run : inspect::by_assignee(visits)) {
    const inspect::Assignee& who = run.front()->who;
    std::vector<std::string> about;
    for (const auto* s : {&who.organisation, &who.role, &who.phone})
      if (!s->empty()) about.push_back(*s);
    if (!text.empty()) text += "\n";
    text += fmt::format("{}{}：{}\n", who.name.empty() ? who.organisation : who.name,
                        who.name.empty() || about.empty() ? "" : fmt::format("（{}）", fmt::join(about, "，")),
                        msg("{} visit{}", run.size(), plural_s(run.size())));
    text += render::render_text(plan_table(plan, run, true));
    ++people;
  }
  if (!ctx.output.empty()) write_output_file(ctx.output, text);
  else out(text);
  std::size_t counts[5] = {0, 0, 0, 0, 0};
  for (const auto* v : visits) ++counts[static_cast<int>(v->reason)];
  ctx.say(msg("{} ({} to {}): {} visit{} for {} inspector{}: {} re-check{}, {} never checked, {} past their "
              "interval, {} routine",
              week.name, week.first.iso(), week.last.iso(), visits.size(), plural_s(visits.size()), people,
              plural_s(people), counts[1], plural_s(counts[1]), counts[2], counts[3], counts[4]));
  return 0;
}

// The category id `category` names ("" for none). Throws Error listing the categories.
std::string checklist_category(const std::string& category) {
  if (category.empty()) return "";
  const unit::Category* c = unit::find_category(category);
  if (!c) {
    std::vector<std::string> ids;
    for (const auto& known : unit::categories()) ids.push_back(fmt::format("{} ({})", known.id, known.chinese));
    throw Error(msg("unknown category '{}'", category), msg("use one of: {}", fmt::join(ids, ", ")));
  }
  return c->id;
}

// The printable checklist: blank for a category, or filled in for a unit (its category,
// its details and its last inspection's failed items).
int run_checklist_html(Context& ctx, const std::string& category, const std::string& unit_query) {
  const model::Repo repo = ctx.load({true, true});
  const inspect::Checklist checklist(ctx.catalog());
  const unit::Unit* u = unit_query.empty() ? nullptr : &repo.units.resolve(unit_query);
  const std::string cat = u ? u->category() : checklist_category(category);
  // The unit's last inspection (its own or a grid check that visited it; not a self-inspection).
  const Inspection* last = nullptr;
  if (u)
    for (const auto& in : repo.inspections) {
      if (in.kind == "self-inspection") continue;
      const bool of_it = in.unit == u || std::find(in.visited.begin(), in.visited.end(), u->id) != in.visited.end();
      if (of_it && (!last || last->date < in.date || (last->date == in.date && last->record.id() < in.record.id()))) last = &in;
    }
  const std::string page = paper::checklist_html(checklist, cat, u, last, repo.tree);
  if (!ctx.output.empty()) write_output_file(ctx.output, page);
  else out(page);
  return 0;
}

int run_checklist(Context& ctx, const std::string& category, const std::string& format) {
  const inspect::Checklist checklist(ctx.catalog());
  const std::string cat = checklist_category(category);
  render::Table t;
  t.columns = {{"code", tr("CODE")}, {"text", tr("ITEM")}, {"english", tr("IN ENGLISH")}, {"applies", tr("APPLIES TO")}};
  for (const auto* i : category.empty() ? [&] {
         std::vector<const inspect::Checklist::Item*> all;
         for (const auto& it : checklist.items()) all.push_back(&it);
         return all;
       }()
                                        : checklist.for_category(cat)) {
    std::vector<std::string> cats(i->categories.begin(), i->categories.end());
    if (format == "text" && in_chinese())  // for a Chinese reader: the categories' names, no English column
      for (auto& c : cats)
        if (const unit::Category* k = unit::find_category(c)) c = k->chinese;
    t.rows.push_back({i->code, i->text, i->english,
                      i->all ? (format == "text" && in_chinese() ? "全部" : "all") : fmt::format("{}", fmt::join(cats, format == "text" && in_chinese() ? "、" : " "))});
  }
  if (format == "text" && in_chinese()) {
    t.columns.erase(t.columns.begin() + 2);
    for (auto& r : t.rows) r.erase(r.begin() + 2);
  }
  out(ctx.render(t, format));
  return 0;
}

struct EditOptions {
  std::string id, summary, by, reason, date;
  std::vector<std::string> items, waive;
  bool open_hazards = false;
};

int run_edit(Context& ctx, const EditOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(with_documents(false));
  const Inspection& in = find_inspection(repo, o.id);
  std::vector<inspect::NewInspection::Item> items;
  for (const auto& i : o.items) items.push_back(parse_item(i));
  const inspect::Checklist checklist(ctx.catalog());
  inspect::Waiver waiver;
  waiver.codes = o.waive;
  if (!o.waive.empty()) {
    waiver.by = o.by.empty() ? doc::Node() : hazard::parse_actor(o.by);
    waiver.reason = o.reason;
    waiver.date = date_option(o.date, "--date");
  } else if (!o.by.empty() || !o.reason.empty() || !o.date.empty()) {
    throw Error(tr("--by, --reason and --date belong to a waiver"), tr("name the items waived: --waive CODE"));
  }
  const auto c = inspect::edit(ctx.catalog(), checklist, in, items, o.summary, o.open_hazards, waiver, today());
  if (c.changes.empty()) {
    ctx.say(msg("{}: nothing changed", c.id));
    return 0;
  }
  ctx.write(c.changes, fmt::format("检查 {} 修改", c.id));
  ctx.say(msg("edited {}", c.id));
  for (const auto& h : c.hazards) ctx.say(msg("opened hazard {}", h));
  return 0;
}

struct ImportOptions {
  std::string file;
  SheetArgs input;
  bool dry_run = false;
};

int run_import(Context& ctx, const ImportOptions& o) {
  const inspect::BatchFile file(o.file, o.input.options());
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load({true, false});
  const Date day = today();
  // Every row is checked first, keeping a small key per row; the file is then read again
  // and each record staged as it is made (docs/reliability.md, large imports).
  const auto plan =
    inspect::plan_batch(ctx.catalog(), repo.tree, repo.units, repo.inspections, file, day, ctx.clone());
  ctx.print_findings(plan.problems, true);
  if (plan.problems.errors() > 0) {
    std::set<int> lines;  // a row with two errors is one row with errors
    for (const auto& f : plan.problems.items())
      if (f.severity == Severity::error) lines.insert(f.where.line);
    err(msg("{}: {} row{} with errors; nothing was recorded{}\n", o.file, lines.size(), plural_s(lines.size()),
            plan.stopped.empty() ? "" : " (" + plan.stopped + ")"));
    return static_cast<int>(ExitCode::findings);
  }
  const auto replay = [&](const store::Disk::WriteSink& write, const std::function<void(const std::string&)>& action) {
    inspect::replay_batch(ctx.catalog(), repo.tree, repo.units, repo.inspections, file, day, ctx.clone(), plan, write,
                          action);
  };
  if (o.dry_run) {
    replay([](const std::string&, const std::string&) {}, [](const std::string& a) { out(a + "\n"); });
  } else if (plan.added > 0) {
    store::Changes written;  // the paths alone, for --commit
    ctx.disk().commit_each([&](const store::Disk::WriteSink& write) {
      replay([&](const std::string& path, const std::string& content) {
        write(path, content);
        written.writes[path];
      }, {});
    });
    ctx.record_in_git(written, fmt::format("检查 导入 {}：新增 {}，隐患 {}", import_file_name(o.file), plan.added,
                                           plan.hazards));
  }
  ctx.say(msg("{}{}: {} row{}: {} added ({} hazard{} opened), {} already recorded",
              o.dry_run ? tr("dry run: ") : std::string(), o.file, plan.rows, plural_s(plan.rows), plan.added,
              plan.hazards, plural_s(plan.hazards), plan.unchanged));
  return 0;
}

}  // namespace

void register_inspect(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("inspect", tr("Inspections and patrols; who is due"));
  {
    auto o = std::make_shared<AddOptions>();
    CLI::App* c = cmd->add_subcommand("add", tr("Record an inspection of a unit, or a check of a grid"));
    c->add_option("--unit", o->unit, tr("The unit inspected: id, exact name or part of it"));
    c->add_option("--grid", o->grid, tr("Or the grid checked (a patrol of a group, a village check...)"));
    std::vector<std::string> kinds;  // the help made from the list that is checked
    for (const auto& k : inspect::kinds()) kinds.push_back(k.id);
    c->add_option("--kind", o->kind, msg("{}", fmt::join(kinds, ", ")))->required();
    c->add_option("--date", o->date, tr("YYYY-MM-DD (default: today)"));
    c->add_option("--time", o->time, tr("HH:MM"));
    c->add_option("--inspector", o->inspectors, tr("name=..,org=..[,role=..,phone=..]; repeatable"))->required();
    c->add_option("--visit", o->visits, tr("A unit a grid check visited; repeatable"));
    c->add_option("--item", o->items,
                  tr("CODE=pass|fail|fixed|na[:note]; repeatable (see `inspect checklist`); fixed: failed and fixed "
                  "on the spot"));
    c->add_option("--summary", o->summary, tr("What was found, in a sentence"));
    c->add_flag("--open-hazards", o->open_hazards, tr("Open a hazard for every failed item, linked to it"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_add(ctx, *o); }; });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    CLI::App* c = cmd->add_subcommand("show", tr("Show one inspection"));
    c->add_option("id", *id, tr("The inspection's id (i-...)"))->required();
    c->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
    c->callback([&ctx, id, format] { ctx.action = [&ctx, id, format] { return run_show(ctx, *id, *format); }; });
  }
  {
    auto o = std::make_shared<EditOptions>();
    CLI::App* c = cmd->add_subcommand("edit", tr("Change the items or summary of a recorded inspection"));
    c->add_option("id", o->id, tr("The inspection's id (i-...)"))->required();
    c->add_option("--item", o->items,
                  tr("CODE=pass|fail|fixed|na[:note]; replaces the item of that code; repeatable; fixed: failed and "
                  "fixed on the spot"));
    c->add_option("--summary", o->summary, tr("A new summary"));
    c->add_flag("--open-hazards", o->open_hazards, tr("Open a hazard for every newly failed item"));
    c->add_option("--waive", o->waive, tr("Waive this failed item: it needs no hazard (with --by and --reason); repeatable"));
    c->add_option("--by", o->by, tr("Who decided the waiver: 王强/槐阳镇派出所 or name=..,org=.."));
    c->add_option("--reason", o->reason, tr("Why the waived items need no hazard"));
    c->add_option("--date", o->date, tr("The waiver's date (default: today)"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_edit(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* c = cmd->add_subcommand("list", tr("List inspections, oldest first"));
    c->add_option("--grid", o->grid, tr("Only in this grid (any level)"));
    c->add_option("--unit", o->unit, tr("Only of this unit (its own and grid checks that visited it)"));
    c->add_option("--kind", o->kind, tr("Only this kind"));
    c->add_option("--from", o->from, tr("From this date"));
    c->add_option("--to", o->to, tr("Up to this date"));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_list(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<DueOptions>();
    CLI::App* c = cmd->add_subcommand("due", tr("What is overdue, and what falls due soon"));
    c->add_option("--grid", o->grid, tr("Only this grid and below"));
    c->add_option("--as-of", o->as_of, tr("The day to judge from (default: today in Asia/Shanghai)"));
    c->add_option("--within", o->within, tr("Also list what falls due within N days (default 7)"))->check(CLI::Range(0, 366));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_due(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<PlanOptions>();
    CLI::App* c = cmd->add_subcommand("plan", tr("The visits of a week, per inspector: re-checks, units due, routine checks"));
    c->add_option("--week", o->week, tr("The ISO week: 2026-W49, or this (default), last, next, -N, +N"));
    c->add_option("--grid", o->grid, tr("Only this grid and below"));
    c->add_option("--by", o->by, tr("Only the visits of this person or organisation (姓名, 单位 or 姓名/单位)"));
    c->add_flag("--save", o->save, tr("Save the plan as a record (plans/<year>/<week>-<grid>.yaml) for the weekly report"));
    c->add_option("--format", o->format, tr("text, md, csv, json, xlsx (with -o FILE) or html (a printable page per inspector)"))
      ->check(formats({"text", "md", "csv", "json", "xlsx", "html"}));
    c->add_option("-o,--output", ctx.output, tr("Write to FILE (atomically) instead of stdout"))->type_name("FILE");
    c->add_option("--encoding", ctx.csv_encoding, tr("CSV output: utf-8 (default), utf-8-bom or gb18030"))->type_name("ENC");
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_plan(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* c = cmd->add_subcommand("import", tr("Record a batch of inspections from an .xlsx, CSV or YAML file"));
    add_sheet_input(c, o->file, o->input, tr("The batch (or a .yaml list)"));
    c->add_flag("--dry-run", o->dry_run, tr("Show what would be recorded; write nothing"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_import(ctx, *o); }; });
  }
  {
    auto category = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    CLI::App* c = cmd->add_subcommand("checklist", tr("The checklist catalogue, or the items for one category"));
    auto unit = std::make_shared<std::string>();
    c->add_option("--category", *category, tr("Only the items for this unit category"));
    c->add_option("--unit", *unit, tr("With --format html: the checklist of this unit, filled in with its details"));
    c->add_option("--format", *format,
                  tr("text, md, csv, json, xlsx (with -o FILE) or html (a printable A4 checklist)"))
      ->check(formats({"text", "md", "csv", "json", "xlsx", "html"}));
    c->add_option("-o,--output", ctx.output, tr("Write to FILE (atomically) instead of stdout"))->type_name("FILE");
    c->add_option("--encoding", ctx.csv_encoding,
                  tr("CSV output: utf-8 (default), utf-8-bom or gb18030 (for Excel on Chinese Windows)"))
      ->type_name("ENC");
    c->callback([&ctx, category, format, unit] {
      ctx.action = [&ctx, category, format, unit] {
        if (*format == "html") return run_checklist_html(ctx, *category, *unit);
        if (!unit->empty()) throw Error(tr("--unit is for the printable checklist"), tr("add --format html"));
        return run_checklist(ctx, *category, *format);
      };
    });
  }
}

}  // namespace firegrid::cli
