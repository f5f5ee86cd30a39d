#include <firegrid/doc/emit.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

namespace firegrid::doc {

namespace {

bool has_control(const std::string& s, bool allow_newline) {
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    if (c == '\n' && allow_newline) continue;
    if (c < 0x20 || c == 0x7F) return true;
    // C1 controls (U+0080-U+009F) and the BOM / line separators are invisible in review.
    if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) return true;
    if (c == 0xEF && s.compare(i, 3, "\xEF\xBB\xBF") == 0) return true;
    if (c == 0xE2 && (s.compare(i, 3, "\xE2\x80\xA8") == 0 || s.compare(i, 3, "\xE2\x80\xA9") == 0))
      return true;
  }
  return false;
}

std::string single_quoted(const std::string& s) {
  std::string out = "'";
  for (const char c : s) {
    if (c == '\'') out += '\'';
    out += c;
  }
  return out + "'";
}

std::string double_quoted(const std::string& s) {
  std::string out = "\"";
  for (std::size_t i = 0; i < s.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(s[i]);
    switch (c) {
    case '"': out += "\\\""; break;
    case '\\': out += "\\\\"; break;
    case '\n': out += "\\n"; break;
    case '\t': out += "\\t"; break;
    case '\r': out += "\\r"; break;
    default:
      if (c < 0x20 || c == 0x7F) {
        out += fmt::format("\\x{:02X}", c);
      } else if (c == 0xC2 && i + 1 < s.size() && static_cast<unsigned char>(s[i + 1]) < 0xA0) {
        out += fmt::format("\\x{:02X}", static_cast<unsigned char>(s[i + 1]));
        ++i;
      } else if (c == 0xEF && s.compare(i, 3, "\xEF\xBB\xBF") == 0) {
        out += "\\uFEFF";
        i += 2;
      } else if (c == 0xE2 && s.compare(i, 3, "\xE2\x80\xA8") == 0) {
        out += "\\L";
        i += 2;
      } else if (c == 0xE2 && s.compare(i, 3, "\xE2\x80\xA9") == 0) {
        out += "\\P";
        i += 2;
      } else {
        out += static_cast<char>(c);
      }
    }
  }
  return out + "\"";
}

// A literal block keeps multi-line text readable in diffs. It cannot hold text of only
// line breaks, a first non-empty line that starts with a space (the block's indentation
// is read from it), lines of only blanks, carriage returns or other controls.
bool literal_block_ok(const std::string& s) {
  const std::size_t first = s.find_first_not_of('\n');
  if (first == std::string::npos || s[first] == ' ' || has_control(s, true)) return false;
  std::size_t start = 0;
  while (start < s.size()) {
    std::size_t end = s.find('\n', start);
    if (end == std::string::npos) end = s.size();
    const std::string_view line(s.data() + start, end - start);
    if (!line.empty() && line.find_first_not_of(" \t") == std::string_view::npos) return false;
    start = end + 1;
  }
  return true;
}

std::string literal_block(const std::string& s, int indent) {
  std::size_t trailing = 0;
  while (trailing < s.size() && s[s.size() - 1 - trailing] == '\n') ++trailing;
  const char* chomp = trailing == 0 ? "-" : trailing == 1 ? "" : "+";
  std::string out = fmt::format("|{}", chomp);
  const std::string pad(static_cast<std::size_t>(indent), ' ');
  const std::string body = s.substr(0, s.size() - trailing);
  std::size_t start = 0;
  while (start <= body.size()) {
    std::size_t end = body.find('\n', start);
    if (end == std::string::npos) end = body.size();
    const std::string line = body.substr(start, end - start);
    out += '\n';
    if (!line.empty()) out += pad + line;
    start = end + 1;
  }
  for (std::size_t i = 1; i < trailing; ++i) out += '\n';
  return out;
}

std::string scalar_text(const Node& n, int indent) {
  switch (n.kind()) {
  case Kind::null: return "null";
  case Kind::boolean: return n.as_bool() ? "true" : "false";
  case Kind::integer: return std::to_string(n.as_int());
  case Kind::real: {
    const double v = n.as_real();
    if (std::isnan(v)) return ".nan";
    if (std::isinf(v)) return v < 0 ? "-.inf" : ".inf";
    std::string t = fmt::format("{}", v);
    if (t.find_first_of(".e") == std::string::npos) t += ".0";
    return t;
  }
  case Kind::string: {
    const std::string& s = n.as_string();
    if (is_plain_safe(s)) return s;
    if (s.find('\n') != std::string::npos && literal_block_ok(s)) return literal_block(s, indent);
    if (has_control(s, false)) return double_quoted(s);
    return single_quoted(s);
  }
  default: return {};
  }
}

