#include <firegrid/report/diff.hpp>

#include <firegrid/doc/node.hpp>

#include <algorithm>
#include <map>

namespace firegrid::report {

namespace {

// The order changes are listed in, by kind.
const std::vector<std::string> kKinds = {"grid", "unit", "hazard", "inspection", "meeting", "training", "tip"};

std::size_t kind_rank(const std::string& kind) {
  return static_cast<std::size_t>(std::find(kKinds.begin(), kKinds.end(), kind) - kKinds.begin());
}

// A record as the comparison sees it: where it is filed and what may change.
struct Entry {
  std::string grid, state, date, title;
};
using Entries = std::map<std::string, Entry>;  // id -> entry

std::string path_of(const grid::Grid* g) { return g ? g->path : ""; }

// The keys of a grid's and of a unit's record that name people: who leads and who serves.
const char* const kGridPeople[] = {"leader", "members", "coordinators", "rescue_team", "volunteer_brigade"};
const char* const kUnitPeople[] = {"responsible", "manager"};

// A value naming people as one line: a person's or team's scalars in the record's order
// ("张三 派出所 所长 13800138000"), a list's people joined by "、".
std::string diff_people_text(const doc::Node& n) {
  if (n.is_mapping()) {
    std::string s;
    for (const auto& e : n.entries()) {
      const std::string part = diff_people_text(e.value);
      if (!part.empty()) s += (s.empty() ? "" : " ") + part;
    }
    return s;
  }
  if (n.is_sequence()) {
    std::string s;
    for (const auto& item : n.items()) s += (s.empty() ? "" : "、") + diff_people_text(item);
    return s;
  }
  return n.is_null() ? "" : n.as_string();
}

// The people of a record: key -> text, for the keys present.
template <std::size_t N>
std::map<std::string, std::string> diff_people_of(const doc::Node& r, const char* const (&keys)[N]) {
  std::map<std::string, std::string> people;
  for (const char* key : keys)
    if (const doc::Node* v = r.find(key)) people[key] = diff_people_text(*v);
  return people;
}

// Whose people are compared: a grid (by path) or a unit (by id).
struct People {
  Entry entry;
  std::map<std::string, std::string> by_key;
};

struct Snapshot {
  Entries units, hazards, inspections, meetings, trainings, tips;
  std::map<std::string, std::vector<std::string>> unit_edits;  // unit id -> the fields of each `edit` step
  std::map<std::string, People> grid_people, unit_people;
};

void grid_people_of(const grid::Grid& g, Snapshot& s) {
  s.grid_people[g.path] = {{g.path, "", "", g.name()}, diff_people_of(g.doc.root, kGridPeople)};
  for (const auto& c : g.children) grid_people_of(*c, s);
}

Snapshot entries_of(const model::Repo& repo) {
  Snapshot s;
  if (repo.tree.root()) grid_people_of(*repo.tree.root(), s);
  for (const auto& u : repo.units.units) {
    s.units[u.id] = {path_of(u.group), u.active() ? "active" : "closed", "", u.name()};
    s.unit_people[u.id] = {s.units[u.id], diff_people_of(u.doc.root, kUnitPeople)};
    if (const doc::Node* steps = u.doc.root.find("steps"); steps && steps->is_sequence())
      for (const auto& step : steps->items()) {
        if (step.get_string("event") != "edit") continue;
        std::string fields;
        if (const doc::Node* changes = step.find("changes"); changes && changes->is_sequence())
          for (const auto& c : changes->items()) fields += (fields.empty() ? "" : ", ") + c.get_string("field");
        s.unit_edits[u.id].push_back(fields);
      }
  }
  for (const auto& h : repo.hazards) {
    const auto& r = h.record.doc().root;
    s.hazards[std::string(h.record.id())] = {path_of(h.grid), r.get_string("state"), r.get_string("found_on"),
                              r.get_string("description")};
  }
  for (const auto& i : repo.inspections)
    s.inspections[std::string(i.record.id())] = {path_of(i.grid), "", i.date.iso(), i.kind};
  for (const auto& m : repo.meetings) s.meetings[std::string(m.record.id())] = {path_of(m.grid), "", m.date.iso(), m.kind};
  for (const auto& t : repo.trainings)
    s.trainings[std::string(t.record.id())] = {path_of(t.grid), "", t.date.iso(), t.record.doc().root.get_string("title")};
  for (const auto& t : repo.tips)
    s.tips[std::string(t.record.id())] = {path_of(t.township), "", t.record.doc().root.get_string("received_on"), ""};
  return s;
}

bool within(const std::string& path, const std::string& top) {
  return top.empty() || path == top || path.rfind(top + "/", 0) == 0;
}

// The node tree of `g` with empty figures.
Node skeleton(const grid::Grid& g) {
  Node n = node_of(g);
  for (const auto& c : g.children) n.children.push_back(skeleton(*c));
  return n;
}

void index_nodes(Node& n, std::map<std::string, Node*>& index) {
  index[n.path] = &n;
  for (auto& c : n.children) index_nodes(c, index);
}

void sum_totals(Node& n) {
  n.total = n.own;
  for (auto& c : n.children) {
    sum_totals(c);
    add(n.total, c.total);
  }
}

class Collector {
public:
  Collector(Diff& d, const std::string& top) : diff_(d), top_(top) { index_nodes(d.root, index_); }

