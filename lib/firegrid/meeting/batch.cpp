#include <firegrid/meeting/batch.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/doc/load.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <functional>
#include <map>

namespace firegrid::meeting {

namespace {

// One entry of the list, read field by field; every problem throws Error, which the plan
// turns into a finding on the entry's line.
class Entry {
 public:
  Entry(const doc::Node& n, std::vector<std::string> keys) : node_(n) {
    if (!n.is_mapping()) throw Error(tr("each entry is a mapping"), tr("write one `- grid: ...` entry per record"));
    for (const auto& e : n.entries())
      if (std::find(keys.begin(), keys.end(), e.key) == keys.end())
        throw Error(msg("unknown key '{}'", e.key), msg("the keys are {}", fmt::join(keys, ", ")));
  }

  // The scalar at `key` as text, "" when absent.
  std::string text(const char* key) const { return text_of(node_, key); }

  std::string required(const char* key) const {
    std::string s = text(key);
    if (s.empty()) throw Error(msg("the entry has no {}", key), msg("write `{}: ...`", key));
    return s;
  }

  Date date(const char* key, const Date& fallback) const { return date_of(node_, key, fallback); }

  // The list at `key` (empty when absent).
  const std::vector<doc::Node>& list(const char* key) const { return list_of(node_, key); }

  std::vector<std::string> texts(const char* key) const {
    std::vector<std::string> out;
    for (const auto& n : list(key)) out.push_back(scalar(n, key));
    return out;
  }

  // A person: a mapping (name, organisation, role, phone); the record's schema checks it.
  std::optional<doc::Node> person(const char* key) const {
    const doc::Node* n = node_.find(key);
    if (!n) return std::nullopt;
    if (!n->is_mapping())
      throw Error(msg("{} is not a person", key), msg("write `{}: {{name: .., organisation: ..}}`", key));
    return *n;
  }

  static std::string scalar(const doc::Node& n, const std::string& what) {
    if (n.is_mapping() || n.is_sequence())
      throw Error(msg("{} is not a single value", what), tr("write it on one line, e.g. `date: 2026-11-10`"));
    return n.is_null() ? std::string() : n.as_string();
  }

  static std::string text_of(const doc::Node& n, const char* key) {
    const doc::Node* v = n.find(key);
    return v ? scalar(*v, key) : std::string();
  }

  static Date date_of(const doc::Node& n, const char* key, const Date& fallback) {
    const std::string s = text_of(n, key);
    Date d = fallback;
    if (!s.empty() && !parse_date(s, d)) throw Error(msg("{} '{}' is not a date", key, s), tr("write YYYY-MM-DD"));
    return d;
  }

  static const std::vector<doc::Node>& list_of(const doc::Node& n, const char* key) {
    static const std::vector<doc::Node> none;
    const doc::Node* v = n.find(key);
    if (!v) return none;
    if (!v->is_sequence())
      throw Error(msg("{} is not a list", key), msg("write `{}:` followed by one `- ...` line per entry", key));
    return v->items();
  }

