#include <firegrid/doc/load.hpp>

#include <catch2/catch.hpp>

#include <chrono>
#include <cmath>
#include <string>

using firegrid::Finding;
using firegrid::Severity;
using firegrid::doc::Kind;
using firegrid::doc::load;
using firegrid::doc::LoadLimits;
using firegrid::doc::LoadResult;
using firegrid::doc::Node;

namespace {

// The one finding of a refused file (no document, exactly one error).
Finding refusal(const std::string& text, const LoadLimits& limits = {}) {
  const LoadResult r = load("grid/100/grid.yaml", text, limits);
  CHECK_FALSE(r.document);
  CHECK_FALSE(r.clean());
  REQUIRE(r.findings.items().size() == 1);
  const Finding& f = r.findings.items().front();
  CHECK(f.severity == Severity::error);
  CHECK(f.where.path == "grid/100/grid.yaml");
  return f;
}

// The root of a file that must load cleanly.
Node loaded(const std::string& text) {
  LoadResult r = load("t.yaml", text);
  INFO(text);
  for (const auto& f : r.findings.items()) INFO(f.code << ": " << f.message);
  REQUIRE(r.clean());
  REQUIRE(r.findings.empty());
  return r.document->root;
}

// The value of key `v` in a one-key document `v: <scalar>`.
Node scalar(const std::string& yaml_scalar) {
  const Node root = loaded("v: " + yaml_scalar + "\n");
  REQUIRE(root.is_mapping());
  const Node* v = root.find("v");
  REQUIRE(v);
  return *v;
}

void check_at(const Finding& f, const char* code, int line, int column) {
  CHECK(f.code == code);
  CHECK(f.where.line == line);
  CHECK(f.where.column == column);
}

// The classic "billion laughs": 9 levels of 9-item lists of aliases, 9^9 strings if expanded.
std::string alias_bomb() {
  std::string s = "a: &a [\"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\", \"lol\"]\n";
  const std::string names = "abcdefghi";
  for (std::size_t i = 1; i < names.size(); ++i) {
    const std::string prev = std::string("*") + names[i - 1];
    s += std::string(1, names[i]) + ": &" + names[i] + " [";
    for (int k = 0; k < 9; ++k) s += (k ? ", " : "") + prev;
    s += "]\n";
  }
  return s;
}

}  // namespace

TEST_CASE("load reads a record into a tree with 1-based marks", "[doc][load]") {
  const Node root = loaded("level: township\nname: 槐阳镇\nmembers:\n  - name: 张建国\n    phone: '13800138000'\n");
  REQUIRE(root.is_mapping());
  REQUIRE(root.entries().size() == 3);
  CHECK(root.entries()[0].key == "level");
  CHECK(root.entries()[1].key == "name");
  CHECK(root.entries()[2].key == "members");
  CHECK(root.mark().line == 1);
  CHECK(root.mark().column == 1);

  CHECK(root.key_mark("level").line == 1);
  CHECK(root.key_mark("level").column == 1);
  CHECK(root.find("level")->mark().line == 1);
  CHECK(root.find("level")->mark().column == 8);
  CHECK(root.key_mark("name").line == 2);
  CHECK(root.find("name")->as_string() == "槐阳镇");
  CHECK(root.find("name")->mark().column == 7);

  const Node& members = *root.find("members");
  REQUIRE(members.is_sequence());
  REQUIRE(members.items().size() == 1);
  const Node& person = members.items()[0];
  CHECK(person.mark().line == 4);
  CHECK(person.mark().column == 5);
  CHECK(person.key_mark("name").line == 4);
  CHECK(person.key_mark("name").column == 5);
  CHECK(person.key_mark("phone").line == 5);
  CHECK(person.key_mark("phone").column == 5);
  CHECK(person.find("phone")->is_string());
  CHECK(person.find("phone")->as_string() == "13800138000");
  CHECK(person.find("phone")->mark().column == 12);
}

TEST_CASE("load counts columns in characters after Chinese text", "[doc][load]") {
  const Node root = loaded("名称: 槐阳镇\n负责人: {姓名: 张三}\n");
  CHECK(root.key_mark("负责人").line == 2);
  CHECK(root.key_mark("负责人").column == 1);
  CHECK(root.find("名称")->mark().column == 5);
  const Node* leader = root.find("负责人");
  REQUIRE(leader);
  CHECK(leader->mark().column == 6);
  CHECK(leader->key_mark("姓名").column == 7);
  CHECK(leader->find("姓名")->mark().column == 11);
}

TEST_CASE("load keeps the document's path and text", "[doc][load]") {
  const LoadResult r = load("grid/grid.yaml", "level: county\n");
  REQUIRE(r.document);
  CHECK(r.document->path == "grid/grid.yaml");
  CHECK(r.document->text == "level: county\n");
}

TEST_CASE("load refuses a file over the size cap", "[doc][load]") {
  LoadLimits small;
  small.max_bytes = 16;
  const Finding f = refusal("name: 0123456789\n", small);  // 17 bytes
  check_at(f, "yaml-too-large", 0, 0);
  CHECK(f.message == "file is larger than the limit of 16 bytes");
  CHECK(f.hint == "a record is a few KiB; is this the right file?");
  CHECK(load("t.yaml", "name: 012345678\n", small).clean());  // exactly 16 bytes
}

