#include <firegrid/meeting/meeting.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/id.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/policy/cadence.hpp>
#include <firegrid/store/repo.hpp>

#include <fmt/format.h>

#include <algorithm>
#include <tuple>

namespace firegrid::meeting {

const std::vector<Kind>& meeting_kinds() {
  static const std::vector<Kind> all = {
    {"joint-meeting", "联席会议", grid::Level::township},
    {"leading-group", "领导小组会议", grid::Level::county},
    {"other", "其他会议", std::nullopt},
  };
  return all;
}

const std::vector<Kind>& training_kinds() {
  static const std::vector<Kind> all = {
    {"training", "培训", std::nullopt},
    {"publicity", "宣传", std::nullopt},
    {"drill", "演练", std::nullopt},
  };
  return all;
}

const Kind* find_kind(const std::vector<Kind>& kinds, const std::string& s) {
  for (const auto& k : kinds)
    if (s == k.id || s == k.chinese) return &k;
  return nullptr;
}

const Kind& require_kind(const std::vector<Kind>& kinds, const std::string& s, const char* what) {
  if (const Kind* k = find_kind(kinds, s)) return *k;
  std::vector<std::string> ids;
  for (const auto& k : kinds) ids.push_back(fmt::format("{} ({})", k.id, k.chinese));
  throw Error(msg("unknown {} '{}'", what, s), msg("use one of: {}", fmt::join(ids, ", ")));
}

namespace {

const char* folder_of_training(const std::string& kind) { return kind == "publicity" ? kPublicityDir : kTrainingsDir; }

std::string compact(const Date& d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

Location at(const record::FiledRecord& r, const doc::Node& n) { return {r.path, n.mark().line, n.mark().column}; }

void load_meetings(record::Reader& reader, const grid::Tree& tree,
                   const std::set<std::string>& hazard_ids, const grid::Grid& g, std::vector<Meeting>& meetings,
                   Findings& findings) {
  for (auto& r : record::load_filed(reader, g.folder(), kMeetingsDir, "meeting", findings)) {
    Meeting m;
    m.grid = &g;
    const doc::Node& root = r.doc().root;
    m.kind = root.get_string("kind");
    parse_date(root.get_string("date"), m.date);
    const Kind* kind = find_kind(meeting_kinds(), m.kind);
    if (kind && kind->level && *kind->level != g.level) {
      const doc::Mark mk = root.key_mark("kind");
      findings.error({r.path, mk.line, mk.column}, "meeting-level",
                     msg("a {} is held by a {}, but this one is filed at a {}", m.kind,
                                 grid::level_words(*kind->level), grid::level_words(g.level)),
                     msg("move it to the meetings/ folder of its {}, or use kind other",
                                 grid::to_string(*kind->level)));
    }
    if (const doc::Node* actions = root.find("actions"))
      for (const auto& a : actions->items()) {
        Action act;
        act.what = a.get_string("what");
        if (const doc::Node* owner = a.find("owner")) act.owner = owner->get_string("name");
        parse_date(a.get_string("due"), act.due);
        if (Date done; parse_date(a.get_string("done"), done)) {
          act.done = done;
          if (done < m.date)
            findings.error(at(r, *a.find("done")), "meeting-action-done",
                           msg("action done on {}, before the meeting of {}", done.iso(), m.date.iso()),
                           tr("an action item is done on or after the meeting that set it"));
        }
        if (const doc::Node* hazards = a.find("hazards"))
          for (const auto& h : hazards->items())
            if (h.is_string() && !hazard_ids.count(h.as_string()))
              findings.error(at(r, h), "meeting-unknown-hazard", msg("no hazard {}", h.as_string()),
                             tr("`firegrid hazard list` shows the hazards; restore it from git or remove the link"));
        if (const doc::Node* grids = a.find("grids"))
          for (const auto& p : grids->items())
            if (p.is_string() && !tree.find(p.as_string()))
              findings.error(at(r, p), "meeting-unknown-grid", msg("no grid {}", p.as_string()),
                             tr("name a grid by its path (100/201); `firegrid grid list` shows them"));
        m.actions.push_back(std::move(act));
      }
    m.record = std::move(r);
    meetings.push_back(std::move(m));
  }
}

void load_trainings(record::Reader& reader, const grid::Grid& g,
                    std::vector<Training>& trainings, Findings& findings) {
  for (const char* dir : {kTrainingsDir, kPublicityDir})
    for (auto& r : record::load_filed(reader, g.folder(), dir, "training", findings)) {
      Training t;
      t.grid = &g;
      const doc::Node& root = r.doc().root;
      t.kind = root.get_string("kind");
      parse_date(root.get_string("date"), t.date);
      t.campaign = root.get_string("campaign");
      if (const doc::Node* n = root.find("reached"); n && n->kind() == doc::Kind::integer) t.reached = n->as_int();
      if (find_kind(training_kinds(), t.kind) && std::string(folder_of_training(t.kind)) != dir) {
        const doc::Mark mk = root.key_mark("kind");
        findings.error({r.path, mk.line, mk.column}, "training-folder",
                       msg("a {} is filed in {}/", t.kind, dir),
                       msg("move it to the {}/ folder of its grid", folder_of_training(t.kind)));
      }
      t.record = std::move(r);
      trainings.push_back(std::move(t));
    }
}

}  // namespace

void load(record::Reader& reader, const grid::Tree& tree,
          const std::set<std::string>& hazard_ids, std::vector<Meeting>& meetings, std::vector<Training>& trainings,
          Findings& findings) {
  tree.walk([&](grid::Grid& g) {
    load_meetings(reader, tree, hazard_ids, g, meetings, findings);
    load_trainings(reader, g, trainings, findings);
  });
}

namespace {

doc::Node string_list(const std::vector<std::string>& items) {
  doc::Node list = doc::Node::sequence();
  for (const auto& s : items) list.push(doc::Node::string(s));
  return list;
}

doc::Node node_list(const std::vector<doc::Node>& items) {
  doc::Node list = doc::Node::sequence();
  for (const auto& n : items) list.push(n);
  return list;
}

// The record's file and id from where it is filed, its prefix, date and what identifies
// it; `exists` when one of `existing` already has that file.
template <class Record>
Created place(const std::string& folder, const std::string& dir, const std::string& prefix, const Date& date,
              const std::string& key, const std::vector<Record>& existing) {
  Created c;
  c.id = fmt::format("{}-{}-{}", prefix, compact(date), hashed_id(key, 6));
  c.path = store::join(store::join(folder, dir), c.id + ".yaml");
  for (const auto& e : existing)
    if (e.record.path == c.path) c.exists = true;
  return c;
}

void write(const schema::Catalog& catalog, const std::string& type, const doc::Node& r, Created& c) {
  catalog.require_valid(type, c.path, r);
  c.changes.writes[c.path] = catalog.file_text(type, c.path, r);
}

}  // namespace

Created record(const schema::Catalog& catalog, const grid::Tree& tree, const std::set<std::string>& hazard_ids,
               const grid::Grid& g, const NewMeeting& in, const std::vector<Meeting>& existing) {
  const Kind& kind = require_kind(meeting_kinds(), in.kind, "meeting kind");
  if (kind.level && *kind.level != g.level)
    throw Error(msg("a {} ({}) is held by a {}; {} is a {}", kind.id, kind.chinese, grid::level_words(*kind.level),
                            g.display_path(), grid::level_words(g.level)),
                kind.level == grid::Level::township ? tr("name the township with --grid, or use --kind other")
                                                    : tr("use --grid / for the county, or --kind other"));
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}", g.folder(), kind.id, in.date.iso(),
                                      in.chair.get_string("name"), in.title);
  Created c = place(g.folder(), kMeetingsDir, "m", in.date, clone_key(key, in.clone), existing);
  if (c.exists) return c;

