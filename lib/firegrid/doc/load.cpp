#include <firegrid/doc/load.hpp>

#include <firegrid/text/utf8.hpp>

#include <fmt/format.h>
#include <yaml-cpp/eventhandler.h>
#include <yaml-cpp/exceptions.h>
#include <yaml-cpp/mark.h>
#include <yaml-cpp/parser.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <set>
#include <sstream>

namespace firegrid::doc {

namespace {

// Thrown by the event builder to stop the parse at the first structural refusal.
struct Refusal {
  Mark mark;
  std::string code;
  std::string message;
  std::string hint;
};

// Turns yaml-cpp byte positions into 1-based line and character columns. Positions
// mostly come in increasing order, so it walks forward from the last one.
class MarkMapper {
public:
  MarkMapper(const std::string& text, std::size_t skipped) : text_(text), skipped_(skipped) {}

  Mark map(const YAML::Mark& m) {
    if (m.is_null() || m.pos < 0) return {};
    std::size_t target = static_cast<std::size_t>(m.pos) + skipped_;
    if (target > text_.size()) target = text_.size();
    if (target < offset_) {
      offset_ = 0;
      lc_ = {};
    }
    for (; offset_ < target; ++offset_) {
      const unsigned char c = static_cast<unsigned char>(text_[offset_]);
      if (c == '\n') {
        ++lc_.line;
        lc_.column = 1;
      } else if ((c & 0xC0) != 0x80) {
        ++lc_.column;
      }
    }
    return {lc_.line, lc_.column};
  }

  // yaml-cpp accepts a quoted scalar left open at the end of the file; we do not. True if
  // the quoted scalar starting at m is closed.
  bool quote_closed(const YAML::Mark& m) const {
    if (m.is_null() || m.pos < 0) return true;
    std::size_t i = static_cast<std::size_t>(m.pos) + skipped_;
    if (i >= text_.size()) return true;
    const char q = text_[i];
    if (q != '"' && q != '\'') return true;  // a block scalar or a plain one
    for (++i; i < text_.size(); ++i) {
      if (q == '"' && text_[i] == '\\') {
        ++i;
      } else if (text_[i] == q) {
        if (q == '\'' && i + 1 < text_.size() && text_[i + 1] == '\'') {
          ++i;
          continue;
        }
        return true;
      }
    }
    return false;
  }

private:
  const std::string& text_;
  std::size_t skipped_;
  std::size_t offset_ = 0;
  text::LineColumn lc_;
};

bool all_of_digits(const std::string& s, std::size_t from, bool (*digit)(char)) {
  if (from >= s.size()) return false;
  for (std::size_t i = from; i < s.size(); ++i)
    if (!digit(s[i])) return false;
  return true;
}

bool dec_digit(char c) { return c >= '0' && c <= '9'; }
bool oct_digit(char c) { return c >= '0' && c <= '7'; }
bool hex_digit(char c) { return dec_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }

// [-+]?[0-9]+ | 0o[0-7]+ | 0x[0-9a-fA-F]+, within int64.
bool is_int(const std::string& s, std::int64_t& out) {
  int base = 0;
  std::size_t from = 0;
  if (s.size() > 2 && s[0] == '0' && s[1] == 'o' && all_of_digits(s, 2, oct_digit)) {
    base = 8;
    from = 2;
  } else if (s.size() > 2 && s[0] == '0' && s[1] == 'x' && all_of_digits(s, 2, hex_digit)) {
    base = 16;
    from = 2;
  } else if (all_of_digits(s, (s[0] == '-' || s[0] == '+') ? 1 : 0, dec_digit)) {
    base = 10;
  } else {
    return false;
  }
  errno = 0;
  const long long v = std::strtoll(s.c_str() + from, nullptr, base);
  if (errno == ERANGE) return false;
  out = v;
  return true;
}

// [-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)? | [-+]?\.(inf|Inf|INF) | \.(nan|NaN|NAN)
bool is_real(const std::string& s, double& out) {
  std::size_t i = 0;
  const bool sign = !s.empty() && (s[0] == '-' || s[0] == '+');
  if (sign) i = 1;
  const std::string rest = s.substr(i);
  if (rest == ".inf" || rest == ".Inf" || rest == ".INF") {
    out = s[0] == '-' ? -HUGE_VAL : HUGE_VAL;
    return true;
  }
  if (!sign && (s == ".nan" || s == ".NaN" || s == ".NAN")) {
    out = std::nan("");
    return true;
  }
  std::size_t int_digits = 0, frac_digits = 0;
  while (i < s.size() && dec_digit(s[i])) ++i, ++int_digits;
  if (i < s.size() && s[i] == '.') {
    ++i;
    while (i < s.size() && dec_digit(s[i])) ++i, ++frac_digits;
  }
  if (int_digits == 0 && frac_digits == 0) return false;
  if (i < s.size() && (s[i] == 'e' || s[i] == 'E')) {
    ++i;
    if (i < s.size() && (s[i] == '-' || s[i] == '+')) ++i;
    std::size_t exp_digits = 0;
    while (i < s.size() && dec_digit(s[i])) ++i, ++exp_digits;
    if (exp_digits == 0) return false;
  }
  if (i != s.size()) return false;
  out = std::strtod(s.c_str(), nullptr);
  return true;
}

// yaml-cpp decodes the escapes \N and \_ to the single bytes 0x85 and 0xA0, not to UTF-8.
// The text was valid UTF-8, so every invalid byte in a value comes from one of them:
// encode it as the code point it stands for (U+0085, U+00A0).
std::string repair_escapes(const std::string& value) {
  std::string out;
  std::string_view rest = value;
  while (const auto bad = text::find_invalid_utf8(rest)) {
    const unsigned char b = static_cast<unsigned char>(rest[*bad]);
    out.append(rest.substr(0, *bad));
    out += static_cast<char>(0xC0 | (b >> 6));
    out += static_cast<char>(0x80 | (b & 0x3F));
    rest.remove_prefix(*bad + 1);
  }
  return out.append(rest);
}

// Resolves a plain scalar as the YAML 1.2 core schema does.
Node resolve_plain(const std::string& s, Mark m) {
  if (s == "true" || s == "True" || s == "TRUE") return Node::boolean(true, m);
  if (s == "false" || s == "False" || s == "FALSE") return Node::boolean(false, m);
  if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return Node::null(m);
  std::int64_t i;
  if (is_int(s, i)) return Node::integer(i, m);
  double d;
  if (is_real(s, d)) return Node::real(d, m);
  return Node::string(s, m);
}

// Builds a Node tree from yaml-cpp's parse events, refusing what we do not accept.
class Builder : public YAML::EventHandler {
public:
  Builder(MarkMapper& marks, const LoadLimits& limits) : marks_(marks), limits_(limits) {}

