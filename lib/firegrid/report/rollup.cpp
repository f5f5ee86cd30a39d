// The rollup. Every record adds to the figures of the one grid where it is filed (its
// "own" figures); totals are then summed bottom-up. The records are indexed once (the
// checks done below each grid, each unit's check dates), so a rollup costs one pass over
// the records plus one over the (grid, cadence period) pairs, and a series of many
// periods reuses the index. docs/reports.md defines each figure in words; this file is
// the definition in code.
#include <firegrid/report/rollup.hpp>

#include <firegrid/core/parallel.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/grid/resources.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/unit/category.hpp>

#include <algorithm>
#include <string_view>
#include <unordered_map>

namespace firegrid::report {

long get(const Figures& f, const std::string& id) {
  const auto it = f.find(id);
  return it == f.end() ? 0 : it->second;
}

void add(Figures& into, const Figures& from) {
  for (const auto& [id, n] : from) into[id] += n;
}

const std::vector<Rate>& rates() {
  static const std::vector<Rate> all = {
    {"grids.leader-rate", "grids.with-leader", "grids.total"},
    {"units.responsible-rate", "units.with-responsible", "units.active"},
    {"units.inspected-rate", "units.inspected-in-interval", "units.active"},
    {"checks.rate", "checks.done", "checks.required"},
    {"hazards.in-time-rate", "hazards.closed-in-time", "hazards.closed"},
    {"meetings.joint-rate", "meetings.joint-held", "meetings.joint-required"},
    {"actions.done-rate", "actions.done", "actions.total"},
    {"tips.in-time-rate", "tips.replied-in-time", "tips.replied"},
  };
  return all;
}

std::optional<double> rate(const Figures& f, const Rate& r) {
  const long d = get(f, r.denominator);
  if (d == 0) return std::nullopt;
  return static_cast<double>(get(f, r.numerator)) / static_cast<double>(d);
}

std::optional<double> rate(const Figures& f, const std::string& rate_id) {
  for (const auto& r : rates())
    if (r.id == rate_id) return rate(f, r);
  return std::nullopt;
}

const std::vector<std::string>& check_kinds() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v;
    for (const auto& k : inspect::kinds()) v.push_back(k.id);
    return v;
  }();
  return all;
}

const std::vector<std::string>& figure_ids() {
  static const std::vector<std::string> all = [] {
    std::vector<std::string> v = {"grids.total", "grids.with-leader", "resources.gaps", "units.active"};
    for (const auto& c : unit::categories()) v.push_back(std::string("units.category.") + c.id);
    for (auto s : {unit::Supervisor::fire_brigade, unit::Supervisor::police_station})
      v.push_back(std::string("units.supervision.") + unit::to_string(s));
    for (const char* id : {"units.with-responsible", "units.inspected-in-interval", "units.never-inspected",
                           "units.added", "units.closed", "inspections.done", "inspections.failed",
                           "inspections.unfollowed-items", "inspections.open-items", "inspections.closed-items",
                           "inspections.rechecked-items"})
      v.push_back(id);
    for (const auto& k : check_kinds()) v.push_back("checks.required." + k);
    for (const auto& k : check_kinds()) v.push_back("checks.done." + k);
    for (const auto& k : meeting::training_kinds()) v.push_back(std::string("events.required.") + k.id);
    for (const auto& k : meeting::training_kinds()) v.push_back(std::string("events.done.") + k.id);
    for (const char* id :
         {"checks.required", "checks.done", "hazards.new", "hazards.fixed-on-spot", "hazards.closed",
          "hazards.closed-in-time", "hazards.open", "hazards.overdue", "hazards.red", "hazards.yellow",
          "hazards.green", "hazards.major", "hazards.supervised", "tips.received", "tips.founded",
          "tips.rewarded", "tips.paid-yuan", "tips.replied", "tips.replied-in-time", "tips.reply-late",
          "meetings.held", "meetings.joint-required", "meetings.joint-held",
          "meetings.leading-group-required", "meetings.leading-group-held", "actions.total", "actions.done",
          "actions.open", "actions.overdue", "trainings.training", "trainings.publicity", "trainings.drill",
          "trainings.reached", "findings.errors", "findings.warnings"})
      v.push_back(id);
    return v;
  }();
  return all;
}

