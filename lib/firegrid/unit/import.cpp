#include <firegrid/unit/import.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/unit/category.hpp>
#include <firegrid/unit/edit.hpp>
#include <firegrid/text/names.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>

namespace firegrid::unit {

const std::vector<ColumnSpec>& import_columns() {
  static const std::vector<ColumnSpec> columns = {
    {"name", {"名称", "单位名称", "场所名称", "单位(场所)名称", "name"}},
    {"category", {"类别", "类型", "单位类别", "场所类别", "场所类型", "category"}},
    {"address", {"地址", "详细地址", "单位地址", "address"}},
    {"group", {"网格", "所属网格", "小网格", "网格编码", "group"}},
    {"township", {"乡镇", "乡镇街道", "街道", "township"}},
    {"village", {"村", "村社区", "社区", "行政村", "village"}},
    {"group_name", {"组", "村民小组", "小组", "group_name"}},
    {"licence", {"统一社会信用代码", "信用代码", "营业执照号", "licence", "license"}},
    {"responsible", {"消防安全责任人", "责任人", "responsible"}},
    {"responsible_phone", {"责任人电话", "责任人联系电话", "responsible_phone"}},
    {"manager", {"消防安全管理人", "管理人", "manager"}},
    {"manager_phone", {"管理人电话", "管理人联系电话", "manager_phone"}},
    {"floors", {"层数", "楼层数", "建筑层数", "floors"}},
    {"area_m2", {"建筑面积", "面积", "营业面积", "area_m2", "area"}},
    {"beds", {"床位", "床位数", "beds"}},
    {"seats", {"座位", "座位数", "餐位", "餐位数", "seats"}},
    {"staff", {"从业人员", "员工", "员工人数", "从业人数", "staff"}},
    {"pupils", {"学生", "学生人数", "pupils"}},
    {"children", {"幼儿", "幼儿人数", "children"}},
    {"boarding", {"寄宿", "是否寄宿", "boarding"}},
    {"lat", {"纬度", "lat", "latitude"}},
    {"lon", {"经度", "lon", "lng", "longitude"}},
    {"tags", {"标签", "tags"}},
    {"supervisor", {"监管部门", "监管单位", "supervisor"}},
    {"registered", {"登记日期", "registered"}},
    {"note", {"备注", "note"}},
  };
  return columns;
}

namespace {

using doc::Node;

// Header cells are compared without spaces, brackets and what they hold ("建筑面积（㎡）"
// is "建筑面积"), and ASCII case.
std::string normalise_header(const std::string& h) {
  std::string out;
  int depth = 0;
  for (std::size_t i = 0; i < h.size();) {
    if (h.compare(i, 3, "（") == 0) { ++depth; i += 3; continue; }
    if (h.compare(i, 3, "）") == 0) { depth = std::max(0, depth - 1); i += 3; continue; }
    const char c = h[i];
    if (c == '(') { ++depth; ++i; continue; }
    if (c == ')') { depth = std::max(0, depth - 1); ++i; continue; }
    if (c == ' ' || c == '\t' || c == '*') { ++i; continue; }
    if (h.compare(i, 3, "\xE3\x80\x80") == 0) { i += 3; continue; }  // ideographic space
    if (depth == 0) out += static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
    ++i;
  }
  return out;
}

// A cell without surrounding spaces, its line breaks as "\n" (a quoted cell in a file
// with CRLF row ends may hold CRLF).
std::string trim(const std::string& cell) {
  std::string s;
  for (std::size_t i = 0; i < cell.size(); ++i) {
    if (cell[i] != '\r') s += cell[i];
    else if (i + 1 == cell.size() || cell[i + 1] != '\n') s += '\n';
  }
  std::size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  std::string out = s.substr(b, e - b);
  // Excel's ="0012" trick for keeping leading zeros.
  if (out.size() >= 3 && out[0] == '=' && out[1] == '"' && out.back() == '"') out = out.substr(2, out.size() - 3);
  return out;
}

bool parse_int(const std::string& s, std::int64_t& out) {
  if (s.empty() || s.size() > 12) return false;
  std::string t = s;
  if (t.size() > 2 && t.compare(t.size() - 2, 2, ".0") == 0) t.resize(t.size() - 2);  // Excel's 3.0
  for (const char c : t)
    if (c < '0' || c > '9') return false;
  out = std::stoll(t);
  return true;
}

bool parse_real(const std::string& s, double& out) {
  if (s.empty() || s.size() > 30) return false;
  errno = 0;
  char* end = nullptr;
  out = std::strtod(s.c_str(), &end);
  return errno == 0 && end == s.c_str() + s.size() && out == out;
}

std::optional<bool> parse_bool(const std::string& s) {
  static const char* const yes[] = {"是", "有", "yes", "y", "true", "1", "寄宿"};
  static const char* const no[] = {"否", "无", "no", "n", "false", "0", "走读", "非寄宿"};
  std::string l = s;
  for (auto& c : l) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  for (const char* y : yes) if (l == y) return true;
  for (const char* n : no) if (l == n) return false;
  return std::nullopt;
}

std::vector<std::string> split_tags(const std::string& s) {
  std::vector<std::string> out;
  std::string cur;
  auto flush = [&] {
    if (!cur.empty()) out.push_back(cur);
    cur.clear();
  };
  for (std::size_t i = 0; i < s.size();) {
    if (s[i] == ';' || s[i] == '|' || s[i] == ' ' || s[i] == ',') { flush(); ++i; continue; }
    if (s.compare(i, 3, "、") == 0 || s.compare(i, 3, "；") == 0 || s.compare(i, 3, "，") == 0) {
      flush();
      i += 3;
      continue;
    }
    cur += s[i++];
  }
  flush();
  return out;
}

// Which group a row belongs to, by a `group` cell (path, code or unique name) or by the
// township, village and group names.
class GroupResolver {
public:
  explicit GroupResolver(const grid::Tree& tree) : tree_(tree) {}

