// firegrid unit add|edit|show|list|move|close|reopen|import: units and places.
#include "context.hpp"

#include <firegrid/schema/modeline.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/hazard/hazard.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/width.hpp>
#include <firegrid/unit/category.hpp>
#include <firegrid/unit/edit.hpp>
#include <firegrid/unit/import.hpp>

#include <firegrid/text/names.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <fstream>
#include <set>
#include <sstream>

#include <unistd.h>

namespace firegrid::cli {

namespace {

using unit::Unit;

// Options that set a unit's fields, shared by add and edit.
struct FieldOptions {
  std::optional<std::string> name, category, supervisor, address, licence, note, registered;
  std::optional<std::string> responsible, manager;
  std::optional<std::int64_t> floors, beds, seats, staff, pupils, children;
  std::optional<double> area, lat, lon;
  std::optional<bool> boarding;
  std::vector<std::string> tags, remove_tags;

  unit::Fields to_fields() const {
    unit::Fields f;
    f.name = name;
    f.category = category;
    f.supervisor = supervisor;
    f.address = address;
    f.licence = licence;
    f.note = note;
    f.registered = registered;
    if (responsible) f.responsible = grid::parse_person(*responsible);
    if (manager) f.manager = grid::parse_person(*manager);
    f.floors = floors;
    f.beds = beds;
    f.seats = seats;
    f.staff = staff;
    f.pupils = pupils;
    f.children = children;
    f.area_m2 = area;
    f.boarding = boarding;
    if (lat.has_value() != lon.has_value()) throw Error(tr("--lat and --lon go together"));
    if (lat) f.location = std::pair{*lat, *lon};
    f.add_tags = tags;
    f.remove_tags = remove_tags;
    return f;
  }
};

void add_field_options(CLI::App* cmd, FieldOptions& o, bool editing) {
  cmd->add_option("--name", o.name, tr("Name, e.g. 槐阳镇惠民超市"));
  cmd->add_option("--category", o.category, tr("Category id or Chinese name, e.g. small-shop or 小商店"));
  cmd->add_option("--supervisor", o.supervisor,
                  editing ? tr("fire-brigade or police-station, to override the category's default (empty: back to "
                               "the default)")
                          : tr("fire-brigade or police-station, to override the category's default"));
  cmd->add_option("--address", o.address, tr("Address"));
  cmd->add_option("--licence", o.licence, tr("Unified social credit code (统一社会信用代码)"));
  cmd->add_option("--responsible", o.responsible,
                  tr("Fire safety responsible person: name=..,phone=..[,org=..,role=..]"));
  cmd->add_option("--manager", o.manager, tr("Fire safety manager (same form)"));
  cmd->add_option("--floors", o.floors, tr("Number of floors"));
  cmd->add_option("--area", o.area, tr("Floor area in m²"));
  cmd->add_option("--beds", o.beds, tr("Beds"));
  cmd->add_option("--seats", o.seats, tr("Seats"));
  cmd->add_option("--staff", o.staff, tr("Staff"));
  cmd->add_option("--pupils", o.pupils, tr("Pupils"));
  cmd->add_option("--children", o.children, tr("Children (kindergarten)"));
  cmd->add_option("--boarding", o.boarding, tr("Boarding school: true or false"));
  cmd->add_option("--lat", o.lat, tr("Latitude"));
  cmd->add_option("--lon", o.lon, tr("Longitude"));
  cmd->add_option("--tag", o.tags, tr("Add a tag; repeatable"));
  cmd->add_option("--registered", o.registered, tr("Registration date YYYY-MM-DD (default: today)"));
  cmd->add_option("--note", o.note, tr("Free text note"));
  if (editing) cmd->add_option("--remove-tag", o.remove_tags, tr("Remove a tag; repeatable"));
}

// A unit's records move with its folder: no command here reads an inspection.
model::Repo load(Context& ctx, bool writing = true) {
  return ctx.load(model::LoadOptions(true, !writing).without_inspections());
}

// The units as they stood at the end of `as_of`, for show and list: no inspection is read.
model::Repo load_units_on(Context& ctx, const Date& as_of) {
  model::LoadOptions what(true, true, as_of);
  what.without_inspections();
  return ctx.load(what);
}


std::string where(const Unit& u) { return u.group ? u.group->display_path() : "?"; }

int run_add(Context& ctx, const std::string& group_query, const FieldOptions& o) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load(ctx);
  const grid::Grid* group = repo.tree.resolve(group_query);
  const auto added = unit::add_unit(ctx.catalog(), repo.units, *group, o.to_fields(), today(), ctx.clone());
  ctx.write(added.changes, fmt::format("单位 {} 登记（{}，{}）", added.id, *o.name, commit_place(group)));
  ctx.say(msg("added {} {} in {}", added.id, *o.name, group->display_path()));
  return 0;
}

// Who made an edit or a move, and when (--by, --date): the step it leaves in the archive.
struct UnitStepOptions {
  std::string by, date;
  unit::StepInfo info() const {
    return {date_option_or_today(date, "--date"), by.empty() ? doc::Node() : hazard::parse_actor(by)};
  }
};

void add_unit_step_options(CLI::App* cmd, UnitStepOptions& o) {
  cmd->add_option("--by", o.by, tr("Who made the change, kept in the unit's steps: 王强/槐阳镇派出所 or name=..,org=.."));
  cmd->add_option("--date", o.date, tr("When it changed, for the unit's steps (default: today)"));
}

int run_edit(Context& ctx, const std::string& query, const FieldOptions& o, const UnitStepOptions& s) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load(ctx);
  const Unit& u = repo.units.resolve(query);
  const auto changes = unit::edit_unit(ctx.catalog(), u, o.to_fields(), s.info());
  ctx.write(changes, fmt::format("单位 {} 修改（{}）", u.id, o.name.value_or(u.name())));
  ctx.say(changes.empty() ? msg("{} {}: nothing changed", u.id, u.name())
                          : msg("edited {} {}", u.id, o.name.value_or(u.name())));
  return 0;
}

