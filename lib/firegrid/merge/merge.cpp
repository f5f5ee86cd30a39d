#include <firegrid/merge/merge.hpp>

#include <firegrid/core/i18n.hpp>
#include <firegrid/doc/conflict.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/doc/load.hpp>
#include <firegrid/hazard/lifecycle.hpp>
#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace firegrid::merge {

using doc::Node;

namespace {

// What one merge collected: the lists merged, the conflicts (with the top-level key each
// is under, so a hazard's replayed fields can drop theirs).
struct MergeRun {
  std::vector<std::string> lists;
  std::vector<std::pair<std::string, std::string>> conflicts;
  bool history_merged = false;
};

bool same_value(const Node* a, const Node* b) {
  if (!a || !b) return !a && !b;
  return *a == *b;
}

std::string merge_brief(const Node* n) {
  if (!n) return "nothing";
  switch (n->kind()) {
    case doc::Kind::sequence: return msg("a list of {}", n->items().size());
    case doc::Kind::mapping: return "a mapping";
    case doc::Kind::null: return "null";
    default: break;
  }
  std::string s = n->as_string();
  if (s.size() > 40) {
    std::size_t cut = 40;
    while (cut > 0 && (static_cast<unsigned char>(s[cut]) & 0xC0) == 0x80) --cut;  // whole characters
    s = s.substr(0, cut) + "…";
  }
  return fmt::format("'{}'", s);
}

std::string top_key(const std::string& where) { return where.substr(0, where.find('.')); }

// The order of an appended entry among the other side's: its date, then its id (or
// checklist code), then its text, so the result does not depend on which side is ours.
std::tuple<std::string, std::string, std::string> entry_order(const Node& e) {
  if (!e.is_mapping()) return {"", "", e.as_string()};
  std::string date = e.get_string("date");
  for (const char* k : {"on", "due", "issued_on"})
    if (date.empty()) date = e.get_string(k);
  std::string id = e.get_string("id");
  if (id.empty()) id = e.get_string("code");
  return {date, id, doc::emit(e)};
}

std::optional<Node> merge_value(const Node* b, const Node* o, const Node* t, const std::string& where, MergeRun& run);

Node merge_mapping(const Node* b, const Node& o, const Node& t, const std::string& where, MergeRun& run) {
  Node out = Node::mapping(o.mark());
  std::vector<std::string> keys;
  for (const auto& e : o.entries()) keys.push_back(e.key);
  for (const auto& e : t.entries())
    if (!o.find(e.key)) keys.push_back(e.key);
  for (const auto& key : keys) {
    const Node* bk = b ? b->find(key) : nullptr;
    if (auto v = merge_value(bk, o.find(key), t.find(key), where.empty() ? key : where + "." + key, run))
      out.set(key, std::move(*v));
  }
  return out;
}

// Both sides appended to a list the base is the start of: the base's entries, then both
// sides' new ones by entry_order, each side's own order kept; an entry both sides
// appended alike is kept once.
Node merge_appended(std::size_t shared, const Node& o, const Node& t, const std::string& where, MergeRun& run) {
  std::vector<Node> mine(o.items().begin() + static_cast<long>(shared), o.items().end());
  std::vector<Node> other;
  std::vector<bool> matched(mine.size(), false);
  std::size_t alike = 0;
  for (auto it = t.items().begin() + static_cast<long>(shared); it != t.items().end(); ++it) {
    bool dup = false;
    for (std::size_t i = 0; i < mine.size() && !dup; ++i)
      if (!matched[i] && mine[i] == *it) matched[i] = dup = true;
    if (dup) ++alike;
    else other.push_back(*it);
  }
  Node out = Node::sequence(o.mark());
  for (std::size_t i = 0; i < shared; ++i) out.push(o.items()[i]);
  std::size_t i = 0, j = 0;
  while (i < mine.size() || j < other.size()) {
    const bool take_other = i == mine.size() || (j < other.size() && entry_order(other[j]) < entry_order(mine[i]));
    out.push(take_other ? other[j++] : mine[i++]);
  }
  std::string words = msg("`{}`: {} new of ours and {} of theirs, by date", where, mine.size(), other.size());
  if (alike) words += msg(" ({} added alike on both sides, kept once)", alike);
  run.lists.push_back(words);
  if (where == "history") run.history_merged = true;
  return out;
}

bool starts_with_items(const Node& list, const Node* base) {
  if (!base) return true;
  if (base->items().size() > list.items().size()) return false;
  return std::equal(base->items().begin(), base->items().end(), list.items().begin());
}

// The merged value of one key (nullopt: absent). On a conflict, says so in `run` and
// returns ours, which no caller writes.
std::optional<Node> merge_value(const Node* b, const Node* o, const Node* t, const std::string& where, MergeRun& run) {
  auto value = [](const Node* n) { return n ? std::optional<Node>(*n) : std::nullopt; };
  if (same_value(o, t) || same_value(b, t)) return value(o);
  if (same_value(b, o)) return value(t);
  if (o && t && o->is_mapping() && t->is_mapping() && (!b || b->is_mapping()))
    return merge_mapping(b, *o, *t, where, run);
  if (o && t && o->is_sequence() && t->is_sequence() && (!b || b->is_sequence()) && starts_with_items(*o, b) &&
      starts_with_items(*t, b))
    return merge_appended(b ? b->items().size() : 0, *o, *t, where, run);
  std::string what = msg("both sides changed `{}`: ours {}, theirs {}", where, merge_brief(o), merge_brief(t));
  if (o && t && o->is_sequence() && t->is_sequence())
    what = msg("both sides changed `{}`, not only by adding to its end", where);
  run.conflicts.emplace_back(top_key(where), what);
  return value(o);
}

// A hazard's merged steps must follow one another as the state machine allows: two
// sides that each took the hazard somewhere (one fixed it, one served a notice) did not
// both happen to the same hazard as written. A new step that leaves the state as it is (a
// note, an escalation) records the state it now follows, not the one its side had.
void check_hazard_steps(Node& record, std::size_t shared, MergeRun& run) {
  Node* history = record.find("history");
  if (!history) return;
  hazard::State state = hazard::State::found;
  auto& steps = history->items();
  for (std::size_t i = 0; i < steps.size(); ++i) {
    const std::string event = steps[i].get_string("event");
    const hazard::Transition* tr = nullptr;
    for (const auto& x : hazard::transitions())
      if (event == x.event) tr = &x;
    if (i >= shared && i > 0 && tr && !tr->from.empty() &&
        std::find(tr->from.begin(), tr->from.end(), state) == tr->from.end()) {
      run.conflicts.emplace_back(
          "history", msg("`history`: the step `{}` of {} cannot follow `{}` of {} (the hazard is {} then)", event,
                                 steps[i].get_string("date"), steps[i - 1].get_string("event"),
                                 steps[i - 1].get_string("date"), hazard::to_string(state)));
      return;
    }
    if (i >= shared && i > 0 && tr && !tr->to && steps[i].find("state"))
      steps[i].set("state", Node::string(hazard::to_string(state)));
    if (auto s = hazard::parse_state(steps[i].get_string("state"))) state = *s;
    else if (tr && tr->to) state = *tr->to;
  }
}

// The fields of a hazard that its steps set: made again from the merged steps.
bool hazard_replayed_key(const std::string& key) {
  static const char* const kKeys[] = {"state", "severity", "deadline", "notice", "reported_on", "closed_on",
                                      "escalations", "supervision"};
  return std::any_of(std::begin(kKeys), std::end(kKeys), [&](const char* k) { return key == k; });
}

std::optional<Node> load_side(const std::string& path, const std::string& text, const char* side,
                              std::vector<std::string>& why) {
  auto r = doc::load(path, text);
  if (r.clean() && r.document->root.is_mapping()) return std::move(r.document->root);
  why.push_back(msg("{} does not read as a record{}", tr(side),
                            r.findings.empty() ? "" : ": " + r.findings.items().front().message));
  return std::nullopt;
}

}  // namespace