  const grid::Grid* by_cell(const std::string& cell, std::string& why) {
    const auto it = cache_.find(cell);
    if (it != cache_.end()) {
      why = it->second.second;
      return it->second.first;
    }
    const grid::Grid* g = nullptr;
    try {
      g = tree_.resolve(cell);
      if (g->level != grid::Level::group) {
        why = fmt::format("网格 '{}' is a {}, not a group", cell, grid::to_string(g->level));
        g = nullptr;
      }
    } catch (const Error& e) {
      const std::string message = one_line(e.what());
      const std::string quoted = fmt::format("'{}'", cell);
      why = message.compare(0, quoted.size(), quoted) == 0 ? "网格 " + message
                                                           : fmt::format("网格 {}: {}", quoted, message);
    }
    cache_[cell] = {g, why};
    return g;
  }

  const grid::Grid* by_names(const std::string& township, const std::string& village,
                             const std::string& group, std::string& why) {
    const grid::Grid* t = child(tree_.root(), township);
    if (!t) {
      why = fmt::format("no township '{}' in the grid", township);
      return nullptr;
    }
    const grid::Grid* v = child(t, village);
    if (!v) {
      why = fmt::format("no village '{}' in {}", village, t->name());
      return nullptr;
    }
    const grid::Grid* g = child(v, group);
    if (!g) {
      why = fmt::format("no group '{}' in {} / {}", group, t->name(), v->name());
      return nullptr;
    }
    return g;
  }

private:
  // An error on one line: "'x' names 2 grids:\n  100/201  ...\n  201/201  ..." becomes
  // "'x' names 2 grids: 100/201, 201/201".
  static std::string one_line(const std::string& s) {
    std::string out = s.substr(0, s.find('\n'));
    std::string sep = " ";
    for (std::size_t at = s.find('\n'); at != std::string::npos; at = s.find('\n', at + 1)) {
      const std::size_t begin = s.find_first_not_of(' ', at + 1);
      if (begin == std::string::npos) break;
      const std::size_t end = std::min(s.find("  ", begin), s.find('\n', begin));
      out += sep + s.substr(begin, end == std::string::npos ? std::string::npos : end - begin);
      sep = ", ";
    }
    return out;
  }

