// firegrid init: makes a new data repo.
#include "context.hpp"

#include <firegrid/core/clock.hpp>
#include <firegrid/core/process.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

#include <sys/stat.h>
#include <unistd.h>

namespace firegrid::cli {

namespace {

struct InitOptions {
  std::string dir = ".";
  std::string county_code;
  std::string name;
  bool no_git = false;
  int first_year = 0;
  std::string since;  // policy.since; empty: today
};

const char* const kGitignore =
  "# firegrid's lock and the temporary files of interrupted writes\n"
  ".firegrid.lock\n"
  ".*.fg-tmp-*\n";
// The record cache: this machine's, made again from the records when missing.
const char* const kGitignoreCache =
  "# firegrid's cache of the records it has read (docs/performance.md)\n"
  ".firegrid/\n";

// Editors with the YAML language server validate records while typing with these.
const char* const kVscodeSettings = R"({
  "yaml.schemas": {
    "./schemas/manifest.schema.yaml": "firegrid.yaml",
    "./schemas/grid.schema.yaml": "grid/**/grid.yaml",
    "./schemas/unit.schema.yaml": "grid/**/units/*/unit.yaml",
    "./schemas/inspection.schema.yaml": "grid/**/inspections/*.yaml",
    "./schemas/hazard.schema.yaml": "grid/**/hazards/*.yaml",
    "./schemas/tip.schema.yaml": "grid/*/tips/*.yaml",
    "./schemas/meeting.schema.yaml": "grid/**/meetings/*.yaml",
    "./schemas/training.schema.yaml": ["grid/**/trainings/*.yaml", "grid/**/publicity/*.yaml"],
    "./schemas/attestation.schema.yaml": "grid/**/attestations/*.yaml",
    "./schemas/calendar.schema.yaml": "calendar/holidays.yaml"
  }
}
)";

int make_repo(Context& ctx, const InitOptions& o, const std::string& root, const std::string& shown);

int run_init(Context& ctx, const InitOptions& o) {
  bool code_ok = o.county_code.size() == 6;
  for (const char c : o.county_code) code_ok = code_ok && c >= '0' && c <= '9';
  if (!code_ok)
    throw Error(msg("--county-code {}: a county code is 6 digits", o.county_code),
                tr("e.g. --county-code 130132 for 元氏县"));
  if (o.name.empty()) throw Error(tr("--name is empty"), tr("e.g. --name 元氏县"));
  if (o.first_year && (o.first_year < 2000 || o.first_year > 2097))
    throw Error(msg("--first-year {} is out of range", o.first_year), tr("a year from 2000 to 2097"));
  date_option_or_today(o.since, "--since");  // refused before anything is made

  // Like git, -C DIR means "as if started in DIR".
  const std::string base = ctx.repo_dir ? store::absolute(*ctx.repo_dir) : store::absolute(".");
  const std::string root = !o.dir.empty() && o.dir[0] == '/' ? o.dir : base + "/" + o.dir;
  const std::string shown = !ctx.repo_dir ? o.dir : o.dir == "." ? *ctx.repo_dir : store::join(*ctx.repo_dir, o.dir);
  struct stat st {};
  if (::stat(root.c_str(), &st) == 0 && !S_ISDIR(st.st_mode))
    throw Error(msg("{} exists and is not a folder", shown));
  if (const auto outer = store::enclosing_repo(root)) {
    if (store::RealDisk(root).is_file(store::kManifest))
      throw Error(msg("{} is already a firegrid repo", shown),
                  msg("its manifest is {}/{}", shown, store::kManifest));
    throw Error(msg("{} is inside the firegrid repo {}", shown, *outer),
                tr("a repo holds one county and cannot hold another; choose a folder outside it"));
  }
  if (!o.no_git) {
    bool git = false;
    try {
      git = run_process({"git", "--version"}, "/").status == 0;
    } catch (const Error&) {
    }
    if (!git) throw Error(tr("git cannot be run (is it installed?)"), tr("install it (apt-get install git), or pass --no-git"));
  }
  const bool created = ::mkdir(root.c_str(), 0777) == 0;
  if (!created && errno != EEXIST)
    throw Error(msg("cannot create {}: {}", shown, std::strerror(errno)));
  try {
    return make_repo(ctx, o, root, shown);
  } catch (...) {
    if (created) {
      ::unlink((root + "/" + store::kLockFile).c_str());
      ::rmdir(root.c_str());  // only if still empty
    }
    throw;
  }
}

