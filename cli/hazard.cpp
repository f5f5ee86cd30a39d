// firegrid hazard open|show|list|notice|rectify|verify|close|reopen|escalate|
// list-supervise|note|assess|apply: the rectification of fire hazards. Tips and reveal
// are in tip.cpp.
#include "context.hpp"

#include <firegrid/schema/modeline.hpp>

#include <firegrid/attach/attach.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/paper/paper.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <map>
#include <set>

namespace firegrid::cli {

namespace {

using inspect::Hazard;

std::optional<Date> optional_date(const std::string& s, const char* option) {
  if (s.empty()) return std::nullopt;
  return date_option_or_today(s, option);
}

const Hazard& find_hazard(const model::Repo& repo, const std::string& id) {
  for (const auto& h : repo.hazards)
    if (h.record.id() == id) return h;
  no_record(repo, "hazard", id, tr("`firegrid hazard list --state all` shows them"));
}

std::string place_of(const Hazard& h) {
  if (h.unit) return h.unit->name();
  const std::string place = h.record.doc().root.get_string("place");
  return h.grid ? (place.empty() ? h.grid->name() : h.grid->name() + " " + place) : place;
}

const char* light_colour(hazard::Light l) {
  switch (l) {
    case hazard::Light::red: return "31";
    case hazard::Light::yellow: return "33";
    case hazard::Light::green: return "32";
    case hazard::Light::none: break;
  }
  return "";
}

const char* severity_chinese(const std::string& s) { return s == "major" ? "重大" : "一般"; }

// A clock's word (notice, rectify, recheck, overdue...) in the interface language.
std::string clock_words(const std::string& word) { return in_chinese() ? hazard::chinese_clock_word(word) : word; }

// Where a hazard came from (its `source`), and to whom it was escalated, as a Chinese reader says it.
std::string source_words(const std::string& code) {
  static const std::pair<const char*, const char*> kWords[] = {
      {"inspection", "检查发现"}, {"patrol", "巡查发现"}, {"tip", "群众举报"}, {"self-report", "单位自查上报"}};
  if (in_chinese())
    for (const auto& [id, zh] : kWords)
      if (code == id) return zh;
  return code;
}

std::string authority_words(const std::string& code) {
  static const std::pair<const char*, const char*> kWords[] = {{"police-bureau", "县公安局"},
                                                              {"fire-brigade", "县消防救援大队"},
                                                              {"county-government", "县人民政府"},
                                                              {"safety-committee", "县消防安全委员会"}};
  if (in_chinese())
    for (const auto& [id, zh] : kWords)
      if (code == id) return zh_with_code(zh, code);
  return code;
}

// A code of a hazard record (severity, state, history event) as a Chinese reader sees it.
std::string hazard_words(const std::string& code) {
  if (!in_chinese()) return code;
  if (code == "general" || code == "major") return severity_chinese(code);
  if (const auto st = hazard::parse_state(code)) return hazard::chinese(*st);
  return hazard::chinese_event(code);
}

// A clock's flags in Chinese (整改期满, 逾期).
std::vector<std::string> flag_words(const hazard::Clock& c) {
  std::vector<std::string> words;
  for (const auto& f : c.flags) words.push_back(hazard::chinese_clock_word(f));
  return words;
}

std::string flags_text(const hazard::Clock& c, bool chinese) {
  return fmt::format("{}", fmt::join(chinese ? flag_words(c) : c.flags, " "));
}

std::string due_text(const hazard::Clock& c) {
  if (!c.due) return "";
  return c.due->iso() + (c.certain ? "" : "?");
}

// The calendar's years, for the note under a date marked "?".
std::string years_note(const policy::Calendar& cal) {
  std::vector<std::string> ys;
  for (int y : cal.years()) ys.push_back(std::to_string(y));
  // An empty or unreadable calendar/holidays.yaml covers no year at all.
  const std::string covers = ys.empty() ? tr("covers no year")
                                        : msg("covers {} only", fmt::join(ys, tr(", ")));
  return msg("? counted Monday to Friday: the holiday calendar {} (add the year to {})", covers,
             policy::kCalendarFile);
}

// ---- steps ----

struct StepOptions {
  std::string id, date, by, note, deadline, number, authority, inspection;
  std::vector<std::string> to, attach, captions;
  bool pass = false, fail = false, on_spot = false, lift = false, print = false;
};

// The repo for a step or a new hazard: the inspections only when one is named
// (--inspection), since nothing else here reads them.
model::Repo load_for_step(Context& ctx, const std::string& inspection) {
  model::LoadOptions what(true, false);
  if (inspection.empty()) what.without_inspections();
  return ctx.load(what);
}

// `hazard notice ID --print` and `hazard verify ID --print`: the page of the step recorded
// last, written to stdout or -o FILE; no record changes.
int run_print(Context& ctx, const std::string& event, const StepOptions& o) {
  const model::Repo repo = ctx.load(model::LoadOptions(true, true).without_inspections());
  const Hazard& h = find_hazard(repo, o.id);
  const inspect::Checklist checklist(ctx.catalog());
  const std::string page = event == "notice" ? paper::notice_html(h, repo.hazards, checklist, repo.tree)
                                             : paper::recheck_html(h, checklist, repo.tree);
  if (!ctx.output.empty()) write_output_file(ctx.output, page);
  else out(page);
  return 0;
}

// A step in a commit message: what was done, and the state it left (复查合格，复查销案).
std::string step_words(const std::string& event, const doc::Node& next) {
  for (const auto& t : hazard::transitions()) {
    if (event != t.event) continue;
    const std::string state = hazard::chinese(hazard::state_of(next));
    return t.to && state != t.chinese ? fmt::format("{}，{}", t.chinese, state) : std::string(t.chinese);
  }
  return event;
}

int run_step(Context& ctx, const std::string& event, const StepOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load_for_step(ctx, o.inspection);
  const Hazard& h = find_hazard(repo, o.id);
  hazard::Step step;
  step.event = event;
  step.date = date_option_or_today(o.date, "--date");
  if (!o.inspection.empty()) {
    // The re-check inspection: its day is the step's unless --date says otherwise.
    const inspect::Inspection* in = nullptr;
    for (const auto& i : repo.inspections)
      if (i.record.id() == o.inspection) in = &i;
    if (!in) throw Error(msg("no inspection {}", o.inspection), tr("`firegrid inspect list` shows them"));
    if (o.date.empty()) step.date = in->date;
    if (const std::string why = inspect::recheck_mismatch(*in, h, step.date); !why.empty())
      throw Error(why + ": it cannot be the hazard's re-check",
                  tr("name an inspection of the hazard's unit (or a grid check that visited it) dated the re-check's day"));
    step.inspection = o.inspection;
  }
  step.by = hazard::parse_actor(o.by);
  step.note = o.note;
  step.deadline = optional_date(o.deadline, "--deadline");
  step.number = o.number;
  step.to = o.to;
  step.authority = o.authority;
  doc::Node next = hazard::apply(h.record.doc().root, step, repo.policy(), today());
  // The files attached are stored with the record change: both or neither.
  store::Changes files;
  attach::append(next, stage_attachments(o.attach, o.captions, step.date, files));
  auto w = hazard::rewrite(ctx.catalog(), h, next);
  for (auto& [path, bytes] : files.writes) w.changes.writes[path] = std::move(bytes);
  ctx.write(w.changes, fmt::format("隐患 {} {}（{}）", w.id, step_words(event, next), commit_place(h.grid)));
  const auto state = hazard::state_of(next);
  std::string line =
      in_chinese() ? fmt::format("{}：{} → {}（{}）", w.id, hazard_words(event), hazard::chinese(state), hazard::to_string(state))
                   : fmt::format("{}: {} -> {} ({})", w.id, event, hazard::to_string(state), hazard::chinese(state));
  if ((event == "notice" || event == "verify-fail") && !next.get_string("deadline").empty())
    line += msg(", deadline {}", next.get_string("deadline"));
  ctx.say(line);
  if (event == "notice" || event == "verify-fail" || event == "rectify") {
    const auto c = hazard::clock_of(next, repo.policy(), repo.calendar, today());
    if (c.due) ctx.say(msg("next: {} by {}", clock_words(c.next), due_text(c)));
    if (!c.certain) ctx.say(years_note(repo.calendar));
  }
  if (event == "notice")
    if (const auto c = hazard::clock_of(next, repo.policy(), repo.calendar, step.date);
        std::find(c.flags.begin(), c.flags.end(), "notice-late") != c.flags.end())
      if (const auto days = static_cast<std::size_t>(hazard::policy_int(repo.policy(), "deadlines",
                                                                        "notice_working_days", 3)); true)
        err(msg("firegrid: warning: the notice is late: it is due within {} working day{} of the inspection\n", days,
                plural_s(days)));
  return 0;
}

void add_step_options(CLI::App* c, const std::shared_ptr<StepOptions>& o, bool by_required = true) {
  c->add_option("id", o->id, tr("The hazard's id (h-...)"))->required();
  auto* by = c->add_option("--by", o->by, tr("Who took the step: 王强/槐阳镇派出所 or name=..,org=..[,role=..]"));
  if (by_required) by->required();
  c->add_option("--date", o->date, tr("When (default: today)"));
  c->add_option("--note", o->note, tr("A note for the history"));
  add_attach_options(c, o->attach, o->captions);
}

// ---- open ----

struct OpenOptions {
  std::string unit, grid, source = "inspection", inspection, tip, item, severity = "general", description, place,
                                  date, by;
  std::vector<std::string> attach, captions;
};

int run_open(Context& ctx, const OpenOptions& o) {
  if (o.unit.empty() == o.grid.empty()) throw Error(tr("name the unit (--unit) or the grid (--grid) of the hazard"));
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load_for_step(ctx, o.inspection);
  hazard::NewHazard h;
  h.unit = o.unit.empty() ? nullptr : &repo.units.resolve(o.unit);
  h.grid = h.unit ? h.unit->group : repo.tree.resolve(o.grid);
  h.source = o.source;
  h.severity = o.severity;
  h.item = o.item;
  h.description = o.description;
  h.place = o.place;
  h.clone = ctx.clone();
  h.by = o.by.empty() ? doc::Node() : hazard::parse_actor(o.by);
  std::optional<Date> date = optional_date(o.date, "--date");
  const inspect::Inspection* in = nullptr;
  if (!o.inspection.empty()) {
    for (const auto& i : repo.inspections)
      if (i.record.id() == o.inspection) in = &i;
    if (!in) throw Error(msg("no inspection {}", o.inspection), tr("`firegrid inspect list` shows them"));
    h.inspection = o.inspection;
    if (!date) date = in->date;
  }
  if (!o.tip.empty()) {
    const hazard::Tip* tip = nullptr;
    for (const auto& t : repo.tips)
      if (t.record.id() == o.tip) tip = &t;
    if (!tip) throw Error(msg("no tip {}", o.tip), tr("`firegrid hazard tip list` shows them"));
    h.tip = o.tip;
    if (o.source == "inspection") h.source = "tip";
  }
  h.date = date.value_or(today());
  store::Changes files;  // the attached photos, written with the record
  h.attachments = stage_attachments(o.attach, o.captions, h.date, files);
  const inspect::Checklist checklist(ctx.catalog());
  auto w = hazard::open(ctx.catalog(), checklist, h, repo.hazards, today());
  // The item it was opened from names it back, in the same commit: both files or neither.
  inspect::Created link;
  if (in && !o.item.empty()) link = inspect::link_hazard(ctx.catalog(), ctx.disk(), *in, o.item, w.id);
  if (w.exists) {
    if (link.changes.empty()) {
      ctx.say(msg("{} is already recorded", w.id));
      return 0;
    }
    ctx.write(link.changes, fmt::format("检查 {} 检查项 {} 关联隐患 {}", in->record.id(), o.item, w.id));
    ctx.say(msg("{} is already recorded; item {} of {} now names it", w.id, o.item, in->record.id()));
    return 0;
  }
  for (auto& [path, text] : link.changes.writes) w.changes.writes[path] = std::move(text);
  for (auto& [path, bytes] : files.writes) w.changes.writes[path] = std::move(bytes);
  ctx.write(w.changes, fmt::format("隐患 {} 登记（{}）", w.id, commit_place(h.grid)));
  ctx.say(msg("opened {} ({} hazard, {}) at {}", w.id, h.severity, h.date.iso(),
                      h.unit ? fmt::format("{} {}", h.unit->id, h.unit->name()) : h.grid->display_path()));
  if (!link.changes.empty()) ctx.say(msg("item {} of {} names it", o.item, in->record.id()));
  if (h.severity == "major")
    ctx.say(msg("a major hazard is reported to the county at once: firegrid hazard escalate {} --by ...", w.id));
  return 0;
}

// ---- show ----

int run_show(Context& ctx, const std::string& id, const std::string& format, const std::string& as_of_s) {
  const Date as_of = date_option_or_today(as_of_s, "--as-of");
  model::LoadOptions what(true, true, as_of);
  what.without_inspections();  // a hazard names its inspection; nothing here reads one
  const model::Repo repo = ctx.load(what);
  const Hazard& h = find_hazard(repo, id);
  const doc::Node& r = h.record.doc().root;
  const auto c = hazard::clock_of(r, repo.policy(), repo.calendar, as_of);
  std::vector<const hazard::Tip*> tips;
  for (const auto& t : repo.tips)
    if (t.record.doc().root.get_string("hazard") == id) tips.push_back(&t);
  if (format == "yaml") {
    out(as_of_s.empty() ? std::string(schema::without_modeline(h.record.doc().text)) : doc::emit(r, ctx.catalog().key_order("hazard").get()));
    return 0;
  }
  if (format == "json") {
    nlohmann::ordered_json j;
    j["id"] = h.record.id();
    j["grid"] = h.grid ? h.grid->path : "";
    j["unit"] = h.unit ? h.unit->id : "";
    j["place"] = place_of(h);
    j["file"] = h.record.path;
    j["as_of"] = as_of.iso();
    j["next"] = c.next;
    j["due"] = c.due ? nlohmann::ordered_json(c.due->iso()) : nlohmann::ordered_json();
    j["due_certain"] = c.certain;
    j["light"] = c.light == hazard::Light::none ? nlohmann::ordered_json() : nlohmann::ordered_json(hazard::to_string(c.light));
    j["flags"] = c.flags;
    j["tips"] = nlohmann::ordered_json::array();
    for (const auto* t : tips) j["tips"].push_back(t->record.id());
    j["record"] = doc::to_ordered_json(r);
    out(j.dump(2) + "\n");
    return 0;
  }
  const auto state = hazard::state_of(r);
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("id"), h.record.id());
  rows.emplace_back(N_("place"), h.unit ? msg("{} {} ({})", h.unit->id, h.unit->name(), h.grid->display_path())
                                    : fmt::format("{} {}", h.grid ? h.grid->display_path() : "", r.get_string("place")));
  rows.emplace_back(N_("description"), r.get_string("description"));
  const std::string severity = r.get_string("severity");
  rows.emplace_back(N_("severity"), in_chinese() ? zh_with_code(severity_chinese(severity), severity)
                                                 : fmt::format("{} ({})", severity, severity_chinese(severity)));
  rows.emplace_back(N_("state"), in_chinese() ? zh_with_code(hazard::chinese(state), hazard::to_string(state))
                                              : fmt::format("{} ({})", hazard::to_string(state), hazard::chinese(state)));
  rows.emplace_back(N_("found"), msg("{} by {}{}", r.get_string("found_on"), source_words(r.get_string("source")),
                                     r.find("found_by") ? (in_chinese() ? "，" : ", ") + person_line(*r.find("found_by")) : ""));
  rows.emplace_back(N_("inspection"), r.get_string("inspection"));
  const inspect::Checklist checklist(ctx.catalog());
  if (const inspect::Checklist::Item* item = checklist.find(r.get_string("item")); item && in_chinese())
    rows.emplace_back(N_("item"), zh_with_code(item->text, item->code));
  else
    rows.emplace_back(N_("item"), r.get_string("item"));
  if (const doc::Node* n = r.find("notice"))
    rows.emplace_back(N_("notice"), fmt::format("{}{}", n->get_string("issued_on"),
                                            n->get_string("number").empty() ? "" : " " + n->get_string("number")));
  rows.emplace_back(N_("deadline"), r.get_string("deadline"));
  rows.emplace_back(N_("reported"), r.get_string("reported_on"));
  rows.emplace_back(N_("closed"), r.get_string("closed_on"));
  if (const doc::Node* es = r.find("escalations"))
    for (const auto& e : es->items())
      rows.emplace_back(N_("escalated"), fmt::format("{} {}", e.get_string("on"), authority_words(e.get_string("to"))));
  if (const doc::Node* a = r.find("assessment")) {
    std::vector<std::string> els;
    for (const auto& e : a->find("elements")->items()) els.push_back(e.as_string());
    rows.emplace_back(N_("assessment"), fmt::format("{} {} ({}): {}", a->get_string("assessed_on"), a->get_string("edition"),
                                                a->get_string("premises"), fmt::join(els, " ")));
    const doc::Node* p = a->find("points_to_major");
    rows.emplace_back(N_("rules say"), p && p->as_bool() ? tr("points to a major hazard") : tr("does not point to a major hazard"));
  }
  if (const doc::Node* d = r.find("decision"))
    rows.emplace_back(N_("decision"), msg("{} {} by {}{}", d->get_string("decided_on"), hazard_words(d->get_string("severity")),
                                          d->get_string("by"), d->get_string("basis").empty() ? "" : tr("; ") + d->get_string("basis")));
  if (const doc::Node* s = r.find("supervision"))
    rows.emplace_back(N_("supervision"), msg("{} since {}, deadline {}{}", s->get_string("authority"), s->get_string("listed_on"),
                                             s->get_string("deadline"),
                                             s->get_string("lifted_on").empty() ? "" : msg(", lifted {}", s->get_string("lifted_on"))));
  for (const auto* t : tips) rows.emplace_back(N_("tip"), t->record.id());
  if (hazard::is_open(state)) {
    rows.emplace_back(N_("next"), c.due ? msg("{} by {}", clock_words(c.next), due_text(c)) : clock_words(c.next));
    if (in_chinese())
      rows.emplace_back(N_("light"), fmt::format("{}灯{}", hazard::chinese(c.light),
                                                 c.flags.empty() ? "" : fmt::format("（{}）", fmt::join(flag_words(c), "、"))));
    else
      rows.emplace_back(N_("light"), fmt::format("{}{}", hazard::to_string(c.light),
                                                 c.flags.empty() ? "" : fmt::format(" ({})", fmt::join(c.flags, ", "))));
  }
  rows.emplace_back(N_("file"), h.record.path);
  std::string s = field_lines(rows);
  if (const doc::Node* history = r.find("history")) {
    s += "\n" + tr("history") + "\n";
    render::Table t;
    t.columns = {{"date", tr("DATE")}, {"event", tr("STEP")}, {"by", tr("BY")}, {"deadline", tr("DEADLINE")}, {"state", tr("STATE")}, {"note", tr("NOTE")}};
    for (const auto& e : history->items()) {
      const doc::Node* by = e.find("by");
      std::string who = by ? by->get_string("name") : "";
      if (by && !by->get_string("organisation").empty()) who += "/" + by->get_string("organisation");
      std::string note = e.get_string("note");
      if (!e.get_string("inspection").empty())
        note = msg("re-check {}", e.get_string("inspection")) + (note.empty() ? "" : tr("; ") + note);
      t.rows.push_back({e.get_string("date"), hazard_words(e.get_string("event")), who, e.get_string("deadline"),
                        hazard_words(e.get_string("state")), note});
    }
    s += render::render_text(t);
  }
  out(s);
  if (!c.certain) ctx.say(years_note(repo.calendar));
  return 0;
}

// ---- list ----

struct ListOptions {
  std::string grid, unit, state = "open", severity, light, source, as_of, by, format = "text";
  bool supervised = false;
};

bool below(const grid::Grid* g, const grid::Grid* top) {
  for (const grid::Grid* p = g; p; p = p->parent)
    if (p == top) return true;
  return false;
}

const grid::Grid* ancestor_at(const grid::Grid* g, grid::Level level) {
  for (const grid::Grid* p = g; p; p = p->parent)
    if (p->level == level) return p;
  return nullptr;
}

int run_list(Context& ctx, const ListOptions& o) {
  const Date as_of = date_option_or_today(o.as_of, "--as-of");
  model::LoadOptions what(true, true, as_of);
  what.without_inspections();  // the list needs hazards, their units and grids
  const model::Repo repo = ctx.load(what);
  const grid::Grid* under = o.grid.empty() ? nullptr : repo.tree.resolve(o.grid);
  const unit::Unit* only = o.unit.empty() ? nullptr : &repo.units.resolve(o.unit);
  std::optional<hazard::State> state;
  if (o.state != "open" && o.state != "closed" && o.state != "all") {
    state = hazard::parse_state(o.state);
    if (!state)
      throw Error(msg("unknown state '{}'", o.state),
                  tr("use open, closed, all, or one of: found, fixed, notified, reported, closed, reopened"));
  }
  struct Shown {
    const Hazard* h;
    hazard::Clock clock;
  };
  std::vector<Shown> shown;
  for (const auto& h : repo.hazards) {
    const doc::Node& r = h.record.doc().root;
    const auto s = hazard::state_of(r);
    if (state ? s != *state : (o.state == "open" && !hazard::is_open(s)) || (o.state == "closed" && hazard::is_open(s)))
      continue;
    if (!o.severity.empty() && r.get_string("severity") != o.severity) continue;
    if (!o.source.empty() && r.get_string("source") != o.source) continue;
    if (only && h.unit != only) continue;
    if (under && !below(h.grid, under)) continue;
    if (o.supervised && !(r.find("supervision") && r.find("supervision")->get_string("lifted_on").empty())) continue;
    auto c = hazard::clock_of(r, repo.policy(), repo.calendar, as_of);
    if (!o.light.empty() && o.light != hazard::to_string(c.light)) continue;
    shown.push_back({&h, std::move(c)});
  }
  std::stable_sort(shown.begin(), shown.end(), [](const Shown& a, const Shown& b) {
    const std::string ga = a.h->grid ? a.h->grid->path : "", gb = b.h->grid ? b.h->grid->path : "";
    return std::make_tuple(std::cref(ga), a.h->record.id()) < std::make_tuple(std::cref(gb), b.h->record.id());
  });
  bool uncertain = false;
  render::Table t;
  if (!o.by.empty()) {
    // Gathered per village (or township), as the grid reads them: every hazard is
    // visible to the levels above it.
    const auto level = grid::parse_level(o.by);
    if (!level || *level == grid::Level::group || *level == grid::Level::county)
      throw Error(msg("--by {}: gather by village or township", o.by));
    t.columns = {{"grid", tr("GRID")},
                 {"name", tr("NAME")},
                 {"open", tr("OPEN"), render::Align::right, true},
                 {"red", tr("RED"), render::Align::right, true},
                 {"yellow", tr("YELLOW"), render::Align::right, true},
                 {"green", tr("GREEN"), render::Align::right, true},
                 {"major", tr("MAJOR"), render::Align::right, true},
                 {"supervised", tr("SUPERVISED"), render::Align::right, true}};
    std::map<std::string, std::array<std::size_t, 6>> counts;
    std::map<std::string, std::string> names;
    for (const auto& s : shown) {
      const grid::Grid* g = ancestor_at(s.h->grid, *level);
      const std::string key = g ? g->path : "";
      names[key] = g ? g->name() : "(county)";
      auto& n = counts[key];
      const doc::Node& r = s.h->record.doc().root;
      n[0] += hazard::is_open(hazard::state_of(r));
      n[1] += s.clock.light == hazard::Light::red;
      n[2] += s.clock.light == hazard::Light::yellow;
      n[3] += s.clock.light == hazard::Light::green;
      n[4] += r.get_string("severity") == "major";
      n[5] += r.find("supervision") && r.find("supervision")->get_string("lifted_on").empty();
      uncertain = uncertain || !s.clock.certain;  // the lights counted stand on a guessed date
    }
    for (const auto& [key, n] : counts) {
      t.rows.push_back({key, names[key]});
      for (auto v : n) t.rows.back().push_back(std::to_string(v));
      t.row_colours.push_back(ctx.stdout_color() && o.format == "text" ? (n[1] ? "31" : n[2] ? "33" : "") : "");
    }
    out(ctx.render(t, o.format));
    // In Markdown, a paragraph after the table (a blank line ends the table).
    if (uncertain && (o.format == "text" || o.format == "md"))
      ctx.say((o.format == "md" ? "\n" : "") + years_note(repo.calendar));
    return 0;
  }
  const bool text = o.format == "text";
  const bool human = text || o.format == "md";  // read by people: an uncertain date shows its `?`
  t.columns = {{"id", tr("ID")},         {"found_on", tr("FOUND")},  {"grid", tr("GRID")},  {"unit", tr("UNIT")},
               {"place", tr("PLACE")},   {"severity", tr("SEV")},    {"state", tr("STATE")}, {"next", tr("NEXT")},
               {"due", tr("DUE")},       {"light", tr("LIGHT")},     {"flags", tr("FLAGS")}, {"description", tr("DESCRIPTION")}};
  if (text) {  // read by people: one language, the interface's (JSON, CSV and md keep the ids)
    t.columns.pop_back();
    const char* zh[] = {"编号", "发现日期", "网格", "单位", "地点", "等级", "状态", "下一步", "期限", "灯", "标记"};
    for (std::size_t i = 0; i < t.columns.size(); ++i) t.columns[i].title = zh[i];
  }
  std::size_t red = 0, yellow = 0;
  for (const auto& s : shown) {
    const doc::Node& r = s.h->record.doc().root;
    const auto st = hazard::state_of(r);
    uncertain = uncertain || !s.clock.certain;
    red += s.clock.light == hazard::Light::red;
    yellow += s.clock.light == hazard::Light::yellow;
    t.rows.push_back({std::string(s.h->record.id()), r.get_string("found_on"), s.h->grid ? s.h->grid->path : "",
                      s.h->unit ? s.h->unit->id : "", place_of(*s.h),
                      text ? severity_chinese(r.get_string("severity")) : r.get_string("severity"),
                      text ? hazard::chinese(st) : hazard::to_string(st),
                      text ? hazard::chinese_clock_word(s.clock.next) : s.clock.next,
                      human ? due_text(s.clock) : (s.clock.due ? s.clock.due->iso() : ""),
                      text ? hazard::chinese(s.clock.light) : hazard::to_string(s.clock.light), flags_text(s.clock, text),
                      r.get_string("description")});
    t.row_colours.push_back(text && ctx.stdout_color() ? light_colour(s.clock.light) : "");
  }
  out(ctx.render(t, o.format));
  if (text) ctx.say(msg("截至 {}：{} 条隐患（红灯 {}，黄灯 {}）", as_of.iso(), shown.size(), red, yellow));
  if (human && uncertain) ctx.say((text ? "" : "\n") + years_note(repo.calendar));
  return 0;
}

// ---- assess ----

struct AssessOptions {
  std::string id, edition, premises, date, by, decide, decided_by, basis;
  std::vector<std::string> elements;
};

int run_assess(Context& ctx, const AssessOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const Hazard& h = find_hazard(repo, o.id);
  const Date date = date_option_or_today(o.date, "--date");
  doc::Node r = h.record.doc().root;
  if (!o.elements.empty()) {
    const hazard::Rules rules(ctx.catalog());
    const hazard::Edition* edition = nullptr;
    if (o.edition.empty()) {
      Date found;
      parse_date(r.get_string("found_on"), found);
      edition = rules.in_force_on(found);
      if (!edition) throw Error(msg("no edition of GB 35181 was in force on {}", found.iso()), tr("pass --edition"));
    } else if (!(edition = rules.find(o.edition))) {
      std::vector<std::string> names;
      for (const auto& e : rules.editions()) names.push_back(e.version);
      throw Error(msg("unknown edition '{}'", o.edition), msg("use one of: {}", fmt::join(names, ", ")));
    }
    std::string premises = o.premises;
    if (premises.empty() && h.unit) premises = hazard::premises_of_category(h.unit->category());
    if (premises.empty())
      throw Error(tr("say what kind of premises this is: the counting rules depend on it"),
                  tr("--premises crowded|hazardous-goods|important|other (人员密集场所, 易燃易爆危险品场所, 重要场所, 其他场所)"));
    bool known = false;
    for (const auto& p : rules.premises()) known = known || p.id == premises;
    if (!known) throw Error(msg("unknown premises '{}'", premises), tr("use crowded, hazardous-goods, important or other"));
    std::vector<std::string> elements = o.elements;
    std::sort(elements.begin(), elements.end());
    elements.erase(std::unique(elements.begin(), elements.end()), elements.end());
    const auto verdict = hazard::judge(*edition, premises, elements);
    r = hazard::assess(r, *edition, premises, elements, verdict, date, o.by.empty() ? doc::Node() : hazard::parse_actor(o.by),
                       today());
    ctx.say(verdict.points_to_major
              ? msg("{} under {} ({} premises): the rules point to a MAJOR hazard (重大火灾隐患)", h.record.id(),
                    edition->version, premises)
              : msg("{} under {} ({} premises): the rules do not point to a major hazard", h.record.id(), edition->version,
                    premises));
    for (const auto& why : verdict.reasons) ctx.say("  " + why);
    if (!verdict.unverified.empty())
      ctx.say(msg("  not checked against the standard's text: {} (see docs/gb35181.md)",
                          fmt::join(verdict.unverified, " ")));
    if (o.decide.empty())
      ctx.say(tr("the determination is a collective or expert one: record it with --decide major|general --decided-by WHO"));
  } else if (o.decide.empty()) {
    throw Error(tr("name the elements found (--element 6.5 ...) or record a decision (--decide)"));
  }
  if (!o.decide.empty()) r = hazard::decide(r, o.decide, date, o.decided_by, o.basis, today());
  const auto w = hazard::rewrite(ctx.catalog(), h, r);
  ctx.write(w.changes, fmt::format("隐患 {} {}（{}）", w.id, o.decide.empty() ? "判定要素" : "集体讨论或专家论证",
                                   commit_place(h.grid)));
  if (!o.decide.empty()) {
    ctx.say(msg("{}: decided {} by {}", w.id, o.decide, o.decided_by));
    if (o.decide == "major" && !(r.find("escalations")))
      ctx.say(msg("a major hazard is reported to the county at once: firegrid hazard escalate {} --by ...", w.id));
  }
  return 0;
}

// ---- apply ----

struct ApplyOptions {
  std::string file;
  SheetArgs input;
  bool dry_run = false;
};

int run_apply(Context& ctx, const ApplyOptions& o) {
  const text::SheetOptions input = o.input.options();
  const std::string bytes = read_input_file(o.file);
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = ctx.load(model::LoadOptions(true, false).without_inspections());
  const auto plan = hazard::plan_steps(ctx.catalog(), repo.hazards, repo.policy(), o.file, bytes, input, today());
  ctx.print_findings(plan.problems, true);
  if (plan.problems.errors() > 0) {
    err(msg("{}: {} error{}; nothing was changed\n", o.file, plan.problems.errors(), plural_s(plan.problems.errors())));
    return static_cast<int>(ExitCode::findings);
  }
  if (o.dry_run)
    for (const auto& a : plan.actions) out(a + "\n");
  else
    ctx.write(plan.changes, fmt::format("隐患 批量处理 {}：{} 个步骤，{} 个隐患", import_file_name(o.file), plan.rows,
                                        plan.hazards));
  ctx.say(msg("{}{}: {} step{} applied to {} hazard{}", o.dry_run ? tr("dry run: ") : std::string(), o.file, plan.rows,
              plural_s(plan.rows), plan.hazards, plural_s(plan.hazards)));
  return 0;
}

}  // namespace

