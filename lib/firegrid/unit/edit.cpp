#include <firegrid/unit/edit.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/unit/category.hpp>
#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::unit {

namespace {

using doc::Node;

void set_text(Node& r, const char* key, const std::optional<std::string>& v) {
  if (!v) return;
  if (v->empty()) r.erase(key);
  else r.set(key, Node::string(*v));
}

// Ranges (no negative figures) are the schema's to check, like every other value.
void set_int(Node& r, const char* key, const std::optional<std::int64_t>& v) {
  if (v) r.set(key, Node::integer(*v));
}

// Refuses a grid that is not a group, naming it and, in the hint, a group below it.
void require_group(const grid::Grid& g) {
  if (g.level == grid::Level::group) return;
  const grid::Grid* example = &g;
  while (example->level != grid::Level::group && !example->children.empty())
    example = example->children.front().get();
  throw Error(msg("{} is a {}; units belong to a group (small grid)", g.display_path(),
                          grid::level_words(g.level)),
              example->level == grid::Level::group
                ? msg("name one of its groups, e.g. {} ({})", example->path, example->name())
                : tr("`firegrid grid list --level group` shows the groups"));
}

// The unit's file rewritten with `record` (nothing when only its modeline would change).
// `to`: the folder it moves to in the same change, whose modeline the file gets (the same
// as its old one: units are always in a group, so every unit folder is as deep).
store::Changes rewrite(const schema::Catalog& catalog, const Unit& u, const Node& record,
                       const std::string& to = "") {
  catalog.require_valid("unit", u.doc.path, record);
  store::Changes c;
  const std::string content = render_unit(catalog, to.empty() ? u.doc.path : store::join(to, kUnitFile), record);
  if (!schema::same_but_modeline(content, u.doc.text)) c.writes[u.doc.path] = content;
  return c;
}

void require_clean(const Unit& u) {
  if (!u.loaded)
    throw Error(msg("{} cannot be read cleanly, so it cannot be changed", u.doc.path),
                tr("run `firegrid check` and fix the file first"));
}

}  // namespace

void apply_fields(Node& r, const Fields& f) {
  set_text(r, "name", f.name);
  if (f.category) {
    const Category* c = find_category(*f.category);
    if (!c) {
      std::vector<std::string> ids;
      for (const auto& cat : categories()) ids.push_back(fmt::format("{} ({})", cat.id, cat.chinese));
      throw Error(msg("unknown category '{}'", *f.category),
                  msg("use one of: {}", fmt::join(ids, ", ")));
    }
    r.set("category", Node::string(c->id));
  }
  if (f.supervisor) {
    if (f.supervisor->empty()) {
      r.erase("supervisor");
    } else {
      const auto s = parse_supervisor(*f.supervisor);
      if (!s)
        throw Error(msg("unknown supervisor '{}'", *f.supervisor),
                    tr("use fire-brigade (消防救援大队) or police-station (派出所)"));
      r.set("supervisor", Node::string(to_string(*s)));
    }
  }
  set_text(r, "address", f.address);
  set_text(r, "licence", f.licence);
  if (f.responsible) r.set("responsible", *f.responsible);
  if (f.manager) r.set("manager", *f.manager);
  set_int(r, "floors", f.floors);
  if (f.area_m2) {
    r.set("area_m2", *f.area_m2 == static_cast<double>(static_cast<std::int64_t>(*f.area_m2))
                       ? Node::integer(static_cast<std::int64_t>(*f.area_m2))
                       : Node::real(*f.area_m2));
  }
  set_int(r, "beds", f.beds);
  set_int(r, "seats", f.seats);
  set_int(r, "staff", f.staff);
  set_int(r, "pupils", f.pupils);
  set_int(r, "children", f.children);
  if (f.boarding) r.set("boarding", Node::boolean(*f.boarding));
  if (f.location) {
    Node loc = Node::mapping();
    loc.set("lat", Node::real(f.location->first));
    loc.set("lon", Node::real(f.location->second));
    r.set("location", std::move(loc));
  }
  if (!f.add_tags.empty() || !f.remove_tags.empty()) {
    std::vector<std::string> tags;
    if (const Node* t = r.find("tags"))
      for (const auto& i : t->items()) tags.push_back(i.as_string());
    for (const auto& t : f.add_tags)
      if (std::find(tags.begin(), tags.end(), t) == tags.end()) tags.push_back(t);
    for (const auto& t : f.remove_tags) tags.erase(std::remove(tags.begin(), tags.end(), t), tags.end());
    if (tags.empty()) {
      r.erase("tags");
    } else {
      Node seq = Node::sequence();
      for (const auto& t : tags) seq.push(Node::string(t));
      r.set("tags", std::move(seq));
    }
  }
  set_text(r, "registered", f.registered);  // the schema checks the date
  set_text(r, "note", f.note);
}

std::string render_unit(const schema::Catalog& catalog, const std::string& path, const Node& record) {
  return catalog.file_text("unit", path, record);
}

std::string new_unit_id(const Registry& reg, const grid::Grid& group, const std::string& name,
                        const std::string& address, const std::string& clone) {
  for (int salt = 0;; ++salt) {
    const std::string id = make_unit_id(group.path, name, address, salt, clone);
    if (!reg.by_id(id)) return id;
  }
}