TEST_CASE("load refuses 20 MB of list items by size, quickly", "[doc][load]") {
  std::string big;
  big.reserve(20 * 1024 * 1024);
  while (big.size() < 20u * 1024 * 1024) big += "- x\n";
  const auto start = std::chrono::steady_clock::now();
  const Finding f = refusal(big);
  const auto took = std::chrono::steady_clock::now() - start;
  check_at(f, "yaml-too-large", 0, 0);
  CHECK(f.message == "file is larger than the limit of 1048576 bytes");
  CHECK(took < std::chrono::seconds(2));
}

TEST_CASE("load refuses a NUL byte where it is", "[doc][load]") {
  const Finding f = refusal(std::string("name: 槐阳镇\nnote: a\0b\n", 25));
  check_at(f, "yaml-nul-byte", 2, 8);
  CHECK(f.message == "file contains a NUL byte");
  CHECK(f.hint == "this looks like a binary file; records are UTF-8 text");
}

TEST_CASE("load refuses invalid UTF-8 at the bad byte", "[doc][load]") {
  SECTION("after Chinese text, the column counts characters") {
    // "名称: 槐阳镇" is 7 characters and 17 bytes.
    const Finding f = refusal("level: village\n名称: 槐阳镇\xFF\n");
    check_at(f, "yaml-invalid-utf8", 2, 8);
    CHECK(f.message == "invalid UTF-8 (byte 0xFF at offset 32)");
    CHECK(f.hint == "save the file as UTF-8; GBK/GB18030 files must be converted");
  }
  SECTION("GBK bytes") {
    const Finding f = refusal("name: \xBB\xB1\xD1\xF4\n");  // 槐阳 in GBK
    check_at(f, "yaml-invalid-utf8", 1, 7);
    CHECK(f.message == "invalid UTF-8 (byte 0xBB at offset 6)");
  }
  SECTION("a truncated sequence at the end") {
    const Finding f = refusal("name: \xE6\xA7");
    check_at(f, "yaml-invalid-utf8", 1, 7);
  }
}

TEST_CASE("load refuses empty and comment-only files", "[doc][load]") {
  for (const char* text : {"", "\n", "   \n\t\n", "\r\n", "# only a comment\n", "# a\n\n# b",
                           "---\n", "--- # nothing\n...\n", "~\n", "null\n", "\xEF\xBB\xBF"}) {
    INFO(text);
    const Finding f = refusal(text);
    check_at(f, "yaml-empty", 0, 0);
    CHECK(f.message == "file is empty");
    CHECK(f.hint == "write the record, or remove the file");
  }
}

TEST_CASE("load refuses a second document", "[doc][load]") {
  SECTION("--- after content") {
    const Finding f = refusal("a: 1\n---\nb: 2\n");
    check_at(f, "yaml-multiple-documents", 2, 1);
    CHECK(f.message == "more than one YAML document in the file");
    CHECK(f.hint == "one record per file: move the second document into a file of its own");
  }
  SECTION("... then content") {
    check_at(refusal("a: 1\n...\nb: 2\n"), "yaml-multiple-documents", 3, 1);
  }
  SECTION("a leading --- then a second one") {
    check_at(refusal("---\na: 1\n---\nb: 2\n"), "yaml-multiple-documents", 3, 1);
  }
  SECTION("two empty documents with content in the second") {
    check_at(refusal("--- a\n--- b\n"), "yaml-multiple-documents", 2, 1);
  }
}

TEST_CASE("load accepts one document with markers", "[doc][load]") {
  CHECK(loaded("---\na: 1\n").find("a")->as_int() == 1);
  CHECK(loaded("--- # record\na: 1\n").find("a")->as_int() == 1);
  CHECK(loaded("a: 1\n...\n").find("a")->as_int() == 1);
  CHECK(loaded("a: 1\n...\n# trailing comment\n\n").find("a")->as_int() == 1);
  CHECK(loaded("%YAML 1.2\n---\na: 1\n").find("a")->as_int() == 1);
  // Only a marker at column 1 is one; this is just text.
  CHECK(loaded("a: |\n  x\n  ---\n  y\n").find("a")->as_string() == "x\n---\ny\n");
  CHECK(loaded("a: ---x\n").find("a")->as_string() == "---x");
}

TEST_CASE("load refuses anchors and aliases", "[doc][load]") {
  SECTION("an anchor") {
    const Finding f = refusal("a: &x 1\nb: 2\n");
    check_at(f, "yaml-anchor", 1, 4);
    CHECK(f.message == "anchors (&x) are not allowed");
    CHECK(f.hint == "remove the anchor; firegrid records never share values");
  }
  SECTION("an anchor on a mapping") {
    check_at(refusal("a: 1\nb: &m\n  c: 2\n"), "yaml-anchor", 2, 4);
  }
  SECTION("an alias to an anchor that is refused first") {
    check_at(refusal("a: &x 1\nb: *x\n"), "yaml-anchor", 1, 4);
  }
  SECTION("an alias with no anchor") {
    // The parser does not look anchors up; the alias is refused as it is.
    const Finding f = refusal("a: 1\nb: *x\n");
    check_at(f, "yaml-alias", 2, 4);
    CHECK(f.message == "aliases (*name) are not allowed");
    CHECK(f.hint == "write the value out in full; firegrid records never share values");
  }
  SECTION("the self-referencing alias") {
    const Finding f = refusal("a: &a [1, *a]\n");
    check_at(f, "yaml-anchor", 1, 4);
    CHECK(f.message == "anchors (&a) are not allowed");
  }
  SECTION("the billion laughs, refused fast") {
    const std::string bomb = alias_bomb();
    CHECK(bomb.size() < 420);
    const auto start = std::chrono::steady_clock::now();
    const Finding f = refusal(bomb);
    const auto took = std::chrono::steady_clock::now() - start;
    check_at(f, "yaml-anchor", 1, 4);
    CHECK(f.message == "anchors (&a) are not allowed");
    CHECK(took < std::chrono::seconds(1));
  }
}

