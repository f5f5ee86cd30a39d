#include <firegrid/unit/category.hpp>
#include <firegrid/unit/import.hpp>

#include <catch2/catch.hpp>

#include <fstream>
#include <set>
#include <sstream>
#include <string>

using namespace firegrid::unit;

namespace {

std::string format_md() {
  std::ifstream in(std::string(FIREGRID_SOURCE_DIR) + "/docs/format.md");
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

// The table row of docs/format.md's spreadsheet section that starts with "| key |".
std::string doc_row(const std::string& doc, const std::string& key) {
  const auto at = doc.find("\n| " + key + " |", doc.find("## Spreadsheets firegrid reads"));
  if (at == std::string::npos) return {};
  return doc.substr(at + 1, doc.find('\n', at + 1) - at - 1);
}

}  // namespace

TEST_CASE("find_category knows the words clerks use", "[category]") {
  for (const auto& [word, id] : {std::pair{"美容美发", "small-beauty-bath"}, std::pair{"KTV", "small-entertainment"},
                                 std::pair{"ktv", "small-entertainment"}, std::pair{"沿街商铺", "street-shop"},
                                 std::pair{"小作坊", "family-workshop"}, std::pair{"养老院", "key-unit"},
                                 std::pair{"小学", "small-school"}, std::pair{"超市", "small-shop"},
                                 std::pair{"small-shop", "small-shop"}, std::pair{"小商店", "small-shop"}}) {
    const Category* c = find_category(word);
    REQUIRE(c);
    CHECK(std::string(c->id) == id);
  }
  CHECK(find_category("便民小超市") == nullptr);
  for (const auto& w : category_words()) CHECK(find_category(w.word) == find_category(w.id));
}

TEST_CASE("nearest_category suggests the closest word", "[category]") {
  CHECK(nearest_category("便民小超市") == "小超市");
  CHECK(nearest_category("美发店") == "美发");
  CHECK(nearest_category("卡拉OK") == std::nullopt);
  CHECK(nearest_category("xyz") == std::nullopt);
  CHECK(nearest_category("") == std::nullopt);
}

TEST_CASE("docs/format.md lists every category word and every column header", "[category][docs]") {
  const std::string doc = format_md();
  for (const auto& c : categories()) {
    const std::string row = doc_row(doc, c.id);
    INFO(c.id);
    REQUIRE(!row.empty());
    for (const auto& w : category_words())
      if (std::string(w.id) == c.id) {
        INFO(w.word);
        CHECK(row.find(std::string(" ") + w.word) != std::string::npos);
      }
  }
  for (const auto& spec : import_columns()) {
    const std::string row = doc_row(doc, spec.field);
    INFO(spec.field);
    REQUIRE(!row.empty());
    for (const auto* list : {&spec.headers, &spec.also})
      for (const char* h : *list) {
        INFO(h);
        CHECK(row.find(h) != std::string::npos);
      }
  }
}
