#include <firegrid/unit/registry.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/id.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/unit/category.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <cstdint>

namespace firegrid::unit {

bool Unit::active_on(const Date& d) const {
  Date when;
  if (parse_date(doc.root.get_string("registered"), when) && d < when) return false;
  return active() || (parse_date(doc.root.get_string("closed_on"), when) && d < when);
}

const Unit* Registry::by_id(const std::string& id) const {
  const auto it = by_id_.find(id);
  if (it != by_id_.end()) return &units[it->second];
  for (const auto& u : units)
    if (u.id == id) return &u;
  return nullptr;
}

void Registry::index() {
  by_id_.clear();
  for (std::size_t i = 0; i < units.size(); ++i) by_id_.emplace(units[i].id, i);
}

const Unit& Registry::resolve(const std::string& query) const {
  if (const Unit* u = by_id(query)) return *u;
  std::vector<const Unit*> exact, partial;
  for (const auto& u : units) {
    if (u.name() == query) exact.push_back(&u);
    else if (!query.empty() && u.name().find(query) != std::string::npos) partial.push_back(&u);
  }
  const auto& matches = exact.empty() ? partial : exact;
  if (matches.size() == 1) return *matches.front();
  if (matches.empty())
    throw Error(msg("no unit '{}'", query),
                tr("name a unit by id (u-...), exact name or part of its name; `firegrid unit list` shows them"));
  std::string list;
  for (std::size_t i = 0; i < matches.size() && i < 10; ++i)
    list += fmt::format("\n  {}  {}  ({})", matches[i]->id, matches[i]->name(),
                        matches[i]->group ? matches[i]->group->display_path() : "");
  if (matches.size() > 10) list += fmt::format("\n  ... and {} more", matches.size() - 10);
  throw Error(msg("'{}' matches {} units:{}", query, matches.size(), list),
              tr("name it by id instead"));
}

std::string make_unit_id(const std::string& group_path, const std::string& name,
                         const std::string& address, int salt, const std::string& clone) {
  return "u-" + hashed_id(clone_key(fmt::format("{}\n{}\n{}\n{}", group_path, name, address, salt), clone), 10);
}

std::string place_key(const std::string& group_path, const std::string& name, const std::string& address) {
  return fmt::format("{}\n{}\n{}", group_path, text::name_key(name), text::name_key(address));
}

namespace {

// The checks of a unit record that depend on its file alone (cached with it).
void check_unit_record(const doc::Document& d, Findings& findings) {
  const doc::Node& r = d.root;
  const auto at = [&](const char* key) {
    const doc::Mark m = r.key_mark(key);
    return Location{d.path, m.line, m.column};
  };
  const std::string folder = d.path.substr(0, d.path.rfind('/'));
  const std::string id = folder.substr(folder.rfind('/') + 1);
  if (const doc::Node* rid = r.find("id"); rid && rid->is_string() && rid->as_string() != id)
    findings.error(at("id"), "unit-id-folder",
                   msg("id {} does not match its folder name {}", rid->as_string(), id),
                   tr("a unit's id is the name of its folder; restore one from git"));
  const bool closed = r.get_string("status") == "closed";
  if (closed && !r.find("closed_on"))
    findings.error(at("status"), "unit-closed-date", tr("a closed unit needs `closed_on`"),
                   tr("close units with `firegrid unit close ID --date YYYY-MM-DD --reason ...`"));
  if (!closed && (r.find("closed_on") || r.find("closed_reason")))
    findings.error(at(r.find("closed_on") ? "closed_on" : "closed_reason"), "unit-closed-date",
                   tr("an active unit has closing details"),
                   tr("remove closed_on and closed_reason, or set `status: closed`"));
}

// Adds the unit read to `reg`; a folder without unit.yaml goes to `orphans` (judged once
// every unit is known: the unit may have moved).
// A unit folder without unit.yaml. When the unit is filed elsewhere, it was moved while
// another clone added records to its old folder (git merged both): the hint moves them
// after it with `git mv`. Otherwise the record was lost.
void report_orphan_folder(const store::Disk& disk, const Registry& reg, const std::string& folder,
                          Findings& findings) {
  // Git keeps no empty folder: one left empty by moving its records out is nothing.
  std::function<bool(const std::string&)> holds_a_file = [&](const std::string& dir) {
    for (const auto& e : disk.list(dir))
      if (!e.is_dir || holds_a_file(store::join(dir, e.name))) return true;
    return false;
  };
  if (!holds_a_file(folder)) return;
  const std::string id = folder.substr(folder.rfind('/') + 1);
  const Unit* moved = reg.by_id(id);
  if (!moved) {
    findings.error({folder, 0, 0}, "unit-no-record", msg("unit folder {} has no {}", folder, kUnitFile),
                   msg("restore unit.yaml from git (`git log -- {}` shows what happened to it)", folder));
    return;
  }
  std::string moves;
  for (const auto& e : disk.list(folder)) {
    if (e.name[0] == '.') continue;
    const std::string from = store::join(folder, e.name), to = store::join(moved->folder, e.name);
    moves += moves.empty() ? "" : "; ";
    moves += e.is_dir ? fmt::format("`mkdir -p {} && git mv {}/* {}/`", to, from, to) : fmt::format("`git mv {} {}`", from, to);
  }
  findings.error({folder, 0, 0}, "unit-no-record",
                 msg("unit folder {} has no {}: unit {} ({}) was moved to {}", folder, kUnitFile, id,
                             moved->name(), moved->folder),
                 msg("records were added here after the move (a merge): move them after the unit, {}", moves));
}

void take_unit(const store::Disk& disk, Unit&& u, record::Read&& read, const doc::Node* policy, Registry& reg,
               std::vector<std::string>& orphans, Findings& findings) {
  findings.append(read.findings);
  if (read.missing) {
    // A folder made by a write that was killed before its rename holds only the staged
    // file, or nothing (killed before staging it; git keeps no empty folder): that is a
    // leftover (check reports the staged file), not a unit without a record.
    if (disk.symlinks().count(u.doc.path)) return;  // unit.yaml is a link: store-symlink says so
    const std::string staged_prefix = std::string(".") + kUnitFile + store::kTempMarker;
    const auto entries = disk.list(u.folder);
    if (entries.empty()) {
      findings.warning({u.folder, 0, 0}, "store-leftover-temp", tr("empty unit folder left by an interrupted write"),
                       tr("nothing refers to it: `firegrid recover` removes it"));
      return;
    }
    const bool only_staged = std::all_of(entries.begin(), entries.end(), [&](const auto& e) {
      return !e.is_dir && e.name.compare(0, staged_prefix.size(), staged_prefix) == 0;
    });
    if (only_staged) return;
    orphans.push_back(u.folder);
    return;
  }
  if (!read.parsed) {
    // Still registered, unreadable (loaded = false): its id stays taken, so nothing is
    // ever written over the file, and commands that name it can say why they refuse.
    reg.units.push_back(std::move(u));
    return;
  }
  u.loaded = read.clean;
  const std::string path = u.doc.path;
  u.doc = std::move(*read.document);
  u.doc.path = path;
  const doc::Node& r = u.doc.root;
  if (policy && u.group->level == grid::Level::group)
    for (const auto& why : outgrown(r, *policy)) {
      const doc::Mark m = r.key_mark("category");
      findings.warning({u.doc.path, m.line, m.column}, "unit-outgrown",
                       msg("{} has outgrown its category {}: {}", u.name(), u.category(), why),
                       tr("it may no longer be a nine-small place: review its category, "
                       "or the thresholds in firegrid.yaml (policy.nine_small)"));
    }
  reg.units.push_back(std::move(u));
}

}  // namespace

Registry load_units(record::Reader& reader, const grid::Tree& tree, const doc::Node* policy, Findings& findings) {
  const store::Disk& disk = reader.disk();
  Registry reg;
  std::vector<Unit> found;  // every unit folder, in path order; read below on every core
  tree.walk([&](grid::Grid& g) {
    const std::string dir = store::join(g.folder(), kUnitsDir);
    const auto entries = disk.list(dir);
    for (const auto& e : entries) {
      const std::string folder = store::join(dir, e.name);
      if (!e.is_dir) {
        if (e.name.find(store::kTempMarker) != std::string::npos)
          findings.warning({folder, 0, 0}, "store-leftover-temp",
                           tr("leftover temporary file from an interrupted write"), tr("nothing refers to it: `firegrid recover` removes it"));
        else if (e.name[0] != '.')
          findings.warning({folder, 0, 0}, "unit-unknown-file",
                           msg("unexpected file {} in a units folder", e.name),
                           tr("a units folder holds one folder per unit"));
        continue;
      }
      if (!store::is_valid_id(e.name) || e.name.compare(0, 2, "u-") != 0) {
        findings.error({folder, 0, 0}, "unit-bad-id",
                       msg("folder name '{}' is not a unit id", e.name),
                       tr("unit folders are named by their id (u-...); add units with `firegrid unit add`"));
        continue;
      }
      if (g.level != grid::Level::group)
        findings.error({folder, 0, 0}, "unit-not-in-group",
                       msg("unit {} sits in a {}, not in a group", e.name, grid::level_words(g.level)),
                       msg("every unit belongs to one group (small grid): "
                                   "`firegrid unit move {} --to GROUP`", e.name));
      Unit u;
      u.id = e.name;
      u.group = &g;
      u.folder = folder;
      u.doc.path = store::join(folder, kUnitFile);
      u.doc.root = doc::Node::mapping();
      found.push_back(std::move(u));
    }
  });
  std::vector<record::Want> wants;
  wants.reserve(found.size());
  for (const auto& u : found) wants.push_back({u.doc.path, "unit"});
  record::ReadOptions options;
  options.check = check_unit_record;
  reg.units.reserve(found.size());
  std::vector<std::string> orphans;
  reader.read_all(
      wants,
      [&](std::size_t i, record::Read&& read) {
        take_unit(disk, std::move(found[i]), std::move(read), policy, reg, orphans, findings);
      },
      options);
  reg.index();
  for (const auto& folder : orphans) report_orphan_folder(disk, reg, folder, findings);

  std::map<std::string, const Unit*> ids, licences, places;
  for (const auto& u : reg.units) {
    const auto [it, fresh] = ids.emplace(u.id, &u);
    if (!fresh)
      findings.error({u.doc.path, 0, 0}, "unit-duplicate-id",
                     msg("unit id {} is also used by {}", u.id, it->second->doc.path),
                     tr("the same unit is filed twice: keep one folder"));
    if (fresh && u.loaded && u.group && u.active()) {
      const std::string address = u.doc.root.get_string("address");
      const auto [pit, pfresh] = places.emplace(place_key(u.group->path, u.name(), address), &u);
      if (!pfresh) {
        const doc::Mark m = u.doc.root.key_mark("name");
        findings.warning({u.doc.path, m.line, m.column}, "unit-duplicate-place",
                         msg("the same name and address as {} ({}) in this group",
                                     pit->second->id, pit->second->name()),
                         tr("one unit, one archive: merge the two, or tell them apart by name or address "
                         "(invisible characters and full-width letters do not count)"));
      }
    }
    const std::string licence = u.doc.root.get_string("licence");
    if (licence.empty() || !u.active()) continue;
    const auto [lit, lfresh] = licences.emplace(licence, &u);
    if (!lfresh) {
      const doc::Mark m = u.doc.root.key_mark("licence");
      findings.warning({u.doc.path, m.line, m.column}, "unit-duplicate-licence",
                       msg("licence {} is also the licence of {} ({})", licence,
                                   lit->second->name(), lit->second->id),
                       tr("one unit, one archive: merge the two, or correct the licence"));
    }
  }
  return reg;
}

}  // namespace firegrid::unit
