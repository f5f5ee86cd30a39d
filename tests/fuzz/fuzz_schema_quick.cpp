// Fuzzes the compiled schemas (schema/quick.hpp) against valijson: a record that loads
// and that the compiled schema of any record type calls clean must have no finding from
// the full validation of that type; one that does aborts. The corpus holds a record of
// every kind from the example county, which the fuzzer damages.
#include <firegrid/doc/load.hpp>
#include <firegrid/schema/catalog.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const firegrid::schema::Catalog catalog;
  static const auto types = catalog.types();
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto loaded = firegrid::doc::load("fuzz.yaml", text);
  if (!loaded.clean()) return 0;
  for (const auto& type : types) {
    if (!catalog.certainly_valid(loaded.document->root, type)) continue;
    const auto found = catalog.validate_fully(*loaded.document, type);
    if (!found.empty()) {
      std::fprintf(stderr, "the compiled schema of %s called this clean, valijson says: %s\n--- input\n%s\n",
                   type.c_str(), found.items().front().message.c_str(), text.c_str());
      std::abort();
    }
  }
  return 0;
}
