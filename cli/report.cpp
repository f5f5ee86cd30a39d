// firegrid report weekly|monthly|half-year|year-end: the period reports. Each names its
// period (--week, --month, --half, --year; the one holding as-of by default), computes the
// rollup for the grid asked and prints it as text, Markdown, CSV, JSON or HTML in the
// report's language. docs/commands/report.md.
#include "report.hpp"

#include <firegrid/inspect/plan.hpp>
#include <firegrid/render/table.hpp>
#include <nlohmann/json.hpp>
#include <algorithm>

#include <firegrid/core/error.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/render/xlsx.hpp>
#include <firegrid/report/attention.hpp>
#include <firegrid/report/attest.hpp>
#include <firegrid/report/html.hpp>

#include <fmt/format.h>

#include <regex>

namespace firegrid::cli {

namespace {

// One period report: its command, the period length it counts and the option naming it.
struct PeriodReport {
  const char* command;  // weekly
  const char* every;    // week (period_of)
  const char* option;   // --week
  const char* example;  // 2026-W48
  const char* help;
};

const std::vector<PeriodReport>& period_reports() {
  static const std::vector<PeriodReport> all = {
    {"weekly", "week", "--week", "2026-W48", N_("The weekly report: figures for an ISO week (Monday to Sunday)")},
    {"monthly", "month", "--month", "2026-11", N_("The monthly report: figures for a calendar month")},
    {"half-year", "half-year", "--half", "2026-H2", N_("The half-year report (半年督导): January-June or July-December")},
    {"year-end", "year", "--year", "2026", N_("The year-end report (年终考评): a calendar year")},
  };
  return all;
}

int number(const std::string& s) { return std::stoi(s); }

// The period `value` names: 2026-W48, 2026-11, 2026-H2, 2026; or counted back from the one
// holding `base`: `this`, `last`, `-N` (N periods before). Throws Error saying the forms.
Period parse_period(const PeriodReport& r, const std::string& value, const Date& base) {
  const Error bad(fmt::format("{} {}: not a {}", r.option, value, r.every),
                  fmt::format("write {} like {}, or this, last, -2", r.option, r.example));
  std::smatch m;
  const std::string every = r.every;
  if (value == "this" || value == "last" || std::regex_match(value, m, std::regex(R"(-(\d{1,3}))"))) {
    const int back = value == "this" ? 0 : value == "last" ? 1 : number(m[1]);
    Period p = period_of(every, base);
    for (int i = 0; i < back; ++i) p = period_of(every, p.first.plus(-1));
    return p;
  }
  if (every == "week") {
    if (!std::regex_match(value, m, std::regex(R"((\d{4})-W(\d{2}))"))) throw bad;
    const int year = number(m[1]), week = number(m[2]);
    // Week 1 holds 4 January; its Monday starts the week-numbering year.
    const Date jan4{year, 1, 4};
    const Date monday = jan4.plus(1 - jan4.weekday()).plus(7L * (week - 1));
    const IsoWeek w = iso_week(monday);
    if (week < 1 || w.year != year || w.week != week)
      throw Error(msg("--week {}: {} has no week {}", value, year, week),
                  msg("ISO weeks run from {}-W01 to {}-W{:02}", year, year,
                              iso_week(Date{year, 12, 28}).week));
    return period_of("week", monday);
  }
  if (every == "month") {
    if (!std::regex_match(value, m, std::regex(R"((\d{4})-(\d{2}))"))) throw bad;
    const int month = number(m[2]);
    if (month < 1 || month > 12) throw bad;
    return period_of("month", Date{number(m[1]), month, 1});
  }
  if (every == "half-year") {
    if (!std::regex_match(value, m, std::regex(R"((\d{4})-H([12]))"))) throw bad;
    return period_of("half-year", Date{number(m[1]), m[2] == "1" ? 1 : 7, 1});
  }
  if (!std::regex_match(value, m, std::regex(R"(\d{4})"))) throw bad;
  return period_of("year", Date{number(value), 1, 1});
}

std::string percent(const std::optional<double>& r) {
  return r ? fmt::format("{:.1f}%", *r * 100.0) : "—";
}

// The sections of the headline, each the prefix of the figures it shows.
const std::vector<std::pair<const char*, std::vector<const char*>>>& sections() {
  static const std::vector<std::pair<const char*, std::vector<const char*>>> all = {
    {"grids", {"grids.", "resources."}}, {"units", {"units."}},        {"inspections", {"inspections."}},
    {"checks", {"checks."}},             {"hazards", {"hazards."}},    {"tips", {"tips."}},
    {"meetings", {"meetings.", "actions."}}, {"trainings", {"trainings.", "events."}}, {"findings", {"findings."}},
  };
  return all;
}

bool starts_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// A figure split by category, supervisor or kind is shown only when it is not zero.
bool detail_figure(const std::string& id) {
  return starts_with(id, "units.category.") || starts_with(id, "units.supervision.") ||
         starts_with(id, "checks.required.") || starts_with(id, "checks.done.");
}

// The headline: every figure of the root by section, then its rates.
render::Table headline_table(const report::Node& root, const report::Labels& words) {
  render::Table t;
  t.columns = {{"section", ""}, {"figure", words("column.figure")}, {"value", words("column.value"), render::Align::right}};
  for (const auto& [name, prefixes] : sections()) {
    const std::string section = name;  // a lambda may not capture a structured binding (C++17)
    bool first = true;
    auto row = [&](const std::string& label, const std::string& value) {
      t.rows.push_back({first ? words(std::string("section.") + section) : "", label, value});
      first = false;
    };
    for (const auto& id : report::figure_ids()) {
      const bool ours = std::any_of(prefixes.begin(), prefixes.end(), [&](const char* p) { return starts_with(id, p); });
      if (!ours) continue;
      const long v = report::get(root.total, id);
      if (detail_figure(id) && v == 0) continue;
      // A cadence's figures when the policy has that cadence (then even at 0).
      if ((starts_with(id, "events.") || starts_with(id, "meetings.leading-group-")) && !root.total.count(id)) continue;
      row(words("figure." + id), std::to_string(v));
    }
    for (const auto& r : report::rates())
      if (std::any_of(prefixes.begin(), prefixes.end(), [&](const char* p) { return starts_with(r.id, p); }))
        row(words("rate." + r.id), percent(report::rate(root.total, r)));
  }
  return t;
}

// The columns of the table of grids.
const std::vector<const char*>& grid_columns() {
  static const std::vector<const char*> all = {
    "units.active", "rate:units.inspected-rate", "rate:checks.rate", "hazards.new",    "hazards.open",
    "hazards.overdue", "hazards.red",            "tips.received",    "meetings.held", "resources.gaps"};
  return all;
}

// Which rows the table of grids shows: every row with --all (`all`), else the county and
// townships and only the villages and groups that are exceptions (a group only under a
// listed village); the report's own grid is always a row. `hidden` counts the rows left out.
struct GridFilter {
  bool all = true;
  long hidden = 0;
  bool shows(const report::Node& n, std::size_t depth) {
    if (all || depth == 0 || !report::exception_reasons(n).empty() || (n.level != "village" && n.level != "group"))
      return true;
    ++hidden;
    return false;
  }
};

void grid_rows(const report::Node& n, std::size_t indent, render::Table& t, bool color, GridFilter& filter) {
  if (!filter.shows(n, indent)) return;
  std::vector<std::string> row{std::string(indent * 2, ' ') + n.name};
  for (const std::string c : grid_columns())
    row.push_back(starts_with(c, "rate:") ? percent(report::rate(n.total, c.substr(5)))
                                          : std::to_string(report::get(n.total, c)));
  t.rows.push_back(std::move(row));
  if (color) t.row_colours.push_back(report::get(n.total, "hazards.overdue") > 0 ? "31" : "");
  for (const auto& c : n.children) grid_rows(c, indent + 1, t, color, filter);
}

render::Table grid_table(const report::Node& root, const report::Labels& words, bool color, GridFilter& filter) {
  render::Table t;
  t.columns.push_back({"name", words("column.name")});
  for (const std::string c : grid_columns()) {
    const bool is_rate = starts_with(c, "rate:");
    t.columns.push_back({c, words(is_rate ? "rate." + c.substr(5) : "figure." + c), render::Align::right});
  }
  grid_rows(root, 0, t, color, filter);
  return t;
}

void csv_rows(const report::Node& n, render::Table& t) {
  std::vector<std::string> row{n.path, n.id, n.level, n.code, n.name};
  for (const auto& id : report::figure_ids()) row.push_back(std::to_string(report::get(n.total, id)));
  for (const auto& r : report::rates()) {
    const auto v = report::rate(n.total, r);
    row.push_back(v ? fmt::format("{:.4f}", *v) : "");
  }
  t.rows.push_back(std::move(row));
  for (const auto& c : n.children) csv_rows(c, t);
}

// One row per node, every figure (totals) and rate, ids as headers.
std::string render_csv(const report::Rollup& r, render::Formulas formulas) {
  render::Table t;
  for (const char* k : {"path", "id", "level", "code", "name"}) t.columns.push_back({k, k});
  for (const auto& id : report::figure_ids()) t.columns.push_back({id, id, render::Align::right, true});
  for (const auto& rt : report::rates()) t.columns.push_back({rt.id, rt.id, render::Align::right, true});
  csv_rows(r.root, t);
  return render::render_csv(t, formulas);
}

std::string title_of(const report::Rollup& r, const report::Labels& words) {
  return words("heading." + (r.kind.empty() ? std::string("report") : r.kind));
}

// "元氏县 · 2026-W48（2026-11-23 至 2026-11-29） · 状态截至 2026-11-28"
std::string subtitle(const report::Rollup& r, const std::string& place, const report::Labels& words) {
  const bool zh = words.lang() == report::Lang::zh;
  return fmt::format(zh ? "{} · {}（{} {} {}） · {} {}" : "{} · {} ({} {} {}) · {} {}", place, r.period.name,
                     r.period.first.iso(), words("heading.to"), r.period.last.iso(), words("heading.as-of"),
                     r.as_of.iso());
}

// What a weekly report adds before its figures: the sentences to act on and the hazards.
struct Extras {
  const report::Attention* attention = nullptr;  // weekly reports only
  bool all = true;                               // --all: every village in the table of grids
};

std::string render_text(const report::Rollup& r, const std::string& place, const report::Labels& words, bool color,
                        const Extras& x) {
  std::string out = title_of(r, words) + "\n" + subtitle(r, place, words) + "\n\n";
  GridFilter filter{x.all || !x.attention};
  if (x.attention) {
    out += words("heading.attention") + "\n";
    for (const auto& line : report::attention_lines(*x.attention, words)) out += "• " + line + "\n";
    out += "\n";
    if (!x.attention->hazards.empty()) {
      render::Table act = report::action_table(*x.attention, words, true);
      if (color) act.row_colours.assign(act.rows.size(), "31");
      out += words("heading.act-on") + "\n" + render::render_text(act) + "\n";
    }
    const render::Table grids = grid_table(r.root, words, color, filter);
    out += words(filter.all ? "heading.by-grid" : "heading.exceptions") + "\n" + render::render_text(grids);
    if (filter.hidden > 0) out += report::say(words, "attention.exceptions-only", fmt::arg("count", filter.hidden)) + "\n";
    out += "\n" + words("heading.headline") + "\n" + render::render_text(headline_table(r.root, words));
    return out;
  }
  out += words("heading.headline") + "\n" + render::render_text(headline_table(r.root, words)) + "\n";
  out += words("heading.by-grid") + "\n" + render::render_text(grid_table(r.root, words, color, filter));
  return out;
}

std::string render_md(const report::Rollup& r, const std::string& place, const report::Labels& words, const Extras& x) {
  std::string out = "# " + title_of(r, words) + "\n\n" + subtitle(r, place, words) + "\n\n";
  GridFilter filter{x.all || !x.attention};
  if (x.attention) {
    out += "## " + words("heading.attention") + "\n\n";
    for (const auto& line : report::attention_lines(*x.attention, words)) out += "- " + line + "\n";
    out += "\n";
    if (!x.attention->hazards.empty())
      out += "## " + words("heading.act-on") + "\n\n" +
             render::render_markdown(report::action_table(*x.attention, words, true)) + "\n";
    const render::Table grids = grid_table(r.root, words, false, filter);
    out += "## " + words(filter.all ? "heading.by-grid" : "heading.exceptions") + "\n\n" + render::render_markdown(grids);
    if (filter.hidden > 0) out += "\n" + report::say(words, "attention.exceptions-only", fmt::arg("count", filter.hidden)) + "\n";
    out += "\n## " + words("heading.headline") + "\n\n" + render::render_markdown(headline_table(r.root, words));
    return out;
  }
  out += "## " + words("heading.headline") + "\n\n" + render::render_markdown(headline_table(r.root, words)) + "\n";
  out += "## " + words("heading.by-grid") + "\n\n" + render::render_markdown(grid_table(r.root, words, false, filter));
  return out;
}

// One sheet per section: the headline and the grids (figures as numbers, rates as
// percentages), then every figure and rate of every node, as the CSV has them.
std::string render_xlsx(const report::Rollup& r, const std::string& place, const report::Labels& words) {
  std::vector<render::XlsxSection> sections;
  const std::vector<std::string> heading = {title_of(r, words), subtitle(r, place, words)};
  render::Table headline = headline_table(r.root, words);
  headline.columns[2].number = true;
  sections.push_back({words("heading.headline"), heading, std::move(headline)});
  GridFilter every;  // a workbook lists every grid (filter it in Excel)
  render::Table grids = grid_table(r.root, words, false, every);
  for (std::size_t c = 1; c < grids.columns.size(); ++c) grids.columns[c].number = true;
  sections.push_back({words("heading.by-grid"), heading, std::move(grids)});
  render::Table data;
  for (const char* k : {"path", "id", "level", "code", "name"}) data.columns.push_back({k, k});
  for (const auto& id : report::figure_ids()) data.columns.push_back({id, id, render::Align::right, true});
  for (const auto& rt : report::rates()) data.columns.push_back({rt.id, rt.id, render::Align::right, true});
  csv_rows(r.root, data);
  sections.push_back({"data", {}, std::move(data)});
  return render::render_xlsx(sections);
}

// The weekly report with the saved plans of its week compared with what was done
// (docs/reports.md "Plans"): a table per township after the text or Markdown, a last
// section of the HTML page, a `plan` object at the end of the JSON. `text` unchanged when no plan of the week is saved.
std::string with_plans(Context& ctx, const ReportRepo& rr, const grid::Grid& top, const Period& week,
                       const Date& as_of, const std::string& format, const report::Labels& words,
                       const std::string& text) {
  const store::Disk& disk = rr.disk_keeper ? *rr.disk_keeper : ctx.disk();
  Findings ignored;  // `check` reports a plan that does not fit its schema
  std::vector<inspect::SavedPlan> plans = inspect::load_plans(disk, ctx.catalog(), ignored);
  for (auto& p : plans)
    p.visits.erase(std::remove_if(p.visits.begin(), p.visits.end(),
                                  [&](const inspect::SavedPlan::Visit& v) {
                                    const grid::Grid* g = rr.repo.tree.find(v.grid);
                                    return !g || !g->is_within(top);
                                  }),
                   p.visits.end());
  const auto tallies = inspect::compare_plans(plans, week, as_of, rr.repo.inspections);
  if (tallies.empty()) return text;
  inspect::PlanTally total;
  for (const auto& t : tallies) {
    total.planned += t.planned;
    total.done += t.done;
    total.missed += t.missed;
  }
  const auto name_of = [&](const std::string& path) {
    const grid::Grid* g = rr.repo.tree.find(path);
    return g ? g->name() : path;
  };
  if (format == "json") {
    nlohmann::ordered_json j;
    j["week"] = week.name;
    nlohmann::ordered_json rows = nlohmann::ordered_json::array();
    for (const auto& t : tallies)
      rows.push_back({{"path", t.township}, {"name", name_of(t.township)}, {"planned", t.planned},
                      {"done", t.done}, {"missed", t.missed}});
    j["townships"] = rows;
    j["total"] = {{"planned", total.planned}, {"done", total.done}, {"missed", total.missed}};
    // Spliced in as the last key of the report's object, indented as the rest.
    std::string body = j.dump(2);
    std::string indented;
    for (char c : body) {
      indented += c;
      if (c == '\n') indented += "  ";
    }
    const auto end = text.rfind('}');
    if (end == std::string::npos) return text;
    std::string head = text.substr(0, end);
    while (!head.empty() && (head.back() == '\n' || head.back() == ' ')) head.pop_back();
    return head + ",\n  \"plan\": " + indented + "\n}\n";
  }
  const bool zh = words.lang() == report::Lang::zh;
  render::Table t;
  t.columns = {{"township", zh ? "乡镇" : "Township"},
               {"planned", zh ? "计划" : "Planned", render::Align::right},
               {"done", zh ? "完成" : "Done", render::Align::right},
               {"missed", zh ? "未完成" : "Missed", render::Align::right}};
  for (const auto& r : tallies)
    t.rows.push_back({r.township.empty() ? name_of("") : name_of(r.township), std::to_string(r.planned),
                      std::to_string(r.done), std::to_string(r.missed)});
  t.rows.push_back({zh ? "合计" : "Total", std::to_string(total.planned), std::to_string(total.done),
                    std::to_string(total.missed)});
  const std::string title = zh ? fmt::format("检查计划执行情况（{}）", week.name) : fmt::format("Plans of {}", week.name);
  if (format == "md") return text + "\n## " + title + "\n\n" + render::render_markdown(t);
  if (format == "html") {  // a last section of the page's <main>
    const auto end = text.rfind("</main>");
    if (end == std::string::npos) return text;
    return text.substr(0, end) + "<section>\n<h2>" + report::html_escape(title) + "</h2>\n" + report::html_table(t) +
           "</section>\n" + text.substr(end);
  }
  return text + "\n" + title + "\n" + render::render_text(t);
}

int run_period_report(Context& ctx, const PeriodReport& kind, const ReportOptions& o, const std::string& value,
                      bool all, const AttestRequest& attest) {
  const std::optional<store::RepoLock> lock = attest_lock(ctx, attest, o);
  ReportRepo rr = load_report_repo(ctx, o);
  const model::Repo& repo = rr.repo;
  const grid::Grid* top = o.grid.empty() ? repo.tree.root() : repo.tree.resolve(o.grid);
  if (!top) throw Error(tr("the repo has no county grid (grid/grid.yaml)"), tr("run `firegrid check` to see what is wrong"));
  // On a Monday the week worth reporting is the one that ended yesterday: the weekly report
  // run on Monday without --week, --as-of or --at covers last week (as --week last does).
  const bool monday_default = value.empty() && std::string(kind.every) == "week" && o.as_of.empty() &&
                              o.at.empty() && rr.as_of.weekday() == 1;
  const Period period = monday_default ? parse_period(kind, "last", rr.as_of)
                        : value.empty() ? period_of(kind.every, rr.as_of)
                                        : parse_period(kind, value, rr.as_of);
  if (rr.as_of < period.first)
    throw Error(msg("{} begins on {}, after the day the report is judged on ({})", period.name,
                            period.first.iso(), rr.as_of.iso()),
                tr("give an --as-of within or after the period, or report an earlier period"));
  // A report of a period that has ended is judged on its last day, unless --as-of says otherwise.
  if (o.as_of.empty() && period.last < rr.as_of) see_as_of(rr, period.last);
  const Date as_of = rr.as_of;
  const report::Labels words = report_labels(ctx, o, repo);

  report::Rollup r = report::compute(repo, *top, period, as_of);
  r.kind = kind.command;
  std::vector<attest::Figure> attested;
  if (attest.attest) attested = report::attestation_figures(r.root, *top);
  // The weekly report opens on what to act on, counted on the whole tree before --depth cuts it.
  std::optional<report::Attention> attention;
  if (std::string(kind.every) == "week") attention = report::attend(repo, *top, r);
  report::prune(r.root, o.depth);
  if (attention) attention->exceptions = report::exceptions_of(r.root);
  const Extras extras{attention ? &*attention : nullptr, all};
  const std::string place = top->display_path();
  const std::string format = o.format.empty() ? "text" : o.format;
  std::string text;
  if (format == "text") text = render_text(r, place, words, o.output.empty() && ctx.stdout_color(), extras);
  else if (format == "md") text = render_md(r, place, words, extras);
  else if (format == "csv") text = render_csv(r, ctx.formulas());
  else if (format == "json") text = attention ? report::to_json(r, *attention) : report::to_json(r);
  else if (format == "xlsx") text = render_xlsx(r, place, words);
  else {
    report::HtmlInput in;
    in.rollup = &r;
    in.attention = extras.attention;
    in.all = all;
    // The charts cover the year so far, from policy.since or else the first check the repo
    // holds: a county that began keeping its checks in firegrid in September did not miss
    // the weeks before.
    Date from{as_of.year, 1, 1};
    std::optional<Date> first = policy::records_since(repo.policy());
    if (!first)
      for (const auto& i : repo.inspections)
        if (!first || i.date < *first) first = i.date;
    if (first && from < *first && *first <= as_of) from = *first;
    in.weeks = report::series(repo, *top, "week", from, as_of, 1);
    in.months = report::series(repo, *top, "month", from, as_of, 1);
    // The weekly trend: the 12 weeks up to the as-of day's, whatever the year.
    in.recent_weeks = report::series(repo, *top, "week", period_of("week", as_of).first.plus(-77), as_of, 0);
    in.county = repo.tree.root() ? repo.tree.root()->name() : "";
    in.title = fmt::format(words.lang() == report::Lang::zh ? "{}{} {}" : "{} {} {}", top->name(), title_of(r, words),
                           r.period.name);
    in.generated_by = std::string("firegrid ") + FIREGRID_VERSION;
    text = report::render_html(in, words);
  }
  if (std::string(kind.every) == "week" && (format == "text" || format == "md" || format == "json" || format == "html"))
    text = with_plans(ctx, rr, *top, period, as_of, format, words, text);
  write_report(ctx, o, text);
  if (attest.attest)
    return write_attestation(ctx, repo, *top, as_of, period, std::move(attested), attest.by, attest.office,
                             fmt::format("report {} {} {}", kind.command, kind.option, period.name), "");
  return 0;
}

}  // namespace

void add_attest_options(CLI::App& cmd, AttestRequest& a) {
  cmd.add_flag("--attest", a.attest,
               tr("Also write the figures printed as an attestation of the grid on the as-of day, that `check` "
               "holds the records to (needs --by)"));
  cmd.add_option("--by", a.by, tr("With --attest: who signs the figures, 王强/槐阳镇安监办 or name=..,org=.."));
  cmd.add_option("--office", a.office, tr("With --attest: the office that signs, e.g. 槐阳镇安监办"));
}

std::optional<store::RepoLock> attest_lock(Context& ctx, const AttestRequest& a, const ReportOptions& o) {
  if (!a.attest) return std::nullopt;
  if (a.by.empty()) throw Error(tr("--attest needs --by: who signs the figures"), tr("add --by 王强/槐阳镇安监办"));
  if (!o.at.empty()) throw Error(tr("--attest writes to the working tree, not to a commit (--at)"), tr("leave out --at"));
  return ctx.lock();
}

void register_report(CLI::App& app, Context& ctx) {
  auto* report = app.add_subcommand("report", tr("Reports and rollups: the weekly report, the assessment, lists, history"));
  report->require_subcommand(1);
  for (const auto& kind : period_reports()) {
    auto* cmd = report->add_subcommand(kind.command, tr(kind.help));
    auto o = std::make_shared<ReportOptions>();
    auto value = std::make_shared<std::string>();
    cmd->add_option(kind.option, *value,
                    msg("The {} to report: {}, or this, last, -N (counted back from --as-of, else "
                                "today); the one holding --as-of (today) by default{}",
                                kind.every, kind.example,
                                std::string(kind.every) == "week" ? tr(", last week when run on a Monday") : ""))
      ->type_name(kind.example);
    auto all = std::make_shared<bool>(false);
    if (std::string(kind.every) == "week")
      cmd->add_flag("--all", *all,
                    tr("List every village in the table of grids; by default only those with red hazards, checks "
                    "below 80% done or overdue action items"));
    add_report_options(*cmd, *o, {"text", "md", "csv", "json", "html", "xlsx"});
    auto attest = std::make_shared<AttestRequest>();
    add_attest_options(*cmd, *attest);
    cmd->callback([&ctx, &kind, o, value, all, attest] {
      ctx.action = [&ctx, &kind, o, value, all, attest] {
        return run_period_report(ctx, kind, *o, *value, *all, *attest);
      };
    });
  }
  register_report_lists(*report, ctx);
  register_report_history(*report, ctx);
}

}  // namespace firegrid::cli
