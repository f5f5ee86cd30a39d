// firegrid report diff|merge: what changed since a commit or a date, and several
// counties' JSON rollups as one.
#include "report.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/render/xlsx.hpp>
#include <firegrid/report/diff.hpp>
#include <firegrid/report/html.hpp>
#include <firegrid/store/git.hpp>

#include <firegrid/text/names.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace firegrid::cli {

namespace {

// A word from the catalogue; a figure or state it lacks (from a newer firegrid's JSON)
// shows as its id.
std::string word(const report::Labels& labels, const std::string& key) {
  if (labels.has(key)) return labels(key);
  for (const char* prefix : {"figure.", "state."})
    if (key.rfind(prefix, 0) == 0) return key.substr(std::string(prefix).size());
  return labels(key);
}

std::string side_text(const report::Labels& labels, const report::Side& s) {
  if (s.asked.empty()) return fmt::format("{} ({})", word(labels, "diff.working-tree"), s.date.iso());
  if (s.commit.empty()) return fmt::format("{} ({})", s.asked, word(labels, "diff.no-commit"));
  return fmt::format("{} ({} {})", s.asked, s.commit.substr(0, 10), s.date.iso());
}

// One row per node, indented by depth, with a column for every figure that is not 0 at the top.
render::Table summary_table(const report::Labels& labels, const report::Diff& d) {
  render::Table t;
  t.columns.push_back({"grid", word(labels, "column.name")});
  t.columns.push_back({"path", word(labels, "column.path")});
  std::vector<std::string> shown;
  for (const auto& id : report::diff_figures())
    if (report::get(d.root.total, id) != 0) {
      shown.push_back(id);
      t.columns.push_back({id, word(labels, "figure." + id), render::Align::right, true});
    }
  std::function<void(const report::Node&, std::size_t)> visit = [&](const report::Node& n, std::size_t depth) {
    std::vector<std::string> row = {std::string(2 * depth, ' ') + n.name, n.path};
    for (const auto& id : shown) row.push_back(std::to_string(report::get(n.total, id)));
    t.rows.push_back(std::move(row));
    for (const auto& c : n.children) visit(c, depth + 1);
  };
  visit(d.root, 0);
  return t;
}

render::Table changes_table(const report::Labels& labels, const report::Diff& d) {
  render::Table t;
  for (const char* c : {"grid", "kind", "id", "change", "state", "date", "title"})
    t.columns.push_back({c, word(labels, std::string("column.") + (std::string(c) == "grid" ? "path" : c))});
  for (const auto& c : d.changes) {
    // A unit has a status, a hazard a state; an inspection's or meeting's title is its kind.
    // A move goes from grid to grid, a change of people from people to people, an edit names
    // its fields: as they are.
    const bool as_is = c.change == "moved" || c.change == "people" || c.change == "edited";
    const std::string states = c.kind == "unit" ? "status." : "state.";
    const std::string from = c.from.empty() || as_is ? c.from : word(labels, states + c.from);
    const std::string to = c.to.empty() || as_is ? c.to : word(labels, states + c.to);
    const std::string state = from.empty() || to.empty() ? from + to : from + " → " + to;
    std::string title = c.title;
    const std::string kind_key = (c.kind == "inspection" ? "kind." : "meeting.") + c.title;
    if ((c.kind == "inspection" || c.kind == "meeting") && labels.has(kind_key)) title = labels(kind_key);
    if (c.change == "people" && labels.has("people." + c.title)) title = labels("people." + c.title);
    t.rows.push_back({c.grid, word(labels, "record." + c.kind), c.id, word(labels, "change." + c.change), state,
                      c.date, title});
  }
  return t;
}

std::string render_diff(const report::Labels& labels, const report::Diff& d, const std::string& format,
                        render::Formulas formulas) {
  if (format == "json") return report::to_json(d);
  if (format == "csv") {
    // The spreadsheet wants the records, with keys rather than words.
    render::Table t;
    for (const char* c : {"grid", "kind", "id", "change", "from", "to", "date", "title"}) t.columns.push_back({c, c});
    for (const auto& c : d.changes) t.rows.push_back({c.grid, c.kind, c.id, c.change, c.from, c.to, c.date, c.title});
    return render::render_csv(t, formulas);
  }
  if (format == "xlsx") {
    const std::string title = fmt::format("{} {} → {}", word(labels, "heading.diff"), side_text(labels, d.since),
                                          side_text(labels, d.until));
    render::Table summary = summary_table(labels, d);
    for (std::size_t c = 1; c < summary.columns.size(); ++c) summary.columns[c].number = true;
    return render::render_xlsx(std::vector<render::XlsxSection>{
      {word(labels, "heading.diff"), {title}, summary},
      {word(labels, "heading.changes"), {title}, changes_table(labels, d)}});
  }
  if (format == "html") {
    const std::string title = fmt::format("{} {} → {}", word(labels, "heading.diff"), side_text(labels, d.since),
                                          side_text(labels, d.until));
    std::string body = "<h1>" + report::html_escape(title) + "</h1>\n";
    if (d.changes.empty()) {
      body += "<p>" + report::html_escape(word(labels, "diff.none")) + "</p>\n";
    } else {
      body += report::html_table(summary_table(labels, d));
      body += "<h2>" + report::html_escape(word(labels, "heading.changes")) + "</h2>\n";
      body += report::html_table(changes_table(labels, d));
    }
    return report::html_page(title, body, labels);
  }
  const bool md = format == "md";
  std::string out = fmt::format("{}{} {} → {}\n\n", md ? "# " : "", word(labels, "heading.diff"),
                                side_text(labels, d.since), side_text(labels, d.until));
  if (d.changes.empty()) return out + word(labels, "diff.none") + "\n";
  out += render_as(summary_table(labels, d), format, formulas);
  out += fmt::format("\n{}{}\n\n", md ? "## " : "", word(labels, "heading.changes"));
  out += render_as(changes_table(labels, d), format, formulas);
  return out;
}

// --since: a date means the data as it stood when that day began (the last commit of
// the day before); anything else is a revision.
report::Side since_side(Context& ctx, const std::string& since) {
  report::Side s;
  s.asked = since;
  Date day;
  if (parse_date(text::as_typed(since), day)) {
    s.commit = store::commit_on(ctx.repo_root(), day.plus(-1));
  } else {
    s.commit = store::resolve_commit(ctx.repo_root(), since);
  }
  s.date = s.commit.empty() ? day : store::commit_date(ctx.repo_root(), s.commit);
  return s;
}

struct DiffOptions {
  ReportOptions report;
  std::string since;
};

int run_diff(Context& ctx, const DiffOptions& o) {
  ReportRepo now = load_report_repo(ctx, o.report, /*cut=*/false);
  report::Side since = since_side(ctx, o.since);
  report::Side until;
  until.asked = o.report.at;
  until.commit = o.report.at.empty() ? "" : store::resolve_commit(ctx.repo_root(), o.report.at);
  until.date = until.commit.empty() ? today() : store::commit_date(ctx.repo_root(), until.commit);

  model::Repo before;  // empty when no commit was made before the date: everything is new
  std::unique_ptr<store::Disk> before_disk;
  if (!since.commit.empty()) {
    before_disk = store::snapshot(ctx.repo_root(), since.commit);
    before = ctx.load({}, before_disk.get());
  }
  const grid::Grid* top = o.report.grid.empty() ? now.repo.tree.root() : now.repo.tree.resolve(o.report.grid);
  if (!top) throw Error(tr("the repo has no county grid (grid/grid.yaml)"), tr("run firegrid check"));
  report::Diff d = report::diff(before, now.repo, *top, o.report.depth);
  d.since = since;
  d.until = until;
  const report::Labels labels = report_labels(ctx, o.report, now.repo);
  write_report(ctx, o.report, render_diff(labels, d, o.report.format, ctx.formulas()));
  return 0;
}

struct MergeOptions {
  std::vector<std::string> files;
  std::string name, format, output;
};

// Figures as rows, the merged total and each input as columns: the view a city reads.
std::string render_merged(const report::Labels& labels, const report::Rollup& r, const std::string& format,
                          render::Formulas formulas) {
  if (format == "json") return report::to_json(r);
  render::Table t;
  t.columns.push_back({"figure", word(labels, "column.figure")});
  t.columns.push_back({"total", word(labels, "column.total"), render::Align::right, true});
  for (const auto& c : r.root.children) t.columns.push_back({c.path, c.name, render::Align::right, true});
  const auto cell = [](const report::Figures& f, const std::string& id) { return std::to_string(report::get(f, id)); };
  // The figures the inputs hold, in the order reports list them; ids this firegrid does
  // not know (from a newer one) follow in id order.
  std::vector<std::string> ids;
  for (const auto& id : report::figure_ids())
    if (r.root.total.count(id)) ids.push_back(id);
  for (const auto& [id, count] : r.root.total)
    if (std::find(ids.begin(), ids.end(), id) == ids.end()) ids.push_back(id);
  for (const auto& id : ids) {
    std::vector<std::string> row = {format == "csv" ? id : word(labels, "figure." + id),
                                    cell(r.root.total, id)};
    for (const auto& c : r.root.children) row.push_back(cell(c.total, id));
    t.rows.push_back(std::move(row));
  }
  const auto percent = [&](const report::Figures& f, const report::Rate& rate) {
    const auto v = report::rate(f, rate);
    if (!v) return std::string();
    return format == "csv" ? fmt::format("{:.4f}", *v) : fmt::format("{:.1f}%", *v * 100);
  };
  for (const auto& rate : report::rates()) {
    std::vector<std::string> row = {format == "csv" ? rate.id : word(labels, "figure." + rate.id),
                                    percent(r.root.total, rate)};
    for (const auto& c : r.root.children) row.push_back(percent(c.total, rate));
    t.rows.push_back(std::move(row));
  }
  if (format == "csv") return render::render_csv(t, formulas);
  const std::string title =
    fmt::format("{} {} ({} – {})", r.root.name, r.period.name, r.period.first.iso(), r.period.last.iso());
  if (format == "html")
    return report::html_page(title, "<h1>" + report::html_escape(title) + "</h1>\n" + report::html_table(t), labels);
  if (format == "xlsx") return render::render_xlsx(std::vector<render::XlsxSection>{{r.root.name, {title}, t}});
  return (format == "md" ? "# " : "") + title + "\n\n" + render_as(t, format, formulas);
}

int run_merge(Context& ctx, const MergeOptions& o) {
  std::vector<report::Rollup> rollups;
  std::string names;
  for (const auto& file : o.files) {
    rollups.push_back(report::from_json(read_input_file(file), file));
    names += (names.empty() ? "" : "、") + rollups.back().root.name;
  }
  const report::Rollup merged = report::merge(rollups, o.name.empty() ? names : o.name);
  const report::Labels labels(ctx.catalog(), report_language(nullptr));
  ReportOptions out;
  out.output = o.output;
  out.format = o.format;
  write_report(ctx, out, render_merged(labels, merged, o.format, ctx.formulas()));
  return 0;
}

}  // namespace