namespace {

bool has_date(const doc::Node& n, const std::string& key, Date& out) { return parse_date(n.get_string(key), out); }

// Inclusive day ranges.
struct Window {
  Date first, last;
  bool holds(const Date& d) const { return first <= d && d <= last; }
};

bool any_in(const std::vector<Date>& sorted, const Window& w) {
  if (w.last < w.first) return false;
  const auto it = std::lower_bound(sorted.begin(), sorted.end(), w.first);
  return it != sorted.end() && *it <= w.last;
}

// What a rollup needs beyond the records, built once per repo and top grid.
class Index {
public:
  Index(const model::Repo& repo, const grid::Grid& top) : repo_(repo), top_(top) {
    const doc::Node& policy = repo.policy();
    since_ = policy::records_since(policy);
    // Check dates at or below each grid by kind; meeting dates at each grid by kind.
    // The lists an inspection's date goes into depend on its grid, unit and kind alone;
    // a unit's inspections come one after another, so the lists of the last grid and unit
    // are found once per kind, not once per inspection (a county has 260,000).
    const grid::Grid* last_grid = nullptr;
    const unit::Unit* last_unit = nullptr;
    std::unordered_map<std::string_view, std::vector<std::vector<Date>*>> lists_of_kind;
    for (const auto& in : repo.inspections) {
      if (!in.grid || !in.grid->is_within(top)) continue;
      if (in.grid != last_grid || in.unit != last_unit) {
        lists_of_kind.clear();
        last_grid = in.grid;
        last_unit = in.unit;
      }
      auto [at, fresh] = lists_of_kind.try_emplace(in.kind);
      std::vector<std::vector<Date>*>& lists = at->second;
      if (fresh) {
        lists.push_back(&checks_below_[in.grid][in.kind]);  // the grids above: gather_below
        // A police district: the units the township's police station supervises, and the
        // checks of grids in the township.
        if (const grid::Grid* t = hazard::township_of(*in.grid);
            t && (!in.unit || unit::effective_supervisor(in.unit->doc.root) == unit::Supervisor::police_station))
          lists.push_back(&district_checks_[t][in.kind]);
        if (in.unit) lists.push_back(&unit_kind_checks_[in.unit->id][in.kind]);
        if (in.unit && in.kind != "self-inspection") lists.push_back(&unit_checks_[in.unit->id]);
      }
      for (std::vector<Date>* dates : lists) dates->push_back(in.date);
      for (const auto& id : in.visited) {
        unit_kind_checks_[id][in.kind].push_back(in.date);
        if (in.kind != "self-inspection") unit_checks_[id].push_back(in.date);
      }
    }
    for (const auto& m : repo.meetings)
      if (m.grid && m.grid->is_within(top)) meetings_at_[m.grid][m.kind].push_back(m.date);
    for (const auto& t : repo.trainings) {
      if (!t.grid || !t.grid->is_within(top)) continue;
      for (const grid::Grid* g = t.grid; g; g = g == &top ? nullptr : g->parent) events_below_[g][t.kind].push_back(t.date);
    }
    // Each list sorted, each day once: the figures ask only whether a day falls in a
    // window, or the last day before one.
    const auto sort_days = [](std::vector<Date>& dates) {
      std::sort(dates.begin(), dates.end());
      dates.erase(std::unique(dates.begin(), dates.end()), dates.end());
    };
    for (auto* index : {&meetings_at_, &events_below_, &district_checks_})
      for (auto& [g, by_kind] : *index)
        for (auto& [k, dates] : by_kind) sort_days(dates);
    for (auto& [id, by_kind] : unit_kind_checks_)
      for (auto& [k, dates] : by_kind) sort_days(dates);
    for (auto& [id, dates] : unit_checks_) sort_days(dates);
    gather_below(top, sort_days);
    // Findings at the deepest grid whose folder holds the file.
    std::unordered_map<std::string, const grid::Grid*> by_folder;
    repo.tree.walk([&](grid::Grid& g) {
      if (g.is_within(top)) by_folder[g.folder()] = &g;
    });
    for (const auto& f : repo.findings.items()) {
      std::string path = f.where.path;
      const grid::Grid* at = nullptr;
      while (!at) {
        const auto slash = path.find_last_of('/');
        if (slash == std::string::npos) break;
        path.resize(slash);
        const auto it = by_folder.find(path);
        if (it != by_folder.end()) at = it->second;
      }
      if (!at) {
        if (!top.parent) at = &top;  // the manifest, the calendar: the county's own
        else continue;
      }
      (f.severity == Severity::error ? findings_[at].first : findings_[at].second)++;
    }
  }

