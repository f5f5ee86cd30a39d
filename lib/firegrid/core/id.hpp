// Ids hashed from what a record is, so two clerks in two clones never make the same id
// for different records and always the same id for the same one.
#pragma once

#include <string>

namespace firegrid {

// `chars` characters of Crockford base 32 (0-9a-z without i, l, o, u) from FNV-1a 64 of
// `key`; at most 12 characters.
std::string hashed_id(const std::string& key, int chars);

}  // namespace firegrid