  // A child by id, exact name, code, or for groups a number ("3" or "3组" is g03).
  static const grid::Grid* child(const grid::Grid* parent, const std::string& key) {
    if (!parent) return nullptr;
    for (const auto& c : parent->children)
      if (c->id == key || c->name() == key || c->code() == key) return c.get();
    std::string digits = key;
    for (const char* suffix : {"组", "村民小组"})
      if (digits.size() > std::string(suffix).size() &&
          digits.compare(digits.size() - std::string(suffix).size(), std::string::npos, suffix) == 0)
        digits.resize(digits.size() - std::string(suffix).size());
    std::int64_t n = 0;
    if (parse_int(digits, n) && n > 0 && n < 100) {
      const std::string id = fmt::format("g{:02}", n);
      for (const auto& c : parent->children)
        if (c->id == id) return c.get();
    }
    return nullptr;
  }

  const grid::Tree& tree_;
  std::map<std::string, std::pair<const grid::Grid*, std::string>> cache_;
};

struct Row {
  int line = 0;
  std::map<std::string, std::string> cells;  // field -> trimmed cell (non-empty only)
  const std::string* get(const char* field) const {
    const auto it = cells.find(field);
    return it == cells.end() ? nullptr : &it->second;
  }
};

}  // namespace

ImportPlan plan_unit_import(const schema::Catalog& catalog, const grid::Tree& tree,
                            const Registry& reg, const std::string& file, const std::string& bytes,
                            const ImportOptions& options, const Date& today) {
  ImportPlan plan;
  const text::Decoded decoded = [&] {
    try {
      return text::decode_spreadsheet_text(bytes, options.encoding);
    } catch (const Error& e) {
      throw Error(fmt::format("{}: {}", file, e.what()), e.hint());
    }
  }();
  plan.encoding = decoded.encoding;
  const text::CsvResult csv = text::parse_csv(decoded.utf8);
  auto problem = [&](int line, std::string message, std::string hint = {}) {
    plan.problems.error({file, line, 0}, "import-row", std::move(message), std::move(hint));
  };
  for (const auto& e : csv.errors) plan.problems.error({file, e.line, e.column}, "import-csv", e.message);
  if (csv.rows.empty()) throw Error(fmt::format("{} has no header row", file), "the first row names the columns");

  // Header: mapping file first, then the built-in names.
  std::map<std::string, std::string> mapped;  // normalised header -> field
  std::map<std::string, std::map<std::string, std::string>> value_map;  // field -> cell -> value
  std::set<std::string> fields;
  for (const auto& c : import_columns()) fields.insert(c.field);
  if (options.mapping) {
    // Every part of the mapping file is checked: a misspelt key must not be ignored silently.
    const auto fail = [&](const doc::Mark& m, const std::string& message, const std::string& hint) {
      throw Error(fmt::format("{}:{}:{}: {}", options.mapping_path, m.line, m.column, message), hint);
    };
    const auto scalar = [](const Node& n) { return !n.is_mapping() && !n.is_sequence() && !n.is_null(); };
    const std::string field_list = fmt::format("the fields are: {}", fmt::join(fields, ", "));
    if (!options.mapping->is_mapping())
      fail(options.mapping->mark(), "a mapping file is a YAML mapping with `columns:` and `values:`",
           "see docs/commands/unit.md");
    for (const auto& top : options.mapping->entries()) {
      if (top.key != "columns" && top.key != "values")
        fail(top.key_mark, fmt::format("unknown key '{}'", top.key), "a mapping file has `columns:` and `values:`");
      if (!top.value.is_mapping())
        fail(top.value.mark(), fmt::format("`{}` must be a mapping", top.key),
             top.key == "columns" ? "one line per column: `店铺名称: name`"
                                  : "per field, one line per cell value: `category:` then `  便利店: small-shop`");
    }
    if (const Node* cols = options.mapping->find("columns"))
      for (const auto& e : cols->entries()) {
        if (!scalar(e.value))
          fail(e.value.mark(), fmt::format("column '{}' must map to one field", e.key), field_list);
        const std::string field = e.value.as_string();
        if (!fields.count(field))
          fail(e.value.mark(), fmt::format("unknown field '{}' for column '{}'", field, e.key), field_list);
        mapped[normalise_header(e.key)] = field;
      }
    if (const Node* vals = options.mapping->find("values"))
      for (const auto& f : vals->entries()) {
        if (!fields.count(f.key)) fail(f.key_mark, fmt::format("values: unknown field '{}'", f.key), field_list);
        if (!f.value.is_mapping())
          fail(f.value.mark(), fmt::format("values of {} must be a mapping", f.key),
               "one line per cell value: `便利店: small-shop`");
        for (const auto& v : f.value.entries()) {
          if (!scalar(v.value))
            fail(v.value.mark(), fmt::format("the value for '{}' must be a single value", v.key),
                 "one line per cell value: `便利店: small-shop`");
          value_map[f.key][v.key] = v.value.as_string();
        }
      }
  }

  const auto& header = csv.rows.front().fields;
  std::vector<std::string> column_field(header.size());
  std::vector<std::string> ignored;
  std::map<std::string, std::size_t> seen_field;
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string h = normalise_header(header[i]);
    std::string field;
    if (const auto it = mapped.find(h); it != mapped.end()) field = it->second;
    for (const auto& c : import_columns()) {
      if (!field.empty()) break;
      for (const char* alias : c.headers)
        if (normalise_header(alias) == h) field = c.field;
    }
    if (field.empty()) {
      if (!h.empty() && h != "序号" && h != "编号" && h != "no" && h != "#") ignored.push_back(header[i]);
      continue;
    }
    if (const auto [it, fresh] = seen_field.emplace(field, i); !fresh) {
      problem(csv.rows.front().line,
              fmt::format("columns '{}' and '{}' both give {}", header[it->second], header[i], field),
              "keep one, or map them apart with --mapping");
      continue;
    }
    column_field[i] = field;
  }
  if (!ignored.empty())
    plan.problems.warning({file, csv.rows.front().line, 0}, "import-column",
                          fmt::format("ignored column{} {}", ignored.size() == 1 ? "" : "s",
                                      fmt::join(ignored, ", ")),
                          "map them to fields with --mapping FILE (see docs/commands/unit.md)");
  if (!seen_field.count("name") || !seen_field.count("category") ||
      (!seen_field.count("group") && !(seen_field.count("township") && seen_field.count("village") &&
                                       seen_field.count("group_name")))) {
    problem(csv.rows.front().line,
            "the header needs a name (名称), a category (类别) and a group: 网格, or 乡镇 + 村 + 组",
            fmt::format("found: {}", fmt::join(header, ", ")));
    return plan;
  }

