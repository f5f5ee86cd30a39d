// What every report subcommand shares: its options, the repo it reads (the working tree
// or a commit), its words and where its output goes.
#include "report.hpp"

#include <algorithm>

#include <firegrid/core/error.hpp>
#include <firegrid/model/on_day.hpp>
#include <firegrid/store/git.hpp>

#include <fmt/format.h>

namespace firegrid::cli {

void add_report_options(CLI::App& cmd, ReportOptions& o, std::initializer_list<const char*> names, bool with_depth) {
  cmd.add_option("--grid", o.grid, tr("The grid to report on (path, code or name); the county by default"))
    ->type_name("GRID");
  if (with_depth) cmd.add_option("--depth", o.depth, tr("Levels below the grid to show"))->capture_default_str();
  cmd.add_option("--as-of", o.as_of, tr("Judge open, overdue and due on this day (YYYY-MM-DD); today by default"))
    ->type_name("DATE");
  cmd.add_option("--format", o.format, tr("Output format"))->check(formats(names))->type_name("FORMAT");
  cmd.add_option("--at", o.at,
                 tr("Report the data as it stood at a git commit (its date is the default --as-of)"))
    ->type_name("REV");
  cmd.add_option("-o,--output", o.output, tr("Write the report to FILE (atomically) instead of stdout"))
    ->type_name("FILE");
  if (std::find_if(names.begin(), names.end(), [](const char* f) { return std::string(f) == "csv"; }) !=
      names.end())
    cmd.add_option("--encoding", o.encoding,
                   tr("CSV output: utf-8 (default), utf-8-bom or gb18030 (for Excel on Chinese Windows)"))
      ->type_name("ENC");
}

ReportRepo load_report_repo(Context& ctx, const ReportOptions& o, bool cut, bool documents) {
  ReportRepo r;
  std::string commit;
  if (!o.at.empty()) {
    commit = store::resolve_commit(ctx.repo_root(), o.at);
    r.disk_keeper = store::snapshot(ctx.repo_root(), commit);
  }
  if (!o.as_of.empty()) r.as_of = date_option_or_today(o.as_of, "--as-of");
  else if (!commit.empty()) r.as_of = store::commit_date(ctx.repo_root(), commit);
  else r.as_of = today();
  if (!commit.empty() && !o.as_of.empty()) {
    const Date committed = store::commit_date(ctx.repo_root(), commit);
    if (committed < r.as_of)
      throw Error(msg("--as-of {} is after the commit {} ({}): the commit cannot know what happened since",
                              r.as_of.iso(), o.at, committed.iso()),
                  tr("leave --as-of out (the commit's day), give an earlier day, or report a later commit"));
  }
  model::LoadOptions what(true, true, cut ? std::optional<Date>(r.as_of) : std::nullopt);
  what.inspection_documents = documents;
  r.repo = ctx.load(what, r.disk_keeper.get());
  return r;
}

void see_as_of(ReportRepo& rr, const Date& day) {
  rr.as_of = day;
  model::cut(rr.repo, day);
}

// The report's language (docs/commands/report.md, "Language"): the global --lang when given,
// else the repo's policy.report.lang, else the interface's language.
report::Lang report_language(const doc::Node* policy) {
  if (language_source() != LanguageSource::option && policy) {
    const doc::Node* report = policy->find("report");
    if (report && !report->get_string("lang").empty()) return report::report_lang(*policy);
  }
  return language() == Language::zh ? report::Lang::zh : report::Lang::en;
}

report::Labels report_labels(Context& ctx, const ReportOptions& o, const model::Repo& repo) {
  (void)o;
  return report::Labels(ctx.catalog(), report_language(&repo.policy()));
}

void write_report(const Context& ctx, const ReportOptions& o, const std::string& text) {
  const std::string bytes = o.format == "csv" ? encode_csv_output(text, o.encoding) : text;
  if (o.output.empty()) {
    refuse_binary_on_terminal(ctx, o.format);
    out(bytes);
    return;
  }
  write_output_file(o.output, bytes);
}

}  // namespace firegrid::cli
