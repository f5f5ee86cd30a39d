#include <firegrid/attest/attest.hpp>

#include <firegrid/core/id.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

#include <regex>

namespace firegrid::attest {

std::optional<Period> period_named(const std::string& name) {
  std::smatch m;
  if (std::regex_match(name, m, std::regex(R"((\d{4})-W(\d{2}))"))) {
    const int year = std::stoi(m[1]), week = std::stoi(m[2]);
    const Date jan4{year, 1, 4};  // week 1 holds 4 January
    const Date monday = jan4.plus(1 - jan4.weekday()).plus(7L * (week - 1));
    const IsoWeek w = iso_week(monday);
    if (week < 1 || w.year != year || w.week != week) return std::nullopt;
    return period_of("week", monday);
  }
  if (std::regex_match(name, m, std::regex(R"((\d{4})-(\d{2}))"))) {
    const int month = std::stoi(m[2]);
    if (month < 1 || month > 12) return std::nullopt;
    return period_of("month", Date{std::stoi(m[1]), month, 1});
  }
  if (std::regex_match(name, m, std::regex(R"((\d{4})-H([12]))")))
    return period_of("half-year", Date{std::stoi(m[1]), m[2] == "1" ? 1 : 7, 1});
  if (std::regex_match(name, std::regex(R"(\d{4})"))) return period_of("year", Date{std::stoi(name), 1, 1});
  return std::nullopt;
}

namespace {

// The value of an attested figure as text: "12", "10/12", or names joined by "、".
Figure attested_figure(const doc::Node::Entry& e) {
  Figure f;
  f.id = e.key;
  f.mark = e.key_mark;
  if (e.value.is_sequence()) {
    f.names = true;
    for (const auto& n : e.value.items()) f.value += (f.value.empty() ? "" : "、") + n.as_string();
  } else {
    f.value = e.value.as_string();
  }
  return f;
}

}  // namespace

std::vector<Attestation> load(record::Reader& reader, const grid::Tree& tree, Findings& findings) {
  std::vector<Attestation> out;
  tree.walk([&](grid::Grid& g) {
    for (auto& r : record::load_filed(reader, g.folder(), kAttestationsDir, "attestation", findings)) {
      Attestation a;
      a.grid = &g;
      const doc::Node& root = r.doc().root;
      if (!parse_date(root.get_string("date"), a.date)) continue;  // the schema says so
      if (const doc::Node* p = root.find("period")) {
        a.period = period_named(p->as_string());
        if (!a.period) {
          findings.error({r.path, p->mark().line, p->mark().column}, "attestation-period",
                         msg("{} is not a week, month, half year or year", p->as_string()),
                         tr("write a period as a report names it: 2026-W44, 2026-10, 2026-H2 or 2026"));
          continue;
        }
        if (a.date < a.period->first) {
          findings.error({r.path, p->mark().line, p->mark().column}, "attestation-period",
                         msg("the period {} begins after the attested day {}", a.period->name, a.date.iso()),
                         tr("an attestation's date lies within or after its period"));
          continue;
        }
      }
      if (const doc::Node* figures = root.find("figures"); figures && figures->is_mapping())
        for (const auto& e : figures->entries()) a.figures.push_back(attested_figure(e));
      a.record = std::move(r);
      out.push_back(std::move(a));
    }
  });
  return out;
}

Created record(const schema::Catalog& catalog, const grid::Grid& g, const NewAttestation& in,
               const std::vector<Attestation>& existing) {
  std::string key = fmt::format("{}\n{}\n{}\n{}", g.folder(), in.date.iso(), in.period ? in.period->name : "",
                                in.by.get_string("name"));
  for (const auto& f : in.figures) key += fmt::format("\n{}={}", f.id, f.value);
  Created c;
  c.id = fmt::format("a-{:04}{:02}{:02}-{}", in.date.year, in.date.month, in.date.day,
                     hashed_id(clone_key(key, in.clone), 6));
  c.path = store::join(store::join(g.folder(), kAttestationsDir), c.id + ".yaml");
  for (const auto& e : existing)
    if (e.record.path == c.path) c.exists = true;
  if (c.exists) return c;
  doc::Node r = doc::Node::mapping();
  r.set("id", doc::Node::string(c.id));
  r.set("date", doc::Node::string(in.date.iso()));
  if (in.period) r.set("period", doc::Node::string(in.period->name));
  doc::Node figures = doc::Node::mapping();
  for (const auto& f : in.figures) {
    if (f.names) {
      doc::Node list = doc::Node::sequence();
      std::size_t from = 0;
      const std::string sep = "、";
      while (!f.value.empty()) {
        const std::size_t at = f.value.find(sep, from);
        list.push(doc::Node::string(f.value.substr(from, at == std::string::npos ? std::string::npos : at - from)));
        if (at == std::string::npos) break;
        from = at + sep.size();
      }
      figures.set(f.id, std::move(list));
    } else if (f.value.find('/') == std::string::npos) {
      figures.set(f.id, doc::Node::integer(std::stoll(f.value)));
    } else {
      figures.set(f.id, doc::Node::string(f.value));
    }
  }
  r.set("figures", std::move(figures));
  r.set("by", in.by);
  if (!in.office.empty()) r.set("office", doc::Node::string(in.office));
  if (!in.report.empty()) r.set("report", doc::Node::string(in.report));
  if (!in.note.empty()) r.set("note", doc::Node::string(in.note));
  if (!in.attachments.empty()) {
    doc::Node list = doc::Node::sequence();
    for (const auto& a : in.attachments) list.push(a);
    r.set("attachments", std::move(list));
  }
  catalog.require_valid("attestation", c.path, r);
  c.changes.writes[c.path] = catalog.file_text("attestation", c.path, r);
  return c;
}

}  // namespace firegrid::attest
