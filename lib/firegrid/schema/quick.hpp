// A record type's schema compiled for the common case, a record that meets it: one walk of
// the document tree beside the compiled schema says whether the record is *certainly*
// clean, with no allocation, no JSON copy and no std::regex. Only a record it cannot vouch
// for goes through valijson (schema::Catalog::validate), which words the findings; so the
// findings are those of valijson whatever this says, and this only has to be sound: when
// it says clean, valijson and the extra checks find nothing (tests/unit/schema_quick_test.cpp
// checks both against each other). A keyword it does not know makes its node "unsure",
// which sends every record that reaches it to valijson.
#pragma once

#include <firegrid/doc/node.hpp>

#include <bitset>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace firegrid::schema {

// An anchored ECMAScript pattern of the subset the schemas use (^...$; literals, escapes
// \s \d \w and escaped punctuation, classes with ranges and negation, groups with |, and the
// quantifiers ? * + {n} {n,} {n,m}), matched byte by byte like std::regex on std::string,
// by a Thompson NFA: linear time, no backtracking. `compile` gives nullopt for anything
// outside the subset.
class Pattern {
public:
  static std::optional<Pattern> compile(std::string_view source);
  bool matches(std::string_view s) const;

private:
  struct State {
    enum Op : std::uint8_t { byte, split, match } op = match;
    int next = -1, alt = -1;  // byte: next; split: next and alt
    std::bitset<256> set;
  };
  std::vector<State> states_;
  int start_ = -1;
  friend struct PatternBuilder;
};

class Quick {
public:
  // The definition `name` of schema file `file` ("common.schema.yaml"), or null.
  using Definitions = std::function<const doc::Node*(const std::string& file, const std::string& name)>;

  // Compiles the schema `root` of file `file`.
  Quick(const std::string& file, const doc::Node& root, const Definitions& definitions);

  // True when `record` certainly meets the schema: valijson (draft-07, strong types) and
  // the catalogue's own checks (unknown keys, x-format name and date) find nothing.
  bool clean(const doc::Node& record) const;

private:
  struct Rule;
  int compile(const std::string& file, const doc::Node* schema, const Definitions& definitions, int depth);
  bool clean(const doc::Node& n, int rule) const;
  bool clean_name(const std::string& key, int rule) const;

  std::vector<Rule> rules_;
  std::vector<Pattern> patterns_;
  std::vector<std::pair<const doc::Node*, int>> compiled_;  // schema node -> rule
  int root_ = -1;

public:
  ~Quick();
  Quick(Quick&&) noexcept;
};

}  // namespace firegrid::schema
