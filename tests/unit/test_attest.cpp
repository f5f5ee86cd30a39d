#include "support.hpp"

#include <firegrid/attest/attest.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/report/attest.hpp>

#include <catch2/catch.hpp>

namespace attest = firegrid::attest;

TEST_CASE("period_named reads the periods reports name", "[attest]") {
  const auto week = attest::period_named("2026-W44");
  REQUIRE(week);
  CHECK(week->first.iso() == "2026-10-26");
  CHECK(week->last.iso() == "2026-11-01");
  const auto month = attest::period_named("2026-10");
  REQUIRE(month);
  CHECK(month->last.iso() == "2026-10-31");
  CHECK(attest::period_named("2026-H2")->first.iso() == "2026-07-01");
  CHECK(attest::period_named("2026")->last.iso() == "2026-12-31");
  CHECK(attest::period_named("2026-W53"));  // 2026 has 53 ISO weeks
  CHECK_FALSE(attest::period_named("2025-W53"));
  CHECK_FALSE(attest::period_named("2026-13"));
  CHECK_FALSE(attest::period_named("2026-H3"));
  CHECK_FALSE(attest::period_named("26-10"));
}

// ---- report/attest: the figures against the records ----

namespace {

// 北苏村 with one key unit registered in January and one small shop registered on 11-05,
// a coordinator, and the attestation `figures` of 槐阳镇 on 2026-10-31.
firegrid::model::Repo attested(const std::string& figures) {
  auto disk = firegrid::test::one_village_county();
  disk.files["grid/100/201/grid.yaml"] =
    "level: village\nname: 北苏村\ncode: '130132100201'\ncoordinators:\n  - name: 张三\n";
  disk.files["grid/100/201/g01/units/u-aaaaaaaaaa/unit.yaml"] =
    "id: u-aaaaaaaaaa\nname: 槐阳商厦\ncategory: key-unit\naddress: 中街1号\nstatus: active\nregistered: '2026-01-10'\n";
  disk.files["grid/100/201/g01/units/u-bbbbbbbbbb/unit.yaml"] =
    "id: u-bbbbbbbbbb\nname: 小卖部\ncategory: small-shop\naddress: 中街2号\nstatus: active\nregistered: '2026-11-05'\n";
  disk.files["grid/100/attestations/a-20261031-aaaaaa.yaml"] =
    "id: a-20261031-aaaaaa\ndate: '2026-10-31'\nperiod: 2026-10\nfigures:\n" + figures + "by:\n  name: 王强\n";
  firegrid::model::LoadOptions what;
  return firegrid::model::load_repo(disk, firegrid::test::catalog(), what);
}

std::vector<firegrid::Finding> attestation_findings(const std::string& figures) {
  auto repo = attested(figures);
  REQUIRE(repo.attestations.size() == 1);
  firegrid::Findings findings;
  firegrid::report::check_attestations(repo, firegrid::test::catalog(), findings);
  return findings.items();
}

}  // namespace

TEST_CASE("figures that held on the day are clean; the unit registered later does not count", "[attest]") {
  CHECK(attestation_findings("  units.active: 1\n  units.category.key-unit: 1\n  units.category.small-shop: 0\n"
                             "  people.coordinators: 1\n  people.coordinator-names: [张三]\n  hazards.open: 0\n")
          .empty());
}

TEST_CASE("a figure the records give otherwise is attestation-mismatch at its line", "[attest]") {
  const auto f = attestation_findings("  units.active: 1\n  units.category.small-shop: 1\n  checks.rate: 5/5\n");
  REQUIRE(f.size() == 2);
  CHECK(f[0].code == "attestation-mismatch");
  CHECK(f[0].where.path == "grid/100/attestations/a-20261031-aaaaaa.yaml");
  CHECK(f[0].where.line == 6);
  CHECK(f[0].message ==
        "attested 1 small shops (units.category.small-shop) on 2026-10-31 for 槐阳镇; the records now give 0");
  CHECK(f[1].where.line == 7);
}

TEST_CASE("a figure no longer computed is attestation-figure-unknown", "[attest]") {
  const auto f = attestation_findings("  units.category.spaceport: 1\n  findings.errors: 0\n  checks.rate.moon-walk: 1/1\n");
  REQUIRE(f.size() == 3);
  for (const auto& x : f) CHECK(x.code == "attestation-figure-unknown");
}

TEST_CASE("the figures an attestation made from a report says", "[attest]") {
  auto repo = attested("  units.active: 1\n");
  const auto& g = *repo.tree.find("100");
  const auto r = firegrid::report::compute(repo, g, *firegrid::attest::period_named("2026-10"),
                                           firegrid::test::date("2026-10-31"));
  std::vector<std::string> ids;
  for (const auto& fig : firegrid::report::attestation_figures(r.root, g)) ids.push_back(fig.id + "=" + fig.value);
  CHECK(ids.front() == "units.active=1");
  CHECK(std::find(ids.begin(), ids.end(), "units.category.key-unit=1") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "people.coordinators=1") != ids.end());
  CHECK(std::find(ids.begin(), ids.end(), "hazards.overdue=0") != ids.end());
}