TEST_CASE("load refuses nesting deeper than max_depth", "[doc][load]") {
  SECTION("10000 nested flow lists") {
    const std::string deep = std::string(10000, '[') + std::string(10000, ']') + "\n";
    const auto start = std::chrono::steady_clock::now();
    const Finding f = refusal(deep);
    CHECK(std::chrono::steady_clock::now() - start < std::chrono::seconds(2));
    check_at(f, "yaml-too-deep", 1, 33);
    CHECK(f.message == "values are nested more than 32 levels deep");
    CHECK(f.hint == "records are shallow; check the indentation");
  }
  SECTION("10000 nested flow mappings") {
    std::string deep;
    for (int i = 0; i < 10000; ++i) deep += "{a: ";
    deep += "1" + std::string(10000, '}') + "\n";
    check_at(refusal(deep), "yaml-too-deep", 1, 129);  // the 33rd "{a: "
  }
  SECTION("block mappings") {
    std::string deep;
    for (int i = 0; i < 40; ++i) deep += std::string(static_cast<std::size_t>(i), ' ') + "k:\n";
    deep += std::string(40, ' ') + "x\n";
    // The 33rd mapping starts at the key on line 33, indented 32.
    check_at(refusal(deep), "yaml-too-deep", 33, 33);
  }
  SECTION("a smaller limit") {
    LoadLimits shallow;
    shallow.max_depth = 2;
    CHECK(load("t.yaml", "a:\n  b: 1\n", shallow).clean());
    const LoadResult r = load("t.yaml", "a:\n  b:\n    c: 1\n", shallow);
    REQUIRE(r.findings.items().size() == 1);
    check_at(r.findings.items()[0], "yaml-too-deep", 3, 5);
    CHECK(r.findings.items()[0].message == "values are nested more than 2 levels deep");
  }
}

TEST_CASE("load caps the number of values", "[doc][load]") {
  LoadLimits few;
  few.max_nodes = 5;
  CHECK(load("t.yaml", "[1, 2, 3, 4]\n", few).clean());  // the list and four items
  const LoadResult r = load("t.yaml", "[1, 2, 3, 4, 5]\n", few);
  CHECK_FALSE(r.document);
  REQUIRE(r.findings.items().size() == 1);
  check_at(r.findings.items()[0], "yaml-too-many-nodes", 1, 14);
  CHECK(r.findings.items()[0].message == "more than 5 values in one file");
}

TEST_CASE("load refuses explicit tags", "[doc][load]") {
  SECTION("!!str") {
    const Finding f = refusal("code: !!str 0012\n");
    check_at(f, "yaml-tag", 1, 7);
    CHECK(f.message == "explicit tags (!!str) are not allowed");
    CHECK(f.hint == "remove the tag; quote the value if it must be text");
  }
  SECTION("a local tag") {
    const Finding f = refusal("a: 1\nb: !custom x\n");
    check_at(f, "yaml-tag", 2, 4);
    CHECK(f.message == "explicit tags (!custom) are not allowed");
  }
  SECTION("on a mapping") {
    CHECK(refusal("a: !!map\n  b: 1\n").code == "yaml-tag");
  }
}

TEST_CASE("load refuses keys that are not text", "[doc][load]") {
  SECTION("a flow list as key") {
    const Finding f = refusal("[a, b]: 1\n");
    check_at(f, "yaml-complex-key", 1, 1);
    CHECK(f.message == "a key must be text, not a list or mapping");
    CHECK(f.hint == "write keys as plain words: `name: value`");
  }
  SECTION("an explicit mapping key") {
    check_at(refusal("a: 1\n? {b: 1}\n: 2\n"), "yaml-complex-key", 2, 3);
  }
  SECTION("null keys") {
    for (const char* text : {"~: 1\n", "null: 1\n", ": 1\n", "a: 1\nNULL: 2\n"}) {
      INFO(text);
      const Finding f = refusal(text);
      CHECK(f.code == "yaml-complex-key");
      CHECK(f.message == "a key must be text, not null");
    }
  }
  SECTION("a quoted null is text") {
    CHECK(loaded("'null': 1\n'~': 2\n").entries().size() == 2);
  }
}

TEST_CASE("load reports duplicate keys and keeps going", "[doc][load]") {
  const LoadResult r = load("t.yaml", "a: 1\nb: 2\na:\n  deep: [1, 2]\nc: 4\n");
  REQUIRE(r.document);
  CHECK_FALSE(r.clean());
  REQUIRE(r.findings.items().size() == 1);
  const Finding& f = r.findings.items()[0];
  CHECK(f.where.path == "t.yaml");
  check_at(f, "yaml-duplicate-key", 3, 1);
  CHECK(f.message == "duplicate key 'a' (first at line 1)");
  CHECK(f.hint == "keep one of the two; other YAML readers disagree on which one wins");

  const Node& root = r.document->root;
  REQUIRE(root.entries().size() == 3);
  CHECK(root.find("a")->as_int() == 1);  // the first value is kept
  CHECK(root.find("b")->as_int() == 2);
  CHECK(root.find("c")->as_int() == 4);  // keys after the duplicate still load
  CHECK(root.key_mark("c").line == 5);
}

