// firegrid meeting add|show|list|due|close-action|import: joint meetings, leading group
// meetings and their action items; firegrid training add|show|list|import: trainings,
// publicity, drills.
#include "context.hpp"

#include <firegrid/doc/json.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/meeting/batch.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/width.hpp>

#include <firegrid/text/names.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <functional>
#include <map>
#include <set>

namespace firegrid::cli {

namespace {

using meeting::Meeting;
using meeting::Training;

std::set<std::string> hazard_ids(const model::Repo& repo) {
  std::set<std::string> ids;
  for (const auto& h : repo.hazards) ids.emplace(h.record.id());
  return ids;
}

// "what=..,owner=..[,org=..,role=..,phone=..],due=YYYY-MM-DD[,hazard=h-..][,grid=100/201]".
meeting::NewAction parse_action(const std::string& spec) {
  meeting::NewAction a;
  std::string owner, due, done;
  doc::Node person = doc::Node::mapping();
  for (const auto& [k, v] : grid::split_spec(spec, "action")) {
    if (k == "what") a.what = v;
    else if (k == "owner") owner = v;
    else if (k == "org" || k == "organisation") person.set("organisation", doc::Node::string(v));
    else if (k == "role" || k == "phone") person.set(k, doc::Node::string(v));
    else if (k == "due") due = v;
    else if (k == "done") done = v;
    else if (k == "hazard") a.hazards.push_back(v);
    else if (k == "grid") a.grids.push_back(v);
    else
      throw Error(msg("action '{}': unknown key '{}'", spec, k),
                  tr("the keys are what, owner, org, role, phone, due, done, hazard and grid"));
  }
  if (a.what.empty() || owner.empty() || due.empty())
    throw Error(msg("action '{}' needs what, owner and due", spec),
                tr("e.g. --action what=整改出租房隐患,owner=王强,org=派出所,due=2026-12-31"));
  if (!parse_date(text::as_typed(due), a.due)) throw Error(msg("action '{}': due {} is not a date", spec, due), tr("write YYYY-MM-DD"));
  if (Date d; !done.empty()) {
    if (!parse_date(text::as_typed(done), d)) throw Error(msg("action '{}': done {} is not a date", spec, done), tr("write YYYY-MM-DD"));
    a.done = d;
  }
  a.owner = doc::Node::mapping();
  a.owner.set("name", doc::Node::string(owner));
  for (const auto& e : person.entries()) a.owner.set(e.key, e.value);
  return a;
}

const Meeting& find_meeting(const model::Repo& repo, const std::string& id) {
  for (const auto& m : repo.meetings)
    if (m.record.id() == id) return m;
  throw Error(msg("no meeting {}", id), tr("`firegrid meeting list` shows them"));
}

const Training& find_training(const model::Repo& repo, const std::string& id) {
  for (const auto& t : repo.trainings)
    if (t.record.id() == id) return t;
  throw Error(msg("no training {}", id), tr("`firegrid training list` shows them"));
}

std::string kind_label(const std::vector<meeting::Kind>& kinds, const std::string& id, bool chinese) {
  const meeting::Kind* k = meeting::find_kind(kinds, id);
  return chinese && k ? k->chinese : id;
}

// A meeting's or event's kind for `show`: 联席会议（joint-meeting） in Chinese, 联席会议 (joint-meeting) in English.
std::string kind_words(const std::vector<meeting::Kind>& kinds, const std::string& id) {
  const std::string chinese = kind_label(kinds, id, true);
  return in_chinese() ? zh_with_code(chinese, id) : fmt::format("{} ({})", chinese, id);
}

// Prints `rows` as "key  value" lines, keys aligned, empty values left out.
void print_fields(const std::vector<std::pair<std::string, std::string>>& rows) {
  out(field_lines(rows));
}

// The yaml and json forms of `show`, shared by meetings and trainings; false for text.
bool show_record(const record::FiledRecord& r, const grid::Grid* g, const std::string& format) {
  if (format == "yaml") {
    out(r.doc().text);
    return true;
  }
  if (format != "json") return false;
  nlohmann::ordered_json j;
  j["id"] = std::string(r.id());
  j["grid"] = g ? g->path : "";
  j["file"] = r.path;
  j["record"] = doc::to_ordered_json(r.doc().root);
  out(j.dump(2) + "\n");
  return true;
}

// The records of `all` held at or below --grid, of --kind, between --from and --to,
// oldest first.
template <class Record>
std::vector<const Record*> select(const std::vector<Record>& all, const grid::Grid* under, const std::string& kind,
                                  const Date& from, const Date& to) {
  std::vector<const Record*> shown;
  for (const auto& r : all)
    if (!(r.date < from || to < r.date) && (kind.empty() || r.kind == kind) &&
        (!under || (r.grid && r.grid->is_within(*under))))
      shown.push_back(&r);
  std::stable_sort(shown.begin(), shown.end(), [](const Record* a, const Record* b) {
    return std::make_pair(a->date.days(), a->record.id()) < std::make_pair(b->date.days(), b->record.id());
  });
  return shown;
}

struct Range {
  const grid::Grid* under = nullptr;
  Date from{1900, 1, 1}, to{2999, 12, 31};
};

Range range_of(const model::Repo& repo, const std::string& grid, const std::string& from, const std::string& to) {
  Range r;
  if (!grid.empty()) r.under = repo.tree.resolve(grid);
  if (!from.empty()) r.from = date_option_or_today(from, "--from");
  if (!to.empty()) r.to = date_option_or_today(to, "--to");
  return r;
}

// ---- meeting ----

struct AddOptions {
  std::string grid, kind, title, date, place, chair, summary;
  std::vector<std::string> attendees, absent, agenda, decisions, actions, attach, captions;
};

int run_add(Context& ctx, const AddOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const grid::Grid* g = repo.tree.resolve(o.grid);
  meeting::NewMeeting in;
  in.kind = o.kind;
  in.title = o.title;
  in.date = date_option_or_today(o.date, "--date");
  in.place = o.place;
  in.chair = grid::parse_person(o.chair);
  for (const auto& p : o.attendees) in.attendees.push_back(grid::parse_person(p));
  for (const auto& p : o.absent) in.absent.push_back(grid::parse_person(p));
  in.agenda = o.agenda;
  in.summary = o.summary;
  in.decisions = o.decisions;
  for (const auto& a : o.actions) in.actions.push_back(parse_action(a));
  in.clone = ctx.clone();
  store::Changes files;  // the attached files, written with the record
  in.attachments = stage_attachments(o.attach, o.captions, in.date, files);
  auto c = meeting::record(ctx.catalog(), repo.tree, hazard_ids(repo), *g, in, repo.meetings);
  if (c.exists) {
    ctx.say(msg("{} is already recorded", c.id));
    return 0;
  }
  for (auto& [path, bytes] : files.writes) c.changes.writes[path] = std::move(bytes);
  ctx.write(c.changes, fmt::format("会议 {} 记录（{}）", c.id, commit_place(g)));
  const meeting::Kind& k = meeting::require_kind(meeting::meeting_kinds(), o.kind, "");
  const std::string kind = in_chinese() ? k.chinese : k.id;
  const std::size_t n = in.actions.size();
  ctx.say(n == 0 ? msg("recorded {} ({}, {}) for {}", c.id, kind, in.date.iso(), g->display_path())
                 : msg("recorded {} ({}, {}) for {}, {} action item{}", c.id, kind, in.date.iso(), g->display_path(), n,
                       plural_s(n)));
  return 0;
}

void add_people(std::vector<std::pair<std::string, std::string>>& rows, const doc::Node& r, const char* key,
                const char* label) {
  if (const doc::Node* list = r.find(key))
    for (const auto& p : list->items()) rows.emplace_back(label, person_line(p));
}

void add_texts(std::vector<std::pair<std::string, std::string>>& rows, const doc::Node& r, const char* key,
               const char* label) {
  if (const doc::Node* list = r.find(key))
    for (const auto& t : list->items()) rows.emplace_back(label, t.as_string());
}

int run_show(Context& ctx, const std::string& id, const std::string& format) {
  const model::Repo repo = ctx.load(model::LoadOptions(true, true).without_inspections());
  const Meeting& m = find_meeting(repo, id);
  if (show_record(m.record, m.grid, format)) return 0;
  const doc::Node& r = m.record.doc().root;
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("id"), m.record.id());
  rows.emplace_back(N_("kind"), kind_words(meeting::meeting_kinds(), m.kind));
  rows.emplace_back(N_("title"), r.get_string("title"));
  rows.emplace_back(N_("date"), r.get_string("date"));
  rows.emplace_back(N_("grid"), m.grid ? m.grid->display_path() : "?");
  rows.emplace_back(N_("place"), r.get_string("place"));
  if (const doc::Node* chair = r.find("chair")) rows.emplace_back(N_("chair"), person_line(*chair));
  add_people(rows, r, "attendees", N_("attendee"));
  add_people(rows, r, "absent", N_("absent"));
  add_texts(rows, r, "agenda", N_("agenda"));
  rows.emplace_back(N_("summary"), r.get_string("summary"));
  add_texts(rows, r, "decisions", N_("decision"));
  if (const doc::Node* actions = r.find("actions"))
    for (std::size_t i = 0; i < actions->items().size(); ++i) {
      const doc::Node& a = actions->items()[i];
      const doc::Node* owner = a.find("owner");
      std::string line = msg("{}. {}  owner {}  due {}", i + 1, a.get_string("what"),
                             owner ? person_line(*owner) : "?", a.get_string("due"));
      line += a.get_string("done").empty() ? "  " + status_words("open") : msg("  done {}", a.get_string("done"));
      std::vector<std::string> links;
      for (const char* key : {"hazards", "grids"})
        if (const doc::Node* l = a.find(key))
          for (const auto& x : l->items()) links.push_back(x.as_string());
      if (!links.empty()) line += fmt::format("  → {}", fmt::join(links, " "));
      rows.emplace_back(N_("action"), line);
    }
  rows.emplace_back(N_("file"), m.record.path);
  print_fields(rows);
  return 0;
}

struct ListOptions {
  std::string grid, kind, from, to, format = "text";
  bool open = false;
};

int run_list(Context& ctx, const ListOptions& o) {
  const model::Repo repo = ctx.load(model::LoadOptions(true, true).without_inspections());
  const Range range = range_of(repo, o.grid, o.from, o.to);
  const std::string kind = o.kind.empty() ? "" : meeting::require_kind(meeting::meeting_kinds(), o.kind, "meeting kind").id;
  render::Table t;
  t.columns = {{"id", tr("ID")},       {"date", tr("DATE")},         {"kind", tr("KIND")},   {"grid", tr("GRID")},
               {"place", tr("PLACE")}, {"chair", tr("CHAIR")},       {"attendees", tr("ATTENDEES")},
               {"absent", tr("ABSENT")}, {"actions", tr("ACTIONS")}, {"open", tr("OPEN")}};
  for (const Meeting* m : select(repo.meetings, range.under, kind, range.from, range.to)) {
    const doc::Node& r = m->record.doc().root;
    std::size_t open = 0;
    for (const auto& a : m->actions) open += !a.done;
    if (o.open && open == 0) continue;
    auto count = [&](const char* key) {
      const doc::Node* l = r.find(key);
      return std::to_string(l && l->is_sequence() ? l->items().size() : 0);
    };
    const doc::Node* chair = r.find("chair");
    t.rows.push_back({std::string(m->record.id()), m->date.iso(), kind_label(meeting::meeting_kinds(), m->kind, o.format == "text"),
                      m->grid->path.empty() && o.format == "text" ? "/" : m->grid->path, m->grid->name(),
                      chair ? chair->get_string("name") : "", count("attendees"), count("absent"),
                      std::to_string(m->actions.size()), std::to_string(open)});
  }
  out(ctx.render(t, o.format));
  return 0;
}

struct DueOptions {
  std::string grid, as_of, format = "text";
  int within = 7;
};

int run_due(Context& ctx, const DueOptions& o) {
  const Date as_of = date_option_or_today(o.as_of, "--as-of");
  const model::Repo repo = ctx.load(model::LoadOptions(true, true, as_of).without_inspections());
  const grid::Grid* under = o.grid.empty() ? repo.tree.root() : repo.tree.resolve(o.grid);
  const auto rows = meeting::due(repo.tree, repo.meetings, repo.trainings, repo.cadences, repo.policy(), *under, as_of, o.within);
  const bool text = o.format == "text";
  render::Table t;
  t.columns = {{"grid", tr("GRID")}, {"place", tr("PLACE")},   {"kind", tr("KIND")},     {"period", tr("PERIOD")},
               {"due", tr("DUE")},   {"status", tr("STATUS")}, {"last", tr("LAST")},     {"meeting", tr("MEETING")},
               {"action", tr("ACTION")}, {"what", tr("WHAT")}, {"owner", tr("OWNER")}};
  for (const auto& r : rows)
    t.rows.push_back({r.grid.empty() && text ? "/" : r.grid, r.place,
                      r.kind == "action"                                     ? (text ? "督办事项" : "action")
                      : meeting::find_kind(meeting::training_kinds(), r.kind) ? kind_label(meeting::training_kinds(), r.kind, text)
                                                                              : kind_label(meeting::meeting_kinds(), r.kind, text),
                      r.period, r.due.iso(), text ? status_words(r.status) : r.status, r.last, r.meeting, r.action ? std::to_string(r.action) : "",
                      r.what, r.owner});
  out(ctx.render(t, o.format));
  if (text) {
    std::size_t missed = 0, missed_events = 0, overdue = 0;
    for (const auto& r : rows) {
      const bool event = meeting::find_kind(meeting::training_kinds(), r.kind) != nullptr;
      missed += r.status == "missed" && !event;
      missed_events += r.status == "missed" && event;
      overdue += r.status == "overdue";
    }
    const auto within = static_cast<std::size_t>(o.within);
    const std::size_t due = rows.size() - missed - missed_events - overdue;
    ctx.say(missed_events
              ? msg("as of {}: {} meeting{} missed, {} seasonal event{} missed, {} action item{} overdue, {} due within {} day{}",
                    as_of.iso(), missed, plural_s(missed), missed_events, plural_s(missed_events), overdue,
                    plural_s(overdue), due, within, plural_s(within))
              : msg("as of {}: {} meeting{} missed, {} action item{} overdue, {} due within {} day{}", as_of.iso(), missed,
                    plural_s(missed), overdue, plural_s(overdue), due, within, plural_s(within)));
  }
  return 0;
}

struct CloseOptions {
  std::string id, date;
  std::size_t action = 0;
};

int run_close_action(Context& ctx, const CloseOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const Meeting& m = find_meeting(repo, o.id);
  const Date date = date_option_or_today(o.date, "--date");
  const auto c = meeting::close_action(ctx.catalog(), m, o.action, date);
  ctx.write(c.changes, fmt::format("会议 {} 第 {} 项任务完成", c.id, o.action));
  ctx.say(msg("closed action {} of {} ({}) on {}", o.action, c.id, m.actions[o.action - 1].what, date.iso()));
  return 0;
}

// ---- training ----

struct TrainingAddOptions {
  std::string grid, kind, title, date, place, campaign, audience, organiser, summary;
  long reached = 0;
  std::vector<std::string> certified, attach, captions;
};

int run_training_add(Context& ctx, const TrainingAddOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const grid::Grid* g = repo.tree.resolve(o.grid);
  meeting::NewTraining in;
  in.kind = o.kind;
  in.title = o.title;
  in.date = date_option_or_today(o.date, "--date");
  in.place = o.place;
  in.campaign = o.campaign;
  in.audience = o.audience;
  in.summary = o.summary;
  in.reached = o.reached;
  if (!o.organiser.empty()) in.organiser = grid::parse_person(o.organiser);
  for (const auto& p : o.certified) in.certified.push_back(grid::parse_person(p));
  in.clone = ctx.clone();
  store::Changes files;  // the attached files, written with the record
  in.attachments = stage_attachments(o.attach, o.captions, in.date, files);
  auto c = meeting::record_training(ctx.catalog(), *g, in, repo.trainings);
  if (c.exists) {
    ctx.say(msg("{} is already recorded", c.id));
    return 0;
  }
  for (auto& [path, bytes] : files.writes) c.changes.writes[path] = std::move(bytes);
  ctx.write(c.changes, fmt::format("{} {} 记录（{}）", meeting::require_kind(meeting::training_kinds(), o.kind, "").chinese,
                                   c.id, commit_place(g)));
  const meeting::Kind& k = meeting::require_kind(meeting::training_kinds(), o.kind, "");
  ctx.say(msg("recorded {} ({}, {}) for {}; reached {}", c.id, in_chinese() ? k.chinese : k.id, in.date.iso(),
                      g->display_path(), in.reached));
  return 0;
}

int run_training_show(Context& ctx, const std::string& id, const std::string& format) {
  const model::Repo repo = ctx.load(model::LoadOptions(true, true).without_inspections());
  const Training& t = find_training(repo, id);
  if (show_record(t.record, t.grid, format)) return 0;
  const doc::Node& r = t.record.doc().root;
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("id"), t.record.id());
  rows.emplace_back(N_("kind"), kind_words(meeting::training_kinds(), t.kind));
  rows.emplace_back(N_("title"), r.get_string("title"));
  rows.emplace_back(N_("date"), r.get_string("date"));
  rows.emplace_back(N_("grid"), t.grid ? t.grid->display_path() : "?");
  rows.emplace_back(N_("place"), r.get_string("place"));
  rows.emplace_back(N_("campaign"), t.campaign);
  rows.emplace_back(N_("audience"), r.get_string("audience"));
  rows.emplace_back(N_("reached"), std::to_string(t.reached));
  if (const doc::Node* p = r.find("organiser")) rows.emplace_back(N_("organiser"), person_line(*p));
  add_people(rows, r, "certified", N_("certified"));
  rows.emplace_back(N_("summary"), r.get_string("summary"));
  rows.emplace_back(N_("file"), t.record.path);
  print_fields(rows);
  return 0;
}

