// The rollup as JSON, and several rollups merged into one. The JSON is the exchange
// format between counties, cities and provinces: versioned, figures as integer counts
// (so merging is addition), rates only for the reader's convenience (derived again from
// the counts, never read back).
#include <firegrid/report/diff.hpp>
#include <firegrid/report/rollup.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <cmath>
#include <map>
#include <set>

namespace firegrid::report {

namespace {

using Json = nlohmann::ordered_json;

constexpr const char* kFormat = "firegrid-report";
constexpr int kVersion = 1;

Json figures_json(const Figures& f) {
  Json o = Json::object();
  for (const auto& [id, count] : f) o[id] = count;
  return o;
}

// Rates rounded to 4 decimals, so the text is short and the same on every machine.
Json rates_json(const Figures& total) {
  Json o = Json::object();
  std::vector<std::pair<std::string, std::optional<double>>> sorted;
  for (const auto& r : rates()) sorted.emplace_back(r.id, rate(total, r));
  std::sort(sorted.begin(), sorted.end());
  for (const auto& [id, value] : sorted) {
    if (value)
      o[id] = std::round(*value * 10000) / 10000;
    else
      o[id] = nullptr;
  }
  return o;
}

// A node with its figures; rates only in rollups (a diff's counts have no rates).
Json node_json(const Node& n, bool with_rates = true) {
  Json o = Json::object();
  o["path"] = n.path;
  o["id"] = n.id;
  o["name"] = n.name;
  o["level"] = n.level;
  o["code"] = n.code;
  o["own"] = figures_json(n.own);
  o["total"] = figures_json(n.total);
  if (with_rates) o["rates"] = rates_json(n.total);
  Json children = Json::array();
  for (const auto& c : n.children) children.push_back(node_json(c, with_rates));
  o["children"] = std::move(children);
  return o;
}

// Reading: every problem names the file and the key, and says how to get a good file.
class Reader {
public:
  explicit Reader(const std::string& source) : source_(source) {}

  [[noreturn]] void fail(const std::string& what) const {
    throw Error(msg("{}: {}", source_, what),
                tr("give a file written by firegrid report ... --format json"));
  }

  const nlohmann::json& member(const nlohmann::json& o, const char* key, const std::string& where) const {
    if (!o.is_object() || !o.contains(key)) fail(fmt::format("{} has no \"{}\"", where, key));
    return o.at(key);
  }

  std::string string(const nlohmann::json& o, const char* key, const std::string& where) const {
    const auto& v = member(o, key, where);
    if (!v.is_string()) fail(fmt::format("\"{}\" of {} is not a string", key, where));
    return v.get<std::string>();
  }

  Date date(const nlohmann::json& o, const char* key, const std::string& where) const {
    Date d;
    if (!parse_date(string(o, key, where), d)) fail(fmt::format("\"{}\" of {} is not a date (YYYY-MM-DD)", key, where));
    return d;
  }

  Figures figures(const nlohmann::json& o, const char* key, const std::string& where) const {
    const auto& v = member(o, key, where);
    if (!v.is_object()) fail(fmt::format("\"{}\" of {} is not an object", key, where));
    Figures f;
    for (const auto& [id, count] : v.items()) {
      if (!count.is_number_integer())
        fail(fmt::format("figure \"{}\" in \"{}\" of {} is not a whole number", id, key, where));
      f[id] = count.get<long>();
    }
    return f;
  }

