#include "support.hpp"

#include <firegrid/core/error.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/meeting/meeting.hpp>
#include <firegrid/report/labels.hpp>
#include <firegrid/report/rollup.hpp>
#include <firegrid/unit/category.hpp>

#include <catch2/catch.hpp>

namespace report = firegrid::report;

namespace {

// Every key a report may ask for.
std::vector<std::string> keys() {
  std::vector<std::string> k;
  for (const auto& id : report::figure_ids()) k.push_back("figure." + id);
  for (const auto& r : report::rates()) k.push_back("rate." + r.id);
  for (int l = 0; l <= 3; ++l) k.push_back(std::string("level.") + firegrid::grid::to_string(static_cast<firegrid::grid::Level>(l)));
  for (const auto& c : firegrid::unit::categories()) k.push_back(std::string("category.") + c.id);
  for (auto s : {firegrid::unit::Supervisor::fire_brigade, firegrid::unit::Supervisor::police_station})
    k.push_back(std::string("supervisor.") + firegrid::unit::to_string(s));
  for (const auto& kind : firegrid::inspect::kinds()) k.push_back(std::string("kind.") + kind.id);
  for (const auto& kind : firegrid::meeting::meeting_kinds()) k.push_back(std::string("meeting.") + kind.id);
  for (const auto& kind : firegrid::meeting::training_kinds()) k.push_back(std::string("training.") + kind.id);
  for (auto s : {firegrid::hazard::State::found, firegrid::hazard::State::fixed, firegrid::hazard::State::notified,
                 firegrid::hazard::State::reported, firegrid::hazard::State::closed, firegrid::hazard::State::reopened})
    k.push_back(std::string("state.") + firegrid::hazard::to_string(s));
  for (const char* h : {"weekly", "monthly", "half-year", "year-end", "report", "period", "as-of", "headline", "by-grid"})
    k.push_back(std::string("heading.") + h);
  return k;
}

}  // namespace

TEST_CASE("the catalogue has every word in Chinese and English", "[labels]") {
  const report::Labels zh(firegrid::test::catalog(), report::Lang::zh);
  const report::Labels en(firegrid::test::catalog(), report::Lang::en);
  for (const auto& key : keys()) {
    INFO(key);
    CHECK(zh.has(key));
    CHECK(en.has(key));
  }
  CHECK(zh("figure.units.active") == "在册单位场所");
  CHECK(en("figure.units.active") == "Active units");
}

TEST_CASE("a word the catalogue lacks shows as its key", "[labels]") {
  const report::Labels en(firegrid::test::catalog(), report::Lang::en);
  CHECK_FALSE(en.has("figure.no-such"));
  CHECK(en("figure.no-such") == "figure.no-such");
}

TEST_CASE("the report language comes from the policy, Chinese by default", "[labels]") {
  auto policy = firegrid::doc::Node::mapping();
  CHECK(report::report_lang(policy) == report::Lang::zh);
  auto rep = firegrid::doc::Node::mapping();
  rep.set("lang", firegrid::doc::Node::string("en"));
  policy.set("report", rep);
  CHECK(report::report_lang(policy) == report::Lang::en);
  CHECK(report::parse_lang("zh") == report::Lang::zh);
  CHECK_THROWS_AS(report::parse_lang("fr"), firegrid::Error);
}