  doc::Node r = doc::Node::mapping();
  r.set("id", doc::Node::string(c.id));
  r.set("kind", doc::Node::string(kind.id));
  if (!in.title.empty()) r.set("title", doc::Node::string(in.title));
  r.set("date", doc::Node::string(in.date.iso()));
  if (!in.place.empty()) r.set("place", doc::Node::string(in.place));
  r.set("chair", in.chair);
  if (!in.attendees.empty()) r.set("attendees", node_list(in.attendees));
  if (!in.absent.empty()) r.set("absent", node_list(in.absent));
  if (!in.agenda.empty()) r.set("agenda", string_list(in.agenda));
  if (!in.summary.empty()) r.set("summary", doc::Node::string(in.summary));
  if (!in.decisions.empty()) r.set("decisions", string_list(in.decisions));
  if (!in.actions.empty()) {
    doc::Node actions = doc::Node::sequence();
    for (const auto& a : in.actions) {
      if (a.due < in.date)
        throw Error(msg("action '{}' is due on {}, before the meeting of {}", a.what, a.due.iso(), in.date.iso()),
                    tr("an action item falls due after the meeting that sets it"));
      doc::Node n = doc::Node::mapping();
      n.set("what", doc::Node::string(a.what));
      n.set("owner", a.owner);
      n.set("due", doc::Node::string(a.due.iso()));
      if (a.done) {
        if (*a.done < in.date)
          throw Error(msg("action '{}' is done on {}, before the meeting of {}", a.what, a.done->iso(),
                                  in.date.iso()),
                      tr("an action item is done on or after the meeting that set it"));
        n.set("done", doc::Node::string(a.done->iso()));
      }
      for (const auto& h : a.hazards)
        if (!hazard_ids.count(h)) throw Error(msg("no hazard {}", h), tr("`firegrid hazard list` shows the hazards"));
      std::vector<std::string> paths;
      for (const auto& p : a.grids) paths.push_back(tree.resolve(p)->path);
      for (const auto& p : paths)
        if (p.empty()) throw Error(tr("an action's grid is the county"), tr("name a township, village or group"));
      if (!a.hazards.empty()) n.set("hazards", string_list(a.hazards));
      if (!paths.empty()) n.set("grids", string_list(paths));
      actions.push(std::move(n));
    }
    r.set("actions", std::move(actions));
  }
  if (!in.attachments.empty()) r.set("attachments", node_list(in.attachments));
  write(catalog, "meeting", r, c);
  return c;
}

