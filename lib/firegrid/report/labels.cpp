// The report words, read from the catalogue file schemas/report-labels.yaml (compiled in):
// words: {key: {zh: ..., en: ...}}.
#include <firegrid/report/labels.hpp>

#include <firegrid/core/error.hpp>

namespace firegrid::report {

namespace {
constexpr const char* kLabelFile = "report-labels.yaml";
}

Lang parse_lang(const std::string& s) {
  if (s == "zh") return Lang::zh;
  if (s == "en") return Lang::en;
  throw Error("unknown language '" + s + "'", tr("use zh or en"));
}

Lang report_lang(const doc::Node& policy) {
  const doc::Node* report = policy.find("report");
  const std::string lang = report ? report->get_string("lang") : "";
  return lang.empty() ? Lang::zh : parse_lang(lang);
}

Labels::Labels(const schema::Catalog& catalog, Lang lang) : lang_(lang) {
  const doc::Node* root = catalog.data(kLabelFile);
  const doc::Node* words = root ? root->find("words") : nullptr;
  if (!words) throw Error(tr("the report words (schemas/report-labels.yaml) are missing"));
  const char* tongue = lang == Lang::zh ? "zh" : "en";
  for (const auto& e : words->entries()) {
    const std::string w = e.value.get_string(tongue);
    if (!w.empty()) words_[e.key] = w;
  }
}

std::string Labels::operator()(const std::string& key) const {
  const auto it = words_.find(key);
  return it == words_.end() ? key : it->second;
}

bool Labels::has(const std::string& key) const { return words_.count(key) != 0; }

}  // namespace firegrid::report
