#include <firegrid/tip/seal.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/text/utf8.hpp>

#include <fmt/format.h>
#include <sodium.h>

#include <cstring>
#include <iterator>
#include <vector>

namespace firegrid::tip {

namespace {

constexpr int kBase64 = sodium_base64_VARIANT_ORIGINAL;
constexpr std::size_t kKeyBytes = crypto_box_PUBLICKEYBYTES;
constexpr std::size_t kBoxBytes = kSealedPlainSize + crypto_box_SEALBYTES;
constexpr unsigned char kIdentityVersion = 1;

static_assert(crypto_box_SECRETKEYBYTES == kKeyBytes, "X25519 keys are both 32 bytes");
static_assert(crypto_scalarmult_BYTES == kKeyBytes, "the base point product is a public key");

// Bytes that hold a secret key or a plaintext identity: zeroed when they go out of scope.
template <std::size_t N>
struct WipedBytes {
  unsigned char data[N] = {};
  WipedBytes() = default;
  WipedBytes(const WipedBytes&) = delete;
  WipedBytes& operator=(const WipedBytes&) = delete;
  ~WipedBytes() { sodium_memzero(data, N); }
};

std::string to_base64(const unsigned char* bytes, std::size_t size) {
  std::string out(sodium_base64_encoded_len(size, kBase64), '\0');
  sodium_bin2base64(out.data(), out.size(), bytes, size, kBase64);
  out.pop_back();  // the encoded length counts the C string's terminator
  return out;
}

// Decodes canonical, padded base64 of exactly `size` bytes into `out`; false for anything
// else (libsodium refuses characters outside the alphabet, missing padding, stray bits and
// trailing text).
bool from_base64(std::string_view b64, unsigned char* out, std::size_t size) {
  std::size_t decoded = 0;
  if (sodium_base642bin(out, size, b64.data(), b64.size(), nullptr, &decoded, nullptr,
                        kBase64) != 0)
    return false;
  return decoded == size;
}

// Does this public key belong to this secret key?
bool keys_match(const unsigned char* secret_key, const unsigned char* public_key) {
  unsigned char derived[kKeyBytes];
  if (crypto_scalarmult_base(derived, secret_key) != 0) return false;
  return sodium_memcmp(derived, public_key, kKeyBytes) == 0;
}

void wipe_string(std::string& s) noexcept {
  // Past size() the buffer may still hold a longer earlier value: wipe up to capacity.
  s.resize(s.capacity());
  sodium_memzero(s.data(), s.size());
  s.clear();
}

bool is_blank(std::string_view s) {
  return s.find_first_not_of(" \t") == std::string_view::npos;
}

std::string_view trim(std::string_view s) {
  const auto first = s.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(" \t") - first + 1);
}

// A header value must stay on its one line of the key file.
void require_header_value(const std::string& value, const char* what) {
  if (trim(value).empty()) throw Error(msg("the township {} is empty", what));
  for (const char c : value)
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f)
      throw Error(msg("the township {} holds a line break or control character", what));
}

[[noreturn]] void damaged(const std::string& what, std::size_t line = 0) {
  throw Error(msg("the secret key file is damaged: {}{}", what,
                          line ? fmt::format(" (line {})", line) : std::string()),
              tr("restore the key file from the tip office's backup copy"));
}

[[noreturn]] void damaged_box() {
  throw Error(tr("the sealed identity is damaged"),
              msg("a sealed identity is {} characters of base64 on one line",
                          sealed_length()));
}

}  // namespace

void init_sodium() {
  static const int status = sodium_init();  // 0, or 1 if already initialised elsewhere
  if (status < 0) throw Error(tr("cannot initialise libsodium"));
}

KeyPair generate_key_pair() {
  init_sodium();
  unsigned char public_key[kKeyBytes];
  WipedBytes<kKeyBytes> secret_key;
  crypto_box_keypair(public_key, secret_key.data);
  return {to_base64(public_key, kKeyBytes), to_base64(secret_key.data, kKeyBytes)};
}

bool valid_public_key(const std::string& public_key_b64) {
  init_sodium();
  unsigned char key[kKeyBytes];
  return from_base64(public_key_b64, key, kKeyBytes);
}

std::string key_id(const std::string& public_key_b64) {
  init_sodium();
  unsigned char key[kKeyBytes];
  if (!from_base64(public_key_b64, key, kKeyBytes))
    throw Error(tr("the tip office public key is malformed"),
                tr("a public key is 44 characters of base64 (32 bytes)"));
  unsigned char hash[crypto_generichash_BYTES];
  crypto_generichash(hash, sizeof hash, key, kKeyBytes, nullptr, 0);
  static const char alphabet[] = "0123456789abcdefghjkmnpqrstvwxyz";
  std::string id = "k-";
  for (std::size_t bit = 0; bit < 50; bit += 5) {  // 10 characters of 5 bits, high bits first
    unsigned value = 0;
    for (std::size_t b = bit; b < bit + 5; ++b)
      value = value << 1 | ((hash[b / 8] >> (7 - b % 8)) & 1u);
    id += alphabet[value];
  }
  return id;
}

