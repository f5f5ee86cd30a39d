#include <firegrid/doc/load.hpp>

#include <firegrid/doc/conflict.hpp>

#include <firegrid/text/utf8.hpp>

#include <fmt/format.h>
#include <yaml.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <new>
#include <string_view>
#include <unordered_map>

namespace firegrid::doc {

namespace {

// Thrown by the event builder to stop the parse at the first structural refusal.
struct Refusal {
  Mark mark;
  std::string code;
  std::string message;
  std::string hint;
};

// Turns libyaml marks into 1-based line and character columns. libyaml counts
// characters (mark.index) as the columns do, but it also ends a line at a lone CR, NEL,
// LS or PS; here a line ends at LF only, as in every other finding
// (text::line_column_at). Marks mostly come in increasing order, so it walks forward
// from the last one.
class CharMarks {
public:
  // `skipped` characters (a byte order mark) precede what the parser was given.
  CharMarks(std::string_view text, std::size_t skipped) : text_(text), skipped_(skipped) {}

  Mark map(const yaml_mark_t& m) {
    const std::size_t target = m.index + skipped_;
    if (target < chars_) {
      offset_ = 0;
      chars_ = 0;
      lc_ = {};
    }
    while (chars_ < target && offset_ < text_.size()) {
      const unsigned char c = static_cast<unsigned char>(text_[offset_]);
      if (c == '\n') {
        ++lc_.line;
        lc_.column = 1;
      } else {
        ++lc_.column;
      }
      offset_ += c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4;  // the text is valid UTF-8
      ++chars_;
    }
    return {lc_.line, lc_.column};
  }

  // Where the next token starts at or after m: past blanks, line breaks and comments.
  Mark next_token(const yaml_mark_t& m) {
    Mark at = map(m);
    bool comment = false;
    for (std::size_t i = offset_; i < text_.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(text_[i]);
      if (c == '\n') {
        ++at.line;
        at.column = 1;
        comment = false;
        continue;
      }
      if (c == '#') comment = true;
      const bool crlf = c == '\r' && i + 1 < text_.size() && text_[i + 1] == '\n';
      if (!comment && c != ' ' && c != '\t' && !crlf) break;  // a lone CR is text (StandIns)
      if ((c & 0xC0) != 0x80) ++at.column;
    }
    return at;
  }

  // The character at the last mark mapped; 0 past the end.
  char char_at_last() const { return offset_ < text_.size() ? text_[offset_] : '\0'; }

private:
  std::string_view text_;
  std::size_t skipped_;
  std::size_t offset_ = 0;  // byte offset of character chars_
  std::size_t chars_ = 0;
  text::LineColumn lc_;
};

// yaml-cpp, the parser before libyaml, read any character but NUL as text. libyaml refuses
// control characters (C0 but tab and line breaks, DEL, C1, U+FFFE, U+FFFF) and ends a line
// at a lone CR, NEL, LS and PS, and skips U+FEFF at the start of a line. For the parse, each
// such character stands in as a private-use character of plane 16, one character for one,
// so marks count the same, and every scalar gets its own characters back: they load as they
// did. A file that uses those private-use characters itself, or could write them with a \U
// escape, is parsed as it is (libyaml then refuses any control character).
class StandIns {
public:
  static constexpr char32_t base = 0x10FE00;

  // The text for the parser: `body` itself when nothing stands in, else a copy in `own`.
  std::string_view prepare(std::string_view body) {
    if (!needs(body)) return body;
    if (body.find("\\U") != std::string_view::npos || body.find("\xF4\x8F") != std::string_view::npos)
      return body;  // could collide with a stand-in; cannot be swapped back safely
    own_.reserve(body.size() + 64);
    for (std::size_t i = 0; i < body.size();) {
      const std::size_t n = sequence_length(static_cast<unsigned char>(body[i]));
      const char32_t cp = decode(body.substr(i, n));
      const bool lone_cr = cp == '\r' && (i + 1 >= body.size() || body[i + 1] != '\n');
      if (const int k = slot(cp); k >= 0 && (cp != '\r' || lone_cr)) {
        append_utf8(own_, base + static_cast<char32_t>(k));
        active_ = true;
      } else {
        own_.append(body.substr(i, n));
      }
      i += n;
    }
    return own_;
  }