int run_move(Context& ctx, const std::string& query, const std::string& to, const UnitStepOptions& s) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load(ctx);
  const Unit& u = repo.units.resolve(query);
  const grid::Grid* group = repo.tree.resolve(to);
  ctx.write(unit::move_unit(ctx.catalog(), u, *group, s.info()),
            fmt::format("单位 {} 迁至 {}{}（{}）", u.id, commit_place(group), group->name(), u.name()));
  ctx.say(msg("moved {} {} from {} to {}", u.id, u.name(), where(u), group->display_path()));
  return 0;
}

int run_close(Context& ctx, const std::string& query, const std::string& date, const std::string& reason) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load(ctx);
  const Unit& u = repo.units.resolve(query);
  Date d = today();
  if (!date.empty() && !parse_date(text::as_typed(date), d))
    throw Error(msg("--date {} is not a date", date), tr("write YYYY-MM-DD"));
  ctx.write(unit::close_unit(ctx.catalog(), u, d, reason), fmt::format("单位 {} 注销（{}）", u.id, u.name()));
  ctx.say(msg("closed {} {} on {}", u.id, u.name(), d.iso()));
  return 0;
}

int run_reopen(Context& ctx, const std::string& query) {
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load(ctx);
  const Unit& u = repo.units.resolve(query);
  ctx.write(unit::reopen_unit(ctx.catalog(), u), fmt::format("单位 {} 恢复（{}）", u.id, u.name()));
  ctx.say(msg("reopened {} {}", u.id, u.name()));
  return 0;
}

std::string category_words(const std::string& id) {
  const unit::Category* c = unit::find_category(id);
  if (!c) return id;
  return in_chinese() ? zh_with_code(c->chinese, c->id) : fmt::format("{} ({})", c->chinese, c->id);
}