Added add_unit(const schema::Catalog& catalog, const Registry& reg, const grid::Grid& group,
               const Fields& f, const Date& today, const std::string& clone) {
  require_group(group);
  if (!f.name || f.name->empty()) throw Error(tr("a unit needs a name"), tr("pass --name"));
  if (!f.category) throw Error(tr("a unit needs a category"), tr("pass --category, e.g. --category small-shop"));
  const std::string address = f.address.value_or("");
  const std::string place = place_key(group.path, *f.name, address);
  for (const auto& u : reg.units)
    if (u.group == &group && place_key(group.path, u.name(), u.doc.root.get_string("address")) == place)
      throw Error(msg("{} is already registered in this group as {}", *f.name, u.id),
                  tr("change it with `firegrid unit edit`"));
  Added a;
  a.id = new_unit_id(reg, group, *f.name, address, clone);
  Node r = Node::mapping();
  r.set("id", Node::string(a.id));
  r.set("status", Node::string("active"));
  r.set("registered", Node::string(today.iso()));
  apply_fields(r, f);
  const std::string path = store::join(store::join(store::join(group.folder(), kUnitsDir), a.id), kUnitFile);
  catalog.require_valid("unit", path, r);
  a.changes.writes[path] = render_unit(catalog, path, r);
  return a;
}

void append_step(Node& record, const char* event, const StepInfo& step, Node changes) {
  if (changes.items().empty()) return;
  Node* steps = record.find("steps");
  if (!steps) steps = &record.set("steps", Node::sequence());
  if (!steps->items().empty()) {
    const std::string last = steps->items().back().get_string("date");
    if (step.date.iso() < last)
      throw Error(msg("the date {} is before the unit's last step ({})", step.date.iso(), last),
                  tr("steps are recorded in order; give the date it happened"));
  }
  Node s = Node::mapping();
  s.set("date", Node::string(step.date.iso()));
  s.set("event", Node::string(event));
  if (step.by.is_mapping()) s.set("by", step.by);
  s.set("changes", std::move(changes));
  steps->push(std::move(s));
}

Node field_changes(const Node& before, const Node& after, const std::vector<std::string>& order) {
  Node out = Node::sequence();
  std::vector<std::string> keys;
  for (const auto& e : before.entries()) keys.push_back(e.key);
  for (const auto& e : after.entries())
    if (!before.find(e.key)) keys.push_back(e.key);
  const auto rank = [&](const std::string& k) { return std::find(order.begin(), order.end(), k) - order.begin(); };
  std::stable_sort(keys.begin(), keys.end(), [&](const std::string& a, const std::string& b) { return rank(a) < rank(b); });
  for (const auto& key : keys) {
    if (key == "steps") continue;
    const Node* was = before.find(key);
    const Node* now = after.find(key);
    if (was && now && *was == *now) continue;
    Node c = Node::mapping();
    c.set("field", Node::string(key));
    if (was) c.set("from", *was);
    if (now) c.set("to", *now);
    out.push(std::move(c));
  }
  return out;
}

store::Changes edit_unit(const schema::Catalog& catalog, const Unit& u, const Fields& f, const StepInfo& step) {
  require_clean(u);
  Node r = u.doc.root;
  apply_fields(r, f);
  append_step(r, "edit", step, field_changes(u.doc.root, r, catalog.key_order("unit")->keys()));
  return rewrite(catalog, u, r);
}

store::Changes move_unit(const schema::Catalog& catalog, const Unit& u, const grid::Grid& to, const StepInfo& step) {
  require_group(to);
  if (u.group == &to) throw Error(msg("{} is already in {}", u.id, to.path));
  store::Changes c;
  if (u.loaded && u.group) {  // the step is written into the folder before it moves
    Node r = u.doc.root;
    Node change = Node::mapping();
    change.set("field", Node::string("group"));
    change.set("from", Node::string(u.group->path));
    change.set("to", Node::string(to.path));
    Node changes = Node::sequence();
    changes.push(std::move(change));
    append_step(r, "move", step, std::move(changes));
    c = rewrite(catalog, u, r, store::join(store::join(to.folder(), kUnitsDir), u.id));
  }
  c.moves.emplace_back(u.folder, store::join(store::join(to.folder(), kUnitsDir), u.id));
  return c;
}

store::Changes close_unit(const schema::Catalog& catalog, const Unit& u, const Date& date,
                          const std::string& reason) {
  require_clean(u);
  if (!u.active()) throw Error(msg("{} is closed already", u.id), tr("reopen it first to change this"));
  if (reason.empty()) throw Error(tr("closing a unit needs a reason"), tr("pass --reason, e.g. --reason 停业"));
  Node r = u.doc.root;
  r.set("status", Node::string("closed"));
  r.set("closed_on", Node::string(date.iso()));
  r.set("closed_reason", Node::string(reason));
  return rewrite(catalog, u, r);
}

store::Changes reopen_unit(const schema::Catalog& catalog, const Unit& u) {
  require_clean(u);
  if (u.active()) throw Error(msg("{} is active", u.id));
  Node r = u.doc.root;
  r.set("status", Node::string("active"));
  r.erase("closed_on");
  r.erase("closed_reason");
  return rewrite(catalog, u, r);
}

}  // namespace firegrid::unit