TEST_CASE("load reports every duplicate key, nested ones too", "[doc][load]") {
  const LoadResult r =
    load("t.yaml", "leader:\n  name: 张三\n  name: 李四\nnote: x\nnote: y\n'note': z\n");
  REQUIRE(r.document);
  REQUIRE(r.findings.items().size() == 3);
  check_at(r.findings.items()[0], "yaml-duplicate-key", 3, 3);
  CHECK(r.findings.items()[0].message == "duplicate key 'name' (first at line 2)");
  check_at(r.findings.items()[1], "yaml-duplicate-key", 5, 1);
  check_at(r.findings.items()[2], "yaml-duplicate-key", 6, 1);
  CHECK(r.findings.items()[2].message == "duplicate key 'note' (first at line 4)");
  CHECK(r.document->root.find("leader")->get_string("name") == "张三");
  CHECK(r.document->root.get_string("note") == "x");
}

TEST_CASE("load refuses a quoted string left open at the end of the file", "[doc][load]") {
  for (const char* text : {"a: 'abc", "a: \"abc", "a: 'abc\n", "a: \"abc\n", "a: \"abc\nb: 1\n",
                           "a: 'it''s\n"}) {
    INFO(text);
    const Finding f = refusal(text);
    CHECK(f.code == "yaml-syntax");
    CHECK(f.where.line == 1);
    CHECK(f.where.column >= 4);
  }
  const Finding f = refusal("a: 1\nb: \"open\n");
  check_at(f, "yaml-syntax", 2, 4);
  CHECK(f.message == "YAML syntax: a quoted string is not closed");
  CHECK(f.hint == "add the closing quote");
  // Closed ones, with escapes and doubled quotes, are fine.
  CHECK(loaded("a: 'it''s'\n").get_string("a") == "it's");
  CHECK(loaded("a: \"say \\\"hi\\\"\"\n").get_string("a") == "say \"hi\"");
  CHECK(loaded("a: \"back\\\\\"\n").get_string("a") == "back\\");
}

TEST_CASE("load locates syntax errors", "[doc][load]") {
  SECTION("an unclosed flow list") {
    const Finding f = refusal("a: [1, 2\nb: 3\n");
    check_at(f, "yaml-syntax", 2, 2);
    CHECK(f.message == "YAML syntax: a list opened with [ is not closed");
    CHECK(f.hint == "add the missing ] (or a missing quote) on or above this line");
  }
  SECTION("a value after a value") {
    const Finding f = refusal("name: 槐阳镇\nlevel: a: b\n");
    check_at(f, "yaml-syntax", 2, 9);
    CHECK(f.message == "YAML syntax: a ':' where no value can start");
    CHECK(f.hint == "check the indentation: a key must line up with the keys beside it");
  }
  SECTION("bad indentation") {
    const Finding f = refusal("a:\n  b: 1\n c: 2\n");
    CHECK(f.code == "yaml-syntax");
    CHECK(f.where.line == 3);
  }
}

TEST_CASE("load resolves plain scalars by the YAML 1.2 core schema", "[doc][load]") {
  CHECK(scalar("true").kind() == Kind::boolean);
  CHECK(scalar("true").as_bool());
  CHECK(scalar("True").as_bool());
  CHECK(scalar("TRUE").as_bool());
  CHECK(scalar("false").kind() == Kind::boolean);
  CHECK_FALSE(scalar("false").as_bool());
  CHECK(scalar("FALSE").kind() == Kind::boolean);

  for (const char* s : {"null", "Null", "NULL", "~", ""}) {
    INFO(s);
    CHECK(scalar(s).is_null());
  }

  CHECK(scalar("0").as_int() == 0);
  CHECK(scalar("42").as_int() == 42);
  CHECK(scalar("-17").as_int() == -17);
  CHECK(scalar("+5").as_int() == 5);
  CHECK(scalar("0012").kind() == Kind::integer);  // 1.2: decimal, not octal
  CHECK(scalar("0012").as_int() == 12);
  CHECK(scalar("0o17").kind() == Kind::integer);
  CHECK(scalar("0o17").as_int() == 15);
  CHECK(scalar("0x1F").as_int() == 31);
  CHECK(scalar("0x1f").as_int() == 31);
  CHECK(scalar("9223372036854775807").as_int() == INT64_MAX);

  CHECK(scalar(".5").kind() == Kind::real);
  CHECK(scalar(".5").as_real() == 0.5);
  CHECK(scalar("1e3").kind() == Kind::real);
  CHECK(scalar("1e3").as_real() == 1000.0);
  CHECK(scalar("-2.5E-1").as_real() == -0.25);
  CHECK(scalar("3.").as_real() == 3.0);
  CHECK(scalar(".inf").as_real() == HUGE_VAL);
  CHECK(scalar("-.Inf").as_real() == -HUGE_VAL);
  CHECK(scalar("+.INF").as_real() == HUGE_VAL);
  CHECK(std::isnan(scalar(".nan").as_real()));
  CHECK(std::isnan(scalar(".NaN").as_real()));
  // Too large for an integer: a number all the same.
  CHECK(scalar("99999999999999999999").kind() == Kind::real);
}