  // Gives a scalar from the parser its own characters back.
  void restore(std::string& value) const {
    if (!active_ || value.find('\xF4') == std::string::npos) return;
    std::string out;
    out.reserve(value.size());
    for (std::size_t i = 0; i < value.size();) {
      const std::size_t n = sequence_length(static_cast<unsigned char>(value[i]));
      const char32_t cp = decode(std::string_view(value).substr(i, n));
      if (cp >= base && cp < base + 0x105)
        append_utf8(out, original(static_cast<int>(cp - base)));
      else
        out.append(value, i, n);
      i += n;
    }
    value = std::move(out);
  }

private:
  static std::size_t sequence_length(unsigned char c) { return c < 0x80 ? 1 : c < 0xE0 ? 2 : c < 0xF0 ? 3 : 4; }

  static char32_t decode(std::string_view s) {
    const auto b = [&](std::size_t i) { return static_cast<char32_t>(static_cast<unsigned char>(s[i])); };
    switch (s.size()) {
    case 1: return b(0);
    case 2: return ((b(0) & 0x1F) << 6) | (b(1) & 0x3F);
    case 3: return ((b(0) & 0x0F) << 12) | ((b(1) & 0x3F) << 6) | (b(2) & 0x3F);
    default: return ((b(0) & 0x07) << 18) | ((b(1) & 0x3F) << 12) | ((b(2) & 0x3F) << 6) | (b(3) & 0x3F);
    }
  }

  static void append_utf8(std::string& out, char32_t cp) {
    if (cp < 0x80) {
      out += static_cast<char>(cp);
    } else if (cp < 0x800) {
      out += static_cast<char>(0xC0 | (cp >> 6));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
      out += static_cast<char>(0xE0 | (cp >> 12));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
      out += static_cast<char>(0xF0 | (cp >> 18));
      out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
      out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
      out += static_cast<char>(0x80 | (cp & 0x3F));
    }
  }

  // The stand-in's number for a character libyaml does not take as text, or -1.
  static int slot(char32_t cp) {
    if (cp < 0x20) return cp == '\t' || cp == '\n' ? -1 : static_cast<int>(cp);
    if (cp >= 0x7F && cp <= 0x9F) return static_cast<int>(cp);
    switch (cp) {
    case 0x2028: return 0x100;
    case 0x2029: return 0x101;
    case 0xFEFF: return 0x102;
    case 0xFFFE: return 0x103;
    case 0xFFFF: return 0x104;
    default: return -1;
    }
  }

  static char32_t original(int k) {
    static constexpr char32_t high[] = {0x2028, 0x2029, 0xFEFF, 0xFFFE, 0xFFFF};
    return k < 0x100 ? static_cast<char32_t>(k) : high[k - 0x100];
  }

  // True if the text has a character that must stand in (a CR before LF need not).
  static bool needs(std::string_view s) {
    for (std::size_t i = 0; i < s.size(); ++i) {
      const unsigned char c = static_cast<unsigned char>(s[i]);
      if (c >= 0x20 && c < 0x7F) continue;
      if (c == '\n' || c == '\t') continue;
      if (c == '\r') {
        if (i + 1 < s.size() && s[i + 1] == '\n') continue;
        return true;
      }
      if (c < 0x20 || c == 0x7F) return true;
      const unsigned char c1 = i + 1 < s.size() ? static_cast<unsigned char>(s[i + 1]) : 0;
      const unsigned char c2 = i + 2 < s.size() ? static_cast<unsigned char>(s[i + 2]) : 0;
      if (c == 0xC2 && c1 >= 0x80 && c1 <= 0x9F) return true;                 // C1, NEL
      if (c == 0xE2 && c1 == 0x80 && (c2 == 0xA8 || c2 == 0xA9)) return true;  // LS, PS
      if (c == 0xEF && c1 == 0xBB && c2 == 0xBF) return true;                  // U+FEFF
      if (c == 0xEF && c1 == 0xBF && (c2 == 0xBE || c2 == 0xBF)) return true;  // U+FFFE/F
    }
    return false;
  }

  std::string own_;
  bool active_ = false;
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

// Resolves a plain scalar as the YAML 1.2 core schema does.
Node resolve_plain(std::string s, Mark m) {
  if (s == "true" || s == "True" || s == "TRUE") return Node::boolean(true, m);
  if (s == "false" || s == "False" || s == "FALSE") return Node::boolean(false, m);
  if (s == "null" || s == "Null" || s == "NULL" || s == "~" || s.empty()) return Node::null(m);
  std::int64_t i;
  if (is_int(s, i)) return Node::integer(i, m);
  double d;
  if (is_real(s, d)) return Node::real(d, m);
  return Node::string(std::move(s), m);
}

bool is_plain_null(const std::string& s) {
  return s.empty() || s == "~" || s == "null" || s == "Null" || s == "NULL";
}

const char* yaml_chars(const yaml_char_t* s) { return reinterpret_cast<const char*>(s); }

// Builds a Node tree from libyaml's parse events, refusing what we do not accept.
class Builder {
public:
  Builder(CharMarks& marks, const StandIns& stand_ins, const LoadLimits& limits)
    : marks_(marks), stand_ins_(stand_ins), limits_(limits) {}

