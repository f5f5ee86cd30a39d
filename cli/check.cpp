// firegrid check: validates every record of the repo.
#include "context.hpp"

#include <firegrid/check/check.hpp>
#include <firegrid/store/git.hpp>

#include <fmt/format.h>

namespace firegrid::cli {

namespace {

struct CheckOptions {
  std::string format = "text";
  bool strict = false;
  bool summary = false, list = false;
  std::vector<std::string> only, ignore;
  std::string grid;
  std::size_t max = 0;  // 0: no limit
  std::string at;       // --at REV: the records of a commit
  bool staged = false;  // --staged: the records of git's index
};

// More findings than this on a terminal are summed up unless --list asks for each.
constexpr std::size_t kSummaryAbove = 50;

int run_check(Context& ctx, const CheckOptions& o) {
  ctx.settle();
  // What is checked: the working tree, a commit's files or the index, read from git.
  std::unique_ptr<store::MemoryDisk> from;
  if (o.staged) from = store::staged(ctx.repo_root());
  else if (!o.at.empty()) from = store::snapshot(ctx.repo_root(), store::resolve_commit(ctx.repo_root(), o.at));
  const store::Disk& disk = from ? static_cast<const store::Disk&>(*from) : ctx.disk();
  check::Filter filter{o.only, o.ignore, ""};
  if (!o.grid.empty()) {
    const model::Repo grids = ctx.load({/*units=*/false, /*note_errors=*/false}, from.get());
    filter.folder = grids.tree.resolve(o.grid)->folder();
  }
  check::Result r = check::run(disk, ctx.catalog());
  const bool filtered = !o.only.empty() || !o.ignore.empty() || !filter.folder.empty();
  if (filtered) r.findings = check::filter(r.findings, filter);
  if (o.format == "json") {
    out(check::render_json(r));
  } else {
    const std::size_t n = r.findings.items().size();
    const bool sum = o.summary || (!o.list && o.max == 0 && n > kSummaryAbove && ctx.stdout_tty());
    if (sum) {
      out(check::render_summary(r.findings, r, ctx.stdout_color()));
      if (!o.summary)
        out(fmt::format("({} findings: `firegrid check --list` shows each, `--only KIND` or `--grid G` a part)\n", n));
    } else if (o.max > 0 && n > o.max) {
      Findings first;
      for (std::size_t i = 0; i < o.max; ++i) first.add(r.findings.items()[i]);
      ctx.print_findings(first, false, from.get());
      out(fmt::format("... and {} more (--max {} shows the first {}; --summary counts them by kind)\n", n - o.max,
                      o.max, o.max));
    } else {
      ctx.print_findings(r.findings, false, from.get());
    }
    if (!ctx.quiet || r.findings.errors()) out(check::summary(r) + "\n");
  }
  const bool failed = r.findings.errors() > 0 || (o.strict && r.findings.warnings() > 0);
  return static_cast<int>(failed ? ExitCode::findings : ExitCode::ok);
}

}  // namespace

void register_check(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", tr("Validate every record; report every problem"));
  cmd->add_option("--format", o->format, tr("text or json"))->check(formats({"text", "json"}))
    ->capture_default_str();
  cmd->add_flag("--strict", o->strict, tr("Fail (exit 1) on warnings too"));
  cmd->add_flag("--summary", o->summary, tr("Count the findings by kind and by township instead of listing them"));
  cmd->add_flag("--list", o->list, tr("List every finding, also on a terminal when there are many"));
  cmd->add_option("--only", o->only, tr("Only findings of this kind (a code such as resource-no-leader, or resource-*); repeatable"))
    ->type_name("KIND");
  cmd->add_option("--ignore", o->ignore, tr("Leave out findings of this kind (a code or a prefix*); repeatable"))
    ->type_name("KIND");
  cmd->add_option("--grid", o->grid, tr("Only findings in this grid and below (a path such as 100/001, or a name)"))
    ->type_name("GRID");
  cmd->add_option("--max", o->max, tr("List at most N findings (the summary line counts them all)"))->type_name("N");
  auto* at = cmd->add_option("--at", o->at, tr("Check the records of a git commit (a branch, tag or id), not the working tree"))
    ->type_name("REV");
  cmd->add_flag("--staged", o->staged, tr("Check the records git's index holds, what the next commit will hold (a pre-commit hook)"))
    ->excludes(at);
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_check(ctx, *o); }; });
}

}  // namespace firegrid::cli
