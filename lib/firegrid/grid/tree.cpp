#include <firegrid/grid/tree.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>

namespace firegrid::grid {

const char* to_string(Level l) {
  switch (l) {
  case Level::county: return "county";
  case Level::township: return "township";
  case Level::village: return "village";
  case Level::group: return "group";
  }
  return "?";
}

const char* chinese_name(Level l) {
  switch (l) {
  case Level::county: return "县";
  case Level::township: return "乡镇（大网格）";
  case Level::village: return "村/社区（中网格）";
  case Level::group: return "小网格";
  }
  return "?";
}

std::string level_words(Level l) {
  if (language() != Language::zh) return to_string(l);
  switch (l) {
  case Level::county: return "县";
  case Level::township: return "乡镇";
  case Level::village: return "村（社区）";
  case Level::group: return "小网格";
  }
  return to_string(l);
}

std::optional<Level> parse_level(const std::string& s) {
  for (const Level l : {Level::county, Level::township, Level::village, Level::group})
    if (s == to_string(l)) return l;
  return std::nullopt;
}

std::optional<Level> level_for_depth(std::size_t depth) {
  if (depth > 3) return std::nullopt;
  return static_cast<Level>(depth);
}

std::string Grid::folder() const { return path.empty() ? store::kGridRoot : store::join(store::kGridRoot, path); }

std::string Grid::display_path() const {
  std::vector<std::string> names;
  for (const Grid* g = this; g; g = g->parent) names.push_back(g->name().empty() ? g->id : g->name());
  std::reverse(names.begin(), names.end());
  return fmt::format("{}", fmt::join(names, " / "));
}

bool Grid::is_within(const Grid& top) const {
  for (const Grid* g = this; g; g = g->parent)
    if (g == &top) return true;
  return false;
}

namespace {

std::string trim_slashes(std::string s) {
  while (!s.empty() && s.front() == '/') s.erase(0, 1);
  while (!s.empty() && s.back() == '/') s.pop_back();
  if (s == store::kGridRoot) return "";
  const std::string prefix = std::string(store::kGridRoot) + "/";
  if (s.compare(0, prefix.size(), prefix) == 0) s = s.substr(prefix.size());
  return s;
}

bool all_digits(const std::string& s) {
  return !s.empty() && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
}

}  // namespace

Grid* Tree::find(const std::string& path) const {
  Grid* g = root_.get();
  if (!g) return nullptr;
  const std::string p = trim_slashes(path);
  std::size_t start = 0;
  while (g && start < p.size()) {
    std::size_t end = p.find('/', start);
    if (end == std::string::npos) end = p.size();
    const std::string id = p.substr(start, end - start);
    Grid* next = nullptr;
    for (const auto& c : g->children)
      if (c->id == id) next = c.get();
    g = next;
    start = end + 1;
  }
  return g;
}

void Tree::walk(const std::function<void(Grid&)>& visit) const {
  std::function<void(Grid&)> rec = [&](Grid& g) {
    visit(g);
    for (const auto& c : g.children) rec(*c);
  };
  if (root_) rec(*root_);
}

std::size_t Tree::size() const {
  std::size_t n = 0;
  walk([&](Grid&) { ++n; });
  return n;
}

std::size_t Tree::files() const {
  std::size_t n = 0;
  walk([&](Grid& g) { n += g.has_file ? 1 : 0; });
  return n;
}

Grid* Tree::resolve(const std::string& query) const {
  if (!root_) throw Error(tr("the repo has no county node (grid/grid.yaml)"), tr("run `firegrid check`"));
  if (Grid* g = find(query)) return g;
  std::vector<Grid*> matches;
  if (all_digits(query)) {
    walk([&](Grid& g) {
      if (g.code() == query) matches.push_back(&g);
    });
  } else if (query.find('/') == std::string::npos) {
    walk([&](Grid& g) {
      if (g.name() == query) matches.push_back(&g);
    });
  }
  if (matches.size() == 1) return matches.front();
  if (matches.empty())
    throw Error(msg("no grid '{}'", query),
                tr("name a grid by path (100/201), division code or exact name; `firegrid grid list` shows them"));
  std::string list;
  for (const Grid* g : matches) list += fmt::format("\n  {}  {}", g->path, g->display_path());
  throw Error(msg("'{}' names {} grids:{}", query, matches.size(), list),
              tr("name it by path instead"));
}

std::size_t Holdings::total_records() const {
  std::size_t n = 0;
  for (const auto& [_, c] : records) n += c;
  return n;
}

namespace {

void count_files(const store::Disk& disk, const std::string& dir, std::size_t& n) {
  for (const auto& e : disk.list(dir)) {
    if (e.is_dir) count_files(disk, store::join(dir, e.name), n);
    else if (e.name.size() > 5 && e.name.compare(e.name.size() - 5, 5, ".yaml") == 0) ++n;
  }
}

void load_node(const store::Disk& disk, const schema::Catalog& catalog, Findings& findings,
               Grid& g, std::size_t depth) {
  const std::string folder = g.folder();
  const std::string file = store::join(folder, store::kGridFile);
  g.doc.path = file;
  g.doc.root = doc::Node::mapping();
  const auto text = disk.read(file, doc::LoadLimits{}.max_bytes);
  if (!text) {
    findings.error({folder, 0, 0}, "grid-no-record",
                   msg("folder {} has no {}", folder, store::kGridFile),
                   msg("restore it from git (`git checkout -- {}`), or write one with "
                               "`level: {}` and `name:`{}",
                               file, to_string(*level_for_depth(depth)),
                               g.path.empty() ? "" : "; if the folder is no grid, remove it"));
  } else {
    g.has_file = true;
    auto loaded = doc::load(file, *text);
    findings.append(loaded.findings);
    if (loaded.document) {
      g.loaded = loaded.clean();
      g.doc = std::move(*loaded.document);
      const Findings schema_findings = catalog.validate(g.doc, "grid");
      findings.append(schema_findings);
      if (const doc::Node* level = g.doc.root.find("level"); level && level->is_string()) {
        const auto declared = parse_level(level->as_string());
        const auto expected = level_for_depth(depth);
        const doc::Mark m = g.doc.root.key_mark("level");
        if (declared && expected && *declared != *expected)
          findings.error({file, m.line, m.column}, "grid-level-depth",
                         msg("level is {} but a folder at this depth holds a {}",
                                     level->as_string(), to_string(*expected)),
                         msg("write `level: {}`, or move the folder to where a {} belongs",
                                     to_string(*expected), level->as_string()));
      }
    }
  }

  for (const auto& e : disk.list(folder)) {
    const std::string child_path = store::join(folder, e.name);
    if (!e.is_dir) {
      if (e.name == store::kGridFile) continue;
      if (e.name.find(store::kTempMarker) != std::string::npos) {
        findings.warning({child_path, 0, 0}, "store-leftover-temp",
                         tr("leftover temporary file from an interrupted write"),
                         tr("nothing refers to it: `firegrid recover` removes it"));
      } else if (e.name[0] != '.') {
        findings.warning({child_path, 0, 0}, "grid-unknown-file",
                         msg("unexpected file {} in a grid folder", e.name),
                         tr("a grid folder holds grid.yaml, record folders and child grid folders"));
      }
      continue;
    }
    if (e.name[0] == '.') continue;
    if (store::is_reserved_name(e.name)) continue;  // records of a kind; read by their loaders
    if (!store::is_valid_id(e.name)) {
      findings.error({child_path, 0, 0}, "grid-bad-id",
                     msg("folder name '{}' is not a valid grid id", e.name),
                     tr("ids are 1-63 characters of a-z, 0-9 and '-', not starting with '-'; "
                     "the Chinese name goes in grid.yaml"));
      continue;
    }
    if (depth >= 3) {
      findings.error({child_path, 0, 0}, "grid-too-deep",
                     msg("folder {} is below a group; groups are the smallest grid", e.name),
                     tr("move it up a level, or remove it"));
      continue;
    }
    auto child = std::make_unique<Grid>();
    child->id = e.name;
    child->path = store::join(g.path, e.name);
    child->level = *level_for_depth(depth + 1);
    child->parent = &g;
    load_node(disk, catalog, findings, *child, depth + 1);
    g.children.push_back(std::move(child));
  }
}

}  // namespace

Holdings holdings(const store::Disk& disk, const Grid& g) {
  Holdings h;
  std::function<void(const Grid&)> rec = [&](const Grid& node) {
    for (const auto& e : disk.list(node.folder())) {
      if (e.is_dir && store::is_reserved_name(e.name)) {
        std::size_t n = 0;
        count_files(disk, store::join(node.folder(), e.name), n);
        if (n) h.records[e.name] += n;
      }
    }
    for (const auto& c : node.children) {
      ++h.grids;
      rec(*c);
    }
  };
  rec(g);
  return h;
}

Tree load_tree(const store::Disk& disk, const schema::Catalog& catalog, const std::string& county_code,
               Findings& findings) {
  Tree tree;
  if (!disk.is_dir(store::kGridRoot)) {
    findings.error({store::kGridRoot, 0, 0}, "grid-no-county",
                   tr("the repo has no grid/ folder for the county"),
                   tr("a repo made by `firegrid init` has one; restore it from git"));
    return tree;
  }
  auto root = std::make_unique<Grid>();
  root->level = Level::county;
  load_node(disk, catalog, findings, *root, 0);
  tree.set_root(std::move(root));

  // Codes: unique across the tree, and a child's code extends its parent's. The county's
  // code must be the manifest's. Only the topmost wrong code is blamed: below a grid whose
  // code is wrong, children are not checked against it.
  std::map<std::string, const Grid*> by_code;
  std::set<const Grid*> suspect;
  tree.walk([&](Grid& g) {
    const doc::Node* code = g.doc.root.find("code");
    if (!code || !code->is_string()) return;
    const Location at{g.doc.path, code->mark().line, code->mark().column};
    if (!g.parent && !county_code.empty() && code->as_string() != county_code) {
      findings.error(at, "grid-county-code",
                     msg("the county node's code {} differs from {} in firegrid.yaml",
                                 code->as_string(), county_code),
                     tr("the two must name the same county; correct one of them"));
      suspect.insert(&g);
    }
    const auto [it, fresh] = by_code.emplace(code->as_string(), &g);
    if (!fresh)
      findings.error(at, "grid-duplicate-code",
                     msg("code {} is also the code of {} ({})", code->as_string(),
                                 it->second->path.empty() ? "the county" : it->second->path,
                                 it->second->doc.path),
                     tr("each grid has its own division code"));
    if (!g.parent) return;
    if (suspect.count(g.parent)) {
      suspect.insert(&g);
      return;
    }
    const std::string parent_code = g.parent->code();
    if (!parent_code.empty() && code->as_string().compare(0, parent_code.size(), parent_code) != 0) {
      findings.warning(at, "grid-code-prefix",
                       msg("code {} does not start with its parent's code {}",
                                   code->as_string(), parent_code),
                       tr("division codes nest: a village's code starts with its township's"));
      suspect.insert(&g);
    }
  });

  // Resources belong to particular levels.
  tree.walk([&](Grid& g) {
    auto misplaced = [&](const char* key, Level where, const char* what) {
      const doc::Node* n = g.doc.root.find(key);
      if (!n || g.level == where) return;
      const doc::Mark m = g.doc.root.key_mark(key);
      findings.warning({g.doc.path, m.line, m.column}, "grid-resource-level",
                       msg("{}: only a {} keeps {}, and this grid is a {}", key,
                                   level_words(where), tr(what), level_words(g.level)),
                       msg("move `{}` to the {} record", key, level_words(where)));
    };
    misplaced("rescue_team", Level::township, N_("the 24-hour rescue team"));
    misplaced("coordinators", Level::village, N_("fire safety coordinators"));
    misplaced("volunteer_brigade", Level::village, N_("the volunteer fire brigade"));
  });
  return tree;
}

}  // namespace firegrid::grid