  std::optional<Node> root;
  Findings soft;                // problems the parse recovered from
  std::vector<Mark> soft_marks;  // where each of them is

  // The innermost collection still open if it is a flow one ([...] or {...}), else null.
  const Node* open_flow() const {
    return !stack_.empty() && stack_.back().flow ? &stack_.back().node : nullptr;
  }

  void on_event(const yaml_event_t& e) {
    switch (e.type) {
    case YAML_DOCUMENT_START_EVENT:
      // second_document_line() has refused a second document already; this is a backstop.
      if (documents_++ > 0)
        throw Refusal{{marks_.map(e.start_mark).line, 1}, "yaml-multiple-documents",
                      tr("more than one YAML document in the file"),
                      tr("one record per file: move the second document into a file of its own")};
      break;
    case YAML_ALIAS_EVENT:
      throw Refusal{marks_.map(e.start_mark), "yaml-alias", tr("aliases (*name) are not allowed"),
                    tr("write the value out in full; firegrid records never share values")};
    case YAML_SCALAR_EVENT: on_scalar(e); break;
    case YAML_SEQUENCE_START_EVENT:
      open(Node::sequence(marks_.map(e.start_mark)), e.data.sequence_start.anchor,
           e.data.sequence_start.tag, e.data.sequence_start.style == YAML_FLOW_SEQUENCE_STYLE);
      break;
    case YAML_MAPPING_START_EVENT:
      open(Node::mapping(marks_.map(e.start_mark)), e.data.mapping_start.anchor,
           e.data.mapping_start.tag, e.data.mapping_start.style == YAML_FLOW_MAPPING_STYLE);
      break;
    case YAML_SEQUENCE_END_EVENT:
    case YAML_MAPPING_END_EVENT: close(); break;
    default: break;  // stream start and end, document end
    }
  }

private:
  struct Frame {
    Node node;
    bool want_key = true;  // mappings alternate key, value
    bool skip_value = false;  // the value of a duplicate key
    bool flow = false;        // [...] or {...}
    std::string key;
    Mark key_mark;
    // The keys seen, once a mapping has many (a few are compared one by one).
    std::unordered_map<std::string, Mark> index;
  };

  void on_scalar(const yaml_event_t& e) {
    const auto& s = e.data.scalar;
    const bool plain = s.style == YAML_PLAIN_SCALAR_STYLE && !s.tag;
    // An empty value in a block collection is where the next token starts, as yaml-cpp
    // had it (libyaml has it right after its ':' or '-').
    const Mark mark = plain && s.length == 0 && !stack_.empty() && !stack_.back().flow
                        ? marks_.next_token(e.start_mark)
                        : marks_.map(e.start_mark);
    check_anchor(s.anchor, mark);
    check_tag(s.tag, mark);
    std::string value(yaml_chars(s.value), s.length);
    stand_ins_.restore(value);
    // Plain and untagged: typed by its text. Quoted, block and `!`-tagged: a string.
    count(mark);
    if (!stack_.empty() && stack_.back().node.is_mapping() && stack_.back().want_key) {
      if (plain && is_plain_null(value))
        throw Refusal{mark, "yaml-complex-key", tr("a key must be text, not null"),
                      tr("write keys as plain words: `name: value`")};
      add_key(std::move(value), mark);
      return;
    }
    place(plain ? resolve_plain(std::move(value), mark) : Node::string(std::move(value), mark));
  }

  void check_anchor(const yaml_char_t* anchor, Mark mark) {
    if (anchor)
      throw Refusal{mark, "yaml-anchor", msg("anchors (&{}) are not allowed", yaml_chars(anchor)),
                    tr("remove the anchor; firegrid records never share values")};
  }

  void check_tag(const yaml_char_t* tag, Mark mark) {
    if (!tag || std::string_view(yaml_chars(tag)) == "!") return;
    const std::string_view written = yaml_chars(tag);
    const std::string_view core = "tag:yaml.org,2002:";
    throw Refusal{mark, "yaml-tag",
                  written.substr(0, core.size()) == core
                    ? msg("explicit tags (!!{}) are not allowed", written.substr(core.size()))
                    : msg("explicit tags ({}) are not allowed", written),
                  tr("remove the tag; quote the value if it must be text")};
  }

