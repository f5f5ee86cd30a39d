#include <firegrid/schema/quick.hpp>

#include <firegrid/core/clock.hpp>
#include <firegrid/text/names.hpp>
#include <firegrid/text/utf8.hpp>

#include <algorithm>
#include <cstring>

namespace firegrid::schema {

// ---------------------------------------------------------------------------------------
// Patterns

namespace {

// A pattern's syntax tree: a set of bytes, a sequence, alternatives or a repetition.
struct PatternTree {
  enum Kind { set, sequence, alternatives, repeat } kind = sequence;
  std::bitset<256> bytes;
  std::vector<PatternTree> parts;
  int min = 1, max = 1;  // repeat: max -1 = no limit
};

// The byte sets of \s \d \w (ECMAScript's, byte by byte in the "C" locale, as std::regex).
std::bitset<256> class_escape_set(char c) {
  std::bitset<256> s;
  const char lower = static_cast<char>(c | 0x20);
  if (lower == 's') {
    for (const char b : {' ', '\t', '\n', '\v', '\f', '\r'}) s.set(static_cast<unsigned char>(b));
  } else if (lower == 'd') {
    for (char b = '0'; b <= '9'; ++b) s.set(static_cast<unsigned char>(b));
  } else if (lower == 'w') {
    for (int b = 0; b < 256; ++b)
      if ((b >= '0' && b <= '9') || (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || b == '_') s.set(b);
  }
  if (c != lower) s.flip();  // \S \D \W
  return s;
}

bool is_class_escape(char c) { return std::strchr("sSdDwW", c) != nullptr && c != '\0'; }
bool is_punctuation(char c) {
  return c != '\0' && std::strchr("^$\\.*+?()[]{}|/-,;:=!<>'\"#&%@`~ ", c) != nullptr;
}

class PatternParser {
public:
  explicit PatternParser(std::string_view s) : s_(s) {}

  bool parse(PatternTree& out) {
    if (!alternatives(out)) return false;
    return i_ == s_.size();
  }

private:
  bool alternatives(PatternTree& out) {
    PatternTree first;
    if (!sequence(first)) return false;
    if (i_ >= s_.size() || s_[i_] != '|') {
      out = std::move(first);
      return true;
    }
    out = PatternTree{};
    out.kind = PatternTree::alternatives;
    out.parts.push_back(std::move(first));
    while (i_ < s_.size() && s_[i_] == '|') {
      ++i_;
      PatternTree next;
      if (!sequence(next)) return false;
      out.parts.push_back(std::move(next));
    }
    return true;
  }

  bool sequence(PatternTree& out) {
    out = PatternTree{};
    out.kind = PatternTree::sequence;
    while (i_ < s_.size() && s_[i_] != '|' && s_[i_] != ')') {
      PatternTree atom;
      if (!this->atom(atom) || !quantifier(atom)) return false;
      out.parts.push_back(std::move(atom));
    }
    return true;
  }

  bool atom(PatternTree& out) {
    const char c = s_[i_];
    if (c == '(') {
      ++i_;
      if (i_ < s_.size() && s_[i_] == '?') return false;  // (?: (?= ...: not in the subset
      if (!alternatives(out) || i_ >= s_.size() || s_[i_] != ')') return false;
      ++i_;
      return true;
    }
    out.kind = PatternTree::set;
    if (c == '[') return bracket(out.bytes);
    if (c == '\\') {
      if (i_ + 1 >= s_.size()) return false;
      const char e = s_[i_ + 1];
      i_ += 2;
      if (is_class_escape(e)) out.bytes = class_escape_set(e);
      else if (is_punctuation(e)) out.bytes.set(static_cast<unsigned char>(e));
      else return false;
      return true;
    }
    if (std::strchr(".^$*+?{}[]|)", c)) return false;  // . and stray specials: not in the subset
    out.bytes.set(static_cast<unsigned char>(c));
    ++i_;
    return true;
  }

  bool bracket(std::bitset<256>& out) {
    ++i_;  // [
    bool negate = false;
    if (i_ < s_.size() && s_[i_] == '^') {
      negate = true;
      ++i_;
    }
    if (i_ < s_.size() && s_[i_] == ']') return false;  // [] and []...]: not in the subset
    while (i_ < s_.size() && s_[i_] != ']') {
      int lo = -1;
      if (s_[i_] == '\\') {
        if (i_ + 1 >= s_.size()) return false;
        const char e = s_[i_ + 1];
        i_ += 2;
        if (is_class_escape(e)) {
          out |= class_escape_set(e);
          continue;
        }
        if (!is_punctuation(e)) return false;
        lo = static_cast<unsigned char>(e);
      } else if (s_[i_] == '[') {
        return false;  // [[:alpha:]] and the like
      } else {
        lo = static_cast<unsigned char>(s_[i_++]);
      }
      if (i_ + 1 < s_.size() && s_[i_] == '-' && s_[i_ + 1] != ']') {
        const char h = s_[i_ + 1];
        if (h == '\\' || h == '[') return false;
        const int hi = static_cast<unsigned char>(h);
        if (hi < lo) return false;
        for (int b = lo; b <= hi; ++b) out.set(b);
        i_ += 2;
      } else {
        out.set(lo);
      }
    }
    if (i_ >= s_.size()) return false;
    ++i_;  // ]
    if (negate) out.flip();
    return true;
  }

  bool number(int& out) {
    const std::size_t from = i_;
    long v = 0;
    while (i_ < s_.size() && s_[i_] >= '0' && s_[i_] <= '9' && v < 100000) v = v * 10 + (s_[i_++] - '0');
    out = static_cast<int>(v);
    return i_ > from && v < 100000;
  }

  bool quantifier(PatternTree& atom) {
    if (i_ >= s_.size()) return true;
    int min = 1, max = 1;
    const char c = s_[i_];
    if (c == '*' || c == '+' || c == '?') {
      min = c == '+' ? 1 : 0;
      max = c == '?' ? 1 : -1;
      ++i_;
    } else if (c == '{') {
      ++i_;
      if (!number(min)) return false;
      max = min;
      if (i_ < s_.size() && s_[i_] == ',') {
        ++i_;
        max = -1;
        if (i_ < s_.size() && s_[i_] != '}' && !number(max)) return false;
      }
      if (i_ >= s_.size() || s_[i_] != '}' || (max != -1 && max < min)) return false;
      ++i_;
    } else {
      return true;
    }
    // A lazy or a second quantifier (a{2}? a**): not in the subset.
    if (i_ < s_.size() && std::strchr("*+?{", s_[i_])) return false;
    PatternTree r;
    r.kind = PatternTree::repeat;
    r.min = min;
    r.max = max;
    r.parts.push_back(std::move(atom));
    atom = std::move(r);
    return true;
  }

  std::string_view s_;
  std::size_t i_ = 0;
};

constexpr std::size_t kMaxPatternStates = 20000;

}  // namespace

// Builds the NFA of a tree, back to front: each part is built knowing the state that
// follows it.
struct PatternBuilder {
  std::vector<Pattern::State>& states;
  bool overflow = false;

