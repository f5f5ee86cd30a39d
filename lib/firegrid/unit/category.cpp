#include <firegrid/unit/category.hpp>

#include <fmt/format.h>

#include <algorithm>

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

const std::vector<CategoryWord>& category_words() {
  // The words clerks write in a unit list, documented in docs/format.md ("Category words");
  // a unit test checks that the table there lists every one of them.
  static const std::vector<CategoryWord> words = {
    {"重点单位", "key-unit"}, {"消防重点单位", "key-unit"}, {"消防安全重点单位", "key-unit"},
    {"养老院", "key-unit"}, {"敬老院", "key-unit"}, {"养老机构", "key-unit"}, {"福利院", "key-unit"},
    {"一般单位", "general-unit"},
    {"商店", "small-shop"}, {"超市", "small-shop"}, {"小超市", "small-shop"}, {"便利店", "small-shop"},
    {"小卖部", "small-shop"}, {"商店超市", "small-shop"},
    {"餐饮", "small-restaurant"}, {"饭店", "small-restaurant"}, {"餐馆", "small-restaurant"},
    {"小饭店", "small-restaurant"}, {"小吃店", "small-restaurant"}, {"快餐店", "small-restaurant"},
    {"餐饮店", "small-restaurant"}, {"小餐馆", "small-restaurant"},
    {"旅馆", "small-hotel"}, {"宾馆", "small-hotel"}, {"旅店", "small-hotel"}, {"招待所", "small-hotel"},
    {"民宿", "small-hotel"},
    {"歌舞娱乐", "small-entertainment"}, {"娱乐场所", "small-entertainment"}, {"KTV", "small-entertainment"},
    {"歌厅", "small-entertainment"}, {"舞厅", "small-entertainment"}, {"酒吧", "small-entertainment"},
    {"棋牌室", "small-entertainment"},
    {"网吧", "small-internet-cafe"}, {"网咖", "small-internet-cafe"},
    {"美容", "small-beauty-bath"}, {"洗浴", "small-beauty-bath"}, {"美容洗浴", "small-beauty-bath"},
    {"美容美发", "small-beauty-bath"}, {"美发", "small-beauty-bath"}, {"理发店", "small-beauty-bath"},
    {"足浴", "small-beauty-bath"}, {"浴池", "small-beauty-bath"},
    {"生产加工", "small-workshop"}, {"加工厂", "small-workshop"}, {"小加工厂", "small-workshop"},
    {"小生产加工", "small-workshop"},
    {"诊所", "small-clinic"}, {"卫生室", "small-clinic"}, {"村卫生室", "small-clinic"}, {"小医院", "small-clinic"},
    {"卫生院", "small-clinic"}, {"门诊部", "small-clinic"},
    {"学校", "small-school"}, {"幼儿园", "small-school"}, {"小学校", "small-school"}, {"小学", "small-school"},
    {"托儿所", "small-school"}, {"培训机构", "small-school"},
    {"三合一", "three-in-one"},
    {"门店", "street-shop"}, {"沿街商铺", "street-shop"}, {"商铺", "street-shop"}, {"沿街店铺", "street-shop"},
    {"临街门店", "street-shop"}, {"门市", "street-shop"},
    {"出租房", "rental-housing"}, {"出租屋", "rental-housing"}, {"群租房", "rental-housing"},
    {"家庭作坊", "family-workshop"}, {"家庭工厂", "family-workshop"}, {"小作坊", "family-workshop"},
    {"作坊", "family-workshop"},
    {"住宅楼", "residential-building"}, {"居民楼", "residential-building"}, {"住宅小区", "residential-building"},
    {"院落", "courtyard"}, {"大院", "courtyard"},
  };
  return words;
}

namespace {

// ASCII letters in lower case (KTV, ktv and Ktv are one word).
std::string category_fold(const std::string& s) {
  std::string out = s;
  for (auto& c : out) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return out;
}

// The code points of a UTF-8 string, as strings.
std::vector<std::string> category_chars(const std::string& s) {
  std::vector<std::string> out;
  for (std::size_t i = 0; i < s.size();) {
    const auto c = static_cast<unsigned char>(s[i]);
    const std::size_t n = c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;
    out.push_back(s.substr(i, n));
    i += n;
  }
  return out;
}

// The length, in code points, of the longest run two strings share.
std::size_t category_common_run(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  std::size_t best = 0;
  std::vector<std::size_t> prev(b.size() + 1, 0), cur(b.size() + 1, 0);
  for (std::size_t i = 1; i <= a.size(); ++i) {
    for (std::size_t j = 1; j <= b.size(); ++j) {
      cur[j] = a[i - 1] == b[j - 1] ? prev[j - 1] + 1 : 0;
      best = std::max(best, cur[j]);
    }
    std::swap(prev, cur);
  }
  return best;
}

}  // namespace

const Category* find_category(const std::string& s) {
  for (const auto& c : categories())
    if (s == c.id || s == c.chinese) return &c;
  const std::string folded = category_fold(s);
  for (const auto& w : category_words())
    if (folded == category_fold(w.word)) return find_category(w.id);
  return nullptr;
}

std::optional<std::string> nearest_category(const std::string& s) {
  if (s.size() > 200) return std::nullopt;
  const auto chars = category_chars(category_fold(s));
  std::size_t best = 0, best_length = 0;
  std::string word;
  auto consider = [&](const std::string& candidate) {
    const auto cc = category_chars(category_fold(candidate));
    const std::size_t run = category_common_run(chars, cc);
    // A longer shared run wins; between equals, the shorter word (closer to the value).
    if (run > best || (run == best && run > 0 && cc.size() < best_length)) {
      best = run;
      best_length = cc.size();
      word = candidate;
    }
  };
  for (const auto& c : categories()) consider(c.chinese);
  for (const auto& w : category_words()) consider(w.word);
  // One shared Chinese character is a hint; one shared ASCII letter is not.
  const bool ascii = !word.empty() && static_cast<unsigned char>(word[0]) < 0x80;
  if (best == 0 || (ascii && best < 2)) return std::nullopt;
  return word;
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
