#include <firegrid/report/assess.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/policy/manifest.hpp>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>

namespace firegrid::report {

namespace {

using YamlNode = doc::Node;  // report::Node is the rollup's grid

// A threshold in the policy: an integer or a real.
std::optional<double> number(const YamlNode* n) {
  if (!n) return std::nullopt;
  if (n->kind() == doc::Kind::integer) return static_cast<double>(n->as_int());
  if (n->kind() == doc::Kind::real) return n->as_real();
  return std::nullopt;
}

bool is_rate(const std::string& figure) {
  return std::any_of(rates().begin(), rates().end(), [&](const Rate& r) { return r.id == figure; });
}

// Rates are shares, counts whole numbers: "0.95" vs 0.95 would pass at 0.9499999 otherwise.
constexpr double kEpsilon = 1e-9;

// A whole number (a count, a bound of a count) as an integer, a share as a real; null
// for nothing to measure.
nlohmann::ordered_json optional_number(const std::optional<double>& v, bool share) {
  if (!v) return nlohmann::ordered_json();
  if (!share && std::floor(*v) == *v && std::fabs(*v) < 1e15) return static_cast<long>(*v);
  return *v;
}

}  // namespace

const std::vector<std::string>& dimensions() {
  static const std::vector<std::string> d{"responsibility", "mechanism", "operation"};
  return d;
}

std::vector<Indicator> indicators(const doc::Node& policy, bool* built_in) {
  const YamlNode* assess = policy.find("assess");
  const YamlNode* list = assess ? assess->find("indicators") : nullptr;
  const YamlNode defaults = policy::default_assess();
  if (built_in) *built_in = !list || !list->is_sequence();
  if (!list || !list->is_sequence()) list = defaults.find("indicators");
  std::vector<Indicator> out;
  std::size_t n = 0;
  for (const YamlNode& item : list->items()) {
    ++n;
    Indicator i;
    i.id = item.get_string("id");
    const std::string name = i.id.empty() ? fmt::format("policy.assess.indicators[{}]", n - 1) : i.id;
    const std::string fix = "correct policy.assess.indicators in firegrid.yaml (firegrid check shows where)";
    i.dimension = item.get_string("dimension");
    i.figure = item.get_string("figure");
    const auto min = number(item.find("min")), max = number(item.find("max"));
    if (i.id.empty()) throw Error(msg("assess indicator {} has no id", name), fix);
    if (std::find(dimensions().begin(), dimensions().end(), i.dimension) == dimensions().end())
      throw Error(msg("assess indicator {}: dimension '{}' is not responsibility, mechanism or operation",
                              name, i.dimension),
                  fix);
    if (i.figure.empty()) throw Error(msg("assess indicator {} names no figure", name), fix);
    if (i.figure.size() > 5 && i.figure.compare(i.figure.size() - 5, 5, "-rate") == 0 && !is_rate(i.figure))
      throw Error(msg("assess indicator {}: there is no rate '{}'", name, i.figure),
                  tr("docs/reports.md lists the rates"));
    if (min.has_value() == max.has_value())
      throw Error(msg("assess indicator {} needs either min or max", name),
                  tr("give it `min:` (passes at or above) or `max:` (passes at or below), not both"));
    i.at_least = min.has_value();
    i.threshold = min ? *min : *max;
    out.push_back(std::move(i));
  }
  return out;
}

std::optional<double> target_for(const doc::Node& policy, int year) {
  const YamlNode* targets = policy.find("targets");
  if (!targets || !targets->is_sequence()) return std::nullopt;
  for (const YamlNode& t : targets->items()) {
    const YamlNode* y = t.find("year");
    const auto percent = number(t.find("percent"));
    if (y && y->kind() == doc::Kind::integer && y->as_int() == year && percent) return *percent / 100.0;
  }
  return std::nullopt;
}

std::optional<double> Assessment::share() const {
  if (total == 0) return std::nullopt;
  return static_cast<double>(meeting) / static_cast<double>(total);
}

bool Assessment::target_met() const {
  const auto s = share();
  return target && s && *s + kEpsilon >= *target;
}

Assessment assess(const Rollup& rollup, const doc::Node& policy, int year) {
  Assessment a;
  a.year = year;
  a.period = rollup.period;
  a.as_of = rollup.as_of;
  a.path = rollup.root.path;
  a.name = rollup.root.name;
  a.level = rollup.root.level;
  a.used = indicators(policy, &a.built_in);
  // The targets are the county's, for its townships; a township's villages have none.
  if (rollup.root.level == "county") a.target = target_for(policy, year);
  for (const auto& child : rollup.root.children) {
    GridAssessment g;
    g.path = child.path;
    g.id = child.id;
    g.name = child.name;
    g.level = child.level;
    for (const auto& d : dimensions()) g.dimensions[d] = true;
    for (const Indicator& i : a.used) {
      IndicatorResult r;
      r.id = i.id;
      r.dimension = i.dimension;
      r.figure = i.figure;
      r.at_least = i.at_least;
      r.threshold = i.threshold;
      // A rate with nothing to measure (no units, no hazards closed) passes: a village
      // with no units cannot fail to inspect them.
      r.value = is_rate(i.figure) ? rate(child.total, i.figure)
                                  : std::optional<double>(static_cast<double>(get(child.total, i.figure)));
      r.passed = !r.value || (i.at_least ? *r.value + kEpsilon >= i.threshold : *r.value <= i.threshold + kEpsilon);
      g.dimensions[i.dimension] = g.dimensions[i.dimension] && r.passed;
      g.indicators.push_back(std::move(r));
    }
    g.meets = std::all_of(g.dimensions.begin(), g.dimensions.end(), [](const auto& d) { return d.second; });
    a.meeting += g.meets;
    ++a.total;
    a.grids.push_back(std::move(g));
  }
  return a;
}

std::string to_json(const Assessment& a) {
  nlohmann::ordered_json j;
  j["format"] = "firegrid-assess";
  j["version"] = 1;
  j["year"] = a.year;
  j["period"] = {{"name", a.period.name}, {"first", a.period.first.iso()}, {"last", a.period.last.iso()}};
  j["as_of"] = a.as_of.iso();
  j["grid"] = {{"path", a.path}, {"name", a.name}, {"level", a.level}};
  j["built_in"] = a.built_in;
  j["indicators"] = nlohmann::ordered_json::array();
  for (const Indicator& i : a.used) {
    nlohmann::ordered_json o;
    o["id"] = i.id;
    o["dimension"] = i.dimension;
    o["figure"] = i.figure;
    o[i.at_least ? "min" : "max"] = optional_number(i.threshold, is_rate(i.figure));
    j["indicators"].push_back(std::move(o));
  }
  j["grids"] = nlohmann::ordered_json::array();
  for (const GridAssessment& g : a.grids) {
    nlohmann::ordered_json o;
    o["path"] = g.path;
    o["id"] = g.id;
    o["name"] = g.name;
    o["level"] = g.level;
    o["meets"] = g.meets;
    o["dimensions"] = nlohmann::ordered_json::object();
    for (const auto& d : dimensions()) o["dimensions"][d] = g.dimensions.at(d);
    o["indicators"] = nlohmann::ordered_json::array();
    for (const IndicatorResult& r : g.indicators)
      o["indicators"].push_back({{"id", r.id}, {"value", optional_number(r.value, is_rate(r.figure))}, {"passed", r.passed}});
    j["grids"].push_back(std::move(o));
  }
  j["meeting"] = a.meeting;
  j["total"] = a.total;
  j["share"] = optional_number(a.share(), true);
  j["target"] = optional_number(a.target, true);
  j["target_met"] = a.target_met();
  return j.dump(2) + "\n";
}

}  // namespace firegrid::report
