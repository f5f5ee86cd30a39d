#include <firegrid/report/export.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/json.hpp>
#include <firegrid/render/table.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::report {

namespace {

// The sealed box of a tip's reporter: exported nowhere, even sealed.
constexpr const char* kReporter = "reporter";

std::string singular(const std::string& kind) { return kind.substr(0, kind.size() - 1); }

void add_filed(std::vector<Row>& rows, const char* kind, const record::FiledRecord& r, const grid::Grid* g) {
  if (!r.loaded) return;
  rows.push_back({kind, std::string(r.id()), g ? g->path : "", r.path, r.doc().root});
}

std::string cell(const doc::Node& n) {
  switch (n.kind()) {
  case doc::Kind::null: return "";
  case doc::Kind::string: return n.as_string();
  case doc::Kind::sequence:
  case doc::Kind::mapping: return doc::to_ordered_json(n).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
  default: return doc::to_ordered_json(n).dump();
  }
}

}  // namespace

const std::vector<std::string>& export_kinds() {
  static const std::vector<std::string> kinds = {"units",    "inspections", "hazards", "tips",
                                                 "meetings", "trainings",   "grids"};
  return kinds;
}

std::vector<Row> export_rows(const model::Repo& repo, const std::vector<std::string>& kinds) {
  for (const auto& k : kinds)
    if (std::find(export_kinds().begin(), export_kinds().end(), k) == export_kinds().end())
      throw Error(msg("export knows no kind '{}'", k),
                  tr("use units, inspections, hazards, tips, meetings, trainings or grids"));
  const auto wanted = [&](const char* k) {
    return kinds.empty() || std::find(kinds.begin(), kinds.end(), k) != kinds.end();
  };
  std::vector<Row> rows;
  if (wanted("grids"))
    repo.tree.walk([&](grid::Grid& g) {
      if (g.loaded) rows.push_back({"grid", g.id, g.path, g.doc.path, g.doc.root});
    });
  if (wanted("units"))
    for (const auto& u : repo.units.units)
      if (u.loaded) rows.push_back({"unit", u.id, u.group ? u.group->path : "", u.doc.path, u.doc.root});
  if (wanted("inspections"))
    for (const auto& i : repo.inspections) add_filed(rows, "inspection", i.record, i.grid);
  if (wanted("hazards"))
    for (const auto& h : repo.hazards) add_filed(rows, "hazard", h.record, h.grid);
  if (wanted("tips"))
    for (const auto& t : repo.tips) add_filed(rows, "tip", t.record, t.township);
  if (wanted("meetings"))
    for (const auto& m : repo.meetings) add_filed(rows, "meeting", m.record, m.grid);
  if (wanted("trainings"))
    for (const auto& t : repo.trainings) add_filed(rows, "training", t.record, t.grid);
  for (auto& r : rows)
    if (r.kind == "tip") r.record.erase(kReporter);
  std::stable_sort(rows.begin(), rows.end(), [](const Row& a, const Row& b) { return a.file < b.file; });
  return rows;
}

std::string to_jsonl(const std::vector<Row>& rows) {
  std::string out;
  for (const auto& r : rows) {
    nlohmann::ordered_json o;
    o["kind"] = r.kind;
    o["id"] = r.id;
    o["grid"] = r.grid;
    o["file"] = r.file;
    o["record"] = doc::to_ordered_json(r.record);
    out += o.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    out += '\n';
  }
  return out;
}

std::string to_csv(const schema::Catalog& catalog, const std::string& kind, const std::vector<Row>& rows,
                   render::Formulas formulas) {
  const std::string type = singular(kind);
  std::vector<std::string> keys;
  for (const auto& k : catalog.key_order(type)->keys())
    if (k != "id" && !(type == "tip" && k == kReporter)) keys.push_back(k);
  render::Table t;
  for (const char* c : {"id", "grid", "file"}) t.columns.push_back({c, c});
  // A record key named like a column before it (a tip's own "grid") becomes "record.<key>".
  for (const auto& k : keys) {
    const std::string name = k == "grid" || k == "file" ? "record." + k : k;
    t.columns.push_back({name, name});
  }
  // A column is a number column when every value in it is a YAML number, so that a
  // negative number stays a number and only text is guarded against formulas.
  std::vector<bool> text_seen(keys.size(), false);
  for (const auto& r : rows) {
    if (r.kind != type) continue;
    std::vector<std::string> row = {r.id, r.grid, r.file};
    for (std::size_t i = 0; i < keys.size(); ++i) {
      const doc::Node* v = r.record.find(keys[i]);
      row.push_back(v ? cell(*v) : "");
      if (v && v->kind() != doc::Kind::integer && v->kind() != doc::Kind::real && !v->is_null())
        text_seen[i] = true;
    }
    t.rows.push_back(std::move(row));
  }
  for (std::size_t i = 0; i < keys.size(); ++i) t.columns[3 + i].number = !text_seen[i];
  return render::render_csv(t, formulas);
}

}  // namespace firegrid::report