TEST_CASE("load keeps YAML 1.1 look-alikes as strings", "[doc][load]") {
  for (const char* s : {"yes", "no", "on", "off", "Yes", "y", "n", "2024-03-15", "12:30", "1:20:30",
                        "0b101", "0o8", "0xG", "1_000", "0311-8888", "13800138000x", ".", "-x",
                        "1e", "e3", "+.nan", "nan", "inf", "tRUE", "nULL", "0x", "1.2.3"}) {
    INFO(s);
    const Node n = scalar(s);
    CHECK(n.kind() == Kind::string);
    CHECK(n.as_string() == s);
  }
}

TEST_CASE("load keeps every quoted scalar a string", "[doc][load]") {
  for (const char* q : {"'0012'", "\"0012\"", "'true'", "'null'", "'~'", "''", "'1e3'", "\"0x1F\""}) {
    INFO(q);
    CHECK(scalar(q).kind() == Kind::string);
  }
  CHECK(scalar("'0012'").as_string() == "0012");
  CHECK(scalar("''").as_string() == "");
  CHECK(scalar("|\n  0012\n").as_string() == "0012\n");  // block scalars too
  CHECK(scalar(">-\n  true\n").as_string() == "true");
}

TEST_CASE("load decodes every escape of a double-quoted string to UTF-8", "[doc][load]") {
  // \N and \_ are U+0085 and U+00A0 in UTF-8, not the single bytes 0x85 and 0xA0.
  CHECK(scalar("\"a\\Nb\\_c\"").as_string() == "a\xC2\x85" "b\xC2\xA0" "c");
  CHECK(scalar("\"\\x85\\u00A0\\L\\P\"").as_string() ==
        "\xC2\x85\xC2\xA0\xE2\x80\xA8\xE2\x80\xA9");
  CHECK(scalar("\"\\t\\n\\\\\\\"\\x41\\u69D0\\U0001F525\"").as_string() ==
        "\t\n\\\"A槐\xF0\x9F\x94\xA5");
  const Node root = loaded("\"k\\N\": 1\n");
  CHECK(root.entries()[0].key == "k\xC2\x85");
}

TEST_CASE("load tolerates a byte order mark", "[doc][load]") {
  const Node root = loaded("\xEF\xBB\xBFlevel: county\nname: 元氏县\n");
  CHECK(root.get_string("level") == "county");
  CHECK(root.get_string("name") == "元氏县");
  CHECK(root.key_mark("name").line == 2);
  CHECK(root.key_mark("name").column == 1);
  // On the BOM's own line the BOM counts as a character, as it does for NUL and UTF-8
  // findings (text::line_column_at), so a caret under the column lands on the key.
  CHECK(root.key_mark("level").line == 1);
  CHECK(root.key_mark("level").column == 2);
}

TEST_CASE("load reads CRLF line endings", "[doc][load]") {
  const Node root = loaded("level: village\r\nname: 东关村\r\nnote: |\r\n  a\r\n  b\r\n");
  CHECK(root.get_string("level") == "village");  // no \r left on values
  CHECK(root.get_string("name") == "东关村");
  CHECK(root.get_string("note") == "a\nb\n");
  CHECK(root.key_mark("name").line == 2);
  CHECK(root.key_mark("name").column == 1);
  CHECK(root.find("name")->mark().column == 7);
  const Finding f = refusal("a: 1\r\nb: [\r\n");
  CHECK(f.code == "yaml-syntax");
  CHECK(f.where.line >= 2);
}

TEST_CASE("load accepts any kind of root but null", "[doc][load]") {
  CHECK(loaded("[1, 2]\n").is_sequence());
  CHECK(loaded("- a\n- b\n").items().size() == 2);
  CHECK(loaded("just text\n").as_string() == "just text");
  CHECK(loaded("{}\n").is_mapping());
  CHECK(loaded("[]\n").is_sequence());
}

TEST_CASE("load puts an empty value where the next token starts", "[doc][load]") {
  // As yaml-cpp did: a null in a block collection is marked at what follows it.
  SECTION("a key with no value, then the next key") {
    const Node root = loaded("a:\nb: 1\n");
    CHECK(root.find("a")->is_null());
    CHECK(root.find("a")->mark().line == 2);
    CHECK(root.find("a")->mark().column == 1);
  }
  SECTION("past a comment and blank lines") {
    const Node root = loaded("x:\n  a: # none\n\n  # c\n  b: 2\n");
    const Node* a = root.find("x")->find("a");
    CHECK(a->mark().line == 5);
    CHECK(a->mark().column == 3);
  }
  SECTION("at the end of the file") {
    CHECK(loaded("a: 1\nb:\n").find("b")->mark().line == 3);
    CHECK(loaded("a: 1\nb:\n").find("b")->mark().column == 1);
    CHECK(loaded("a: 1\nb:").find("b")->mark().column == 3);
  }
  SECTION("empty list items") {
    const Node root = loaded("k:\n  - \n  -\nz: 1\n");
    const auto& items = root.find("k")->items();
    REQUIRE(items.size() == 2);
    CHECK(items[0].is_null());
    CHECK(items[0].mark().line == 3);
    CHECK(items[0].mark().column == 3);
    CHECK(items[1].mark().line == 4);
    CHECK(items[1].mark().column == 1);
  }
  SECTION("in a flow mapping, at the comma") {
    const Node root = loaded("{a: , b: 1}\n");
    CHECK(root.find("a")->is_null());
    CHECK(root.find("a")->mark().column == 5);
  }
  SECTION("CRLF is a line break, a lone CR is text") {
    CHECK(loaded("a:\r\n  \r\nb: 1\r\n").find("a")->mark().line == 3);
    CHECK(loaded("a:\n\r  b: 1\n").find("a")->mark().column == 1);
  }
  SECTION("after Chinese text") {
    const Node root = loaded("名称:\n负责人: 张三\n");
    CHECK(root.find("名称")->mark().line == 2);
    CHECK(root.find("名称")->mark().column == 1);
  }
}

