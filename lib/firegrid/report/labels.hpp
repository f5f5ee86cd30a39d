// The one catalogue of words reports print: headings, figure and rate names, levels,
// categories, states and kinds, in Chinese and English (schemas/report-labels.yaml).
#pragma once

#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>

#include <fmt/format.h>

#include <map>
#include <string>

namespace firegrid::report {

enum class Lang { zh, en };
// "zh" or "en"; throws Error for another value.
Lang parse_lang(const std::string& s);
// The language of reports for a repo: policy.report.lang, "zh" when absent.
Lang report_lang(const doc::Node& policy);

class Labels {
public:
  Labels(const schema::Catalog& catalog, Lang lang);
  Lang lang() const { return lang_; }
  // The word for `key` ("figure.units.active", "heading.weekly", "level.township",
  // "category.nine-small"); a key the catalogue lacks comes back as itself, so a missing
  // word shows rather than vanishing.
  std::string operator()(const std::string& key) const;
  bool has(const std::string& key) const;

private:
  Lang lang_;
  std::map<std::string, std::string> words_;
};

// The catalogue's sentence `key` with its named fields filled (fmt::arg("count", 3)); a
// template the catalogue got wrong shows as written rather than failing the report.
template <typename... Args>
std::string say(const Labels& words, const std::string& key, Args&&... args) {
  try {
    return fmt::format(fmt::runtime(words(key)), std::forward<Args>(args)...);
  } catch (const fmt::format_error&) {
    return words(key);
  }
}

}  // namespace firegrid::report
