#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>

#include <catch2/catch.hpp>

#include <cstdint>
#include <map>
#include <memory>
#include <random>
#include <string>
#include <vector>

using firegrid::doc::emit;
using firegrid::doc::is_plain_safe;
using firegrid::doc::KeyOrder;
using firegrid::doc::load;
using firegrid::doc::Node;

namespace {

// A mapping from alternating keys and string values.
Node map_of(std::initializer_list<std::pair<const char*, Node>> entries) {
  Node m = Node::mapping();
  for (const auto& [k, v] : entries) m.set(k, v);
  return m;
}

Node str(const std::string& s) { return Node::string(s); }

// How `s` is written as the value of key v.
std::string emitted_value(const std::string& s) {
  const std::string out = emit(map_of({{"v", str(s)}}));
  REQUIRE(out.compare(0, 2, "v:") == 0);
  return out.substr(2);
}

// A small key order for tests: a fixed key list, per-key children, one for list items.
class TestOrder : public KeyOrder {
public:
  explicit TestOrder(std::vector<std::string> keys) : keys_(std::move(keys)) {}
  TestOrder& child(const std::string& key, std::shared_ptr<TestOrder> o) {
    children_[key] = std::move(o);
    return *this;
  }
  TestOrder& each(std::shared_ptr<TestOrder> o) {
    items_ = std::move(o);
    return *this;
  }

  std::vector<std::string> keys() const override { return keys_; }
  std::unique_ptr<KeyOrder> property(const std::string& key) const override {
    const auto it = children_.find(key);
    return it == children_.end() ? nullptr : std::make_unique<TestOrder>(*it->second);
  }
  std::unique_ptr<KeyOrder> items() const override {
    return items_ ? std::make_unique<TestOrder>(*items_) : nullptr;
  }

private:
  std::vector<std::string> keys_;
  std::map<std::string, std::shared_ptr<TestOrder>> children_;
  std::shared_ptr<TestOrder> items_;
};

// The emitter's promise, checked for one tree: what it writes loads cleanly as the same
// tree, and writing that again gives the same bytes.
void check_round_trip(const Node& x) {
  const std::string once = emit(x);
  INFO("emitted:\n" << once);
  const auto reloaded = load("t.yaml", once);
  for (const auto& f : reloaded.findings.items())
    INFO(f.where.line << ":" << f.where.column << " " << f.code << " " << f.message);
  REQUIRE(reloaded.clean());
  CHECK(reloaded.document->root == x);
  CHECK(emit(reloaded.document->root) == once);
}

// Pieces of text that trip up YAML writers and readers.
const std::vector<std::string>& nasty_fragments() {
  static const std::vector<std::string> f = {
    "", "a", "槐阳镇", "张建国", "0", "0012", "13800138000", "0311-8888", "1e3", ".5", "-1", "+1",
    "0x1F", "0o17", ".inf", ".nan", "yes", "No", "on", "OFF", "y", "true", "null", "Null", "~",
    "2024-03-15", "12:30", "1:2:3", " ", "  ", "\t", "\n", "\n\n", "\r\n", "\r", ": ", ":", " #",
    "#", "-", "- ", "--- ", "---", "...", "?", "? ", "*", "&", "!", "!!", "%", "@", "`", "|", ">",
    "'", "''", "\"", "\\", "\\n", "{", "}", "[", "]", ",", "<<", "=", "\x01", "\x1b", "\x7f",
    "\xC2\x85", "\xC2\xA0", "\xE2\x80\xA8", "\xEF\xBB\xBF", "\xE3\x80\x80", "\xF0\x9F\x94\xA5",
    "，", "：", "x: y", "a #b", "https://example.com/a?b=c#d", "  lead", "trail  ", "\n x", "x\n ",
    "\n\n  x", "第一村民小组", "（社区）",
  };
  return f;
}

// Random trees for the round-trip property, from a fixed seed.
class TreeGenerator {
public:
  explicit TreeGenerator(std::uint32_t seed) : rng_(seed) {}

  std::string text() {
    std::string s;
    const int parts = pick(4);
    for (int i = 0; i < parts; ++i) s += nasty_fragments()[pick(nasty_fragments().size())];
    return s;
  }

  Node value(int depth) {
    switch (pick(depth >= 3 ? 6 : 9)) {
    case 0: return Node::null();
    case 1: return Node::boolean(pick(2) == 1);
    case 2: return Node::integer(static_cast<std::int64_t>(rng_()) - 2147483648LL);
    case 3: {
      static const double reals[] = {0.5, -0.25, 1e20, 3.0, 1e-7, 123.456, HUGE_VAL, -HUGE_VAL};
      return Node::real(reals[pick(8)]);
    }
    case 4:
    case 5: return str(text());
    case 6:
    case 7: return mapping(depth + 1);
    default: return sequence(depth + 1);
    }
  }