  std::optional<Node> root;
  Findings soft;                // problems the parse recovered from
  std::vector<Mark> soft_marks;  // where each of them is

  void OnDocumentStart(const YAML::Mark&) override {}
  void OnDocumentEnd() override {}

  void OnNull(const YAML::Mark& m, YAML::anchor_t anchor) override {
    const Mark mark = marks_.map(m);
    check_anchor(anchor, mark);
    add(Node::null(mark), "~");
  }

  void OnAlias(const YAML::Mark& m, YAML::anchor_t) override {
    throw Refusal{marks_.map(m), "yaml-alias", "aliases (*name) are not allowed",
                  "write the value out in full; firegrid records never share values"};
  }

  void OnAnchor(const YAML::Mark& m, const std::string& name) override {
    throw Refusal{marks_.map(m), "yaml-anchor", fmt::format("anchors (&{}) are not allowed", name),
                  "remove the anchor; firegrid records never share values"};
  }

  void OnScalar(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                const std::string& value) override {
 const Mark mark = marks_.map(m);
    check_anchor(anchor, mark);
    check_tag(tag, mark);
    if (tag == "!" && !marks_.quote_closed(m))
      throw Refusal{mark, "yaml-syntax", "YAML syntax: a quoted string is not closed",
                    "add the closing quote"};
    if (tag == "!") {
      const std::string decoded = repair_escapes(value);
      add(Node::string(decoded, mark), decoded);
    } else {
      add(resolve_plain(value, mark), value);
    }
  }

  void OnSequenceStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                       YAML::EmitterStyle::value) override {
    open(Node::sequence(marks_.map(m)), tag, anchor);
  }
  void OnSequenceEnd() override { close(); }

  void OnMapStart(const YAML::Mark& m, const std::string& tag, YAML::anchor_t anchor,
                  YAML::EmitterStyle::value) override {
    open(Node::mapping(marks_.map(m)), tag, anchor);
  }
  void OnMapEnd() override { close(); }

private:
  struct Frame {
    Node node;
    bool want_key = true;  // mappings alternate key, value
    std::string key;
    Mark key_mark;
    std::set<std::string> keys;
    std::vector<std::pair<std::string, Mark>> first_marks;
    bool skip_value = false;  // the value of a duplicate key
  };

