#include <firegrid/core/error.hpp>
#include <firegrid/tip/seal.hpp>

#include <catch2/catch.hpp>
#include <sodium.h>

#include <fstream>
#include <iterator>
#include <string>
#include <vector>

using firegrid::Date;
using firegrid::tip::Identity;
using firegrid::tip::KeyPair;
using firegrid::tip::SecretKey;
using firegrid::tip::contains_secret_key;
using firegrid::tip::format_secret_key_file;
using firegrid::tip::generate_key_pair;
using firegrid::tip::key_id;
using firegrid::tip::open_identity;
using firegrid::tip::parse_secret_key_file;
using firegrid::tip::seal_identity;
using firegrid::tip::sealed_length;
using firegrid::tip::valid_public_key;

namespace {

const Date kCreated{2026, 3, 1};

std::string key_file(const KeyPair& keys) {
  return format_secret_key_file(keys, "130132101", "槐阳镇", kCreated);
}

SecretKey fresh_secret_key() { return parse_secret_key_file(key_file(generate_key_pair())); }

Identity reporter() {
  Identity who;
  who.name = "张秀兰";
  who.phone = "13912345678";
  who.id_number = "130132198001011234";
  who.note = "住在仓库隔壁，晚上八点后方便联系";
  return who;
}

// The message of the firegrid::Error that `f` throws, or "no error".
template <typename F>
std::string error_of(F f) {
  try {
    f();
  } catch (const firegrid::Error& e) {
    return e.what();
  }
  return "no error";
}

std::vector<unsigned char> base64_decode(const std::string& b64) {
  std::vector<unsigned char> bytes(b64.size());
  std::size_t size = 0;
  REQUIRE(sodium_base642bin(bytes.data(), bytes.size(), b64.data(), b64.size(), nullptr, &size,
                            nullptr, sodium_base64_VARIANT_ORIGINAL) == 0);
  bytes.resize(size);
  return bytes;
}

}  // namespace

TEST_CASE("generate_key_pair gives base64 keys and key_id names them stably", "[tip][seal]") {
  const KeyPair keys = generate_key_pair();
  CHECK(keys.public_key.size() == 44);
  CHECK(keys.secret_key.size() == 44);
  CHECK(valid_public_key(keys.public_key));
  CHECK(keys.public_key != generate_key_pair().public_key);

  const std::string id = key_id(keys.public_key);
  CHECK(id == key_id(keys.public_key));
  REQUIRE(id.size() == 12);
  CHECK(id.substr(0, 2) == "k-");
  CHECK(id.substr(2).find_first_not_of("0123456789abcdefghjkmnpqrstvwxyz") == std::string::npos);

  // A fixed key keeps its id across versions: key files and sealed tips refer to it.
  CHECK(key_id("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=") == "k-scqn2r7w3x");
}

TEST_CASE("valid_public_key and key_id refuse malformed keys", "[tip][seal]") {
  const std::string good = generate_key_pair().public_key;
  for (const std::string& bad :
       {std::string(), std::string("not base64!"), good.substr(0, 43), good + "=",
        good.substr(0, 42) + "==", std::string("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8"),
        std::string("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8=\n"),
        std::string("AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gIQ==")}) {
    CAPTURE(bad);
    CHECK_FALSE(valid_public_key(bad));
    CHECK(error_of([&] { key_id(bad); }) == "the tip office public key is malformed");
  }
}

TEST_CASE("a secret key file round-trips", "[tip][seal]") {
  const KeyPair keys = generate_key_pair();
  const std::string text = key_file(keys);
  CHECK(text.rfind(firegrid::tip::kSecretKeyBegin, 0) == 0);
  CHECK(text.find("\ntownship: 130132101\nname: 槐阳镇\nkey_id: " + key_id(keys.public_key) +
                  "\ncreated: 2026-03-01\n") != std::string::npos);

  const SecretKey key = parse_secret_key_file(text);
  CHECK(key.township_code == "130132101");
  CHECK(key.township_name == "槐阳镇");
  CHECK(key.key_id == key_id(keys.public_key));
  CHECK(key.created == "2026-03-01");
  CHECK(key.keys.public_key == keys.public_key);
  CHECK(key.keys.secret_key == keys.secret_key);

  // CRLF line ends and blank lines around it, as a Windows editor may leave it.
  std::string crlf = "\r\n";
  for (const char c : text) crlf += c == '\n' ? std::string("\r\n") : std::string(1, c);
  CHECK(parse_secret_key_file(crlf + "\r\n").keys.secret_key == keys.secret_key);
}

