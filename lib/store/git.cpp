// Placeholder until snapshots land (issue 7).
#include <firegrid/core/error.hpp>
#include <firegrid/store/git.hpp>

namespace firegrid::store {

std::string resolve_commit(const std::string&, const std::string& rev) {
  throw Error("--at " + rev + ": reading git history is not built yet");
}
std::string commit_on(const std::string&, const Date&) { throw Error("reading git history is not built yet"); }
Date commit_date(const std::string&, const std::string&) { throw Error("reading git history is not built yet"); }
std::unique_ptr<MemoryDisk> snapshot(const std::string&, const std::string&) {
  throw Error("reading git history is not built yet");
}

}  // namespace firegrid::store
