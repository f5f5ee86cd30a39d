// The one emitter: writes a doc::Node tree as YAML, byte-stable.
//
// Mapping keys come out in the order the record type's schema lists them (keys the
// schema does not know follow, in their current order). Strings that any YAML 1.1 or
// 1.2 reader could take for a number, boolean, null, date or time are quoted, so
// `phone: '0311-8888'`, `code: '0012'` and `answer: 'yes'` stay strings everywhere.
// emit(load(emit(x))) == emit(x) for every tree.
#pragma once

#include <firegrid/doc/node.hpp>

#include <memory>
#include <string>
#include <vector>

namespace firegrid::doc {

// The key order of a record type, navigated alongside the tree being written.
class KeyOrder {
public:
  virtual ~KeyOrder() = default;
  // Keys of the mapping at this place, in the order to write them.
  virtual std::vector<std::string> keys() const = 0;
  // The order inside the value of `key`, or nullptr if unknown.
  virtual std::unique_ptr<KeyOrder> property(const std::string& key) const = 0;
  // The order inside each item of the list at this place, or nullptr.
  virtual std::unique_ptr<KeyOrder> items() const = 0;
};

// Writes `root` (normally a mapping) as a YAML document ending in one newline.
std::string emit(const Node& root, const KeyOrder* order = nullptr);

// True if `s` can be written as a plain (unquoted) scalar and read back as the same string
// by YAML 1.1 and 1.2 readers alike.
bool is_plain_safe(const std::string& s);

}  // namespace firegrid::doc
