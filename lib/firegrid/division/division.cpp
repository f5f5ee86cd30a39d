#include <firegrid/division/division.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/grid/edit.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/text/sheet.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace firegrid::division {

namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// Column index by header name; throws if absent.
std::size_t column(const std::vector<std::string>& header, const char* name, const std::string& file) {
  for (std::size_t i = 0; i < header.size(); ++i)
    if (header[i] == name) return i;
  throw Error(msg("{} has no '{}' column", file, name),
              tr("the division files have the columns code,name,areaCode (streets) and "
              "code,name,streetCode (villages)"));
}

// The rows of a division file (CSV or the first sheet of an .xlsx workbook); throws at
// its first malformed row.
text::Sheet rows_of(const CsvFile& f) {
  text::Sheet sheet = text::read_sheet(f.name, f.bytes);
  if (!sheet.errors.empty()) {
    const auto& e = sheet.errors.front();
    throw Error(msg("{}:{}:{}: {}", sheet.source, e.line, e.column, e.message));
  }
  if (sheet.rows.empty()) throw Error(msg("{} is empty", f.name));
  return sheet;
}

const char* const kNumerals[] = {"一", "二", "三", "四", "五", "六", "七", "八", "九", "十"};

// 1 -> 一, 12 -> 十二, 20 -> 二十, 99 -> 九十九.
std::string chinese_number(int n) {
  if (n <= 10) return kNumerals[n - 1];
  if (n < 20) return std::string("十") + kNumerals[n - 11];
  std::string s = std::string(kNumerals[n / 10 - 1]) + "十";
  if (n % 10) s += kNumerals[n % 10 - 1];
  return s;
}

}  // namespace

std::string short_village_name(const std::string& official) {
  static const std::pair<const char*, const char*> rules[] = {
    {"社区居民委员会", "社区"}, {"社区居委会", "社区"}, {"村民委员会", "村"},
    {"村委会", "村"},           {"居民委员会", "社区"}, {"居委会", "社区"},
  };
  for (const auto& [suffix, replacement] : rules) {
    if (!ends_with(official, suffix) || official.size() <= std::string(suffix).size()) continue;
    const std::string base = official.substr(0, official.size() - std::string(suffix).size());
    return ends_with(base, replacement) ? base : base + replacement;  // 北苏村村委会 -> 北苏村
  }
  return official;
}

int GroupCount::for_village(const std::string& code) const {
  if (max <= min) return min;
  std::uint32_t h = 2166136261u;  // FNV-1a: stable across machines and runs
  for (const char c : code) h = (h ^ static_cast<unsigned char>(c)) * 16777619u;
  return min + static_cast<int>(h % static_cast<std::uint32_t>(max - min + 1));
}

GroupCount parse_group_count(const std::string& s) {
  GroupCount g;
  const auto dash = s.find('-');
  try {
    std::size_t used = 0;
    if (dash == std::string::npos) {
      g.min = g.max = std::stoi(s, &used);
      if (used != s.size()) throw std::invalid_argument(s);
    } else {
      g.min = std::stoi(s.substr(0, dash), &used);
      if (used != dash) throw std::invalid_argument(s);
      g.max = std::stoi(s.substr(dash + 1), &used);
      if (used != s.size() - dash - 1) throw std::invalid_argument(s);
    }
  } catch (const std::exception&) {
    throw Error(msg("--groups {}: expected a count such as 6 or a range such as 4-8", s));
  }
  if (g.min < 0 || g.max < g.min || g.max > 99)
    throw Error(msg("--groups {}: counts go from 0 to 99, low before high", s));
  return g;
}

