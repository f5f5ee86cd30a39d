// firegrid resolve and firegrid merge-driver: a record both clones appended to, merged by
// date (lib/firegrid/merge; docs/commands/resolve.md).
#include "context.hpp"

#include <firegrid/core/process.hpp>
#include <firegrid/merge/merge.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace firegrid::cli {

namespace {

struct ResolveOptions {
  std::vector<std::string> paths;
};

struct DriverOptions {
  std::string base, ours, theirs, path;
  int marker_size = 7;
  std::string prefix;  // the data repo's folder below the top of the git work tree
};

std::string resolve_read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw Error(msg("cannot read {}", path));
  std::stringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string resolve_git(const std::string& cwd, const std::vector<std::string>& args, bool must = true) {
  std::vector<std::string> argv{"git"};
  argv.insert(argv.end(), args.begin(), args.end());
  const auto r = run_process(argv, cwd);
  if (r.status != 0 && must)
    throw Error(msg("`git {}` failed: {}", args.front(), r.errors.substr(0, r.errors.find('\n'))));
  return r.output;
}

std::string resolve_trimmed(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r')) s.pop_back();
  return s;
}

// NUL-separated git output, split.
std::vector<std::string> resolve_split(const std::string& s) {
  std::vector<std::string> out;
  std::size_t at = 0;
  while (at < s.size()) {
    const std::size_t end = std::min(s.find('\0', at), s.size());
    if (end > at) out.push_back(s.substr(at, end - at));
    at = end + 1;
  }
  return out;
}

// A conflicted path's stages in git's index (1 the ancestor, 2 ours, 3 theirs): blob ids.
using Stages = std::map<int, std::string>;

int run_resolve(Context& ctx, const ResolveOptions& o) {
  const std::string& root = ctx.repo_root();
  const std::string top = resolve_trimmed(resolve_git(root, {"rev-parse", "--show-toplevel"}));
  const std::string prefix = resolve_trimmed(resolve_git(root, {"rev-parse", "--show-prefix"}));

  std::map<std::string, Stages> unmerged;  // repo-relative path -> stages
  for (const auto& line : resolve_split(resolve_git(root, {"ls-files", "-u", "-z", "--full-name"}))) {
    // <mode> SP <object> SP <stage> TAB <path>
    const std::size_t tab = line.find('\t');
    if (tab == std::string::npos) continue;
    std::istringstream head(line.substr(0, tab));
    std::string mode, object;
    int stage = 0;
    head >> mode >> object >> stage;
    const std::string full = line.substr(tab + 1);
    if (full.compare(0, prefix.size(), prefix) != 0) continue;
    unmerged[full.substr(prefix.size())][stage] = object;
  }

  std::set<std::string> paths;
  if (o.paths.empty()) {
    for (const auto& [path, stages] : unmerged) paths.insert(path);
    for (const auto& full : resolve_split(
             resolve_git(root, {"grep", "-l", "-z", "--full-name", "-e", "^<<<<<<< ", "--", "*.yaml"}, false)))
      if (full.compare(0, prefix.size(), prefix) == 0) paths.insert(full.substr(prefix.size()));
  } else {
    for (const auto& given : o.paths) {
      const std::string abs = store::absolute(given);
      if (abs.compare(0, root.size() + 1, root + "/") != 0)
        throw Error(msg("{} is not in the repo {}", given, root));
      paths.insert(abs.substr(root.size() + 1));
    }
  }
  if (paths.empty()) {
    ctx.say(tr("nothing to resolve: no file of the repo has a merge conflict"));
    return 0;
  }

  int not_merged = 0;
  store::Changes changes;
  std::vector<std::string> to_stage;
  for (const auto& path : paths) {
    std::string base, ours, theirs;
    const auto staged = unmerged.find(path);
    if (staged != unmerged.end() && staged->second.count(2) && staged->second.count(3)) {
      const Stages& s = staged->second;
      if (s.count(1)) base = resolve_git(top, {"cat-file", "blob", s.at(1)});
      ours = resolve_git(top, {"cat-file", "blob", s.at(2)});
      theirs = resolve_git(top, {"cat-file", "blob", s.at(3)});
    } else {
      const auto sides = merge::sides_from_markers(resolve_read_file(root + "/" + path));
      if (!sides) {
        ++not_merged;
        out(msg("not merged {}: its conflict markers keep no common ancestor (no ||||||| part); merge again "
                "after `git config merge.conflictStyle diff3`, or keep one side by hand",
                path) + "\n");
        continue;
      }
      if (sides->ours == sides->theirs) continue;  // no marker: nothing to do
      base = sides->base;
      ours = sides->ours;
      theirs = sides->theirs;
    }
    const auto merged = merge::merge_record(path, base, ours, theirs, ctx.catalog());
    if (!merged.merged) {
      ++not_merged;
      out(msg("not merged {}: {}", path, fmt::join(merged.conflicts, tr("; "))) + "\n");
      continue;
    }
    changes.writes[path] = merged.text;
    if (staged != unmerged.end()) to_stage.push_back(prefix + path);
    out(msg("merged {}: {}", path, fmt::join(merged.merged_lists, tr("; "))) + "\n");
  }
  if (!changes.empty()) {
    auto lock = ctx.lock();
    ctx.disk().commit(changes);
  }
  if (!to_stage.empty()) {
    std::vector<std::string> add{"add", "--"};
    add.insert(add.end(), to_stage.begin(), to_stage.end());
    resolve_git(top, add);
  }
  if (not_merged)
    err((not_merged == 1 ? tr("1 file is not merged: keep one side by hand, then `git add` it")
                         : msg("{} files are not merged: keep one side by hand, then `git add` them", not_merged)) +
        "\n");
  return not_merged ? 1 : 0;
}

// git's merge driver: merges %A in place with %O and %B; exit 0 merged, 1 conflict (the
// file then has git's conflict markers, written by `git merge-file`).
int run_merge_driver(Context& ctx, const DriverOptions& o) {
  std::string path = o.path;
  if (!o.prefix.empty() && path.compare(0, o.prefix.size(), o.prefix) == 0) path = path.substr(o.prefix.size());
  if (!merge::record_type(path).empty()) {
    const auto merged = merge::merge_record(path, resolve_read_file(o.base), resolve_read_file(o.ours),
                                            resolve_read_file(o.theirs), ctx.catalog());
    if (merged.merged) {
      std::ofstream outfile(o.ours, std::ios::binary | std::ios::trunc);
      outfile << merged.text;
      if (!outfile.flush()) throw Error(msg("cannot write {}", o.ours));
      err("firegrid: " + msg("merged {}: {}", o.path, fmt::join(merged.merged_lists, tr("; "))) + "\n");
      return 0;
    }
    err("firegrid: " + msg("cannot merge {}: {}", o.path, fmt::join(merged.conflicts, tr("; "))) + "\n");
  }
  const auto r = run_process({"git", "merge-file", fmt::format("--marker-size={}", o.marker_size), "-L", "ours", "-L",
                              "base", "-L", "theirs", o.ours, o.base, o.theirs},
                             ".");
  if (r.status < 0) throw Error(msg("`git merge-file` failed on {}: {}", o.path, r.errors));
  return r.status == 0 ? 0 : 1;
}

}  // namespace