  Node mapping(int depth) {
    Node m = Node::mapping();
    const int n = pick(5);
    for (int i = 0; i < n; ++i) {
      std::string key = text();
      if (m.find(key)) continue;
      m.set(key, value(depth));
    }
    return m;
  }

  Node sequence(int depth) {
    Node s = Node::sequence();
    const int n = pick(4);
    for (int i = 0; i < n; ++i) s.push(value(depth));
    return s;
  }

private:
  int pick(std::size_t n) { return static_cast<int>(rng_() % n); }
  std::mt19937 rng_;
};

}  // namespace

TEST_CASE("emit quotes strings a YAML 1.1 reader would misread", "[doc][emit]") {
  for (const char* s : {"0012", "yes", "Yes", "YES", "no", "Off", "on", "y", "N", "true", "False",
                        "2024-03-15", "12:30", "0x1F", "0o17", "13800138000", "0311-8888", "~",
                        "null", "NULL", "1e3", ".5", ".inf", "-1", "+1", "<<", "=", "1_000"}) {
    INFO(s);
    CHECK_FALSE(is_plain_safe(s));
    CHECK(emitted_value(s) == std::string(" '") + s + "'\n");
  }
}

TEST_CASE("emit quotes strings that would not read back as plain text", "[doc][emit]") {
  CHECK(emitted_value("") == " ''\n");
  CHECK(emitted_value(" lead") == " ' lead'\n");
  CHECK(emitted_value("trail ") == " 'trail '\n");
  CHECK(emitted_value("a: b") == " 'a: b'\n");
  CHECK(emitted_value("ends:") == " 'ends:'\n");
  CHECK(emitted_value("a #b") == " 'a #b'\n");
  CHECK(emitted_value("it's") == " it's\n");  // a quote inside is fine
  CHECK(emitted_value("'quoted'") == " '''quoted'''\n");
  for (const char* s : {"-x", "- x", "*x", "&x", "!x", "%x", "@x", "`x", "?x", ":x", ",x", "[x",
                        "]x", "{x", "}x", "#x", "|x", ">x", "'x", "\"x"}) {
    INFO(s);
    CHECK_FALSE(is_plain_safe(s));
    CHECK(emitted_value(s).substr(0, 2) == " '");
  }
  CHECK(emitted_value("\"x") == " '\"x'\n");
  CHECK_FALSE(is_plain_safe(std::string(201, 'a')));  // long text is quoted
  CHECK(is_plain_safe(std::string(200, 'a')));
}

TEST_CASE("emit writes ordinary text plain", "[doc][emit]") {
  for (const char* s : {"槐阳镇", "张建国", "派出所所长", "x-1", "a:b", "a#b", "a - b", "hello world",
                        "元氏县 / 槐阳镇", "https://example.com/a?b=c#d", "第一村民小组", "e3",
                        "nan", "inf"}) {
    INFO(s);
    CHECK(is_plain_safe(s));
    CHECK(emitted_value(s) == std::string(" ") + s + "\n");
  }
}

TEST_CASE("emit writes multi-line text as a literal block", "[doc][emit]") {
  CHECK(emitted_value("第一行\n第二行") == " |-\n  第一行\n  第二行\n");
  CHECK(emitted_value("one\ntwo\n") == " |\n  one\n  two\n");
  CHECK(emitted_value("one\ntwo\n\n") == " |+\n  one\n  two\n\n");
  CHECK(emitted_value("one\n\ntwo") == " |-\n  one\n\n  two\n");
  CHECK(emitted_value("one\n  indented") == " |-\n  one\n    indented\n");
  // What a literal block cannot hold is double quoted.
  CHECK(emitted_value(" lead\nx") == " \" lead\\nx\"\n");
  CHECK(emitted_value("a\r\nb") == " \"a\\r\\nb\"\n");
  CHECK(emitted_value("a\n  \nb") == " \"a\\n  \\nb\"\n");  // a line of blanks
  const Node nested = map_of({{"leader", map_of({{"note", str("a\nb")}})}});
  CHECK(emit(nested) == "leader:\n  note: |-\n    a\n    b\n");
  Node list = Node::sequence();
  list.push(str("a\nb\n"));
  CHECK(emit(map_of({{"notes", list}})) == "notes:\n  - |\n    a\n    b\n");
}

