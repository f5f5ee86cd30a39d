// Placeholder until the catalogue lands (issue 7).
#include <firegrid/core/error.hpp>
#include <firegrid/report/labels.hpp>

namespace firegrid::report {

Lang parse_lang(const std::string& s) {
  if (s == "zh") return Lang::zh;
  if (s == "en") return Lang::en;
  throw Error("unknown language '" + s + "'", "use zh or en");
}

Lang report_lang(const doc::Node&) { return Lang::zh; }

Labels::Labels(const schema::Catalog&, Lang lang) : lang_(lang) {}

std::string Labels::operator()(const std::string& key) const {
  const auto it = words_.find(key);
  return it == words_.end() ? key : it->second;
}

bool Labels::has(const std::string& key) const { return words_.count(key) != 0; }

}  // namespace firegrid::report
