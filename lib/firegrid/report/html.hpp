// The HTML report: one self-contained file (inline CSS and SVG, no script, no network),
// with a print style for A4.
#pragma once

#include <firegrid/render/table.hpp>
#include <firegrid/report/attention.hpp>
#include <firegrid/report/labels.hpp>
#include <firegrid/report/rollup.hpp>

#include <string>
#include <vector>

namespace firegrid::report {

struct HtmlInput {
  const Rollup* rollup = nullptr;       // the report's figures (the table, the headline numbers)
  std::vector<Rollup> weeks;            // the year's weeks up to as_of (the heat map), townships as children
  std::vector<Rollup> months;           // the year's months up to as_of (the trend lines)
  std::vector<Rollup> recent_weeks;     // the 12 weeks up to as_of's (the weekly trend lines), the root alone
  const Attention* attention = nullptr; // what to act on (weekly reports): opens the page
  bool all = true;                      // every village in the table; else only the exceptions
  std::string title;                    // "元氏县消防安全网格化管理周报 2026-W48"
  std::string county;                   // 元氏县
  std::string generated_by;             // "firegrid 0.1.0" (no time: the same data gives the same bytes)
};

// The weekly (or any period's) report as one HTML5 page: title and period, what to act
// on (sentences and the red hazards with who must act, when `attention` is given), headline
// tiles, inline SVG charts (overdue hazards by grid, check cadence week by grid, the last
// 12 weeks' and the year's monthly trends) and the table of grid nodes. Every word comes from
// `labels`, every string from the data is escaped; the same input gives the same bytes.
// Throws Error when `in.rollup` is null.
std::string render_html(const HtmlInput& in, const Labels& labels);

// The page every HTML report shares: doctype, charset, language from `labels`, a
// Content-Security-Policy that forbids every load (so nothing can reach the network),
// the inline CSS with its A4 print style, `title` (escaped) and `body` (already HTML).
std::string html_page(const std::string& title, const std::string& body, const Labels& labels);

// `table` as an HTML <table>: a header row of column titles, every cell escaped, line
// breaks in a cell as <br>, right-aligned columns with class "num". Never throws.
std::string html_table(const render::Table& table);

// `s` with & < > " ' as entities and invalid UTF-8 as U+FFFD: safe in text and in
// quoted attribute values.
std::string html_escape(const std::string& s);

}  // namespace firegrid::report
