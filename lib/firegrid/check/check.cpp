#include <firegrid/check/check.hpp>

#include <firegrid/attach/attach.hpp>
#include <firegrid/core/error.hpp>
#include <firegrid/core/parallel.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/inspect/plan.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/policy/calendar.hpp>
#include <firegrid/record/cache.hpp>
#include <firegrid/report/attest.hpp>
#include <firegrid/schema/modeline.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/tip/seal.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/text/utf8.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <iterator>
#include <set>

namespace firegrid::check {

namespace {

// A tip office's secret key must never be in the repo: once committed, every clone can
// read every reporter. Looks at every file outside .git, whatever its name, and reports
// on the way the temporary files of interrupted writes in folders the loaders do not
// list (a unit's own folder, its hazards), unless `leftovers` already names them. The
// record files the loader read (`scanned`) it searched already.
void find_secret_keys(const store::Disk& disk, Findings& findings, const std::set<std::string>& leftovers,
                      const std::unordered_set<std::uint64_t>& scanned) {
  // A level of folders at a time, each level's folders on every core (a county's 45,000
  // folders and 280,000 files), their findings joined in the level's order.
  std::vector<std::string> level{""};
  while (!level.empty()) {
    std::vector<Findings> found(level.size());
    std::vector<std::vector<std::string>> below(level.size());
    parallel_for(level.size(), [&](std::size_t i) {
      const std::string& dir = level[i];
      std::string path;
      for (const auto& e : disk.list(dir)) {
        path = dir.empty() ? e.name : dir + '/' + e.name;
        if (e.is_dir) {
          // files/ is searched by attach::check, as it hashes a file that changed.
          if (path != ".git" && path != ".firegrid" && path != attach::kFilesDir) below[i].push_back(path);
          continue;
        }
        if (e.name.find(store::kTempMarker) != std::string::npos && !leftovers.count(path))
          found[i].warning({path, 0, 0}, "store-leftover-temp", tr("leftover temporary file from an interrupted write"),
                           tr("nothing refers to it: `firegrid recover` removes it"));
        if (scanned.count(record::hash_bytes(path))) continue;
        const auto bytes = disk.read(path, 1 << 20);
        if (bytes && tip::contains_secret_key(*bytes))
          found[i].error({path, 0, 0}, "secret-key-in-repo", tr("a tip office's secret key is in the repo"),
                         tr("move it out of the repo now; if it was ever committed, git keeps it for good: "
                         "make a new key pair with `firegrid keys init --replace`"));
      }
    });
    std::vector<std::string> next;
    for (std::size_t i = 0; i < level.size(); ++i) {
      findings.append(found[i]);
      std::move(below[i].begin(), below[i].end(), std::back_inserter(next));
    }
    level = std::move(next);
  }
}

// Every attachment the records name (units, hazards, meetings, trainings, attestations)
// against the files under files/.
void check_attachments(const store::Disk& disk, model::Repo& repo) {
  std::vector<attach::Named> named;
  for (const auto& u : repo.units.units) attach::collect(u.doc.path, u.doc.root, named);
  for (const auto& h : repo.hazards) attach::collect(h.record.path, h.record.doc().root, named);
  for (const auto& m : repo.meetings) attach::collect(m.record.path, m.record.doc().root, named);
  for (const auto& t : repo.trainings) attach::collect(t.record.path, t.record.doc().root, named);
  for (const auto& a : repo.attestations) attach::collect(a.record.path, a.record.doc().root, named);
  const auto* real = dynamic_cast<const store::RealDisk*>(&disk);
  attach::check(disk, named, real ? real->root() : "",
                [&repo](const std::string& path, std::string_view bytes) {
                  if (tip::contains_secret_key(bytes))
                    repo.findings.error({path, 0, 0}, "secret-key-in-repo", tr("a tip office's secret key is in the repo"),
                                        tr("move it out of the repo now; if it was ever committed, git keeps it for good: "
                                        "make a new key pair with `firegrid keys init --replace`"));
                },
                repo.findings);
}

// The schemas the records' yaml-language-server lines name, against the repo's schemas/
// folder: for each record type whose schema file is missing there, the first record of
// the type whose modeline names it gets a warning (the hint copies it). A repo without
// modelines, or with every schema, costs one look per type; a repo without a schemas/
// folder at all (not made by `init`: a test's, a script's) is not set up for editors and
// is not told.
void check_modeline_schemas(const store::Disk& disk, const model::Repo& repo,
                            const std::vector<inspect::SavedPlan>& plans, Findings& findings) {
  if (!disk.is_dir(store::kSchemaDir)) return;
  std::map<std::string, std::vector<std::string>> paths;  // type -> its records' files
  if (repo.manifest) paths["manifest"].push_back(repo.manifest->path);
  repo.tree.walk([&paths](grid::Grid& g) { paths["grid"].push_back(g.doc.path); });
  for (const auto& u : repo.units.units) paths["unit"].push_back(u.doc.path);
  for (const auto& in : repo.inspections) paths["inspection"].push_back(in.record.path);
  for (const auto& h : repo.hazards) paths["hazard"].push_back(h.record.path);
  for (const auto& t : repo.tips) paths["tip"].push_back(t.record.path);
  for (const auto& m : repo.meetings) paths["meeting"].push_back(m.record.path);
  for (const auto& t : repo.trainings) paths["training"].push_back(t.record.path);
  for (const auto& a : repo.attestations) paths["attestation"].push_back(a.record.path);
  for (const auto& p : plans) paths["plan"].push_back(p.path);
  if (disk.is_file(policy::kCalendarFile)) paths["calendar"].push_back(policy::kCalendarFile);
  for (const auto& [type, files] : paths) {
    if (files.empty() || disk.is_file(store::join(store::kSchemaDir, type + ".schema.yaml"))) continue;
    for (const auto& path : files) {
      const auto text = disk.read(path, doc::LoadLimits{}.max_bytes);
      const auto found = text ? schema::find_modeline(*text) : std::nullopt;
      if (!found || found->schema != schema::modeline_schema(path, type)) continue;
      findings.warning({path, found->line, 1}, "yaml-modeline",
                       msg("the yaml-language-server line names {}, which is missing: schemas/ has no {}.schema.yaml",
                           found->schema, type),
                       tr("`firegrid modeline` copies the missing schemas into schemas/"));
      break;
    }
  }
}

}  // namespace

Result run(const store::Disk& disk, const schema::Catalog& catalog) {
  model::LoadOptions what;
  what.scanned = true;  // the files the loader read are searched for secret keys already
  model::Repo repo = model::load_repo(disk, catalog, what);
  std::set<std::string> leftovers;
  for (const auto& f : repo.findings.items())
    if (f.code == "store-leftover-temp") leftovers.insert(f.where.path);
  find_secret_keys(disk, repo.findings, leftovers, repo.scanned);
  const auto plans = inspect::load_plans(disk, catalog, repo.findings);  // saved plans: each must fit plan.schema.yaml
  check_modeline_schemas(disk, repo, plans, repo.findings);
  for (const auto& u : inspect::unfollowed(repo.inspections, repo.hazards, today())) {
    if (!u.item->hazard.empty()) continue;  // its hazard is missing: inspection-unknown-hazard says so
    const inspect::Inspection& in = *u.inspection;
    repo.findings.warning({in.record.path, u.item->mark.line, u.item->mark.column},
                          "inspection-failed-item-unfollowed",
                          msg("failed item {} of {} has no ending: no hazard, no fix on the spot, no waiver",
                                      u.item->code, in.record.id()),
                          msg("open a hazard (firegrid hazard open {} --inspection {} --item {}), or record a "
                                      "fix on the spot (firegrid inspect edit {} --item {}=fixed) or a waiver (--waive {} "
                                      "--by .. --reason ..)",
                                      in.unit ? "--unit " + in.unit->id : "--grid " + (in.grid ? in.grid->path : ""),
                                      in.record.id(), u.item->code, in.record.id(), u.item->code, u.item->code));
  }
  report::check_attestations(repo, catalog, repo.findings);
  check_attachments(disk, repo);
  Result result;
  repo.tree.walk([&](grid::Grid& g) {
    if (g.level == grid::Level::township) result.townships[g.folder()] = g.name();
  });
  model::add_symlink_findings(disk, repo.findings);  // the links met outside the record tree too
  repo.findings.sort();
  result.findings = std::move(repo.findings);
  result.files = repo.files;
  return result;
}

namespace {

const char* colour_of(Severity s) { return s == Severity::error ? "\x1b[1;31m" : "\x1b[1;35m"; }

// The line as it can be shown in a terminal, and the display column of the caret under
// character `column`: control characters and invalid bytes become U+FFFD (one per
// byte), tabs a space, and a long line a window of about 100 columns around the column.
std::pair<std::string, std::size_t> quotable_line(std::string_view line, int column) {
  struct Piece {
    std::string text;
    std::size_t width;
  };
  std::vector<Piece> pieces;  // one per character of the line
  std::size_t target = 0;     // the piece under the caret
  for (std::size_t i = 0; i < line.size();) {
    const auto bad = text::find_invalid_utf8(line.substr(i, 4));
    const unsigned char c = static_cast<unsigned char>(line[i]);
    std::size_t len = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    if (bad && *bad == 0) len = 1;
    if (static_cast<int>(pieces.size()) + 1 == column) target = pieces.size();
    if ((bad && *bad == 0) || c < 0x20 || c == 0x7F) {
      pieces.push_back({c == '\t' ? " " : "\xEF\xBF\xBD", 1});
    } else {
      const std::string ch(line.substr(i, len));
      pieces.push_back({ch, text::display_width(ch)});
    }
    i += len;
  }
  if (column > static_cast<int>(pieces.size())) target = pieces.size();
  std::size_t total = 0;
  for (const auto& p : pieces) total += p.width;
  std::size_t first = 0, last = pieces.size();
  constexpr std::size_t kWindow = 100;
  if (total > kWindow) {
    std::size_t width = 0;
    first = target;
    while (first > 0 && width + pieces[first - 1].width < kWindow / 2) width += pieces[--first].width;
    last = target;
    while (last < pieces.size() && width + pieces[last].width < kWindow) width += pieces[last++].width;
  }
  std::string shown = first > 0 ? "…" : "";
  std::size_t caret = first > 0 ? 1 : 0;
  for (std::size_t i = first; i < last; ++i) {
    if (i < target) caret += pieces[i].width;
    shown += pieces[i].text;
  }
  if (last < pieces.size()) shown += "…";
  return {shown, caret};
}

}  // namespace

std::string render_text(const Findings& findings, const SourceLookup& source, bool color) {
  std::string out;
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const char* cyan = color ? "\x1b[1;36m" : "";
  for (const Finding& f : findings.items()) {
    std::string where = f.where.path;
    if (f.where.line > 0) where += fmt::format(":{}", f.where.line);
    if (f.where.line > 0 && f.where.column > 0) where += fmt::format(":{}", f.where.column);
    const char* colour = color ? colour_of(f.severity) : "";
    const std::string safe = text::terminal_safe(f.message);
    out += fmt::format("{}{}:{} ", bold, where, reset) +
           (f.severity == Severity::error ? msg("{}error:{} {}", colour, reset, safe)
                                          : msg("{}warning:{} {}", colour, reset, safe)) +
           "\n";
    if (f.where.line > 0 && f.where.column > 0) {
      const auto text = source ? source(f.where.path) : std::nullopt;
      const std::string_view line = text ? text::line_text(*text, f.where.line) : std::string_view{};
      if (text && !line.empty()) {
        const auto [shown, caret] = quotable_line(line, f.where.column);
        const std::string number = std::to_string(f.where.line);
        out += fmt::format(" {} | {}\n", number, shown);
        out += fmt::format(" {} | {}{}^{}\n", std::string(number.size(), ' '), std::string(caret, ' '),
                           color ? colour_of(f.severity) : "", reset);
      }
    }
    if (!f.hint.empty()) out += "  " + msg("{}hint:{} {}", cyan, reset, text::terminal_safe(f.hint)) + "\n";
  }
  return out;
}

namespace {

bool kind_matches(const std::string& code, const std::vector<std::string>& kinds) {
  for (const auto& k : kinds) {
    if (!k.empty() && k.back() == '*' ? code.compare(0, k.size() - 1, k, 0, k.size() - 1) == 0 : code == k) return true;
  }
  return false;
}

}  // namespace

Findings filter(const Findings& findings, const Filter& f) {
  Findings out;
  for (const Finding& x : findings.items()) {
    if (!f.only.empty() && !kind_matches(x.code, f.only)) continue;
    if (kind_matches(x.code, f.ignore)) continue;
    if (!f.folder.empty() && x.where.path != f.folder && x.where.path.compare(0, f.folder.size() + 1, f.folder + "/") != 0)
      continue;
    out.add(x);
  }
  return out;
}

std::string render_summary(const Findings& findings, const Result& r, bool color) {
  struct Count {
    std::size_t errors = 0, warnings = 0;
    std::string hint;
  };
  std::map<std::string, Count> by_code, by_township;
  for (const Finding& f : findings.items()) {
    Count& c = by_code[f.code];
    (f.severity == Severity::error ? c.errors : c.warnings) += 1;
    if (c.hint.empty()) c.hint = f.hint;
    std::string township = tr("(the county)");
    for (const auto& [folder, name] : r.townships)
      if (f.where.path.compare(0, folder.size() + 1, folder + "/") == 0 || f.where.path == folder)
        township = name.empty() ? folder.substr(folder.rfind('/') + 1)
                                : fmt::format("{} {}", folder.substr(folder.rfind('/') + 1), name);
    if (f.where.path.compare(0, 5, "grid/") != 0) township = tr("(outside the grid)");
    Count& t = by_township[township];
    (f.severity == Severity::error ? t.errors : t.warnings) += 1;
  }
  const char* bold = color ? "\x1b[1m" : "";
  const char* reset = color ? "\x1b[0m" : "";
  const auto counts = [](const Count& c) {
    std::vector<std::string> parts;
    if (c.errors) parts.push_back(msg("{} error{}", c.errors, c.errors == 1 ? "" : "s"));
    if (c.warnings) parts.push_back(msg("{} warning{}", c.warnings, c.warnings == 1 ? "" : "s"));
    return fmt::format("{}", fmt::join(parts, tr(", ")));
  };
  std::string out = msg("{}by kind{}", bold, reset) + "\n";
  // Errors first, then the most frequent.
  std::vector<std::pair<std::string, Count>> kinds(by_code.begin(), by_code.end());
  std::stable_sort(kinds.begin(), kinds.end(), [](const auto& a, const auto& b) {
    return std::make_pair(a.second.errors == 0, -static_cast<long>(a.second.errors + a.second.warnings)) <
           std::make_pair(b.second.errors == 0, -static_cast<long>(b.second.errors + b.second.warnings));
  });
  for (const auto& [code, c] : kinds) {
    out += fmt::format("  {}: {}\n", code, counts(c));
    if (!c.hint.empty()) out += "    " + msg("hint (for the first): {}", c.hint) + "\n";
  }
  out += msg("{}by township{}", bold, reset) + "\n";
  for (const auto& [township, c] : by_township) out += fmt::format("  {}: {}\n", township, counts(c));
  return out;
}

std::string summary(const Result& r) {
  const std::size_t e = r.findings.errors(), w = r.findings.warnings();
  const std::string files = msg("{} file{}", r.files, r.files == 1 ? "" : "s");
  if (e == 0 && w == 0) return msg("no problems in {}", files);
  std::vector<std::string> parts;
  if (e) parts.push_back(msg("{} error{}", e, e == 1 ? "" : "s"));
  if (w) parts.push_back(msg("{} warning{}", w, w == 1 ? "" : "s"));
  return msg("{} in {}", fmt::format("{}", fmt::join(parts, tr(", "))), files);
}

std::string render_json(const Result& r) {
  nlohmann::ordered_json j;
  j["version"] = 1;
  j["files"] = r.files;
  j["errors"] = r.findings.errors();
  j["warnings"] = r.findings.warnings();
  j["findings"] = nlohmann::ordered_json::array();
  for (const Finding& f : r.findings.items()) {
    nlohmann::ordered_json o;
    o["severity"] = to_string(f.severity);
    o["path"] = f.where.path;
    o["line"] = f.where.line;
    o["column"] = f.where.column;
    o["code"] = f.code;
    o["message"] = f.message;
    o["hint"] = f.hint;
    j["findings"].push_back(std::move(o));
  }
  return j.dump(2) + "\n";
}

}  // namespace firegrid::check
