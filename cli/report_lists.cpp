// firegrid report assess|coverage|hazards|due: the assessment and the working lists.
// Each builds its tables once and prints them in the format asked for; the words come
// from the report catalogue (schemas/report-labels.yaml).
#include "report.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/render/xlsx.hpp>
#include <firegrid/report/assess.hpp>
#include <firegrid/report/attest.hpp>
#include <firegrid/report/coverage.hpp>
#include <firegrid/report/html.hpp>

#include <fmt/format.h>
#include <fmt/ranges.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <map>
#include <tuple>

namespace firegrid::cli {

namespace {

using report::Labels;

// A report of titled tables: a heading, lines under it, the tables, lines after them
// (the county line), then an appendix (the indicators' legend).
struct Sheet {
  std::string heading;             // "消防安全网格化管理考评 2026 · 元氏县"
  std::vector<std::string> notes;  // lines under the heading
  struct Part {
    std::string title;  // "" for the main table
    render::Table table;
  };
  std::vector<Part> parts;
  std::vector<std::string> footer;  // lines after the tables
  std::vector<Part> appendix;
};

std::string render_html_sheet(const Sheet& s, const Labels& l) {
  std::string body = "<h1>" + report::html_escape(s.heading) + "</h1>\n";
  for (const auto& n : s.notes) body += "<p>" + report::html_escape(n) + "</p>\n";
  auto parts = [&](const std::vector<Sheet::Part>& ps) {
    for (const auto& p : ps) {
      if (!p.title.empty()) body += "<h2>" + report::html_escape(p.title) + "</h2>\n";
      body += report::html_table(p.table);
    }
  };
  parts(s.parts);
  for (const auto& f : s.footer) body += "<p>" + report::html_escape(f) + "</p>\n";
  parts(s.appendix);
  return report::html_page(s.heading, body, l);
}

// An Excel workbook: one sheet per part (the appendix too), the heading and notes above
// each table; columns whose cells are all figures are numbers.
std::string render_xlsx_sheet(const Sheet& s) {
  std::vector<render::XlsxSection> sections;
  std::vector<std::string> notes = {s.heading};
  notes.insert(notes.end(), s.notes.begin(), s.notes.end());
  for (const auto* ps : {&s.parts, &s.appendix})
    for (const auto& p : *ps) {
      render::XlsxSection section{p.title.empty() ? s.heading : p.title, notes, p.table};
      for (std::size_t c = 0; c < section.table.columns.size(); ++c)
        if (section.table.columns[c].align == render::Align::right) section.table.columns[c].number = true;
      sections.push_back(std::move(section));
    }
  return render::render_xlsx(sections);
}

// Text and Markdown show every part; CSV the first part (one table a file); xlsx a sheet a part.
std::string render_sheet(const Sheet& s, const std::string& format, const Labels& l, render::Formulas formulas) {
  if (format == "csv") return s.parts.empty() ? "" : render::render_csv(s.parts.front().table, formulas);
  if (format == "xlsx") return render_xlsx_sheet(s);
  if (format == "html") return render_html_sheet(s, l);
  const bool md = format == "md";
  std::string out = (md ? "# " : "") + s.heading + "\n\n";
  // In Markdown each note is its own paragraph; lines in a row would run together.
  for (const auto& n : s.notes) out += n + (md ? "\n\n" : "\n");
  if (!s.notes.empty() && !md) out += "\n";
  auto parts = [&](const std::vector<Sheet::Part>& ps) {
    for (std::size_t i = 0; i < ps.size(); ++i) {
      if (i > 0) out += "\n";
      if (!ps[i].title.empty()) out += (md ? "## " : "") + ps[i].title + "\n\n";
      out += md ? render::render_markdown(ps[i].table) : render::render_text(ps[i].table);
    }
  };
  parts(s.parts);
  if (!s.footer.empty()) out += "\n";
  for (const auto& f : s.footer) out += f + "\n";
  if (!s.appendix.empty()) out += "\n";
  parts(s.appendix);
  return out;
}

// The word for `key`, or `fallback` when the catalogue has none (a policy's own indicator).
std::string word(const Labels& l, const std::string& key, const std::string& fallback) {
  return l.has(key) ? l(key) : fallback;
}

// A share as a percentage: whole when it is whole, else one decimal ("94.7%").
std::string percent(double share) {
  const double p = std::round(share * 1000.0) / 10.0;
  return p == std::floor(p) ? fmt::format("{:.0f}%", p) : fmt::format("{:.1f}%", p);
}

// An indicator's measured value as a person reads it: a rate in percent, a count whole.
std::string shown(const std::optional<double>& v, bool is_rate) {
  if (!v) return "—";
  return is_rate ? percent(*v) : fmt::format("{:.0f}", *v);
}

bool rate_figure(const std::string& figure) {
  return std::any_of(report::rates().begin(), report::rates().end(),
                     [&](const report::Rate& r) { return r.id == figure; });
}

// "{n} of {total}" sentences: a template of the catalogue with named fields.
template <typename... Args>
std::string sentence(const Labels& l, const std::string& key, Args&&... args) {
  try {
    return fmt::format(fmt::runtime(l(key)), std::forward<Args>(args)...);
  } catch (const fmt::format_error&) {
    return l(key);  // a template the catalogue got wrong shows as written
  }
}

const grid::Grid& report_grid(const model::Repo& repo, const ReportOptions& o) {
  if (!repo.tree.root()) throw Error(tr("the repo has no grid/grid.yaml"), tr("run `firegrid init` or restore the county node"));
  return o.grid.empty() ? *repo.tree.root() : *repo.tree.resolve(o.grid);
}

// ---- assess ----

struct AssessOptions {
  ReportOptions report;
  int year = 0;
  AttestRequest attest;
};

Sheet assess_sheet(const report::Assessment& a, const Labels& l, const std::string& format) {
  const bool human = format == "text" || format == "md" || format == "html";
  Sheet s;
  s.heading = fmt::format("{} {} · {}", l("heading.assess"), a.year, a.name);
  s.notes.push_back(sentence(l, "assess.as-of", fmt::arg("as_of", a.as_of.iso()), fmt::arg("period", a.period.name)));
  if (a.built_in) s.notes.push_back(l("assess.built-in"));
  render::Table t;
  t.columns = {{"grid", l("column.path")}, {"name", l("column.name")}};
  for (const auto& d : report::dimensions()) t.columns.push_back({d, l("dimension." + d)});
  t.columns.push_back({"meets", l("column.meets")});
  if (!human)
    for (const auto& i : a.used) t.columns.push_back({i.id, i.id, render::Align::right, true});
  const std::string sep = l.lang() == report::Lang::zh ? "、" : ", ";
  for (const auto& g : a.grids) {
    std::vector<std::string> row{g.path, g.name};
    for (const auto& d : report::dimensions()) {
      if (!human) {
        row.push_back(g.dimensions.at(d) ? "true" : "false");
        continue;
      }
      std::string failing;
      for (const auto& r : g.indicators)
        if (r.dimension == d && !r.passed)
          failing += (failing.empty() ? " " : sep) + word(l, "indicator." + r.id, r.id) + " " +
                     shown(r.value, rate_figure(r.figure));
      row.push_back((g.dimensions.at(d) ? "✓" : "✗") + failing);
    }
    row.push_back(human ? (g.meets ? "✓" : "✗") : (g.meets ? "true" : "false"));
    if (!human)
      for (const auto& r : g.indicators) row.push_back(r.value ? fmt::format("{}", *r.value) : "");
    t.rows.push_back(std::move(row));
  }
  s.parts.push_back({"", std::move(t)});
  const auto share = a.share();
  std::string line = sentence(l, "assess.meeting", fmt::arg("meeting", a.meeting), fmt::arg("total", a.total),
                              fmt::arg("level", l("assess.grids." + (a.grids.empty() ? std::string("township") : a.grids.front().level))),
                              fmt::arg("share", share ? percent(*share) : "—"));
  if (a.target)
    line += sentence(l, "assess.target", fmt::arg("year", a.year), fmt::arg("target", percent(*a.target)),
                     fmt::arg("result", l(a.target_met() ? "assess.met" : "assess.not-met")));
  else if (a.level == "county")
    line += sentence(l, "assess.no-target", fmt::arg("year", a.year));
  s.footer.push_back(line);
  if (human) {
    // What each indicator measures and its bound, so a ✗ can be read without the policy.
    render::Table legend;
    legend.columns = {{"id", l("column.indicator")}, {"dimension", l("column.dimension")},
                      {"figure", l("column.measure")}, {"bound", l("column.bound")}};
    for (const auto& i : a.used)
      legend.rows.push_back({word(l, "indicator." + i.id, i.id), l("dimension." + i.dimension),
                             word(l, "rate." + i.figure, word(l, "figure." + i.figure, i.figure)),
                             (i.at_least ? "≥ " : "≤ ") + (rate_figure(i.figure) ? percent(i.threshold)
                                                                                 : fmt::format("{}", i.threshold))});
    s.appendix.push_back({l("heading.indicators"), std::move(legend)});
  }
  return s;
}

int run_assess(Context& ctx, const AssessOptions& o) {
  const std::optional<store::RepoLock> lock = attest_lock(ctx, o.attest, o.report);
  ReportRepo rr = load_report_repo(ctx, o.report);
  const grid::Grid& top = report_grid(rr.repo, o.report);
  const int year = o.year ? o.year : rr.as_of.year;
  const Period period = period_of("year", Date{year, 1, 1});
  if (rr.as_of < period.first)
    throw Error(msg("--year {}: the year has not begun on {}", year, rr.as_of.iso()),
                tr("assess this year or an earlier one, or give a later --as-of"));
  // A past year is judged as it stood at its end; this year as of today (or --as-of).
  if (period.last < rr.as_of) see_as_of(rr, period.last);
  const Date as_of = rr.as_of;
  const report::Rollup rollup = report::compute(rr.repo, top, period, as_of);
  const report::Assessment a = report::assess(rollup, rr.repo.policy(), year);
  const Labels labels = report_labels(ctx, o.report, rr.repo);
  const std::string format = o.report.format.empty() ? "text" : o.report.format;
  if (format == "json") write_report(ctx, o.report, report::to_json(a));
  else write_report(ctx, o.report, render_sheet(assess_sheet(a, labels, format), format, labels, ctx.formulas()));
  if (!o.attest.attest) return 0;
  // The year's figures, and those the indicators scored.
  std::vector<attest::Figure> figures = report::attestation_figures(rollup.root, top);
  for (const auto& i : a.used) {
    const bool there = std::any_of(figures.begin(), figures.end(), [&](const attest::Figure& f) { return f.id == i.figure; });
    const auto value = report::attested_value(rollup.root, top, i.figure);
    if (!there && value) figures.push_back({i.figure, *value, false, {}});
  }
  return write_attestation(ctx, rr.repo, top, as_of, period, std::move(figures), o.attest.by, o.attest.office,
                           fmt::format("report assess --year {}", year), "");
}

// ---- coverage ----

// The grid under `top` that a gap is counted for: top's child holding it, or top itself.
const grid::Grid* child_of(const grid::Grid* g, const grid::Grid& top) {
  for (; g && g->parent; g = g->parent)
    if (g->parent == &top) return g;
  return &top;
}

int run_coverage(Context& ctx, const ReportOptions& o) {
  const ReportRepo rr = load_report_repo(ctx, o);
  const grid::Grid& top = report_grid(rr.repo, o);
  const auto gaps = report::coverage(rr.repo, top, rr.as_of);
  const Labels l = report_labels(ctx, o, rr.repo);
  const std::string format = o.format.empty() ? "text" : o.format;

  render::Table list;
  list.columns = {{"kind", l("column.gap")},   {"grid", l("column.path")}, {"place", l("column.place")},
                  {"unit", l("column.unit")}, {"category", l("column.category")}};
  const bool human = format == "text" || format == "md" || format == "html";
  for (const auto& g : gaps)
    list.rows.push_back({human ? l("gap." + g.kind) : g.kind, g.grid->path.empty() && human ? "/" : g.grid->path,
                         g.unit ? g.unit->name() : g.grid->name(), g.unit ? g.unit->id : "",
                         g.unit ? (human ? l("category." + g.unit->category()) : g.unit->category()) : ""});

  // Counts per child of the grid (townships of the county, villages of a township), in
  // tree order, with the grid itself last for what is filed at it directly.
  std::vector<const grid::Grid*> rows;
  for (const auto& c : top.children) rows.push_back(c.get());
  rows.push_back(&top);
  std::map<const grid::Grid*, std::map<std::string, long>> counts;
  for (const auto& g : gaps) ++counts[child_of(g.grid, top)][g.kind];
  render::Table summary;
  summary.columns = {{"grid", l("column.path")}, {"name", l("column.name")}};
  for (const auto& k : report::coverage_kinds()) summary.columns.push_back({k, l("gap." + k), render::Align::right, true});
  std::map<std::string, long> total;
  for (const grid::Grid* g : rows) {
    if (g == &top && !counts.count(g)) continue;
    std::vector<std::string> row{g->path.empty() ? "/" : g->path, g->name()};
    for (const auto& k : report::coverage_kinds()) {
      const long n = counts[g][k];
      total[k] += n;
      row.push_back(std::to_string(n));
    }
    summary.rows.push_back(std::move(row));
  }
  std::vector<std::string> total_row{"", l("column.total")};
  for (const auto& k : report::coverage_kinds()) total_row.push_back(std::to_string(total[k]));
  summary.rows.push_back(std::move(total_row));

  if (format == "json") {
    nlohmann::ordered_json j;
    j["format"] = "firegrid-coverage";
    j["version"] = 1;
    j["as_of"] = rr.as_of.iso();
    j["grid"] = {{"path", top.path}, {"name", top.name()}, {"level", grid::to_string(top.level)}};
    j["counts"] = nlohmann::ordered_json::array();
    for (const grid::Grid* g : rows) {
      if (g == &top && !counts.count(g)) continue;
      nlohmann::ordered_json c{{"path", g->path}, {"name", g->name()}};
      for (const auto& k : report::coverage_kinds()) c[k] = counts[g][k];
      j["counts"].push_back(std::move(c));
    }
    j["gaps"] = nlohmann::ordered_json::array();
    for (const auto& g : gaps) {
      nlohmann::ordered_json e{{"kind", g.kind}, {"grid", g.grid->path}};
      e["place"] = g.unit ? g.unit->name() : g.grid->name();
      e["unit"] = g.unit ? nlohmann::ordered_json(g.unit->id) : nlohmann::ordered_json();
      j["gaps"].push_back(std::move(e));
    }
    write_report(ctx, o, j.dump(2) + "\n");
    return 0;
  }
  Sheet s;
  s.heading = fmt::format("{} · {}", l("heading.coverage"), top.name());
  s.notes.push_back(sentence(l, "lists.as-of", fmt::arg("as_of", rr.as_of.iso())));
  if (format == "csv") {
    s.parts.push_back({"", std::move(list)});
  } else {
    s.parts.push_back({"", std::move(summary)});
    if (!list.rows.empty()) s.parts.push_back({l("heading.gaps"), std::move(list)});
    else s.footer.push_back(l("coverage.none"));
  }
  write_report(ctx, o, render_sheet(s, format, l, ctx.formulas()));
  return 0;
}

// ---- hazards ----

// "槐阳镇 / 北苏村 / 第二村民小组": the names below the county, which every reader knows.
std::string place_names(const grid::Grid& g) {
  std::vector<std::string> names;
  for (const grid::Grid* p = &g; p && p->parent; p = p->parent) names.insert(names.begin(), p->name());
  return names.empty() ? g.name() : fmt::format("{}", fmt::join(names, " / "));
}

int run_hazards(Context& ctx, const ReportOptions& o) {
  const ReportRepo rr = load_report_repo(ctx, o);
  const grid::Grid& top = report_grid(rr.repo, o);
  const Labels l = report_labels(ctx, o, rr.repo);
  const std::string format = o.format.empty() ? "text" : o.format;
  const bool human = format == "text" || format == "md" || format == "html";
  struct Row {
    const inspect::Hazard* h;
    hazard::Clock clock;
    bool supervised;
  };
  std::vector<Row> shown;
  for (const auto& h : rr.repo.hazards) {
    if (!h.grid || !h.grid->is_within(top)) continue;
    const doc::Node& r = h.record.doc().root;
    if (!hazard::is_open(hazard::state_of(r))) continue;
    const doc::Node* sup = r.find("supervision");
    const bool supervised = sup && sup->is_mapping() && sup->get_string("lifted_on").empty();
    auto clock = hazard::clock_of(r, rr.repo.policy(), rr.repo.calendar, rr.as_of);
    const bool overdue = std::find(clock.flags.begin(), clock.flags.end(), "overdue") != clock.flags.end();
    if (clock.light != hazard::Light::red && !overdue && r.get_string("severity") != "major" && !supervised) continue;
    shown.push_back({&h, std::move(clock), supervised});
  }
  // The most urgent first: red, then by what is due first, then by grid and id.
  std::stable_sort(shown.begin(), shown.end(), [](const Row& a, const Row& b) {
    const bool ra = a.clock.light == hazard::Light::red, rb = b.clock.light == hazard::Light::red;
    const long da = a.clock.due ? a.clock.due->days() : 0, db = b.clock.due ? b.clock.due->days() : 0;
    return std::make_tuple(!ra, da, a.h->grid->path, a.h->record.id()) <
           std::make_tuple(!rb, db, b.h->grid->path, b.h->record.id());
  });
  render::Table t;
  t.columns = {{"id", l("column.id")},           {"light", l("column.light")},     {"severity", l("column.severity")},
               {"state", l("column.state")},     {"next", l("column.next")},       {"due", l("column.due")},
               {"deadline", l("column.deadline")}, {"supervision", l("column.supervision")},
               {"grid", l("column.path")},       {"place", l("column.place")},     {"unit", l("column.unit")},
               {"flags", l("column.flags")}};
  bool uncertain = false;
  for (const auto& s : shown) {
    const doc::Node& r = s.h->record.doc().root;
    const std::string light = hazard::to_string(s.clock.light);
    const std::string state = hazard::to_string(hazard::state_of(r));
    std::string flags;
    for (const auto& f : s.clock.flags) flags += (flags.empty() ? "" : " ") + (human ? l("flag." + f) : f);
    const doc::Node* sup = r.find("supervision");
    uncertain = uncertain || !s.clock.certain;
    t.rows.push_back({std::string(s.h->record.id()), human ? l("light." + light) : light,
                      human ? l("severity." + r.get_string("severity")) : r.get_string("severity"),
                      human ? l("state." + state) : state, human && !s.clock.next.empty() ? l("next." + s.clock.next) : s.clock.next,
                      s.clock.due ? s.clock.due->iso() + (s.clock.certain || !human ? "" : "?") : "",
                      r.get_string("deadline"), s.supervised ? sup->get_string("deadline") : "",
                      s.h->grid->path, place_names(*s.h->grid), s.h->unit ? s.h->unit->name() : r.get_string("place"),
                      flags});
    t.row_colours.push_back(format == "text" && ctx.stdout_color() && s.clock.light == hazard::Light::red ? "31" : "");
  }
  if (format == "json") {
    write_report(ctx, o, render::render_json(t));
    return 0;
  }
  Sheet sh;
  sh.heading = fmt::format("{} · {}", l("heading.hazards"), top.name());
  sh.notes.push_back(sentence(l, "lists.as-of", fmt::arg("as_of", rr.as_of.iso())));
  sh.parts.push_back({"", std::move(t)});
  sh.footer.push_back(sentence(l, "hazards.count", fmt::arg("count", shown.size())));
  if (uncertain && human) sh.footer.push_back(l("lists.uncertain"));
  write_report(ctx, o, render_sheet(sh, format, l, ctx.formulas()));
  return 0;
}

// ---- due ----

struct DueOptions {
  ReportOptions report;
  int within = -1;  // -1: the policy's due_soon_days
};

int run_due(Context& ctx, const DueOptions& o) {
  const ReportRepo rr = load_report_repo(ctx, o.report);
  const model::Repo& repo = rr.repo;
  const grid::Grid& top = report_grid(repo, o.report);
  const Labels l = report_labels(ctx, o.report, repo);
  const std::string format = o.report.format.empty() ? "text" : o.report.format;
  const bool human = format == "text" || format == "md" || format == "html";
  const int within = o.within >= 0 ? o.within : hazard::policy_int(repo.policy(), "deadlines", "due_soon_days", 7);
  const Date& as_of = rr.as_of;
  struct Row {
    Date due;
    std::string status, what, grid, place, item, detail;
    bool certain = true;
  };
  std::vector<Row> rows;
  for (const auto& r : inspect::due(repo.tree, repo.units, repo.inspections, repo.cadences, repo.policy(), top, as_of, within))
    rows.push_back({r.due, r.status, r.unit.empty() ? "inspection" : "unit-check", r.grid, r.place,
                    r.unit.empty() ? r.kind : r.unit, r.unit.empty() ? r.period : r.last});
  for (const auto& r : meeting::due(repo.tree, repo.meetings, repo.trainings, repo.cadences, repo.policy(), top, as_of, within))
    rows.push_back({r.due, r.status, r.kind == "action" ? "action" : "meeting", r.grid, r.place,
                    r.kind == "action" ? fmt::format("{}#{}", r.meeting, r.action) : r.kind,
                    r.kind == "action" ? r.what : r.period});
  // Tips awaiting their reply, kept by the township's tip office (so listed for the
  // township and above): the reporter is never shown, only the tip's id.
  for (const auto& t : repo.tips) {
    if (!t.township || !t.township->is_within(top)) continue;
    const auto s = hazard::tip_status(t.record.doc().root, repo.policy(), repo.calendar, as_of);
    if (s.status != "received" || !s.due) continue;
    if (as_of.plus(within) < *s.due) continue;
    rows.push_back({*s.due, *s.due < as_of ? "overdue" : "due-soon", "tip-reply", t.township->path,
                    t.township->name(), std::string(t.record.id()), "", s.certain});
  }
  for (const auto& h : repo.hazards) {
    if (!h.grid || !h.grid->is_within(top)) continue;
    const doc::Node& r = h.record.doc().root;
    if (!hazard::is_open(hazard::state_of(r))) continue;
    const auto c = hazard::clock_of(r, repo.policy(), repo.calendar, as_of);
    if (!c.due || c.next.empty() || as_of.plus(within) < *c.due) continue;
    rows.push_back({*c.due, *c.due < as_of ? "overdue" : "due-soon", "hazard", h.grid->path,
                    h.unit ? h.unit->name() : h.grid->name(), std::string(h.record.id()), c.next, c.certain});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) {
    return std::make_tuple(a.due.days(), a.grid, a.what, a.item) < std::make_tuple(b.due.days(), b.grid, b.what, b.item);
  });
  render::Table t;
  t.columns = {{"due", l("column.due")},     {"status", l("column.status")}, {"what", l("column.what")},
               {"grid", l("column.path")},   {"place", l("column.place")},   {"item", l("column.item")},
               {"detail", l("column.detail")}};
  bool uncertain = false;
  for (const auto& r : rows) {
    uncertain = uncertain || !r.certain;
    std::string detail = r.detail;
    if (human && r.what == "hazard") detail = l("next." + r.detail);
    std::string item = r.item;
    if (human && r.what == "inspection") item = l("kind." + r.item);
    if (human && r.what == "meeting")  // a seasonal event (publicity, drill) is due as a meeting is
      item = l((meeting::find_kind(meeting::training_kinds(), r.item) ? "training." : "meeting.") + r.item);
    t.rows.push_back({r.due.iso() + (r.certain || !human ? "" : "?"), human ? l("status." + r.status) : r.status,
                      human ? l("due." + r.what) : r.what, r.grid.empty() && human ? "/" : r.grid, r.place, item,
                      detail});
    t.row_colours.push_back(format == "text" && ctx.stdout_color() && (r.status == "overdue" || r.status == "missed")
                              ? "31"
                              : "");
  }
  if (format == "json") {
    write_report(ctx, o.report, render::render_json(t));
    return 0;
  }
  Sheet s;
  s.heading = fmt::format("{} · {}", l("heading.due"), top.name());
  s.notes.push_back(sentence(l, "due.as-of", fmt::arg("as_of", as_of.iso()), fmt::arg("within", within)));
  s.parts.push_back({"", std::move(t)});
  std::map<std::string, long> by_status;
  for (const auto& r : rows) ++by_status[r.status];
  s.footer.push_back(sentence(l, "due.count", fmt::arg("missed", by_status["missed"]),
                              fmt::arg("overdue", by_status["overdue"]),
                              fmt::arg("soon", by_status["due"] + by_status["due-soon"])));
  if (uncertain && human) s.footer.push_back(l("lists.uncertain"));
  write_report(ctx, o.report, render_sheet(s, format, l, ctx.formulas()));
  return 0;
}

}  // namespace

