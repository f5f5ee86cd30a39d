#include <firegrid/model/repo.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/grid/resources.hpp>
#include <firegrid/model/cadences.hpp>
#include <firegrid/model/on_day.hpp>
#include <firegrid/hazard/rules.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/tip/seal.hpp>

#include <fmt/format.h>

#include <algorithm>

#include <set>

namespace firegrid::model {

const doc::Node& Repo::policy() const {
  static const doc::Node empty = doc::Node::mapping();
  const doc::Node* p = manifest ? manifest->root.find("policy") : nullptr;
  return p && p->is_mapping() ? *p : empty;
}

namespace {

std::set<std::string> hazard_ids(const std::vector<inspect::Hazard>& hazards) {
  std::set<std::string> ids;
  for (const auto& h : hazards) ids.emplace(h.record.id());
  return ids;
}

}  // namespace

namespace {

// Thrown by load_once when a change of more than one step was committed while it read.
struct RepoChangedWhileRead {};

// How many times load_repo reads a repo that another process keeps changing.
constexpr int kRepoReadAttempts = 10;

Repo load_once(const store::Disk& disk, const schema::Catalog& catalog, const LoadOptions& options,
               const std::optional<store::Stamp>& mark) {
  Repo r;
  r.manifest = policy::load_manifest(disk, catalog, r.findings);
  ++r.files;
  const doc::Node* county = r.manifest ? r.manifest->root.find("county") : nullptr;
  r.tree = grid::load_tree(disk, catalog, county ? county->get_string("code") : "", r.findings);
  r.files += r.tree.files();
  grid::check_resources(r.tree, r.policy(), r.findings);
  if (r.manifest) {
    // A cadence its schema already rejects is reported once, by the schema.
    const bool schema_ok = std::none_of(r.findings.items().begin(), r.findings.items().end(), [&](const Finding& f) {
      return f.severity == Severity::error && f.where.path == r.manifest->path;
    });
    r.cadences = resolve_cadences(r.policy(), schema_ok ? &r.findings : nullptr, r.manifest->path);
  }
  for (const auto& e : disk.list("")) {
    if (!e.is_dir && e.name.find(store::kTempMarker) != std::string::npos)
      r.findings.warning({e.name, 0, 0}, "store-leftover-temp",
                         tr("leftover temporary file from an interrupted write"), tr("nothing refers to it: `firegrid recover` removes it"));
  }
  if (r.tree.root() && options.units) {
    record::Reader reader(disk, catalog);
    if (options.scanned) reader.keep_handled();
    reader.check_text([](const std::string& path, std::string_view text, Findings& out) {
      if (tip::contains_secret_key(text))
        out.error({path, 0, 0}, "secret-key-in-repo", tr("a tip office's secret key is in the repo"),
                  tr("move it out of the repo now; if it was ever committed, git keeps it for good: "
                  "make a new key pair with `firegrid keys init --replace`"));
    });
    const doc::Node* nine_small = r.policy().find("nine_small");
    r.units = unit::load_units(reader, r.tree, nine_small, r.findings);
    r.files += r.units.units.size();
    inspect::load(reader, r.tree, r.units, r.inspections, r.hazards, r.findings,
                  {options.inspections, options.inspection_documents});
    r.files += r.inspections.size() + r.hazards.size();
    r.tips = hazard::load_tips(reader, r.tree, r.findings);
    r.files += r.tips.size();
    meeting::load(reader, r.tree, hazard_ids(r.hazards), r.meetings, r.trainings, r.findings);
    r.files += r.meetings.size() + r.trainings.size();
    r.attestations = attest::load(reader, r.tree, r.findings);
    r.files += r.attestations.size();
    // A batch committed while the records were read may be seen in part: read again
    // (nothing of this read is kept, not even in the cache).
    if (mark && (disk.change_mark() != mark || disk.has_journal())) throw RepoChangedWhileRead{};
    reader.save();
    r.scanned = reader.take_handled();
    hazard::check_records(r.tree, r.units, r.inspections, options.inspections, r.hazards, r.tips, r.policy(),
                          r.findings);
  }
  r.calendar = policy::load_calendar(disk, catalog, r.findings);
  // The grid alone (no record reader, no cache to save): the same test at the end.
  if (mark && !(r.tree.root() && options.units) && (disk.change_mark() != mark || disk.has_journal()))
    throw RepoChangedWhileRead{};
  add_symlink_findings(disk, r.findings);
  r.findings.sort();
  if (options.as_of) cut(r, *options.as_of);
  return r;
}

}  // namespace

Repo load_repo(const store::Disk& disk, const schema::Catalog& catalog, LoadOptions options) {
  for (int attempt = 1;; ++attempt) {
    try {
      return load_once(disk, catalog, options, disk.change_mark());
    } catch (const RepoChangedWhileRead&) {
      if (attempt == kRepoReadAttempts)
        throw Error(msg("the repo changed {} times while it was read (other firegrid commands are writing)",
                                kRepoReadAttempts),
                    tr("run the command again"));
      disk.forget_reads();
      if (options.settle) options.settle();
    }
  }
}

void add_symlink_findings(const store::Disk& disk, Findings& findings) {
  std::set<std::string> named;
  for (const auto& f : findings.items())
    if (f.code == "store-symlink") named.insert(f.where.path);
  for (const auto& [path, target] : disk.symlinks()) {
    if (named.count(path)) continue;
    findings.error({path, 0, 0}, "store-symlink",
                   target.empty() ? tr("a symbolic link: firegrid neither reads nor writes through it")
                                  : msg("a symbolic link to {}: firegrid neither reads nor writes through it",
                                                target),
                   tr("put the real file or folder here instead of the link (git keeps links: `git rm` it, "
                   "then add what it pointed to)"));
  }
}

}  // namespace firegrid::model
