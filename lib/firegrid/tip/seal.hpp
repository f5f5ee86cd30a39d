// Sealing a tip-off reporter's identity. A tip (举报) names who made it; that must be
// readable only by the township tip office, so the identity is encrypted the moment it is
// entered, with a libsodium sealed box to the office's public key. The office keeps the
// secret key outside the repo. Every identity is padded to the same size before sealing,
// so the length of a box says nothing about what it holds. The plaintext is never
// written anywhere, and the buffers that held it are wiped.
#pragma once

#include <firegrid/core/clock.hpp>

#include <cstddef>
#include <string>
#include <string_view>

namespace firegrid::tip {

// Calls sodium_init once (thread-safe); throws Error if libsodium cannot start. Every
// function below calls it.
void init_sodium();

// An X25519 key pair, each key as base64 (libsodium's ORIGINAL variant, with padding).
struct KeyPair {
  std::string public_key;  // 32 bytes
  std::string secret_key;  // 32 bytes
};

// A fresh random key pair (crypto_box_keypair).
KeyPair generate_key_pair();

// A short, stable name for a public key: "k-" and the first 10 characters of the
// Crockford base 32 (0-9a-z without i, l, o, u) of the key's BLAKE2b hash, e.g.
// "k-3f8z0qh2mc". Throws Error for a malformed key.
std::string key_id(const std::string& public_key_b64);

// Is this base64 (canonical, padded) of exactly 32 bytes?
bool valid_public_key(const std::string& public_key_b64);

// The secret key file the tip office keeps outside the repo:
//   -----BEGIN FIREGRID TIP OFFICE SECRET KEY-----
//   township: <code>
//   name: <township name>
//   key_id: <key id>
//   created: YYYY-MM-DD
//   <base64 of secret key (32 bytes) || public key (32 bytes)>
//   -----END FIREGRID TIP OFFICE SECRET KEY-----
inline constexpr const char* kSecretKeyBegin = "-----BEGIN FIREGRID TIP OFFICE SECRET KEY-----";
inline constexpr const char* kSecretKeyEnd = "-----END FIREGRID TIP OFFICE SECRET KEY-----";

// The text of a secret key file. Throws Error if the keys are malformed or do not belong
// together, or if the township code or name is empty or holds a line break.
std::string format_secret_key_file(const KeyPair& keys, const std::string& township_code,
                                   const std::string& township_name, const Date& created);

struct SecretKey {
  std::string township_code, township_name, key_id, created;
  KeyPair keys;
};

// Reads a secret key file (LF or CRLF; blank lines around it are fine) and checks that
// the public key belongs to the secret key and that key_id names it. Throws Error "the
// file is not a firegrid tip office secret key" when the BEGIN line is missing and "the
// secret key file is damaged: <what>" for anything else wrong. Never crashes (fuzzed).
SecretKey parse_secret_key_file(const std::string& text);

// Does `bytes` hold a secret key file (the BEGIN line anywhere in it)? `check` uses it to
// refuse a secret key committed to the repo.
bool contains_secret_key(std::string_view bytes);

// The reporter's identity as entered. The destructor and the assignments wipe the old
// contents (sodium_memzero over each string's whole buffer); a moved-from Identity is
// empty and safe to wipe.
struct Identity {
  std::string name, phone, id_number, note;

  Identity() = default;
  Identity(const Identity&) = default;
  Identity(Identity&&) noexcept = default;
  Identity& operator=(const Identity& other);
  Identity& operator=(Identity&& other) noexcept;
  ~Identity();
  void wipe() noexcept;  // leaves every field empty
};

// Every identity is padded to this many bytes before sealing. The encoding inside is a
// version byte (1), then name, phone, id_number and note, each as a 2-byte big-endian
// length and its bytes; then sodium_pad (ISO/IEC 7816-4) up to kSealedPlainSize. So the
// four fields together hold at most kSealedPlainSize - 10 = 1014 bytes.
inline constexpr std::size_t kSealedPlainSize = 1024;
inline constexpr std::size_t kMaxIdentityBytes = kSealedPlainSize - 10;

// The identity sealed (crypto_box_seal) to the public key, as one line of base64
// (ORIGINAL variant), always sealed_length() characters. Throws Error "the reporter's
// details are too long (N bytes; at most 1014)" or for a malformed public key.
std::string seal_identity(const Identity& who, const std::string& public_key_b64);

// The length of every text seal_identity returns (1432); `check` uses it to spot damaged
// boxes.
std::size_t sealed_length();

// Opens a box with the office's secret key. Throws Error "the sealed identity is damaged"
// for bad base64, a wrong length or bad padding or encoding inside, and "this tip was not
// sealed to this key" when the key cannot open it.
Identity open_identity(const std::string& box_b64, const SecretKey& key);

}  // namespace firegrid::tip