std::string record_type(const std::string& path) {
  // Attestations and saved plans are made whole by one command: git's merge stays theirs.
  const std::string type = schema::record_type_of_path(path);
  return type == "attestation" || type == "plan" ? "" : type;
}

Outcome merge_record(const std::string& path, const std::string& base, const std::string& ours,
                     const std::string& theirs, const schema::Catalog& catalog) {
  Outcome out;
  const std::string type = record_type(path);
  if (type.empty()) {
    out.conflicts.push_back(tr("not a record firegrid merges"));
    return out;
  }
  if (base.empty()) {
    out.conflicts.push_back(tr("both sides added this file, differently"));
    return out;
  }
  const auto b = load_side(path, base, N_("the common ancestor"), out.conflicts);
  const auto o = load_side(path, ours, N_("ours"), out.conflicts);
  const auto t = load_side(path, theirs, N_("theirs"), out.conflicts);
  if (!b || !o || !t) return out;

  MergeRun run;
  Node merged = merge_mapping(&*b, *o, *t, "", run);
  if (type == "hazard" && run.history_merged) {
    run.conflicts.erase(std::remove_if(run.conflicts.begin(), run.conflicts.end(),
                                       [](const auto& c) { return hazard_replayed_key(c.first); }),
                        run.conflicts.end());
    const Node* shared = b->find("history");
    check_hazard_steps(merged, shared ? shared->items().size() : 0, run);
    merged = hazard::replayed(merged);
  }
  for (auto& c : run.conflicts) out.conflicts.push_back(std::move(c.second));
  out.merged_lists = std::move(run.lists);
  if (!out.conflicts.empty()) return out;

  std::string text = catalog.file_text(type, path, merged);  // with its modeline, as every write
  auto reloaded = doc::load(path, text);
  if (!reloaded.clean()) {
    out.conflicts.push_back(tr("the merged record does not read back"));
    return out;
  }
  const Findings wrong = catalog.validate(*reloaded.document, type);
  for (const auto& f : wrong.items())
    if (f.severity == Severity::error) out.conflicts.push_back(msg("the merged record: {}", f.message));
  if (!out.conflicts.empty()) return out;
  out.merged = true;
  out.text = std::move(text);
  return out;
}

std::optional<Sides> sides_from_markers(std::string_view text) {
  const auto hunks = doc::find_conflicts(text);
  for (const auto& h : hunks)
    if (!h.base || !h.middle || !h.end) return std::nullopt;
  Sides s;
  std::size_t at = 0;
  int line = 0;
  auto next = hunks.begin();
  enum { all, ours_part, base_part, theirs_part } where = all;
  while (at < text.size()) {
    const std::size_t nl = text.find('\n', at);
    const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
    const std::string_view piece = text.substr(at, end - at);
    at = end;
    ++line;
    if (next != hunks.end()) {
      if (line == next->line) { where = ours_part; continue; }
      if (line == next->base) { where = base_part; continue; }
      if (line == next->middle) { where = theirs_part; continue; }
      if (line == next->end) { where = all; ++next; continue; }
    }
    if (where == all || where == base_part) s.base += piece;
    if (where == all || where == ours_part) s.ours += piece;
    if (where == all || where == theirs_part) s.theirs += piece;
  }
  return s;
}

}  // namespace firegrid::merge
