// firegrid grid add|edit|remove|show|list|tree|import: the grid hierarchy.
#include "context.hpp"

#include <firegrid/core/process.hpp>
#include <firegrid/division/division.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/grid/resources.hpp>
#include <firegrid/policy/manifest.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/render/table.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <sstream>

namespace firegrid::cli {

namespace {

using grid::Grid;
using grid::Level;

// Options shared by add and edit.
struct EditOptions {
  std::optional<std::string> name, code, note, leader, rescue_team, brigade;
  std::vector<std::string> members, coordinators, remove_members, remove_coordinators;
  bool no_leader = false;

  grid::Edit to_edit() const {
    grid::Edit e;
    e.name = name;
    e.code = code;
    e.note = note;
    if (leader) e.leader = grid::parse_person(*leader);
    e.clear_leader = no_leader;
    for (const auto& m : members) e.members.push_back(grid::parse_person(m));
    e.remove_members = remove_members;
    if (rescue_team) e.rescue_team = grid::parse_team(*rescue_team);
    for (const auto& c : coordinators) e.coordinators.push_back(grid::parse_person(c));
    e.remove_coordinators = remove_coordinators;
    if (brigade) e.volunteer_brigade = grid::parse_team(*brigade);
    return e;
  }
};

void add_edit_options(CLI::App* cmd, EditOptions& o, bool editing) {
  cmd->add_option("--name", o.name, tr("Name, e.g. 槐阳镇"));
  cmd->add_option("--code", o.code, "Division code, e.g. 130132100" +
                                      std::string(editing ? " (empty to remove)" : ""));
  cmd->add_option("--leader", o.leader, tr("Leader: name=..,org=..,role=..,phone=.."));
  cmd->add_option("--member", o.members, tr("Add or replace a member (same form); repeatable"));
  cmd->add_option("--rescue-team", o.rescue_team,
                  tr("Township's 24-hour rescue team: name=..,size=..,leader=..,phone=.."));
  cmd->add_option("--coordinator", o.coordinators,
                  tr("Village fire safety coordinator (person form); repeatable"));
  cmd->add_option("--brigade", o.brigade, tr("Village volunteer fire brigade (team form)"));
  cmd->add_option("--note", o.note, tr("Free text note"));
  if (editing) {
    cmd->add_flag("--no-leader", o.no_leader, tr("Remove the leader"))->excludes("--leader");
    cmd->add_option("--remove-member", o.remove_members, tr("Remove the member of this name; repeatable"));
    cmd->add_option("--remove-coordinator", o.remove_coordinators,
                    tr("Remove the coordinator of this name; repeatable"));
  }
}

// Loads the manifest and the grid; refuses to go on when the grid itself is unreadable.
grid::Tree load(Context& ctx, Findings& findings, bool writing = false) {
  model::Repo repo = ctx.load({/*units=*/false, /*note_errors=*/!writing});
  findings = std::move(repo.findings);
  return std::move(repo.tree);
}

std::string label(const Grid& g, const std::string& name) {
  return msg("{} ({}, {})", g.path.empty() ? "/" : g.path, name.empty() ? tr("unnamed") : name, grid::level_words(g.level));
}
std::string label(const Grid& g) { return label(g, g.name()); }


int run_add(Context& ctx, const std::string& path, const EditOptions& o) {
  const store::RepoLock lock = ctx.lock();
  Findings findings;
  const grid::Tree tree = load(ctx, findings, true);
  std::string p = path;
  while (!p.empty() && p.back() == '/') p.pop_back();
  if (p.empty()) throw Error(tr("give the new grid's path, e.g. 100 or 100/201/g07"));
  const auto slash = p.rfind('/');
  const std::string parent_path = slash == std::string::npos ? "" : p.substr(0, slash);
  const std::string id = slash == std::string::npos ? p : p.substr(slash + 1);
  const Grid* parent = tree.find(parent_path);
  if (!parent)
    throw Error(msg("no grid {} to add {} to", parent_path, id),
                tr("add the parent first; `firegrid grid tree` shows the grid"));
  ctx.write(grid::add_grid(ctx.catalog(), *parent, id, o.to_edit()),
            fmt::format("网格 {} 新建（{}）", store::join(parent->path, id), o.name.value_or("")));
  const Level level = static_cast<Level>(parent->depth() + 1);
  ctx.say(msg("added {} ({}, {})", store::join(parent->path, id), *o.name, grid::level_words(level)));
  return 0;
}

int run_edit(Context& ctx, const std::string& query, const EditOptions& o) {
  const store::RepoLock lock = ctx.lock();
  Findings findings;
  const grid::Tree tree = load(ctx, findings, true);
  const Grid* g = tree.resolve(query);
  const auto changes = grid::edit_grid(ctx.catalog(), *g, o.to_edit());
  ctx.write(changes, fmt::format("网格 {} 修改（{}）", g->path.empty() ? "/" : g->path, o.name.value_or(g->name())));
  ctx.say(changes.empty() ? msg("{}: nothing changed", label(*g))
                          : msg("edited {}", label(*g, o.name.value_or(g->name()))));
  return 0;
}

int run_remove(Context& ctx, const std::string& query, bool recursive) {
  const store::RepoLock lock = ctx.lock();
  Findings findings;
  const grid::Tree tree = load(ctx, findings, true);
  const Grid* g = tree.resolve(query);
  const std::string what = label(*g);
  ctx.write(grid::remove_grid(ctx.disk(), *g, recursive), fmt::format("网格 {} 删除（{}）", g->path, g->name()));
  ctx.say(msg("removed {}", what));
  return 0;
}

std::string team_line(const doc::Node& t) {
  std::string s = t.get_string("name");
  if (const doc::Node* size = t.find("size")) s += msg(", {} people", size->as_string());
  if (const doc::Node* leader = t.find("leader")) s += msg(", led by {}", person_line(*leader));
  if (!t.get_string("phone").empty()) s += "  " + t.get_string("phone");
  return s;
}

struct Counts {
  std::size_t townships = 0, villages = 0, groups = 0, records = 0;
};

Counts count(const store::Disk& disk, const Grid& g) {
  Counts c;
  const grid::Holdings h = grid::holdings(disk, g);
  c.records = h.total_records();
  std::function<void(const Grid&)> rec = [&](const Grid& n) {
    for (const auto& ch : n.children) {
      if (ch->level == Level::township) ++c.townships;
      if (ch->level == Level::village) ++c.villages;
      if (ch->level == Level::group) ++c.groups;
      rec(*ch);
    }
  };
  rec(g);
  return c;
}

int run_show(Context& ctx, const std::string& query, const std::string& format) {
  Findings findings;
  const grid::Tree tree = load(ctx, findings);
  const Grid* g = tree.resolve(query);
  if (format == "yaml") {
    if (g->doc.text.empty()) throw Error(msg("{} cannot be read", g->doc.path), tr("run `firegrid check`"));
    out(g->doc.text);
    return 0;
  }
  const Counts c = count(ctx.disk(), *g);
  if (format == "json") {
    nlohmann::ordered_json j;
    j["path"] = g->path;
    j["id"] = g->id;
    j["file"] = g->doc.path;
    j["record"] = doc::to_ordered_json(g->doc.root);
    j["counts"] = {{"townships", c.townships}, {"villages", c.villages}, {"groups", c.groups},
                   {"records", c.records}};
    out(j.dump(2) + "\n");
    return 0;
  }
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("path"), g->path.empty() ? "/" : g->path);
  // county, township, village, group: 乡镇（township） · 大网格
  static const char* const kLevelWords[] = {"县", "乡镇", "村/社区", "小网格"};
  static const char* const kGridSize[] = {"", "大网格", "中网格", ""};
  rows.emplace_back(N_("level"), in_chinese() ? zh_with_code(kLevelWords[g->depth()], grid::to_string(g->level)) +
                                                    (*kGridSize[g->depth()] ? std::string(" · ") + kGridSize[g->depth()] : "")
                                              : fmt::format("{} · {}", grid::to_string(g->level), grid::chinese_name(g->level)));
  rows.emplace_back(N_("name"), g->name());
  rows.emplace_back(N_("in"), g->parent ? g->parent->display_path() : "");
  rows.emplace_back(N_("code"), g->code());
  const doc::Node& r = g->doc.root;
  if (const doc::Node* l = r.find("leader")) rows.emplace_back(N_("leader"), person_line(*l));
  if (const doc::Node* m = r.find("members"))
    for (const auto& p : m->items()) rows.emplace_back(N_("member"), person_line(p));
  if (const doc::Node* t = r.find("rescue_team")) rows.emplace_back(N_("rescue team"), team_line(*t));
  if (const doc::Node* m = r.find("coordinators"))
    for (const auto& p : m->items()) rows.emplace_back(N_("coordinator"), person_line(p));
  if (const doc::Node* t = r.find("volunteer_brigade")) rows.emplace_back(N_("brigade"), team_line(*t));
  if (!r.get_string("note").empty()) rows.emplace_back(N_("note"), r.get_string("note"));
  if (const auto manifest = policy::load_manifest(ctx.disk(), ctx.catalog(), findings)) {
    const doc::Node* resources = manifest->root.find("policy") ? manifest->root.find("policy")->find("resources") : nullptr;
    if (resources && resources->is_mapping())
      for (const auto& gap : grid::resource_gaps(*g, *resources)) rows.emplace_back(N_("missing"), gap.message);
  }
  std::vector<std::string> below;
  if (c.townships) below.push_back(msg("{} township{}", c.townships, plural_s(c.townships)));
  if (c.villages) below.push_back(msg("{} village{}", c.villages, plural_s(c.villages)));
  if (c.groups) below.push_back(msg("{} group{}", c.groups, plural_s(c.groups)));
  below.push_back(msg("{} record{}", c.records, plural_s(c.records)));
  rows.emplace_back(N_("holds"), fmt::format("{}", fmt::join(below, tr(", "))));
  rows.emplace_back(N_("file"), g->doc.path);
  out(field_lines(rows));
  return 0;
}

struct ListOptions {
  std::string under;
  std::string level;
  std::string format = "text";
};

render::Table grid_table() {
  render::Table t;
  t.columns = {{"path", tr("PATH")},      {"level", tr("LEVEL")},  {"name", tr("NAME")},
               {"code", tr("CODE")},      {"leader", tr("LEADER")}, {"phone", tr("PHONE")},
               {"members", tr("MEMBERS"), render::Align::right, true}};
  return t;
}

int run_list(Context& ctx, const ListOptions& o) {
  Findings findings;
  const grid::Tree tree = load(ctx, findings);
  const Grid* top = o.under.empty() ? tree.root() : tree.resolve(o.under);
  std::optional<Level> level;
  if (!o.level.empty()) level = grid::parse_level(o.level);
  render::Table t = grid_table();
  std::function<void(const Grid&)> rec = [&](const Grid& g) {
    if (!level || g.level == *level) {
      const doc::Node* leader = g.doc.root.find("leader");
      const doc::Node* members = g.doc.root.find("members");
      t.rows.push_back({g.path.empty() && o.format == "text" ? "/" : g.path,
                        o.format == "text" || o.format == "md" ? grid::level_words(g.level) : grid::to_string(g.level), g.name(), g.code(),
                        leader ? leader->get_string("name") : "",
                        leader ? leader->get_string("phone") : "",
                        std::to_string(members ? members->items().size() : 0)});
    }
    for (const auto& c : g.children) rec(*c);
  };
  rec(*top);
  out(ctx.render(t, o.format));
  return 0;
}

struct TreeOptions {
  std::string under;
  int depth = 3;
  std::string format = "text";
};

int run_tree(Context& ctx, const TreeOptions& o) {
  Findings findings;
  const grid::Tree tree = load(ctx, findings);
  const Grid* top = o.under.empty() ? tree.root() : tree.resolve(o.under);
  const int max_depth = static_cast<int>(top->depth()) + o.depth;

  if (o.format == "json") {
    std::function<nlohmann::ordered_json(const Grid&)> rec = [&](const Grid& g) {
      const Counts c = count(ctx.disk(), g);
      nlohmann::ordered_json j;
      j["path"] = g.path;
      j["id"] = g.id;
      j["level"] = grid::to_string(g.level);
      j["name"] = g.name();
      j["code"] = g.code();
      j["counts"] = {{"townships", c.townships}, {"villages", c.villages}, {"groups", c.groups},
                     {"records", c.records}};
      if (static_cast<int>(g.depth()) < max_depth) {  // below --depth: no "children" key
        j["children"] = nlohmann::ordered_json::array();
        for (const auto& ch : g.children) j["children"].push_back(rec(*ch));
      }
      return j;
    };
    out(rec(*top).dump(2) + "\n");
    return 0;
  }

  render::Table t;
  t.columns = {{"name", tr("GRID")},
               {"id", tr("ID")},
               {"code", tr("CODE")},
               {"townships", tr("TOWNSHIPS"), render::Align::right},
               {"villages", tr("VILLAGES"), render::Align::right},
               {"groups", tr("GROUPS"), render::Align::right},
               {"records", tr("RECORDS"), render::Align::right}};
  auto num = [](std::size_t n, bool shown) { return shown ? std::to_string(n) : std::string(); };
  std::function<void(const Grid&, const std::string&, const std::string&)> rec =
    [&](const Grid& g, const std::string& lead, const std::string& child_lead) {
      const Counts c = count(ctx.disk(), g);
      const int d = static_cast<int>(g.depth());
      t.rows.push_back({lead + (g.name().empty() ? "?" : g.name()), g.id.empty() ? "/" : g.id,
                        g.code(), num(c.townships, d < 1), num(c.villages, d < 2),
                        num(c.groups, d < 3), std::to_string(c.records)});
      if (d >= max_depth) return;
      for (std::size_t i = 0; i < g.children.size(); ++i) {
        const bool last = i + 1 == g.children.size();
        rec(*g.children[i], child_lead + (last ? "└─ " : "├─ "), child_lead + (last ? "   " : "│  "));
      }
    };
  rec(*top, "", "");
  out(render::render_text(t));
  return 0;
}

struct ImportOptions {
  std::string county;
  std::string data;
  std::string streets, villages;
  std::string groups = "0";
  bool dry_run = false;
  bool update = false;
};

// Reads a file, decompressing it with gzip when its name ends in .gz.
std::string read_maybe_gz(const std::string& path) {
  if (path.size() > 3 && path.compare(path.size() - 3, 3, ".gz") == 0) {
    const auto r = run_process({"gzip", "-dc", "--", path}, ".");
    if (r.status != 0) {
      // gzip says "gzip: FILE: why"; keep the why of its first message.
      std::string why;
      for (std::size_t start = 0; why.empty() && start < r.errors.size();) {
        const std::size_t end = std::min(r.errors.find('\n', start), r.errors.size());
        why = r.errors.substr(start, end - start);
        start = end + 1;
      }
      if (const auto colon = why.rfind(": "); colon != std::string::npos) why = why.substr(colon + 2);
      throw Error(msg("cannot decompress {}: {}", path, why.empty() ? "gzip failed" : why));
    }
    return r.output;
  }
  return read_input_file(path);
}

int run_import(Context& ctx, const ImportOptions& o) {
  std::string streets = o.streets, villages = o.villages;
  if (!o.data.empty()) {
    if (streets.empty()) streets = o.data + "/streets.csv";
    if (villages.empty()) {
      villages = o.data + "/villages.csv";
      if (!std::ifstream(villages)) villages += ".gz";
    }
  }
  if (streets.empty() || villages.empty())
    throw Error(tr("grid import needs the division data"),
                tr("pass --data DIR (holding streets.csv and villages.csv[.gz]), or --streets and --villages"));
  const auto groups = division::parse_group_count(o.groups);

  const store::RepoLock lock = ctx.lock();
  Findings findings;
  const grid::Tree tree = load(ctx, findings, true);
  const std::string own = tree.root()->code();
  std::string county = o.county.empty() ? own : o.county;
  if (county.empty()) throw Error(tr("the county node has no code"), tr("pass --county CODE"));
  if (county.size() != 6 || county.find_first_not_of("0123456789") != std::string::npos)
    throw Error(msg("--county {}: a county code is 6 digits", county));
  if (!own.empty() && county != own)
    throw Error(msg("this repo is county {}; the data asked for is county {}", own, county),
                tr("a repo holds one county: import into a repo made for it (`firegrid init --county-code`)"));
  const auto townships = division::read_county(county, {streets, read_maybe_gz(streets)},
                                               {villages, read_maybe_gz(villages)});
  const auto plan = division::plan_import(ctx.catalog(), tree, townships, groups, o.update);
  if (!o.dry_run)
    ctx.write(plan.changes, fmt::format("网格 导入：新增 {} 个乡镇、{} 个村、{} 个小组，更新 {} 个", plan.added[1],
                                        plan.added[2], plan.added[3], plan.updated));
  const std::size_t n_towns = plan.added[1], n_villages = plan.added[2], n_groups = plan.added[3];
  ctx.say(msg("{}added {} township{}, {} village{}, {} group{}; {} updated; {} unchanged",
              o.dry_run ? tr("dry run: ") : std::string(), n_towns, plural_s(n_towns), n_villages, plural_s(n_villages), n_groups,
              plural_s(n_groups), plan.updated, plan.unchanged));
  if (const std::size_t left = plan.differing - plan.updated; plan.differing > plan.updated)
    ctx.say(left == 1 ? tr("1 existing grid differs from the data in name or code and was left as it is; --update sets "
                           "the data's")
                      : msg("{} existing grids differ from the data in name or code and were left as they are; "
                            "--update sets the data's",
                            left));
  return 0;
}

}  // namespace