TEST_CASE("load reads tabs where YAML allows them", "[doc][load]") {
  CHECK(loaded("a:\tb\n").get_string("a") == "b");
  CHECK(loaded("a: 1\t# comment\n").find("a")->as_int() == 1);
  CHECK(loaded("a: b\tc\n").get_string("a") == "b\tc");
  CHECK(loaded("a: \"x\ty\"\n").get_string("a") == "x\ty");
  CHECK(loaded("a: [1,\t2]\n").find("a")->items().size() == 2);
  CHECK(loaded("a: 1 \t\n").find("a")->as_int() == 1);
}

TEST_CASE("load refuses a tab that indents", "[doc][load]") {
  SECTION("a key indented with a tab") {
    const Finding f = refusal("a:\n\tb: 1\n");
    check_at(f, "yaml-syntax", 2, 1);
    CHECK(f.message == "YAML syntax: a tab where YAML takes only spaces");
    CHECK(f.hint == "indent with spaces, and put a space, not a tab, after '- '");
  }
  SECTION("a block scalar's lines") {
    check_at(refusal("a: |\n\tx\n"), "yaml-syntax", 2, 1);
  }
  SECTION("after a list item's dash (yaml-cpp took it)") {
    check_at(refusal("- \ta\n"), "yaml-syntax", 1, 3);
  }
}

TEST_CASE("load reads the %YAML directive", "[doc][load]") {
  CHECK(loaded("%YAML 1.1\n---\na: 1\n").find("a")->as_int() == 1);
  CHECK(loaded("%YAML 1.2\n---\na: 1\n").find("a")->as_int() == 1);
  CHECK(loaded("%YAML 1.2\n--- # c\na: 1\n").key_mark("a").line == 3);
  SECTION("another major version") {
    const Finding f = refusal("%YAML 2.0\n---\na: 1\n");
    check_at(f, "yaml-syntax", 1, 1);
  }
  SECTION("a directive with no document after it is an empty file") {
    check_at(refusal("%YAML 1.2\n"), "yaml-empty", 0, 0);
    check_at(refusal("...\n"), "yaml-empty", 0, 0);
    check_at(refusal("%YAML 1.2\n---\n...\n"), "yaml-empty", 0, 0);
  }
}

TEST_CASE("load reads a byte order mark before a document marker", "[doc][load]") {
  const Node root = loaded("\xEF\xBB\xBF---\na: 1\n");
  CHECK(root.key_mark("a").line == 2);
  CHECK(root.key_mark("a").column == 1);
}

TEST_CASE("load reads CRLF in every kind of value", "[doc][load]") {
  const Node root = loaded("a:\r\nb: [1, 2]\r\nc: \"x\r\n  y\"\r\nd: one\r\n  two\r\ne: >\r\n  f\r\n  g\r\n");
  CHECK(root.find("a")->is_null());
  CHECK(root.find("a")->mark().line == 2);
  CHECK(root.find("b")->items().size() == 2);
  CHECK(root.get_string("c") == "x y");
  CHECK(root.get_string("d") == "one two");
  CHECK(root.get_string("e") == "f g\n");
  CHECK(root.key_mark("e").line == 7);
}

TEST_CASE("load reads flow collections with their marks", "[doc][load]") {
  const Node root = loaded("a: {b: 1, c: [x, 'y'], d: {e: f}}\n列表: [甲, 乙]\n");
  const Node& a = *root.find("a");
  REQUIRE(a.is_mapping());
  CHECK(a.mark().column == 4);
  CHECK(a.key_mark("c").column == 11);
  const Node& c = *a.find("c");
  CHECK(c.mark().column == 14);
  CHECK(c.items()[1].as_string() == "y");
  CHECK(c.items()[1].mark().column == 18);
  CHECK(a.find("d")->get_string("e") == "f");
  const Node& list = *root.find("列表");
  CHECK(list.mark().column == 5);
  CHECK(list.items()[1].mark().column == 9);
  CHECK(loaded("a: [1, 2,]\n").find("a")->items().size() == 2);
  CHECK(loaded("a: {b: 1,}\n").find("a")->entries().size() == 1);
  CHECK(loaded("a: [\n  1,\n  2\n]\n").find("a")->items()[1].mark().line == 3);
  CHECK(loaded("{\"a\": 1}\n").find("a")->as_int() == 1);
}

