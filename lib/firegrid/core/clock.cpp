#include <firegrid/core/clock.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <cstdlib>
#include <ctime>

namespace firegrid {

std::string Date::iso() const { return fmt::format("{:04}-{:02}-{:02}", year, month, day); }

// Howard Hinnant's days_from_civil / civil_from_days.
long Date::days() const {
  const int y = year - (month <= 2 ? 1 : 0);
  const long era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = static_cast<unsigned>((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1);
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<long>(doe) - 719468;
}

Date Date::from_days(long z) {
  z += 719468;
  const long era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const long y = static_cast<long>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return {static_cast<int>(y + (m <= 2 ? 1 : 0)), static_cast<int>(m), static_cast<int>(d)};
}

int Date::weekday() const {
  const long d = days();  // 1970-01-01 was a Thursday (4)
  return static_cast<int>(((d % 7) + 7 + 3) % 7) + 1;
}

IsoWeek iso_week(const Date& d) {
  const Date thursday = d.plus(4 - d.weekday());  // the week's Thursday decides its year
  const Date jan1{thursday.year, 1, 1};
  return {thursday.year, static_cast<int>((thursday.days() - jan1.days()) / 7 + 1)};
}

namespace {
Date last_of_month(int year, int month) {
  const Date next = month == 12 ? Date{year + 1, 1, 1} : Date{year, month + 1, 1};
  return next.plus(-1);
}
}  // namespace

Period period_of(const std::string& every, const Date& d) {
  if (every == "day") return {d, d, d.iso()};
  if (every == "week") {
    const Date monday = d.plus(1 - d.weekday());
    const IsoWeek w = iso_week(d);
    return {monday, monday.plus(6), fmt::format("{}-W{:02}", w.year, w.week)};
  }
  auto months = [&](int length, const std::string& name) {
    const int first_month = (d.month - 1) / length * length + 1;
    return Period{{d.year, first_month, 1}, last_of_month(d.year, first_month + length - 1), name};
  };
  if (every == "month") return months(1, fmt::format("{}-{:02}", d.year, d.month));
  if (every == "two-months") {
    const int first = (d.month - 1) / 2 * 2 + 1;
    return months(2, fmt::format("{}-{:02}/{:02}", d.year, first, first + 1));
  }
  if (every == "quarter") return months(3, fmt::format("{}-Q{}", d.year, (d.month - 1) / 3 + 1));
  if (every == "half-year") return months(6, fmt::format("{}-H{}", d.year, d.month <= 6 ? 1 : 2));
  if (every == "year") return months(12, fmt::format("{}", d.year));
  throw Error(msg("no period '{}'", every), tr("periods are day, week, month, two-months, quarter, half-year, year"));
}

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
      throw Error(msg("FIREGRID_TODAY={} is not a date", env), tr("write it as YYYY-MM-DD"));
    return d;
  }
  const std::time_t shanghai = std::time(nullptr) + 8 * 3600;
  std::tm tm {};
  gmtime_r(&shanghai, &tm);
  return {tm.tm_year + 1900, tm.tm_mon + 1, tm.tm_mday};
}

}  // namespace firegrid