  int add(Pattern::State s) {
    if (states.size() >= kMaxPatternStates) {
      overflow = true;
      return 0;
    }
    states.push_back(std::move(s));
    return static_cast<int>(states.size()) - 1;
  }

  int split(int a, int b) {
    Pattern::State s;
    s.op = Pattern::State::split;
    s.next = a;
    s.alt = b;
    return add(s);
  }

  int build(const PatternTree& t, int next) {
    if (overflow) return 0;
    switch (t.kind) {
    case PatternTree::set: {
      Pattern::State s;
      s.op = Pattern::State::byte;
      s.next = next;
      s.set = t.bytes;
      return add(s);
    }
    case PatternTree::sequence:
      for (auto it = t.parts.rbegin(); it != t.parts.rend(); ++it) next = build(*it, next);
      return next;
    case PatternTree::alternatives: {
      std::vector<int> starts;
      for (const auto& p : t.parts) starts.push_back(build(p, next));
      int s = starts.back();
      for (std::size_t i = starts.size() - 1; i-- > 0;) s = split(starts[i], s);
      return s;
    }
    case PatternTree::repeat: {
      const PatternTree& part = t.parts.front();
      int tail = next;
      if (t.max == -1) {
        const int loop = split(-1, next);  // part again, or on
        const int body = build(part, loop);
        if (!overflow) states[loop].next = body;
        tail = loop;
      } else {
        for (int k = t.min; k < t.max && !overflow; ++k) tail = split(build(part, tail), next);
      }
      for (int k = 0; k < t.min && !overflow; ++k) tail = build(part, tail);
      return tail;
    }
    }
    return next;
  }
};

std::optional<Pattern> Pattern::compile(std::string_view source) {
  if (source.size() < 2 || source.front() != '^' || source.back() != '$') return std::nullopt;
  const std::string_view body = source.substr(1, source.size() - 2);
  if (!body.empty() && body.back() == '\\') return std::nullopt;  // the $ was escaped
  PatternTree tree;
  if (!PatternParser(body).parse(tree)) return std::nullopt;
  Pattern p;
  PatternBuilder b{p.states_};
  const int done = b.add(State{});  // match
  p.start_ = b.build(tree, done);
  if (b.overflow) return std::nullopt;
  return p;
}

bool Pattern::matches(std::string_view s) const {
  // The states reached so far, after following every split; a generation number per state
  // marks those already taken in this step. The buffers live as long as the thread.
  thread_local std::vector<std::uint32_t> seen;
  thread_local std::uint32_t generation = 0;
  thread_local std::vector<int> now, next, stack;
  if (seen.size() < states_.size()) seen.assign(states_.size(), 0);
  const auto close = [&](int from, std::vector<int>& into) {
    stack.clear();
    stack.push_back(from);
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      if (i < 0 || seen[i] == generation) continue;
      seen[i] = generation;
      if (states_[i].op == State::split) {
        stack.push_back(states_[i].alt);
        stack.push_back(states_[i].next);
      } else {
        into.push_back(i);
      }
    }
  };
  const auto fresh = [&] {
    if (++generation == 0) {  // wrapped: forget every mark
      std::fill(seen.begin(), seen.end(), 0);
      generation = 1;
    }
  };
  now.clear();
  fresh();
  close(start_, now);
  for (const char c : s) {
    const auto b = static_cast<unsigned char>(c);
    next.clear();
    fresh();
    for (const int i : now)
      if (states_[i].op == State::byte && states_[i].set[b]) close(states_[i].next, next);
    now.swap(next);
    if (now.empty()) return false;
  }
  for (const int i : now)
    if (states_[i].op == State::match) return true;
  return false;
}

// ---------------------------------------------------------------------------------------
// Schemas

namespace {

enum TypeBit : unsigned {
  t_null = 1,
  t_boolean = 2,
  t_integer = 4,
  t_number = 8,  // a real; `number` allows integers too
  t_string = 16,
  t_array = 32,
  t_object = 64,
};

unsigned type_bits(const std::string& t) {
  if (t == "null") return t_null;
  if (t == "boolean") return t_boolean;
  if (t == "integer") return t_integer;
  if (t == "number") return t_integer | t_number;
  if (t == "string") return t_string;
  if (t == "array") return t_array;
  if (t == "object") return t_object;
  return 0;
}

unsigned kind_bit(doc::Kind k) {
  switch (k) {
  case doc::Kind::null: return t_null;
  case doc::Kind::boolean: return t_boolean;
  case doc::Kind::integer: return t_integer;
  case doc::Kind::real: return t_number;
  case doc::Kind::string: return t_string;
  case doc::Kind::sequence: return t_array;
  case doc::Kind::mapping: return t_object;
  }
  return 0;
}

// Keywords that say nothing about validity (valijson ignores them, or they are ours).
bool annotation(const std::string& key) {
  return key == "description" || key == "title" || key == "$schema" || key == "$id" || key == "$comment" ||
         key == "definitions" || key == "examples" || key == "default" ||
         (key.size() > 2 && key.compare(0, 2, "x-") == 0 && key != "x-format");
}

std::optional<std::uint64_t> count_of(const doc::Node& n) {
  if (n.kind() != doc::Kind::integer || n.as_int() < 0) return std::nullopt;
  return static_cast<std::uint64_t>(n.as_int());
}

}  // namespace

struct Quick::Rule {
  bool unsure = false;  // a keyword or form this does not know: never certain
  unsigned types = 0;   // TypeBit; 0 = any
  bool has_enum = false;
  std::vector<std::string> enum_strings;
  bool has_const = false;
  doc::Kind const_kind = doc::Kind::null;
  std::string const_text;
  int pattern = -1;
  std::optional<std::uint64_t> min_length, max_length, min_items, max_items;
  std::optional<double> minimum, maximum;
  std::vector<std::string> required;
  std::vector<std::pair<std::string, int>> properties;
  bool closed = false;  // additionalProperties: false
  int additional = -1;  // additionalProperties as a schema
  int items = -1;
  bool unique = false;
  std::vector<int> any_of;
  int names = -1;  // propertyNames
  enum class Format { none, name, date } format = Format::none;
};

Quick::~Quick() = default;
Quick::Quick(Quick&&) noexcept = default;

Quick::Quick(const std::string& file, const doc::Node& root, const Definitions& definitions) {
  root_ = compile(file, &root, definitions, 0);
}

int Quick::compile(const std::string& file_in, const doc::Node* schema, const Definitions& definitions, int depth) {
  std::string file = file_in;
  bool unsure = depth > 64 || !schema || !schema->is_mapping();
  // $ref: valijson follows it and ignores what stands beside it; so does this, unless a
  // validation keyword stands beside it.
  for (int guard = 0; !unsure && guard < 16; ++guard) {
    const doc::Node* ref = schema->find("$ref");
    if (!ref) break;
    for (const auto& e : schema->entries())
      if (e.key != "$ref" && !annotation(e.key)) unsure = true;
    const std::string& r = ref->as_string();
    const auto hash = r.find('#');
    const std::string prefix = "#/definitions/";
    if (!ref->is_string() || hash == std::string::npos || r.compare(hash, prefix.size(), prefix) != 0) {
      unsure = true;
      break;
    }
    if (hash > 0) file = r.substr(0, hash);
    schema = definitions(file, r.substr(hash + prefix.size()));
    if (!schema || !schema->is_mapping()) unsure = true;
  }
  if (!unsure)
    for (const auto& [node, rule] : compiled_)
      if (node == schema) return rule;
  const int index = static_cast<int>(rules_.size());
  rules_.emplace_back();
  if (unsure) {
    rules_[index].unsure = true;
    return index;
  }
  compiled_.emplace_back(schema, index);
  Rule r;
  const auto sub = [&](const doc::Node& n) { return compile(file, &n, definitions, depth + 1); };
  for (const auto& e : schema->entries()) {
    const std::string& k = e.key;
    const doc::Node& v = e.value;
    if (annotation(k)) continue;
    if (k == "type") {
      if (v.is_string()) {
        r.types = type_bits(v.as_string());
        r.unsure = r.unsure || r.types == 0;
      } else if (v.is_sequence()) {
        for (const auto& t : v.items()) {
          const unsigned bits = t.is_string() ? type_bits(t.as_string()) : 0;
          r.unsure = r.unsure || bits == 0;
          r.types |= bits;
        }
      } else {
        r.unsure = true;
      }
    } else if (k == "enum" && v.is_sequence()) {
      r.has_enum = true;
      for (const auto& i : v.items()) {
        if (!i.is_string()) r.unsure = true;
        r.enum_strings.push_back(i.as_string());
      }
    } else if (k == "const" && (v.is_string() || v.kind() == doc::Kind::integer)) {
      r.has_const = true;
      r.const_kind = v.kind();
      r.const_text = v.as_string();
    } else if (k == "pattern" && v.is_string()) {
      if (auto p = Pattern::compile(v.as_string())) {
        r.pattern = static_cast<int>(patterns_.size());
        patterns_.push_back(std::move(*p));
      } else {
        r.unsure = true;
      }
    } else if ((k == "minLength" || k == "maxLength" || k == "minItems" || k == "maxItems") && count_of(v)) {
      (k == "minLength" ? r.min_length : k == "maxLength" ? r.max_length : k == "minItems" ? r.min_items : r.max_items) =
          count_of(v);
    } else if ((k == "minimum" || k == "maximum") &&
               (v.kind() == doc::Kind::integer || v.kind() == doc::Kind::real)) {
      (k == "minimum" ? r.minimum : r.maximum) =
          v.kind() == doc::Kind::integer ? static_cast<double>(v.as_int()) : v.as_real();
    } else if (k == "required" && v.is_sequence()) {
      for (const auto& i : v.items()) {
        if (!i.is_string()) r.unsure = true;
        r.required.push_back(i.as_string());
      }
    } else if (k == "properties" && v.is_mapping()) {
      for (const auto& p : v.entries()) {
        const int child = sub(p.value);
        r.properties.emplace_back(p.key, child);
      }
    } else if (k == "additionalProperties" && v.kind() == doc::Kind::boolean) {
      r.closed = !v.as_bool();
    } else if (k == "additionalProperties" && v.is_mapping()) {
      r.additional = sub(v);
    } else if (k == "items" && v.is_mapping()) {
      r.items = sub(v);
    } else if (k == "uniqueItems" && v.kind() == doc::Kind::boolean) {
      r.unique = v.as_bool();
    } else if (k == "anyOf" && v.is_sequence() && !v.items().empty()) {
      for (const auto& branch : v.items()) {
        const int child = sub(branch);
        r.any_of.push_back(child);
      }
    } else if (k == "propertyNames" && v.is_mapping()) {
      r.names = sub(v);
    } else if (k == "x-format" && v.is_string()) {
      if (v.as_string() == "name") r.format = Rule::Format::name;
      if (v.as_string() == "date") r.format = Rule::Format::date;
    } else {
      r.unsure = true;  // oneOf, allOf, not, if, format, patternProperties, ...: valijson's
    }
  }
  rules_[index] = std::move(r);
  return index;
}

bool Quick::clean(const doc::Node& record) const { return root_ >= 0 && clean(record, root_); }

bool Quick::clean_name(const std::string& key, int rule) const {
  const Rule& r = rules_[rule];
  if (r.unsure || r.has_enum || r.has_const || !r.any_of.empty() || r.format != Rule::Format::none ||
      (r.types && !(r.types & t_string)))
    return false;
  if (r.pattern >= 0 && !patterns_[r.pattern].matches(key)) return false;
  if (r.min_length || r.max_length) {
    const std::uint64_t n = text::count_code_points(key);
    if ((r.min_length && n < *r.min_length) || (r.max_length && n > *r.max_length)) return false;
  }
  return true;
}

bool Quick::clean(const doc::Node& n, int rule) const {
  const Rule& r = rules_[rule];
  if (r.unsure) return false;
  if (r.types && !(r.types & kind_bit(n.kind()))) return false;
  if (r.has_enum &&
      (!n.is_string() || std::find(r.enum_strings.begin(), r.enum_strings.end(), n.as_string()) == r.enum_strings.end()))
    return false;
  if (r.has_const && (n.kind() != r.const_kind || n.as_string() != r.const_text)) return false;
  switch (n.kind()) {
  case doc::Kind::string: {
    const std::string& s = n.as_string();
    if (r.pattern >= 0 && !patterns_[r.pattern].matches(s)) return false;
    if (r.min_length || r.max_length) {
      const std::uint64_t count = text::count_code_points(s);
      if ((r.min_length && count < *r.min_length) || (r.max_length && count > *r.max_length)) return false;
    }
    if (r.format == Rule::Format::name && text::find_forbidden_in_name(s)) return false;
    if (Date d; r.format == Rule::Format::date && s.size() == 10 && !parse_date(s, d)) return false;
    break;
  }
  case doc::Kind::integer:
  case doc::Kind::real: {
    const double v = n.kind() == doc::Kind::integer ? static_cast<double>(n.as_int()) : n.as_real();
    if ((r.minimum && v < *r.minimum) || (r.maximum && v > *r.maximum)) return false;
    break;
  }
  case doc::Kind::mapping: {
    for (const auto& key : r.required)
      if (!n.find(key)) return false;
    for (const auto& e : n.entries()) {
      int child = -1;
      for (const auto& [name, index] : r.properties)
        if (name == e.key) {
          child = index;
          break;
        }
      if (child < 0) {
        if (r.closed) return false;
        child = r.additional;
      }
      if (child >= 0 && !clean(e.value, child)) return false;
      if (r.names >= 0 && !clean_name(e.key, r.names)) return false;
    }
    break;
  }
  case doc::Kind::sequence: {
    const auto& items = n.items();
    if ((r.min_items && items.size() < *r.min_items) || (r.max_items && items.size() > *r.max_items)) return false;
    if (r.items >= 0)
      for (const auto& i : items)
        if (!clean(i, r.items)) return false;
    if (r.unique) {
      // Few strings, whole numbers or booleans, all of one kind (so equal text is equal
      // value): anything else goes to valijson, which compares JSON values.
      if (items.size() > 256) return false;
      for (std::size_t i = 0; i < items.size(); ++i) {
        const doc::Kind k = items[i].kind();
        if ((k != doc::Kind::string && k != doc::Kind::integer && k != doc::Kind::boolean) || k != items.front().kind())
          return false;
        for (std::size_t j = 0; j < i; ++j)
          if (items[j].as_string() == items[i].as_string()) return false;
      }
    }
    break;
  }
  default: break;
  }
  if (!r.any_of.empty()) {
    bool any = false;
    for (const int branch : r.any_of) any = any || clean(n, branch);
    if (!any) return false;
  }
  return true;
}

}  // namespace firegrid::schema
