#include <firegrid/hazard/rules.hpp>

#include <firegrid/tip/seal.hpp>

#include <fmt/format.h>

#include <map>
#include <set>
#include <string_view>
#include <unordered_set>

namespace firegrid::hazard {

namespace {

using doc::Node;

Location at(const doc::Document& d, const char* key) {
  const doc::Mark m = d.root.key_mark(key);
  return {d.path, m.line, m.column};
}

// `inspection_ids` is null when the inspections were not read (a command that needs none).
void check_hazard(const inspect::Hazard& h, const std::unordered_set<std::string_view>* inspection_ids,
                  const std::set<std::string>& tip_ids, Findings& findings) {
  const doc::Document& d = h.record.doc();
  const Node& r = d.root;
  const auto state = parse_state(r.get_string("state"));
  if (!h.record.loaded || !state) return;  // the schema has said what is wrong
  auto need = [&](const char* key, const char* why) {
    if (!r.find(key))
      findings.error(at(d, "state"), "hazard-state-fields",
                     msg("state {} needs `{}`", to_string(*state), key), why);
  };
  if (*state == State::notified || *state == State::reported) {
    need("deadline", "the rectification deadline of the notice");
    need("notice", "the written notice (issued_on, number)");
  }
  if (*state == State::reported) need("reported_on", "when the unit reported the rectification");
  if (*state == State::fixed || *state == State::closed) need("closed_on", "when it was fixed or closed");
  if (const Node* dec = r.find("decision"); dec && dec->get_string("severity") != r.get_string("severity"))
    findings.error(at(d, "severity"), "hazard-decision",
                   msg("severity is {} but the decision says {}", r.get_string("severity"),
                               dec->get_string("severity")),
                   tr("the decision sets the severity: record a new one with `hazard assess ID --decide`"));
  if (const Node* i = r.find("inspection"); i && inspection_ids &&
      !inspection_ids->count(i->as_string()))
    findings.error({d.path, i->mark().line, i->mark().column}, "hazard-unknown-inspection",
                   msg("no inspection {}", i->as_string()), tr("restore it from git, or remove the link"));
  if (const Node* t = r.find("tip"); t && !tip_ids.count(t->as_string()))
    findings.error({d.path, t->mark().line, t->mark().column}, "hazard-unknown-tip",
                   msg("no tip {}", t->as_string()), tr("restore it from git, or remove the link"));
  if (const Node* history = r.find("history"); history && !history->items().empty()) {
    Date prev;
    parse_date(r.get_string("found_on"), prev);
    for (const auto& e : history->items()) {
      Date date;
      if (parse_date(e.get_string("date"), date) && date < prev)
        findings.warning({d.path, e.mark().line, e.mark().column}, "hazard-history-order",
                         msg("step on {} comes after a step on {}", date.iso(), prev.iso()),
                         tr("history is oldest first; firegrid only appends"));
      if (prev < date) prev = date;
    }
    const Node& last = history->items().back();
    if (!last.get_string("state").empty() && last.get_string("state") != r.get_string("state"))
      findings.error(at(d, "state"), "hazard-state-history",
                     msg("state is {} but the last step of its history left it {}", r.get_string("state"),
                                 last.get_string("state")),
                     tr("move hazards with `firegrid hazard`, which keeps both in step"));
  }
}

// The township's keys, current and previous: key id -> public key.
std::map<std::string, std::string> office_keys(const grid::Grid& township, const std::string& path, Findings& findings) {
  std::map<std::string, std::string> keys;
  const Node* office = township.doc.root.find("tip_office");
  if (!office) return keys;
  auto add = [&](const Node& k) {
    const std::string pub = k.get_string("public_key"), id = k.get_string("key_id");
    if (!tip::valid_public_key(pub) || tip::key_id(pub) != id) {
      findings.error({path, k.mark().line, k.mark().column}, "tip-office-key",
                     msg("key {} does not match its public key", id),
                     tr("make keys with `firegrid keys init`; do not edit them"));
      return;
    }
    keys[id] = pub;
  };
  add(*office);
  if (const Node* prev = office->find("previous"))
    for (const auto& k : prev->items()) add(k);
  return keys;
}

void check_tip(const Tip& t, const std::map<std::string, std::string>& keys, const std::set<std::string>& hazard_ids,
               const std::map<std::string, const Tip*>& by_id, const unit::Registry& units, const Node& policy,
               Findings& findings) {
  const doc::Document& d = t.record.doc();
  const Node& r = d.root;
  if (!t.record.loaded) return;
  const Node* rep = r.find("reporter");
  if (rep) {
    const bool anonymous = rep->find("anonymous") && rep->find("anonymous")->as_bool();
    const std::string sealed = rep->get_string("sealed"), key = rep->get_string("key_id");
    if (anonymous == !sealed.empty() || sealed.empty() != key.empty())
      findings.error(at(d, "reporter"), "tip-reporter", tr("the reporter is neither sealed (key_id and sealed) nor anonymous"),
                     tr("record tips with `firegrid hazard tip add`"));
    else if (!sealed.empty() && sealed.size() != tip::sealed_length())
      findings.error(at(d, "reporter"), "tip-sealed-damaged",
                     msg("the sealed reporter is {} characters long, not {}", sealed.size(), tip::sealed_length()),
                     tr("restore the file from git"));
    else if (!key.empty() && !keys.count(key))
      findings.error(at(d, "reporter"), "tip-key-unknown",
                     msg("sealed to key {}, which is not a key of {}'s tip office", key, t.township->name()),
                     tr("keep replaced keys under tip_office.previous"));
  }
  const std::string hazard = r.get_string("hazard");
  if (!hazard.empty() && !hazard_ids.count(hazard))
    findings.error(at(d, "hazard"), "tip-unknown-hazard", msg("no hazard {}", hazard),
                   tr("restore it from git, or remove the link"));
  if (const std::string u = r.get_string("unit"); !u.empty() && !units.by_id(u))
    findings.error(at(d, "unit"), "tip-unknown-unit", msg("no unit {}", u), tr("`firegrid unit list` shows the units"));
  if (const std::string dup = r.get_string("duplicate_of"); !dup.empty()) {
    const auto it = by_id.find(dup);
    if (it == by_id.end())
      findings.error(at(d, "duplicate_of"), "tip-duplicate", msg("no tip {}", dup), "");
    else if (it->second->record.doc().root.get_string("hazard") != hazard)
      findings.error(at(d, "duplicate_of"), "tip-duplicate",
                     msg("{} is about another hazard", dup), tr("a duplicate repeats a tip on the same hazard"));
  }
  if (const Node* w = r.find("reward")) {
    const Node* v = r.find("verification");
    const bool founded = v && v->find("founded") && v->find("founded")->as_bool();
    // `anonymous: false` beside a sealed reporter is a named one.
    const bool anonymous = rep && rep->find("anonymous") && rep->find("anonymous")->as_bool();
    if (!founded || !r.get_string("duplicate_of").empty() || anonymous)
      findings.error(at(d, "reward"), "tip-reward",
                     tr("only the first founded, named tip of a hazard is rewarded"), "");
    const Node* amount = w->find("amount_yuan");
    const int lo = policy_int(policy, "tips", "reward_min_yuan", 0), hi = policy_int(policy, "tips", "reward_max_yuan", 1000000);
    if (amount && amount->kind() == doc::Kind::integer && (amount->as_int() < lo || amount->as_int() > hi))
      findings.warning({d.path, amount->mark().line, amount->mark().column}, "tip-reward-scale",
                       msg("{} yuan is outside the reward scale ({} to {} yuan)", amount->as_int(), lo, hi),
                       tr("the scale is policy.tips in firegrid.yaml"));
  }
}

}  // namespace

void check_records(const grid::Tree& tree, const unit::Registry& units,
                   const std::vector<inspect::Inspection>& inspections, bool inspections_read,
                   const std::vector<inspect::Hazard>& hazards, const std::vector<Tip>& tips, const Node& policy,
                   Findings& findings) {
  std::set<std::string> tip_ids, hazard_ids;
  // The inspections the hazards name that exist (a few hundred of a year's 260,000), by file
  // name or by the id written inside: a record whose two differ has its own finding, and
  // its links should not fail twice.
  std::unordered_set<std::string_view> named, inspection_ids;
  for (const auto& h : hazards)
    if (const Node* i = h.record.doc().root.find("inspection")) named.insert(i->as_string());
  if (!named.empty())
    for (const auto& i : inspections)
      for (const std::string_view id : {i.record.id(), std::string_view(i.declared_id)})
        if (!id.empty() && named.count(id)) inspection_ids.insert(id);
  for (const auto& t : tips) tip_ids.insert({std::string(t.record.id()), t.record.doc().root.get_string("id")});
  for (const auto& h : hazards) hazard_ids.insert({std::string(h.record.id()), h.record.doc().root.get_string("id")});
  for (const auto& h : hazards) check_hazard(h, inspections_read ? &inspection_ids : nullptr, tip_ids, findings);
  std::map<std::string, std::map<std::string, std::string>> keys;  // township path -> its keys
  tree.walk([&](grid::Grid& g) {
    if (g.level == grid::Level::township) keys[g.path] = office_keys(g, g.doc.path, findings);
  });
  std::map<std::string, const Tip*> by_id;
  for (const auto& t : tips) by_id[std::string(t.record.id())] = &t;
  for (const auto& t : tips) check_tip(t, keys[t.township->path], hazard_ids, by_id, units, policy, findings);
}

}  // namespace firegrid::hazard
