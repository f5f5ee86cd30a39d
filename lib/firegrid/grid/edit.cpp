#include <firegrid/grid/edit.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/store/repo.hpp>

#include <firegrid/text/names.hpp>
#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>

namespace firegrid::grid {

namespace {

using doc::Node;

void remove_named(Node& record, const char* key, const std::string& name, const char* what) {
  Node* list = record.find(key);
  if (list && list->is_sequence()) {
    auto& items = list->items();
    const auto it = std::find_if(items.begin(), items.end(),
                                 [&](const Node& p) { return p.get_string("name") == name; });
    if (it != items.end()) {
      items.erase(it);
      if (items.empty()) record.erase(key);
      return;
    }
  }
  std::vector<std::string> names;
  if (list && list->is_sequence())
    for (const auto& p : list->items()) names.push_back(p.get_string("name"));
  throw Error(msg("no {} named {} in this grid", what, name),
              names.empty() ? msg("this grid has no {}s", what)
                            : msg("its {}s are: {}", what, fmt::join(names, ", ")));
}

void upsert_named(Node& record, const char* key, const Node& person) {
  Node* list = record.find(key);
  if (!list || !list->is_sequence()) list = &record.set(key, Node::sequence());
  for (auto& p : list->items()) {
    if (p.get_string("name") == person.get_string("name")) {
      for (const auto& e : person.entries()) p.set(e.key, e.value);  // the keys given change
      return;
    }
  }
  list->push(person);
}

void require_level(Level level, Level want, const char* what) {
  if (level != want)
    throw Error(msg("only a {} has {}; this grid is a {}", level_words(want), tr(what), level_words(level)));
}

// Refuses a code that another grid of the tree already has.
void require_unique_code(const Grid& any, const Grid* self, const Node& record) {
  const std::string code = record.get_string("code");
  if (code.empty()) return;
  const Grid* root = &any;
  while (root->parent) root = root->parent;
  std::function<const Grid*(const Grid&)> find = [&](const Grid& g) -> const Grid* {
    if (&g != self && g.code() == code) return &g;
    for (const auto& c : g.children)
      if (const Grid* hit = find(*c)) return hit;
    return nullptr;
  };
  if (const Grid* other = find(*root))
    throw Error(msg("code {} is already the code of {} ({})", code,
                            other->path.empty() ? "/" : other->path, other->display_path()),
                tr("each grid has its own division code"));
}

}  // namespace

std::vector<std::pair<std::string, std::string>> split_spec(const std::string& spec,
                                                            const char* what) {
  std::vector<std::pair<std::string, std::string>> out;
  std::size_t start = 0;
  while (start <= spec.size()) {
    std::size_t end = spec.find(',', start);
    if (end == std::string::npos) end = spec.size();
    const std::string part = spec.substr(start, end - start);
    start = end + 1;
    if (part.empty()) continue;
    const auto eq = part.find('=');
    if (eq == std::string::npos || eq == 0)
      throw Error(msg("{} '{}': '{}' is not key=value", what, spec, part),
                  tr("write it as name=张建国,org=派出所,role=所长,phone=138xxxxxxxx"));
    out.emplace_back(part.substr(0, eq), part.substr(eq + 1));
  }
  return out;
}

namespace {

// Does this part of a short person spec read as a phone number (digits, '-', '+', spaces;
// at least five digits)?
bool edit_looks_like_phone(const std::string& part) {
  std::size_t digits = 0;
  for (const char c : part) {
    if (c >= '0' && c <= '9') ++digits;
    else if (c != '-' && c != '+' && c != ' ') return false;
  }
  return digits >= 5;
}

}  // namespace

Node parse_person(const std::string& spec) {
  Node p = Node::mapping();
  std::string name, org, role, phone;
  if (spec.find('=') == std::string::npos) {
    // The short form people type: 王建国, 赵洋/槐阳派出所, 王建国,组长,13800000000; as a
    // Chinese input method types it too: 王建国，组长，１３８００１３８０００ (full-width comma
    // and slash, full-width digits: the phone is kept as ASCII digits).
    std::string typed = spec;
    for (const auto& [wide, ascii] : {std::pair<std::string, std::string>{"\xEF\xBC\x8C", ","},  // ，
                                      std::pair<std::string, std::string>{"\xEF\xBC\x8F", "/"}}) {  // ／
      for (std::size_t at = typed.find(wide); at != std::string::npos; at = typed.find(wide, at + ascii.size()))
        typed.replace(at, wide.size(), ascii);
    }
    std::vector<std::string> parts;
    for (std::size_t start = 0;;) {
      const std::size_t comma = typed.find(',', start);
      parts.push_back(typed.substr(start, comma == std::string::npos ? std::string::npos : comma - start));
      if (comma == std::string::npos) break;
      start = comma + 1;
    }
    const std::size_t slash = parts[0].find('/');
    name = parts[0].substr(0, slash);
    if (slash != std::string::npos) org = parts[0].substr(slash + 1);
    for (std::size_t i = 1; i < parts.size(); ++i) {
      const std::string as_phone = text::as_typed(parts[i]);
      const bool is_phone = edit_looks_like_phone(as_phone);
      std::string& slot = is_phone ? phone : role;
      if (parts[i].empty()) continue;
      if (!slot.empty())
        throw Error(msg("person '{}': '{}' is a second {}", spec, parts[i], is_phone ? tr("phone") : tr("role")),
                    tr("write it as 姓名[/单位][,职务][,电话], or name=...,org=...,role=...,phone=..."));
      slot = is_phone ? as_phone : parts[i];
    }
  } else {
    for (const auto& [k, v] : split_spec(spec, "person")) {
      if (k == "name") name = v;
      else if (k == "org" || k == "organisation") org = v;
      else if (k == "role") role = v;
      else if (k == "phone") phone = text::as_typed(v);
      else
        throw Error(msg("person '{}': unknown key '{}'", spec, k),
                    tr("the keys are name, org, role and phone"));
    }
  }
  if (name.empty()) throw Error(msg("person '{}' has no name", spec), tr("add name=..., or begin with the name"));
  p.set("name", Node::string(name));
  if (!org.empty()) p.set("organisation", Node::string(org));
  if (!role.empty()) p.set("role", Node::string(role));
  if (!phone.empty()) p.set("phone", Node::string(phone));
  return p;
}

Node parse_team(const std::string& spec) {
  Node t = Node::mapping();
  for (const auto& [k, v] : split_spec(spec, "team")) {
    if (k == "name") {
      t.set("name", Node::string(v));
    } else if (k == "size") {
      if (v.empty() || v.size() > 5 || v.find_first_not_of("0123456789") != std::string::npos)
        throw Error(msg("team '{}': size '{}' is not a number", spec, v));
      t.set("size", Node::integer(std::stoll(v)));
    } else if (k == "leader" || k == "leader_phone") {
      Node* leader = t.find("leader");
      if (!leader) leader = &t.set("leader", Node::mapping());
      leader->set(k == "leader" ? "name" : "phone", Node::string(v));
    } else if (k == "phone" || k == "note") {
      t.set(k, Node::string(v));
    } else {
      throw Error(msg("team '{}': unknown key '{}'", spec, k),
                  tr("the keys are name, size, leader, leader_phone, phone and note"));
    }
  }
  if (!t.find("name")) throw Error(msg("team '{}' has no name", spec), tr("add name=..."));
  if (const Node* leader = t.find("leader"); leader && !leader->find("name"))
    throw Error(msg("team '{}' gives leader_phone without leader", spec), tr("add leader=..."));
  return t;
}

void apply_edit(Node& record, Level level, const Edit& e) {
  if (e.name) record.set("name", Node::string(*e.name));
  if (e.code) {
    if (e.code->empty()) record.erase("code");
    else record.set("code", Node::string(*e.code));
  }
  if (e.clear_leader) record.erase("leader");
  if (e.leader) record.set("leader", *e.leader);
  for (const auto& m : e.members) upsert_named(record, "members", m);
  for (const auto& n : e.remove_members) remove_named(record, "members", n, "member");
  if (e.rescue_team) {
    require_level(level, Level::township, N_("the 24-hour rescue team"));
    record.set("rescue_team", *e.rescue_team);
  }
  if (!e.coordinators.empty() || !e.remove_coordinators.empty())
    require_level(level, Level::village, N_("fire safety coordinators"));
  for (const auto& c : e.coordinators) upsert_named(record, "coordinators", c);
  for (const auto& n : e.remove_coordinators) remove_named(record, "coordinators", n, "coordinator");
  if (e.volunteer_brigade) {
    require_level(level, Level::village, N_("the volunteer fire brigade"));
    record.set("volunteer_brigade", *e.volunteer_brigade);
  }
  if (e.note) {
    if (e.note->empty()) record.erase("note");
    else record.set("note", Node::string(*e.note));
  }
}

std::string render_record(const schema::Catalog& catalog, const std::string& path, const Node& record) {
  return catalog.file_text("grid", path, record);
}

store::Changes add_grid(const schema::Catalog& catalog, const Grid& parent, const std::string& id,
                        const Edit& edit) {
  if (!store::is_valid_id(id))
    throw Error(msg("'{}' is not a valid grid id", id),
                tr("ids are 1-63 characters of a-z, 0-9 and '-' (the Chinese name goes in --name)"));
  if (store::is_reserved_name(id))
    throw Error(msg("'{}' is reserved for records and cannot name a grid", id));
  if (parent.level == Level::group)
    throw Error(msg("{} is a group, the smallest grid; it cannot have child grids",
                            parent.path));
  for (const auto& c : parent.children)
    if (c->id == id)
      throw Error(msg("grid {} already exists", store::join(parent.path, id)),
                  tr("change it with `firegrid grid edit`"));
  if (!edit.name || edit.name->empty())
    throw Error(tr("a new grid needs a name"), tr("pass --name, e.g. --name 槐阳镇"));
  const Level level = static_cast<Level>(parent.depth() + 1);
  Node record = Node::mapping();
  record.set("level", Node::string(to_string(level)));
  apply_edit(record, level, edit);
  require_unique_code(parent, nullptr, record);
  const std::string path = store::join(store::join(parent.folder(), id), store::kGridFile);
  catalog.require_valid("grid", path, record);
  store::Changes changes;
  changes.writes[path] = render_record(catalog, path, record);
  return changes;
}

store::Changes edit_grid(const schema::Catalog& catalog, const Grid& g, const Edit& edit) {
  if (!g.loaded)
    throw Error(msg("{} cannot be read, so it cannot be edited", g.doc.path),
                tr("run `firegrid check` and fix the file first"));
  Node record = g.doc.root;
  apply_edit(record, g.level, edit);
  if (edit.code) require_unique_code(g, &g, record);
  catalog.require_valid("grid", g.doc.path, record);
  store::Changes changes;
  const std::string content = render_record(catalog, g.doc.path, record);
  if (!schema::same_but_modeline(content, g.doc.text)) changes.writes[g.doc.path] = content;
  return changes;
}

store::Changes remove_grid(const store::Disk& disk, const Grid& g, bool recursive) {
  if (g.level == Level::county) throw Error(tr("the county node cannot be removed"));
  const Holdings h = holdings(disk, g);
  if (h.total_records() > 0) {
    std::vector<std::string> parts;
    for (const auto& [kind, n] : h.records) parts.push_back(fmt::format("{} {}", n, kind));
    throw Error(msg("{} still holds {} records ({})", g.path, h.total_records(),
                            fmt::join(parts, ", ")),
                tr("move or close them first; a grid with records cannot be removed"));
  }
  if (h.grids > 0 && !recursive)
    throw Error(msg("{} still holds {} grid{} below it", g.path, h.grids,
                            h.grids == 1 ? "" : "s"),
                tr("remove them first, or pass --recursive to remove the whole subtree"));
  store::Changes changes;
  std::function<void(const std::string&)> rec = [&](const std::string& dir) {
    for (const auto& e : disk.list(dir)) {
      const std::string p = store::join(dir, e.name);
      if (e.is_dir) rec(p);
      else changes.removals.push_back(p);
    }
    changes.removed_dirs.push_back(dir);
  };
  rec(g.folder());
  return changes;
}

}  // namespace firegrid::grid
