#include <firegrid/unit/category.hpp>

#include <fmt/format.h>

namespace firegrid::unit {

const std::vector<Category>& categories() {
  static const std::vector<Category> all = {
    {"key-unit", "消防安全重点单位", false, Supervisor::fire_brigade},
    {"general-unit", "一般单位", false, Supervisor::fire_brigade},
    {"small-shop", "小商店", true, Supervisor::police_station},
    {"small-restaurant", "小餐饮", true, Supervisor::police_station},
    {"small-hotel", "小旅馆", true, Supervisor::police_station},
    {"small-entertainment", "小歌舞娱乐场所", true, Supervisor::police_station},
    {"small-internet-cafe", "小网吧", true, Supervisor::police_station},
    {"small-beauty-bath", "小美容洗浴场所", true, Supervisor::police_station},
    {"small-workshop", "小生产加工企业", true, Supervisor::police_station},
    {"small-clinic", "小医院", true, Supervisor::police_station},
    {"small-school", "小学校或幼儿园", true, Supervisor::police_station},
    {"three-in-one", "三合一场所", false, Supervisor::police_station},
    {"street-shop", "沿街门店", false, Supervisor::police_station},
    {"rental-housing", "出租房屋", false, Supervisor::police_station},
    {"family-workshop", "家庭作坊", false, Supervisor::police_station},
    {"residential-building", "居民住宅楼", false, Supervisor::police_station},
    {"courtyard", "院落", false, Supervisor::police_station},
  };
  return all;
}

const Category* find_category(const std::string& s) {
  for (const auto& c : categories())
    if (s == c.id || s == c.chinese) return &c;
  static const std::pair<const char*, const char*> synonyms[] = {
    {"重点单位", "key-unit"},         {"消防重点单位", "key-unit"},  {"一般单位", "general-unit"},
    {"商店", "small-shop"},           {"超市", "small-shop"},        {"小超市", "small-shop"},
    {"餐饮", "small-restaurant"},     {"饭店", "small-restaurant"},  {"餐馆", "small-restaurant"},
    {"旅馆", "small-hotel"},          {"宾馆", "small-hotel"},       {"歌舞娱乐", "small-entertainment"},
    {"网吧", "small-internet-cafe"},  {"美容", "small-beauty-bath"}, {"洗浴", "small-beauty-bath"},
    {"美容洗浴", "small-beauty-bath"}, {"生产加工", "small-workshop"}, {"加工厂", "small-workshop"},
    {"诊所", "small-clinic"},         {"卫生室", "small-clinic"},    {"小医院", "small-clinic"},
    {"学校", "small-school"},         {"幼儿园", "small-school"},    {"小学校", "small-school"},
    {"三合一", "three-in-one"},       {"门店", "street-shop"},       {"出租房", "rental-housing"},
    {"家庭作坊", "family-workshop"},  {"家庭工厂", "family-workshop"}, {"住宅楼", "residential-building"},
    {"居民楼", "residential-building"}, {"院落", "courtyard"},
  };
  for (const auto& [name, id] : synonyms)
    if (s == name) return find_category(id);
  return nullptr;
}

const char* to_string(Supervisor s) {
  return s == Supervisor::fire_brigade ? "fire-brigade" : "police-station";
}

const char* chinese_name(Supervisor s) {
  return s == Supervisor::fire_brigade ? "消防救援大队" : "派出所";
}

std::optional<Supervisor> parse_supervisor(const std::string& s) {
  if (s == "fire-brigade" || s == "消防救援大队" || s == "消防大队") return Supervisor::fire_brigade;
  if (s == "police-station" || s == "派出所") return Supervisor::police_station;
  return std::nullopt;
}

Supervisor effective_supervisor(const doc::Node& unit) {
  if (const auto s = parse_supervisor(unit.get_string("supervisor"))) return *s;
  const Category* c = find_category(unit.get_string("category"));
  return c ? c->supervisor : Supervisor::police_station;
}

namespace {

// The number at `key` in a mapping, if it is one.
std::optional<double> number(const doc::Node& n, const char* key) {
  const doc::Node* v = n.find(key);
  if (!v) return std::nullopt;
  if (v->kind() == doc::Kind::integer) return static_cast<double>(v->as_int());
  if (v->kind() == doc::Kind::real) return v->as_real();
  return std::nullopt;
}

}  // namespace

std::vector<std::string> outgrown(const doc::Node& unit, const doc::Node& policy) {
  std::vector<std::string> out;
  const std::string category = unit.get_string("category");
  auto over = [&](const char* field, const char* limit, const char* what) {
    const auto value = number(unit, field);
    const auto max = number(policy, limit);
    if (value && max && *value > *max)
      out.push_back(fmt::format("{} {} is over the nine-small limit of {} ({})", what, *value, *max, limit));
  };
  if (category == "small-shop") over("area_m2", "shop_area_m2", "floor area");
  if (category == "small-restaurant") over("seats", "restaurant_seats", "seats");
  if (category == "small-hotel") over("beds", "hotel_beds", "beds");
  if (category == "small-entertainment" || category == "small-internet-cafe") {
    over("area_m2", "entertainment_area_m2", "floor area");
    over("floors", "entertainment_max_floor", "floors");
  }
  if (category == "small-beauty-bath") over("area_m2", "leisure_area_m2", "floor area");
  if (category == "small-clinic") over("beds", "clinic_beds", "beds");
  if (category == "small-workshop") {
    over("staff", "workshop_staff", "staff");
    over("beds", "workshop_dormitory_beds", "dormitory beds");
  }
  if (category == "small-school") {
    const doc::Node* boarding = unit.find("boarding");
    if (boarding && boarding->kind() == doc::Kind::boolean && boarding->as_bool())
      over("beds", "boarding_school_beds", "beds");
    over("pupils", "school_pupils", "pupils");
    over("children", "kindergarten_children", "children");
  }
  return out;
}

}  // namespace firegrid::unit
