// The first screen of the weekly report: what to act on. The hazards come from the
// records (each seen on the as-of day through hazard::on_day and clock_of, the same cut
// `hazard list --as-of` uses), everything else from rollups, so no figure here has a
// second definition. docs/reports.md "What to act on".
#include <firegrid/report/attention.hpp>

#include <firegrid/hazard/hazard.hpp>
#include <firegrid/hazard/lifecycle.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>

namespace firegrid::report {

namespace {

using AttentionJson = nlohmann::ordered_json;

bool attention_has_flag(const hazard::Clock& c, const char* flag) {
  return std::find(c.flags.begin(), c.flags.end(), flag) != c.flags.end();
}

const grid::Grid* attention_up_to(const grid::Grid* g, grid::Level level) {
  for (; g; g = g->parent)
    if (g->level == level) return g;
  return nullptr;
}

// The township's safety supervision office (安监办): the first `members` entry of its
// grid.yaml whose organisation names 安监; else the township's leader; else the township.
Actor attention_safety_office(const grid::Grid& township) {
  const doc::Node& rec = township.doc.root;
  if (const doc::Node* members = rec.find("members"); members && members->is_sequence())
    for (const auto& m : members->items()) {
      const std::string org = m.get_string("organisation");
      if (org.find("安监") == std::string::npos) continue;
      return {m.get_string("name"), org.find(township.name()) == 0 ? org : township.name() + org, "safety-office"};
    }
  if (const doc::Node* leader = rec.find("leader"); leader && !leader->get_string("name").empty())
    return {leader->get_string("name"), township.name(), "township-leader"};
  return {"", township.name(), "safety-office"};
}

// The leader of `g` or of the nearest grid above it that names one.
Actor attention_grid_leader(const grid::Grid* g) {
  for (; g; g = g->parent)
    if (const doc::Node* leader = g->doc.root.find("leader"); leader && !leader->get_string("name").empty())
      return {leader->get_string("name"), g->name(), "grid-leader"};
  return {};
}

// Who the records name for the hazard's next step on the day `then` shows it.
Actor attention_who(const inspect::Hazard& h, const doc::Node& then, const hazard::Clock& clock, bool not_escalated) {
  const grid::Grid* township = attention_up_to(h.grid, grid::Level::township);
  const auto office = [&] { return township ? attention_safety_office(*township) : attention_grid_leader(h.grid); };
  if (not_escalated || clock.next == "notice") return office();
  if (clock.next == "rectify") {
    if (!h.unit) return attention_grid_leader(h.grid);
    const doc::Node* p = h.unit->doc.root.find("responsible");
    return {p ? p->get_string("name") : "", h.unit->name(), "unit-responsible"};
  }
  // The re-check: whoever issued the last notice, else the office.
  Actor issuer;
  if (const doc::Node* history = then.find("history"))
    for (const auto& e : history->items())
      if (e.get_string("event") == "notice")
        if (const doc::Node* by = e.find("by"); by && !by->get_string("name").empty())
          issuer = {by->get_string("name"), by->get_string("organisation"), "notice-issuer"};
  return issuer.role.empty() ? office() : issuer;
}

std::vector<ActionHazard> attention_hazards(const model::Repo& repo, const grid::Grid& top, const Date& as_of) {
  std::vector<ActionHazard> out;
  for (const auto& h : repo.hazards) {
    if (!h.grid || !h.grid->is_within(top)) continue;
    const doc::Node& stored = h.record.doc().root;
    doc::Node storage;
    const doc::Node* then = hazard::on_day(stored, as_of, storage);
    if (!then || !hazard::is_open(hazard::state_of(*then))) continue;
    const hazard::Clock clock = hazard::clock_of(stored, repo.policy(), repo.calendar, as_of);
    if (clock.light != hazard::Light::red) continue;
    ActionHazard a;
    a.id = h.record.id();
    a.grid = h.grid->path;
    if (const grid::Grid* t = attention_up_to(h.grid, grid::Level::township)) a.township = t->name();
    if (const grid::Grid* v = attention_up_to(h.grid, grid::Level::village)) a.village = v->name();
    std::vector<std::string> names;
    for (const grid::Grid* g = h.grid; g && g->parent; g = g->parent) names.insert(names.begin(), g->name());
    a.place = names.empty() ? h.grid->name() : fmt::format("{}", fmt::join(names, " / "));
    if (h.unit) {
      a.unit_id = h.unit->id;
      a.unit = h.unit->name();
    } else {
      a.unit = then->get_string("place");
    }
    a.severity = then->get_string("severity");
    a.state = hazard::to_string(hazard::state_of(*then));
    a.next = clock.next;
    a.due = clock.due;
    a.flags = clock.flags;
    Date deadline;
    if (attention_has_flag(clock, "deadline-passed") && parse_date(then->get_string("deadline"), deadline))
      a.days_overdue = as_of.days() - deadline.days();
    else if (attention_has_flag(clock, "overdue") && clock.due)
      a.days_overdue = as_of.days() - clock.due->days();
    a.not_escalated = attention_has_flag(clock, "not-escalated");
    a.who = attention_who(h, *then, clock, a.not_escalated);
    out.push_back(std::move(a));
  }
  std::sort(out.begin(), out.end(), [](const ActionHazard& x, const ActionHazard& y) {
    return std::make_tuple(!x.not_escalated, -x.days_overdue, x.grid, x.id) <
           std::make_tuple(!y.not_escalated, -y.days_overdue, y.grid, y.id);
  });
  return out;
}

bool attention_starts(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The "done" figure of a "required" one: checks.required.patrol -> checks.done.patrol.
std::string attention_done_of(const std::string& required) {
  if (attention_starts(required, "checks.required.")) return "checks.done." + required.substr(16);
  if (attention_starts(required, "events.required.")) return "events.done." + required.substr(16);
  return required.substr(0, required.size() - 9) + "-held";  // meetings.joint-required -> meetings.joint-held
}

bool attention_required_figure(const std::string& id) {
  return attention_starts(id, "checks.required.") || attention_starts(id, "events.required.") ||
         (attention_starts(id, "meetings.") && id.size() > 9 && id.compare(id.size() - 9, 9, "-required") == 0);
}

std::vector<Missed> attention_missed(const Node& root) {
  std::vector<const Node*> grids;
  for (const auto& c : root.children) grids.push_back(&c);
  if (grids.empty()) grids.push_back(&root);
  std::vector<Missed> out;
  for (const Node* n : grids) {
    Missed m;
    m.path = n->path;
    m.name = n->name;
    for (const auto& id : figure_ids()) {
      if (!attention_required_figure(id)) continue;
      const long missed = get(n->total, id) - get(n->total, attention_done_of(id));
      if (missed <= 0) continue;
      m.kinds.emplace_back(id, missed);
      m.total += missed;
    }
    if (m.total > 0) out.push_back(std::move(m));
  }
  std::stable_sort(out.begin(), out.end(), [](const Missed& a, const Missed& b) { return a.total > b.total; });
  return out;
}

std::optional<double> attention_value(const Figures& f, const std::string& id, bool is_rate) {
  if (is_rate) return rate(f, id);
  return static_cast<double>(get(f, id));
}

bool attention_is_rate(const std::string& id) {
  return std::any_of(rates().begin(), rates().end(), [&](const Rate& r) { return r.id == id; });
}

void attention_exceptions(const Node& n, std::vector<GridException>& out) {
  auto reasons = exception_reasons(n);
  if (!reasons.empty()) out.push_back({n.path, n.name, n.level, std::move(reasons)});
  for (const auto& c : n.children) attention_exceptions(c, out);
}

// ---- words ----

std::string attention_list_sep(const Labels& l) { return l.lang() == Lang::zh ? "、" : ", "; }

// "a、b、c 等 7 个" : the first `names` items, then how many more.
std::string attention_names(const std::vector<std::string>& items, std::size_t names, const Labels& l) {
  std::string out;
  for (std::size_t i = 0; i < items.size() && i < names; ++i) out += (i ? attention_list_sep(l) : "") + items[i];
  if (items.size() > names) out += say(l, "attention.more", fmt::arg("count", items.size() - names));
  return out;
}

std::string attention_percent(double share) { return fmt::format("{:.1f}%", share * 100.0); }

// "▲2.1" / "▼3" / "＝0": a rate's change in percentage points with one decimal, a count's whole.
std::string attention_delta(const WeekChange& c, bool zh) {
  if (!c.value || !c.previous) return "—";
  const double d = *c.value - *c.previous;
  std::string s = c.is_rate ? fmt::format("{:.1f}", std::fabs(d) * 100.0) : fmt::format("{}", std::lround(std::fabs(d)));
  const bool zero = s == "0.0" || s == "0";
  return (zero ? (zh ? "＝" : "=") : d > 0 ? "▲" : "▼") + s;
}

std::string attention_shown(const WeekChange& c) {
  if (!c.value) return "—";
  return c.is_rate ? attention_percent(*c.value) : fmt::format("{}", std::lround(*c.value));
}

// The word of a missed cadence by its required figure.
std::string attention_kind_word(const std::string& required, const Labels& l) {
  if (attention_starts(required, "checks.required.")) return l("kind." + required.substr(16));
  if (attention_starts(required, "events.required.")) return l("training." + required.substr(16));
  if (required == "meetings.joint-required") return l("meeting.joint-meeting");
  return l("meeting." + required.substr(9, required.size() - 18));
}

std::string attention_who_text(const Actor& a, const Labels& l) {
  if (a.name.empty()) return a.organisation;
  if (a.organisation.empty()) return a.name;
  return fmt::format(l.lang() == Lang::zh ? "{}（{}）" : "{} ({})", a.name, a.organisation);
}

AttentionJson attention_number(const std::optional<double>& v, bool is_rate) {
  if (!v) return nullptr;
  if (is_rate) return std::round(*v * 10000) / 10000;
  return std::lround(*v);
}

}  // namespace

const std::vector<std::string>& headline_changes() {
  static const std::vector<std::string> all = {"checks.rate",    "units.inspected-rate", "inspections.done",
                                               "hazards.new",    "hazards.closed",       "hazards.open",
                                               "hazards.overdue", "hazards.red",         "hazards.major",
                                               "tips.received"};
  return all;
}

std::vector<std::string> exception_reasons(const Node& n) {
  std::vector<std::string> out;
  if (n.level != "village" && n.level != "group") return out;
  const Figures& f = n.total;
  if (get(f, "hazards.red") > 0) out.emplace_back("red-hazards");
  if (5 * get(f, "checks.done") < 4 * get(f, "checks.required")) out.emplace_back("checks-below-80");
  if (get(f, "actions.overdue") > 0) out.emplace_back("actions-overdue");
  return out;
}

Attention attend(const model::Repo& repo, const grid::Grid& top, const Rollup& rollup) {
  Attention a;
  const Date& as_of = rollup.as_of;
  a.hazards = attention_hazards(repo, top, as_of);
  a.missed = attention_missed(rollup.root);
  const Rollup year = compute(repo, top, period_of("year", Date{as_of.year, 1, 1}), as_of);
  a.assessment = assess(year, repo.policy(), as_of.year);
  a.previous = period_of("week", rollup.period.first.plus(-1));
  a.previous_as_of = as_of.plus(-7);
  const Rollup before = compute(repo, top, a.previous, a.previous_as_of);
  for (const auto& id : headline_changes()) {
    WeekChange c;
    c.id = id;
    c.is_rate = attention_is_rate(id);
    c.value = attention_value(rollup.root.total, id, c.is_rate);
    c.previous = attention_value(before.root.total, id, c.is_rate);
    a.changes.push_back(std::move(c));
  }
  return a;
}

std::vector<std::string> attention_lines(const Attention& a, const Labels& l, std::size_t names) {
  std::vector<std::string> lines;
  // Red hazards by township, most first.
  if (a.hazards.empty()) {
    lines.push_back(l("attention.no-red"));
  } else {
    std::map<std::string, long> by_township;
    long overdue = 0, not_escalated = 0;
    for (const auto& h : a.hazards) {
      ++by_township[h.township.empty() ? h.place : h.township];
      overdue += h.days_overdue > 0;
      not_escalated += h.not_escalated;
    }
    std::vector<std::pair<std::string, long>> sorted(by_township.begin(), by_township.end());
    std::stable_sort(sorted.begin(), sorted.end(), [](const auto& x, const auto& y) { return x.second > y.second; });
    std::vector<std::string> items;
    for (const auto& s : sorted) items.push_back(fmt::format("{} {}", s.first, s.second));
    lines.push_back(say(l, "attention.red", fmt::arg("count", a.hazards.size()), fmt::arg("overdue", overdue),
                                  fmt::arg("places", attention_names(items, names, l))));
    if (not_escalated > 0) {
      std::vector<std::string> majors;
      for (const auto& h : a.hazards)
        if (h.not_escalated)
          majors.push_back(fmt::format(l.lang() == Lang::zh ? "{} {}（{}）" : "{} {} ({})", h.place, h.unit, h.id));
      lines.push_back(say(l, "attention.not-escalated", fmt::arg("count", not_escalated),
                                    fmt::arg("places", attention_names(majors, names, l))));
    }
  }
  // Missed cadences by township.
  if (a.missed.empty()) {
    lines.push_back(l("attention.no-missed"));
  } else {
    long total = 0;
    std::vector<std::string> items;
    for (const auto& m : a.missed) {
      total += m.total;
      std::vector<std::string> kinds;
      for (const auto& k : m.kinds) kinds.push_back(fmt::format("{} {}", attention_kind_word(k.first, l), k.second));
      items.push_back(fmt::format(l.lang() == Lang::zh ? "{} {}（{}）" : "{} {} ({})", m.name, m.total,
                                  fmt::join(kinds, attention_list_sep(l))));
    }
    lines.push_back(say(l, "attention.missed", fmt::arg("count", total),
                                  fmt::arg("places", attention_names(items, names, l))));
  }
  // The year's standard and its target.
  const Assessment& y = a.assessment;
  if (y.total > 0) {
    std::vector<std::string> below;
    for (const auto& g : y.grids)
      if (!g.meets) below.push_back(g.name);
    const auto share = y.share();
    std::string line = say(
      l, "attention.standard", fmt::arg("year", y.year),
      fmt::arg("level", l("assess.grids." + (y.grids.empty() ? std::string("township") : y.grids.front().level))),
      fmt::arg("meeting", y.meeting), fmt::arg("total", y.total), fmt::arg("share", share ? attention_percent(*share) : "—"));
    if (y.target)
      line += say(l, y.target_met() ? "attention.target-met" : "attention.target-not-met",
                            fmt::arg("target", attention_percent(*y.target)));
    if (!below.empty()) line += say(l, "attention.below", fmt::arg("places", attention_names(below, names, l)));
    lines.push_back(line + (l.lang() == Lang::zh ? "。" : "."));
  }
  // Against the previous week.
  std::vector<std::string> changes;
  for (const auto& c : a.changes)
    changes.push_back(fmt::format(l.lang() == Lang::zh ? "{} {}（{}）" : "{} {} ({})",
                                  l((c.is_rate ? "rate." : "figure.") + c.id), attention_shown(c), attention_delta(c, l.lang() == Lang::zh)));
  lines.push_back(say(l, "attention.change", fmt::arg("previous", a.previous.name),
                                fmt::arg("changes", fmt::join(changes, attention_list_sep(l)))));
  return lines;
}

render::Table action_table(const Attention& a, const Labels& l, bool human) {
  render::Table t;
  t.columns = {{"id", l("column.id")},
               {"place", l("column.place")},
               {"unit", l("column.unit")},
               {"flags", l("column.flags")},
               {"days_overdue", l("column.days-overdue"), render::Align::right},
               {"next", l("column.next")},
               {"due", l("column.due")},
               {"who", l("column.who")}};
  for (const auto& h : a.hazards) {
    std::string flags;
    for (const auto& f : h.flags) flags += (flags.empty() ? "" : human ? attention_list_sep(l) : " ") + (human ? l("flag." + f) : f);
    t.rows.push_back({h.id, human ? h.place : h.grid, h.unit, flags, std::to_string(h.days_overdue),
                      human && !h.next.empty() ? l("next." + h.next) : h.next, h.due ? h.due->iso() : "",
                      attention_who_text(h.who, l)});
  }
  return t;
}

std::vector<GridException> exceptions_of(const Node& root) {
  std::vector<GridException> out;
  attention_exceptions(root, out);
  return out;
}

std::string to_json(const Rollup& r, const Attention& a) {
  AttentionJson out = AttentionJson::parse(to_json(r));
  AttentionJson& j = out["attention"];
  j["hazards"] = AttentionJson::array();
  for (const auto& h : a.hazards) {
    AttentionJson o;
    o["id"] = h.id;
    o["grid"] = h.grid;
    o["township"] = h.township;
    o["village"] = h.village;
    o["place"] = h.place;
    o["unit_id"] = h.unit_id;
    o["unit"] = h.unit;
    o["severity"] = h.severity;
    o["state"] = h.state;
    o["next"] = h.next;
    o["due"] = h.due ? AttentionJson(h.due->iso()) : AttentionJson();
    o["days_overdue"] = h.days_overdue;
    o["flags"] = h.flags;
    o["who"] = {{"name", h.who.name}, {"organisation", h.who.organisation}, {"role", h.who.role}};
    j["hazards"].push_back(std::move(o));
  }
  j["missed"] = AttentionJson::array();
  for (const auto& m : a.missed) {
    AttentionJson kinds = AttentionJson::object();
    for (const auto& k : m.kinds) kinds[k.first] = k.second;
    j["missed"].push_back({{"path", m.path}, {"name", m.name}, {"total", m.total}, {"by_required", kinds}});
  }
  const Assessment& y = a.assessment;
  AttentionJson below = AttentionJson::array();
  for (const auto& g : y.grids) {
    if (g.meets) continue;
    AttentionJson failing = AttentionJson::array();
    for (const auto& r : g.indicators)
      if (!r.passed) failing.push_back(r.id);
    below.push_back({{"path", g.path}, {"name", g.name}, {"failing", failing}});
  }
  j["standard"] = {{"year", y.year},
                   {"meeting", y.meeting},
                   {"total", y.total},
                   {"share", attention_number(y.share(), true)},
                   {"target", attention_number(y.target, true)},
                   {"target_met", y.target_met()},
                   {"below", below}};
  AttentionJson changes = AttentionJson::array();
  for (const auto& c : a.changes) {
    std::optional<double> delta;
    if (c.value && c.previous) delta = *c.value - *c.previous;
    changes.push_back({{"id", c.id},
                       {"value", attention_number(c.value, c.is_rate)},
                       {"previous", attention_number(c.previous, c.is_rate)},
                       {"delta", attention_number(delta, c.is_rate)}});
  }
  j["previous"] = {{"name", a.previous.name},
                   {"first", a.previous.first.iso()},
                   {"last", a.previous.last.iso()},
                   {"as_of", a.previous_as_of.iso()}};
  j["changes"] = changes;
  j["exceptions"] = AttentionJson::array();
  for (const auto& e : a.exceptions)
    j["exceptions"].push_back({{"path", e.path}, {"name", e.name}, {"level", e.level}, {"reasons", e.reasons}});
  return out.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

}  // namespace firegrid::report
