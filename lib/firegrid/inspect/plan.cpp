#include <firegrid/inspect/plan.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/unit/category.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <regex>
#include <tuple>

namespace firegrid::inspect {

Period parse_week(const std::string& value, const Date& today) {
  std::smatch m;
  int shift = 0;
  if (value == "this") shift = 0;
  else if (value == "last") shift = -1;
  else if (value == "next") shift = 1;
  else if (std::regex_match(value, m, std::regex(R"(([+-])(\d{1,3}))")))
    shift = (m[1] == "-" ? -1 : 1) * std::stoi(m[2]);
  else if (std::regex_match(value, m, std::regex(R"((\d{4})-W(\d{2}))"))) {
    const int year = std::stoi(m[1]), week = std::stoi(m[2]);
    // Week 1 holds 4 January; its Monday starts the week-numbering year.
    const Date jan4{year, 1, 4};
    const Date monday = jan4.plus(1 - jan4.weekday()).plus(7L * (week - 1));
    const IsoWeek w = iso_week(monday);
    if (week < 1 || w.year != year || w.week != week)
      throw Error(msg("--week {}: {} has no week {}", value, year, week),
                  msg("ISO weeks run from {}-W01 to {}-W{:02}", year, year, iso_week(Date{year, 12, 28}).week));
    return period_of("week", monday);
  } else {
    throw Error(msg("--week {}: not a week", value), tr("write --week like 2026-W49, or this, last, next, -2, +1"));
  }
  return period_of("week", period_of("week", today).first.plus(7L * shift));
}

std::string Assignee::label() const {
  if (name.empty()) return organisation;
  return organisation.empty() ? name : name + "/" + organisation;
}

const char* to_string(Reason r) {
  switch (r) {
    case Reason::recheck: return "recheck";
    case Reason::never_checked: return "never-checked";
    case Reason::interval: return "interval";
    case Reason::cadence: break;
  }
  return "cadence";
}

const char* chinese(Reason r) {
  switch (r) {
    case Reason::recheck: return "隐患复查";
    case Reason::never_checked: return "从未检查";
    case Reason::interval: return "超过检查周期";
    case Reason::cadence: break;
  }
  return "例行检查";
}

bool assigned_to(const Assignee& who, const std::string& by) {
  return !by.empty() && (by == who.name || by == who.organisation || by == who.label());
}

std::vector<std::vector<const Visit*>> by_assignee(const std::vector<const Visit*>& visits) {
  std::vector<std::vector<const Visit*>> runs;
  for (const Visit* v : visits) {
    if (runs.empty() || v->who.label() != runs.back().front()->who.label() || v->who.grid != runs.back().front()->who.grid)
      runs.emplace_back();
    runs.back().push_back(v);
  }
  return runs;
}

namespace {

const grid::Grid* plan_up_to(const grid::Grid* g, grid::Level level) {
  while (g && g->level > level) g = g->parent;
  return g && g->level == level ? g : nullptr;
}

Assignee plan_person(const doc::Node& p, const grid::Grid& g) {
  Assignee a;
  a.name = p.get_string("name");
  a.organisation = p.get_string("organisation");
  a.role = p.get_string("role");
  a.phone = p.get_string("phone");
  a.grid = g.path;
  return a;
}

// The first person of grid `g`'s record (its coordinators, then its leader, then its
// members, in the order written) whose organisation or role holds `word` ("" : anyone).
std::optional<Assignee> plan_find(const grid::Grid* g, const std::string& word) {
  if (!g) return std::nullopt;
  const doc::Node& r = g->doc.root;
  const auto fits = [&](const doc::Node& p) {
    return p.is_mapping() && !p.get_string("name").empty() &&
           (word.empty() || p.get_string("organisation").find(word) != std::string::npos ||
            p.get_string("role").find(word) != std::string::npos);
  };
  if (const doc::Node* c = r.find("coordinators"); c && c->is_sequence())
    for (const auto& p : c->items())
      if (fits(p)) return plan_person(p, *g);
  if (const doc::Node* l = r.find("leader"); l && fits(*l)) return plan_person(*l, *g);
  if (const doc::Node* ms = r.find("members"); ms && ms->is_sequence())
    for (const auto& p : ms->items())
      if (fits(p)) return plan_person(p, *g);
  return std::nullopt;
}

Assignee plan_organisation(const grid::Grid* g, const std::string& organisation) {
  Assignee a;
  a.organisation = (g ? g->name() : std::string()) + organisation;
  a.grid = g ? g->path : "";
  return a;
}

// Who does a check of `kind` at grid `g` (a unit's group for a unit):
// docs/commands/inspect.md ("Who visits") is this function in words.
Assignee plan_assignee(const std::string& kind, const grid::Grid* g, const grid::Tree& tree) {
  const grid::Grid* township = plan_up_to(g, grid::Level::township);
  const grid::Grid* village = plan_up_to(g, grid::Level::village);
  const grid::Grid* county = tree.root();
  const auto police = [&] {
    if (auto a = plan_find(township, "派出所")) return *a;
    return plan_organisation(township, "派出所");
  };
  if (kind == "patrol" || kind == "village-check") {
    const grid::Grid* at = kind == "patrol" && g && g->level == grid::Level::group ? g : (village ? village : g);
    if (auto a = plan_find(at, "")) return *a;
    return plan_organisation(at, "");
  }
  if (kind == "community-police-check") {
    if (auto a = plan_find(village, "民警")) return *a;
    return police();
  }
  if (kind == "police-spot-check") return police();
  if (kind == "township-inspection") {
    if (auto a = plan_find(township, "安监")) return *a;
    if (auto a = plan_find(township, "")) return *a;
    return plan_organisation(township, "安监办");
  }
  if (kind == "fire-brigade-inspection") {
    if (auto a = plan_find(county, "消防")) return *a;
    return plan_organisation(nullptr, "消防救援大队");
  }
  if (auto a = plan_find(county, "")) return *a;
  return plan_organisation(county, "");
}

// The kind of check that visits a unit for itself (its interval or a re-check): the
// police station's spot check or the fire brigade's inspection, by its supervisor.
std::string plan_unit_kind(const unit::Unit& u) {
  return unit::effective_supervisor(u.doc.root) == unit::Supervisor::fire_brigade ? "fire-brigade-inspection"
                                                                                   : "police-spot-check";
}

bool plan_is_day_name(const std::string& period) { return std::regex_match(period, std::regex(R"(\d{4}-\d{2}-\d{2})")); }

}  // namespace

Plan plan_week(const grid::Tree& tree, const unit::Registry& units, const std::vector<Inspection>& inspections,
               const std::vector<Hazard>& hazards, const std::vector<policy::Cadence>& cadences,
               const doc::Node& policy, const policy::Calendar& calendar, const grid::Grid& under,
               const Period& week) {
  Plan plan;
  plan.week = week;
  const Date monday = week.first, sunday = week.last;

  // Re-checks: open hazards on Monday whose clock, on Sunday, waits for the re-check.
  for (const auto& h : hazards) {
    const grid::Grid* at = h.unit ? h.unit->group : h.grid;
    if (!at || !at->is_within(under) || (h.unit && !h.unit->active_on(monday))) continue;
    doc::Node storage;
    const doc::Node* then = hazard::on_day(h.record.doc().root, monday, storage);
    if (!then || !hazard::is_open(hazard::state_of(*then))) continue;
    const hazard::Clock c = hazard::clock_of(*then, policy, calendar, sunday);
    if (c.next != "recheck" || !c.due) continue;
    Visit v;
    v.reason = Reason::recheck;
    v.grid = at;
    v.unit = h.unit;
    v.place = h.unit ? h.unit->name() : h.grid->name() + " " + then->get_string("place");
    while (!v.place.empty() && v.place.back() == ' ') v.place.pop_back();
    v.kind = h.unit ? plan_unit_kind(*h.unit) : "township-inspection";
    v.due = *c.due;
    v.hazard = h.record.id();
    plan.visits.push_back(std::move(v));
  }

  // The due list on Monday, within the week: units never checked or past their interval,
  // and the cadences' current periods ending by Sunday (not the daily ones, not a period
  // already missed).
  for (const auto& r : due(tree, units, inspections, cadences, policy, under, monday, 6)) {
    if (r.status == "missed" || plan_is_day_name(r.period)) continue;
    Visit v;
    v.unit = r.unit.empty() ? nullptr : units.by_id(r.unit);
    v.grid = v.unit ? v.unit->group : tree.find(r.grid);
    v.place = r.place;
    v.period = r.period;
    v.due = r.due;
    v.last = r.last;
    if (r.kind == "unit-check") {
      if (!v.unit) continue;
      v.reason = r.last.empty() ? Reason::never_checked : Reason::interval;
      v.kind = plan_unit_kind(*v.unit);
    } else {
      v.reason = Reason::cadence;
      v.kind = r.kind;
    }
    plan.visits.push_back(std::move(v));
  }

  // One visit of a unit by one kind: the most urgent reason (a re-check of several hazards
  // of a unit stays one line each).
  std::stable_sort(plan.visits.begin(), plan.visits.end(),
                   [](const Visit& a, const Visit& b) { return a.reason < b.reason; });
  std::set<std::string> seen;
  std::vector<Visit> kept;
  for (auto& v : plan.visits) {
    if (v.unit && v.reason != Reason::recheck && v.reason != Reason::cadence &&
        !seen.insert(v.unit->id + "\n" + v.kind).second)
      continue;
    if (v.unit && v.reason == Reason::recheck) seen.insert(v.unit->id + "\n" + v.kind);
    v.who = plan_assignee(v.kind, v.grid, tree);
    kept.push_back(std::move(v));
  }
  plan.visits = std::move(kept);

  const auto key = [](const Visit& v) {
    const grid::Grid* t = plan_up_to(v.grid, grid::Level::township);
    const grid::Grid* vi = plan_up_to(v.grid, grid::Level::village);
    return std::make_tuple(v.who.grid, v.who.label(), t ? t->path : std::string(), vi ? vi->path : std::string(),
                           static_cast<int>(v.reason), v.due.year, v.due.month, v.due.day,
                           v.grid ? v.grid->path : std::string(), v.place, v.hazard);
  };
  std::stable_sort(plan.visits.begin(), plan.visits.end(),
                   [&](const Visit& a, const Visit& b) { return key(a) < key(b); });
  return plan;
}

std::string plan_path(const Period& week, const grid::Grid& g) {
  std::string scope = g.path.empty() ? "county" : g.path;
  std::replace(scope.begin(), scope.end(), '/', '-');
  return fmt::format("{}/{}/{}-{}.yaml", kPlansDir, week.name.substr(0, 4), week.name, scope);
}

doc::Node plan_record(const Plan& plan, const grid::Grid& g, const Date& made_on) {
  doc::Node r = doc::Node::mapping();
  r.set("week", doc::Node::string(plan.week.name));
  if (!g.path.empty()) r.set("grid", doc::Node::string(g.path));
  r.set("made_on", doc::Node::string(made_on.iso()));
  doc::Node visits = doc::Node::sequence();
  for (const auto& v : plan.visits) {
    doc::Node n = doc::Node::mapping();
    n.set("reason", doc::Node::string(to_string(v.reason)));
    n.set("kind", doc::Node::string(v.kind));
    n.set("grid", doc::Node::string(v.grid ? v.grid->path : ""));
    if (v.unit) n.set("unit", doc::Node::string(v.unit->id));
    if (!v.period.empty()) n.set("period", doc::Node::string(v.period));
    n.set("due", doc::Node::string(v.due.iso()));
    if (!v.hazard.empty()) n.set("hazard", doc::Node::string(v.hazard));
    if (!v.who.name.empty()) n.set("inspector", doc::Node::string(v.who.name));
    if (!v.who.organisation.empty()) n.set("organisation", doc::Node::string(v.who.organisation));
    visits.push(std::move(n));
  }
  r.set("visits", std::move(visits));
  return r;
}

std::vector<SavedPlan> load_plans(const store::Disk& disk, const schema::Catalog& catalog, Findings& findings) {
  std::vector<SavedPlan> out;
  if (!disk.is_dir(kPlansDir)) return out;
  for (const auto& year : disk.list(kPlansDir)) {
    const std::string dir = std::string(kPlansDir) + "/" + year.name;
    if (!disk.is_dir(dir)) continue;
    for (const auto& f : disk.list(dir)) {
      if (f.name.size() < 6 || f.name.compare(f.name.size() - 5, 5, ".yaml") != 0 || f.name[0] == '.') continue;
      const std::string path = dir + "/" + f.name;
      const auto text = disk.read(path, doc::LoadLimits{}.max_bytes);
      auto loaded = doc::load(path, text.value_or(""));
      findings.append(loaded.findings);
      if (!loaded.document) continue;
      const auto wrong = catalog.validate(*loaded.document, "plan");
      const bool valid = wrong.items().empty();
      findings.append(wrong);
      if (!valid) continue;
      const doc::Node& r = loaded.document->root;
      SavedPlan p;
      p.path = path;
      p.week = r.get_string("week");
      p.grid = r.get_string("grid");
      if (const doc::Node* vs = r.find("visits"))
        for (const auto& v : vs->items()) p.visits.push_back({v.get_string("kind"), v.get_string("grid"), v.get_string("unit")});
      out.push_back(std::move(p));
    }
  }
  std::sort(out.begin(), out.end(), [](const SavedPlan& a, const SavedPlan& b) { return a.path < b.path; });
  return out;
}

std::vector<PlanTally> compare_plans(const std::vector<SavedPlan>& plans, const Period& week, const Date& as_of,
                                     const std::vector<Inspection>& inspections) {
  // The checks of the week by kind: the units they inspected and the grids they were filed at.
  std::set<std::string> unit_done, grid_done;
  for (const auto& in : inspections) {
    if (in.kind == "self-inspection" || in.date < week.first || week.last < in.date || as_of < in.date) continue;
    if (in.unit) unit_done.insert(in.kind + "\n" + in.unit->id);
    for (const auto& id : in.visited) unit_done.insert(in.kind + "\n" + id);
    for (const grid::Grid* g = in.grid; g; g = g->parent) grid_done.insert(in.kind + "\n" + g->path);
  }
  std::map<std::string, PlanTally> by_township;
  std::set<std::string> seen;  // a visit in two saved plans of the week counts once
  for (const auto& p : plans) {
    if (p.week != week.name) continue;
    for (const auto& v : p.visits) {
      if (!seen.insert(v.kind + "\n" + v.grid + "\n" + v.unit).second) continue;
      const std::string township = v.grid.substr(0, v.grid.find('/'));
      PlanTally& t = by_township[township];
      t.township = township;
      ++t.planned;
      const bool done = v.unit.empty() ? grid_done.count(v.kind + "\n" + v.grid) > 0
                                       : unit_done.count(v.kind + "\n" + v.unit) > 0;
      ++(done ? t.done : t.missed);
    }
  }
  std::vector<PlanTally> out;
  for (auto& [township, t] : by_township) out.push_back(t);
  return out;
}

}  // namespace firegrid::inspect
