// firegrid report weekly|monthly|half-year|year-end, and what every report subcommand shares.
#include "report.hpp"

namespace firegrid::cli {

void register_report(CLI::App& app, Context& ctx) {
  auto* report = app.add_subcommand("report", "Reports and rollups: the weekly report, the assessment, lists, history");
  register_report_lists(*report, ctx);
  register_report_history(*report, ctx);
}

}  // namespace firegrid::cli
