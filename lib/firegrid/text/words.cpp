#include <firegrid/text/words.hpp>

namespace firegrid::text {

std::string counted(std::size_t n, const std::string& noun) {
  return std::to_string(n) + " " + noun + (n == 1 ? "" : "s");
}

}  // namespace firegrid::text
