// Unit categories: the document's kinds of units and places, who supervises each, and
// the nine-small-places thresholds that say when a place has outgrown its category.
#pragma once

#include <firegrid/doc/node.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::unit {

enum class Supervisor { fire_brigade, police_station };

struct Category {
  const char* id;        // key-unit, small-shop, ...
  const char* chinese;   // 消防安全重点单位, 小商店, ...
  bool nine_small;       // one of the nine small places (九小场所)
  Supervisor supervisor; // who supervises it unless the record says otherwise
};

// All categories, in the order documents list them.
const std::vector<Category>& categories();

// The category with this id or Chinese name (also common synonyms such as 超市 or 餐馆),
// or nullptr.
const Category* find_category(const std::string& id_or_name);

const char* to_string(Supervisor s);   // fire-brigade, police-station
const char* chinese_name(Supervisor s);  // 消防救援大队, 派出所
std::optional<Supervisor> parse_supervisor(const std::string& s);  // ids or Chinese

// The supervisor of a unit record: its `supervisor` field, else its category's default.
Supervisor effective_supervisor(const doc::Node& unit);

// Why a nine-small place has outgrown its category, one line each (empty if it has not),
// judged by the thresholds in the policy's `nine_small` mapping.
std::vector<std::string> outgrown(const doc::Node& unit, const doc::Node& nine_small_policy);

}  // namespace firegrid::unit