  void count(Mark mark) {
    if (++nodes_ > limits_.max_nodes)
      throw Refusal{mark, "yaml-too-many-nodes",
                    msg("more than {} values in one file", limits_.max_nodes),
                    tr("a record this large is not a record; split it")};
  }

  void open(Node n, const yaml_char_t* anchor, const yaml_char_t* tag, bool flow) {
    const Mark mark = n.mark();
    check_anchor(anchor, mark);
    check_tag(tag, mark);
    if (static_cast<int>(stack_.size()) >= limits_.max_depth)
      throw Refusal{mark, "yaml-too-deep",
                    msg("values are nested more than {} levels deep", limits_.max_depth),
                    tr("records are shallow; check the indentation")};
    if (!stack_.empty() && stack_.back().node.is_mapping() && stack_.back().want_key)
      throw Refusal{mark, "yaml-complex-key", tr("a key must be text, not a list or mapping"),
                    tr("write keys as plain words: `name: value`")};
    count(mark);
    stack_.push_back(Frame{std::move(n), true, false, flow, {}, {}, {}});
  }

  void close() {
    Node n = std::move(stack_.back().node);
    stack_.pop_back();
    place(std::move(n));
  }

  // Where `key` was first written in the mapping being built, or nullptr.
  static const Mark* earlier_key(Frame& f, const std::string& key) {
    const auto& entries = f.node.entries();
    if (entries.size() < 16) {
      for (const auto& e : entries)
        if (e.key == key) return &e.key_mark;
      return nullptr;
    }
    // Entries are only appended: index the ones added since the last look.
    for (std::size_t i = f.index.size(); i < entries.size(); ++i)
      f.index.emplace(entries[i].key, entries[i].key_mark);
    const auto it = f.index.find(key);
    return it == f.index.end() ? nullptr : &it->second;
  }

  void add_key(std::string key, Mark mark) {
    Frame& f = stack_.back();
    f.want_key = false;
    if (const Mark* first = earlier_key(f, key)) {
      // Recoverable: reported, the duplicate's value dropped, the parse goes on so the
      // rest of the file is checked too.
      soft.error({}, "yaml-duplicate-key",
                 msg("duplicate key '{}' (first at line {})", key, first->line),
                 tr("keep one of the two; other YAML readers disagree on which one wins"));
      soft_marks.push_back(mark);
      f.skip_value = true;
      return;
    }
    f.key = std::move(key);
    f.key_mark = mark;
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
      if (!f.skip_value) f.node.entries().push_back({std::move(f.key), std::move(n), f.key_mark});
      f.skip_value = false;
      f.want_key = true;
    }
  }

