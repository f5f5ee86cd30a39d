// Today's date as the county sees it. Every period follows the calendar in
// Asia/Shanghai (UTC+8, no daylight saving since 1991) whatever the machine's zone.
#pragma once

#include <string>

namespace firegrid {

struct Date {
  int year = 1970, month = 1, day = 1;
  std::string iso() const;  // YYYY-MM-DD
};

// Today in Asia/Shanghai, or the date in the FIREGRID_TODAY environment variable
// (YYYY-MM-DD), which scripts and tests set to make runs reproducible. Throws Error if
// FIREGRID_TODAY is set but not a valid date.
Date today();

// Parses YYYY-MM-DD strictly (real calendar dates only).
bool parse_date(const std::string& s, Date& out);

}  // namespace firegrid
