#include <firegrid/doc/json.hpp>

namespace firegrid::doc {

namespace {

template <typename Json>
Json convert(const Node& n) {
  switch (n.kind()) {
  case Kind::null: return nullptr;
  case Kind::boolean: return n.as_bool();
  case Kind::integer: return n.as_int();
  case Kind::real: return n.as_real();
  case Kind::string: return n.as_string();
  case Kind::sequence: {
    Json a = Json::array();
    for (const auto& i : n.items()) a.push_back(convert<Json>(i));
    return a;
  }
  case Kind::mapping: {
    Json o = Json::object();
    for (const auto& e : n.entries()) o[e.key] = convert<Json>(e.value);
    return o;
  }
  }
  return nullptr;
}

}  // namespace

nlohmann::ordered_json to_ordered_json(const Node& n) { return convert<nlohmann::ordered_json>(n); }
nlohmann::json to_json(const Node& n) { return convert<nlohmann::json>(n); }

}  // namespace firegrid::doc
