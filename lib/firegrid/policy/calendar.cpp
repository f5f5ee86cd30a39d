#include <firegrid/policy/calendar.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>

#include <fmt/format.h>

namespace firegrid::policy {

Calendar Calendar::from_record(const doc::Node& root) {
  std::set<int> years;
  std::map<long, bool> days;
  if (const doc::Node* ys = root.find("years"))
    for (const auto& y : ys->items())
      if (y.kind() == doc::Kind::integer) years.insert(static_cast<int>(y.as_int()));
  if (const doc::Node* ds = root.find("days"))
    for (const auto& d : ds->items()) {
      Date date;
      if (!parse_date(d.get_string("date"), date)) continue;
      const std::string kind = d.get_string("kind");
      if (kind == "holiday" || kind == "workday") days[date.days()] = kind == "workday";
    }
  return Calendar(std::move(years), std::move(days));
}

bool Calendar::is_working_day(const Date& d) const {
  const auto it = days_.find(d.days());
  if (it != days_.end()) return it->second;
  return d.weekday() <= 5;
}

Date Calendar::add_working_days(const Date& from, int n, bool& certain) const {
  Date d = from;
  for (int counted = 0; counted < n;) {
    d = d.plus(1);
    if (!covers(d.year)) certain = false;
    counted += is_working_day(d);
  }
  return d;
}

int Calendar::working_days_between(const Date& from, const Date& to) const {
  int n = 0;
  for (long day = from.days() + 1; day <= to.days(); ++day) n += is_working_day(Date::from_days(day));
  return n;
}

std::string builtin_calendar_text(const schema::Catalog& catalog) {
  for (const auto& [name, text] : catalog.files())
    if (name == kBuiltinCalendar) return text;
  throw Error(tr("the built-in holiday calendar is missing"));
}

Calendar load_calendar(const store::Disk& disk, const schema::Catalog& catalog, Findings& findings) {
  if (disk.is_file(kCalendarFile)) {
    const auto text = disk.read(kCalendarFile, doc::LoadLimits{}.max_bytes);
    auto loaded = doc::load(kCalendarFile, text.value_or(""));
    findings.append(loaded.findings);
    if (loaded.document) {
      findings.append(catalog.validate(*loaded.document, "calendar"));
      return Calendar::from_record(loaded.document->root);
    }
    return {};
  }
  const doc::Node* builtin = catalog.data(kBuiltinCalendar);
  if (!builtin) throw Error(tr("the built-in holiday calendar is missing"));
  return Calendar::from_record(*builtin);
}

}  // namespace firegrid::policy
