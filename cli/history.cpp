// firegrid history ID: one record's life, from its own steps and from git's commits of its
// file (docs/commands/history.md).
#include "context.hpp"

#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/model/person.hpp>
#include <firegrid/store/git.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <set>

namespace firegrid::cli {

namespace {

struct HistoryOptions {
  std::string id;
  std::string person;  // --person NAME|PHONE
  std::string format = "text";
};

// The record ID names: its file and a line saying what it is. Throws Error when no
// record has that id (a grid may be named by path, code or name, a unit by its name).
struct Named {
  std::string path, what;
  const doc::Node* record = nullptr;
  std::string glob;  // a unit: its record wherever its folder is (store::file_history)
};

template <class Records>
bool history_find(const Records& records, const std::string& id, const char* kind, Named& n) {
  for (const auto& r : records)
    if (r.record.id() == id) {
      n = {r.record.path, fmt::format("{} {}", record_word(kind), id), &r.record.doc().root, ""};
      return true;
    }
  return false;
}

Named history_named(const model::Repo& repo, const std::string& id) {
  Named n;
  const auto prefixed = [&](const char* prefix, const auto& records, const char* kind) {
    if (id.rfind(prefix, 0) != 0) return false;
    if (!history_find(records, id, kind, n))
      throw Error(msg("no {} {}", record_word(kind), id), tr("`firegrid hazard list`, `inspect list`, `meeting list` show the ids"));
    return true;
  };
  if (prefixed("h-", repo.hazards, "hazard") || prefixed("i-", repo.inspections, "inspection") ||
      prefixed("t-", repo.tips, "tip") || prefixed("m-", repo.meetings, "meeting") ||
      prefixed("ev-", repo.trainings, "training"))
    return n;
  if (id.rfind("u-", 0) != 0) {
    const grid::Grid* g = repo.tree.find(id);
    try {
      if (!g) g = repo.tree.resolve(id);  // a code or a name
    } catch (const Error&) {
      // not a grid: a unit's name
    }
    if (g) return {g->doc.path, msg("grid {} {}", g->path.empty() ? "/" : g->path, g->name()), &g->doc.root, ""};
  }
  const unit::Unit& u = repo.units.resolve(id);  // throws "no unit ..." with its hint
  return {u.doc.path, msg("unit {} {}", u.id, u.name()), &u.doc.root,
          fmt::format("grid/**/units/{}/unit.yaml", u.id)};
}

// A value a unit's step changed, in a few words: a person as name and phone, a list
// joined, an absent value as "—".
std::string step_value_text(const doc::Node* v) {
  if (!v) return "—";
  if (v->is_mapping()) {
    std::string s = v->get_string("name");
    for (const char* k : {"organisation", "phone"})
      if (!v->get_string(k).empty()) s += (s.empty() ? "" : " ") + v->get_string(k);
    return s.empty() ? "…" : s;
  }
  if (v->is_sequence()) {
    std::string s;
    for (const auto& i : v->items()) s += (s.empty() ? "" : ", ") + step_value_text(&i);
    return "[" + s + "]";
  }
  return v->as_string();
}

// `changes` of a unit's step: "area_m2 80 → 120, name 甲 → 乙".
std::string step_changes_text(const doc::Node& changes) {
  std::string s;
  for (const auto& c : changes.items())
    s += fmt::format("{}{} {} → {}", s.empty() ? "" : "; ", c.get_string("field"), step_value_text(c.find("from")),
                     step_value_text(c.find("to")));
  return s;
}

// `history --person`: the roles from git's history of the grid and unit records, then the
// inspections the person made (the records as they are), oldest first.
int run_person_history(Context& ctx, const HistoryOptions& o) {
  ctx.settle();
  const model::Repo repo = ctx.load({true, false});
  const auto roles =
      model::person_roles(store::changed_files(ctx.repo_root(), model::people_record_globs()), o.person);
  std::set<std::string> names{o.person};
  for (const auto& r : roles) names.insert(r.person);
  render::Table t;
  t.columns = {{"role", tr("ROLE")}, {"record", tr("RECORD")}, {"name", tr("NAME")}, {"as", tr("AS")},
               {"from", tr("FROM")},  {"to", tr("TO")},         {"commit", tr("COMMIT")}};
  struct Row {
    std::string from;
    std::vector<std::string> cells;
  };
  std::vector<Row> rows;
  for (const auto& r : roles)
    rows.push_back({r.from.iso(),
                    {r.role, r.kind == "grid" ? (r.record.empty() ? "/" : r.record) : r.record, r.record_name, r.as,
                     r.from.iso(), r.to ? r.to->iso() : "", r.from_commit.substr(0, 10)}});
  std::size_t made = 0;
  for (const auto& i : repo.inspections) {
    const auto inspectors = i.inspectors();
    const bool theirs = std::any_of(inspectors.begin(), inspectors.end(),
                                    [&](std::string_view n) { return names.count(std::string(n)) > 0; });
    if (!theirs) continue;
    ++made;
    std::string place = i.unit ? i.unit->name() : (i.grid ? i.grid->name() : "");
    rows.push_back({i.date.iso(), {"inspector", std::string(i.record.id()), place, i.kind, i.date.iso(), i.date.iso(), ""}});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.from < b.from; });
  for (auto& r : rows) t.rows.push_back(std::move(r.cells));
  if (roles.empty() && made == 0)
    throw Error(msg("no role and no inspection of {} in the grid, the units or git's history", o.person),
                tr("name the person as the records do (姓名), or by phone"));
  if (o.format == "text")
    out(msg("person {}: {} role{}, {} inspection{}", o.person, roles.size(), plural_s(roles.size()), made,
            plural_s(made)) + "\n\n");
  out(ctx.render(t, o.format));
  return 0;
}

int run_history(Context& ctx, const HistoryOptions& o) {
  if (!o.person.empty()) {
    if (!o.id.empty()) throw Error(tr("name a record or --person, not both"));
    return run_person_history(ctx, o);
  }
  if (o.id.empty()) throw Error(tr("name a record (ID) or a person (--person NAME|PHONE)"));
  ctx.settle();
  const model::Repo repo = ctx.load({true, false});
  const Named n = history_named(repo, o.id);
  // The record's own steps (a hazard's or tip's history), then every commit of its file.
  struct Row {
    std::string date, source, who, what, commit;
  };
  std::vector<Row> rows;
  // A hazard's or tip's `history`, a unit's `steps` (its edits and moves).
  for (const char* key : {"history", "steps"})
    if (const doc::Node* steps = n.record ? n.record->find(key) : nullptr; steps && steps->is_sequence())
      for (const auto& e : steps->items()) {
        const doc::Node* by = e.find("by");
        std::string what = in_chinese() && key == std::string("history") ? hazard::chinese_event(e.get_string("event"))
                                                                        : e.get_string("event");
        if (!e.get_string("note").empty()) what += "：" + e.get_string("note");
        if (const doc::Node* changes = e.find("changes"); changes && changes->is_sequence())
          what += "：" + step_changes_text(*changes);
        rows.push_back({e.get_string("date"), in_chinese() ? "步骤" : "step", by ? by->get_string("name") : "", what, ""});
      }
  auto commits = store::file_history(ctx.repo_root(), n.path, n.glob);
  std::reverse(commits.begin(), commits.end());  // git gives the newest first
  for (const auto& c : commits) {
    std::string what = c.subject;
    if (c.status == "R" && !c.old_path.empty()) what += msg(" (moved from {})", c.old_path);
    if (c.status == "A") what += tr(" (added)");
    if (c.status == "D") what += tr(" (removed)");
    rows.push_back({c.date.iso(), in_chinese() ? "提交" : "commit", c.author, what, c.commit.substr(0, 10)});
  }
  // Oldest first; on one day a step before the commit that recorded it.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.date != b.date ? a.date < b.date : a.source > b.source;
  });
  render::Table t;
  t.columns = {{"date", tr("DATE")}, {"source", tr("SOURCE")}, {"who", tr("WHO")}, {"what", tr("WHAT")}, {"commit", tr("COMMIT")}};
  for (const auto& r : rows) t.rows.push_back({r.date, r.source, r.who, r.what, r.commit});
  if (o.format == "text") out(msg("{} ({})", n.what, n.path) + "\n\n");
  out(ctx.render(t, o.format));
  return 0;
}

}  // namespace

void register_history(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* cmd = app.add_subcommand("history", tr("One record's life: its own steps and every git commit of its file"));
  cmd->add_option("id", o->id, tr("A unit (id or name), hazard, inspection, tip, meeting or training id, or a grid path"));
  cmd->add_option("--person", o->person,
                  tr("A person (name or phone): every role held in grids and units, from when to when, and the "
                  "inspections made"));
  cmd->add_option("--format", o->format, tr("text, md, csv or json"))->check(formats({"text", "md", "csv", "json"}))
    ->capture_default_str();
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_history(ctx, *o); }; });
}

}  // namespace firegrid::cli