void register_resolve(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<ResolveOptions>();
  CLI::App* resolve =
      app.add_subcommand("resolve", tr("Merge records left with conflict markers whose lists both sides appended to"));
  resolve->add_option("PATH", o->paths, tr("Files to resolve (default: every conflicted file of the repo)"));
  resolve->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_resolve(ctx, *o); }; });

  auto d = std::make_shared<DriverOptions>();
  CLI::App* driver = app.add_subcommand("merge-driver", tr("Git's merge driver for records (plumbing: hooks install "
                                                        "registers it)"));
  driver->group("");
  driver->add_option("BASE", d->base, tr("The common ancestor's file (%O)"))->required();
  driver->add_option("OURS", d->ours, tr("Our file, merged in place (%A)"))->required();
  driver->add_option("THEIRS", d->theirs, tr("Their file (%B)"))->required();
  driver->add_option("PATH", d->path, tr("The file's path in the work tree (%P)"))->required();
  driver->add_option("--marker-size", d->marker_size, tr("Conflict marker length (%L)"));
  driver->add_option("--prefix", d->prefix, tr("The data repo's folder below the top of the work tree"));
  driver->callback([&ctx, d] { ctx.action = [&ctx, d] { return run_merge_driver(ctx, *d); }; });
}

}  // namespace firegrid::cli