TEST_CASE("emit double-quotes control characters", "[doc][emit]") {
  CHECK(emitted_value("a\tb") == " \"a\\tb\"\n");
  CHECK(emitted_value("bell\x07") == " \"bell\\x07\"\n");
  CHECK(emitted_value("esc\x1b[0m") == " \"esc\\x1B[0m\"\n");
  CHECK(emitted_value("del\x7f") == " \"del\\x7F\"\n");
  CHECK(emitted_value("nel\xC2\x85") == " \"nel\\x85\"\n");
  CHECK(emitted_value("\xEF\xBB\xBF" "bom") == " \"\\uFEFFbom\"\n");
  CHECK(emitted_value("ls\xE2\x80\xA8") == " \"ls\\L\"\n");
  CHECK(emitted_value("ps\xE2\x80\xA9") == " \"ps\\P\"\n");
  CHECK(emitted_value("q\"\\\x01") == " \"q\\\"\\\\\\x01\"\n");
  CHECK(emitted_value("\xC2\xA0nbsp") == " \xC2\xA0nbsp\n");  // printable: left alone
}

TEST_CASE("emit writes scalars of every kind", "[doc][emit]") {
  Node m = Node::mapping();
  m.set("nil", Node::null());
  m.set("t", Node::boolean(true));
  m.set("f", Node::boolean(false));
  m.set("i", Node::integer(-42));
  m.set("r", Node::real(0.5));
  m.set("w", Node::real(3.0));
  m.set("big", Node::real(1e20));
  m.set("inf", Node::real(-HUGE_VAL));
  m.set("nan", Node::real(std::nan("")));
  CHECK(emit(m) ==
        "nil: null\nt: true\nf: false\ni: -42\nr: 0.5\nw: 3.0\nbig: 1e+20\ninf: -.inf\nnan: .nan\n");
}

TEST_CASE("emit follows the key order, unknown keys after in their order", "[doc][emit]") {
  auto person = std::make_shared<TestOrder>(std::vector<std::string>{"name", "role", "phone"});
  TestOrder order({"level", "name", "code", "leader", "members"});
  order.child("leader", person);
  auto members_order = std::make_shared<TestOrder>(std::vector<std::string>{});
  members_order->each(person);
  order.child("members", members_order);

  Node leader = map_of({{"phone", str("13800138000")}, {"zz", str("extra")}, {"name", str("王强")}});
  Node members = Node::sequence();
  members.push(map_of({{"role", str("网格员")}, {"name", str("李四")}}));
  Node record = Node::mapping();
  record.set("extra_b", str("b"));
  record.set("members", members);
  record.set("name", str("槐阳镇"));
  record.set("extra_a", str("a"));
  record.set("leader", leader);
  record.set("level", str("township"));

  CHECK(emit(record, &order) ==
        "level: township\n"
        "name: 槐阳镇\n"
        "leader:\n"
        "  name: 王强\n"
        "  phone: '13800138000'\n"
        "  zz: extra\n"
        "members:\n"
        "  - name: 李四\n"
        "    role: 网格员\n"
        "extra_b: b\n"
        "extra_a: a\n");
  // Without an order, keys stay as they are.
  CHECK(emit(record).substr(0, 11) == "extra_b: b\n");
}

TEST_CASE("emit writes empty collections in flow style", "[doc][emit]") {
  CHECK(emit(Node::mapping()) == "{}\n");
  CHECK(emit(Node::sequence()) == "[]\n");
  CHECK(emit(map_of({{"a", Node::mapping()}, {"b", Node::sequence()}})) == "a: {}\nb: []\n");
  Node list = Node::sequence();
  list.push(Node::mapping());
  list.push(Node::sequence());
  CHECK(emit(list) == "- {}\n- []\n");
}

TEST_CASE("emit writes sequences of mappings and nested lists", "[doc][emit]") {
  Node members = Node::sequence();
  members.push(map_of({{"name", str("张三")}, {"phone", str("0311-8888")}}));
  members.push(map_of({{"name", str("李四")}, {"tags", Node::sequence()}}));
  CHECK(emit(map_of({{"members", members}})) ==
        "members:\n"
        "  - name: 张三\n"
        "    phone: '0311-8888'\n"
        "  - name: 李四\n"
        "    tags: []\n");

  Node inner = Node::sequence();
  inner.push(str("a"));
  inner.push(Node::integer(1));
  Node outer = Node::sequence();
  outer.push(inner);
  outer.push(str("b"));
  CHECK(emit(outer) == "-\n  - a\n  - 1\n- b\n");
  CHECK(emit(map_of({{"x", outer}})) == "x:\n  -\n    - a\n    - 1\n  - b\n");
  check_round_trip(outer);
}