  Node node(const nlohmann::json& o, const std::string& where) const {
    if (!o.is_object()) fail(where + " is not an object");
    Node n;
    n.path = string(o, "path", where);
    n.id = string(o, "id", where);
    n.name = string(o, "name", where);
    n.level = string(o, "level", where);
    n.code = string(o, "code", where);
    n.own = figures(o, "own", where);
    n.total = figures(o, "total", where);
    const auto& children = member(o, "children", where);
    if (!children.is_array()) fail(fmt::format("\"children\" of {} is not an array", where));
    for (const auto& c : children) n.children.push_back(node(c, fmt::format("grid '{}'", c.value("path", "?"))));
    return n;
  }

private:
  const std::string& source_;
};

// Prefixes every path below `n` with `key`, so nodes of several counties stay apart.
void prefix_paths(Node& n, const std::string& key) {
  n.path = n.path.empty() ? key : key + "/" + n.path;
  for (auto& c : n.children) prefix_paths(c, key);
}

// The counties (any root that is not itself a merge) that `n` holds, at any depth, by
// code (or name), with the input that holds them.
void counties_in(const Node& n, const std::string& input, std::map<std::string, std::string>& seen) {
  if (n.level == "merged") {
    for (const auto& c : n.children) counties_in(c, input, seen);
    return;
  }
  const std::string key = n.code.empty() ? n.name : n.code;
  const auto [it, added] = seen.emplace(key, input);
  if (!added)
    throw Error(msg("{} ({}) is in {} and in {}: it would be counted twice", n.name, key, it->second, input),
                tr("merge each county once: leave out the county's own report, or the merge that holds it"));
}

}  // namespace

std::string to_json(const Rollup& r) {
  Json o = Json::object();
  o["format"] = kFormat;
  o["version"] = kVersion;
  o["kind"] = r.kind;
  o["period"] = Json{{"name", r.period.name}, {"first", r.period.first.iso()}, {"last", r.period.last.iso()}};
  o["as_of"] = r.as_of.iso();
  o["root"] = node_json(r.root);
  return o.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

std::string to_json(const Diff& d) {
  const auto side = [](const Side& s) {
    return Json{{"asked", s.asked}, {"commit", s.commit}, {"date", s.date.iso()}};
  };
  Json o = Json::object();
  o["format"] = "firegrid-diff";
  o["version"] = 1;
  o["since"] = side(d.since);
  o["until"] = side(d.until);
  o["root"] = node_json(d.root, false);
  Json changes = Json::array();
  for (const auto& c : d.changes)
    changes.push_back(Json{{"grid", c.grid}, {"kind", c.kind}, {"id", c.id}, {"change", c.change},
                           {"from", c.from}, {"to", c.to}, {"date", c.date}, {"title", c.title}});
  o["changes"] = std::move(changes);
  return o.dump(2, ' ', false, nlohmann::json::error_handler_t::replace) + "\n";
}

Rollup from_json(const std::string& text, const std::string& source) {
  nlohmann::json doc;
  try {
    doc = nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    throw Error(msg("{}: not JSON ({})", source, e.what()),
                tr("give a file written by firegrid report ... --format json"));
  }
  Reader in(source);
  if (!doc.is_object() || !doc.contains("format") || doc["format"] != kFormat)
    throw Error(msg("{} is not a firegrid report (no \"format\": \"{}\")", source, kFormat),
                tr("give a file written by firegrid report ... --format json"));
  const auto& version = doc["version"];
  if (!version.is_number_integer() || version.get<long>() != kVersion)
    throw Error(msg("{} is a firegrid report of version {}; this firegrid reads version {}", source,
                            version.dump(), kVersion),
                tr("make the report again with this firegrid, or use the firegrid that wrote it"));
  Rollup r;
  r.kind = in.string(doc, "kind", "the report");
  const auto& period = in.member(doc, "period", "the report");
  r.period.name = in.string(period, "name", "\"period\"");
  r.period.first = in.date(period, "first", "\"period\"");
  r.period.last = in.date(period, "last", "\"period\"");
  r.as_of = in.date(doc, "as_of", "the report");
  r.root = in.node(in.member(doc, "root", "the report"), "\"root\"");
  return r;
}

Rollup merge(const std::vector<Rollup>& rollups, const std::string& name) {
  if (rollups.empty()) throw Error(tr("nothing to merge"), tr("name two or more reports written with --format json"));
  Rollup merged;
  merged.kind = rollups.front().kind;
  merged.period = rollups.front().period;
  merged.as_of = rollups.front().as_of;
  merged.root.name = name;
  merged.root.level = "merged";
  std::map<std::string, std::string> counties;  // every county of every input, at any depth
  for (const auto& r : rollups) {
    if (r.kind != merged.kind || r.period.first != merged.period.first || r.period.last != merged.period.last)
      throw Error(msg("{} is a {} report for {}, {} a {} report for {}: only reports of one kind and "
                              "period add up",
                              rollups.front().root.name, merged.kind, merged.period.name, r.root.name, r.kind,
                              r.period.name),
                  tr("make every county's report with the same command and period (--week, --month or --year)"));
    if (merged.as_of < r.as_of) merged.as_of = r.as_of;
    Node child = r.root;
    const std::string key = child.code.empty() ? child.name : child.code;
    counties_in(child, child.name, counties);
    prefix_paths(child, key);
    add(merged.root.total, child.total);
    merged.root.children.push_back(std::move(child));
  }
  return merged;
}

}  // namespace firegrid::report