  GroupResolver groups(tree);
  std::set<std::string> taken_ids;
  std::map<std::string, int> seen_keys;  // match key -> first line
  std::map<std::string, int> matched;    // id of a registered unit -> the line that matched it
  std::map<std::string, const Unit*> by_licence, by_place;
  for (const auto& u : reg.units) {
    if (!u.group) continue;
    const std::string licence = u.doc.root.get_string("licence");
    if (!licence.empty()) by_licence.emplace(licence, &u);
    by_place.emplace(place_key(u.group->path, u.name(), u.doc.root.get_string("address")), &u);
  }

  const std::size_t total = csv.rows.size() - 1;
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    if (options.progress && (r % 500 == 0 || r == csv.rows.size() - 1)) options.progress(r, total);
    Row row;
    row.line = csv.rows[r].line;
    const auto& cells = csv.rows[r].fields;
    bool blank = true;
    for (std::size_t i = 0; i < cells.size() && i < column_field.size(); ++i) {
      if (column_field[i].empty()) continue;
      std::string v = trim(cells[i]);
      if (v.empty()) continue;
      blank = false;
      if (const auto vm = value_map.find(column_field[i]); vm != value_map.end())
        if (const auto hit = vm->second.find(v); hit != vm->second.end()) v = hit->second;
      // Numbers, dates, phones, licences and group paths as an input method typed them.
      static const std::set<std::string> typed = {"responsible_phone", "manager_phone", "floors", "beds", "seats",
                                                  "staff", "pupils", "children", "area_m2", "lat", "lon",
                                                  "registered", "licence", "group"};
      if (typed.count(column_field[i])) v = text::as_typed(v);
      row.cells[column_field[i]] = v;
    }
    if (blank) continue;  // Excel leaves empty rows at the end
    ++plan.rows;
    const std::size_t before = plan.problems.errors();
    auto bad = [&](std::string message, std::string hint = {}) { problem(row.line, std::move(message), std::move(hint)); };

