// The one catalogue of words reports print: headings, figure and rate names, levels,
// categories, states and kinds, in Chinese and English (schemas/report-labels.yaml).
#pragma once

#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>

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

}  // namespace firegrid::report