int run_show(Context& ctx, const std::string& query, const std::string& format, const std::string& as_of) {
  const model::Repo repo = load_units_on(ctx, date_option_or_today(as_of, "--as-of"));
  const Unit& u = repo.units.resolve(query);
  if (u.doc.text.empty()) throw Error(msg("{} cannot be read", u.doc.path), tr("run `firegrid check`"));
  if (format == "yaml") {
    // The record, without the modeline (a path from the file's folder) of its file.
    out(as_of.empty() ? std::string(schema::without_modeline(u.doc.text)) : doc::emit(u.doc.root, ctx.catalog().key_order("unit").get()));
    return 0;
  }
  const doc::Node& r = u.doc.root;
  const unit::Supervisor sup = unit::effective_supervisor(r);
  if (format == "json") {
    nlohmann::ordered_json j;
    j["id"] = u.id;
    j["group"] = u.group ? u.group->path : "";
    j["grid"] = where(u);
    j["file"] = u.doc.path;
    j["supervisor"] = unit::to_string(sup);
    j["record"] = doc::to_ordered_json(r);
    out(j.dump(2) + "\n");
    return 0;
  }
  std::vector<std::pair<std::string, std::string>> rows;
  rows.emplace_back(N_("id"), u.id);
  rows.emplace_back(N_("name"), u.name());
  rows.emplace_back(N_("category"), category_words(u.category()));
  const std::string by_category = r.find("supervisor") ? "" : tr(", by category");
  rows.emplace_back(N_("supervisor"), in_chinese() ? zh_with_code(unit::chinese_name(sup), unit::to_string(sup)) + by_category
                                                   : fmt::format("{} ({}){}", unit::chinese_name(sup), unit::to_string(sup),
                                                                 by_category));
  rows.emplace_back(N_("grid"), msg("{} ({})", where(u), u.group ? u.group->path : ""));
  rows.emplace_back(N_("address"), r.get_string("address"));
  rows.emplace_back(N_("licence"), r.get_string("licence"));
  if (const doc::Node* p = r.find("responsible")) rows.emplace_back(N_("responsible"), person_line(*p));
  if (const doc::Node* p = r.find("manager")) rows.emplace_back(N_("manager"), person_line(*p));
  std::vector<std::string> figures;
  for (const auto& [key, label] : {std::pair{"floors", N_("{} floors")}, std::pair{"area_m2", N_("{} m²")},
                                   std::pair{"beds", N_("{} beds")}, std::pair{"seats", N_("{} seats")},
                                   std::pair{"staff", N_("{} staff")}, std::pair{"pupils", N_("{} pupils")},
                                   std::pair{"children", N_("{} children")}})
    if (const doc::Node* n = r.find(key)) figures.push_back(msg(label, n->as_string()));
  if (const doc::Node* b = r.find("boarding"); b && b->as_bool()) figures.push_back(tr("boarding"));
  rows.emplace_back(N_("figures"), fmt::format("{}", fmt::join(figures, tr(", "))));
  if (const doc::Node* l = r.find("location"); l && l->find("lat") && l->find("lon"))
    rows.emplace_back(N_("location"), fmt::format("{}, {}", l->find("lat")->as_string(), l->find("lon")->as_string()));
  if (const doc::Node* t = r.find("tags")) {
    std::vector<std::string> tags;
    for (const auto& i : t->items()) tags.push_back(i.as_string());
    rows.emplace_back(N_("tags"), fmt::format("{}", fmt::join(tags, ", ")));
  }
  std::string status = status_words(r.get_string("status"));
  if (r.get_string("status") == "closed")
    status += msg(" on {}: {}", r.get_string("closed_on"), r.get_string("closed_reason"));
  rows.emplace_back(N_("status"), status);
  rows.emplace_back(N_("registered"), r.get_string("registered"));
  rows.emplace_back(N_("note"), r.get_string("note"));
  rows.emplace_back(N_("file"), u.doc.path);
  out(field_lines(rows));
  return 0;
}

struct ListOptions {
  std::string grid, category, supervisor, status = "active", tag, name, as_of, format = "text";
};

int run_list(Context& ctx, const ListOptions& o) {
  const model::Repo repo = load_units_on(ctx, date_option_or_today(o.as_of, "--as-of"));
  std::string under;
  if (!o.grid.empty()) under = repo.tree.resolve(o.grid)->path;
  const unit::Category* category = nullptr;
  if (!o.category.empty() && !(category = unit::find_category(o.category))) {
    std::vector<std::string> ids;
    for (const auto& c : unit::categories()) ids.push_back(fmt::format("{} ({})", c.id, c.chinese));
    throw Error(msg("unknown category '{}'", o.category), msg("use one of: {}", fmt::join(ids, ", ")));
  }
  std::optional<unit::Supervisor> sup;
  if (!o.supervisor.empty() && !(sup = unit::parse_supervisor(o.supervisor)))
    throw Error(msg("unknown supervisor '{}'", o.supervisor),
                tr("use fire-brigade (消防救援大队) or police-station (派出所)"));
  render::Table t;
  t.columns = {{"id", tr("ID")},       {"name", tr("NAME")},         {"category", tr("CATEGORY")},
               {"grid", tr("GRID")},   {"supervisor", tr("SUPERVISOR")}, {"responsible", tr("RESPONSIBLE")},
               {"phone", tr("PHONE")}, {"status", tr("STATUS")}};
  const bool human = o.format == "text" || o.format == "md";  // Chinese names; csv and json give ids
  for (const Unit& u : repo.units.units) {
    if (!u.group) continue;
    const std::string& path = u.group->path;
    if (!under.empty() && path != under && path.compare(0, under.size() + 1, under + "/") != 0) continue;
    if (category && u.category() != category->id) continue;
    const doc::Node& r = u.doc.root;
    if (sup && unit::effective_supervisor(r) != *sup) continue;
    if (o.status != "all" && r.get_string("status") != o.status) continue;
    if (!o.name.empty() && u.name().find(o.name) == std::string::npos) continue;
    if (!o.tag.empty()) {
      const doc::Node* tags = r.find("tags");
      bool has = false;
      if (tags)
        for (const auto& i : tags->items()) has = has || i.as_string() == o.tag;
      if (!has) continue;
    }
    const unit::Category* c = unit::find_category(u.category());
    const doc::Node* resp = r.find("responsible");
    t.rows.push_back({u.id, u.name(), human && c ? c->chinese : u.category(), path,
                      human ? unit::chinese_name(unit::effective_supervisor(r))
                                         : unit::to_string(unit::effective_supervisor(r)),
                      resp ? resp->get_string("name") : "", resp ? resp->get_string("phone") : "",
                      human ? status_words(r.get_string("status")) : r.get_string("status")});
  }
  out(ctx.render(t, o.format));
  return 0;
}

