// firegrid history ID: one record's life, from its own steps and from git's commits of its
// file (docs/commands/history.md).
#include "context.hpp"

#include <firegrid/store/git.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::cli {

namespace {

struct HistoryOptions {
  std::string id;
  std::string format = "text";
};

// The record ID names: its file and a line saying what it is. Throws Error when no
// record has that id (a grid may be named by path, code or name, a unit by its name).
struct Named {
  std::string path, what;
  const doc::Node* record = nullptr;
};

template <class Records>
bool history_find(const Records& records, const std::string& id, const char* kind, Named& n) {
  for (const auto& r : records)
    if (r.record.id == id) {
      n = {r.record.doc.path, fmt::format("{} {}", kind, id), &r.record.doc.root};
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
    if (g) return {g->doc.path, fmt::format("grid {} {}", g->path.empty() ? "/" : g->path, g->name()), &g->doc.root};
  }
  const unit::Unit& u = repo.units.resolve(id);  // throws "no unit ..." with its hint
  return {u.doc.path, fmt::format("unit {} {}", u.id, u.name()), &u.doc.root};
}

int run_history(Context& ctx, const HistoryOptions& o) {
  ctx.settle();
  const model::Repo repo = ctx.load({true, false});
  const Named n = history_named(repo, o.id);
  // The record's own steps (a hazard's or tip's history), then every commit of its file.
  struct Row {
    std::string date, source, who, what, commit;
  };
  std::vector<Row> rows;
  if (const doc::Node* steps = n.record ? n.record->find("history") : nullptr; steps && steps->is_sequence())
    for (const auto& e : steps->items()) {
      const doc::Node* by = e.find("by");
      std::string what = e.get_string("event");
      if (!e.get_string("note").empty()) what += "：" + e.get_string("note");
      rows.push_back({e.get_string("date"), "step", by ? by->get_string("name") : "", what, ""});
    }
  auto commits = store::file_history(ctx.repo_root(), n.path);
  std::reverse(commits.begin(), commits.end());  // git gives the newest first
  for (const auto& c : commits) {
    std::string what = c.subject;
    if (c.status == "R" && !c.old_path.empty()) what += fmt::format(" (moved from {})", c.old_path);
    if (c.status == "A") what += " (added)";
    if (c.status == "D") what += " (removed)";
    rows.push_back({c.date.iso(), "commit", c.author, what, c.commit.substr(0, 10)});
  }
  // Oldest first; on one day a step before the commit that recorded it.
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return a.date != b.date ? a.date < b.date : a.source > b.source;
  });
  render::Table t;
  t.columns = {{"date", "DATE"}, {"source", "FROM"}, {"who", "WHO"}, {"what", "WHAT"}, {"commit", "COMMIT"}};
  for (const auto& r : rows) t.rows.push_back({r.date, r.source, r.who, r.what, r.commit});
  if (o.format == "text") out(fmt::format("{} ({})\n\n", n.what, n.path));
  out(ctx.render(t, o.format));
  return 0;
}

}  // namespace

void register_history(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<HistoryOptions>();
  CLI::App* cmd = app.add_subcommand("history", tr("One record's life: its own steps and every git commit of its file"));
  cmd->add_option("id", o->id, tr("A unit (id or name), hazard, inspection, tip, meeting or training id, or a grid path"))
    ->required();
  cmd->add_option("--format", o->format, tr("text, md, csv or json"))->check(formats({"text", "md", "csv", "json"}))
    ->capture_default_str();
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_history(ctx, *o); }; });
}

}  // namespace firegrid::cli
