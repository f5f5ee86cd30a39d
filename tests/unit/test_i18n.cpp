#include <firegrid/core/error.hpp>
#include <firegrid/core/i18n.hpp>

#include <catch2/catch.hpp>

#include <cstring>
#include <map>
#include <string>

using firegrid::Language;
using firegrid::language_from_env;
using firegrid::parse_language;

namespace {

// The language back to English (main.cpp's) whatever a test did.
struct EnglishAfter {
  ~EnglishAfter() { firegrid::set_language(Language::en); }
};

std::map<std::string, std::string> g_env;
const char* fake_getenv(const char* name) {
  const auto it = g_env.find(name);
  return it == g_env.end() ? nullptr : it->second.c_str();
}

}  // namespace

TEST_CASE("a language is parsed from its usual spellings", "[i18n]") {
  CHECK(parse_language("zh") == Language::zh);
  CHECK(parse_language("zh-CN") == Language::zh);
  CHECK(parse_language("zh_CN.UTF-8") == Language::zh);
  CHECK(parse_language("en") == Language::en);
  CHECK(parse_language("en_US.UTF-8") == Language::en);
  CHECK_FALSE(parse_language("fr"));
  CHECK_FALSE(parse_language(""));
}

TEST_CASE("the environment decides in order: FIREGRID_LANG, LC_ALL, LC_MESSAGES, LANG", "[i18n]") {
  g_env = {};
  CHECK_FALSE(language_from_env(fake_getenv));
  g_env = {{"LANG", "zh_CN.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::zh);
  g_env = {{"LANG", "en_US.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::en);
  g_env = {{"LANG", "de_DE.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::en);
  // C, POSIX and C.UTF-8 say no language: the next variable (or the manifest) decides.
  g_env = {{"LC_ALL", "C.UTF-8"}, {"LANG", "zh_CN.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::zh);
  g_env = {{"LC_ALL", "POSIX"}};
  CHECK_FALSE(language_from_env(fake_getenv));
  g_env = {{"LC_ALL", "en_US.UTF-8"}, {"LANG", "zh_CN.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::en);
  g_env = {{"LC_MESSAGES", "zh_CN.UTF-8"}, {"LANG", "en_US.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::zh);
  g_env = {{"FIREGRID_LANG", "en"}, {"LC_ALL", "zh_CN.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::en);
  g_env = {{"FIREGRID_LANG", "zh-CN"}, {"LANG", "en_US.UTF-8"}};
  CHECK(language_from_env(fake_getenv) == Language::zh);
  g_env = {};
}

TEST_CASE("messages are looked up in the language set and formatted", "[i18n]") {
  const EnglishAfter restore;
  CHECK(firegrid::i18n::catalogue_size(Language::zh) > 500);
  CHECK(firegrid::i18n::catalogue_size(Language::en) == firegrid::i18n::catalogue_size(Language::zh));
  firegrid::set_language(Language::en);
  CHECK(firegrid::msg("no unit {}", "u-1") == "no unit u-1");
  firegrid::set_language(Language::zh);
  CHECK(firegrid::msg("no unit {}", "u-1") == "找不到单位 u-1");
  CHECK(firegrid::tr("write YYYY-MM-DD") == "请写成 YYYY-MM-DD");
  // Reordered arguments ({1} before {0}).
  CHECK(firegrid::msg("item {} of {} is waived", "wiring", "i-1") == "i-1 的检查项 wiring 已豁免");
  // An English plural ending dropped with {1:.0}.
  CHECK(firegrid::msg("{} still holds {} grid{} below it", "槐阳镇", 2, "s") == "槐阳镇 之下还有 2 个网格");
  // Not in the catalogue: the id itself.
  CHECK(firegrid::tr("no such message, surely") == "no such message, surely");
  CHECK(firegrid::msg("no such {} message", 1) == "no such 1 message");
}

TEST_CASE("an error made in Chinese says so", "[i18n]") {
  const EnglishAfter restore;
  firegrid::set_language(Language::zh);
  const firegrid::InvalidRecord e("x", {});
  CHECK(e.hint() == "未写入任何内容；请改正后重新运行");
}
