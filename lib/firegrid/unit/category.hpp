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

// A word clerks write for a category (超市, 美容美发, KTV, 沿街商铺, ...).
struct CategoryWord {
  const char* word;
  const char* id;
};
// All of them, as docs/format.md lists them.
const std::vector<CategoryWord>& category_words();

// The category with this id or Chinese name, or a word of category_words() (ASCII letters
// in any case), or nullptr.
const Category* find_category(const std::string& id_or_name);

// For a value find_category does not know: the category name or word that shares the
// longest run of characters with it (便民小超市 -> 超市), or nullopt when none is close.
std::optional<std::string> nearest_category(const std::string& value);

const char* to_string(Supervisor s);   // fire-brigade, police-station
const char* chinese_name(Supervisor s);  // 消防救援大队, 派出所
std::optional<Supervisor> parse_supervisor(const std::string& s);  // ids or Chinese

// The supervisor of a unit record: its `supervisor` field, else its category's default.
Supervisor effective_supervisor(const doc::Node& unit);

// Why a nine-small place has outgrown its category, one line each (empty if it has not),
// judged by the thresholds in the policy's `nine_small` mapping.
std::vector<std::string> outgrown(const doc::Node& unit, const doc::Node& nine_small_policy);

}  // namespace firegrid::unit
