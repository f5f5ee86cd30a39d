// Small helpers for messages in English.
#pragma once

#include <cstddef>
#include <string>

namespace firegrid::text {

// "1 township", "2 townships", "0 townships": for nouns whose plural adds an s.
std::string counted(std::size_t n, const std::string& noun);

}  // namespace firegrid::text