  Rollup compute(const Period& period, const Date& as_of) const;

private:
  // checks_below_ holds each grid's own checks until this adds its children's, from the
  // bottom up: a grid's days are its own and its children's, each day once (a county's
  // list is a year's days, not its 260,000 checks).
  template <class SortDays>
  void gather_below(const grid::Grid& g, const SortDays& sort_days) {
    std::map<std::string, std::vector<Date>>* mine = nullptr;
    for (const auto& child : g.children) {
      gather_below(*child, sort_days);
      const auto it = checks_below_.find(child.get());
      if (it == checks_below_.end()) continue;
      const auto& theirs = it->second;  // a reference outlives a rehash; an iterator does not
      if (!mine) mine = &checks_below_[&g];
      for (const auto& [kind, dates] : theirs) {
        std::vector<Date>& to = (*mine)[kind];
        to.insert(to.end(), dates.begin(), dates.end());
      }
    }
    if (const auto it = checks_below_.find(&g); it != checks_below_.end())
      for (auto& [kind, dates] : it->second) sort_days(dates);
  }

  const model::Repo& repo_;
  const grid::Grid& top_;
  std::optional<Date> since_;  // policy.since: periods ending before it ask nothing
  // Dates by grid and kind: checks at or below, meetings at, trainings at or below, and the
  // checks of a township's police district.
  std::unordered_map<const grid::Grid*, std::map<std::string, std::vector<Date>>> checks_below_, meetings_at_,
    events_below_, district_checks_;
  std::unordered_map<std::string, std::map<std::string, std::vector<Date>>> unit_kind_checks_;  // by unit id, kind
  std::unordered_map<std::string, std::vector<Date>> unit_checks_;

