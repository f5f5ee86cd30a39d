// Fuzzes the guarded loader, the one way a file becomes a tree: any crash, hang,
// sanitizer report or huge allocation is a bug. When a document loads cleanly, the
// emitter's promise is checked too: what it writes loads back as the same tree, and
// writing that again gives the same bytes; a mismatch aborts.
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>

#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

namespace {

using firegrid::doc::Kind;
using firegrid::doc::Node;

// Node equality, except that .nan equals .nan.
bool same(const Node& a, const Node& b) {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
  case Kind::real:
    return (std::isnan(a.as_real()) && std::isnan(b.as_real())) || a.as_real() == b.as_real();
  case Kind::sequence:
    if (a.items().size() != b.items().size()) return false;
    for (std::size_t i = 0; i < a.items().size(); ++i)
      if (!same(a.items()[i], b.items()[i])) return false;
    return true;
  case Kind::mapping:
    if (a.entries().size() != b.entries().size()) return false;
    for (std::size_t i = 0; i < a.entries().size(); ++i)
      if (a.entries()[i].key != b.entries()[i].key ||
          !same(a.entries()[i].value, b.entries()[i].value))
        return false;
    return true;
  default: return a == b;
  }
}

[[noreturn]] void mismatch(const char* what, const std::string& input, const std::string& once,
                           const std::string& twice) {
  std::fprintf(stderr, "round trip: %s\n--- input\n%s\n--- emitted\n%s\n--- emitted again\n%s\n",
               what, input.c_str(), once.c_str(), twice.c_str());
  std::abort();
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  const auto first = firegrid::doc::load("fuzz.yaml", text);
  if (!first.clean()) return 0;
  const Node& root = first.document->root;
  const std::string once = firegrid::doc::emit(root);
  const auto second = firegrid::doc::load("fuzz.yaml", once);
  if (!second.clean()) {
    const auto& f = second.findings.items();
    mismatch(f.empty() ? "emitted text does not load" : f.front().message.c_str(), text, once, "");
  }
  const std::string twice = firegrid::doc::emit(second.document->root);
  if (!same(second.document->root, root)) mismatch("a different tree", text, once, twice);
  if (twice != once) mismatch("different bytes", text, once, twice);
  return 0;
}