TEST_CASE("load locates unclosed flow collections", "[doc][load]") {
  SECTION("a mapping") {
    const Finding f = refusal("a: {b: 1\nc: 2\n");
    check_at(f, "yaml-syntax", 2, 2);
    CHECK(f.message == "YAML syntax: a mapping opened with { is not closed");
  }
  SECTION("a list after Chinese text") {
    const Finding f = refusal("名称: [槐阳镇\n");
    check_at(f, "yaml-syntax", 1, 9);
    CHECK(f.message == "YAML syntax: a list opened with [ is not closed");
  }
  SECTION("at the end of the file") {
    const Finding f = refusal("level: township\nname: [\n");
    check_at(f, "yaml-syntax", 2, 8);
    CHECK(f.message == "YAML syntax: a list opened with [ is not closed");
    CHECK(refusal("a: [1,\n").message == "YAML syntax: a list opened with [ is not closed");
    CHECK(refusal("a: {b: 1,").message == "YAML syntax: a mapping opened with { is not closed");
    CHECK(refusal("a: {b:").message == "YAML syntax: a mapping opened with { is not closed");
  }
  SECTION("100000 brackets stop at the depth cap") {
    check_at(refusal(std::string(100000, '[') + "\n"), "yaml-too-deep", 1, 33);
  }
}

TEST_CASE("load folds multi-line plain and quoted scalars", "[doc][load]") {
  const Node root = loaded("a: one\n  two\n  three\nb: one\n\n  two\nc: 名称\n  负责人\nd: 'x\n\n  y'\n");
  CHECK(root.get_string("a") == "one two three");
  CHECK(root.get_string("b") == "one\ntwo");
  CHECK(root.get_string("c") == "名称 负责人");
  CHECK(root.get_string("d") == "x\ny");
  CHECK(root.key_mark("b").line == 4);
  CHECK(root.key_mark("c").line == 7);
  CHECK(loaded("- a\n  b\n").items()[0].as_string() == "a b");
}

TEST_CASE("load reads block scalars", "[doc][load]") {
  const Node root = loaded("a: |\n  x\n  y\nb: >\n  x\n  y\nc: |-\n  x\nd: |+\n  x\n\ne: |2\n   x\nf: | # c\n  x\ng: |\nh: >\n\n  x\n\n  y\n");
  CHECK(root.get_string("a") == "x\ny\n");
  CHECK(root.get_string("b") == "x y\n");
  CHECK(root.get_string("c") == "x");
  CHECK(root.get_string("d") == "x\n\n");
  CHECK(root.get_string("e") == " x\n");
  CHECK(root.get_string("f") == "x\n");
  CHECK(root.find("g")->is_string());
  CHECK(root.get_string("g") == "");
  CHECK(root.get_string("h") == "\nx\ny\n");
  CHECK(root.find("a")->mark().line == 1);
  CHECK(root.find("a")->mark().column == 4);  // at the |
  CHECK(loaded("名称: |\n  槐阳镇\n下: 1\n").find("名称")->mark().column == 5);
  check_at(refusal("a: |\n  x\n y\n"), "yaml-syntax", 3, 2);
  check_at(refusal("a: |x\n"), "yaml-syntax", 1, 5);
}

TEST_CASE("load finds duplicates among many keys", "[doc][load]") {
  std::string text;
  for (int i = 0; i < 40; ++i) text += "k" + std::to_string(i) + ": " + std::to_string(i) + "\n";
  text += "k7: x\nk39: y\n'k40': 1\nk40: 2\n";
  const LoadResult r = load("t.yaml", text);
  REQUIRE(r.document);
  REQUIRE(r.findings.items().size() == 3);
  check_at(r.findings.items()[0], "yaml-duplicate-key", 41, 1);
  CHECK(r.findings.items()[0].message == "duplicate key 'k7' (first at line 8)");
  CHECK(r.findings.items()[1].message == "duplicate key 'k39' (first at line 40)");
  CHECK(r.findings.items()[2].message == "duplicate key 'k40' (first at line 43)");
  CHECK(r.document->root.entries().size() == 41);
  CHECK(r.document->root.find("k7")->as_int() == 7);
}

TEST_CASE("load keeps a << key as a plain key", "[doc][load]") {
  const Node root = loaded("a: 1\n<<: {b: 2}\n");
  REQUIRE(root.entries().size() == 2);
  CHECK(root.entries()[1].key == "<<");
  CHECK(root.find("<<")->get_string("b") == "");
  CHECK(root.find("<<")->find("b")->as_int() == 2);
  CHECK_FALSE(root.find("b"));
  // The usual merge with an anchor and an alias is refused at the anchor.
  check_at(refusal("base: &b {x: 1}\nc:\n  <<: *b\n"), "yaml-anchor", 1, 7);
}

TEST_CASE("load refuses anchors and aliases anywhere", "[doc][load]") {
  check_at(refusal("*x : 1\n"), "yaml-alias", 1, 1);
  check_at(refusal("a: [*x]\n"), "yaml-alias", 1, 5);
  check_at(refusal("&x a: 1\n"), "yaml-anchor", 1, 1);
  check_at(refusal("a: &x\nb: 1\n"), "yaml-anchor", 1, 4);
  check_at(refusal("a: !!str &x 1\n"), "yaml-anchor", 1, 4);
  check_at(refusal("a: &\n"), "yaml-syntax", 1, 5);
  CHECK(refusal("a: &x !!str 1\n").message == "anchors (&x) are not allowed");
}