  // Adds a cadence's required and done pairs for one grid or unit to `f`.
  void count_cadence(const policy::Cadence& c, const std::vector<Window>& periods, const std::vector<Date>* dates,
                     Figures& f) const;
  std::unordered_map<const grid::Grid*, std::pair<long, long>> findings_;
};


// The tree of nodes mirroring the grids from `g` down, indexed by grid.
Node make_node(const grid::Grid& g, std::unordered_map<const grid::Grid*, Node*>& index) {
  Node n = node_of(g);
  n.children.reserve(g.children.size());
  for (const auto& c : g.children) n.children.push_back(make_node(*c, index));
  return n;
}

void link(const grid::Grid& g, Node& n, std::unordered_map<const grid::Grid*, Node*>& index) {
  index[&g] = &n;
  for (std::size_t i = 0; i < g.children.size(); ++i) link(*g.children[i], n.children[i], index);
}

void sum_up(Node& n) {
  n.total = n.own;
  for (auto& c : n.children) {
    sum_up(c);
    add(n.total, c.total);
  }
}

void Index::count_cadence(const policy::Cadence& c, const std::vector<Window>& periods,
                          const std::vector<Date>* dates, Figures& f) const {
  const long required = static_cast<long>(periods.size());
  long done = 0;
  if (dates)
    for (const auto& w : periods) done += any_in(*dates, w) ? 1 : 0;
  switch (c.counts) {
    case policy::Cadence::Counts::meeting: {
      const std::string key = c.kind == "joint-meeting" ? "meetings.joint" : "meetings." + c.kind;
      f[key + "-required"] += required;
      f[key + "-held"] += done;
      break;
    }
    case policy::Cadence::Counts::event:
      f["events.required." + c.kind] += required;
      f["events.done." + c.kind] += done;
      break;
    case policy::Cadence::Counts::check:
      f["checks.required." + c.kind] += required;
      f["checks.done." + c.kind] += done;
      f["checks.required"] += required;
      f["checks.done"] += done;
      break;
  }
}

Rollup Index::compute(const Period& period, const Date& as_of) const {
  Rollup r;
  r.period = period;
  r.as_of = as_of;
  std::unordered_map<const grid::Grid*, Node*> at;
  r.root = make_node(top_, at);
  link(top_, r.root, at);
  auto own = [&](const grid::Grid* g) -> Figures* {
    const auto it = g ? at.find(g) : at.end();
    return it == at.end() ? nullptr : &it->second->own;
  };
  const doc::Node& policy = repo_.policy();
  // "In the period": the period's days up to as_of.
  const Window in{period.first, std::min(period.last, as_of)};

  // Grids, their leaders and resource gaps; findings.
  const doc::Node* resources = policy.find("resources");
  for (const auto& [g, node] : at) {
    Figures& f = node->own;
    f["grids.total"] += 1;
    if (const doc::Node* leader = g->doc.root.find("leader"); leader && !leader->get_string("name").empty())
      f["grids.with-leader"] += 1;
    if (resources) f["resources.gaps"] += static_cast<long>(grid::resource_gaps(*g, *resources).size());
    if (const auto it = findings_.find(g); it != findings_.end()) {
      f["findings.errors"] += it->second.first;
      f["findings.warnings"] += it->second.second;
    }
  }

  // Units, on as_of: registered by then and not closed by then.
  for (const auto& u : repo_.units.units) {
    Figures* f = own(u.group);
    if (!f) continue;
    const doc::Node& rec = u.doc.root;
    Date registered, closed;
    const bool has_registered = has_date(rec, "registered", registered);
    const bool is_closed = !u.active();
    const bool has_closed = has_date(rec, "closed_on", closed);
    if (has_registered && in.holds(registered)) (*f)["units.added"] += 1;
    if (is_closed && has_closed && in.holds(closed)) (*f)["units.closed"] += 1;
    if (!u.active_on(as_of)) continue;
    (*f)["units.active"] += 1;
    if (!u.category().empty()) (*f)["units.category." + u.category()] += 1;
    (*f)[std::string("units.supervision.") + unit::to_string(unit::effective_supervisor(rec))] += 1;
    if (const doc::Node* p = rec.find("responsible"); p && !p->get_string("name").empty())
      (*f)["units.with-responsible"] += 1;
    std::optional<Date> last;
    if (const auto it = unit_checks_.find(u.id); it != unit_checks_.end()) {
      const auto& dates = it->second;
      const auto after = std::upper_bound(dates.begin(), dates.end(), as_of);
      if (after != dates.begin()) last = *(after - 1);
    }
    if (!last) {
      (*f)["units.never-inspected"] += 1;
      continue;
    }
    const auto days = inspect::policy_days(policy, u.category());
    if (!days || as_of <= last->plus(*days)) (*f)["units.inspected-in-interval"] += 1;
  }

  // Inspections in the period, where they are filed.
  for (const auto& i : repo_.inspections) {
    Figures* f = own(i.grid);
    if (!f || !in.holds(i.date)) continue;
    (*f)["inspections.done"] += 1;
    if (i.result == "fail") (*f)["inspections.failed"] += 1;
  }
  // Failed items with no ending on as_of, whenever inspected, where the inspection is filed.
  for (const auto& u : inspect::unfollowed(repo_.inspections, repo_.hazards, as_of))
    if (Figures* f = own(u.inspection->grid)) (*f)["inspections.unfollowed-items"] += 1;
  // Failed items followed by a hazard: open on as_of, or their loop closed in the period.
  for (const auto& l : inspect::item_loops(repo_.inspections, repo_.hazards, as_of)) {
    Figures* f = own(l.inspection->grid);
    if (!f) continue;
    if (!l.closed) (*f)["inspections.open-items"] += 1;
    else if (l.closed_on && in.holds(*l.closed_on)) {
      (*f)["inspections.closed-items"] += 1;
      if (!l.recheck.empty()) (*f)["inspections.rechecked-items"] += 1;
    }
  }

  // Required checks, joint meetings and events: each (grid or unit, cadence period) whose
  // period ends within the report's period (and not before policy.since); done when a
  // record of the kind falls in the cadence period, on or before as_of.
  for (const auto& c : repo_.cadences) {
    std::vector<Window> periods;  // the cadence periods ending within the report's period, cut at as_of
    std::vector<Date> ends;       // and the day each one ends
    for (const auto& p : c.periods.ending_within(period.first, period.last))
      if (policy::counts(p.last, since_)) {
        periods.push_back({p.first, std::min(p.last, as_of)});
        ends.push_back(p.last);
      }
    const auto dates_of = [&](const auto& index, const auto& key) -> const std::vector<Date>* {
      if (const auto it = index.find(key); it != index.end())
        if (const auto k = it->second.find(c.kind); k != it->second.end()) return &k->second;
      return nullptr;
    };
    if (c.scope == policy::Cadence::Scope::unit) {
      for (const auto& u : repo_.units.units) {
        Figures* f = own(u.group);
        if (!f || !u.active_on(as_of) || (!c.categories.empty() && !c.categories.count(u.category()))) continue;
        // A unit is asked nothing of the periods that ended before it was registered.
        std::vector<Window> since_registered;
        Date registered;
        const bool dated = has_date(u.doc.root, "registered", registered);
        for (std::size_t i = 0; i < periods.size(); ++i)
          if (!dated || !(ends[i] < registered)) since_registered.push_back(periods[i]);
        count_cadence(c, since_registered, dates_of(unit_kind_checks_, u.id), *f);
      }
      continue;
    }
    for (const auto& [g, node] : at) {
      if (c.scope == policy::Cadence::Scope::police_district) {
        if (g->level == grid::Level::township) count_cadence(c, periods, dates_of(district_checks_, g), node->own);
        continue;
      }
      if (grid::to_string(g->level) != c.level) continue;
      const auto& index = c.counts == policy::Cadence::Counts::meeting ? meetings_at_
                          : c.counts == policy::Cadence::Counts::event ? events_below_
                                                                      : checks_below_;
      count_cadence(c, periods, dates_of(index, g), node->own);
    }
  }

  // Hazards: found, fixed, closed in the period; open, late and coloured on as_of.
  for (const auto& h : repo_.hazards) {
    Figures* f = own(h.grid);
    if (!f) continue;
    const doc::Node& rec = h.record.doc().root;
    Date found;
    if (has_date(rec, "found_on", found) && in.holds(found)) (*f)["hazards.new"] += 1;
    bool fixed = false;
    if (const doc::Node* history = rec.find("history"))
      for (const auto& e : history->items()) {
        Date d;
        if (e.get_string("event") == "fix" && has_date(e, "date", d) && in.holds(d)) fixed = true;
      }
    if (fixed) (*f)["hazards.fixed-on-spot"] += 1;
    std::optional<hazard::Close> closed;  // the last close in the period
    for (const auto& c : hazard::closes(rec))
      if (in.holds(c.on)) closed = c;
    if (closed) {
      (*f)["hazards.closed"] += 1;
      if (closed->in_time) (*f)["hazards.closed-in-time"] += 1;
    }
    doc::Node storage;
    const doc::Node* then = hazard::on_day(rec, as_of, storage);
    if (!then || !hazard::is_open(hazard::state_of(*then))) continue;
    (*f)["hazards.open"] += 1;
    const auto clock = hazard::clock_of(*then, policy, repo_.calendar, as_of);
    const auto flagged = [&](const char* flag) {
      return std::find(clock.flags.begin(), clock.flags.end(), flag) != clock.flags.end();
    };
    if (flagged("overdue") || flagged("deadline-passed")) (*f)["hazards.overdue"] += 1;
    if (clock.light == hazard::Light::red) (*f)["hazards.red"] += 1;
    else if (clock.light == hazard::Light::yellow) (*f)["hazards.yellow"] += 1;
    else (*f)["hazards.green"] += 1;
    if (then->get_string("severity") == "major") (*f)["hazards.major"] += 1;
    if (const doc::Node* sup = then->find("supervision"); sup && sup->get_string("lifted_on").empty())
      (*f)["hazards.supervised"] += 1;
  }

  // Tips, at the township whose tip office keeps them.
  const int reply_days = hazard::policy_int(policy, "tips", "reply_working_days", 5);
  for (const auto& t : repo_.tips) {
    Figures* f = own(t.township);
    if (!f) continue;
    const doc::Node& rec = t.record.doc().root;
    Date received;
    const bool has_received = has_date(rec, "received_on", received);
    if (has_received && in.holds(received)) (*f)["tips.received"] += 1;
    if (const doc::Node* v = rec.find("verification")) {
      Date on;
      if (has_date(*v, "on", on) && in.holds(on)) {
        (*f)["tips.replied"] += 1;
        bool certain = true;
        if (!has_received || on <= repo_.calendar.add_working_days(received, reply_days, certain))
          (*f)["tips.replied-in-time"] += 1;
        if (const doc::Node* founded = v->find("founded"); founded && founded->as_bool())
          (*f)["tips.founded"] += 1;
      }
    }
    if (const doc::Node* w = rec.find("reward")) {
      Date approved, paid;
      if (has_date(*w, "approved_on", approved) && in.holds(approved)) (*f)["tips.rewarded"] += 1;
      if (has_date(*w, "paid_on", paid) && in.holds(paid))
        if (const doc::Node* amount = w->find("amount_yuan"); amount && amount->kind() == doc::Kind::integer)
          (*f)["tips.paid-yuan"] += static_cast<long>(amount->as_int());
    }
    doc::Node storage;
    const doc::Node* then = hazard::tip_on_day(rec, as_of, storage);
    if (!then) continue;
    const auto status = hazard::tip_status(*then, policy, repo_.calendar, as_of);
    if (status.status == "received" && status.light == hazard::Light::red) (*f)["tips.reply-late"] += 1;
  }

  // Meetings held in the period; action items due in it, and open on as_of.
  for (const auto& m : repo_.meetings) {
    Figures* f = own(m.grid);
    if (!f || as_of < m.date) continue;
    if (in.holds(m.date)) (*f)["meetings.held"] += 1;
    for (const auto& a : m.actions) {
      const bool done = a.done && *a.done <= as_of;
      if (in.holds(a.due)) {
        (*f)["actions.total"] += 1;
        if (done) (*f)["actions.done"] += 1;
      }
      if (!done) {
        (*f)["actions.open"] += 1;
        if (a.due < as_of) (*f)["actions.overdue"] += 1;
      }
    }
  }

  // Trainings, publicity and drills held in the period, and the people they reached.
  for (const auto& t : repo_.trainings) {
    Figures* f = own(t.grid);
    if (!f || !in.holds(t.date)) continue;
    (*f)["trainings." + t.kind] += 1;
    (*f)["trainings.reached"] += t.reached;
  }

  sum_up(r.root);
  return r;
}

}  // namespace