std::vector<Township> read_county(const std::string& county_code, const CsvFile& streets,
                                  const CsvFile& villages) {
  std::map<std::string, Township> townships;
  {
    const text::Sheet sheet = rows_of(streets);
    const auto& rows = sheet.rows;
    const auto& header = rows.front().fields;
    const std::size_t c_code = column(header, "code", streets.name),
                      c_name = column(header, "name", streets.name),
                      c_area = column(header, "areaCode", streets.name);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& f = rows[i].fields;
      if (f.size() <= std::max({c_code, c_name, c_area}))
        throw Error(msg("{}:{}: expected {} columns, found {}", sheet.source, rows[i].line,
                                header.size(), f.size()));
      if (f[c_area] != county_code) continue;
      if (f[c_code].size() != 9 || f[c_code].compare(0, 6, county_code) != 0)
        throw Error(msg("{}:{}: township code '{}' is not 9 digits starting with {}",
                                sheet.source, rows[i].line, f[c_code], county_code));
      townships[f[c_code]] = Township{f[c_code], f[c_name], {}};
    }
  }
  if (townships.empty())
    throw Error(msg("county {} has no townships in the division data", county_code),
                tr("check the county code (6 digits, e.g. 130132)"));
  {
    const text::Sheet sheet = rows_of(villages);
    const auto& rows = sheet.rows;
    const auto& header = rows.front().fields;
    const std::size_t c_code = column(header, "code", villages.name),
                      c_name = column(header, "name", villages.name),
                      c_street = column(header, "streetCode", villages.name);
    for (std::size_t i = 1; i < rows.size(); ++i) {
      const auto& f = rows[i].fields;
      if (f.size() <= std::max({c_code, c_name, c_street}))
        throw Error(msg("{}:{}: expected {} columns, found {}", sheet.source, rows[i].line,
                                header.size(), f.size()));
      if (f[c_street].compare(0, 6, county_code) != 0) continue;
      const auto t = townships.find(f[c_street]);
      if (t == townships.end()) continue;
      if (f[c_code].size() != 12 || f[c_code].compare(0, 9, f[c_street]) != 0)
        throw Error(msg("{}:{}: village code '{}' is not 12 digits starting with {}",
                                sheet.source, rows[i].line, f[c_code], f[c_street]));
      const bool community = f[c_name].find("居") != std::string::npos;
      t->second.villages.push_back(Village{f[c_code], f[c_name], community});
    }
  }
  std::vector<Township> out;
  for (auto& [_, t] : townships) {
    std::sort(t.villages.begin(), t.villages.end(),
              [](const Village& a, const Village& b) { return a.code < b.code; });
    out.push_back(std::move(t));
  }
  return out;
}

namespace {

struct Planner {
  const schema::Catalog& catalog;
  bool update;
  ImportResult result;

  // Adds the node, or updates name and code of an existing one.
  void ensure(const grid::Grid* existing, const std::string& folder, grid::Level level,
              const std::string& name, const std::string& code) {
    if (!existing) {
      doc::Node record = doc::Node::mapping();
      record.set("level", doc::Node::string(grid::to_string(level)));
      record.set("name", doc::Node::string(name));
      record.set("code", doc::Node::string(code));
      const std::string path = store::join(folder, store::kGridFile);
      catalog.require_valid("grid", path, record);  // a name from the data may hold anything
      result.changes.writes[path] = grid::render_record(catalog, path, record);
      ++result.added[static_cast<int>(level)];
      return;
    }
    if (existing->name() == name && existing->code() == code) {
      ++result.unchanged;
      return;
    }
    ++result.differing;
    if (!update) return;
    grid::Edit e;
    e.name = name;
    e.code = code;
    auto c = grid::edit_grid(catalog, *existing, e);
    for (auto& [p, content] : c.writes) result.changes.writes[p] = std::move(content);
    ++result.updated;
  }
};

const grid::Grid* child(const grid::Grid* parent, const std::string& id) {
  if (!parent) return nullptr;
  for (const auto& c : parent->children)
    if (c->id == id) return c.get();
  return nullptr;
}

}  // namespace

ImportResult plan_import(const schema::Catalog& catalog, const grid::Tree& tree,
                         const std::vector<Township>& townships, GroupCount groups, bool update) {
  const grid::Grid* county = tree.root();
  if (!county) throw Error(tr("the repo has no county node (grid/grid.yaml)"), tr("run `firegrid check`"));
  Planner p{catalog, update, {}};
  for (const auto& t : townships) {
    const std::string tid = t.code.substr(6);
    const std::string tfolder = store::join(store::kGridRoot, tid);
    const grid::Grid* tnode = child(county, tid);
    p.ensure(tnode, tfolder, grid::Level::township, t.name, t.code);
    for (const auto& v : t.villages) {
      const std::string vid = v.code.substr(9);
      const std::string vfolder = store::join(tfolder, vid);
      const grid::Grid* vnode = child(tnode, vid);
      p.ensure(vnode, vfolder, grid::Level::village, short_village_name(v.name), v.code);
      const int n = groups.for_village(v.code);
      for (int i = 1; i <= n; ++i) {
        const std::string gid = fmt::format("g{:02}", i);
        const std::string name = v.community ? fmt::format("第{}网格", chinese_number(i))
                                             : fmt::format("第{}村民小组", chinese_number(i));
        p.ensure(child(vnode, gid), store::join(vfolder, gid), grid::Level::group, name,
                 fmt::format("{}{:03}", v.code, i));
      }
    }
  }
  return std::move(p.result);
}

}  // namespace firegrid::division