    Fields f;
    const std::string* name = row.get("name");
    if (!name) bad("名称 (name) is empty");
    else f.name = *name;
    if (const std::string* c = row.get("category")) {
      if (!find_category(*c))
        bad(fmt::format("unknown category '{}'", *c),
            "use a category id or its Chinese name (docs/commands/unit.md), or map it with --mapping");
      else f.category = *c;
    } else {
      bad("类别 (category) is empty");
    }
    const grid::Grid* group = nullptr;
    std::string why;
    if (const std::string* g = row.get("group")) {
      group = groups.by_cell(*g, why);
    } else {
      const std::string* t = row.get("township");
      const std::string* v = row.get("village");
      const std::string* n = row.get("group_name");
      if (t && v && n) group = groups.by_names(*t, *v, *n, why);
      else why = "the row names no group (网格, or 乡镇 + 村 + 组)";
    }
    if (!group) bad(why, "`firegrid grid list --level group` shows the groups");
    if (const std::string* a = row.get("address")) f.address = *a;
    if (const std::string* l = row.get("licence")) f.licence = *l;
    for (const auto& [field, phone_field, target] :
         {std::tuple{"responsible", "responsible_phone", &f.responsible},
          std::tuple{"manager", "manager_phone", &f.manager}}) {
      const std::string* who = row.get(field);
      const std::string* phone = row.get(phone_field);
      if (!who && phone) bad(fmt::format("{} is given but {} is empty", phone_field, field));
      if (who) {
        Node p = Node::mapping();
        p.set("name", Node::string(*who));
        if (phone) p.set("phone", Node::string(*phone));
        *target = std::move(p);
      }
    }
    for (const auto& [field, target] :
         {std::pair{"floors", &f.floors}, std::pair{"beds", &f.beds}, std::pair{"seats", &f.seats},
          std::pair{"staff", &f.staff}, std::pair{"pupils", &f.pupils}, std::pair{"children", &f.children}}) {
      if (const std::string* v = row.get(field)) {
        std::int64_t n = 0;
        if (parse_int(*v, n)) *target = n;
        else bad(fmt::format("{} '{}' is not a whole number", field, *v));
      }
    }
    if (const std::string* v = row.get("area_m2")) {
      double d = 0;
      if (parse_real(*v, d) && d >= 0) f.area_m2 = d;
      else bad(fmt::format("area_m2 '{}' is not a number of square metres", *v));
    }
    if (const std::string* v = row.get("boarding")) {
      if (const auto b = parse_bool(*v)) f.boarding = *b;
      else bad(fmt::format("boarding '{}' is not yes or no", *v), "write 是 or 否");
    }
    const std::string* lat = row.get("lat");
    const std::string* lon = row.get("lon");
    if (lat || lon) {
      double a = 0, b = 0;
      if (!lat || !lon || !parse_real(*lat, a) || !parse_real(*lon, b))
        bad("纬度 and 经度 (lat, lon) must both be numbers");
      else f.location = std::pair{a, b};
    }
    if (const std::string* v = row.get("tags")) f.add_tags = split_tags(*v);
    if (const std::string* v = row.get("supervisor")) {
      if (!parse_supervisor(*v)) bad(fmt::format("unknown supervisor '{}'", *v), "use 消防救援大队 or 派出所");
      else f.supervisor = *v;
    }
    if (const std::string* v = row.get("registered")) {
      Date d;
      if (!parse_date(*v, d)) bad(fmt::format("登记日期 '{}' is not a date", *v), "write YYYY-MM-DD");
      else f.registered = *v;
    }
    if (const std::string* v = row.get("note")) f.note = *v;
    if (plan.problems.errors() > before || !group) continue;

