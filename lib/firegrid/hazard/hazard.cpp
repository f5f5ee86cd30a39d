#include <firegrid/hazard/hazard.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/core/id.hpp>
#include <firegrid/doc/emit.hpp>
#include <firegrid/store/repo.hpp>
#include <firegrid/schema/modeline.hpp>

#include <fmt/format.h>

#include <algorithm>

namespace firegrid::hazard {

namespace {

using doc::Node;

std::string compact(const Date& d) { return fmt::format("{:04}{:02}{:02}", d.year, d.month, d.day); }

// A step's date: not after today, not before what the record already says.
// `what` says in words what record[first_key] is ("the verification"): the user never
// sees the key names.
void check_date(const Node& record, const char* first_key, const char* what, const Date& date, const Date& today) {
  if (today < date) throw Error(msg("the date {} is after today ({})", date.iso(), today.iso()));
  Date first;
  if (parse_date(record.get_string(first_key), first) && date < first)
    throw Error(msg("the date {} is before {} ({})", date.iso(), what, first.iso()));
}

// The date of an assessment or a decision: like any step of the state machine
// (lifecycle.cpp), not after today and not before the hazard's last step, so that the
// history stays oldest first (check's hazard-history-order).
void check_step_date(const Node& record, const Date& date, const Date& today) {
  if (today < date) throw Error(msg("the date {} is after today ({})", date.iso(), today.iso()));
  Date last;
  parse_date(record.get_string("found_on"), last);
  if (const Node* h = record.find("history"))
    for (const auto& e : h->items())
      if (Date d; parse_date(e.get_string("date"), d) && last < d) last = d;
  if (date < last)
    throw Error(msg("the date {} is before the hazard's last step ({})", date.iso(), last.iso()),
                tr("steps are recorded in order; give the date it happened"));
}

Node event(const Date& date, const char* what, const Node& by, const std::string& note, const std::string& state) {
  Node e = Node::mapping();
  e.set("date", Node::string(date.iso()));
  e.set("event", Node::string(what));
  if (by.is_mapping()) e.set("by", actor(by));
  if (!note.empty()) e.set("note", Node::string(note));
  e.set("state", Node::string(state));
  return e;
}

void push_history(Node& r, Node e) {
  Node* h = r.find("history");
  if (!h) h = &r.set("history", Node::sequence());
  h->push(std::move(e));
}

Written write(const schema::Catalog& catalog, const char* type, const std::string& id, const std::string& path,
              const std::string& old_text, const Node& record) {
  catalog.require_valid(type, path, record);
  Written w;
  w.id = id;
  w.path = path;
  const std::string text = catalog.file_text(type, path, record);
  if (!schema::same_but_modeline(text, old_text)) w.changes.writes[path] = text;
  return w;
}

}  // namespace

Written open(const schema::Catalog& catalog, const inspect::Checklist& checklist, const NewHazard& h,
             const std::vector<inspect::Hazard>& existing, const Date& today) {
  if (!h.grid) throw Error(tr("a hazard needs a place: --unit or --grid"));
  static const char* sources[] = {"inspection", "patrol", "tip", "self-report"};
  if (std::find_if(std::begin(sources), std::end(sources), [&](const char* s) { return h.source == s; }) ==
      std::end(sources))
    throw Error(msg("unknown source '{}'", h.source), tr("use one of: inspection, patrol, tip, self-report"));
  if (h.severity != "general" && h.severity != "major")
    throw Error(msg("unknown severity '{}'", h.severity), tr("use general or major"));
  const inspect::Checklist::Item* item = nullptr;
  if (!h.item.empty() && !(item = checklist.find(h.item)))
    throw Error(msg("no checklist item '{}'", h.item), tr("`firegrid inspect checklist` lists the codes"));
  std::string description = h.description;
  if (description.empty() && item) description = item->text;
  if (description.empty()) throw Error(tr("describe the hazard"), tr("pass --description, or --item CODE"));
  if (today < h.date) throw Error(msg("the date {} is after today ({})", h.date.iso(), today.iso()));

  const std::string folder = h.unit ? h.unit->folder : h.grid->folder();
  Written w;
  w.id = fmt::format("h-{}-{}", compact(h.date),
                     hashed_id(clone_key(fmt::format("{}\n{}\n{}\n{}", folder, h.date.iso(), h.item, description), h.clone), 6));
  w.path = store::join(store::join(folder, inspect::kHazardsDir), w.id + ".yaml");
  for (const auto& e : existing)
    if (e.record.id() == w.id) {
      w.exists = true;
      return w;
    }
  Node r = Node::mapping();
  r.set("id", Node::string(w.id));
  r.set("state", Node::string("found"));
  r.set("severity", Node::string(h.severity));
  r.set("found_on", Node::string(h.date.iso()));
  r.set("source", Node::string(h.source));
  if (!h.inspection.empty()) r.set("inspection", Node::string(h.inspection));
  if (!h.tip.empty()) r.set("tip", Node::string(h.tip));
  if (!h.item.empty()) r.set("item", Node::string(h.item));
  r.set("description", Node::string(description));
  if (!h.place.empty()) r.set("place", Node::string(h.place));
  if (h.by.is_mapping()) r.set("found_by", actor(h.by));
  Node history = Node::sequence();
  history.push(open_event(h.date, h.by, "", h.severity));
  r.set("history", std::move(history));
  if (!h.attachments.empty()) {
    Node list = Node::sequence();
    for (const auto& a : h.attachments) list.push(a);
    r.set("attachments", std::move(list));
  }
  catalog.require_valid("hazard", w.path, r);
  w.changes.writes[w.path] = catalog.file_text("hazard", w.path, r);
  return w;
}

Written rewrite(const schema::Catalog& catalog, const inspect::Hazard& h, const Node& record) {
  if (!h.record.loaded)
    throw Error(msg("{} cannot be read cleanly, so it cannot be changed", h.record.path),
                tr("run `firegrid check` and fix the file first"));
  return write(catalog, "hazard", std::string(h.record.id()), h.record.path, h.record.doc().text, record);
}

Node assess(const Node& record, const Edition& edition, const std::string& premises,
            const std::vector<std::string>& elements, const Verdict& verdict, const Date& date, const Node& by,
            const Date& today) {
  check_step_date(record, date, today);
  Node r = record;
  Node a = Node::mapping();
  a.set("edition", Node::string(edition.version));
  a.set("premises", Node::string(premises));
  Node els = Node::sequence();
  for (const auto& e : elements) els.push(Node::string(e));
  a.set("elements", std::move(els));
  a.set("points_to_major", Node::boolean(verdict.points_to_major));
  Node reasons = Node::sequence();
  for (const auto& why : verdict.reasons) reasons.push(Node::string(why.size() > 2000 ? why.substr(0, 1990) + "…" : why));
  a.set("reasons", std::move(reasons));
  a.set("assessed_on", Node::string(date.iso()));
  if (by.is_mapping()) a.set("by", actor(by));
  r.set("assessment", std::move(a));
  push_history(r, event(date, "assess", by,
                        fmt::format("{} {}: {}", edition.version, fmt::join(elements, " "),
                                    verdict.points_to_major ? "points to a major hazard" : "does not point to a major hazard"),
                        r.get_string("state")));
  return r;
}

Node decide(const Node& record, const std::string& severity, const Date& date, const std::string& by,
            const std::string& basis, const Date& today) {
  if (severity != "general" && severity != "major")
    throw Error(msg("unknown severity '{}'", severity), tr("use general or major"));
  if (by.empty())
    throw Error(tr("say who decided"), tr("--decided-by 县消防救援大队集体讨论 (the standard asks for a collective or expert determination)"));
  check_step_date(record, date, today);
  Node r = record;
  Node d = Node::mapping();
  d.set("severity", Node::string(severity));
  d.set("decided_on", Node::string(date.iso()));
  d.set("by", Node::string(by));
  if (!basis.empty()) d.set("basis", Node::string(basis));
  r.set("decision", std::move(d));
  r.set("severity", Node::string(severity));
  Node e = event(date, "decide", Node(), fmt::format("{}: {}", severity, by), "");
  e.erase("state");
  e.set("severity", Node::string(severity));  // the severity from this day on (lifecycle's on_day)
  e.set("state", Node::string(r.get_string("state")));
  push_history(r, std::move(e));
  return r;
}

const grid::Grid* township_of(const grid::Grid& g) {
  for (const grid::Grid* p = &g; p; p = p->parent)
    if (p->level == grid::Level::township) return p;
  return nullptr;
}

std::vector<Tip> load_tips(record::Reader& reader, const grid::Tree& tree, Findings& findings) {
  std::vector<Tip> tips;
  tree.walk([&](grid::Grid& g) {
    if (g.level != grid::Level::township) return;
    for (auto& r : record::load_filed(reader, g.folder(), kTipsDir, "tip", findings))
      tips.push_back({std::move(r), &g});
  });
  return tips;
}

Written add_tip(const schema::Catalog& catalog, const grid::Grid& township, const NewTip& t,
                const std::vector<Tip>& existing, const Date& today) {
  if (today < t.received_on)
    throw Error(msg("the date {} is after today ({})", t.received_on.iso(), today.iso()));
  Written w;
  // Never from the reporter: an id hashed from a name or phone could be guessed back. The
  // same words on the same day are the same tip, unless the office says it is another
  // reporter's (t.another): then the next free id of the salted series.
  const std::string words = clone_key(
    fmt::format("{}\n{}\n{}\n{}\n{}", township.path, t.received_on.iso(), t.channel, t.what, t.where), t.clone);
  const auto taken = [&](const std::string& id) {
    for (const auto& e : existing)
      if (e.record.id() == id) return true;
    return false;
  };
  for (int salt = 0;; ++salt) {
    const std::string key = salt == 0 ? words : fmt::format("{}\n#{}", words, salt);
    w.id = fmt::format("t-{}-{}", compact(t.received_on), hashed_id(key, 6));
    if (!taken(w.id)) break;
    if (!t.another) {
      w.exists = true;
      break;
    }
  }
  w.path = store::join(store::join(township.folder(), kTipsDir), w.id + ".yaml");
  if (w.exists) return w;
  Node r = Node::mapping();
  r.set("id", Node::string(w.id));
  r.set("received_on", Node::string(t.received_on.iso()));
  r.set("channel", Node::string(t.channel));
  r.set("what", Node::string(t.what));
  r.set("where", Node::string(t.where));
  if (!t.grid.empty()) r.set("grid", Node::string(t.grid));
  if (!t.unit.empty()) r.set("unit", Node::string(t.unit));
  // Like the verifier and the approver: name, organisation and role, never a phone.
  if (t.received_by.is_mapping()) r.set("received_by", actor(t.received_by));
  Node reporter = Node::mapping();
  if (t.sealed.empty()) {
    reporter.set("anonymous", Node::boolean(true));
  } else {
    reporter.set("key_id", Node::string(t.key_id));
    reporter.set("sealed", Node::string(t.sealed));
  }
  r.set("reporter", std::move(reporter));
  catalog.require_valid("tip", w.path, r);
  w.changes.writes[w.path] = catalog.file_text("tip", w.path, r);
  return w;
}

Node verify_tip(const Node& record, bool founded, const std::string& hazard, const Date& date, const Node& by,
                const std::string& note, const std::vector<Tip>& tips, const Date& today) {
  const std::string id = record.get_string("id");
  if (record.find("verification"))
    throw Error(msg("{} is verified already", id), tr("a verification is not redone; add a note to the hazard instead"));
  if (founded && hazard.empty())
    throw Error(tr("a founded tip names the hazard it revealed"), tr("open it first (hazard open --source tip --tip ID ...), then --hazard H"));
  if (!founded && !hazard.empty()) throw Error(tr("an unfounded tip revealed no hazard; drop --hazard"));
  check_date(record, "received_on", "the tip was received", date, today);
  Node r = record;
  Node v = Node::mapping();
  v.set("on", Node::string(date.iso()));
  v.set("founded", Node::boolean(founded));
  if (by.is_mapping()) v.set("by", actor(by));
  if (!note.empty()) v.set("note", Node::string(note));
  r.set("verification", std::move(v));
  if (founded) {
    r.set("hazard", Node::string(hazard));
    // The first verified reporter of a hazard is the one rewarded.
    for (const auto& t : tips) {
      const Node& o = t.record.doc().root;
      if (t.record.id() == id || o.get_string("hazard") != hazard || !o.get_string("duplicate_of").empty()) continue;
      r.set("duplicate_of", Node::string(std::string(t.record.id())));
      break;
    }
  }
  return r;
}

Node reward_tip(const Node& record, int amount, const Date& date, const Node& by, const Node& policy,
                const Date& today) {
  const std::string id = record.get_string("id");
  const Node* v = record.find("verification");
  if (!v) throw Error(msg("{} is not verified yet", id), tr("verify it first: hazard tip verify ID --founded --hazard H"));
  if (const Node* f = v->find("founded"); !f || !f->as_bool()) throw Error(msg("{} was not founded; no reward", id));
  if (!record.get_string("duplicate_of").empty())
    throw Error(msg("{} repeats {}, whose reporter is rewarded", id, record.get_string("duplicate_of")),
                tr("the first verified reporter of a hazard gets the reward"));
  if (const Node* rep = record.find("reporter"); rep && rep->find("anonymous") && rep->find("anonymous")->as_bool())
    throw Error(msg("{} is anonymous: there is no one to reward", id));
  if (record.find("reward")) throw Error(msg("{} has its reward already", id));
  const int lo = policy_int(policy, "tips", "reward_min_yuan", 0);
  const int hi = policy_int(policy, "tips", "reward_max_yuan", 1000000);
  if (amount < lo || amount > hi)
    throw Error(msg("{} yuan is outside the reward scale ({} to {} yuan)", amount, lo, hi),
                tr("the scale is policy.tips in firegrid.yaml"));
  check_date(*v, "on", "the verification", date, today);
  Node r = record;
  Node w = Node::mapping();
  w.set("amount_yuan", Node::integer(amount));
  w.set("approved_on", Node::string(date.iso()));
  if (by.is_mapping()) w.set("approved_by", actor(by));
  r.set("reward", std::move(w));
  return r;
}

Node pay_tip(const Node& record, const Date& date, const Node& policy, const Date& today) {
  const std::string id = record.get_string("id");
  const Node* w = record.find("reward");
  if (!w) throw Error(msg("{} has no approved reward", id), tr("approve it first: hazard tip reward ID --amount N"));
  if (!w->get_string("paid_on").empty()) throw Error(msg("{} was paid on {}", id, w->get_string("paid_on")));
  check_date(*w, "approved_on", "the approval", date, today);
  Date approved;
  parse_date(w->get_string("approved_on"), approved);
  const int claim = policy_int(policy, "tips", "claim_days", 90);
  if (approved.plus(claim) < date)
    throw Error(msg("the claim period of {} ended on {} ({} days after the approval)", id,
                            approved.plus(claim).iso(), claim));
  Node r = record;
  r.find("reward")->set("paid_on", Node::string(date.iso()));
  return r;
}

const Node* tip_on_day(const Node& record, const Date& d, Node& storage) {
  Date received;
  if (parse_date(record.get_string("received_on"), received) && d < received) return nullptr;
  const auto after = [&](const Node* n, const char* key) {
    Date on;
    return n && parse_date(n->get_string(key), on) && d < on;
  };
  const Node* v = record.find("verification");
  const Node* w = record.find("reward");
  const bool verified_later = after(v, "on");
  const bool approved_later = after(w, "approved_on");
  const bool paid_later = after(w, "paid_on");
  if (!verified_later && !approved_later && !paid_later) return &record;
  storage = record;
  if (verified_later) {
    storage.erase("verification");
    storage.erase("duplicate_of");
    storage.erase("hazard");
  }
  if (verified_later || approved_later) storage.erase("reward");
  else storage.find("reward")->erase("paid_on");
  return &storage;
}

TipStatus tip_status(const Node& stored, const Node& policy, const policy::Calendar& calendar, const Date& as_of) {
  TipStatus s;
  Node storage;
  const Node* then = tip_on_day(stored, as_of, storage);
  if (!then) return s;  // not received yet
  const Node& record = *then;
  const Node* v = record.find("verification");
  if (!v) {
    Date received;
    parse_date(record.get_string("received_on"), received);
    s.status = "received";
    s.due = calendar.add_working_days(received, policy_int(policy, "tips", "reply_working_days", 5), s.certain);
    const int soon = policy_int(policy, "deadlines", "due_soon_days", 7);
    s.light = *s.due < as_of ? Light::red : *s.due <= as_of.plus(soon) ? Light::yellow : Light::green;
    return s;
  }
  const Node* f = v->find("founded");
  if (!f || !f->as_bool()) {
    s.status = "unfounded";
    return s;
  }
  if (!record.get_string("duplicate_of").empty()) {
    s.status = "duplicate";
    return s;
  }
  const Node* w = record.find("reward");
  if (!w) {
    s.status = "founded";
    return s;
  }
  if (!w->get_string("paid_on").empty()) {
    s.status = "paid";
    return s;
  }
  Date approved;
  parse_date(w->get_string("approved_on"), approved);
  s.due = approved.plus(policy_int(policy, "tips", "claim_days", 90));
  s.status = *s.due < as_of ? "lapsed" : "approved";
  return s;
}

Written rewrite_tip(const schema::Catalog& catalog, const Tip& t, const Node& record) {
  if (!t.record.loaded)
    throw Error(msg("{} cannot be read cleanly, so it cannot be changed", t.record.path),
                tr("run `firegrid check` and fix the file first"));
  return write(catalog, "tip", std::string(t.record.id()), t.record.path, t.record.doc().text, record);
}

}  // namespace firegrid::hazard