Created close_action(const schema::Catalog& catalog, const Meeting& m, std::size_t number, const Date& date) {
  if (!m.record.loaded)
    throw Error(msg("{} cannot be read cleanly, so it cannot be edited", m.record.path),
                tr("run `firegrid check` and fix the file first"));
  if (number < 1 || number > m.actions.size())
    throw Error(msg("{} has no action {}", m.record.id(), number),
                m.actions.empty() ? tr("this meeting set no action items")
                                  : msg("its actions are numbered 1 to {}", m.actions.size()));
  const Action& a = m.actions[number - 1];
  if (a.done)
    throw Error(msg("action {} of {} was done on {}", number, m.record.id(), a.done->iso()),
                tr("an action is closed once"));
  if (date < m.date)
    throw Error(msg("--date {} is before the meeting of {}", date.iso(), m.date.iso()),
                tr("an action item is done on or after the meeting that set it"));
  Created c;
  c.id = m.record.id();
  c.path = m.record.path;
  doc::Node r = m.record.doc().root;
  r.find("actions")->items()[number - 1].set("done", doc::Node::string(date.iso()));
  write(catalog, "meeting", r, c);
  return c;
}

Created record_training(const schema::Catalog& catalog, const grid::Grid& g, const NewTraining& in,
                        const std::vector<Training>& existing) {
  const Kind& kind = require_kind(training_kinds(), in.kind, "training kind");
  const std::string key = fmt::format("{}\n{}\n{}\n{}\n{}", g.folder(), kind.id, in.date.iso(), in.title, in.campaign);
  Created c = place(g.folder(), folder_of_training(kind.id), "ev", in.date, clone_key(key, in.clone), existing);
  if (c.exists) return c;
  doc::Node r = doc::Node::mapping();
  r.set("id", doc::Node::string(c.id));
  r.set("kind", doc::Node::string(kind.id));
  if (!in.title.empty()) r.set("title", doc::Node::string(in.title));
  r.set("date", doc::Node::string(in.date.iso()));
  if (!in.place.empty()) r.set("place", doc::Node::string(in.place));
  if (!in.campaign.empty()) r.set("campaign", doc::Node::string(in.campaign));
  if (!in.audience.empty()) r.set("audience", doc::Node::string(in.audience));
  r.set("reached", doc::Node::integer(in.reached));
  if (in.organiser) r.set("organiser", *in.organiser);
  if (!in.certified.empty()) r.set("certified", node_list(in.certified));
  if (!in.summary.empty()) r.set("summary", doc::Node::string(in.summary));
  if (!in.attachments.empty()) r.set("attachments", node_list(in.attachments));
  write(catalog, "training", r, c);
  return c;
}

