#include <firegrid/policy/manifest.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

namespace firegrid::policy {

namespace {

using doc::Node;

Node cadence(const char* kind, const char* name, const char* who, const char* every,
             const char* scope) {
  Node c = Node::mapping();
  c.set("kind", Node::string(kind));
  c.set("name", Node::string(name));
  c.set("who", Node::string(who));
  c.set("every", Node::string(every));
  c.set("scope", Node::string(scope));
  return c;
}

Node ints(std::initializer_list<std::pair<const char*, int>> values) {
  Node m = Node::mapping();
  for (const auto& [k, v] : values) m.set(k, Node::integer(v));
  return m;
}

Node indicator(const char* id, const char* dimension, const char* figure, const char* bound, double value,
               bool integral) {
  Node i = Node::mapping();
  i.set("id", Node::string(id));
  i.set("dimension", Node::string(dimension));
  i.set("figure", Node::string(figure));
  i.set(bound, integral ? Node::integer(static_cast<std::int64_t>(value)) : Node::real(value));
  return i;
}

}  // namespace

// Why each threshold (docs/commands/report-assess.md says it for the user):
// responsibility is named people and kit, so leaders and gaps allow no exception and a
// few units may be between responsible persons; mechanism is meetings and follow-up at
// 80%, a training and the four seasonal publicity rounds a year; operation is the
// inspection cadences at 90%, no hazard left overdue, and every tip answered in time.
Node default_assess() {
  Node indicators = Node::sequence();
  indicators.push(indicator("leaders", "responsibility", "grids.leader-rate", "min", 1.0, false));
  indicators.push(indicator("responsible-persons", "responsibility", "units.responsible-rate", "min", 0.95, false));
  indicators.push(indicator("resource-gaps", "responsibility", "resources.gaps", "max", 0, true));
  indicators.push(indicator("joint-meetings", "mechanism", "meetings.joint-rate", "min", 0.8, false));
  indicators.push(indicator("actions-done", "mechanism", "actions.done-rate", "min", 0.8, false));
  indicators.push(indicator("trainings", "mechanism", "trainings.training", "min", 1, true));
  indicators.push(indicator("publicity", "mechanism", "trainings.publicity", "min", 4, true));
  indicators.push(indicator("checks", "operation", "checks.rate", "min", 0.9, false));
  indicators.push(indicator("units-inspected", "operation", "units.inspected-rate", "min", 0.9, false));
  indicators.push(indicator("hazards-in-time", "operation", "hazards.in-time-rate", "min", 0.9, false));
  indicators.push(indicator("hazards-overdue", "operation", "hazards.overdue", "max", 0, true));
  indicators.push(indicator("tips-in-time", "operation", "tips.in-time-rate", "min", 1.0, false));
  Node assess = Node::mapping();
  assess.set("indicators", std::move(indicators));
  return assess;
}

Node default_manifest(const std::string& county_code, const std::string& county_name,
                      int first_year) {
  Node root = Node::mapping();
  root.set("format", Node::integer(kFormatVersion));
  Node county = Node::mapping();
  county.set("code", Node::string(county_code));
  county.set("name", Node::string(county_name));
  root.set("county", std::move(county));

  Node policy = Node::mapping();
  Node cadences = Node::sequence();
  cadences.push(cadence("patrol", "巡查", "保安员、巡逻员、志愿消防队", "day", "group"));
  cadences.push(cadence("village-check", "日常检查", "村（社区）消防工作人员", "week", "village"));
  cadences.push(cadence("police-spot-check", "监督抽查", "派出所", "week", "township"));
  cadences.push(cadence("community-police-check", "每周一查", "社区民警", "week", "village"));
  cadences.push(cadence("township-inspection", "检查巡查", "乡镇安监办", "month", "township"));
  cadences.push(cadence("joint-meeting", "联席会议", "乡镇", "two-months", "township"));
  cadences.push(cadence("publicity", "节日和火灾多发季节宣传", "村（社区）", "season", "village"));
  cadences.push(cadence("county-supervision", "半年督导、年终考评", "县领导小组", "half-year", "county"));
  policy.set("cadences", std::move(cadences));
  policy.set("seasons", default_seasons());  // the fire-prone seasons of the publicity cadence
  policy.set("deadlines", ints({{"notice_working_days", 3},
                                {"recheck_working_days", 3},
                                {"rectify_days_general", 30},
                                {"rectify_days_major", 90},
                                {"due_soon_days", 7}}));
  Node targets = Node::sequence();
  const int percents[] = {30, 60, 80, 100};
  for (int i = 0; i < 4; ++i) {
    Node t = Node::mapping();
    t.set("year", Node::integer(first_year + i));
    t.set("percent", Node::integer(percents[i]));
    targets.push(std::move(t));
  }
  policy.set("targets", std::move(targets));
  policy.set("nine_small", ints({{"shop_area_m2", 300},
                                 {"restaurant_seats", 100},
                                 {"hotel_beds", 50},
                                 {"entertainment_area_m2", 200},
                                 {"entertainment_max_floor", 3},
                                 {"leisure_area_m2", 200},
                                 {"clinic_beds", 30},
                                 {"boarding_school_beds", 50},
                                 {"school_pupils", 500},
                                 {"kindergarten_children", 100},
                                 {"workshop_staff", 50},
                                 {"workshop_dormitory_beds", 30},
                                 {"hazardous_goods_shop_area_m2", 100}}));
  policy.set("tips", ints({{"reward_min_yuan", 50},
                           {"reward_max_yuan", 500},
                           {"reply_working_days", 5},
                           {"claim_days", 90}}));
  // People and resources per level (the brief's "people and resources").
  doc::Node resources = doc::Node::mapping();
  for (const char* k : {"leader", "rescue_team", "police_officer"}) resources.set(k, doc::Node::boolean(true));
  resources.set("coordinators_min", doc::Node::integer(1));
  resources.set("coordinators_max", doc::Node::integer(2));
  resources.set("volunteer_brigade", doc::Node::boolean(true));
  policy.set("resources", std::move(resources));
  // Key units at least monthly (公安部令第61号), general units quarterly, other places twice a year.
  policy.set("unit_check_days", ints({{"key-unit", 30}, {"general-unit", 90}, {"default", 180}}));
  policy.set("assess", default_assess());
  root.set("policy", std::move(policy));
  return root;
}

std::optional<doc::Document> load_manifest(const store::Disk& disk, const schema::Catalog& catalog,
                                           Findings& findings) {
  const auto text = disk.read(store::kManifest, doc::LoadLimits{}.max_bytes);
  if (!text) throw Error(msg("{} is missing", store::kManifest));
  auto loaded = doc::load(store::kManifest, *text);
  findings.append(loaded.findings);
  if (!loaded.document) return std::nullopt;
  const doc::Node* format = loaded.document->root.find("format");
  if (format && format->kind() == doc::Kind::integer && format->as_int() > kFormatVersion)
    throw Error(msg("this repo is in format {}; this firegrid reads format {}",
                            format->as_int(), kFormatVersion),
                tr("upgrade firegrid"));
  findings.append(catalog.validate(*loaded.document, "manifest"));
  return std::move(loaded.document);
}

}  // namespace firegrid::policy