int make_repo(Context& ctx, const InitOptions& o, const std::string& root, const std::string& shown) {
  store::RealDisk disk(root);
  if (disk.is_file(store::kManifest))
    throw Error(msg("{} is already a firegrid repo", shown),
                msg("its manifest is {}/{}", o.dir, store::kManifest));
  if (disk.is_dir(store::kGridRoot))
    throw Error(msg("{}/{} already exists", o.dir, store::kGridRoot),
                tr("init makes a new repo; choose an empty folder"));

  const store::RepoLock lock(root, ctx.lock_wait());
  const schema::Catalog& catalog = ctx.catalog();
  const int year = o.first_year ? o.first_year : today().year;
  store::Changes changes;
  doc::Node manifest = policy::default_manifest(o.county_code, o.name, year);
  const Date since = date_option_or_today(o.since, "--since");
  manifest.find("policy")->set("since", doc::Node::string(since.iso()));
  catalog.require_valid("manifest", store::kManifest, manifest);  // --name as check would read it
  changes.writes[store::kManifest] = catalog.file_text("manifest", store::kManifest, manifest);
  doc::Node county = doc::Node::mapping();
  county.set("level", doc::Node::string("county"));
  county.set("name", doc::Node::string(o.name));
  county.set("code", doc::Node::string(o.county_code));
  const std::string county_path = store::join(store::kGridRoot, store::kGridFile);
  catalog.require_valid("grid", county_path, county);
  changes.writes[county_path] = grid::render_record(catalog, county_path, county);
  for (const auto& [name, text] : catalog.files())
    changes.writes[store::join(store::kSchemaDir, name)] = text;
  if (!disk.is_file(policy::kCalendarFile))
    changes.writes[policy::kCalendarFile] =
        schema::with_modeline(policy::kCalendarFile, "calendar", policy::builtin_calendar_text(catalog));
  // A folder that has these already keeps them; .gitignore gets the lines it lacks.
  std::string gitignore = disk.read(".gitignore").value_or("");
  const std::string had = gitignore;
  for (const auto& [line, lines] : {std::pair<const char*, const char*>{store::kLockFile, kGitignore},
                                    std::pair<const char*, const char*>{".firegrid/\n", kGitignoreCache}}) {
    if (gitignore.find(line) != std::string::npos) continue;
    if (!gitignore.empty() && gitignore.back() != '\n') gitignore += '\n';
    gitignore += lines;
  }
  if (gitignore != had) changes.writes[".gitignore"] = gitignore;
  if (!disk.is_file(".vscode/settings.json")) changes.writes[".vscode/settings.json"] = kVscodeSettings;
  disk.commit(changes);

  if (!o.no_git && !disk.is_dir(".git")) {
    const auto r = run_process({"git", "init", "-q"}, root);
    if (r.status != 0)
      throw Error(msg("git init failed: {}", r.errors),
                  tr("the repo files are written; run `git init` yourself, or use --no-git"));
  }
  ctx.say(msg("Initialised a firegrid repo for {} ({}) in {}", o.name, o.county_code, shown));
  return 0;
}

}  // namespace

void register_init(CLI::App& app, Context& ctx) {
  auto o = std::make_shared<InitOptions>();
  CLI::App* cmd = app.add_subcommand("init", tr("Make a new data repo for a county"));
  cmd->add_option("dir", o->dir, tr("Folder to make it in (created if missing)"))->capture_default_str();
  cmd->add_option("--county-code", o->county_code, tr("The county's 6-digit division code, e.g. 130132"))
    ->required();
  cmd->add_option("--name", o->name, tr("The county's name, e.g. 元氏县"))->required();
  cmd->add_option("--first-year", o->first_year,
                  tr("First year of the 30/60/80/100% targets (default: this year)"));
  cmd->add_option("--since", o->since,
                  tr("The day the county's records begin: cadences ask nothing of periods that ended before it "
                  "(default: today)"))
    ->type_name("DATE");
  cmd->add_flag("--no-git", o->no_git, tr("Do not run git init"));
  cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_init(ctx, *o); }; });
}

}  // namespace firegrid::cli