void register_report_lists(CLI::App& report, Context& ctx) {
  const std::initializer_list<const char*> formats{"text", "md", "csv", "json", "html", "xlsx"};
  {
    auto o = std::make_shared<AssessOptions>();
    CLI::App* c = report.add_subcommand(
      "assess", tr("The yearly assessment: each township (or a township's villages) on responsibility, mechanism, operation"));
    add_report_options(*c, o->report, formats, false);
    c->add_option("--year", o->year, tr("The year assessed (default: the year of --as-of)"))
      ->check(CLI::Range(2000, 2100))
      ->type_name("YEAR");
    add_attest_options(*c, o->attest);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_assess(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* c = report.add_subcommand(
      "coverage", tr("Gaps in the grid's reach: empty groups, units never inspected or without a responsible person, grids without a leader"));
    add_report_options(*c, *o, formats, false);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_coverage(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ReportOptions>();
    CLI::App* c = report.add_subcommand("hazards", tr("The open hazards that need attention: red, overdue, major, under listed supervision"));
    add_report_options(*c, *o, formats, false);
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_hazards(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<DueOptions>();
    CLI::App* c = report.add_subcommand(
      "due", tr("Everything due: grid checks, unit checks, meetings, action items, tip replies, hazards' next steps"));
    add_report_options(*c, o->report, formats, false);
    c->add_option("--within", o->within, tr("Also list what falls due within N days (default: policy due_soon_days)"))
      ->check(CLI::Range(0, 366))
      ->type_name("N");
    c->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_due(ctx, *o); }; });
  }
}

}  // namespace firegrid::cli
