// firegrid modeline: gives every record file the yaml-language-server line that names its
// schema (schema/modeline.hpp; docs/format.md#the-modeline), and copies into schemas/ the
// schemas the lines name that the repo lacks.
#include "context.hpp"

#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

namespace firegrid::cli {

namespace {

struct ModelineOptions {
  bool dry_run = false;
};

int run_modeline(Context& ctx, const ModelineOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const schema::ModelineFix fix = schema::fix_modelines(ctx.disk(), ctx.catalog());
  if (o.dry_run) {
    for (const auto& p : fix.added) ctx.say(msg("would add the modeline of {}", p));
    for (const auto& p : fix.corrected) ctx.say(msg("would correct the modeline of {}", p));
    for (const auto& p : fix.copied) ctx.say(msg("would copy {}", p));
  } else {
    ctx.write(fix.changes, fmt::format("编辑器模式行：补写 {}，改正 {}", fix.added.size(), fix.corrected.size()));
    for (const auto& p : fix.corrected) ctx.say(msg("corrected the modeline of {}", p));
    for (const auto& p : fix.copied) ctx.say(msg("copied {}", p));
  }
  const std::size_t right = fix.records - fix.added.size() - fix.corrected.size();
  ctx.say(o.dry_run ? msg("dry run: {} record file{}: the modeline would be added to {} and corrected in {}; {} have it right",
                          fix.records, plural_s(fix.records), fix.added.size(), fix.corrected.size(), right)
                    : msg("{} record file{}: the modeline added to {} and corrected in {}; {} had it right", fix.records,
                          plural_s(fix.records), fix.added.size(), fix.corrected.size(), right));
  return 0;
}

}  // namespace

void register_modeline(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ModelineOptions>();
  CLI::App* cmd = app.add_subcommand(
      "modeline", tr("Give every record file the yaml-language-server line that names its schema, for editors"));
  cmd->add_flag("--dry-run", o->dry_run, tr("List what would be written; change nothing"));
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_modeline(ctx, *o); }; });
}

}  // namespace firegrid::cli
