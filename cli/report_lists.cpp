// firegrid report assess|coverage|hazards|due.
#include "report.hpp"

namespace firegrid::cli {

void register_report_lists(CLI::App& report, Context& ctx) {
  (void)report;
  (void)ctx;
}

}  // namespace firegrid::cli
