// A doc::Node tree as JSON: ordered (keys in record order) for output, plain for valijson.
#pragma once

#include <firegrid/doc/node.hpp>

#include <nlohmann/json.hpp>

namespace firegrid::doc {

nlohmann::ordered_json to_ordered_json(const Node& n);
nlohmann::json to_json(const Node& n);

}  // namespace firegrid::doc