  CharMarks& marks_;
  const StandIns& stand_ins_;
  const LoadLimits& limits_;
  std::vector<Frame> stack_;
  std::size_t nodes_ = 0;
  int documents_ = 0;
};

// Frees what libyaml allocated, also when a refusal unwinds.
struct YamlParser {
  yaml_parser_t parser;
  YamlParser() {
    if (!yaml_parser_initialize(&parser)) throw std::bad_alloc();
  }
  ~YamlParser() { yaml_parser_delete(&parser); }
  YamlParser(const YamlParser&) = delete;
  YamlParser& operator=(const YamlParser&) = delete;
};

struct YamlEvent {
  yaml_event_t event;
  ~YamlEvent() { yaml_event_delete(&event); }
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

struct DocumentScan {
  int second_line = 0;   // 1-based line of a second document, or 0
  bool content = false;  // anything but markers, directives, comments and blank lines
};

// Finds a second document (or content after an end marker) without asking the parser,
// so the finding does not depend on how far the parser gets, and whether there is
// anything to parse at all.
DocumentScan scan_documents(std::string_view text) {
  bool content = false, ended = false;
  int line = 0;
  for (std::size_t start = 0; start <= text.size(); ++line) {
    std::size_t end = text.find('\n', start);
    if (end == std::string_view::npos) end = text.size();
    const std::string_view l = text.substr(start, end - start);
    start = end + 1;
    if (is_marker(l, "---")) {
      if (content || ended) return {line + 1, true};
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
      if (ended) return {line + 1, true};
      content = true;
    }
    if (end == text.size()) break;
  }
  return {0, content};
}

// libyaml's problem in words a clerk editing a record understands, and where it is.
// `text` is the whole file; the parser was given it from byte `skipped` (after a BOM).
// `open_flow` is the innermost [...] or {...} not yet closed, if any.
Refusal syntax_refusal(const yaml_parser_t& p, CharMarks& marks, std::string_view text,
                       std::size_t skipped, const Node* open_flow) {
  if (p.error == YAML_MEMORY_ERROR) throw std::bad_alloc();
  const std::string_view problem = p.problem ? p.problem : "the parser failed";
  const std::string_view context = p.context ? p.context : "";
  const auto says = [&](std::string_view words) { return problem.find(words) != std::string_view::npos; };
  if (p.error == YAML_READER_ERROR) {
    // A character YAML does not allow (the bytes are valid UTF-8; see StandIns).
    const auto lc = text::line_column_at(text, p.problem_offset + skipped);
    return {{lc.line, lc.column}, "yaml-syntax",
            msg("YAML syntax: {} (U+{:04X})", problem, p.problem_value),
            tr("remove the control character; records are plain text")};
  }
  // Unclosed things are shown where they open.
  if (context == "while scanning a quoted scalar" &&
      (says("unexpected end of stream") || says("unexpected document indicator")))
    return {marks.map(p.context_mark), "yaml-syntax", tr("YAML syntax: a quoted string is not closed"),
            tr("add the closing quote")};
  if (context == "while scanning a simple key")
    return {marks.map(p.context_mark), "yaml-syntax",
            tr("YAML syntax: a line without ':' where a key is expected"),
            tr("write `key: value`; text that continues the value above is indented under it")};

  Mark at = marks.map(p.problem_mark);
  const char c = marks.char_at_last();  // '\0' at the end of the file
  // The end of the file may be past its last line break; point at the end of the last line.
  const int lines = 1 + static_cast<int>(std::count(text.begin(), text.end(), '\n')) -
                    (!text.empty() && text.back() == '\n' ? 1 : 0);
  if (at.line > lines) {
    at.line = lines;
    at.column = static_cast<int>(text::count_code_points(text::line_text(text, lines))) + 1;
  }
  const bool open_at_end = c == '\0' && open_flow;
  if (says("did not find expected ',' or ']'") || (open_at_end && open_flow->is_sequence()))
    return {at, "yaml-syntax", tr("YAML syntax: a list opened with [ is not closed"),
            tr("add the missing ] (or a missing quote) on or above this line")};
  if (says("did not find expected ',' or '}'") || (open_at_end && open_flow->is_mapping()))
    return {at, "yaml-syntax", tr("YAML syntax: a mapping opened with { is not closed"),
            tr("add the missing } (or a missing quote) on or above this line")};
  if (says("mapping values are not allowed"))
    return {at, "yaml-syntax", tr("YAML syntax: a ':' where no value can start"),
            tr("check the indentation: a key must line up with the keys beside it")};
  if (c == ':' && (says("did not find expected key") || says("did not find expected node content")))
    return {at, "yaml-complex-key", tr("a key must be text, not null"),
            tr("write keys as plain words: `name: value`")};
  if (c == '\t')
    return {at, "yaml-syntax", tr("YAML syntax: a tab where YAML takes only spaces"),
            tr("indent with spaces, and put a space, not a tab, after '- '")};
  if (says("did not find expected key") || says("did not find expected '-' indicator") ||
      (says("did not find expected <document start>") && text.substr(skipped, 1) != "%"))
    return {at, "yaml-syntax", tr("YAML syntax: the indentation does not match the lines above"),
            tr("line keys and list items up with their neighbours (spaces, not tabs), and look for a "
            "quote left open above")};
  return {at, "yaml-syntax",
          context.empty() ? msg("YAML syntax: {}", problem)
                          : msg("YAML syntax: {} ({})", problem, context),
          tr("check the indentation and quoting near here")};
}

// "lines 4-5 are", "line 4 is", "no line is".
std::string conflict_lines(int first, int last) {
  if (last < first) return "no line is";
  if (last == first) return fmt::format("line {} is", first);
  return fmt::format("lines {}-{} are", first, last);
}

// One `record-conflict` finding per hunk of git conflict markers: which sides, which keys,
// which lines, and how to keep one.
void refuse_conflicts(const std::string& path, const std::vector<ConflictHunk>& hunks, Findings& out) {
  for (const auto& h : hunks) {
    const std::string ours = h.ours.empty() ? "this side" : fmt::format("\"{}\"", h.ours);
    const std::string theirs = h.theirs.empty() ? "the other side" : fmt::format("\"{}\"", h.theirs);
    std::string what = "these lines";
    if (!h.keys.empty()) {
      what.clear();
      for (const auto& k : h.keys) what += (what.empty() ? "`" : ", `") + k + "`";
    }
    if (!h.middle || !h.end) {
      out.error({path, h.line, 1}, "record-conflict",
                msg("an unfinished git merge conflict: {} has no {} line", ours, h.middle ? ">>>>>>>" : "======="),
                tr("finish the merge by hand: keep one side's lines, delete the marker lines, then `git add` the file"));
      continue;
    }
    out.error({path, h.line, 1}, "record-conflict",
              msg("merge conflict: both {} and {} changed {}; keep one", ours, theirs, what),
              msg("{} {}'s, {} {}'s: keep one side, delete the other and the marker lines, then "
                          "`git add` the file (`git checkout --ours` or `--theirs` keeps one side of the whole file)",
                          conflict_lines(h.line + 1, (h.base ? h.base : h.middle) - 1), ours,
                          conflict_lines(h.middle + 1, h.end - 1), theirs));
  }
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
                  msg("file is larger than the limit of {} bytes", limits.max_bytes),
                  tr("a record is a few KiB; is this the right file?"));
  if (const auto nul = text.find('\0'); nul != std::string::npos) {
    const auto lc = text::line_column_at(text, nul);
    return refuse(lc.line, lc.column, "yaml-nul-byte", tr("file contains a NUL byte"),
                  tr("this looks like a binary file; records are UTF-8 text"));
  }
  if (const auto bad = text::find_invalid_utf8(text)) {
    const auto lc = text::line_column_at(text, *bad);
    return refuse(lc.line, lc.column, "yaml-invalid-utf8",
                  msg("invalid UTF-8 (byte 0x{:02X} at offset {})",
                              static_cast<unsigned char>(text[*bad]), *bad),
                  tr("save the file as UTF-8; GBK/GB18030 files must be converted"));
  }
  if (const auto hunks = find_conflicts(text); !hunks.empty()) {
    refuse_conflicts(path, hunks, out);
    return result;
  }
  // A UTF-8 byte order mark is tolerated; the parser starts after it.
  const std::size_t skipped = text.compare(0, 3, "\xEF\xBB\xBF") == 0 ? 3 : 0;
  const std::string_view body = std::string_view(text).substr(skipped);
  if (body.find_first_not_of(" \t\r\n") == std::string_view::npos)
    return refuse(0, 0, "yaml-empty", tr("file is empty"), tr("write the record, or remove the file"));
  const DocumentScan scan = scan_documents(body);
  if (scan.second_line)
    return refuse(scan.second_line, 1, "yaml-multiple-documents",
                  tr("more than one YAML document in the file"),
                  tr("one record per file: move the second document into a file of its own"));
  if (!scan.content)
    return refuse(0, 0, "yaml-empty", tr("file is empty"), tr("write the record, or remove the file"));

