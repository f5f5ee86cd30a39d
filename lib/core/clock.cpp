#include <firegrid/core/clock.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>

namespace firegrid {

std::string Date::iso() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

bool parse_date(const std::string& s, Date& out) {
  if (s.size() != 10 || s[4] != '-' || s[7] != '-') return false;
  for (const std::size_t i : {0, 1, 2, 3, 5, 6, 8, 9})
    if (s[i] < '0' || s[i] > '9') return false;
  Date d{std::stoi(s.substr(0, 4)), std::stoi(s.substr(5, 2)), std::stoi(s.substr(8, 2))};
  if (d.month < 1 || d.month > 12 || d.day < 1) return false;
  static const int days[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (d.year % 4 == 0 && d.year % 100 != 0) || d.year % 400 == 0;
  const int max = d.month == 2 && leap ? 29 : days[d.month - 1];
  if (d.day > max) return false;
  out = d;
  return true;
}

Date today() {
  if (const char* env = std::getenv("FIREGRID_TODAY"); env && *env) {
    Date d;
    if (!parse_date(env, d))
      throw Error(fmt::format("FIREGRID_TODAY={} is not a date", env), "write it as YYYY-MM-DD");
    return d;
  }
  const std::time_t shanghai = std::time(nullptr) + 8 * 3600;
  std::tm tm {};
  gmtime_r(&shanghai, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace firegrid
