#include <firegrid/inspect/batch.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/text/names.hpp>

#include <fmt/format.h>

#include <map>
#include <set>

namespace firegrid::inspect {

namespace {

// One row, whatever the input format: field -> text, plus lists already split.
struct Row {
  int line = 0;
  std::map<std::string, std::string> cells;
  std::vector<doc::Node> inspectors;
  std::vector<std::string> visited;
  std::vector<NewInspection::Item> items;
  std::vector<std::string> not_lists;  // YAML keys that should hold a list and do not
};

const std::map<std::string, std::string>& csv_headers() {
  static const std::map<std::string, std::string> headers = {
    {"单位", "unit"},          {"unit", "unit"},           {"网格", "grid"},         {"grid", "grid"},
    {"类型", "kind"},          {"检查类型", "kind"},       {"kind", "kind"},         {"日期", "date"},
    {"检查日期", "date"},      {"date", "date"},           {"时间", "time"},         {"time", "time"},
    {"检查人", "inspectors"},  {"inspectors", "inspectors"}, {"检查单位", "organisation"},
    {"organisation", "organisation"}, {"走访单位", "visited"}, {"visited", "visited"},
    {"检查项", "items"},       {"items", "items"},         {"开具隐患", "open_hazards"},
    {"open_hazards", "open_hazards"}, {"备注", "summary"}, {"summary", "summary"},
  };
  return headers;
}

std::vector<std::string> split(const std::string& s, const std::vector<std::string>& seps) {
  std::vector<std::string> out;
  std::string cur;
  for (std::size_t i = 0; i < s.size();) {
    bool hit = false;
    for (const auto& sep : seps)
      if (s.compare(i, sep.size(), sep) == 0) {
        if (!cur.empty()) out.push_back(cur);
        cur.clear();
        i += sep.size();
        hit = true;
        break;
      }
    if (!hit) cur += s[i++];
  }
  if (!cur.empty()) out.push_back(cur);
  return out;
}

std::vector<Row> csv_rows(const std::string& file, const std::string& bytes, std::optional<text::Encoding> encoding,
                          Findings& problems) {
  text::Decoded decoded;
  try {
    decoded = text::decode_spreadsheet_text(bytes, encoding);
  } catch (const Error& e) {
    throw Error(fmt::format("{}: {}", file, e.what()), e.hint());
  }
  const auto csv = text::parse_csv(decoded.utf8);
  for (const auto& e : csv.errors) problems.error({file, e.line, e.column}, "import-csv", e.message);
  std::vector<Row> rows;
  if (csv.rows.empty()) return rows;
  std::vector<std::string> fields;
  for (const auto& h : csv.rows.front().fields) {
    const auto it = csv_headers().find(h);
    fields.push_back(it == csv_headers().end() ? "" : it->second);
    if (it == csv_headers().end() && !h.empty())
      problems.warning({file, csv.rows.front().line, 0}, "import-column", fmt::format("ignored column {}", h),
                       "the columns are described in docs/commands/inspect.md");
  }
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    Row row;
    row.line = csv.rows[r].line;
    for (std::size_t i = 0; i < csv.rows[r].fields.size() && i < fields.size(); ++i)
      if (!fields[i].empty() && !csv.rows[r].fields[i].empty()) row.cells[fields[i]] = csv.rows[r].fields[i];
    if (row.cells.empty()) continue;
    const std::string org = row.cells.count("organisation") ? row.cells["organisation"] : "";
    for (const auto& name : split(row.cells["inspectors"], {"、", ";", "；", "，", ","})) {
      doc::Node p = doc::Node::mapping();
      p.set("name", doc::Node::string(name));
      if (!org.empty()) p.set("organisation", doc::Node::string(org));
      row.inspectors.push_back(std::move(p));
    }
    row.visited = split(row.cells["visited"], {";", "；", "、", " "});
    for (const auto& spec : split(row.cells["items"], {";", "；"})) {
      NewInspection::Item item;
      const auto eq = spec.find('=');
      item.code = spec.substr(0, eq);
      if (eq != std::string::npos) {
        const std::string rest = spec.substr(eq + 1);
        const auto colon = rest.find(':');
        item.status = rest.substr(0, colon);
        if (colon != std::string::npos) item.note = rest.substr(colon + 1);
      }
      row.items.push_back(item);
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

std::vector<Row> yaml_rows(const std::string& file, const std::string& bytes, Findings& problems) {
  auto loaded = doc::load(file, bytes);
  problems.append(loaded.findings);
  std::vector<Row> rows;
  if (!loaded.clean()) return rows;
  const doc::Node& root = loaded.document->root;
  if (!root.is_sequence()) {
    problems.error({file, root.mark().line, root.mark().column}, "import-row", "a batch is a list of inspections",
                   "write one `- unit: ...` entry per inspection");
    return rows;
  }
  for (const auto& n : root.items()) {
    Row row;
    row.line = n.mark().line;
    if (!n.is_mapping()) {
      problems.error({file, row.line, n.mark().column}, "import-row", "each entry is a mapping");
      continue;
    }
    for (const auto& e : n.entries()) {
      if ((e.key == "inspectors" || e.key == "visited" || e.key == "items") && !e.value.is_sequence()) {
        row.not_lists.push_back(e.key);
      } else if (e.key == "inspectors") {
        for (const auto& p : e.value.items()) row.inspectors.push_back(p);
      } else if (e.key == "visited") {
        for (const auto& v : e.value.items()) row.visited.push_back(v.as_string());
      } else if (e.key == "items") {
        for (const auto& i : e.value.items())
          row.items.push_back({i.get_string("code"), i.get_string("status"), i.get_string("note")});
      } else {
        row.cells[e.key] = e.value.as_string();
      }
    }
    rows.push_back(std::move(row));
  }
  return rows;
}

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

}  // namespace

BatchPlan plan_batch(const schema::Catalog& catalog, const grid::Tree& tree, const unit::Registry& units,
                     const std::vector<Inspection>& existing, const std::string& file, const std::string& bytes,
                     std::optional<text::Encoding> encoding, const Date& today, const std::string& clone) {
  BatchPlan plan;
  const bool yaml = ends_with(file, ".yaml") || ends_with(file, ".yml");
  const auto rows = yaml ? yaml_rows(file, bytes, plan.problems) : csv_rows(file, bytes, encoding, plan.problems);
  const Checklist checklist(catalog);
  const Recorded recorded = recorded_paths(existing);  // looked up per row: a year is 260,000
  std::map<std::string, int> seen;  // id -> line
  for (const auto& row : rows) {
    ++plan.rows;
    auto bad = [&](const std::string& message, const std::string& hint = {}) {
      plan.problems.error({file, row.line, 0}, "import-row", message, hint);
    };
    auto cell = [&](const char* key) {
      const auto it = row.cells.find(key);
      if (it == row.cells.end()) return std::string();
      // A date, a time or a grid path as an input method typed it (２０２６－１２－０１).
      const std::string k = key;
      return k == "date" || k == "time" || k == "grid" ? text::as_typed(it->second) : it->second;
    };
    if (!row.not_lists.empty()) {
      for (const auto& key : row.not_lists)
        bad(fmt::format("{} is not a list", key), fmt::format("write `{}:` followed by one `- ...` line per entry", key));
      continue;
    }
    try {
      const unit::Unit* u = cell("unit").empty() ? nullptr : &units.resolve(cell("unit"));
      if (!u && cell("grid").empty()) throw Error("the row names no unit (单位) and no grid (网格)");
      const grid::Grid* g = u ? u->group : tree.resolve(cell("grid"));
      if (cell("kind").empty()) throw Error("the row names no kind (类型)", "write the kind's id or Chinese name, e.g. 巡查");
      if (row.inspectors.empty()) throw Error("the row names no inspector (检查人)");
      NewInspection in;
      in.clone = clone;
      in.kind = cell("kind");
      in.date = today;
      if (!cell("date").empty() && !parse_date(cell("date"), in.date))
        throw Error(fmt::format("date '{}' is not a date", cell("date")), "write YYYY-MM-DD");
      in.time = cell("time");
      in.inspectors = row.inspectors;
      for (const auto& v : row.visited) in.visited.push_back(units.resolve(v).id);
      in.items = row.items;
      in.summary = cell("summary");
      const std::string open = cell("open_hazards");
      in.open_hazards = open == "是" || open == "yes" || open == "true" || open == "1";
      const Created c = record(catalog, checklist, units, *g, u, in, recorded);
      if (const auto [it, fresh] = seen.emplace(c.id, row.line); !fresh) {
        bad(fmt::format("the same inspection as line {}", it->second), "one row per inspection");
        continue;
      }
      if (c.exists) {
        ++plan.unchanged;
        continue;
      }
      for (const auto& [path, content] : c.changes.writes) plan.changes.writes[path] = content;
      ++plan.added;
      plan.hazards += c.hazards.size();
      plan.actions.push_back(fmt::format("add  {}  {}  {}  {}", c.id, find_kind(in.kind)->id, in.date.iso(),
                                         u ? u->name() : g->display_path()));
    } catch (const InvalidRecord& e) {
      for (const auto& f : e.findings().items()) bad(f.message, f.hint);
    } catch (const Error& e) {
      bad(e.what(), e.hint());
    }
  }
  if (plan.problems.errors() > 0) plan.changes = {};
  return plan;
}

}  // namespace firegrid::inspect
