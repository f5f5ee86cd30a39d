// Fuzzes reading a tip office secret key file: bytes -> parse_secret_key_file, and the
// check that spots one. Any crash, hang, sanitizer report or non-firegrid exception is a bug.
#include <firegrid/core/error.hpp>
#include <firegrid/tip/seal.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  firegrid::tip::contains_secret_key(text);
  try {
    firegrid::tip::parse_secret_key_file(text);
  } catch (const firegrid::Error&) {
  }
  return 0;
}