TEST_CASE("load takes the non-specific tag ! as text", "[doc][load]") {
  CHECK(scalar("! 12").kind() == Kind::string);
  CHECK(scalar("! 12").as_string() == "12");
  CHECK(scalar("! null").as_string() == "null");
  CHECK(loaded("! null: 1\n").find("null")->as_int() == 1);
  CHECK(refusal("a: !<tag:yaml.org,2002:int> 1\n").message == "explicit tags (!!int) are not allowed");
}

TEST_CASE("load keeps control characters and odd line breaks as text", "[doc][load]") {
  // yaml-cpp took every character but NUL as text; libyaml refuses control characters and
  // ends lines at CR, NEL, LS and PS. They stand in for the parse and come back.
  CHECK(scalar("x\x01y").as_string() == "x\x01y");
  CHECK(scalar("x\x0Cy").as_string() == "x\x0Cy");
  CHECK(scalar("\"x\x7Fy\"").as_string() == "x\x7Fy");
  CHECK(scalar("x\ry").as_string() == "x\ry");
  CHECK(scalar("\"x\ry\"").as_string() == "x\ry");
  CHECK(scalar("x\xC2\x85y").as_string() == "x\xC2\x85y");          // NEL
  CHECK(scalar("x\xE2\x80\xA8y").as_string() == "x\xE2\x80\xA8y");  // LS
  CHECK(scalar("'x\xE2\x80\xA9y'").as_string() == "x\xE2\x80\xA9y");  // PS
  CHECK(scalar("x\xEF\xBB\xBFy").as_string() == "x\xEF\xBB\xBFy");  // U+FEFF
  CHECK(scalar("x\xEF\xBF\xBEy").as_string() == "x\xEF\xBF\xBEy");  // U+FFFE
  CHECK(scalar("|\n  x\x07y\n").as_string() == "x\x07y\n");
  // In keys and comments too; marks still count one character each.
  const Node root = loaded("a\x0B: 1 # \xE2\x80\xA8 c\nb: x\x1B\n");
  CHECK(root.find("a\x0B")->as_int() == 1);
  CHECK(root.key_mark("b").line == 2);
  CHECK(root.find("b")->mark().column == 4);
  CHECK(root.get_string("b") == "x\x1B");
  // A lone CR does not end a line: the same refusal as before.
  check_at(refusal("a: 1\rb: 2\r"), "yaml-syntax", 1, 7);
  // A file that could write a stand-in itself is parsed as it is.
  CHECK(refusal("a: \"\\U0010FE01\"\nb: x\x01\n").code == "yaml-syntax");
}

TEST_CASE("load refuses text after the root value ends", "[doc][load]") {
  // yaml-cpp read the first value and dropped the rest of the file without a word.
  SECTION("a less indented key") {
    const Finding f = refusal("  a: 1\nb: 2\n");
    check_at(f, "yaml-syntax", 2, 1);
    CHECK(f.message == "YAML syntax: the indentation does not match the lines above");
  }
  SECTION("a key after a list") { check_at(refusal("- a\nb: 1\n"), "yaml-syntax", 2, 1); }
  SECTION("a line without a colon") {
    const Finding f = refusal("a: one\ntwo\n");
    check_at(f, "yaml-syntax", 2, 1);
    CHECK(f.message == "YAML syntax: a line without ':' where a key is expected");
    CHECK(f.hint == "write `key: value`; text that continues the value above is indented under it");
    check_at(refusal("name: 槐阳镇\nregistered:'2026-06-17'\n"), "yaml-syntax", 2, 1);
  }
  SECTION("a % line in the middle") { check_at(refusal("a: 1\n%b: 2\n"), "yaml-syntax", 2, 3); }
}

TEST_CASE("load counts a long key in characters", "[doc][load]") {
  std::string key;
  for (int i = 0; i < 600; ++i) key += "槐";  // 600 characters, 1800 bytes
  CHECK(loaded(key + ": 1\n").find(key)->as_int() == 1);
  CHECK(refusal(std::string(1100, 'k') + ": 1\n").code == "yaml-syntax");
}

TEST_CASE("load locates bad escapes and unclosed quotes", "[doc][load]") {
  const Finding f = refusal("a: \"\\q\"\n");
  check_at(f, "yaml-syntax", 1, 5);
  CHECK(f.message == "YAML syntax: found unknown escape character (while parsing a quoted scalar)");
  check_at(refusal("a: \"\\uD800\"\n"), "yaml-syntax", 1, 7);
  check_at(refusal("a: 'abc"), "yaml-syntax", 1, 4);
  check_at(refusal("名称: \"槐阳镇\n"), "yaml-syntax", 1, 5);
  check_at(refusal("a: 'x\n...\n"), "yaml-syntax", 1, 4);
}

TEST_CASE("load refuses null keys written in any way", "[doc][load]") {
  for (const char* text : {"{: 1}\n", "? \n: 1\n", "a: 1\nNull: 2\n"}) {
    INFO(text);
    const Finding f = refusal(text);
    CHECK(f.code == "yaml-complex-key");
    CHECK(f.message == "a key must be text, not null");
  }
  check_at(refusal(": 1\n"), "yaml-complex-key", 1, 1);
  CHECK(loaded("true: 1\n1: 2\n1.5: 3\n").entries()[2].key == "1.5");
}
