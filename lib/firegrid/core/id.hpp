// Ids hashed from what a record is and from the clone that made it, so two clerks in two
// clones never make the same id (their offline work merges without a conflict), and one
// clerk making the same record again finds the first.
#pragma once

#include <string>

namespace firegrid {

// `chars` characters of Crockford base 32 (0-9a-z without i, l, o, u) from FNV-1a 64 of
// `key`; at most 12 characters.
std::string hashed_id(const std::string& key, int chars);

// `key` made this clone's own: with `clone` (store::clone_token) appended when there is
// one, so the same record made in two clones gets two ids, and in one clone always one.
std::string clone_key(const std::string& key, const std::string& clone);

}  // namespace firegrid