std::string format_secret_key_file(const KeyPair& keys, const std::string& township_code,
                                   const std::string& township_name, const Date& created) {
  init_sodium();
  require_header_value(township_code, "code");
  require_header_value(township_name, "name");
  WipedBytes<2 * kKeyBytes> both;  // secret key || public key
  if (!from_base64(keys.secret_key, both.data, kKeyBytes) ||
      !from_base64(keys.public_key, both.data + kKeyBytes, kKeyBytes))
    throw Error(tr("the tip office key pair is malformed"));
  if (!keys_match(both.data, both.data + kKeyBytes))
    throw Error(tr("the tip office public key does not belong to its secret key"));
  std::string key_line = to_base64(both.data, sizeof both.data);
  std::string text = fmt::format("{}\ntownship: {}\nname: {}\nkey_id: {}\ncreated: {}\n{}\n{}\n",
                                 kSecretKeyBegin, trim(township_code), trim(township_name),
                                 key_id(keys.public_key), created.iso(), key_line, kSecretKeyEnd);
  wipe_string(key_line);
  return text;
}

SecretKey parse_secret_key_file(const std::string& text) {
  init_sodium();
  std::vector<std::string_view> lines;
  std::string_view rest = text;
  if (rest.substr(0, 3) == "\xEF\xBB\xBF") rest.remove_prefix(3);
  while (!rest.empty()) {
    const auto end = rest.find('\n');
    std::string_view line = rest.substr(0, end);
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    lines.push_back(line);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
  }

  std::size_t i = 0;  // lines[i] is line i + 1
  while (i < lines.size() && is_blank(lines[i])) ++i;
  if (i == lines.size() || trim(lines[i]) != kSecretKeyBegin) {
    if (!contains_secret_key(text))
      throw Error(tr("the file is not a firegrid tip office secret key"),
                  msg("a secret key file starts with the line {}", kSecretKeyBegin));
    damaged("there is text before the BEGIN line");
  }
  ++i;

  SecretKey key;
  struct Field {
    const char* name;
    std::string* value;
  };
  const Field fields[] = {{"township", &key.township_code},
                          {"name", &key.township_name},
                          {"key_id", &key.key_id},
                          {"created", &key.created}};
  bool seen[std::size(fields)] = {};
  for (; i < lines.size(); ++i) {
    const auto colon = lines[i].find(':');
    if (colon == std::string_view::npos) break;  // base64 has no colon: the key line
    const std::string_view name = trim(lines[i].substr(0, colon));
    const std::string_view value = trim(lines[i].substr(colon + 1));
    std::size_t f = 0;
    while (f < std::size(fields) && name != fields[f].name) ++f;
    if (f == std::size(fields)) damaged("an unknown field", i + 1);
    if (seen[f]) damaged(fmt::format("{} is given twice", fields[f].name), i + 1);
    if (value.empty()) damaged(fmt::format("{} is empty", fields[f].name), i + 1);
    seen[f] = true;
    *fields[f].value = std::string(value);
  }
  for (std::size_t f = 0; f < std::size(fields); ++f)
    if (!seen[f]) damaged(fmt::format("the {} field is missing", fields[f].name));
  Date created;
  if (!parse_date(key.created, created)) damaged("created is not a date (YYYY-MM-DD)");

  if (i == lines.size() || trim(lines[i]) == kSecretKeyEnd) damaged("the key line is missing");
  WipedBytes<2 * kKeyBytes> both;  // secret key || public key
  if (!from_base64(trim(lines[i]), both.data, sizeof both.data))
    damaged("the key line is not base64 of 64 bytes", i + 1);
  ++i;
  if (i == lines.size() || trim(lines[i]) != kSecretKeyEnd)
    damaged("the END line is missing", i + 1);
  for (++i; i < lines.size(); ++i)
    if (!is_blank(lines[i])) damaged("there is text after the END line", i + 1);

  if (!keys_match(both.data, both.data + kKeyBytes))
    damaged("its public key does not belong to its secret key");
  key.keys.secret_key = to_base64(both.data, kKeyBytes);
  key.keys.public_key = to_base64(both.data + kKeyBytes, kKeyBytes);
  const std::string actual_id = key_id(key.keys.public_key);
  if (key.key_id != actual_id)
    damaged(fmt::format("key_id does not name its key (which is {})", actual_id));
  return key;
}