  CharMarks marks(text, skipped ? 1 : 0);
  StandIns stand_ins;
  const std::string_view input = stand_ins.prepare(body);
  Builder builder(marks, stand_ins, limits);
  try {
    YamlParser yaml;
    yaml_parser_set_input_string(&yaml.parser, reinterpret_cast<const unsigned char*>(input.data()),
                                 input.size());
    yaml_parser_set_encoding(&yaml.parser, YAML_UTF8_ENCODING);
    for (bool more = true; more;) {
      YamlEvent event;
      if (!yaml_parser_parse(&yaml.parser, &event.event)) throw syntax_refusal(yaml.parser, marks, text, skipped, builder.open_flow());
      more = event.event.type != YAML_STREAM_END_EVENT;
      builder.on_event(event.event);
    }
  } catch (const Refusal& r) {
    return refuse(r.mark.line, r.mark.column, r.code.c_str(), r.message, r.hint);
  }
  if (!builder.root || builder.root->is_null())
    return refuse(0, 0, "yaml-empty", tr("file is empty"), tr("write the record, or remove the file"));

  for (std::size_t i = 0; i < builder.soft.items().size(); ++i) {
    Finding f = builder.soft.items()[i];
    f.where = {path, builder.soft_marks[i].line, builder.soft_marks[i].column};
    out.add(std::move(f));
  }
  result.document = Document{std::move(path), std::move(text), std::move(*builder.root)};
  return result;
}

}  // namespace firegrid::doc