void register_report_history(CLI::App& report, Context& ctx) {
  auto diff_options = std::make_shared<DiffOptions>();
  auto* diff = report.add_subcommand("diff", tr("What changed since a commit or a date: units, hazards, inspections, "
                                             "meetings, trainings and tips, per grid"));
  diff->add_option("--since", diff_options->since,
                   tr("A commit (branch, tag, id, HEAD~N) or a date YYYY-MM-DD (the data as that day began)"))
    ->required()
    ->type_name("REV|DATE");
  add_report_options(*diff, diff_options->report, {"text", "md", "csv", "json", "html", "xlsx"});
  diff->callback([&ctx, diff_options] { ctx.action = [&ctx, diff_options] { return run_diff(ctx, *diff_options); }; });

  auto merge_options = std::make_shared<MergeOptions>();
  auto* merge = report.add_subcommand("merge", tr("Several counties' JSON rollups as one: a city or province view"));
  merge->add_option("files", merge_options->files, tr("Reports written by report ... --format json"))
    ->required()
    ->type_name("FILE.json");
  merge->add_option("--name", merge_options->name, tr("The name of the merged whole (the inputs' names by default)"));
  merge->add_option("--format", merge_options->format, tr("Output format"))
    ->check(formats({"text", "md", "csv", "json", "html", "xlsx"}))
    ->type_name("FORMAT");
  merge->add_option("-o,--output", merge_options->output, tr("Write to FILE (atomically) instead of stdout"))
    ->type_name("FILE");
  merge->callback(
    [&ctx, merge_options] { ctx.action = [&ctx, merge_options] { return run_merge(ctx, *merge_options); }; });
}

}  // namespace firegrid::cli
