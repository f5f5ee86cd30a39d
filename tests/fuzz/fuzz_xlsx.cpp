// Fuzzes the .xlsx reader two ways. The whole input as a workbook (zip container, then
// its XML parts): libzip checks each part's CRC, so mutations rarely get past the
// container. Hence also the input split at NUL bytes into the XML parts a reader of a
// sheet parses (the sheet, the shared strings, the styles, the workbook), around a fixed
// package frame: that reaches the cell, string, style and date code. Any crash, hang,
// sanitizer report or exception other than firegrid::Error is a bug.
#include <firegrid/core/error.hpp>
#include <firegrid/text/sheet.hpp>
#include <firegrid/text/xlsx.hpp>

#include <cstddef>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view bytes(reinterpret_cast<const char*>(data), size);
  // Small limits, so that a run never spends its time on one huge sheet.
  firegrid::text::XlsxLimits limits;
  limits.part_bytes = 1 << 20;
  limits.cells = 100'000;
  limits.text_bytes = 1 << 20;
  try {
    firegrid::text::read_xlsx(bytes, {}, limits);
  } catch (const firegrid::Error&) {
  }
  try {
    firegrid::text::read_sheet("fuzz.xlsx", bytes.substr(0, 4096), {{}, {}});
  } catch (const firegrid::Error&) {
  }

  std::map<std::string, std::string> parts = {
    {"_rels/.rels",
     R"(<Relationships><Relationship Id="r" Type="x/officeDocument" Target="xl/workbook.xml"/></Relationships>)"},
    {"xl/_rels/workbook.xml.rels",
     R"(<Relationships><Relationship Id="rId1" Type="x/worksheet" Target="worksheets/sheet1.xml"/>)"
     R"(<Relationship Id="rId2" Type="x/sharedStrings" Target="sharedStrings.xml"/>)"
     R"(<Relationship Id="rId3" Type="x/styles" Target="styles.xml"/></Relationships>)"},
    {"xl/workbook.xml", R"(<workbook><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>)"},
  };
  const char* const names[] = {"xl/worksheets/sheet1.xml", "xl/sharedStrings.xml", "xl/styles.xml", "xl/workbook.xml"};
  std::size_t at = 0;
  for (const char* name : names) {
    if (at > bytes.size()) break;
    const std::size_t end = std::min(bytes.find('\0', at), bytes.size());
    parts[name] = std::string(bytes.substr(at, end - at));
    at = end + 1;
  }
  try {
    firegrid::text::read_xlsx_parts(parts, {}, limits);
  } catch (const firegrid::Error&) {
  }
  return 0;
}
