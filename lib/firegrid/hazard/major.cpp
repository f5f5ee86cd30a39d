#include <firegrid/hazard/major.hpp>

#include <firegrid/core/error.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::hazard {

namespace {

std::optional<Date> date_at(const doc::Node& n, const char* key) {
  Date d;
  if (parse_date(n.get_string(key), d)) return d;
  return std::nullopt;
}

bool flag(const doc::Node& n, const char* key) {
  const doc::Node* v = n.find(key);
  return v && v->kind() == doc::Kind::boolean && v->as_bool();
}

}  // namespace

const Element* Edition::find(const std::string& clause) const {
  for (const auto& e : elements)
    if (e.clause == clause) return &e;
  return nullptr;
}

Rules::Rules(const schema::Catalog& catalog) {
  const doc::Node* root = catalog.data(kRuleFile);
  if (!root) throw Error(tr("the GB 35181 rule file (schemas/gb35181.yaml) is missing"));
  if (const doc::Node* ps = root->find("premises"))
    for (const auto& p : ps->items()) premises_.push_back({p.get_string("id"), p.get_string("chinese")});
  if (const doc::Node* eds = root->find("editions"))
    for (const auto& e : eds->items()) {
      Edition ed;
      ed.version = e.get_string("version");
      ed.in_force = date_at(e, "in_force");
      ed.until = date_at(e, "until");
      if (const doc::Node* els = e.find("elements"))
        for (const auto& el : els->items())
          ed.elements.push_back({el.get_string("clause"), el.get_string("kind"), el.get_string("group"),
                                 el.get_string("text"), el.get_string("english"), flag(el, "verified")});
      if (const doc::Node* rules = e.find("rules"))
        for (const auto& r : rules->items()) {
          Rule rule{r.get_string("clause"), r.get_string("kind"), r.get_string("text"), {}, {}, 0, flag(r, "verified")};
          if (const doc::Node* p = r.find("premises"))
            for (const auto& x : p->items()) rule.premises.push_back(x.as_string());
          if (const doc::Node* els = r.find("elements"))
            for (const auto& x : els->items()) rule.elements.push_back(x.as_string());
          if (const doc::Node* n = r.find("at_least"); n && n->kind() == doc::Kind::integer)
            rule.at_least = static_cast<int>(n->as_int());
          ed.rules.push_back(std::move(rule));
        }
      editions_.push_back(std::move(ed));
    }
}

const Edition* Rules::in_force_on(const Date& d) const {
  const Edition* best = nullptr;
  for (const auto& e : editions_) {
    if (e.in_force && d < *e.in_force) continue;
    if (e.until && *e.until < d) continue;
    if (!best || (best->in_force && e.in_force && *best->in_force < *e.in_force)) best = &e;
  }
  return best;
}

const Edition* Rules::find(const std::string& name) const {
  for (const auto& e : editions_)
    if (e.version == name || e.version == "GB 35181-" + name) return &e;
  return nullptr;
}

std::string premises_of_category(const std::string& category) {
  static const char* crowded[] = {"small-shop",          "small-restaurant",   "small-hotel",
                                  "small-entertainment", "small-internet-cafe", "small-beauty-bath",
                                  "small-clinic",        "small-school"};
  for (const char* c : crowded)
    if (category == c) return "crowded";
  return "";
}

Verdict judge(const Edition& edition, const std::string& premises, const std::vector<std::string>& elements) {
  Verdict v;
  std::vector<const Element*> direct, composite;
  for (std::size_t i = 0; i < elements.size(); ++i) {
    const std::string& clause = elements[i];
    // An element named twice is one element: it must not count twice towards a threshold.
    if (std::find(elements.begin(), elements.begin() + static_cast<std::ptrdiff_t>(i), clause) !=
        elements.begin() + static_cast<std::ptrdiff_t>(i))
      continue;
    const Element* e = edition.find(clause);
    if (!e) {
      std::vector<std::string> known;
      for (const auto& k : edition.elements) known.push_back(k.clause);
      throw Error(msg("{} has no element {}", edition.version, clause),
                  msg("its elements are {}", fmt::join(known, " ")));
    }
    (e->kind == "direct" ? direct : composite).push_back(e);
    if (!e->verified) v.unverified.push_back(e->clause);
  }
  for (const auto& rule : edition.rules) {
    if (rule.kind == "direct") {
      for (const Element* e : direct) {
        v.points_to_major = true;
        v.reasons.push_back(fmt::format("{} is a direct element ({}): {}", e->clause, rule.clause, e->text));
      }
      if (!direct.empty() && !rule.verified) v.unverified.push_back(rule.clause);
      continue;
    }
    if (rule.kind != "count") continue;
    if (!rule.premises.empty() &&
        std::find(rule.premises.begin(), rule.premises.end(), premises) == rule.premises.end())
      continue;
    std::vector<std::string> counted;
    for (const Element* e : composite)
      if (rule.elements.empty() ||
          std::find(rule.elements.begin(), rule.elements.end(), e->clause) != rule.elements.end())
        counted.push_back(e->clause);
    if (counted.empty()) continue;
    const bool met = static_cast<int>(counted.size()) >= rule.at_least;
    v.points_to_major = v.points_to_major || met;
    v.reasons.push_back(fmt::format("{}: {} of the composite elements it counts ({}) for {} premises, {} {} needed",
                                    rule.clause, counted.size(), fmt::join(counted, " "),
                                    rule.premises.empty() ? std::string("all") : fmt::format("{}", fmt::join(rule.premises, "/")),
                                    met ? "at least" : "but", rule.at_least));
    if (!rule.verified) v.unverified.push_back(rule.clause);
  }
  if (elements.empty()) v.reasons.push_back("no element was found");
  else if (!v.points_to_major && v.reasons.empty())
    v.reasons.push_back(fmt::format("no rule of {} counts these elements for premises of kind {}", edition.version, premises));
  std::sort(v.unverified.begin(), v.unverified.end());
  v.unverified.erase(std::unique(v.unverified.begin(), v.unverified.end()), v.unverified.end());
  return v;
}

}  // namespace firegrid::hazard
