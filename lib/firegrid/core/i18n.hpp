// The language of the interface (docs/i18n.md): every message the program prints is
// made through tr() or msg(), keyed by its English source text (gettext's convention),
// and looked up in the catalogue of the language chosen (messages/<lang>.yaml, compiled in).
#pragma once

#include <fmt/format.h>

#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace firegrid {

enum class Language { zh, en };

// The language messages are made in (zh-CN until set_language is called).
Language language();
void set_language(Language lang);
const char* language_tag(Language lang);  // "zh-CN" or "en"

// "zh", "zh-CN", "zh_CN.UTF-8", "chinese"... -> zh; "en", "en_US.UTF-8"... -> en;
// anything else -> nullopt. Used for --lang, FIREGRID_LANG and the manifest's `lang`.
std::optional<Language> parse_language(std::string_view value);

// Which language the environment asks for: FIREGRID_LANG, then the first of LC_ALL,
// LC_MESSAGES, LANG that is set (zh* -> zh; C, POSIX, C.UTF-8 and empty fall through;
// any other value -> en). nullopt when nothing decides. `getenv` is injectable for tests.
std::optional<Language> language_from_env(const char* (*getenv)(const char*) = nullptr);

// Where the language came from, for `--lang` resolution order (docs/i18n.md).
enum class LanguageSource { option, env_firegrid, env_locale, manifest, fallback };
LanguageSource language_source();
void set_language(Language lang, LanguageSource source);

// Marks a message id kept in a table for scripts/i18n.py (gettext's N_): the id itself;
// the code translates it with tr() where it is shown.
constexpr const char* N_(const char* id) { return id; }

// The translation of message `id` (its English source text) in the current language;
// the id itself when the catalogue has none.
const std::string& tr(std::string_view id);
const std::string& tr(std::string_view id, Language lang);

// A translated fmt format string filled with `args` (a translation may reorder them with
// {0} {1}). A translation that does not fit its arguments falls back to the English id.
template <class... A>
std::string msg(std::string_view id, A&&... args) {
  try {
    return fmt::vformat(tr(id), fmt::make_format_args(args...));
  } catch (const fmt::format_error&) {
    return fmt::vformat(id, fmt::make_format_args(args...));
  }
}

namespace i18n {
// The compiled-in catalogue text of a language (generated from messages/*.yaml).
std::string_view embedded_catalogue(Language lang);
// Number of entries of a language's catalogue (tests).
std::size_t catalogue_size(Language lang);
}  // namespace i18n

}  // namespace firegrid
