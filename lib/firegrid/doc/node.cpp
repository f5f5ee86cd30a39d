#include <firegrid/doc/node.hpp>

#include <fmt/format.h>

namespace firegrid::doc {

const char* to_string(Kind k) {
  switch (k) {
  case Kind::null: return "null";
  case Kind::boolean: return "boolean";
  case Kind::integer: return "integer";
  case Kind::real: return "number";
  case Kind::string: return "string";
  case Kind::sequence: return "list";
  case Kind::mapping: return "mapping";
  }
  return "?";
}

Node Node::null(Mark m) {
  Node n;
  n.mark_ = m;
  n.text_ = "null";
  return n;
}

Node Node::boolean(bool v, Mark m) {
  Node n;
  n.kind_ = Kind::boolean;
  n.mark_ = m;
  n.bool_ = v;
  n.text_ = v ? "true" : "false";
  return n;
}

Node Node::integer(std::int64_t v, Mark m) {
  Node n;
  n.kind_ = Kind::integer;
  n.mark_ = m;
  n.int_ = v;
  n.text_ = std::to_string(v);
  return n;
}

Node Node::real(double v, Mark m) {
  Node n;
  n.kind_ = Kind::real;
  n.mark_ = m;
  n.real_ = v;
  n.text_ = fmt::format("{}", v);
  return n;
}

Node Node::string(std::string v, Mark m) {
  Node n;
  n.kind_ = Kind::string;
  n.mark_ = m;
  n.text_ = std::move(v);
  return n;
}

Node Node::sequence(Mark m) {
  Node n;
  n.kind_ = Kind::sequence;
  n.mark_ = m;
  return n;
}

Node Node::mapping(Mark m) {
  Node n;
  n.kind_ = Kind::mapping;
  n.mark_ = m;
  return n;
}

Node& Node::push(Node n) {
  items_.push_back(std::move(n));
  return items_.back();
}

const Node* Node::find(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.key == key) return &e.value;
  return nullptr;
}

Node* Node::find(const std::string& key) {
  for (auto& e : entries_)
    if (e.key == key) return &e.value;
  return nullptr;
}

Node& Node::set(const std::string& key, Node value, Mark key_mark) {
  if (Node* existing = find(key)) {
    *existing = std::move(value);
    return *existing;
  }
  entries_.push_back({key, std::move(value), key_mark});
  return entries_.back().value;
}

Mark Node::key_mark(const std::string& key) const {
  for (const auto& e : entries_)
    if (e.key == key) return e.key_mark;
  return {};
}

bool Node::erase(const std::string& key) {
  for (auto it = entries_.begin(); it != entries_.end(); ++it) {
    if (it->key == key) {
      entries_.erase(it);
      return true;
    }
  }
  return false;
}

std::string Node::get_string(const std::string& key) const {
  const Node* n = find(key);
  return n && n->is_string() ? n->as_string() : std::string();
}

bool Node::operator==(const Node& o) const {
  if (kind_ != o.kind_) return false;
  switch (kind_) {
  case Kind::null: return true;
  case Kind::boolean: return bool_ == o.bool_;
  case Kind::integer: return int_ == o.int_;
  case Kind::real: return real_ == o.real_;
  case Kind::string: return text_ == o.text_;
  case Kind::sequence: return items_ == o.items_;
  case Kind::mapping: return entries_ == o.entries_;
  }
  return false;
}

}  // namespace firegrid::doc
