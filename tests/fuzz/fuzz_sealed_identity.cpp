// Fuzzes opening a tip's sealed reporter (the envelope hazard reveal opens): the stored
// text as it is (base64 of anything), and a real box sealed to the office's key around
// arbitrary plaintext, so the decoder inside (version, lengths, padding, UTF-8) meets what
// anyone who knows the public key can send. Any crash, hang, sanitizer report or
// non-firegrid exception is a bug.
#include <firegrid/core/error.hpp>
#include <firegrid/tip/seal.hpp>

#include <sodium.h>

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace {

const firegrid::tip::SecretKey& office() {
  static const firegrid::tip::SecretKey key = [] {
    firegrid::tip::SecretKey k;
    k.keys = firegrid::tip::generate_key_pair();
    k.key_id = firegrid::tip::key_id(k.keys.public_key);
    return k;
  }();
  return key;
}

void try_open(const std::string& box) {
  try {
    firegrid::tip::open_identity(box, office());
  } catch (const firegrid::Error&) {
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  try_open(std::string(reinterpret_cast<const char*>(data), size));

  // The same bytes as the plaintext of a well-formed box, padded to the fixed size when
  // they fit (so sodium_unpad passes and the fields are parsed) and as they are otherwise.
  std::vector<unsigned char> plain(data, data + size);
  if (size < firegrid::tip::kSealedPlainSize) {
    plain.resize(firegrid::tip::kSealedPlainSize);
    std::size_t padded = 0;
    if (sodium_pad(&padded, plain.data(), size, firegrid::tip::kSealedPlainSize, plain.size()) != 0) return 0;
    plain.resize(padded);
  }
  unsigned char public_key[crypto_box_PUBLICKEYBYTES];
  if (sodium_base642bin(public_key, sizeof public_key, office().keys.public_key.c_str(),
                        office().keys.public_key.size(), nullptr, nullptr, nullptr,
                        sodium_base64_VARIANT_ORIGINAL) != 0)
    return 0;
  std::vector<unsigned char> box(plain.size() + crypto_box_SEALBYTES);
  crypto_box_seal(box.data(), plain.data(), plain.size(), public_key);
  std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(), sodium_base64_VARIANT_ORIGINAL);
  b64.resize(b64.size() - 1);  // the terminating NUL
  try_open(b64);
  return 0;
}