struct ImportOptions {
  std::string file, mapping;
  SheetArgs input;
  bool dry_run = false;
};

int run_import(Context& ctx, const ImportOptions& o) {
  unit::ImportOptions options;
  const text::SheetOptions input = o.input.options();
  options.encoding = input.encoding;
  options.sheet = input.sheet;
  std::optional<doc::Document> mapping;
  if (!o.mapping.empty()) {
    auto loaded = doc::load(o.mapping, read_input_file(o.mapping));
    if (!loaded.clean()) {
      ctx.print_findings(loaded.findings, true);
      throw Error(msg("cannot read the mapping file {}", o.mapping));
    }
    mapping = std::move(loaded.document);
    options.mapping = &mapping->root;
    options.mapping_path = o.mapping;
  }
  const bool bar = ::isatty(STDERR_FILENO) == 1 && !ctx.quiet;
  if (bar)
    options.progress = [](std::size_t done, std::size_t total) {
      if (total < 2000) return;
      const int width = 30;
      const int filled = static_cast<int>(width * done / total);
      err(fmt::format("\rchecking rows [{}{}] {:3}% {}/{}", std::string(static_cast<std::size_t>(filled), '#'),
                      std::string(static_cast<std::size_t>(width - filled), '-'), 100 * done / total, done, total));
      if (done == total) err("\n");
    };

  const std::string bytes = read_input_file(o.file);
  const store::RepoLock lock = ctx.lock();
  const model::Repo repo = load(ctx);
  options.clone = ctx.clone();
  const auto plan = unit::plan_unit_import(ctx.catalog(), repo.tree, repo.units, o.file, bytes, options, today());
  ctx.print_findings(plan.problems, true);
  if (plan.problems.errors() > 0) {
    std::set<int> lines;  // a row with two errors is one row with errors
    for (const auto& f : plan.problems.items())
      if (f.severity == Severity::error) lines.insert(f.where.line);
    err(fmt::format("{}: {} row{} with errors; nothing was imported\n", o.file, lines.size(),
                    lines.size() == 1 ? "" : "s"));
    return static_cast<int>(ExitCode::findings);
  }
  if (o.dry_run)
    for (const auto& a : plan.actions) out(a + "\n");
  else
    ctx.write(plan.changes, fmt::format("单位 导入 {}：新增 {}，更新 {}，迁移 {}", import_file_name(o.file), plan.added,
                                        plan.updated, plan.moved));
  ctx.say(msg("{}{} ({}): {} row{}: {} added, {} updated, {} moved, {} unchanged",
                      o.dry_run ? tr("dry run: ") : std::string(), o.file, plan.read_as, plan.rows,
                      plan.rows == 1 ? "" : "s",
                      plan.added, plan.updated, plan.moved, plan.unchanged));
  return 0;
}

// Registers a subcommand whose one argument names a unit.
template <typename Run>
CLI::App* unit_command(CLI::App* parent, Context& ctx, const char* name, const std::string& help,
                       std::shared_ptr<std::string> query, Run run) {
  CLI::App* cmd = parent->add_subcommand(name, help);
  cmd->add_option("unit", *query, tr("Unit id, exact name or part of the name"))->required();
  cmd->callback([&ctx, run] { ctx.action = [&ctx, run] { return run(ctx); }; });
  return cmd;
}

}  // namespace

