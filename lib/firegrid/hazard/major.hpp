// GB 35181 (重大火灾隐患判定方法) as data: schemas/gb35181.yaml holds each edition's
// direct and composite elements and its counting rules. Judging which elements point to a
// major hazard is mechanical; the determination itself stays a human one (the standard
// asks for a collective discussion or experts), recorded separately as a decision.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/schema/catalog.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::hazard {

inline constexpr const char* kRuleFile = "gb35181.yaml";

struct Element {
  std::string clause, kind, group, text, english;  // kind: direct or composite
  bool verified = false;                            // checked against the standard's text
};

struct Rule {
  std::string clause, kind, text;        // kind: direct or count
  std::vector<std::string> premises;     // count rules: the premises they apply to (empty: all)
  std::vector<std::string> elements;     // count rules: the composite elements counted (empty: all)
  int at_least = 0;
  bool verified = false;
};

struct Edition {
  std::string version;  // GB 35181-2017
  std::optional<Date> in_force, until;
  std::vector<Element> elements;
  std::vector<Rule> rules;
  const Element* find(const std::string& clause) const;
};

struct Premises {
  std::string id, chinese;
};

class Rules {
public:
  // Reads schemas/gb35181.yaml from the catalogue. Throws Error if it is missing.
  explicit Rules(const schema::Catalog& catalog);
  const std::vector<Edition>& editions() const { return editions_; }
  const std::vector<Premises>& premises() const { return premises_; }
  // The edition in force on `d` (the newest one in force when several overlap), or null.
  const Edition* in_force_on(const Date& d) const;
  // By version ("GB 35181-2025") or year ("2025"), or null.
  const Edition* find(const std::string& name) const;

private:
  std::vector<Edition> editions_;
  std::vector<Premises> premises_;
};

// The kind of premises a unit category is for the counting rules, or "" when the
// category does not say (a key unit, a general unit, a dwelling): then the user must.
std::string premises_of_category(const std::string& category);

struct Verdict {
  bool points_to_major = false;
  std::vector<std::string> reasons;   // why, citing clauses; also why not
  std::vector<std::string> unverified;  // clauses used whose text or figure was not checked
};

// What the rules of `edition` say of `elements` found in premises of kind `premises`
// (an element named twice counts once). Throws Error for a clause the edition does not have.
Verdict judge(const Edition& edition, const std::string& premises, const std::vector<std::string>& elements);

}  // namespace firegrid::hazard
