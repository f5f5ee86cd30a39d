// Placeholder until the HTML report lands (issue 7).
#include <firegrid/core/error.hpp>
#include <firegrid/report/html.hpp>

namespace firegrid::report {

std::string render_html(const HtmlInput&, const Labels&) { throw Error("report: --format html is not built yet"); }

}  // namespace firegrid::report
