// The project's own document tree. Every record is loaded into it (doc/load.hpp) and
// written from it (doc/emit.hpp); validation and the model never see the parser's types.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace firegrid::doc {

// Where a value starts in its file: 1-based line and column (characters). 0 = unknown.
struct Mark {
  int line = 0;
  int column = 0;
};

enum class Kind { null, boolean, integer, real, string, sequence, mapping };

const char* to_string(Kind k);

// A YAML value with its position. Mappings keep their keys in file order; keys are
// strings (the loader refuses any other key).
class Node {
public:
  struct Entry;

  Node() = default;
  static Node null(Mark m = {});
  static Node boolean(bool v, Mark m = {});
  static Node integer(std::int64_t v, Mark m = {});
  static Node real(double v, Mark m = {});
  static Node string(std::string v, Mark m = {});
  static Node sequence(Mark m = {});
  static Node mapping(Mark m = {});

  Kind kind() const { return kind_; }
  Mark mark() const { return mark_; }
  void set_mark(Mark m) { mark_ = m; }

  bool is_null() const { return kind_ == Kind::null; }
  bool is_string() const { return kind_ == Kind::string; }
  bool is_mapping() const { return kind_ == Kind::mapping; }
  bool is_sequence() const { return kind_ == Kind::sequence; }

  bool as_bool() const { return bool_; }
  std::int64_t as_int() const { return int_; }
  double as_real() const { return real_; }
  // The string value; for other scalars, their canonical text.
  const std::string& as_string() const { return text_; }

  // Sequence access.
  const std::vector<Node>& items() const { return items_; }
  std::vector<Node>& items() { return items_; }
  Node& push(Node n);

  // Mapping access. find() returns nullptr when the key is absent.
  const std::vector<Entry>& entries() const { return entries_; }
  std::vector<Entry>& entries() { return entries_; }
  const Node* find(const std::string& key) const;
  Node* find(const std::string& key);
  // Sets key to value, replacing an existing entry in place or appending a new one.
  Node& set(const std::string& key, Node value, Mark key_mark = {});
  // Where `key` is written in the file; a zero Mark when absent.
  Mark key_mark(const std::string& key) const;
  bool erase(const std::string& key);

  // Convenience for optional string fields: the string at key, or "" when absent/not a string.
  std::string get_string(const std::string& key) const;

  bool operator==(const Node& other) const;
  bool operator!=(const Node& other) const { return !(*this == other); }

private:
  Kind kind_ = Kind::null;
  Mark mark_;
  bool bool_ = false;
  std::int64_t int_ = 0;
  double real_ = 0;
  std::string text_;
  std::vector<Node> items_;
  std::vector<Entry> entries_;
};

struct Node::Entry {
  std::string key;
  Node value;
  Mark key_mark;  // where the key is written; the value's mark is value.mark()
  bool operator==(const Entry& o) const { return key == o.key && value == o.value; }
};

// A loaded file: its repo-relative path, its text (for quoting lines in findings)
// and its root node.
struct Document {
  std::string path;
  std::string text;
  Node root;
};

}  // namespace firegrid::doc
