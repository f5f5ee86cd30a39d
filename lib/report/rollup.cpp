// Placeholder until the rollup lands (issue 7).
#include <firegrid/core/error.hpp>
#include <firegrid/report/rollup.hpp>

namespace firegrid::report {

Rollup compute(const model::Repo&, const grid::Grid&, const Period&, const Date&) {
  throw Error("report: the rollup is not built yet");
}

}  // namespace firegrid::report
