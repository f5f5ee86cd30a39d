// The yearly assessment: each township (and each village of a township) scored on 责任明晰
// (clear responsibility), 机制健全 (sound mechanism) and 运行高效 (efficient operation) from
// the indicators and thresholds in policy.assess; the county's share of townships that
// meet the standard against the year's target (policy.targets).
#pragma once

#include <firegrid/doc/node.hpp>
#include <firegrid/report/rollup.hpp>

#include <map>
#include <optional>
#include <string>
#include <vector>

namespace firegrid::report {

// The three dimensions, in the order reports show them.
const std::vector<std::string>& dimensions();  // responsibility, mechanism, operation

// One indicator of policy.assess.indicators: a figure or rate and its bound.
struct Indicator {
  std::string id;         // "leaders"
  std::string dimension;  // responsibility, mechanism, operation
  std::string figure;     // a rate id ("grids.leader-rate") or a figure id ("hazards.overdue")
  bool at_least = true;   // min: value >= threshold; max: value <= threshold
  double threshold = 0;
};

// The indicators of policy.assess, or the built-in ones (policy::default_assess) when
// the policy has no assess.indicators; `built_in` says which. Throws Error naming the
// indicator when one lacks an id, a known dimension, a figure or exactly one of min and
// max, or names a rate that does not exist.
std::vector<Indicator> indicators(const doc::Node& policy, bool* built_in = nullptr);

struct IndicatorResult {
  std::string id;         // "leaders", from policy.assess.indicators
  std::string dimension;  // responsibility, mechanism, operation
  std::string figure;     // what was measured
  bool at_least = true;
  std::optional<double> value;  // the rate or count measured (nullopt: a rate with nothing to measure)
  double threshold = 0;
  bool passed = false;  // an indicator with nothing to measure passes
};

struct GridAssessment {
  std::string path, id, name, level;
  std::vector<IndicatorResult> indicators;
  std::map<std::string, bool> dimensions;  // dimension -> all its indicators passed
  bool meets = false;                      // every dimension passed
};

struct Assessment {
  int year = 0;
  Period period;
  Date as_of;
  std::string path, name, level;      // the grid whose children are scored
  std::vector<Indicator> used;        // the indicators scored, in policy order
  bool built_in = false;              // the built-in indicators (the policy has none)
  std::vector<GridAssessment> grids;  // townships, or a township's villages
  long meeting = 0, total = 0;        // grids that meet the standard, of how many
  std::optional<double> target;       // the year's target share (0.3, 0.6, ...) when the county is scored and the policy has one

  std::optional<double> share() const;  // meeting / total; nullopt when total is 0
  bool target_met() const;              // a target exists and share >= target
};

// The target share of `year` from policy.targets ({year, percent}), or nullopt.
std::optional<double> target_for(const doc::Node& policy, int year);

// Scores the children of `rollup.root` (a year rollup) by the policy's indicators.
// Throws Error as indicators() does.
Assessment assess(const Rollup& rollup, const doc::Node& policy, int year);

// ---- JSON (docs/commands/report-assess.md) ----
// {"format": "firegrid-assess", "version": 1, "year", "period": {...}, "as_of", "grid":
//  {"path","name","level"}, "built_in", "indicators": [{"id","dimension","figure","min"|"max"}],
//  "grids": [{"path","id","name","level","meets","dimensions":{..},"indicators":[{"id",
//  "value","passed"}]}], "meeting", "total", "share", "target", "target_met"}
std::string to_json(const Assessment& a);

}  // namespace firegrid::report
