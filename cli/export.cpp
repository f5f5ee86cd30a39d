// firegrid export: every record as rows (JSON Lines or CSV) for DuckDB, Spark or a spreadsheet.
#include "context.hpp"

namespace firegrid::cli {

void register_export(CLI::App& app, Context& ctx) {
  (void)app;
  (void)ctx;
}

}  // namespace firegrid::cli