  void check_anchor(YAML::anchor_t anchor, Mark mark) {
    if (anchor != YAML::NullAnchor)
      throw Refusal{mark, "yaml-anchor", "anchors are not allowed",
                    "remove the anchor; firegrid records never share values"};
  }

  void check_tag(const std::string& tag, Mark mark) {
    if (tag.empty() || tag == "?" || tag == "!") return;
    const std::string core = "tag:yaml.org,2002:";
    const std::string written = tag.compare(0, core.size(), core) == 0 ? "!!" + tag.substr(core.size()) : tag;
    throw Refusal{mark, "yaml-tag", fmt::format("explicit tags ({}) are not allowed", written),
                    "remove the tag; quote the value if it must be text"};
  }

  void count(Mark mark) {
    if (++nodes_ > limits_.max_nodes)
      throw Refusal{mark, "yaml-too-many-nodes",
                    fmt::format("more than {} values in one file", limits_.max_nodes),
                    "a record this large is not a record; split it"};
  }

  void open(Node n, const std::string& tag, YAML::anchor_t anchor) {
    const Mark mark = n.mark();
    check_anchor(anchor, mark);
    check_tag(tag, mark);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      throw Refusal{mark, "yaml-too-deep",
                    fmt::format("values are nested more than {} levels deep", limits_.max_depth),
                    "records are shallow; check the indentation"};
    if (!stack_.empty() && stack_.back().node.is_mapping() && stack_.back().want_key)
      throw Refusal{mark, "yaml-complex-key", "a key must be text, not a list or mapping",
                    "write keys as plain words: `name: value`"};
    count(mark);
    stack_.push_back(Frame{std::move(n), true, {}, {}, {}, {}, false});
  }

  void close() {
    Frame f = std::move(stack_.back());
    stack_.pop_back();
    place(std::move(f.node));
  }

  // A scalar or null arrives: as a mapping key or as a value.
  void add(Node n, const std::string& raw) {
    count(n.mark());
    if (!stack_.empty() && stack_.back().node.is_mapping() && stack_.back().want_key) {
      Frame& f = stack_.back();
      if (n.is_null() && raw == "~")
        throw Refusal{n.mark(), "yaml-complex-key", "a key must be text, not null",
                      "write keys as plain words: `name: value`"};
      if (!f.keys.insert(raw).second) {
        Mark first;
        for (const auto& [k, m] : f.first_marks)
          if (k == raw) first = m;
        // Recoverable: reported, the duplicate's value dropped, the parse goes on so the
        // rest of the file is checked too.
        soft.error({}, "yaml-duplicate-key",
                   fmt::format("duplicate key '{}' (first at line {})", raw, first.line),
                   "keep one of the two; other YAML readers disagree on which one wins");
        soft_marks.push_back(n.mark());
        f.skip_value = true;
        f.want_key = false;
        return;
      }
      f.first_marks.emplace_back(raw, n.mark());
      f.key = raw;
      f.key_mark = n.mark();
      f.want_key = false;
      return;
    }
    place(std::move(n));
  }

  void place(Node n) {
    if (stack_.empty()) {
      root = std::move(n);
      return;
    }
    Frame& f = stack_.back();
    if (f.node.is_sequence()) {
      f.node.push(std::move(n));
    } else {
      if (!f.skip_value) f.node.entries().push_back({f.key, std::move(n), f.key_mark});
      f.skip_value = false;
      f.want_key = true;
    }
  }

  MarkMapper& marks_;
  const LoadLimits& limits_;
  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
};

// True if the line is a document marker (--- or ...) at column 1.
bool is_marker(std::string_view line, std::string_view marker) {
  if (line.substr(0, 3) != marker) return false;
  return line.size() == 3 || line[3] == ' ' || line[3] == '\t' || line[3] == '\r';
}

bool is_blank_or_comment(std::string_view line) {
  for (const char c : line) {
    if (c == '#') return true;
    if (c != ' ' && c != '\t' && c != '\r') return false;
  }
  return true;
}

// Finds a second document (or content after an end marker) without asking the parser,
// whose multi-document path is where yaml-cpp can hang. Returns its 1-based line or 0.
int second_document_line(std::string_view text) {
  bool content = false, ended = false;
  int line = 0;
  for (std::size_t start = 0; start <= text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(start, end - start);
    start = end + 1;
    if (is_marker(l, "---")) {
      if (content || ended) return line + 1;
      content = l.find_first_not_of(" \t\r", 3) != std::string_view::npos &&
                !is_blank_or_comment(l.substr(3));
      continue;
    }
    if (is_marker(l, "...")) {
      ended = true;
      continue;
    }
    if (l.substr(0, 1) == "%" && !content) continue;  // directive
    if (!is_blank_or_comment(l)) {
      if (ended) return line + 1;
      content = true;
    }
    if (end == text.size()) break;
  }
  return 0;
}

// yaml-cpp's messages in words a clerk editing a record understands.
std::pair<std::string, std::string> syntax_words(const std::string& msg) {
  if (msg.find("end of sequence flow not found") != std::string::npos)
    return {"YAML syntax: a list opened with [ is not closed",
            "add the missing ] (or a missing quote) on or above this line"};
  if (msg.find("end of map flow not found") != std::string::npos)
    return {"YAML syntax: a mapping opened with { is not closed",
            "add the missing } (or a missing quote) on or above this line"};
  if (msg.find("illegal map value") != std::string::npos)
    return {"YAML syntax: a ':' where no value can start",
            "check the indentation: a key must line up with the keys beside it"};
  if (msg.find("end of map not found") != std::string::npos || msg.find("end of sequence not found") != std::string::npos)
    return {"YAML syntax: the indentation does not match the lines above",
            "line keys and list items up with their neighbours (spaces, not tabs), and look for a "
            "quote left open above"};
  return {"YAML syntax: " + msg, "check the indentation and quoting near here"};
}

}  // namespace