std::vector<DueRow> due(const grid::Tree& tree, const std::vector<Meeting>& meetings,
                        const std::vector<Training>& trainings, const std::vector<policy::Cadence>& cadences,
                        const doc::Node& policy, const grid::Grid& under, const Date& as_of, int within) {
  std::vector<DueRow> rows;
  const auto since = policy::records_since(policy);
  for (const auto& c : cadences) {
    if (c.counts == policy::Cadence::Counts::check) continue;  // inspect due
    tree.walk([&](grid::Grid& g) {
      if (grid::to_string(g.level) != c.level || !g.is_within(under)) return;
      std::vector<Date> held;  // joint meetings the grid held; events at or below it
      if (c.counts == policy::Cadence::Counts::meeting) {
        for (const auto& m : meetings)
          if (m.kind == c.kind && m.grid == &g) held.push_back(m.date);
      } else {
        for (const auto& t : trainings)
          if (t.kind == c.kind && t.grid && t.grid->is_within(g)) held.push_back(t.date);
      }
      const auto s = policy::cadence_state(c.periods, held, as_of, within, since);
      const std::string last = s.last ? s.last->iso() : "";
      if (s.missed) rows.push_back({g.path, g.name(), c.kind, s.before.name, s.before.last, "missed", last, "", 0, "", ""});
      if (s.due) rows.push_back({g.path, g.name(), c.kind, s.now.name, s.now.last, "due", last, "", 0, "", ""});
    });
  }
  for (const auto& m : meetings) {
    if (!m.grid || !m.grid->is_within(under) || as_of < m.date) continue;
    for (std::size_t i = 0; i < m.actions.size(); ++i) {
      const Action& a = m.actions[i];
      if (a.done && *a.done <= as_of) continue;
      const char* status = a.due < as_of ? "overdue" : a.due <= as_of.plus(within) ? "due-soon" : nullptr;
      if (status)
        rows.push_back({m.grid->path, m.grid->name(), "action", "", a.due, status, "", std::string(m.record.id()), i + 1, a.what, a.owner});
    }
  }
  std::stable_sort(rows.begin(), rows.end(), [](const DueRow& a, const DueRow& b) {
    return std::make_tuple(a.grid, a.kind == "action", a.kind, a.due.days(), a.meeting, a.action) <
           std::make_tuple(b.grid, b.kind == "action", b.kind, b.due.days(), b.meeting, b.action);
  });
  return rows;
}

}  // namespace firegrid::meeting