Rollup compute(const model::Repo& repo, const grid::Grid& top, const Period& period, const Date& as_of) {
  return Index(repo, top).compute(period, as_of);
}

std::vector<Rollup> series(const model::Repo& repo, const grid::Grid& top, const std::string& every,
                           const Date& from, const Date& to, std::size_t depth) {
  const Index index(repo, top);
  std::vector<Rollup> out;
  for (Period p = period_of(every, from); p.first <= to; p = period_of(every, p.last.plus(1))) {
    out.push_back(index.compute(p, p.last < to ? p.last : to));
    prune(out.back().root, depth);
  }
  return out;
}

std::vector<Rollup> compute_each(const model::Repo& repo, const grid::Grid& top,
                                 const std::vector<std::pair<Period, Date>>& days) {
  const Index index(repo, top);
  std::vector<Rollup> out(days.size());
  // Each day's rollup reads the index only: one a core.
  parallel_for(days.size(), [&](std::size_t i) { out[i] = index.compute(days[i].first, days[i].second); });
  return out;
}

Node node_of(const grid::Grid& g) {
  Node n;
  n.path = g.path;
  n.id = g.id;
  n.name = g.name();
  n.level = grid::to_string(g.level);
  n.code = g.code();
  return n;
}

void prune(Node& root, std::size_t depth) {
  if (depth == 0) {
    root.children.clear();
    return;
  }
  for (auto& c : root.children) prune(c, depth - 1);
}

}  // namespace firegrid::report