    // Which unit the row is: by licence, else by group + name + address.
    const std::string address = f.address.value_or("");
    const std::string place = place_key(group->path, *f.name, address);
    const std::string match_key = f.licence ? "licence\n" + *f.licence : "place\n" + place;
    if (const auto [it, fresh] = seen_keys.emplace(match_key, row.line); !fresh) {
      bad(fmt::format("the same unit as line {} ({})", it->second,
                      f.licence ? "same licence" : "same group, name and address"),
          "one row per unit: remove one of the two");
      continue;
    }
    const Unit* existing = nullptr;
    if (f.licence)
      if (const auto it = by_licence.find(*f.licence); it != by_licence.end()) existing = it->second;
    if (!existing)
      if (const auto it = by_place.find(place); it != by_place.end()) existing = it->second;

    if (existing)
      if (const auto [it, fresh] = matched.emplace(existing->id, row.line); !fresh) {
        bad(fmt::format("the same unit as line {} ({} {})", it->second, existing->id, existing->name()),
            "one row per unit: remove one of the two");
        continue;
      }

    Node record;
    std::string path, id;
    if (existing) {
      if (!existing->loaded) {
        bad(fmt::format("it matches unit {} whose record cannot be read", existing->id), "run `firegrid check`");
        continue;
      }
      id = existing->id;
      record = existing->doc.root;
      try {
        apply_fields(record, f);
      } catch (const Error& e) {
        bad(e.what(), e.hint());
        continue;
      }
      path = existing->doc.path;
    } else {
      for (int salt = 0;; ++salt) {
        id = make_unit_id(group->path, *f.name, address, salt, options.clone);
        if (!reg.by_id(id) && !taken_ids.count(id)) break;
      }
      record = Node::mapping();
      record.set("id", Node::string(id));
      record.set("status", Node::string("active"));
      record.set("registered", Node::string(today.iso()));
      try {
        apply_fields(record, f);
      } catch (const Error& e) {
        bad(e.what(), e.hint());
        continue;
      }
      path = store::join(store::join(store::join(group->folder(), kUnitsDir), id), kUnitFile);
    }
    taken_ids.insert(id);

    // The schema has the last word on every value (phones, licences, ranges...).
    const doc::Document candidate{path, "", record};
    const Findings schema_findings = catalog.validate(candidate, "unit");
    if (schema_findings.errors() > 0) {
      // The schema's hints speak of YAML files; a quoting hint means nothing in a CSV cell.
      for (const auto& sf : schema_findings.items())
        bad(sf.message, sf.hint.rfind("write it in quotes", 0) == 0 ? "correct the cell in the CSV file" : sf.hint);
      continue;
    }
    const std::string content = render_unit(catalog, record);
    const bool moving = existing && existing->group != group;
    if (existing && content == existing->doc.text && !moving) {
      ++plan.unchanged;
      continue;
    }
    plan.changes.writes[path] = content;
    if (moving) {
      plan.changes.moves.emplace_back(existing->folder,
                                      store::join(store::join(group->folder(), kUnitsDir), id));
      ++plan.moved;
      plan.actions.push_back(fmt::format("move    {}  {}  {} -> {}", id, *f.name,
                                         existing->group->display_path(), group->display_path()));
    } else if (existing) {
      ++plan.updated;
      plan.actions.push_back(fmt::format("update  {}  {}  ({})", id, *f.name, group->display_path()));
    } else {
      ++plan.added;
      plan.actions.push_back(fmt::format("add     {}  {}  ({})", id, *f.name, group->display_path()));
    }
  }
  if (plan.problems.errors() > 0) plan.changes = {};
  return plan;
}

}  // namespace firegrid::unit