// A key is written plain when it can be, else quoted; line breaks and other controls
// need double quotes, since a single-quoted scalar folds its line breaks.
std::string key_text(const std::string& key) {
  if (is_plain_safe(key)) return key;
  return has_control(key, false) ? double_quoted(key) : single_quoted(key);
}

bool is_empty_collection(const Node& n) {
  return (n.is_mapping() && n.entries().empty()) || (n.is_sequence() && n.items().empty());
}

class Writer {
public:
  std::string out;

  void mapping(const Node& n, const KeyOrder* order, int indent, bool first_inline) {
    std::vector<const Node::Entry*> ordered;
    ordered.reserve(n.entries().size());
    if (order) {
      for (const auto& key : order->keys())
        for (const auto& e : n.entries())
          if (e.key == key) ordered.push_back(&e);
    }
    for (const auto& e : n.entries())
      if (std::find(ordered.begin(), ordered.end(), &e) == ordered.end()) ordered.push_back(&e);

    bool first = true;
    for (const Node::Entry* e : ordered) {
      if (!(first && first_inline)) out += std::string(static_cast<std::size_t>(indent), ' ');
      first = false;
      // YAML readers take at most 1024 characters (yaml-cpp: bytes) as an implicit key;
      // a longer key is written explicitly: `? key` and `:` on the next line.
      const std::string key = key_text(e->key);
      if (key.size() > 1000) out += "? " + key + "\n" + std::string(static_cast<std::size_t>(indent), ' ');
      else out += key;
      out += ':';
      const auto child = order ? order->property(e->key) : nullptr;
      value(e->value, child.get(), indent);
    }
  }

  void sequence(const Node& n, const KeyOrder* order, int indent) {
    const auto item_order = order ? order->items() : nullptr;
    for (const Node& item : n.items()) {
      out += std::string(static_cast<std::size_t>(indent), ' ') + "-";
      if (item.is_mapping() && !item.entries().empty()) {
        out += ' ';
        mapping(item, item_order.get(), indent + 2, true);
      } else if (item.is_sequence() && !item.items().empty()) {
        out += '\n';
        sequence(item, item_order.get(), indent + 2);
      } else {
        out += ' ' + inline_value(item, indent + 2) + '\n';
      }
    }
  }

  // Writes what follows "key:" for a value at mapping indentation `indent`.
  void value(const Node& v, const KeyOrder* order, int indent) {
    if (v.is_mapping() && !v.entries().empty()) {
      out += '\n';
      mapping(v, order, indent + 2, false);
    } else if (v.is_sequence() && !v.items().empty()) {
      out += '\n';
      sequence(v, order, indent + 2);
    } else {
      out += ' ' + inline_value(v, indent + 2) + '\n';
    }
  }

  static std::string inline_value(const Node& v, int indent) {
    if (is_empty_collection(v)) return v.is_mapping() ? "{}" : "[]";
    return scalar_text(v, indent);
  }
};

}  // namespace

bool is_plain_safe(const std::string& s) {
  if (s.empty() || s.size() > 200) return false;
  if (has_control(s, false) || s.find('\n') != std::string::npos) return false;
  const char first = s.front(), last = s.back();
  if (first == ' ' || last == ' ' || first == '\t' || last == '\t') return false;
  if (std::string("-?:,[]{}#&*!|>'\"%@`").find(first) != std::string::npos) return false;
  if (last == ':') return false;
  // A line that begins like a git conflict marker would be read as one (record-conflict).
  if (s.compare(0, 7, "<<<<<<<") == 0 || s.compare(0, 7, "=======") == 0) return false;
  if (s.find(": ") != std::string::npos || s.find(" #") != std::string::npos ||
      s.find(":\t") != std::string::npos)
    return false;
  // Anything starting like a number (digits, signs, dots) may be read as int, float,
  // octal, sexagesimal, date or time by some reader: quote it.
  if ((first >= '0' && first <= '9') || first == '+' || first == '.') return false;
  static const char* const special[] = {
    "y",    "Y",    "yes",  "Yes",  "YES",   "n",     "N",     "no",  "No",  "NO",   "true",
    "True", "TRUE", "false", "False", "FALSE", "on",   "On",    "ON",  "off", "Off",  "OFF",
    "null", "Null", "NULL", "~",    "<<",    "="};
  for (const char* word : special)
    if (s == word) return false;
  return true;
}

std::string emit(const Node& root, const KeyOrder* order) {
  Writer w;
  if (root.is_mapping() && !root.entries().empty()) {
    w.mapping(root, order, 0, false);
  } else if (root.is_sequence() && !root.items().empty()) {
    w.sequence(root, order, 0);
  } else {
    w.out = Writer::inline_value(root, 2) + "\n";  // a literal block is indented even here
  }
  return w.out;
}

}  // namespace firegrid::doc
