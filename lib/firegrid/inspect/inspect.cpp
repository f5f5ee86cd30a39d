#include <firegrid/inspect/inspect.hpp>

#include <firegrid/record/cache.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/parallel.hpp>
#include <firegrid/core/id.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/unit/category.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

#include <unordered_map>

#include <algorithm>
#include <iterator>
#include <map>

namespace firegrid::inspect {

const std::vector<Kind>& kinds() {
  static const std::vector<Kind> all = {
    {"patrol", "巡查", grid::Level::group},
    {"village-check", "日常检查", grid::Level::village},
    {"police-spot-check", "监督抽查", grid::Level::township},
    {"community-police-check", "每周一查", grid::Level::village},
    {"township-inspection", "检查巡查", grid::Level::township},
    {"fire-brigade-inspection", "消防监督检查", grid::Level::county},
    {"county-supervision", "县级督导检查", grid::Level::county},
    {"self-inspection", "单位自查", grid::Level::group},
  };
  return all;
}

const Kind* find_kind(const std::string& s) {
  for (const auto& k : kinds())
    if (s == k.id || s == k.chinese) return &k;
  return nullptr;
}

Checklist::Checklist(const schema::Catalog& catalog) {
  const doc::Node* root = catalog.data("checklists.yaml");
  const doc::Node* items = root ? root->find("items") : nullptr;
  if (!items) throw Error(tr("the checklist catalogue (schemas/checklists.yaml) is missing"));
  for (const auto& n : items->items()) {
    Item i{n.get_string("code"), n.get_string("text"), n.get_string("english"), false, {}, n.get_string("basis")};
    const doc::Node* applies = n.find("applies");
    if (applies && applies->is_string() && applies->as_string() == "all") i.all = true;
    if (applies && applies->is_sequence())
      for (const auto& c : applies->items()) i.categories.insert(c.as_string());
    items_.push_back(std::move(i));
  }
}

const Checklist::Item* Checklist::find(const std::string& code) const {
  for (const auto& i : items_)
    if (i.code == code) return &i;
  return nullptr;
}

std::vector<const Checklist::Item*> Checklist::for_category(const std::string& category) const {
  std::vector<const Item*> out;
  for (const auto& i : items_)
    if (i.all || (!category.empty() && i.categories.count(category))) out.push_back(&i);
  return out;
}

std::vector<std::string_view> Inspection::inspectors() const {
  std::vector<std::string_view> names;
  std::string_view rest = inspector_lines;
  while (!rest.empty()) {
    const std::size_t end = rest.find('\n');
    names.push_back(rest.substr(0, end));
    rest.remove_prefix(end == std::string_view::npos ? rest.size() : end + 1);
  }
  return names;
}

Recorded recorded_paths(const std::vector<Inspection>& inspections) {
  Recorded out;
  out.reserve(inspections.size());
  for (const auto& in : inspections) out.insert(in.record.path);
  return out;
}

namespace {

bool below(const grid::Grid& g, const grid::Grid& top) { return g.is_within(top); }

// What the commands keep of an inspection, as bytes the cache keeps: its kind, date,
// result, id, the inspectors' names, the units it visited and its items' codes, statuses
// and hazards, with the marks that findings need. A command reads no inspection's whole
// tree unless it asks for it.
struct InspectionFields {
  std::string kind, date, result, id;
  doc::Mark result_mark, units_mark;
  bool has_result = false, has_units = false;
  struct Ref {
    std::string value;
    doc::Mark mark;
  };
  std::vector<Ref> units;
  struct Item {
    Ref code, hazard;
    bool has_code = false, fixed = false;
    std::string status, waived;  // waived: the waiver's date, or ""
    bool has_waiver = false;
  };
  std::vector<Item> items;
  std::string inspector_lines;  // Inspection::inspector_lines
};

std::string inspection_summary(const doc::Document& d) {
  const doc::Node& root = d.root;
  std::string out;
  record::put_str(out, root.get_string("kind"));
  record::put_str(out, root.get_string("date"));
  const doc::Node* result = root.find("result");
  out.push_back(result ? 1 : 0);
  record::put_str(out, result ? result->as_string() : "");
  record::put_mark(out, result ? result->mark() : doc::Mark{});
  record::put_str(out, root.get_string("id"));
  const doc::Node* units = root.find("units");
  out.push_back(units ? 1 : 0);
  record::put_mark(out, root.key_mark("units"));
  record::put_varint(out, units ? units->items().size() : 0);
  if (units)
    for (const auto& v : units->items()) {
      record::put_str(out, v.as_string());
      record::put_mark(out, v.mark());
    }
  const doc::Node* items = root.find("items");
  record::put_varint(out, items ? items->items().size() : 0);
  if (items)
    for (const auto& i : items->items()) {
      const doc::Node* code = i.find("code");
      const bool string_code = code && code->is_string();
      out.push_back(string_code ? 1 : 0);
      record::put_str(out, string_code ? code->as_string() : "");
      record::put_mark(out, code ? code->mark() : doc::Mark{});
      record::put_str(out, i.get_string("status"));
      const doc::Node* h = i.find("hazard");
      const bool string_hazard = h && h->is_string();
      record::put_str(out, string_hazard ? h->as_string() : "");
      record::put_mark(out, string_hazard ? h->mark() : doc::Mark{});
      const doc::Node* fixed = i.find("fixed");
      out.push_back(fixed && fixed->kind() == doc::Kind::boolean && fixed->as_bool() ? 1 : 0);
      const doc::Node* waiver = i.find("waiver");
      out.push_back(waiver ? 1 : 0);
      record::put_str(out, waiver ? waiver->get_string("date") : "");
    }
  const doc::Node* inspectors = root.find("inspectors");
  record::put_varint(out, inspectors ? inspectors->items().size() : 0);
  if (inspectors)
    for (const auto& i : inspectors->items()) record::put_str(out, i.get_string("name"));
  return out;
}

bool read_inspection_summary(std::string_view bytes, InspectionFields& f) {
  record::ByteReader in{bytes.data(), bytes.data() + bytes.size()};
  f.kind = std::string(in.str());
  f.date = std::string(in.str());
  f.has_result = in.byte() != 0;
  f.result = std::string(in.str());
  f.result_mark = in.mark();
  f.id = std::string(in.str());
  f.has_units = in.byte() != 0;
  f.units_mark = in.mark();
  const std::uint64_t units = in.varint();
  for (std::uint64_t i = 0; i < units && !in.bad; ++i) {
    InspectionFields::Ref r;
    r.value = std::string(in.str());
    r.mark = in.mark();
    f.units.push_back(std::move(r));
  }
  const std::uint64_t items = in.varint();
  for (std::uint64_t i = 0; i < items && !in.bad; ++i) {
    InspectionFields::Item it;
    it.has_code = in.byte() != 0;
    it.code.value = std::string(in.str());
    it.code.mark = in.mark();
    it.status = std::string(in.str());
    it.hazard.value = std::string(in.str());
    it.hazard.mark = in.mark();
    it.fixed = in.byte() != 0;
    it.has_waiver = in.byte() != 0;
    it.waived = std::string(in.str());
    f.items.push_back(std::move(it));
  }
  const std::uint64_t names = in.varint();
  for (std::uint64_t i = 0; i < names && !in.bad; ++i) {
    if (i > 0) f.inspector_lines += '\n';
    f.inspector_lines += in.str();
  }
  return !in.bad && in.p == in.end;
}

// An inspection from its fields, with the findings that need other records.
void take_inspection(const Checklist& checklist, const unit::Registry& units, const std::string& path,
                     InspectionFields&& f, Inspection& in, Findings& findings) {
  in.kind = std::move(f.kind);
  parse_date(f.date, in.date);
  in.result = std::move(f.result);
  if (f.id != record::id_of(path)) in.declared_id = std::move(f.id);
  in.inspector_lines = std::move(f.inspector_lines);
  auto at = [&](const doc::Mark& m) { return Location{path, m.line, m.column}; };
  if (f.has_units) {
    if (in.unit)
      findings.error(at(f.units_mark), "inspection-units", tr("an inspection of one unit lists other units"),
                     tr("list visited units only in a check filed at a grid"));
    for (auto& v : f.units) {
      // Where the unit is now is not checked: a visit is history, and a unit moved to
      // another group since keeps the patrols that visited it.
      if (!units.by_id(v.value))
        findings.error(at(v.mark), "inspection-unknown-unit", msg("no unit {}", v.value),
                       tr("`firegrid unit list` shows the units"));
      else
        in.visited.push_back(std::move(v.value));
    }
  }
  bool failed = false;
  for (auto& item : f.items) {
    if (item.has_code && !checklist.find(item.code.value))
      findings.error(at(item.code.mark), "inspection-unknown-item",
                     msg("no checklist item '{}'", item.code.value),
                     tr("`firegrid inspect checklist` lists the codes"));
    failed = failed || item.status == "fail";
    const int endings = (item.hazard.value.empty() ? 0 : 1) + (item.fixed ? 1 : 0) + (item.has_waiver ? 1 : 0);
    if (endings > 0 && item.status != "fail")
      findings.error(at(item.code.mark), "inspection-item-ending",
                     msg("item {} is {}, but it has the ending of a failed item", item.code.value, item.status),
                     tr("only a failed item has a hazard, a fix on the spot (fixed) or a waiver; remove it"));
    else if (endings > 1)
      findings.error(at(item.code.mark), "inspection-item-ending",
                     msg("failed item {} has more than one ending", item.code.value),
                     tr("a failed item ends in one of: a hazard, a fix on the spot (fixed: true) or a waiver; keep one"));
    if (item.status == "fail") {
      Inspection::FailedItem fi;
      fi.code = item.code.value;
      fi.hazard = item.hazard.value;
      fi.fixed = item.fixed;
      if (Date d; item.has_waiver && parse_date(item.waived, d)) {
        fi.waived = d;
        if (d < in.date)
          findings.error(at(item.code.mark), "inspection-item-ending",
                         msg("the waiver of item {} is dated {}, before the inspection", fi.code, d.iso()),
                         tr("date the waiver on or after the inspection's day"));
      }
      fi.mark = item.code.mark;
      in.failed.push_back(std::move(fi));
    }
    if (!item.hazard.value.empty()) in.hazard_links.push_back({std::move(item.hazard.value), item.hazard.mark});
  }
  if (f.has_result && failed && in.result == "pass")
    findings.error(at(f.result_mark), "inspection-result", tr("result is pass but an item failed"), tr("write `result: fail`"));
}

}  // namespace

namespace {

// Every re-check step of a hazard that names its inspection: the inspection exists and can
// be the re-check (recheck_mismatch).
void check_rechecks(const std::vector<Inspection>& inspections, const std::vector<Hazard>& hazards,
                    Findings& findings) {
  // Only the inspections some hazard names (a few hundred of a year's 260,000).
  std::unordered_map<std::string_view, const Inspection*> by_id;
  for (const auto& h : hazards)
    if (const doc::Node* history = h.record.doc().root.find("history"); history && history->is_sequence())
      for (const auto& e : history->items())
        if (const doc::Node* named = e.find("inspection")) by_id.emplace(named->as_string(), nullptr);
  if (by_id.empty()) return;
  for (const auto& in : inspections)
    if (const auto it = by_id.find(in.record.id()); it != by_id.end() && !it->second) it->second = &in;
  for (const auto& h : hazards) {
    const doc::Node* history = h.record.doc().root.find("history");
    if (!history || !history->is_sequence()) continue;
    for (const auto& e : history->items()) {
      const doc::Node* named = e.find("inspection");
      if (!named) continue;
      const std::string id = named->as_string();
      const doc::Mark m = named->mark();
      const Location where{h.record.path, m.line, m.column};
      const auto it = by_id.find(id);
      Date day;
      if (it == by_id.end() || !it->second) {
        findings.error(where, "hazard-recheck-inspection", msg("no inspection {}", id),
                       tr("record the re-check inspection (firegrid inspect add), or remove the `inspection` of the step"));
      } else if (parse_date(e.get_string("date"), day)) {
        if (const std::string why = recheck_mismatch(*it->second, h, day); !why.empty())
          findings.error(where, "hazard-recheck-inspection", why + ": it cannot be the hazard's re-check",
                         tr("name an inspection of the hazard's unit (or a grid check that visited it) dated the step's day"));
      }
    }
  }
}

}  // namespace

void load(record::Reader& reader, const grid::Tree& tree, const unit::Registry& units,
          std::vector<Inspection>& inspections, std::vector<Hazard>& hazards, Findings& findings,
          const LoadWhat& what) {
  const Checklist checklist(reader.catalog());
  // Every place that files records: the grids, then the units, each with its folder.
  struct Place {
    const grid::Grid* grid;
    const unit::Unit* unit;
  };
  std::vector<Place> places;
  std::vector<std::string> folders;
  tree.walk([&](grid::Grid& g) {
    places.push_back({&g, nullptr});
    folders.push_back(g.folder());
  });
  for (const auto& u : units.units) {
    places.push_back({u.group, &u});
    folders.push_back(u.folder);
  }
  // The folders are listed on every core (a county's 280,000 files are as many stats,
  // which git status spreads over its threads too), then joined in the places' order.
  struct Listed {
    std::vector<record::FiledFile> hazards, inspections;
    Findings findings;
  };
  std::vector<Listed> listed(places.size());
  parallel_for(places.size(), [&](std::size_t i) {
    record::list_filed(reader, folders[i], kHazardsDir, i, listed[i].hazards, listed[i].findings);
    if (what.inspections) record::list_filed(reader, folders[i], kInspectionsDir, i, listed[i].inspections, listed[i].findings);
  });
  record::FiledFiles hazard_files, inspection_files;
  for (auto& l : listed) {
    findings.append(l.findings);
    std::move(l.hazards.begin(), l.hazards.end(), std::back_inserter(hazard_files));
    std::move(l.inspections.begin(), l.inspections.end(), std::back_inserter(inspection_files));
  }
  listed = {};

  record::read_filed(reader, hazard_files, "hazard", findings,
                     [&](const record::FiledFile& f, record::FiledRecord&& r, record::Read&&) {
                       hazards.push_back({std::move(r), places[f.place].grid, places[f.place].unit});
                     });
  if (!what.inspections) return;
  record::ReadOptions options;
  options.documents = what.documents;
  options.summarise = inspection_summary;
  inspections.reserve(inspection_files.size());  // exactly: a county's 260,000 are 70 MB
  record::read_filed(
      reader, inspection_files, "inspection", findings,
      [&](const record::FiledFile& f, record::FiledRecord&& r, record::Read&& read) {
        Inspection in;
        in.grid = places[f.place].grid;
        in.unit = places[f.place].unit;
        if (InspectionFields fields; read_inspection_summary(read.summary, fields))
          take_inspection(checklist, units, r.path, std::move(fields), in, findings);
        in.record = std::move(r);
        inspections.push_back(std::move(in));
      },
      options);

  std::set<std::string> hazard_ids;
  for (const auto& h : hazards) hazard_ids.emplace(h.record.id());
  for (const auto& in : inspections)
    for (const auto& link : in.hazard_links)
      if (!hazard_ids.count(link.hazard))
        findings.error({in.record.path, link.mark.line, link.mark.column}, "inspection-unknown-hazard",
                       msg("no hazard {}", link.hazard), tr("restore the hazard from git, or remove the link"));
  check_rechecks(inspections, hazards, findings);
}

namespace {

std::string short_hash(const std::string& key) { return hashed_id(key, 6); }

std::string compact(const Date& d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

// Sets `items` on inspection record `r` (replacing items of the same code, keeping the
// others) and its result; opens a hazard for each newly failed item when asked, adding it
// to `c`. Throws Error for an unknown code or status.
void set_items(const schema::Catalog& catalog, const Checklist& checklist, doc::Node& r,
               const std::vector<NewInspection::Item>& items, bool open_hazards, const std::string& kind,
               const Date& date, const std::string& folder, Created& c) {
  doc::Node* list = r.find("items");
  if (!list && !items.empty()) list = &r.set("items", doc::Node::sequence());
  std::set<std::string> given;
  for (const auto& it : items)
    if (!given.insert(it.code).second)
      throw Error(msg("item {} is given twice", it.code), tr("give each checklist item once"));
  for (const auto& it : items) {
    const Checklist::Item* item = checklist.find(it.code);
    if (!item) throw Error(msg("no checklist item '{}'", it.code), tr("`firegrid inspect checklist` lists the codes"));
    if (it.status != "pass" && it.status != "fail" && it.status != "na" && it.status != "fixed")
      throw Error(msg("item {}: status '{}' is not pass, fail, fixed or na", it.code, it.status));
    const bool fixed = it.status == "fixed";
    doc::Node n = doc::Node::mapping();
    n.set("code", doc::Node::string(it.code));
    n.set("status", doc::Node::string(fixed ? "fail" : it.status));
    if (!it.note.empty()) n.set("note", doc::Node::string(it.note));
    doc::Node* slot = nullptr;
    for (auto& old : list->items())
      if (old.get_string("code") == it.code) slot = &old;
    if (fixed && slot && !slot->get_string("hazard").empty())
      throw Error(msg("item {} is followed by hazard {}; it cannot be fixed on the spot as well", it.code,
                              slot->get_string("hazard")),
                  msg("record the fix on the hazard: firegrid hazard close {} --on-spot --by ...",
                              slot->get_string("hazard")));
    if (fixed) n.set("fixed", doc::Node::boolean(true));
    if (slot && it.status == "fail" && !slot->get_string("hazard").empty())
      n.set("hazard", doc::Node::string(slot->get_string("hazard")));  // keeps its hazard
    if (it.status == "fail" && open_hazards && !n.find("hazard")) {
      const std::string hid = fmt::format("h-{}-{}", compact(date), short_hash(r.get_string("id") + "\n" + it.code));
      doc::Node h = doc::Node::mapping();
      h.set("id", doc::Node::string(hid));
      h.set("state", doc::Node::string("found"));
      h.set("severity", doc::Node::string("general"));
      h.set("found_on", doc::Node::string(date.iso()));
      h.set("source", doc::Node::string(kind == "patrol" ? "patrol" : "inspection"));
      h.set("inspection", doc::Node::string(r.get_string("id")));
      h.set("item", doc::Node::string(it.code));
      h.set("description", doc::Node::string(it.note.empty() ? item->text : item->text + "：" + it.note));
      const doc::Node* inspectors = r.find("inspectors");
      const doc::Node by = inspectors && !inspectors->items().empty() ? inspectors->items().front() : doc::Node();
      if (by.is_mapping()) h.set("found_by", hazard::actor(by));
      doc::Node history = doc::Node::sequence();
      history.push(hazard::open_event(date, by, "", "general"));
      h.set("history", std::move(history));
      const std::string hpath = store::join(store::join(folder, kHazardsDir), hid + ".yaml");
      catalog.require_valid("hazard", hpath, h);
      c.changes.writes[hpath] = catalog.file_text("hazard", hpath, h);
      c.hazards.push_back(hid);
      n.set("hazard", doc::Node::string(hid));
    }
    if (slot) *slot = std::move(n);
    else list->push(std::move(n));
  }
  bool failed = false;
  if (list)
    for (const auto& i : list->items()) failed = failed || i.get_string("status") == "fail";
  r.set("result", doc::Node::string(failed ? "fail" : "pass"));
}

}  // namespace

Created record(const schema::Catalog& catalog, const Checklist& checklist, const unit::Registry& units,
               const grid::Grid& g, const unit::Unit* u, const NewInspection& in,
               const Recorded& existing) {
  const Kind* kind = find_kind(in.kind);
  if (!kind) {
    std::vector<std::string> ids;
    for (const auto& k : kinds()) ids.push_back(fmt::format("{} ({})", k.id, k.chinese));
    throw Error(msg("unknown inspection kind '{}'", in.kind), msg("use one of: {}", fmt::join(ids, ", ")));
  }
  if (in.inspectors.empty()) throw Error(tr("an inspection needs an inspector"), tr("pass --inspector name=..,org=.."));
  if (u && !in.visited.empty()) throw Error(tr("--visit lists the units of a check of a grid, not of a unit"));
  const std::string folder = u ? u->folder : g.folder();
  std::string key = fmt::format("{}\n{}\n{}\n{}", folder, kind->id, in.date.iso(), in.time);
  for (const auto& p : in.inspectors) key += "\n" + p.get_string("name");
  Created c;
  c.id = fmt::format("i-{}-{}", compact(in.date), short_hash(clone_key(key, in.clone)));
  c.path = store::join(store::join(folder, kInspectionsDir), c.id + ".yaml");
  if (existing.count(c.path)) {
    c.exists = true;
    return c;
  }

  doc::Node r = doc::Node::mapping();
  r.set("id", doc::Node::string(c.id));
  r.set("kind", doc::Node::string(kind->id));
  r.set("date", doc::Node::string(in.date.iso()));
  if (!in.time.empty()) r.set("time", doc::Node::string(in.time));
  doc::Node people = doc::Node::sequence();
  for (const auto& p : in.inspectors) people.push(p);
  r.set("inspectors", std::move(people));
  if (!in.visited.empty()) {
    doc::Node visited = doc::Node::sequence();
    for (const auto& id : in.visited) {
      const unit::Unit* vu = units.by_id(id);
      if (!vu) throw Error(msg("no unit {}", id), tr("`firegrid unit list` shows the units"));
      if (!vu->group || !below(*vu->group, g))
        throw Error(msg("unit {} ({}) is not in {}", id, vu->name(), g.display_path()),
                    tr("a check of a grid visits units of that grid"));
      visited.push(doc::Node::string(id));
    }
    r.set("units", std::move(visited));
  }
  set_items(catalog, checklist, r, in.items, in.open_hazards, kind->id, in.date, folder, c);
  if (!in.summary.empty()) r.set("summary", doc::Node::string(in.summary));
  catalog.require_valid("inspection", c.path, r);
  c.changes.writes[c.path] = catalog.file_text("inspection", c.path, r);
  return c;
}

namespace {

// Records `w` on its items of inspection record `r` dated `day`. Throws Error when an
// item is not recorded, not failed or followed otherwise, or the date is out of range.
void inspect_set_waiver(doc::Node& r, const Date& day, const Waiver& w, const Date& today) {
  if (w.codes.empty()) return;
  if (w.reason.empty()) throw Error(tr("a waiver needs a reason"), tr("pass --reason TEXT"));
  if (!w.by.is_mapping()) throw Error(tr("a waiver needs who decided it"), tr("pass --by 王强/槐阳镇派出所"));
  if (w.date < day)
    throw Error(msg("the waiver's date {} is before the inspection ({})", w.date.iso(), day.iso()));
  if (today < w.date) throw Error(msg("the date {} is after today ({})", w.date.iso(), today.iso()));
  doc::Node* list = r.find("items");
  std::set<std::string> seen;
  for (const auto& code : w.codes) {
    if (!seen.insert(code).second)
      throw Error(msg("item {} is given twice", code), tr("give each checklist item once"));
    doc::Node* slot = nullptr;
    if (list)
      for (auto& i : list->items())
        if (i.get_string("code") == code) slot = &i;
    if (!slot) throw Error(msg("{} lists no item {}", r.get_string("id"), code), tr("`firegrid inspect show` lists its items"));
    if (slot->get_string("status") != "fail")
      throw Error(msg("item {} is {}, not failed: it needs no waiver", code, slot->get_string("status")));
    if (!slot->get_string("hazard").empty())
      throw Error(msg("item {} is followed by hazard {} already", code, slot->get_string("hazard")));
    if (const doc::Node* f = slot->find("fixed"); f && f->kind() == doc::Kind::boolean && f->as_bool())
      throw Error(msg("item {} was fixed on the spot already", code));
    doc::Node waiver = doc::Node::mapping();
    waiver.set("by", w.by);
    waiver.set("reason", doc::Node::string(w.reason));
    waiver.set("date", doc::Node::string(w.date.iso()));
    slot->set("waiver", std::move(waiver));
  }
}

}  // namespace

Created edit(const schema::Catalog& catalog, const Checklist& checklist, const Inspection& in,
             const std::vector<NewInspection::Item>& items, const std::string& summary, bool open_hazards,
             const Waiver& waiver, const Date& today) {
  if (!in.record.loaded)
    throw Error(msg("{} cannot be read cleanly, so it cannot be edited", in.record.path),
                tr("run `firegrid check` and fix the file first"));
  Created c;
  c.id = in.record.id();
  c.path = in.record.path;
  doc::Node r = in.record.doc().root;
  const std::string folder = in.unit ? in.unit->folder : in.grid->folder();
  set_items(catalog, checklist, r, items, open_hazards, in.kind, in.date, folder, c);
  inspect_set_waiver(r, in.date, waiver, today);
  if (!summary.empty()) r.set("summary", doc::Node::string(summary));
  catalog.require_valid("inspection", c.path, r);
  const std::string content = catalog.file_text("inspection", c.path, r);
  if (!schema::same_but_modeline(content, in.record.doc().text)) c.changes.writes[c.path] = content;
  return c;
}

std::vector<Unfollowed> unfollowed(const std::vector<Inspection>& inspections, const std::vector<Hazard>& hazards,
                                   const Date& day) {
  // The day each hazard was found, by id and by the inspection item it names.
  std::unordered_map<std::string, Date> found_by_id, found_by_item;
  for (const auto& h : hazards) {
    const doc::Node& r = h.record.doc().root;
    Date found;
    if (!parse_date(r.get_string("found_on"), found)) continue;
    found_by_id.emplace(h.record.id(), found);
    const std::string inspection = r.get_string("inspection"), item = r.get_string("item");
    if (inspection.empty() || item.empty()) continue;
    const auto [it, fresh] = found_by_item.emplace(inspection + "\n" + item, found);
    if (!fresh && found < it->second) it->second = found;
  }
  const auto by_then = [&](const std::unordered_map<std::string, Date>& found, const std::string& key) {
    const auto it = found.find(key);
    return it != found.end() && !(day < it->second);
  };
  std::vector<Unfollowed> out;
  for (const auto& in : inspections) {
    if (day < in.date) continue;
    for (const auto& item : in.failed) {
      if (item.fixed || (item.waived && !(day < *item.waived))) continue;
      // A linked hazard that does not exist (not found yet on a past day) ends nothing.
      if (!item.hazard.empty() && by_then(found_by_id, item.hazard)) continue;
      if (by_then(found_by_item, std::string(in.record.id()) + "\n" + item.code)) continue;
      out.push_back({&in, &item});
    }
  }
  return out;
}

std::string recheck_mismatch(const Inspection& in, const Hazard& h, const Date& day) {
  if (in.kind == "self-inspection") return fmt::format("{} is the unit's self-inspection, not a re-check", in.record.id());
  if (!(in.date == day))
    return fmt::format("{} is dated {}, not the re-check's day {}", in.record.id(), in.date.iso(), day.iso());
  if (h.unit) {
    if (in.unit == h.unit || std::find(in.visited.begin(), in.visited.end(), h.unit->id) != in.visited.end())
      return "";
    return fmt::format("{} did not inspect {} ({})", in.record.id(), h.unit->id, h.unit->name());
  }
  if (!in.unit && in.grid && h.grid && below(*h.grid, *in.grid)) return "";
  return fmt::format("{} is not a check of {}", in.record.id(), h.grid ? h.grid->display_path() : "the hazard's grid");
}

std::vector<ItemLoop> item_loops(const std::vector<Inspection>& inspections, const std::vector<Hazard>& hazards,
                                 const Date& day) {
  // Each hazard by id, and the earliest found by the inspection item it names.
  std::unordered_map<std::string, const Hazard*> by_id, by_item;
  std::unordered_map<const Hazard*, Date> found_on;
  for (const auto& h : hazards) {
    const doc::Node& r = h.record.doc().root;
    Date found;
    if (!parse_date(r.get_string("found_on"), found) || day < found) continue;
    found_on.emplace(&h, found);
    by_id.emplace(h.record.id(), &h);
    const std::string inspection = r.get_string("inspection"), item = r.get_string("item");
    if (inspection.empty() || item.empty()) continue;
    const auto [it, fresh] = by_item.emplace(inspection + "\n" + item, &h);
    if (!fresh && found < found_on[it->second]) it->second = &h;
  }
  std::vector<ItemLoop> out;
  for (const auto& in : inspections) {
    if (day < in.date) continue;
    for (const auto& item : in.failed) {
      if (item.fixed || (item.waived && !(day < *item.waived))) continue;
      const Hazard* h = nullptr;
      if (const auto it = by_id.find(item.hazard); !item.hazard.empty() && it != by_id.end()) h = it->second;
      else if (const auto k = by_item.find(std::string(in.record.id()) + "\n" + item.code); k != by_item.end()) h = k->second;
      if (!h) continue;
      doc::Node storage;
      const doc::Node* then = hazard::on_day(h->record.doc().root, day, storage);
      if (!then) continue;
      ItemLoop loop;
      loop.inspection = &in;
      loop.item = &item;
      loop.hazard = h;
      loop.closed = !hazard::is_open(hazard::state_of(*then));
      if (loop.closed) {
        if (Date d; parse_date(then->get_string("closed_on"), d)) loop.closed_on = d;
        if (const doc::Node* history = then->find("history"))
          for (const auto& e : history->items())
            if (e.get_string("event") == "verify-pass") loop.recheck = e.get_string("inspection");
        if (hazard::state_of(*then) == hazard::State::fixed) loop.recheck.clear();
      }
      out.push_back(loop);
    }
  }
  return out;
}

Created link_hazard(const schema::Catalog& catalog, const store::Disk& disk, const Inspection& in,
                    const std::string& code, const std::string& hazard_id) {
  const std::string& path = in.record.path;
  const auto text = disk.read(path, doc::LoadLimits{}.max_bytes);
  auto loaded = text ? doc::load(path, *text) : doc::LoadResult{};
  if (!loaded.document || !loaded.clean())
    throw Error(msg("{} cannot be read cleanly, so the hazard cannot be linked from it", path),
                tr("run `firegrid check` and fix the file first"));
  doc::Node r = loaded.document->root;
  Created c;
  c.id = in.record.id();
  c.path = path;
  doc::Node* list = r.find("items");
  if (!list) list = &r.set("items", doc::Node::sequence());
  doc::Node* slot = nullptr;
  for (auto& i : list->items())
    if (i.get_string("code") == code) slot = &i;
  if (!slot) {
    doc::Node n = doc::Node::mapping();
    n.set("code", doc::Node::string(code));
    n.set("status", doc::Node::string("fail"));
    list->push(std::move(n));
    slot = &list->items().back();
  }
  const std::string status = slot->get_string("status");
  if (status != "fail")
    throw Error(msg("item {} of {} is {}, not failed", code, in.record.id(), status),
                msg("record it as failed first: firegrid inspect edit {} --item {}=fail", in.record.id(), code));
  const std::string linked = slot->get_string("hazard");
  if (!linked.empty() && linked != hazard_id)
    throw Error(msg("item {} of {} is followed by hazard {} already", code, in.record.id(), linked),
                msg("`firegrid hazard show {}`", linked));
  if (const doc::Node* f = slot->find("fixed"); f && f->kind() == doc::Kind::boolean && f->as_bool())
    throw Error(msg("item {} of {} was fixed on the spot", code, in.record.id()),
                msg("if it was not, record it as failed again: firegrid inspect edit {} --item {}=fail",
                            in.record.id(), code));
  if (slot->find("waiver"))
    throw Error(msg("item {} of {} is waived", code, in.record.id()),
                msg("to open a hazard after all, record it as failed anew (that drops the waiver): "
                            "firegrid inspect edit {} --item {}=fail",
                            in.record.id(), code));
  slot->set("hazard", doc::Node::string(hazard_id));
  r.set("result", doc::Node::string("fail"));
  catalog.require_valid("inspection", path, r);
  const std::string content = catalog.file_text("inspection", path, r);
  if (!schema::same_but_modeline(content, *text)) c.changes.writes[path] = content;
  return c;
}

std::optional<long> policy_days(const doc::Node& policy, const std::string& category) {
  const doc::Node* days = policy.find("unit_check_days");
  if (!days) return std::nullopt;
  const doc::Node* n = days->find(category);
  if (!n) n = days->find("default");
  if (!n || n->kind() != doc::Kind::integer) return std::nullopt;
  return n->as_int();
}

std::vector<DueRow> due(const grid::Tree& tree, const unit::Registry& units,
                        const std::vector<Inspection>& inspections, const std::vector<policy::Cadence>& cadences,
                        const doc::Node& policy, const grid::Grid& under, const Date& as_of, int within) {
  std::vector<DueRow> rows;
  const auto since = policy::records_since(policy);
  // Checks by unit and kind, a grid's own or a visit's.
  std::unordered_map<std::string_view, std::map<std::string, std::vector<Date>>> unit_checks;  // by unit id
  for (const auto& in : inspections) {
    if (in.unit) unit_checks[in.unit->id][in.kind].push_back(in.date);
    for (const auto& id : in.visited) unit_checks[id][in.kind].push_back(in.date);
  }
  // The cadences of inspection kinds: a grid level (checks at or below each grid), every
  // unit of some categories, or each township's police district.
  for (const auto& c : cadences) {
    if (c.counts != policy::Cadence::Counts::check) continue;  // meeting due
    const auto judge = [&](const std::string& path, const std::string& place, const std::string& unit,
                           const std::vector<Date>& done, std::optional<Date> from = std::nullopt) {
      // A unit is asked nothing of the periods that ended before it was registered.
      if (!from || (since && *from < *since)) from = since;
      const auto s = policy::cadence_state(c.periods, done, as_of, within, from);
      const std::string last_s = s.last ? s.last->iso() : "";
      if (s.missed) rows.push_back({path, place, unit, c.kind, s.before.name, s.before.last, "missed", last_s});
      if (s.due) rows.push_back({path, place, unit, c.kind, s.now.name, s.now.last, "due", last_s});
    };
    if (c.scope == policy::Cadence::Scope::unit) {
      for (const auto& u : units.units) {
        if (!u.active_on(as_of) || !u.group || !below(*u.group, under) ||
            (!c.categories.empty() && !c.categories.count(u.category())))
          continue;
        const std::vector<Date>* done = nullptr;
        if (const auto it = unit_checks.find(u.id); it != unit_checks.end())
          if (const auto k = it->second.find(c.kind); k != it->second.end()) done = &k->second;
        Date registered;
        judge(u.group->path, u.name(), u.id, done ? *done : std::vector<Date>{},
              parse_date(u.doc.root.get_string("registered"), registered) ? std::optional<Date>(registered)
                                                                          : std::nullopt);
      }
      continue;
    }
    const bool district = c.scope == policy::Cadence::Scope::police_district;
    // The checks of this kind at or below each grid: one pass, each check counted at its
    // grid and every grid above (not every grid against every check: a county's year is
    // 260,000 checks and a thousand groups).
    std::unordered_map<const grid::Grid*, std::vector<Date>> done_at;
    for (const auto& in : inspections) {
      if (in.kind != c.kind || !in.grid) continue;
      if (district && in.unit && unit::effective_supervisor(in.unit->doc.root) != unit::Supervisor::police_station)
        continue;
      for (const grid::Grid* p = in.grid; p; p = p->parent) done_at[p].push_back(in.date);
    }
    tree.walk([&](grid::Grid& g) {
      if ((district ? g.level != grid::Level::township : grid::to_string(g.level) != c.level) || !below(g, under))
        return;
      const auto it = done_at.find(&g);
      judge(g.path, district ? g.name() + "（派出所辖区）" : g.name(), "", it == done_at.end() ? std::vector<Date>{} : it->second);
    });
  }
  // Units: the interval of their category since their last check (or registration).
  std::unordered_map<std::string_view, Date> last_check;  // by unit id
  for (const auto& in : inspections) {
    if (in.kind == "self-inspection" || as_of < in.date) continue;
    auto note = [&](std::string_view id) {
      const auto it = last_check.find(id);
      if (it == last_check.end() || it->second < in.date) last_check[id] = in.date;
    };
    if (in.unit) note(in.unit->id);
    for (const auto& id : in.visited) note(id);
  }
  for (const auto& u : units.units) {
    if (!u.active() || !u.group || !below(*u.group, under)) continue;
    const auto days = policy_days(policy, u.category());
    if (!days) continue;
    const auto it = last_check.find(u.id);
    Date base = as_of;
    std::string last;
    if (it != last_check.end()) {
      base = it->second;
      last = base.iso();
    } else if (Date reg; parse_date(u.doc.root.get_string("registered"), reg)) {
      base = reg;
    }
    const Date due = base.plus(*days);
    if (due < as_of) rows.push_back({u.group->path, u.name(), u.id, "unit-check", "", due, "overdue", last});
    else if (due <= as_of.plus(within)) rows.push_back({u.group->path, u.name(), u.id, "unit-check", "", due, "due-soon", last});
  }
  std::stable_sort(rows.begin(), rows.end(), [](const DueRow& a, const DueRow& b) {
    return std::tie(a.grid, a.kind, a.unit, a.due.year, a.due.month, a.due.day) <
           std::tie(b.grid, b.kind, b.unit, b.due.year, b.due.month, b.due.day);
  });
  return rows;
}

}  // namespace firegrid::inspect
