// The yearly assessment: each township (and each village of a township) scored on 责任明晰
// (clear responsibility), 机制健全 (sound mechanism) and 运行高效 (efficient operation) from
// the indicators and thresholds in policy.assess; the county's share of townships that
// meet the standard against the year's target.
#pragma once

#include <firegrid/report/rollup.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::report {

struct IndicatorResult {
  std::string id;         // "leaders", from policy.assess.indicators
  std::string dimension;  // responsibility, mechanism, operation
  std::optional<double> value;  // the rate or count measured (nullopt: nothing to measure)
  double threshold = 0;
  bool passed = false;
};

struct GridAssessment {
  std::string path, name, level;
  std::vector<IndicatorResult> indicators;
  std::map<std::string, bool> dimensions;  // dimension -> all its indicators passed
  bool meets = false;                      // every dimension passed
};

struct Assessment {
  int year = 0;
  Date as_of;
  std::vector<GridAssessment> grids;  // townships, or a township's villages
  long meeting = 0, total = 0;        // grids that meet the standard, of how many
  std::optional<double> target;       // the year's target share (0.3, 0.6, ...), if the policy has one
};

// Scores the children of `rollup.root` (a year rollup) by policy.assess.
Assessment assess(const Rollup& rollup, const doc::Node& policy, int year);

}  // namespace firegrid::report