struct TrainingListOptions {
  std::string grid, kind, from, to, campaign, by, format = "text";
};

// The village a record is counted under: the grid itself or its village ancestor; null
// for the county and townships.
const grid::Grid* village_of(const grid::Grid* g) {
  while (g && g->level != grid::Level::village) g = g->level < grid::Level::village ? nullptr : g->parent;
  return g;
}

int run_training_list(Context& ctx, const TrainingListOptions& o) {
  const model::Repo repo = ctx.load(model::LoadOptions(true, true).without_inspections());
  const Range range = range_of(repo, o.grid, o.from, o.to);
  const std::string kind = o.kind.empty() ? "" : meeting::require_kind(meeting::training_kinds(), o.kind, "training kind").id;
  std::vector<const Training*> shown;
  for (const Training* t : select(repo.trainings, range.under, kind, range.from, range.to))
    if (o.campaign.empty() || t->campaign == o.campaign) shown.push_back(t);
  const bool text = o.format == "text";
  render::Table t;
  if (o.by == "village") {
    struct Count {
      std::size_t training = 0, publicity = 0, drill = 0;
      long reached = 0;
    };
    std::map<std::string, Count> counts;  // village path -> counts
    for (const Training* e : shown)
      if (const grid::Grid* v = village_of(e->grid)) {
        Count& c = counts[v->path];
        c.training += e->kind == "training";
        c.publicity += e->kind == "publicity";
        c.drill += e->kind == "drill";
        c.reached += e->reached;
      }
    t.columns = {{"grid", tr("GRID")},         {"place", tr("PLACE")}, {"training", tr("TRAININGS")},
                 {"publicity", tr("PUBLICITY")}, {"drill", tr("DRILLS")}, {"reached", tr("REACHED")}};
    repo.tree.walk([&](grid::Grid& g) {
      if (g.level != grid::Level::village || (range.under && !g.is_within(*range.under) && !range.under->is_within(g)))
        return;
      const Count c = counts.count(g.path) ? counts[g.path] : Count{};
      t.rows.push_back({g.path, g.name(), std::to_string(c.training), std::to_string(c.publicity),
                        std::to_string(c.drill), std::to_string(c.reached)});
    });
    out(ctx.render(t, o.format));
    return 0;
  }
  t.columns = {{"id", tr("ID")},           {"date", tr("DATE")},       {"kind", tr("KIND")},       {"grid", tr("GRID")},
               {"place", tr("PLACE")},     {"title", tr("TITLE")},     {"campaign", tr("CAMPAIGN")}, {"reached", tr("REACHED")},
               {"certified", tr("CERTIFIED")}};
  for (const Training* e : shown) {
    const doc::Node* certified = e->record.doc().root.find("certified");
    t.rows.push_back({std::string(e->record.id()), e->date.iso(), kind_label(meeting::training_kinds(), e->kind, text),
                      e->grid->path.empty() && text ? "/" : e->grid->path, e->grid->name(),
                      e->record.doc().root.get_string("title"), e->campaign, std::to_string(e->reached),
                      std::to_string(certified && certified->is_sequence() ? certified->items().size() : 0)});
  }
  out(ctx.render(t, o.format));
  return 0;
}

