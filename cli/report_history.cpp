// firegrid report diff|merge: what changed since a commit or a date, and several
// counties' JSON rollups as one.
#include "report.hpp"

namespace firegrid::cli {

void register_report_history(CLI::App& report, Context& ctx) {
  (void)report;
  (void)ctx;
}

}  // namespace firegrid::cli
