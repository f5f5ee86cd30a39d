// firegrid check: validates every record of the repo.
#include "context.hpp"

#include <firegrid/check/check.hpp>

namespace firegrid::cli {

namespace {

struct CheckOptions {
  std::string format = "text";
  bool strict = false;
};

int run_check(Context& ctx, const CheckOptions& o) {
  ctx.settle();
  const check::Result r = check::run(ctx.disk(), ctx.catalog());
  if (o.format == "json") {
    out(check::render_json(r));
  } else {
    ctx.print_findings(r.findings, false);
    if (!ctx.quiet || r.findings.errors()) out(check::summary(r) + "\n");
  }
  const bool failed = r.findings.errors() > 0 || (o.strict && r.findings.warnings() > 0);
  return static_cast<int>(failed ? ExitCode::findings : ExitCode::ok);
}

}  // namespace

void register_check(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<CheckOptions>();
  CLI::App* cmd = app.add_subcommand("check", "Validate every record; report every problem");
  cmd->add_option("--format", o->format, "text or json")->check(formats({"text", "json"}))
    ->capture_default_str();
  cmd->add_flag("--strict", o->strict, "Fail (exit 1) on warnings too");
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_check(ctx, *o); }; });
}

}  // namespace firegrid::cli