bool contains_secret_key(std::string_view bytes) {
  return bytes.find(kSecretKeyBegin) != std::string_view::npos;
}

Identity& Identity::operator=(const Identity& other) {
  if (this != &other) {
    wipe();
    name = other.name;
    phone = other.phone;
    id_number = other.id_number;
    note = other.note;
  }
  return *this;
}

Identity& Identity::operator=(Identity&& other) noexcept {
  if (this != &other) {
    wipe();
    name = std::move(other.name);
    phone = std::move(other.phone);
    id_number = std::move(other.id_number);
    note = std::move(other.note);
  }
  return *this;
}

Identity::~Identity() { wipe(); }

void Identity::wipe() noexcept {
  wipe_string(name);
  wipe_string(phone);
  wipe_string(id_number);
  wipe_string(note);
}

std::size_t sealed_length() {
  return sodium_base64_encoded_len(kBoxBytes, kBase64) - 1;
}

std::string seal_identity(const Identity& who, const std::string& public_key_b64) {
  init_sodium();
  unsigned char public_key[kKeyBytes];
  if (!from_base64(public_key_b64, public_key, kKeyBytes))
    throw Error(tr("the tip office public key is malformed"),
                tr("a public key is 44 characters of base64 (32 bytes)"));
  const std::string* fields[] = {&who.name, &who.phone, &who.id_number, &who.note};
  std::size_t total = 0;
  for (const std::string* f : fields) total += f->size();
  if (total > kMaxIdentityBytes)
    throw Error(msg("the reporter's details are too long ({} bytes; at most {})", total,
                            kMaxIdentityBytes),
                tr("shorten the note"));
  for (const std::string* f : fields)
    if (text::find_invalid_utf8(*f)) throw Error(tr("the reporter's details are not valid UTF-8"));

  // The buffer is sized once, so the plaintext is never copied by a reallocation.
  WipedBytes<kSealedPlainSize> plain;
  std::size_t n = 0;
  plain.data[n++] = kIdentityVersion;
  for (const std::string* f : fields) {
    plain.data[n++] = static_cast<unsigned char>(f->size() >> 8);
    plain.data[n++] = static_cast<unsigned char>(f->size() & 0xff);
    if (!f->empty()) std::memcpy(plain.data + n, f->data(), f->size());
    n += f->size();
  }
  std::size_t padded = 0;
  if (sodium_pad(&padded, plain.data, n, kSealedPlainSize, kSealedPlainSize) != 0 ||
      padded != kSealedPlainSize)
    throw Error(tr("cannot pad the reporter's details"));  // unreachable: n <= 1023

  unsigned char box[kBoxBytes];
  if (crypto_box_seal(box, plain.data, kSealedPlainSize, public_key) != 0)
    throw Error(tr("cannot seal to the tip office public key"), tr("the public key is not a usable key"));
  return to_base64(box, kBoxBytes);
}

Identity open_identity(const std::string& box_b64, const SecretKey& key) {
  init_sodium();
  unsigned char box[kBoxBytes];
  if (!from_base64(box_b64, box, kBoxBytes)) damaged_box();
  unsigned char public_key[kKeyBytes];
  WipedBytes<kKeyBytes> secret_key;
  if (!from_base64(key.keys.public_key, public_key, kKeyBytes) ||
      !from_base64(key.keys.secret_key, secret_key.data, kKeyBytes))
    throw Error(tr("the tip office key pair is malformed"));

  WipedBytes<kSealedPlainSize> plain;
  if (crypto_box_seal_open(plain.data, box, kBoxBytes, public_key, secret_key.data) != 0)
    throw Error(tr("this tip was not sealed to this key"),
                msg("it was sealed to another tip office key than {}, or it was altered",
                            key.key_id));
  std::size_t size = 0;
  if (sodium_unpad(&size, plain.data, kSealedPlainSize, kSealedPlainSize) != 0) damaged_box();

  Identity who;
  std::size_t n = 0;
  if (size < 1 || plain.data[n++] != kIdentityVersion) damaged_box();
  for (std::string* f : {&who.name, &who.phone, &who.id_number, &who.note}) {
    if (size - n < 2) damaged_box();
    const std::size_t length = std::size_t{plain.data[n]} << 8 | plain.data[n + 1];
    n += 2;
    if (size - n < length) damaged_box();
    f->assign(reinterpret_cast<const char*>(plain.data + n), length);
    n += length;
    if (text::find_invalid_utf8(*f)) damaged_box();
  }
  if (n != size) damaged_box();
  return who;
}

}  // namespace firegrid::tip