void register_unit(CLI::App& app, Context& ctx) {
  CLI::App* unit = app.add_subcommand("unit", tr("Units and places: one archive per unit"));
  {
    auto group = std::make_shared<std::string>();
    auto o = std::make_shared<FieldOptions>();
    CLI::App* cmd = unit->add_subcommand("add", tr("Register a unit or place in a group"));
    cmd->add_option("--group", *group, tr("The group (small grid): path, code or exact name"))->required();
    add_field_options(cmd, *o, false);
    cmd->get_option("--name")->required();
    cmd->get_option("--category")->required();
    cmd->callback([&ctx, group, o] { ctx.action = [&ctx, group, o] { return run_add(ctx, *group, *o); }; });
  }
  {
    auto query = std::make_shared<std::string>();
    auto o = std::make_shared<FieldOptions>();
    auto s = std::make_shared<UnitStepOptions>();
    CLI::App* cmd = unit_command(unit, ctx, "edit", "Change a unit's archive", query,
                                 [query, o, s](Context& c) { return run_edit(c, *query, *o, *s); });
    add_field_options(cmd, *o, true);
    add_unit_step_options(cmd, *s);
  }
  {
    auto query = std::make_shared<std::string>();
    auto format = std::make_shared<std::string>("text");
    auto as_of = std::make_shared<std::string>();
    CLI::App* cmd = unit_command(unit, ctx, "show", tr("Show one unit"), query,
                                 [query, format, as_of](Context& c) { return run_show(c, *query, *format, *as_of); });
    cmd->add_option("--as-of", *as_of, tr("Show it as it stood at the end of this day (default: today)"));
    cmd->add_option("--format", *format, tr("text, yaml or json"))->check(formats({"text", "yaml", "json"}));
  }
  {
    auto o = std::make_shared<ListOptions>();
    CLI::App* cmd = unit->add_subcommand("list", tr("List units as a table"));
    cmd->add_option("--grid", o->grid, tr("Only units in this grid (any level, recursive)"));
    cmd->add_option("--category", o->category, tr("Only this category (id or Chinese name)"));
    cmd->add_option("--supervisor", o->supervisor, tr("Only units this authority supervises"));
    cmd->add_option("--status", o->status, tr("active (default), closed or all"))
      ->check(CLI::IsMember({"active", "closed", "all"}));
    cmd->add_option("--tag", o->tag, tr("Only units with this tag"));
    cmd->add_option("--name", o->name, tr("Only units whose name contains this"));
    cmd->add_option("--as-of", o->as_of, tr("The units as they stood at the end of this day (default: today)"));
    add_table_format(cmd, o->format, ctx);
    cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_list(ctx, *o); }; });
  }
  {
    auto query = std::make_shared<std::string>();
    auto to = std::make_shared<std::string>();
    auto s = std::make_shared<UnitStepOptions>();
    CLI::App* cmd = unit_command(unit, ctx, "move", "Move a unit with its whole archive to another group",
                                 query, [query, to, s](Context& c) { return run_move(c, *query, *to, *s); });
    cmd->add_option("--to", *to, tr("The new group: path, code or exact name"))->required();
    add_unit_step_options(cmd, *s);
  }
  {
    auto query = std::make_shared<std::string>();
    auto date = std::make_shared<std::string>();
    auto reason = std::make_shared<std::string>();
    CLI::App* cmd = unit_command(unit, ctx, "close", tr("Mark a unit closed (its archive stays)"), query,
                                 [query, date, reason](Context& c) { return run_close(c, *query, *date, *reason); });
    cmd->add_option("--date", *date, tr("Closing date YYYY-MM-DD (default: today)"));
    cmd->add_option("--reason", *reason, tr("Why, e.g. 停业 or 拆除"))->required();
  }
  {
    auto query = std::make_shared<std::string>();
    unit_command(unit, ctx, "reopen", tr("Mark a closed unit active again"), query,
                 [query](Context& c) { return run_reopen(c, *query); });
  }
  {
    auto o = std::make_shared<ImportOptions>();
    CLI::App* cmd = unit->add_subcommand("import", tr("Import units from an .xlsx workbook or a CSV file"));
    add_sheet_input(cmd, o->file, o->input, tr("The unit list"));
    cmd->add_option("--mapping", o->mapping, tr("YAML file mapping other columns and values"));
    cmd->add_flag("--dry-run", o->dry_run, tr("Show what would be added or changed; write nothing"));
    cmd->callback([&ctx, o] { ctx.action = [&ctx, o] { return run_import(ctx, *o); }; });
  }
}

}  // namespace firegrid::cli
