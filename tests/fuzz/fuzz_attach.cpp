// Fuzzes what firegrid reads of attachments and attestations beyond the YAML loader: a file
// under files/ taken for a git LFS pointer (lfs_oid), the file name an extension is kept
// from (stored_path), and an attestation's period (period_named). Any crash, hang or
// sanitizer report is a bug.
#include <firegrid/attach/attach.hpp>
#include <firegrid/attest/attest.hpp>

#include <cstddef>
#include <cstdint>
#include <string>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string text(reinterpret_cast<const char*>(data), size);
  if (const auto oid = firegrid::attach::lfs_oid(text)) firegrid::attach::stored_path(*oid, text);
  firegrid::attach::stored_path(std::string(64, 'a'), text);
  if (size < 64) firegrid::attest::period_named(text);
  return 0;
}