LoadResult load(std::string path, std::string text, const LoadLimits& limits) {
  LoadResult result;
  Findings& out = result.findings;
  auto refuse = [&](int line, int column, const char* code, std::string message,
                    std::string hint) {
    out.error({path, line, column}, code, std::move(message), std::move(hint));
    return std::move(result);
  };

  if (text.size() > limits.max_bytes)
    return refuse(0, 0, "yaml-too-large",
                  fmt::format("file is larger than the limit of {} bytes", limits.max_bytes),
                  "a record is a few KiB; is this the right file?");
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const auto lc = text::line_column_at(text, nul);
    return refuse(lc.line, lc.column, "yaml-nul-byte", "file contains a NUL byte",
                  "this looks like a binary file; records are UTF-8 text");
  }
  if (const auto bad = text::find_invalid_utf8(text)) {
    const auto lc = text::line_column_at(text, *bad);
    return refuse(lc.line, lc.column, "yaml-invalid-utf8",
                  fmt::format("invalid UTF-8 (byte 0x{:02X} at offset {})",
                              static_cast<unsigned char>(text[*bad]), *bad),
                  "save the file as UTF-8; GBK/GB18030 files must be converted");
  }
  // A UTF-8 byte order mark is tolerated; the parser starts after it.
  const std::size_t skipped = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  const std::string_view body = std::string_view(text).substr(skipped);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return refuse(0, 0, "yaml-empty", "file is empty", "write the record, or remove the file");
  if (const int line = second_document_line(body))
    return refuse(line, 1, "yaml-multiple-documents", "more than one YAML document in the file",
                  "one record per file: move the second document into a file of its own");

  MarkMapper marks(text, skipped);
  Builder builder(marks, limits);
  try {
    std::istringstream in{std::string(body)};
    YAML::Parser parser(in);
    parser.HandleNextDocument(builder);
  } catch (const Refusal& r) {
    return refuse(r.mark.line, r.mark.column, r.code.c_str(), r.message, r.hint);
  } catch (const YAML::Exception& e) {
    Mark m = marks.map(e.mark);
    // yaml-cpp may point past the end of the file; point at the end of the last line.
    const int lines = 1 + static_cast<int>(std::count(body.begin(), body.end(), '\n')) -
                      (!body.empty() && body.back() == '\n' ? 1 : 0);
    if (m.line > lines) {
      m.line = lines;
      m.column = static_cast<int>(text::count_code_points(text::line_text(text, lines))) + 1;
    }
    if (e.msg.find("anchor is not defined") != std::string::npos)
      return refuse(m.line, m.column, "yaml-alias", "aliases (*name) are not allowed",
                    "write the value out in full; firegrid records never share values");
    const auto [message, hint] = syntax_words(e.msg);
    return refuse(m.line, m.column, "yaml-syntax", message, hint);
  }
  if (!builder.root || builder.root->is_null())
    return refuse(0, 0, "yaml-empty", "file is empty", "write the record, or remove the file");

  for (std::size_t i = 0; i < builder.soft.items().size(); ++i) {
    Finding f = builder.soft.items()[i];
    f.where = {path, builder.soft_marks[i].line, builder.soft_marks[i].column};
    out.add(std::move(f));
  }
  result.document = Document{std::move(path), std::move(text), std::move(*builder.root)};
  return result;
}

}  // namespace firegrid::doc