 private:
  const doc::Node& node_;
};

NewAction action_of(const doc::Node& n) {
  if (!n.is_mapping()) throw Error(tr("an action is a mapping"), tr("write `- what: ..` with owner and due below it"));
  NewAction a;
  a.what = Entry::text_of(n, "what");
  const doc::Node* owner = n.find("owner");
  if (a.what.empty() || !owner || Entry::text_of(n, "due").empty())
    throw Error(tr("an action needs what, owner and due"), tr("e.g. `- {what: 整改出租房隐患, owner: {name: 王强}, due: 2026-12-31}`"));
  if (!owner->is_mapping()) throw Error(tr("an action's owner is not a person"), tr("write `owner: {name: .., organisation: ..}`"));
  a.owner = *owner;
  a.due = Entry::date_of(n, "due", Date{});
  if (!Entry::text_of(n, "done").empty()) a.done = Entry::date_of(n, "done", Date{});
  for (const auto& h : Entry::list_of(n, "hazards")) a.hazards.push_back(Entry::scalar(h, "hazards"));
  for (const auto& g : Entry::list_of(n, "grids")) a.grids.push_back(Entry::scalar(g, "grids"));
  return a;
}

// What one entry gives: the created record and a line for --dry-run.
struct Planned {
  Created created;
  std::string line;
};

// Reads the list and plans each entry with `plan_entry`, which throws Error for a bad one.
BatchPlan plan(const std::string& file, const std::string& bytes, const char* what,
               const std::function<Planned(const doc::Node&)>& plan_entry) {
  BatchPlan plan;
  auto loaded = doc::load(file, bytes);
  plan.problems.append(loaded.findings);
  if (!loaded.clean()) return plan;
  const doc::Node& root = loaded.document->root;
  if (!root.is_sequence()) {
    plan.problems.error({file, root.mark().line, root.mark().column}, "import-row",
                        msg("a batch is a list of {}", what), tr("write one `- grid: ...` entry per record"));
    return plan;
  }
  std::map<std::string, int> seen;  // id -> line
  for (const auto& n : root.items()) {
    ++plan.rows;
    const int line = n.mark().line;
    auto bad = [&](const std::string& message, const std::string& hint = {}) {
      plan.problems.error({file, line, n.mark().column}, "import-row", message, hint);
    };
    try {
      const Planned p = plan_entry(n);
      if (const auto [it, fresh] = seen.emplace(p.created.id, line); !fresh) {
        bad(fmt::format("the same record as line {}", it->second), "one entry per record");
        continue;
      }
      if (p.created.exists) {
        ++plan.unchanged;
        continue;
      }
      for (const auto& [path, content] : p.created.changes.writes) plan.changes.writes[path] = content;
      ++plan.added;
      plan.actions.push_back(p.line);
    } catch (const InvalidRecord& e) {
      for (const auto& f : e.findings().items()) bad(f.message, f.hint);
    } catch (const Error& e) {
      bad(e.what(), e.hint());
    }
  }
  if (plan.problems.errors() > 0) plan.changes = {};
  return plan;
}

}  // namespace

BatchPlan plan_meetings(const schema::Catalog& catalog, const grid::Tree& tree, const std::set<std::string>& hazard_ids,
                        const std::vector<Meeting>& existing, const std::string& file, const std::string& bytes,
                        const Date& today, const std::string& clone) {
  return plan(file, bytes, "meetings", [&](const doc::Node& n) {
    const Entry e(n, {"grid", "kind", "title", "date", "place", "chair", "attendees", "absent", "agenda", "summary",
                      "decisions", "actions"});
    const grid::Grid* g = tree.resolve(e.required("grid"));
    NewMeeting in;
    in.clone = clone;
    in.kind = e.required("kind");
    in.title = e.text("title");
    in.date = e.date("date", today);
    in.place = e.text("place");
    const auto chair = e.person("chair");
    if (!chair) throw Error(tr("the entry has no chair"), tr("write `chair: {name: .., organisation: .., role: ..}`"));
    in.chair = *chair;
    for (const auto& p : e.list("attendees")) in.attendees.push_back(p);
    for (const auto& p : e.list("absent")) in.absent.push_back(p);
    in.agenda = e.texts("agenda");
    in.summary = e.text("summary");
    in.decisions = e.texts("decisions");
    for (const auto& a : e.list("actions")) in.actions.push_back(action_of(a));
    Planned p{record(catalog, tree, hazard_ids, *g, in, existing), {}};
    const Kind& kind = require_kind(meeting_kinds(), in.kind, "");
    p.line = fmt::format("{}  {}  {}  {}  {}", tr("[import] add"), p.created.id,
                         language() == Language::zh ? kind.chinese : kind.id,
                         in.date.iso(), g->display_path());
    return p;
  });
}

BatchPlan plan_trainings(const schema::Catalog& catalog, const grid::Tree& tree, const std::vector<Training>& existing,
                         const std::string& file, const std::string& bytes, const Date& today,
                         const std::string& clone) {
  return plan(file, bytes, "trainings", [&](const doc::Node& n) {
    const Entry e(n, {"grid", "kind", "title", "date", "place", "campaign", "audience", "reached", "organiser",
                      "certified", "summary"});
    const grid::Grid* g = tree.resolve(e.required("grid"));
    NewTraining in;
    in.clone = clone;
    in.kind = e.required("kind");
    in.title = e.text("title");
    in.date = e.date("date", today);
    in.place = e.text("place");
    in.campaign = e.text("campaign");
    in.audience = e.text("audience");
    in.summary = e.text("summary");
    const doc::Node* reached = n.find("reached");
    if (!reached || reached->kind() != doc::Kind::integer || reached->as_int() < 0)
      throw Error(tr("the entry has no number of people reached"), tr("write `reached: 120`"));
    in.reached = static_cast<long>(reached->as_int());
    in.organiser = e.person("organiser");
    for (const auto& p : e.list("certified")) in.certified.push_back(p);
    Planned p{record_training(catalog, *g, in, existing), {}};
    const Kind& kind = require_kind(training_kinds(), in.kind, "");
    p.line = fmt::format("{}  {}  {}  {}  {}", tr("[import] add"), p.created.id,
                         language() == Language::zh ? kind.chinese : kind.id,
                         in.date.iso(), g->display_path());
    return p;
  });
}

}  // namespace firegrid::meeting
