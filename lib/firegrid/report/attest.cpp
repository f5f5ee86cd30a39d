#include <firegrid/report/attest.hpp>

#include <firegrid/report/labels.hpp>
#include <firegrid/text/utf8.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <tuple>

namespace firegrid::report {

namespace {

bool begins_with(const std::string& s, const char* prefix) { return s.rfind(prefix, 0) == 0; }

// The coordinators named in the grid records of `g` and every grid below it.
std::vector<std::string> coordinator_names(const grid::Grid& g) {
  std::vector<std::string> names;
  const std::function<void(const grid::Grid&)> visit = [&](const grid::Grid& at) {
    if (const doc::Node* list = at.doc.root.find("coordinators"); list && list->is_sequence())
      for (const auto& p : list->items()) names.push_back(p.get_string("name"));
    for (const auto& c : at.children) visit(*c);
  };
  visit(g);
  return names;
}

std::string ratio(const Figures& f, const std::string& numerator, const std::string& denominator) {
  return fmt::format("{}/{}", get(f, numerator), get(f, denominator));
}

// The same names in any order are the same figure.
std::string sorted_names(const std::string& joined) {
  std::vector<std::string> names;
  const std::string sep = "、";
  for (std::size_t from = 0; !joined.empty();) {
    const std::size_t at = joined.find(sep, from);
    names.push_back(joined.substr(from, at == std::string::npos ? std::string::npos : at - from));
    if (at == std::string::npos) break;
    from = at + sep.size();
  }
  std::sort(names.begin(), names.end());
  std::string out;
  for (const auto& n : names) out += (out.empty() ? "" : sep) + n;
  return out;
}

}  // namespace

std::optional<std::string> attested_value(const Node& node, const grid::Grid& g, const std::string& id) {
  if (id == "people.coordinators") return std::to_string(coordinator_names(g).size());
  if (id == "people.coordinator-names") {
    std::string out;
    for (const auto& n : coordinator_names(g)) out += (out.empty() ? "" : "、") + n;
    return sorted_names(out);
  }
  if (begins_with(id, "findings.")) return std::nullopt;
  const auto& ids = figure_ids();
  if (std::find(ids.begin(), ids.end(), id) != ids.end()) return std::to_string(get(node.total, id));
  for (const auto& r : rates())
    if (r.id == id) return ratio(node.total, r.numerator, r.denominator);
  if (begins_with(id, "checks.rate.")) {
    const std::string kind = id.substr(12);
    const auto& kinds = check_kinds();
    if (std::find(kinds.begin(), kinds.end(), kind) != kinds.end())
      return ratio(node.total, "checks.done." + kind, "checks.required." + kind);
  }
  return std::nullopt;
}

std::vector<attest::Figure> attestation_figures(const Node& node, const grid::Grid& g) {
  std::vector<std::string> ids = {"units.active"};
  for (const auto& id : figure_ids())
    if (begins_with(id, "units.category.") && get(node.total, id) != 0) ids.push_back(id);
  for (const char* id : {"hazards.open", "hazards.overdue", "hazards.major"}) ids.push_back(id);
  if (get(node.total, "checks.required") > 0) ids.push_back("checks.rate");
  for (const auto& kind : check_kinds())
    if (get(node.total, "checks.required." + kind) > 0) ids.push_back("checks.rate." + kind);
  if (get(node.total, "meetings.joint-required") > 0) ids.push_back("meetings.joint-rate");
  if (g.level != grid::Level::group) ids.push_back("people.coordinators");
  std::vector<attest::Figure> out;
  for (const auto& id : ids) {
    attest::Figure f;
    f.id = id;
    f.value = *attested_value(node, g, id);
    out.push_back(std::move(f));
  }
  return out;
}

namespace {

const Node* node_at(const Node& root, const std::string& path) {
  if (root.path == path) return &root;
  for (const auto& c : root.children)
    if (path == c.path || begins_with(path, (c.path + "/").c_str())) return node_at(c, path);
  return nullptr;
}

// "overdue hazards" for hazards.overdue: the report's English word, in lower case.
std::string figure_words(const Labels& words, const std::string& id) {
  if (id == "people.coordinators") return "fire safety coordinators (people.coordinators)";
  if (id == "people.coordinator-names") return "as the fire safety coordinators (people.coordinator-names)";
  std::string key = "figure." + id;
  if (begins_with(id, "checks.rate.")) key = "figure.checks.done." + id.substr(12);
  else if (!words.has(key)) key = "rate." + id;
  if (!words.has(key)) return id;
  std::string w = words(key);
  if (!w.empty() && w[0] >= 'A' && w[0] <= 'Z' && !(w.size() > 1 && w[1] >= 'A' && w[1] <= 'Z')) w[0] += 'a' - 'A';
  return fmt::format("{} ({})", w, id);
}

}  // namespace

void check_attestations(const model::Repo& repo, const schema::Catalog& catalog, Findings& findings) {
  if (repo.attestations.empty() || !repo.tree.root()) return;
  // Each (period, day) is computed once, for the whole tree.
  std::vector<std::pair<Period, Date>> days;
  std::map<std::tuple<long, long, long>, std::size_t> index_of;
  std::vector<std::size_t> rollup_of;
  for (const auto& a : repo.attestations) {
    const Period p = a.period ? *a.period : Period{a.date, a.date, a.date.iso()};
    const auto key = std::make_tuple(p.first.days(), p.last.days(), a.date.days());
    auto it = index_of.find(key);
    if (it == index_of.end()) {
      it = index_of.emplace(key, days.size()).first;
      days.emplace_back(p, a.date);
    }
    rollup_of.push_back(it->second);
  }
  const std::vector<Rollup> rollups = compute_each(repo, *repo.tree.root(), days);
  const Labels words(catalog, Lang::en);
  for (std::size_t i = 0; i < repo.attestations.size(); ++i) {
    const attest::Attestation& a = repo.attestations[i];
    const Node* node = node_at(rollups[rollup_of[i]].root, a.grid->path);
    if (!node) continue;
    for (const auto& f : a.figures) {
      const Location at{a.record.path, f.mark.line, f.mark.column};
      const auto now = attested_value(*node, *a.grid, f.id);
      if (!now) {
        findings.error(at, "attestation-figure-unknown",
                       msg("the records cannot give {} any more (attested {} on {} for {})", f.id, f.value,
                                   a.date.iso(), a.grid->name()),
                       tr("docs/format.md#attestations lists the figures; was a category or an inspection kind removed "
                       "from the policy?"));
        continue;
      }
      const bool names = f.id == "people.coordinator-names";
      if ((names ? sorted_names(f.value) : f.value) == *now) continue;
      findings.error(at, "attestation-mismatch",
                     msg("attested {} {} on {} for {}; the records now give {}", f.value,
                                 figure_words(words, f.id), a.date.iso(), a.grid->name(), now->empty() ? "none" : *now),
                     msg("a record dated on or before {} was added, changed or back-dated after the figures "
                                 "were signed (git log {} shows what changed): correct the record, or attest "
                                 "the figures again",
                                 a.date.iso(), a.grid->folder()));
    }
  }
}

}  // namespace firegrid::report
