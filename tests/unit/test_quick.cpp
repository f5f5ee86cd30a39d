// The compiled schemas (schema/quick.hpp) against valijson: when they call a record clean,
// the full validation finds nothing, on every record of the example county and on
// thousands of damaged copies; their patterns match what std::regex matches.
#include <firegrid/doc/load.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/schema/quick.hpp>

#include <catch2/catch.hpp>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
#include <random>
#include <regex>
#include <sstream>
#include <string>
#include <vector>

using firegrid::doc::Kind;
using firegrid::doc::Node;
using firegrid::schema::Catalog;
using firegrid::schema::Pattern;

namespace {

const Catalog& quick_catalog() {
  static const Catalog c;
  return c;
}

void collect_patterns(const Node& n, std::vector<std::string>& out) {
  if (n.is_mapping()) {
    for (const auto& e : n.entries()) {
      if (e.key == "pattern" && e.value.is_string()) out.push_back(e.value.as_string());
      collect_patterns(e.value, out);
    }
  } else if (n.is_sequence()) {
    for (const auto& i : n.items()) collect_patterns(i, out);
  }
}

void collect_strings(const Node& n, std::vector<std::string>& out) {
  if (n.is_string()) out.push_back(n.as_string());
  for (const auto& e : n.entries()) {
    out.push_back(e.key);
    collect_strings(e.value, out);
  }
  for (const auto& i : n.items()) collect_strings(i, out);
}

std::string read_whole(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The record files of the example county with their record type (by where they are filed).
struct ExampleRecord {
  std::string path, type;
  firegrid::doc::Document doc;
};

std::string type_of(const std::string& path) {
  const auto has = [&](const char* part) { return path.find(part) != std::string::npos; };
  if (has("/inspections/")) return "inspection";
  if (has("/hazards/")) return "hazard";
  if (has("/tips/")) return "tip";
  if (has("/meetings/")) return "meeting";
  if (has("/trainings/")) return "training";
  if (has("/attestations/")) return "attestation";
  if (has("/plans/")) return "plan";
  if (has("/units/")) return "unit";
  if (has("/calendar/")) return "calendar";
  if (path.size() >= 9 && path.compare(path.size() - 9, 9, "grid.yaml") == 0) return "grid";
  if (path.size() >= 13 && path.compare(path.size() - 13, 13, "firegrid.yaml") == 0) return "manifest";
  return "";
}

// Every `step`-th record file of the example county (all of the rarer kinds), loaded.
const std::vector<ExampleRecord>& example_records() {
  static const std::vector<ExampleRecord> records = [] {
    std::vector<ExampleRecord> out;
    const std::filesystem::path root = std::filesystem::path(FIREGRID_SOURCE_DIR) / "examples" / "yuanshi";
    std::vector<std::string> paths;
    for (auto it = std::filesystem::recursive_directory_iterator(root); it != std::filesystem::recursive_directory_iterator();
         ++it) {
      if (it->is_directory() && (it->path().filename() == ".git" || it->path().filename() == "schemas")) {
        it.disable_recursion_pending();
        continue;
      }
      if (it->is_regular_file() && it->path().extension() == ".yaml") paths.push_back(it->path().string());
    }
    std::sort(paths.begin(), paths.end());
    std::size_t n = 0;
    for (const auto& p : paths) {
      const std::string type = type_of(p);
      if (type.empty()) continue;
      if (type == "inspection" && n++ % 7 != 0) continue;
      auto loaded = firegrid::doc::load(p, read_whole(p));
      if (!loaded.clean()) continue;
      out.push_back({p, type, std::move(*loaded.document)});
    }
    return out;
  }();
  return records;
}

// Damaged copies of a tree: each node replaced by values of every kind and by strings near
// its own, each key removed, an unknown key added, a list's first item doubled, a list emptied.
void damage(Node& root, Node& n, const std::function<void()>& test) {
  const Node saved = n;
  const std::vector<Node> replacements = {
      Node::string("x"), Node::string(""), Node::integer(7), Node::integer(-1), Node::integer(0),
      Node::real(1.5), Node::boolean(true), Node::null(), Node::mapping(), Node::sequence(),
      Node::string("2026-02-30"), Node::string("2026-13-01"), Node::string("a\x01" "b"),
      Node::string("\xe2\x80\xae" "x"), Node::string(std::string(300, 'a'))};
  for (const auto& r : replacements) {
    n = r;
    test();
  }
  n = saved;
  if (n.is_string()) {
    for (const std::string& s : {n.as_string() + "!", n.as_string() + "0", n.as_string().substr(1),
                                 n.as_string() + " ", "_" + n.as_string()}) {
      n = Node::string(s);
      test();
    }
    n = saved;
  }
  if (n.is_mapping()) {
    for (std::size_t i = 0; i < n.entries().size(); ++i) {
      const Node copy = n;
      n.entries().erase(n.entries().begin() + static_cast<long>(i));
      test();
      n = copy;
    }
    n.set("zz-unknown", Node::string("x"));
    test();
    n = saved;
    for (auto& e : n.entries()) damage(root, e.value, test);
  } else if (n.is_sequence()) {
    if (!n.items().empty()) {
      n.push(Node(n.items().front()));
      test();
      n = saved;
      n.items().clear();
      test();
      n = saved;
    }
    for (auto& i : n.items()) damage(root, i, test);
  }
}

}  // namespace

TEST_CASE("compiled patterns match what std::regex matches", "[quick]") {
  std::vector<std::string> patterns;
  for (const auto& [name, text] : quick_catalog().files()) {
    auto loaded = firegrid::doc::load(name, text);
    REQUIRE(loaded.clean());
    collect_patterns(loaded.document->root, patterns);
  }
  REQUIRE(patterns.size() > 30);
  std::vector<std::string> samples = {"", "a", "-", "2026-11-28", "i-20261128-abc123", "u-abcd", "09:30", "24:00",
                                      "GB 35181-2017", "2026-W48", "2026-H2", "03-15", "1/2", "a,b", "a b", "中文"};
  {
    // The distinct strings of the example's records (ids, codes, dates, names ...).
    std::vector<std::string> all;
    for (const auto& r : example_records()) collect_strings(r.doc.root, all);
    std::sort(all.begin(), all.end());
    all.erase(std::unique(all.begin(), all.end()), all.end());
    for (std::size_t i = 0; i < all.size(); i += 1 + all.size() / 2000) samples.push_back(all[i]);
  }
  std::mt19937 rng(20261207);
  for (const auto& p : patterns) {
    INFO("pattern " << p);
    const auto compiled = Pattern::compile(p);
    REQUIRE(compiled);  // every pattern the schemas use is in the subset
    const std::regex re(p);
    // Random strings over the pattern's own characters and a few others.
    std::string alphabet = p + "aZ09-_/.:+= ,;\t\xe4\xb8\x80W";
    std::vector<std::string> tries = samples;
    for (int k = 0; k < 1000; ++k) {
      std::string s;
      const int len = static_cast<int>(rng() % 70);
      for (int i = 0; i < len; ++i) s.push_back(alphabet[rng() % alphabet.size()]);
      tries.push_back(s);
    }
    std::size_t differ = 0;
    for (const auto& s : tries)
      if (compiled->matches(s) != std::regex_search(s, re)) {
        if (differ++ == 0) UNSCOPED_INFO("first string that differs: '" << s << "'");
      }
    CHECK(differ == 0);
  }
}

TEST_CASE("patterns outside the subset are not compiled", "[quick]") {
  for (const char* p : {"abc", "^abc", "abc$", "^a.b$", "^(?:a)$", "^a{2}?$", "^a**$", "^[]$", "^\\bx$", "^a\\$",
                        "^[[:alpha:]]$", "^a{3,2}$", "^(a$", "^a)$"})
    CHECK_FALSE(Pattern::compile(p));
  const auto p = Pattern::compile("^([01][0-9]|2[0-3]):[0-5][0-9]$");
  REQUIRE(p);
  CHECK(p->matches("09:30"));
  CHECK(p->matches("23:59"));
  CHECK_FALSE(p->matches("24:00"));
  CHECK_FALSE(p->matches("9:30"));
}

TEST_CASE("the compiled schemas vouch for every record of the example county", "[quick]") {
  const Catalog& c = quick_catalog();
  std::size_t records = 0;
  for (const auto& r : example_records()) {
    INFO(r.path << " as " << r.type);
    if (!c.validate_fully(r.doc, r.type).empty()) continue;  // the example has no such record today
    CHECK(c.certainly_valid(r.doc.root, r.type));
    ++records;
  }
  CHECK(records > 5000);
}

TEST_CASE("a record the compiled schema calls clean has no finding, whatever is damaged", "[quick]") {
  const Catalog& c = quick_catalog();
  const auto types = c.types();
  std::size_t tested = 0, vouched = 0;
  std::size_t n = 0;
  for (const auto& r : example_records()) {
    // A few hundred records of the common kinds and every one of the rare ones is plenty.
    const std::size_t every = r.type == "inspection" ? 40 : r.type == "unit" ? 8 : r.type == "hazard" ? 3 : 1;
    if (n++ % every != 0) continue;
    firegrid::doc::Document d = r.doc;
    damage(d.root, d.root, [&] {
      ++tested;
      if (!c.certainly_valid(d.root, r.type)) return;
      ++vouched;
      const auto found = c.validate_fully(d, r.type);
      if (!found.empty()) {
        INFO(r.path << " as " << r.type << ": " << found.items().front().code << " " << found.items().front().message);
        FAIL("the compiled schema called a damaged record clean");
      }
    });
    // The record as every other type: mostly refused, never wrongly vouched for.
    for (const auto& t : types)
      if (c.certainly_valid(r.doc.root, t)) CHECK(c.validate_fully(r.doc, t).empty());
  }
  CHECK(tested > 50000);
  CHECK(vouched > 1000);  // damage that stays valid (a note changed) is still vouched for
}