  // Records one change and counts `figure` at the grid (or its nearest ancestor still there).
  void note(const std::string& kind, const std::string& id, const Entry& e, const std::string& change,
            const std::string& from, const std::string& to, const std::string& figure,
            const std::string& also = "") {
    if (!within(e.grid, top_)) return;
    diff_.changes.push_back({e.grid, kind, id, change, from, to, e.date, e.title});
    std::string path = e.grid;
    while (!index_.count(path) && path != top_) {
      const auto slash = path.rfind('/');
      path = slash == std::string::npos ? "" : path.substr(0, slash);
    }
    auto* node = index_.count(path) ? index_.at(path) : &diff_.root;
    ++node->own[figure];
    if (!also.empty()) ++node->own[also];
  }

  // Records added and removed: `added_figure` for new ids, <plural>.removed for gone ones.
  void added_removed(const std::string& kind, const std::string& plural, const Entries& before,
                     const Entries& after, const std::string& added, const std::string& added_figure) {
    for (const auto& [id, e] : after)
      if (!before.count(id)) note(kind, id, e, added, "", "", added_figure);
    for (const auto& [id, e] : before)
      if (!after.count(id)) note(kind, id, e, "removed", "", "", plural + ".removed");
  }

  // Records, for each key whose people changed in a grid or unit there before and now, a
  // "people" change titled by the key, from and to the people as one line each.
  void people(const std::string& kind, const std::map<std::string, People>& was,
              const std::map<std::string, People>& now) {
    for (const auto& [id, p] : now) {
      const auto old = was.find(id);
      if (old == was.end()) continue;
      std::map<std::string, std::pair<std::string, std::string>> both;  // key -> before, now
      for (const auto& [key, text] : old->second.by_key) both[key].first = text;
      for (const auto& [key, text] : p.by_key) both[key].second = text;
      for (const auto& [key, texts] : both)
        if (texts.first != texts.second)
          note(kind, id, {p.entry.grid, "", "", key}, "people", texts.first, texts.second, "people.changed");
    }
  }

private:
  Diff& diff_;
  std::string top_;
  std::map<std::string, Node*> index_;
};

}  // namespace

const std::vector<std::string>& diff_figures() {
  static const std::vector<std::string> ids = {
      "units.added",       "units.closed",     "units.reopened",       "units.removed",    "units.moved",
      "units.edited",
      "people.changed",
      "hazards.opened",    "hazards.closed",   "hazards.reopened",     "hazards.changed",
      "hazards.removed",   "inspections.recorded", "inspections.removed", "meetings.held",
      "meetings.removed",  "trainings.held",   "trainings.removed",    "tips.received",
      "tips.removed"};
  return ids;
}

Diff diff(const model::Repo& before, const model::Repo& after, const grid::Grid& top, std::size_t depth) {
  Diff d;
  d.root = skeleton(top);
  const Snapshot was = entries_of(before);
  const Snapshot now = entries_of(after);
  Collector c(d, top.path);

  for (const auto& [id, e] : now.units) {
    const auto old = was.units.find(id);
    if (old == was.units.end()) {
      c.note("unit", id, e, "added", "", e.state, "units.added", e.state == "closed" ? "units.closed" : "");
    } else if (old->second.state != e.state) {
      c.note("unit", id, e, e.state == "closed" ? "closed" : "reopened", old->second.state, e.state,
             e.state == "closed" ? "units.closed" : "units.reopened");
    }
    // Moved to another group (`unit move`, `git mv`, or an import): the id stays.
    if (old != was.units.end() && old->second.grid != e.grid) c.note("unit", id, e, "moved", old->second.grid, e.grid, "units.moved");
    // Edited: `edit` steps added to its archive since (unit edit); `to` names the fields.
    if (old != was.units.end()) {
      const auto edits = now.unit_edits.find(id);
      const auto before = was.unit_edits.find(id);
      const std::size_t had = before == was.unit_edits.end() ? 0 : before->second.size();
      if (edits != now.unit_edits.end() && edits->second.size() > had) {
        std::vector<std::string> fields;
        for (std::size_t i = had; i < edits->second.size(); ++i)
          if (std::find(fields.begin(), fields.end(), edits->second[i]) == fields.end()) fields.push_back(edits->second[i]);
        std::string to;
        for (const auto& f : fields) to += (to.empty() ? "" : "; ") + f;
        c.note("unit", id, e, "edited", "", to, "units.edited");
      }
    }
  }
  c.people("grid", was.grid_people, now.grid_people);
  c.people("unit", was.unit_people, now.unit_people);
  for (const auto& [id, e] : was.units)
    if (!now.units.count(id)) c.note("unit", id, e, "removed", e.state, "", "units.removed");

  for (const auto& [id, e] : now.hazards) {
    const auto old = was.hazards.find(id);
    const std::string from = old == was.hazards.end() ? "" : old->second.state;
    if (from == e.state) continue;
    // Closed and reopened are named; other steps (notified, reported, ...) are "changed".
    const bool named = e.state == "closed" || e.state == "reopened";
    const std::string change = named ? e.state : "changed";
    const std::string figure = named ? "hazards." + e.state : "";
    if (old == was.hazards.end()) {
      // Opened since: counted as opened, and as closed or reopened too when it got there.
      c.note("hazard", id, e, "opened", "", e.state, "hazards.opened", figure);
    } else {
      c.note("hazard", id, e, change, from, e.state, "hazards.changed", figure);
    }
  }
  for (const auto& [id, e] : was.hazards)
    if (!now.hazards.count(id)) c.note("hazard", id, e, "removed", e.state, "", "hazards.removed");

  c.added_removed("inspection", "inspections", was.inspections, now.inspections, "added", "inspections.recorded");
  c.added_removed("meeting", "meetings", was.meetings, now.meetings, "added", "meetings.held");
  c.added_removed("training", "trainings", was.trainings, now.trainings, "added", "trainings.held");
  c.added_removed("tip", "tips", was.tips, now.tips, "added", "tips.received");

  std::stable_sort(d.changes.begin(), d.changes.end(), [](const Change& a, const Change& b) {
    if (a.grid != b.grid) return a.grid < b.grid;
    if (a.kind != b.kind) return kind_rank(a.kind) < kind_rank(b.kind);
    return a.id < b.id;
  });
  sum_totals(d.root);
  prune(d.root, depth);
  return d;
}

}  // namespace firegrid::report
