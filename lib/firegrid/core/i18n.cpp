#include <firegrid/core/i18n.hpp>

#include <nlohmann/json.hpp>

#include <cstdlib>
#include <mutex>
#include <string>
#include <unordered_map>

namespace firegrid {

namespace {

Language g_language = Language::zh;
LanguageSource g_language_source = LanguageSource::fallback;

using Catalogue = std::unordered_map<std::string, std::string>;

// The catalogues are YAML restricted to one `"id": "text"` pair a line, both double-quoted
// with JSON's escapes (so each line is read as a JSON object member); `#` lines are comments.
Catalogue parse_catalogue(std::string_view text) {
  Catalogue out;
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t end = text.find('\n', pos);
    if (end == std::string_view::npos) end = text.size();
    std::string_view line = text.substr(pos, end - pos);
    pos = end + 1;
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.remove_suffix(1);
    if (line.empty() || line.front() != '"') continue;
    try {
      const auto j = nlohmann::json::parse("{" + std::string(line) + "}");
      for (const auto& [k, v] : j.items())
        if (v.is_string()) out[k] = v.get<std::string>();
    } catch (const nlohmann::json::exception&) {
      // A malformed line is skipped; tests/i18n/check_messages.py refuses it.
    }
  }
  return out;
}

const Catalogue& catalogue(Language lang) {
  static std::once_flag once;
  static Catalogue zh, en;
  std::call_once(once, [] {
    zh = parse_catalogue(i18n::embedded_catalogue(Language::zh));
    en = parse_catalogue(i18n::embedded_catalogue(Language::en));
  });
  return lang == Language::zh ? zh : en;
}

bool starts_with_ci(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

Language language() { return g_language; }
LanguageSource language_source() { return g_language_source; }
void set_language(Language lang) { g_language = lang; }
void set_language(Language lang, LanguageSource source) {
  g_language = lang;
  g_language_source = source;
}
const char* language_tag(Language lang) { return lang == Language::zh ? "zh-CN" : "en"; }

std::optional<Language> parse_language(std::string_view value) {
  if (starts_with_ci(value, "zh") || starts_with_ci(value, "chinese")) return Language::zh;
  if (starts_with_ci(value, "en")) return Language::en;
  return std::nullopt;
}

std::optional<Language> language_from_env(const char* (*get)(const char*)) {
  auto env = [get](const char* name) -> std::string_view {
    const char* v = get ? get(name) : std::getenv(name);
    return v ? std::string_view(v) : std::string_view();
  };
  if (const auto v = env("FIREGRID_LANG"); !v.empty()) {
    if (const auto l = parse_language(v)) return l;
  }
  for (const char* name : {"LC_ALL", "LC_MESSAGES", "LANG"}) {
    const std::string_view v = env(name);
    if (v.empty()) continue;
    if (v == "C" || v == "POSIX" || starts_with_ci(v, "c.")) continue;  // C.UTF-8: no language said
    return starts_with_ci(v, "zh") ? Language::zh : Language::en;
  }
  return std::nullopt;
}

const std::string& tr(std::string_view id, Language lang) {
  const Catalogue& c = catalogue(lang);
  if (const auto it = c.find(std::string(id)); it != c.end()) return it->second;
  // Not in the catalogue: the id itself, kept so the reference stays valid.
  static std::mutex m;
  static std::unordered_map<std::string, std::string> ids;
  const std::lock_guard<std::mutex> lock(m);
  return ids.try_emplace(std::string(id), std::string(id)).first->second;
}

const std::string& tr(std::string_view id) { return tr(id, g_language); }

namespace i18n {
std::size_t catalogue_size(Language lang) { return catalogue(lang).size(); }
}  // namespace i18n

}  // namespace firegrid