struct ImportOptions {
  std::string file;
  bool dry_run = false;
};

// `meeting import` and `training import`: plans the batch with `plan`, then writes it all
// or nothing. `what_chinese` names the records in the commit message (会议).
int run_import(Context& ctx, const ImportOptions& o, const char* what_chinese,
               const std::function<meeting::BatchPlan(const model::Repo&, const std::string& bytes)>& plan_batch) {
  const std::string bytes = read_input_file(o.file);
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const auto plan = plan_batch(repo, bytes);
  ctx.print_findings(plan.problems, true);
  if (plan.problems.errors() > 0) {
    std::set<int> lines;  // an entry with two errors is one entry with errors
    for (const auto& f : plan.problems.items())
      if (f.severity == Severity::error) lines.insert(f.where.line);
    err(msg("{}: {} record{} with errors; nothing was recorded\n", o.file, lines.size(), plural_s(lines.size())));
    return static_cast<int>(ExitCode::findings);
  }
  if (o.dry_run)
    for (const auto& a : plan.actions) out(a + "\n");
  else
    ctx.write(plan.changes, fmt::format("{} 导入 {}：新增 {}", what_chinese, import_file_name(o.file), plan.added));
  ctx.say(msg("{}{}: {} record{}: {} added, {} already recorded", o.dry_run ? tr("dry run: ") : std::string(), o.file,
              plan.rows, plural_s(plan.rows), plan.added, plan.unchanged));
  return 0;
}