TEST_CASE("emit quotes keys that need it", "[doc][emit]") {
  CHECK(emit(map_of({{"0012", str("x")}})) == "'0012': x\n");
  CHECK(emit(map_of({{"yes", str("x")}})) == "'yes': x\n");
  CHECK(emit(map_of({{"a: b", str("x")}})) == "'a: b': x\n");
  CHECK(emit(map_of({{"", str("x")}})) == "'': x\n");
  CHECK(emit(map_of({{"名称", str("x")}})) == "名称: x\n");
}

TEST_CASE("emit writes text of only line breaks double quoted", "[doc][emit]") {
  // A literal block of only line breaks would read back as "".
  CHECK(emitted_value("\n") == " \"\\n\"\n");
  CHECK(emitted_value("\n\n") == " \"\\n\\n\"\n");
  // The first non-empty line sets a literal block's indentation: it must not start blank.
  CHECK(emitted_value("\n  x") == " \"\\n  x\"\n");
  CHECK(emitted_value("\nx") == " |-\n\n  x\n");
  check_round_trip(map_of({{"v", str("\n")}}));
  check_round_trip(map_of({{"v", str("\n  x")}}));
}

TEST_CASE("emit indents a literal block even as the whole document", "[doc][emit]") {
  CHECK(emit(str("one\ntwo")) == "|-\n  one\n  two\n");
  CHECK(emit(str("plain")) == "plain\n");
  CHECK(emit(str("0012")) == "'0012'\n");
  CHECK(emit(Node::integer(7)) == "7\n");
  check_round_trip(str("one\ntwo"));
  check_round_trip(str("?!x\no"));
}

TEST_CASE("emit double-quotes keys with line breaks or controls", "[doc][emit]") {
  CHECK(emit(map_of({{"a\nb", str("x")}})) == "\"a\\nb\": x\n");
  CHECK(emit(map_of({{"tab\tkey", str("x")}})) == "\"tab\\tkey\": x\n");
  CHECK(emit(map_of({{"\xEF\xBB\xBF", str("x")}})) == "\"\\uFEFF\": x\n");
  check_round_trip(map_of({{"a\nb", str("x")}}));
  check_round_trip(map_of({{"\xEF\xBB\xBF\xEF\xBB\xBF", str("x")}}));
}

TEST_CASE("emit writes keys over 1000 bytes as explicit keys", "[doc][emit]") {
  // YAML readers take at most 1024 characters as an implicit key (yaml-cpp counts bytes).
  const std::string long_key(1001, 'k');
  CHECK(emit(map_of({{long_key.c_str(), str("v")}})) == "? '" + long_key + "'\n: v\n");
  const std::string fits(998, 'k');  // 1000 with its quotes
  CHECK(emit(map_of({{fits.c_str(), str("v")}})) == "'" + fits + "': v\n");
  std::string wide;
  for (int i = 0; i < 400; ++i) wide += "槐";  // 1200 bytes
  Node nested = Node::mapping();
  nested.set(wide, map_of({{"a", str("b")}}));
  Node list = Node::sequence();
  list.push(nested);
  const std::string out = emit(map_of({{"l", list}}));
  CHECK(out == "l:\n  - ? '" + wide + "'\n    :\n      a: b\n");
  check_round_trip(map_of({{"l", list}}));
  std::string escaped(300, '\x05');  // 300 bytes, 1202 written
  check_round_trip(map_of({{escaped.c_str(), str("v")}}));
}

TEST_CASE("emit output loads back as the same tree: tricky cases", "[doc][emit]") {
  for (const std::string& s : nasty_fragments()) {
    INFO("fragment: [" << s << "]");
    check_round_trip(map_of({{"v", str(s)}}));
    check_round_trip(map_of({{"k", map_of({{"v", str(s + "x")}, {"w", str("x" + s)}})}}));
    Node list = Node::sequence();
    list.push(str(s));
    list.push(str(s + "\n" + s));
    check_round_trip(map_of({{"l", list}}));
    if (!s.empty()) check_round_trip(map_of({{s.c_str(), str("key")}}));
  }
  Node record = Node::mapping();
  record.set("level", str("village"));
  record.set("name", str("东关村"));
  record.set("code", str("130132100201"));
  Node people = Node::sequence();
  people.push(map_of({{"name", str("张建国")}, {"phone", str("13800138000")}}));
  people.push(map_of({{"name", str("李 四")}, {"note", str("第一行\n第二行\n")}}));
  record.set("members", people);
  record.set("size", Node::integer(12));
  record.set("empty", Node::mapping());
  record.set("none", Node::null());
  record.set("ratio", Node::real(0.125));
  check_round_trip(record);
}

TEST_CASE("emit output loads back as the same tree: random trees", "[doc][emit]") {
  TreeGenerator gen(20240315);
  for (int i = 0; i < 3000; ++i) {
    INFO("tree " << i);
    check_round_trip(gen.mapping(0));
  }
}
