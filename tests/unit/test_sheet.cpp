#include <firegrid/text/sheet.hpp>

#include <catch2/catch.hpp>

#include <string>

using firegrid::text::excel_shortened_number;
using firegrid::text::spreadsheet_date;

TEST_CASE("spreadsheet_date reads the dates Excel shows", "[sheet]") {
  CHECK(spreadsheet_date("2026/3/5") == "2026-03-05");
  CHECK(spreadsheet_date("2026/03/05") == "2026-03-05");
  CHECK(spreadsheet_date("2026-3-5") == "2026-03-05");
  CHECK(spreadsheet_date("2026.12.31") == "2026-12-31");
  CHECK(spreadsheet_date("2026年3月5日") == "2026-03-05");
  CHECK(spreadsheet_date("2026年12月5号") == "2026-12-05");
  CHECK(spreadsheet_date("2026/3/5 0:00") == "2026-03-05");
  CHECK(spreadsheet_date("2026-03-05") == "2026-03-05");
  // Anything else is left for the caller to refuse, as typed.
  for (const char* kept : {"2026/3/5 9:30", "2026/13/5", "2026/3/32", "2026/3-5", "26/3/5", "2026年3月5", "20260305",
                           "2026/3/", "2026/3/5x", "", "明天"})
    CHECK(spreadsheet_date(kept) == kept);
}

TEST_CASE("excel_shortened_number spots a code Excel made a number", "[sheet]") {
  for (const char* shortened : {"9.11301E+17", "1.39031E+10", "1.30132E+14", "9E+17", "9.1e+17"})
    CHECK(excel_shortened_number(shortened));
  for (const char* fine : {"911301000000000000", "13903100000", "91130132MA0BBBBB2Y", "1.5", "E+17", "9.E+17",
                           "9.1E-17", "9.1E+", "0.1E+17", "9.1E+17 ", ""})
    CHECK_FALSE(excel_shortened_number(fine));
}
