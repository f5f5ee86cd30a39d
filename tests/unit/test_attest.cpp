#include "support.hpp"

#include <firegrid/attest/attest.hpp>

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