CLI::App* add_import(CLI::App* cmd, const std::string& what, ImportOptions& o) {
  CLI::App* c = cmd->add_subcommand("import", msg("Record a batch of {} from a YAML list", what));
  c->add_option("file", o.file, msg("The batch: a YAML list of {} (see `docs/commands`)", what))->required();
  c->add_flag("--dry-run", o.dry_run, tr("Check the batch and list what would be added, without writing"));
  return c;
}

void add_range_options(CLI::App* c, std::string& grid, std::string& from, std::string& to) {
  c->add_option("--grid", grid, tr("Only held at this grid or below it"));
  c->add_option("--from", from, tr("From this date"));
  c->add_option("--to", to, tr("Up to this date"));
}

}  // namespace

void register_meeting(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("meeting", tr("Joint meetings, leading group meetings and their action items"));
  {
    auto o = std::make_shared<AddOptions>();
    CLI::App* c = cmd->add_subcommand("add", tr("Record a meeting held by a grid"));
    c->add_option("--grid", o->grid, tr("The grid that held it: a township for a joint meeting, / for the county"))
      ->required();
    c->add_option("--kind", o->kind, tr("joint-meeting (联席会议), leading-group (领导小组会议) or other"))->required();
    c->add_option("--title", o->title, tr("A title, e.g. 第六次联席会议"));
    c->add_option("--date", o->date, tr("YYYY-MM-DD (default: today)"));
    c->add_option("--place", o->place, tr("Where it was held"));
    c->add_option("--chair", o->chair, tr("Who chaired: name=..,org=..,role=.."))->required();
    c->add_option("--attendee", o->attendees, tr("Who attended: name=..,org=..; repeatable"));
    c->add_option("--absent", o->absent, tr("A member who did not attend: name=..,org=..; repeatable"));
    c->add_option("--agenda", o->agenda, tr("An agenda item; repeatable"));
    c->add_option("--summary", o->summary, tr("What was discussed, in a few sentences"));
    c->add_option("--decision", o->decisions, tr("A decision; repeatable"));
    c->add_option("--action", o->actions,
                  tr("An action item: what=..,owner=..[,org=..],due=YYYY-MM-DD[,hazard=h-..][,grid=PATH]; repeatable"));
    add_attach_options(c, o->attach, o->captions);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_add(ctx, *o); }; });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    CLI::App* c = cmd->add_subcommand("show", tr("Show one meeting with its action items"));
    c->add_option("id", *id, tr("The meeting's id (m-...)"))->required();
    c->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
    c->callback([&ctx, id, format] { ctx.action = [&ctx, id, format] { return run_show(ctx, *id, *format); }; });
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* c = cmd->add_subcommand("list", tr("List meetings, oldest first"));
    add_range_options(c, o->grid, o->from, o->to);
    c->add_option("--kind", o->kind, tr("Only this kind"));
    c->add_flag("--open", o->open, tr("Only meetings with open action items"));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_list(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<DueOptions>();
    CLI::App* c = cmd->add_subcommand("due", tr("Grids whose meeting is missed or due, and overdue action items"));
    c->add_option("--grid", o->grid, tr("Only this grid and below"));
    c->add_option("--as-of", o->as_of, tr("The day to judge from (default: today in Asia/Shanghai)"));
    c->add_option("--within", o->within, tr("Also list what falls due within N days (default 7)"))->check(CLI::Range(0, 366));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_due(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<CloseOptions>();
    CLI::App* c = cmd->add_subcommand("close-action", tr("Mark an action item of a meeting done"));
    c->add_option("id", o->id, tr("The meeting's id (m-...)"))->required();
    c->add_option("--action", o->action, tr("The action's number, from 1 (`meeting show` numbers them)"))->required();
    c->add_option("--date", o->date, tr("When it was done, YYYY-MM-DD (default: today)"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_close_action(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ImportOptions>();
    add_import(cmd, tr("meetings"), *o)->callback([&ctx, o] {
      ctx.action = [&ctx, o] {
        return run_import(ctx, *o, "会议", [&](const model::Repo& repo, const std::string& bytes) {
          return meeting::plan_meetings(ctx.catalog(), repo.tree, hazard_ids(repo), repo.meetings, o->file, bytes,
                                        today(), ctx.clone());
        });
      };
    });
  }
}

void register_training(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("training", tr("Trainings, publicity events and drills"));
  {
    auto o = std::make_shared<TrainingAddOptions>();
    CLI::App* c = cmd->add_subcommand("add", tr("Record a training, publicity event or drill held by a grid"));
    c->add_option("--grid", o->grid, tr("The grid that held it (a village for seasonal publicity)"))->required();
    c->add_option("--kind", o->kind, tr("training (培训), publicity (宣传) or drill (演练)"))->required();
    c->add_option("--title", o->title, tr("A title, e.g. 春节前消防安全宣传"));
    c->add_option("--date", o->date, tr("YYYY-MM-DD (default: today)"));
    c->add_option("--place", o->place, tr("Where it was held"));
    c->add_option("--campaign", o->campaign, tr("The seasonal campaign, a tag such as spring-festival-2027"));
    c->add_option("--audience", o->audience, tr("Who it was for, e.g. 重点单位消防控制室值班人员"));
    c->add_option("--reached", o->reached, tr("Number of people reached"))->required()->check(CLI::Range(0L, 1000000L));
    c->add_option("--organiser", o->organiser, tr("Who organised it: name=..,org=.."));
    c->add_option("--certified", o->certified, tr("A trained member of staff of a certified post: name=..,org=..,role=..; "
                                               "repeatable"));
    c->add_option("--summary", o->summary, tr("What was done, in a sentence"));
    add_attach_options(c, o->attach, o->captions);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_training_add(ctx, *o); }; });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    CLI::App* c = cmd->add_subcommand("show", tr("Show one training, publicity event or drill"));
    c->add_option("id", *id, tr("Its id (ev-...)"))->required();
    c->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
    c->callback([&ctx, id, format] { ctx.action = [&ctx, id, format] { return run_training_show(ctx, *id, *format); }; });
  }
  {
    auto o = std::make_shared<TrainingListOptions>();
    CLI::App* c = cmd->add_subcommand("list", tr("List trainings, publicity and drills, or count them per village"));
    add_range_options(c, o->grid, o->from, o->to);
    c->add_option("--kind", o->kind, tr("Only this kind"));
    c->add_option("--campaign", o->campaign, tr("Only this campaign"));
    c->add_option("--by", o->by, tr("village: count events and people reached per village"))
      ->check(CLI::IsMember({"village"}));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_training_list(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ImportOptions>();
    add_import(cmd, tr("trainings, publicity events and drills"), *o)->callback([&ctx, o] {
      ctx.action = [&ctx, o] {
        return run_import(ctx, *o, "培训、宣传和演练", [&](const model::Repo& repo, const std::string& bytes) {
          return meeting::plan_trainings(ctx.catalog(), repo.tree, repo.trainings, o->file, bytes, today(),
                                         ctx.clone());
        });
      };
    });
  }
}

}  // namespace firegrid::cli
