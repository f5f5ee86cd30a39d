#include <firegrid/core/id.hpp>

#include <cstdint>

namespace firegrid {

std::string hashed_id(const std::string& key, int chars) {
  std::uint64_t h = 14695981039346656037ull;
  for (const char c : key) {
    h ^= static_cast<unsigned char>(c);
    h *= 1099511628211ull;
  }
  static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::string out;
  for (int i = 0; i < chars && i < 12; ++i) {
    out += alphabet[h & 31];
    h >>= 5;
  }
  return out;
}

std::string clone_key(const std::string& key, const std::string& clone) {
  return clone.empty() ? key : key + "\n@" + clone;
}

}  // namespace firegrid
