// firegrid recover: finishes a change a crash interrupted, and removes what interrupted
// writes left behind (docs/reliability.md).
#include "context.hpp"

#include <fmt/format.h>

namespace firegrid::cli {

namespace {

struct RecoverOptions {
  bool dry_run = false;
};

// The leftovers below `dir`: temporary files of interrupted writes (`.<name>.fg-tmp-…`), and
// unit folders that hold nothing else (a unit write killed before its rename).
void find_leftovers(const store::Disk& disk, const std::string& dir, store::Changes& changes) {
  for (const auto& e : disk.list(dir)) {
    const std::string path = store::join(dir, e.name);
    if (dir.empty() && (e.name == ".git" || e.name == ".firegrid")) continue;
    if (!e.is_dir) {
      if (e.name.find(store::kTempMarker) != std::string::npos) changes.removals.push_back(path);
      continue;
    }
    find_leftovers(disk, path, changes);
    if (dir.size() >= 6 && dir.compare(dir.size() - 6, 6, "/units") == 0) {
      bool only_leftovers = true;
      for (const auto& inside : disk.list(path))
        only_leftovers = only_leftovers && !inside.is_dir && inside.name.find(store::kTempMarker) != std::string::npos;
      if (only_leftovers) changes.removed_dirs.push_back(path);
    }
  }
}

int run_recover(Context& ctx, const RecoverOptions& o) {
  const store::RepoLock lock = ctx.lock();  // finishes a change its journal lists, and says so
  store::Changes changes;
  find_leftovers(ctx.disk(), "", changes);
  if (changes.empty()) {
    ctx.say(tr("nothing to recover: no leftover of an interrupted write"));
    return 0;
  }
  for (const auto& p : changes.removals) ctx.say(o.dry_run ? msg("would remove {}", p) : msg("removed {}", p));
  for (const auto& p : changes.removed_dirs)
    ctx.say(o.dry_run ? msg("would remove the empty unit folder {}", p) : msg("removed the empty unit folder {}", p));
  if (!o.dry_run) ctx.disk().commit(changes);
  return 0;
}

}  // namespace

void register_recover(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<RecoverOptions>();
  CLI::App* cmd = app.add_subcommand(
      "recover", tr("Finish a change a crash interrupted, and remove the leftovers of interrupted writes"));
  cmd->add_flag("--dry-run", o->dry_run, tr("List what would be removed; change nothing"));
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_recover(ctx, *o); }; });
}

}  // namespace firegrid::cli
