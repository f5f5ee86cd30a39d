#include <firegrid/unit/import.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/unit/category.hpp>
#include <firegrid/unit/edit.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/schema/modeline.hpp>
#include <firegrid/text/width.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <map>
#include <set>

namespace firegrid::unit {

const std::vector<ColumnSpec>& import_columns() {
  // The words clerks head their columns with (see docs/format.md, "Unit list columns");
  // a header is compared without spaces and without what brackets hold. The second list
  // holds looser words (负责人, 联系电话): a column headed so gives way to one headed with a
  // word of the first list (消防安全责任人, 责任人电话) when a sheet has both.
  static const std::vector<ColumnSpec> columns = {
    {"name", {"名称", "单位名称", "场所名称", "单位(场所)名称", "name"},
     {"店名", "店铺名称", "商户名称", "门店名称"}},
    {"category", {"类别", "类型", "单位类别", "场所类别", "场所类型", "category"},
     {"行业类别", "行业类型", "行业", "场所性质"}},
    {"address", {"地址", "详细地址", "单位地址", "address"},
     {"场所地址", "经营地址", "所在地址"}},
    {"group", {"网格", "所属网格", "小网格", "网格编码", "group"},
     {}},
    {"township", {"乡镇", "乡镇街道", "街道", "township"},
     {"所属乡镇", "所属街道", "所属乡镇街道", "乡镇名称"}},
    {"village", {"村", "村社区", "社区", "行政村", "village"},
     {"所属村", "所属社区", "所属村社区", "村居", "所属村居", "村名", "村委会"}},
    {"group_name", {"组", "村民小组", "小组", "group_name"},
     {"所属小组", "所属组", "所属村民小组", "村组", "组别"}},
    {"licence", {"统一社会信用代码", "信用代码", "营业执照号", "licence", "license"},
     {"社会信用代码", "营业执照号码", "注册号"}},
    {"responsible", {"消防安全责任人", "责任人", "responsible"},
     {"负责人", "负责人姓名", "责任人姓名", "法定代表人", "法人", "经营者", "业主", "店主"}},
    {"responsible_phone", {"责任人电话", "责任人联系电话", "responsible_phone"},
     {"负责人电话", "负责人联系电话", "负责人手机", "联系电话", "电话", "手机", "手机号", "手机号码", "联系方式"}},
    {"manager", {"消防安全管理人", "管理人", "manager"},
     {"管理人姓名"}},
    {"manager_phone", {"管理人电话", "管理人联系电话", "manager_phone"},
     {"管理人手机"}},
    {"floors", {"层数", "楼层数", "建筑层数", "floors"},
     {"楼层", "地上层数"}},
    {"area_m2", {"建筑面积", "面积", "营业面积", "area_m2", "area"},
     {"经营面积", "使用面积"}},
    {"beds", {"床位", "床位数", "beds"},
     {"床位数量"}},
    {"seats", {"座位", "座位数", "餐位", "餐位数", "seats"},
     {"座位数量"}},
    {"staff", {"从业人员", "员工", "员工人数", "从业人数", "staff"},
     {"从业人员数", "从业人员数量", "员工数", "职工人数"}},
    {"pupils", {"学生", "学生人数", "pupils"},
     {"学生数", "在校生人数"}},
    {"children", {"幼儿", "幼儿人数", "children"},
     {"幼儿数", "在园幼儿"}},
    {"boarding", {"寄宿", "是否寄宿", "boarding"},
     {}},
    {"lat", {"纬度", "lat", "latitude"},
     {}},
    {"lon", {"经度", "lon", "lng", "longitude"},
     {}},
    {"tags", {"标签", "tags"},
     {}},
    {"supervisor", {"监管部门", "监管单位", "supervisor"},
     {}},
    {"registered", {"登记日期", "registered"},
     {"登记时间", "建档日期"}},
    {"note", {"备注", "note"},
     {"备注说明"}},
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

// A count or an area as clerks type it: 100㎡, 120平方米, 12人, 3层, 1,200. The unit
// word of the field (and thousands separators) is dropped; anything else is kept.
std::string import_without_unit(const std::string& field, std::string v) {
  static const std::map<std::string, std::vector<std::string>> units = {
    {"area_m2", {"平方米", "平米", "㎡", "m²", "m2", "M2"}},
    {"staff", {"人", "名"}}, {"pupils", {"人", "名"}}, {"children", {"人", "名"}},
    {"beds", {"张", "床", "个"}}, {"seats", {"个", "座", "位"}}, {"floors", {"层"}},
  };
  const auto it = units.find(field);
  if (it == units.end()) return v;
  for (const auto& unit : it->second)
    if (v.size() > unit.size() && v.compare(v.size() - unit.size(), unit.size(), unit) == 0) {
      v.resize(v.size() - unit.size());
      while (!v.empty() && v.back() == ' ') v.pop_back();
      break;
    }
  const auto digit = [&](std::size_t i) { return v[i] >= '0' && v[i] <= '9'; };
  std::string out;
  for (std::size_t i = 0; i < v.size(); ++i)
    if (v[i] != ',' || i == 0 || i + 1 == v.size() || !digit(i - 1) || !digit(i + 1)) out += v[i];
  return out;
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

// The number a group cell names: 3, 3组, 第3组, 三组, 第十二村民小组, 3小组 (1 to 99), or 0.
int import_group_number(std::string key) {
  for (const std::string suffix : {"村民小组", "小组", "组"})
    if (key.size() > suffix.size() && key.compare(key.size() - suffix.size(), suffix.size(), suffix) == 0) {
      key.resize(key.size() - suffix.size());
      break;
    }
  if (key.compare(0, 3, "第") == 0) key = key.substr(3);
  std::int64_t n = 0;
  if (parse_int(key, n)) return n > 0 && n < 100 ? static_cast<int>(n) : 0;
  // Chinese numerals: 一 .. 九, 十, 十一 .. 九十九.
  static const char* const digits[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九"};
  const auto digit_at = [&](std::size_t at) {
    for (int d = 0; d < 9; ++d)
      if (key.compare(at, 3, digits[d]) == 0) return d + 1;
    return 0;
  };
  if (key.empty() || key.size() % 3 != 0 || key.size() > 9) return 0;
  const std::size_t ten = key.find("十");
  if (ten == std::string::npos) return key.size() == 3 ? digit_at(0) : 0;
  if (ten % 3 != 0) return 0;
  const int tens = ten == 0 ? 1 : (ten == 3 ? digit_at(0) : 0);
  const int units = key.size() == ten + 3 ? 0 : (key.size() == ten + 6 ? digit_at(ten + 3) : -1);
  if (tens == 0 || units < 0 || (key.size() == ten + 6 && units == 0)) return 0;
  return tens * 10 + units;
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
        why = msg("网格 '{}' is a {}, not a group", cell, grid::level_words(g->level));
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
    if (const int n = import_group_number(key); n > 0) {
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

// The header of a unit list: which row it is and what each column gives.
struct ImportHeader {
  std::size_t at = 0;                       // the header's index among the sheet's rows
  std::vector<std::string> field;           // per column: the field it gives, or ""
  std::vector<std::string> ignored;         // the headers of columns left out
  std::map<std::string, std::size_t> seen;  // field -> its column
};

// Reads the header: `mapped` (normalised header -> field, from a mapping file) first,
// then the built-in names. Two columns for one field are a `problem` (line, message,
// hint), unless one is headed with a looser word, which then gives way.
ImportHeader import_header(const text::Sheet& csv, const std::map<std::string, std::string>& mapped,
                           const std::function<void(int, std::string, std::string)>& problem) {
  ImportHeader out;
  // A header cell's field: the mapping file first, then the built-in names (`loose` when
  // only a looser word matched).
  auto field_of = [&](const std::string& cell, bool& loose) {
    const std::string h = normalise_header(cell);
    loose = false;
    if (const auto it = mapped.find(h); it != mapped.end()) return it->second;
    for (const auto& c : import_columns()) {
      for (const char* alias : c.headers)
        if (normalise_header(alias) == h) return std::string(c.field);
      for (const char* alias : c.also)
        if (normalise_header(alias) == h) {
          loose = true;
          return std::string(c.field);
        }
    }
    return std::string();
  };
  // Clerks often put a title above the header (槐阳镇消防安全重点单位台账, merged across the
  // columns): the header is the first of the first five rows that has a name and a
  // category column, else the first row.
  std::size_t& header_at = out.at;
  for (std::size_t i = 0; i < std::min<std::size_t>(5, csv.rows.size()); ++i) {
    bool name_column = false, category_column = false, loose = false;
    for (const auto& cell : csv.rows[i].fields) {
      const std::string f = field_of(cell, loose);
      name_column = name_column || f == "name";
      category_column = category_column || f == "category";
    }
    if (name_column && category_column) {
      header_at = i;
      break;
    }
  }
  const text::CsvRow& header_row = csv.rows[header_at];
  const auto& header = header_row.fields;
  std::vector<std::string>& column_field = out.field;
  column_field.assign(header.size(), {});
  std::vector<std::string>& ignored = out.ignored;
  std::map<std::string, std::size_t>& seen_field = out.seen;
  std::vector<bool> loose(header.size(), false);  // headed with a word of ColumnSpec::also
  for (std::size_t i = 0; i < header.size(); ++i) {
    const std::string h = normalise_header(header[i]);
    bool is_loose = false;
    const std::string field = field_of(header[i], is_loose);
    loose[i] = is_loose;
    if (field.empty()) {
      if (!h.empty() && h != "序号" && h != "编号" && h != "no" && h != "#") ignored.push_back(header[i]);
      continue;
    }
    if (const auto [it, fresh] = seen_field.emplace(field, i); !fresh) {
      // A loose word gives way to an exact one (负责人 beside 消防安全责任人).
      if (loose[i] != loose[it->second]) {
        const std::size_t keep = loose[i] ? it->second : i, drop = loose[i] ? i : it->second;
        column_field[drop].clear();
        column_field[keep] = field;
        it->second = keep;
        ignored.push_back(header[drop]);
        continue;
      }
      problem(header_row.line,
              fmt::format("columns '{}' and '{}' both give {}", header[it->second], header[i], field),
              "keep one, or map them apart with --mapping");
      continue;
    }
    column_field[i] = field;
  }
  return out;
}

// The required columns a header lacks, as the error names them.
std::vector<std::string> import_missing_columns(const std::map<std::string, std::size_t>& seen_field) {
  std::vector<std::string> missing;
  if (!seen_field.count("name")) missing.push_back("名称 (name)");
  if (!seen_field.count("category")) missing.push_back("类别 (category)");
  if (!seen_field.count("group")) {
    const bool any_name = seen_field.count("township") || seen_field.count("village") || seen_field.count("group_name");
    if (!any_name) {
      missing.push_back("a group: 网格 (group), or 乡镇 + 村 + 组 (township, village, group_name)");
    } else {
      for (const auto& [field, word] : {std::pair{"township", "乡镇 (township)"}, std::pair{"village", "村 (village)"},
                                        std::pair{"group_name", "组 (group_name)"}})
        if (!seen_field.count(field)) missing.push_back(word);
    }
  }
  return missing;
}

}  // namespace

ImportPlan plan_unit_import(const schema::Catalog& catalog, const grid::Tree& tree,
                            const Registry& reg, const std::string& file, const std::string& bytes,
                            const ImportOptions& options, const Date& today) {
  ImportPlan plan;
  const text::Sheet csv = text::read_sheet(file, bytes, {options.encoding, options.sheet});
  plan.encoding = csv.encoding;
  plan.read_as = text::describe(csv);
  const std::string& where = csv.source;  // "units.csv", or "单位台账.xlsx:Sheet1"
  auto problem = [&](int line, std::string message, std::string hint = {}) {
    plan.problems.error({where, line, 0}, "import-row", std::move(message), std::move(hint));
  };
  for (const auto& e : csv.errors) plan.problems.error({where, e.line, e.column}, "import-csv", e.message);
  if (csv.rows.empty()) throw Error(msg("{} has no header row", file), tr("the first row names the columns"));

  // Header: mapping file first, then the built-in names.
  std::map<std::string, std::string> mapped;  // normalised header -> field
  std::map<std::string, std::map<std::string, std::string>> value_map;  // field -> cell -> value
  std::set<std::string> fields;
  for (const auto& c : import_columns()) fields.insert(c.field);
  if (options.mapping) {
    // Every part of the mapping file is checked: a misspelt key must not be ignored silently.
    const auto fail = [&](const doc::Mark& m, const std::string& message, const std::string& hint) {
      throw Error(msg("{}:{}:{}: {}", options.mapping_path, m.line, m.column, message), hint);
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

  ImportHeader columns = import_header(csv, mapped, [&](int line, std::string message, std::string hint) {
    problem(line, std::move(message), std::move(hint));
  });
  const text::CsvRow& header_row = csv.rows[columns.at];
  const auto& header = header_row.fields;
  const std::vector<std::string>& column_field = columns.field;
  const std::vector<std::string>& ignored = columns.ignored;
  if (!ignored.empty())
    plan.problems.warning({where, header_row.line, 0}, "import-column",
                          msg("ignored column{} {}", ignored.size() == 1 ? "" : "s",
                                      fmt::join(ignored, ", ")),
                          tr("map them to fields with --mapping FILE (see docs/commands/unit.md)"));
  // The first header error says what is missing and what each column was taken for.
  const std::vector<std::string> missing = import_missing_columns(columns.seen);
  if (!missing.empty()) {
    std::vector<std::string> recognised;
    for (std::size_t i = 0; i < header.size(); ++i)
      if (!column_field[i].empty()) recognised.push_back(fmt::format("{} → {}", header[i], column_field[i]));
    problem(header_row.line, fmt::format("the header has no column for {}", fmt::join(missing, ", ")),
            fmt::format("recognised: {}{}; the column names firegrid knows are in docs/format.md "
                        "(\"Unit list columns\"), others can be mapped with --mapping",
                        recognised.empty() ? "nothing" : fmt::format("{}", fmt::join(recognised, ", ")),
                        ignored.empty() ? "" : fmt::format("; not recognised: {}", fmt::join(ignored, ", "))));
    return plan;
  }

  std::map<std::string, std::string> header_of;  // field -> the header of its column
  for (std::size_t i = 0; i < header.size(); ++i)
    if (!column_field[i].empty()) header_of[column_field[i]] = header[i];

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

  const std::size_t header_at = columns.at;
  const std::size_t total = csv.rows.size() - header_at - 1;
  for (std::size_t r = header_at + 1; r < csv.rows.size(); ++r) {
    const std::size_t done = r - header_at;
    if (options.progress && (done % 500 == 0 || done == total)) options.progress(done, total);
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
      v = import_without_unit(column_field[i], v);
      if (column_field[i] == "registered") v = text::spreadsheet_date(v);
      row.cells[column_field[i]] = v;
    }
    if (blank) continue;  // Excel leaves empty rows at the end
    ++plan.rows;
    const std::size_t before = plan.problems.errors();
    auto bad = [&](std::string message, std::string hint = {}) { problem(row.line, std::move(message), std::move(hint)); };
    // A code or a phone that Excel took for a number and shortened: its digits are gone.
    for (const char* field : {"licence", "responsible_phone", "manager_phone", "group", "township", "village",
                              "group_name"})
      if (const std::string* v = row.get(field); v && text::excel_shortened_number(*v))
        bad(fmt::format("{} '{}' is a number Excel shortened: the digits after the first six are lost",
                        header_of.at(field), *v),
            text::kTextColumnHint);

    Fields f;
    const std::string* name = row.get("name");
    if (!name) bad("名称 (name) is empty");
    else f.name = *name;
    if (const std::string* c = row.get("category")) {
      if (!find_category(*c)) {
        const auto near = nearest_category(*c);
        const Category* cat = near ? find_category(*near) : nullptr;
        bad(fmt::format("unknown category '{}'", *c),
            fmt::format("{}the categories and the words known for them are in docs/format.md (\"Category words\"); "
                        "or map it with --mapping",
                        cat ? fmt::format("the nearest is {} ({}); ", *near, cat->id) : ""));
      } else {
        f.category = *c;
      }
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
      // A phone without its person's name: the phone is left out, the row is not refused.
      if (!who && phone)
        plan.problems.warning({where, row.line, 0}, "import-phone",
                              msg("{} '{}' has no {}: the phone is not imported", header_of.at(phone_field),
                                          *phone, field == std::string("responsible") ? "责任人 (responsible)"
                                                                                      : "管理人 (manager)"),
                              tr("write the person's name beside the phone and import again"));
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
    const bool moving = existing && existing->group != group;
    const std::string dest_folder = store::join(store::join(group->folder(), kUnitsDir), id);
    // A record whose file differs only in its modeline (an old repo's) is unchanged.
    const std::string content = render_unit(catalog, moving ? store::join(dest_folder, kUnitFile) : path, record);
    if (existing && schema::same_but_modeline(content, existing->doc.text) && !moving) {
      ++plan.unchanged;
      continue;
    }
    plan.changes.writes[path] = content;
    if (moving) {
      plan.changes.moves.emplace_back(existing->folder, dest_folder);
      ++plan.moved;
      plan.actions.push_back(fmt::format("{}  {}  {}  {} -> {}", text::pad_right(tr("[import] move"), 6), id, *f.name,
                                         existing->group->display_path(), group->display_path()));
    } else if (existing) {
      ++plan.updated;
      plan.actions.push_back(fmt::format("{}  {}  {}  ({})", text::pad_right(tr("[import] update"), 6), id, *f.name, group->display_path()));
    } else {
      ++plan.added;
      plan.actions.push_back(fmt::format("{}  {}  {}  ({})", text::pad_right(tr("[import] add"), 6), id, *f.name, group->display_path()));
    }
  }
  if (plan.problems.errors() > 0) plan.changes = {};
  return plan;
}

}  // namespace firegrid::unit