void register_hazard(CLI::App& app, Context& ctx) {
  CLI::App* cmd = app.add_subcommand("hazard", tr("Fire hazards: rectification, escalation, major hazards, tips"));
  {
    auto o = std::make_shared<OpenOptions>();
    CLI::App* c = cmd->add_subcommand("open", tr("Open a hazard of a unit, or of a grid for a place with no unit"));
    c->add_option("--unit", o->unit, tr("The unit: id, exact name or part of it"));
    c->add_option("--grid", o->grid, tr("Or the grid, for a place with no unit"));
    c->add_option("--source", o->source, tr("inspection, patrol, tip or self-report"))
      ->check(CLI::IsMember({"inspection", "patrol", "tip", "self-report"}));
    c->add_option("--inspection", o->inspection, tr("The inspection that found it (its date is the default)"));
    c->add_option("--tip", o->tip, tr("The tip that revealed it"));
    c->add_option("--item", o->item, tr("The checklist item it breaks (`inspect checklist`)"));
    c->add_option("--severity", o->severity, tr("general (default) or major"))->check(CLI::IsMember({"general", "major"}));
    c->add_option("--description", o->description, tr("What is wrong (default: the item's text)"));
    c->add_option("--place", o->place, tr("Where exactly"));
    c->add_option("--date", o->date, tr("When it was found (default: today)"));
    c->add_option("--by", o->by, tr("Who found it: 王强/槐阳镇派出所 or name=..,org=.."));
    add_attach_options(c, o->attach, o->captions);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_open(ctx, *o); }; });
  }
  {
    auto id = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    auto as_of = std::make_shared<std::string>();
    CLI::App* c = cmd->add_subcommand("show", tr("Show one hazard, its history and what is due"));
    c->add_option("id", *id, tr("The hazard's id (h-...)"))->required();
    c->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
    c->add_option("--as-of", *as_of, tr("Show it as it stood at the end of this day, clocks judged then (default: today)"));
    c->callback([&ctx, id, format, as_of] {
      ctx.action = [&ctx, id, format, as_of] { return run_show(ctx, *id, *format, *as_of); };
    });
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* c = cmd->add_subcommand("list", tr("List hazards with their clocks (open ones by default)"));
    c->add_option("--grid", o->grid, tr("Only in this grid (any level)"));
    c->add_option("--unit", o->unit, tr("Only of this unit"));
    c->add_option("--state", o->state, tr("open (default), closed, all, or a state"));
    c->add_option("--severity", o->severity, tr("general or major"))->check(CLI::IsMember({"general", "major"}));
    c->add_option("--light", o->light, tr("red, yellow or green"))->check(CLI::IsMember({"red", "yellow", "green"}));
    c->add_option("--source", o->source, tr("inspection, patrol, tip or self-report"));
    c->add_flag("--supervised", o->supervised, tr("Only those under listed supervision"));
    c->add_option("--as-of", o->as_of, tr("List them as they stood at the end of this day, clocks judged then (default: today)"));
    c->add_option("--by", o->by, tr("Gather counts per village or township"))->check(CLI::IsMember({"village", "township"}));
    add_table_format(c, o->format, ctx);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_list(ctx, *o); }; });
  }
  auto step = [&](const char* name, const char* event, const std::string& help, auto extra) {
    auto o = std::make_shared<StepOptions>();
    CLI::App* c = cmd->add_subcommand(name, help);
    const bool printable = std::string(event) == "notice" || std::string(event) == "verify";
    add_step_options(c, o, !printable);
    if (printable) {
      c->add_flag("--print", o->print,
                  std::string(event) == "notice"
                      ? "Print the notice (限期整改通知书) as a printable HTML page instead; records nothing"
                      : "Print the re-check opinion (复查意见书) of the last re-check instead; records nothing");
      c->add_option("-o,--output", ctx.output, tr("With --print: write the page to FILE instead of stdout"))->type_name("FILE");
    }
    extra(c, o);
    c->callback([&ctx, o, event, printable] {
      if (printable && !o->print && o->by.empty()) throw CLI::RequiredError("--by");
      ctx.action = [&ctx, o, event] {
        if (o->print) return run_print(ctx, event, *o);
        std::string e = event;
        if (e == "verify") {
          if (o->pass == o->fail) throw Error(tr("say how the re-check went: --pass or --fail"));
          e = o->pass ? "verify-pass" : "verify-fail";
        }
        if (e == "fix" && !o->on_spot)
          throw Error(tr("close is for a hazard fixed on the spot: pass --on-spot"),
                      tr("a hazard under notice is closed by its re-check: firegrid hazard verify ID --pass"));
        if (e == "supervise" && o->lift) e = "lift";
        if (e == "escalate" && o->to.empty()) o->to = {"police-bureau", "fire-brigade"};
        return run_step(ctx, e, *o);
      };
    });
  };
  auto none = [](CLI::App*, const std::shared_ptr<StepOptions>&) {};
  step("notice", "notice", tr("Issue the written notice with a rectification deadline (限期整改)"),
       [](CLI::App* c, const std::shared_ptr<StepOptions>& o) {
         c->add_option("--deadline", o->deadline, tr("The deadline (default: by severity, from the policy)"));
         c->add_option("--number", o->number, tr("The notice's document number"));
       });
  step("rectify", "rectify", tr("Record the unit's report that the rectification is done"), none);
  step("verify", "verify", tr("Record the re-check: --pass closes it, --fail sets a new deadline"),
       [](CLI::App* c, const std::shared_ptr<StepOptions>& o) {
         c->add_flag("--pass", o->pass, tr("The re-check found it fixed: close it"));
         c->add_flag("--fail", o->fail, tr("It is not fixed: a new deadline"));
         c->add_option("--deadline", o->deadline, tr("The new deadline after --fail (default from the policy)"));
         c->add_option("--inspection", o->inspection,
                       tr("The re-check inspection (复查) that judged it, of its unit or grid (--date defaults to its day)"));
       });
  step("close", "fix", tr("Close a hazard fixed on the spot (当场改正)"), [](CLI::App* c, const std::shared_ptr<StepOptions>& o) {
    c->add_flag("--on-spot", o->on_spot, tr("It was fixed on the spot"));
  });
  step("reopen", "reopen", tr("Reopen a closed hazard (say why with --note)"), none);
  step("escalate", "escalate", tr("Report it to the county (a major hazard at once)"),
       [](CLI::App* c, const std::shared_ptr<StepOptions>& o) {
         c->add_option("--to", o->to, tr("police-bureau, fire-brigade, county-government, safety-committee; repeatable (default: the first two)"))
           ->check(CLI::IsMember({"police-bureau", "fire-brigade", "county-government", "safety-committee"}));
       });
  step("list-supervise", "supervise", tr("Place a major hazard under listed supervision (挂牌督办), or --lift it"),
       [](CLI::App* c, const std::shared_ptr<StepOptions>& o) {
         c->add_option("--authority", o->authority, tr("Who supervises, e.g. 元氏县人民政府"));
         c->add_option("--deadline", o->deadline, tr("The supervision's own deadline"));
         c->add_flag("--lift", o->lift, tr("Take it off the list (摘牌)"));
       });
  step("note", "note", tr("Add a note to the history"), none);
  {
    auto o = std::make_shared<AssessOptions>();
    CLI::App* c = cmd->add_subcommand("assess", tr("Record the GB 35181 elements found; what the rules say; the decision"));
    c->add_option("id", o->id, tr("The hazard's id (h-...)"))->required();
    c->add_option("--element", o->elements, tr("A clause found, e.g. 6.5 or 7.3.6; repeatable"));
    c->add_option("--edition", o->edition, tr("2017 or 2025 (default: the one in force when it was found)"));
    c->add_option("--premises", o->premises, tr("crowded, hazardous-goods, important or other (default from the unit's category)"));
    c->add_option("--decide", o->decide, tr("Record the determination: major or general"))->check(CLI::IsMember({"major", "general"}));
    c->add_option("--decided-by", o->decided_by, tr("Who determined it, e.g. 县消防救援大队集体讨论"));
    c->add_option("--basis", o->basis, tr("On what basis"));
    c->add_option("--date", o->date, tr("When (default: today)"));
    c->add_option("--by", o->by, tr("Who assessed the elements"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_assess(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ApplyOptions>();
    CLI::App* c = cmd->add_subcommand("apply", tr("Apply a sheet of steps (hazard,step,date,by,...), all or nothing"));
    add_sheet_input(c, o->file, o->input, tr("The steps"));
    c->add_flag("--dry-run", o->dry_run, tr("Show the steps; write nothing"));
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_apply(ctx, *o); }; });
  }
  register_tip(*cmd, ctx);
}

}  // namespace firegrid::cli