TEST_CASE("format_secret_key_file refuses bad keys and header values", "[tip][seal]") {
  const KeyPair keys = generate_key_pair();
  const KeyPair mixed{generate_key_pair().public_key, keys.secret_key};
  CHECK(error_of([&] { key_file(mixed); }) ==
        "the tip office public key does not belong to its secret key");
  CHECK(error_of([&] { key_file({keys.public_key, "x"}); }) ==
        "the tip office key pair is malformed");
  CHECK(error_of([&] { format_secret_key_file(keys, "", "槐阳镇", kCreated); }) ==
        "the township code is empty");
  CHECK(error_of([&] { format_secret_key_file(keys, "1", "槐阳\n镇", kCreated); }) ==
        "the township name holds a line break or control character");
}

TEST_CASE("parse_secret_key_file refuses a public key that is not the secret key's",
          "[tip][seal]") {
  const KeyPair keys = generate_key_pair();
  const KeyPair other = generate_key_pair();
  // The file of `keys`, with the public half of its key line swapped for `other`'s.
  std::vector<unsigned char> both =
      base64_decode(parse_secret_key_file(key_file(keys)).keys.secret_key);
  const std::vector<unsigned char> other_public = base64_decode(other.public_key);
  both.insert(both.end(), other_public.begin(), other_public.end());
  std::string line(sodium_base64_ENCODED_LEN(64, sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(line.data(), line.size(), both.data(), both.size(),
                    sodium_base64_VARIANT_ORIGINAL);
  line.pop_back();

  std::string text = key_file(keys);
  const std::size_t start = text.find("created: 2026-03-01\n") + 20;
  text.replace(start, text.find('\n', start) - start, line);
  CHECK(error_of([&] { parse_secret_key_file(text); }) ==
        "the secret key file is damaged: its public key does not belong to its secret key");
  sodium_memzero(both.data(), both.size());
}

TEST_CASE("parse_secret_key_file names what is wrong with a damaged file", "[tip][seal]") {
  const KeyPair keys = generate_key_pair();
  const std::string text = key_file(keys);
  const auto replaced = [&](const std::string& from, const std::string& to) {
    std::string t = text;
    t.replace(t.find(from), from.size(), to);
    return error_of([&] { parse_secret_key_file(t); });
  };
  const std::string damaged = "the secret key file is damaged: ";
  CHECK(error_of([] { parse_secret_key_file(""); }) ==
        "the file is not a firegrid tip office secret key");
  CHECK(error_of([] { parse_secret_key_file("township: x\n"); }) ==
        "the file is not a firegrid tip office secret key");
  CHECK(error_of([&] { parse_secret_key_file("hello\n" + text); }) ==
        damaged + "there is text before the BEGIN line");
  CHECK(replaced("township:", "town:") == damaged + "an unknown field (line 2)");
  CHECK(replaced("name: 槐阳镇", "township: 1") == damaged + "township is given twice (line 3)");
  CHECK(replaced("name: 槐阳镇\n", "") == damaged + "the name field is missing");
  CHECK(replaced("name: 槐阳镇", "name:") == damaged + "name is empty (line 3)");
  CHECK(replaced("2026-03-01", "2026-02-30") == damaged + "created is not a date (YYYY-MM-DD)");
  CHECK(replaced(key_id(keys.public_key), "k-0000000000") ==
        damaged + "key_id does not name its key (which is " + key_id(keys.public_key) + ")");
  CHECK(replaced("-----END", "-----FIN") == damaged + "the END line is missing (line 7)");
  CHECK(error_of([&] { parse_secret_key_file(text + "more\n"); }) ==
        damaged + "there is text after the END line (line 8)");
}

TEST_CASE("the fuzz corpus key file, made by another X25519 and BLAKE2b, is valid",
          "[tip][seal]") {
  const auto read = [](const std::string& name) {
    std::ifstream in(std::string(FIREGRID_SOURCE_DIR) + "/tests/fuzz/corpus/secret_key/" + name,
                     std::ios::binary);
    REQUIRE(in);
    return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
  };
  for (const char* name : {"valid.key", "valid_crlf.key"}) {
    const SecretKey key = parse_secret_key_file(read(name));
    CHECK(key.key_id == "k-hsgz5h9ap8");
    CHECK(key.township_name == "槐阳镇");
  }
  for (const char* name : {"truncated.key", "mismatched_key_id.key", "bad_base64.key",
                           "garbage.key", "header_only.key"}) {
    CAPTURE(name);
    CHECK_THROWS_AS(parse_secret_key_file(read(name)), firegrid::Error);
  }
}

TEST_CASE("parse_secret_key_file refuses every truncation and changed character",
          "[tip][seal]") {
  const std::string text = key_file(generate_key_pair());
  for (std::size_t size = 0; size < text.size() - 1; ++size) {
    CAPTURE(size);
    // Cutting only the last line break leaves a whole file; any shorter cut is refused.
    CHECK_THROWS_AS(parse_secret_key_file(text.substr(0, size)), firegrid::Error);
  }
  const std::size_t key_line = text.find("created: 2026-03-01\n") + 20;
  // X25519 ignores five bits of a secret key (clamping), so each character is changed in
  // the top three of its six bits: those always carry at least one bit that counts.
  const std::string alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  for (std::size_t i = key_line; i < text.find('\n', key_line); ++i) {
    std::string t = text;
    const std::size_t value = alphabet.find(t[i]);
    t[i] = value == std::string::npos ? 'A' : alphabet[value ^ 0x38];
    CAPTURE(i);
    CHECK_THROWS_AS(parse_secret_key_file(t), firegrid::Error);
  }
}

TEST_CASE("contains_secret_key finds the BEGIN line anywhere", "[tip][seal]") {
  const std::string text = key_file(generate_key_pair());
  CHECK(contains_secret_key(text));
  CHECK(contains_secret_key("# backup\n\n" + text.substr(0, 60)));
  CHECK_FALSE(contains_secret_key(""));
  CHECK_FALSE(contains_secret_key("-----BEGIN PRIVATE KEY-----\n"));
  CHECK_FALSE(contains_secret_key(text.substr(20)));
}

TEST_CASE("seal_identity and open_identity round-trip Chinese text", "[tip][seal]") {
  const SecretKey key = fresh_secret_key();
  const Identity who = reporter();
  const std::string box = seal_identity(who, key.keys.public_key);
  CHECK(box.size() == sealed_length());
  CHECK(box.find('\n') == std::string::npos);

  const Identity opened = open_identity(box, key);
  CHECK(opened.name == who.name);
  CHECK(opened.phone == who.phone);
  CHECK(opened.id_number == who.id_number);
  CHECK(opened.note == who.note);

  const Identity empty = open_identity(seal_identity(Identity(), key.keys.public_key), key);
  CHECK(empty.name.empty());
  CHECK(empty.note.empty());
}

TEST_CASE("every sealed identity has the same length", "[tip][seal]") {
  const SecretKey key = fresh_secret_key();
  Identity longest = reporter();
  longest.note = std::string(firegrid::tip::kMaxIdentityBytes - longest.name.size() -
                                 longest.phone.size() - longest.id_number.size(),
                             'x');
  CHECK(sealed_length() == 1432);
  const std::string a = seal_identity(Identity(), key.keys.public_key);
  const std::string b = seal_identity(reporter(), key.keys.public_key);
  const std::string c = seal_identity(longest, key.keys.public_key);
  CHECK(a.size() == sealed_length());
  CHECK(b.size() == sealed_length());
  CHECK(c.size() == sealed_length());
  CHECK(open_identity(c, key).note == longest.note);
  // Sealing is randomised: the same identity twice gives two different boxes.
  CHECK(seal_identity(reporter(), key.keys.public_key) != b);
}

TEST_CASE("seal_identity refuses details that do not fit and malformed input", "[tip][seal]") {
  const SecretKey key = fresh_secret_key();
  Identity who = reporter();
  who.note = std::string(1000, 'x');
  const std::size_t size = who.name.size() + who.phone.size() + who.id_number.size() + 1000;
  CHECK(error_of([&] { seal_identity(who, key.keys.public_key); }) ==
        "the reporter's details are too long (" + std::to_string(size) + " bytes; at most 1014)");
  who.note = "\xFF";
  CHECK(error_of([&] { seal_identity(who, key.keys.public_key); }) ==
        "the reporter's details are not valid UTF-8");
  CHECK(error_of([&] { seal_identity(reporter(), "abc"); }) ==
        "the tip office public key is malformed");
}

TEST_CASE("open_identity refuses another key and a damaged box", "[tip][seal]") {
  const SecretKey key = fresh_secret_key();
  const std::string box = seal_identity(reporter(), key.keys.public_key);
  CHECK(error_of([&] { open_identity(box, fresh_secret_key()); }) ==
        "this tip was not sealed to this key");

  const std::string damaged = "the sealed identity is damaged";
  CHECK(error_of([&] { open_identity("", key); }) == damaged);
  CHECK(error_of([&] { open_identity(box.substr(0, box.size() - 4), key); }) == damaged);
  CHECK(error_of([&] { open_identity(box + "AAAA", key); }) == damaged);
  CHECK(error_of([&] { open_identity(box + "\n", key); }) == damaged);
  std::string bad_char = box;
  bad_char[100] = '*';
  CHECK(error_of([&] { open_identity(bad_char, key); }) == damaged);
  // A flipped bit inside passes base64 but not the box's authentication.
  std::string flipped = box;
  flipped[100] = flipped[100] == 'A' ? 'B' : 'A';
  CHECK(error_of([&] { open_identity(flipped, key); }) == "this tip was not sealed to this key");
}

TEST_CASE("open_identity refuses a well-sealed box with a bad encoding inside", "[tip][seal]") {
  // Anyone with the public key can seal: the contents must be checked, not trusted.
  const SecretKey key = fresh_secret_key();
  const auto seal_raw = [&](std::vector<unsigned char> plain) {
    plain.resize(firegrid::tip::kSealedPlainSize);
    std::vector<unsigned char> box(plain.size() + crypto_box_SEALBYTES);
    const std::vector<unsigned char> pk = base64_decode(key.keys.public_key);
    REQUIRE(crypto_box_seal(box.data(), plain.data(), plain.size(), pk.data()) == 0);
    std::string b64(sodium_base64_ENCODED_LEN(box.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
    sodium_bin2base64(b64.data(), b64.size(), box.data(), box.size(),
                      sodium_base64_VARIANT_ORIGINAL);
    b64.pop_back();
    return b64;
  };
  const std::string damaged = "the sealed identity is damaged";
  // No padding marker at all.
  CHECK(error_of([&] { open_identity(seal_raw({1, 0, 0, 0, 0, 0, 0, 0, 0}), key); }) == damaged);
  // Padded, but a wrong version, a length past the end, a missing field, invalid UTF-8.
  CHECK(error_of([&] { open_identity(seal_raw({2, 0, 0, 0, 0, 0, 0, 0, 0, 0x80}), key); }) ==
        damaged);
  CHECK(error_of([&] { open_identity(seal_raw({1, 0, 9, 'a', 0x80}), key); }) == damaged);
  CHECK(error_of([&] { open_identity(seal_raw({1, 0, 0, 0, 0, 0x80}), key); }) == damaged);
  const std::string bad_utf8 = seal_raw({1, 0, 1, 0xFF, 0, 0, 0, 0, 0, 0, 0x80});
  CHECK(error_of([&] { open_identity(bad_utf8, key); }) == damaged);
  CHECK(open_identity(seal_raw({1, 0, 1, 'a', 0, 0, 0, 0, 0, 0, 0x80}), key).name == "a");
}

TEST_CASE("a sealed box shows nothing of the plaintext", "[tip][seal]") {
  const SecretKey key = fresh_secret_key();
  Identity who = reporter();
  who.name = "Zhang Xiulan";  // ASCII also survives in base64 at some alignment; check both
  for (const Identity& w : {reporter(), who}) {
    const std::string box = seal_identity(w, key.keys.public_key);
    const std::vector<unsigned char> bytes = base64_decode(box);
    const std::string raw(bytes.begin(), bytes.end());
    for (const std::string& secret : {w.name, w.phone, w.id_number}) {
      CAPTURE(secret);
      CHECK(box.find(secret) == std::string::npos);
      CHECK(raw.find(secret) == std::string::npos);
    }
  }
}

TEST_CASE("Identity wipes on assignment and stays usable after a move", "[tip][seal]") {
  Identity a = reporter();
  Identity b = std::move(a);
  CHECK(b.name == "张秀兰");
  a = reporter();  // the moved-from can be assigned and destroyed
  CHECK(a.name == "张秀兰");
  b = Identity();
  CHECK(b.name.empty());
  b = a;
  CHECK(b.note == a.note);
  b.wipe();
  CHECK(b.name.empty());
  CHECK(b.note.empty());
}
