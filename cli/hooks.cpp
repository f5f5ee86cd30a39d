// firegrid hooks install: the git pre-commit hook that runs `check --staged`
// (docs/commands/hooks.md).
#include "context.hpp"

#include <firegrid/store/hooks.hpp>

#include <fmt/format.h>

#include <climits>
#include <unistd.h>

namespace firegrid::cli {

namespace {

struct HooksOptions {
  bool force = false;
};

// This program's own path, so the hook runs the firegrid that installed it.
std::string hooks_program_path() {
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  return n > 0 ? std::string(buf, static_cast<std::size_t>(n)) : "firegrid";
}

int run_hooks_install(Context& ctx, const HooksOptions& o) {
  const auto done = store::install_pre_commit(ctx.repo_root(), hooks_program_path(), o.force);
  if (!done.kept_as.empty()) ctx.say(msg("kept the earlier pre-commit hook as {}", done.kept_as));
  ctx.say(done.replaced ? msg("replaced {}: every commit runs `firegrid check --staged` and is refused when a staged "
                              "record has an error",
                              done.path)
                        : msg("installed {}: every commit runs `firegrid check --staged` and is refused when a staged "
                              "record has an error",
                              done.path));
  const auto driver = store::install_merge_driver(ctx.repo_root(), hooks_program_path());
  ctx.say(tr("registered firegrid's merge driver (git config merge.firegrid): records whose steps both sides "
             "appended merge by date"));
  if (driver.attributes_written)
    ctx.say(msg("added `{}` to {}: commit it, and run `firegrid hooks install` in every clone",
                store::kMergeAttributes, driver.attributes));
  return 0;
}

}  // namespace

void register_hooks(CLI::App& app, Context& ctx) {
  CLI::App* hooks = app.add_subcommand("hooks", tr("Git hooks for a data repo"));
  hooks->require_subcommand(1);
  auto o = std::make_shared<HooksOptions>();
  CLI::App* install = hooks->add_subcommand(
      "install", tr("Install the pre-commit hook that refuses a commit whose staged records have errors"));
  install->add_flag("--force", o->force, tr("Replace another pre-commit hook (kept as pre-commit.before-firegrid)"));
  install->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_hooks_install(ctx, *o); }; });
}

}  // namespace firegrid::cli