void register_grid(CLI::App& app, Context& ctx) {
  CLI::App* grid = app.add_subcommand("grid", tr("The grid: county, townships, villages, groups"));

  {
    auto path = std::make_shared<std::string>();
    auto o = std::make_shared<EditOptions>();
    CLI::App* cmd = grid->add_subcommand("add", tr("Add a grid node under an existing one"));
    cmd->add_option("path", *path, tr("Path of the new node, e.g. 100 or 100/201/g01"))->required();
    add_edit_options(cmd, *o, false);
    cmd->callback([&ctx, path, o] { ctx.action = [&ctx, path, o] { return run_add(ctx, *path, *o); }; });
  }
  {
    auto query = std::make_shared<std::string>();
    auto o = std::make_shared<EditOptions>();
    CLI::App* cmd = grid->add_subcommand("edit", tr("Change a grid node's record"));
    cmd->add_option("grid", *query, tr("Path, code or exact name"))->required();
    add_edit_options(cmd, *o, true);
    cmd->callback([&ctx, query, o] { ctx.action = [&ctx, query, o] { return run_edit(ctx, *query, *o); }; });
  }
  {
    auto query = std::make_shared<std::string>();
    auto recursive = std::make_shared<bool>(false);
    CLI::App* cmd = grid->add_subcommand("remove", tr("Remove a grid node that holds no records"));
    cmd->add_option("grid", *query, tr("Path, code or exact name"))->required();
    cmd->add_flag("--recursive", *recursive, tr("Also remove the grids below it (never records)"));
    cmd->callback([&ctx, query, recursive] {
      ctx.action = [&ctx, query, recursive] { return run_remove(ctx, *query, *recursive); };
    });
  }
  {
    auto query = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    CLI::App* cmd = grid->add_subcommand("show", tr("Show one grid node"));
    cmd->add_option("grid", *query, tr("Path, code or exact name"))->required();
    cmd->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
    cmd->callback([&ctx, query, format] {
      ctx.action = [&ctx, query, format] { return run_show(ctx, *query, *format); };
    });
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = grid->add_subcommand("list", tr("List grid nodes as a table"));
    cmd->add_option("grid", o->under, tr("Only this node and those below it"));
    cmd->add_option("--level", o->level, tr("Only nodes of this level"))
      ->check(CLI::IsMember({"county", "township", "village", "group"}));
    add_table_format(cmd, o->format, ctx);
    cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_list(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<TreeOptions>();
    CLI::App* cmd = grid->add_subcommand("tree", tr("Print the hierarchy with counts per node"));
    cmd->add_option("grid", o->under, tr("Start at this node (default: the county)"));
    cmd->add_option("--depth", o->depth, tr("Levels to show below the start (default 3)"))
      ->check(CLI::Range(0, 3));
    cmd->add_option("--format", o->format, tr("text or json"))->check(formats({"text", "json"}));
    cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_tree(ctx, *o); }; });
  }
  {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* cmd = grid->add_subcommand(
      "import", tr("Build townships, villages and groups from the national division data"));
    cmd->add_option("--data", o->data, tr("Folder with streets.csv and villages.csv[.gz]"));
    cmd->add_option("--streets", o->streets, tr("Townships CSV (code,name,areaCode,...)"));
    cmd->add_option("--villages", o->villages, tr("Villages CSV (code,name,streetCode,...), may be .gz"));
    cmd->add_option("--county", o->county, tr("County code (default: the county node's code)"));
    cmd->add_option("--groups", o->groups, tr("Groups per village: N, or a range MIN-MAX (default 0)"));
    cmd->add_flag("--dry-run", o->dry_run, tr("Show what would change; write nothing"));
    cmd->add_flag("--update", o->update, tr("Also set the data's name and code on existing grids that differ"));
    cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_import(ctx, *o); }; });
  }
}

}  // namespace firegrid::cli
