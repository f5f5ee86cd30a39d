// The HTML report: one self-contained file (inline CSS and SVG, no script, no network),
// with a print style for A4.
#pragma once

#include <firegrid/report/labels.hpp>
#include <firegrid/report/rollup.hpp>

#include <string>
#include <vector>

namespace firegrid::report {

struct HtmlInput {
  const Rollup* rollup = nullptr;       // the report's figures (the table, the headline numbers)
  std::vector<Rollup> weeks;            // the year's weeks up to as_of (the heat map), townships as children
  std::vector<Rollup> months;           // the year's months up to as_of (the trend lines)
  std::string title;                    // "元氏县消防安全网格化管理周报 2026-W48"
  std::string county;                   // 元氏县
  std::string generated_by;             // "firegrid 0.1.0" (no time: the same data gives the same bytes)
};

std::string render_html(const HtmlInput& in, const Labels& labels);

}  // namespace firegrid::report
