#include <firegrid/model/on_day.hpp>

#include <firegrid/hazard/lifecycle.hpp>

#include <unordered_set>

namespace firegrid::model {

namespace {

bool later_than(const Date& day, const std::string& iso, Date& when) { return parse_date(iso, when) && day < when; }

// Erases the elements `gone` says yes to, keeping the order.
template <class T, class Pred>
void erase_gone(std::vector<T>& v, Pred gone) {
  v.erase(std::remove_if(v.begin(), v.end(), gone), v.end());
}

// A unit as it stood at the end of `day`: one closed after it is active. (A unit
// registered after it stays: the records filed in its folder keep their own dates, and
// every view judges `registered` against the day.)
void unit_on_day(unit::Unit& u, const Date& day) {
  doc::Node& rec = u.doc.root;
  if (Date closed; rec.get_string("status") == "closed" && later_than(day, rec.get_string("closed_on"), closed)) {
    rec.set("status", doc::Node::string("active"));
    rec.erase("closed_on");
    rec.erase("closed_reason");
  }
}

// Replaces a record's document by its cut form when the cut made one.
void keep_cut(doc::Node& root, const doc::Node* cut, doc::Node& storage) {
  if (cut == &storage) root = std::move(storage);
}

}  // namespace

void cut(Repo& repo, const Date& day) {
  if (repo.day && *repo.day < day) return;  // cut at an earlier day already
  repo.day = day;
  std::unordered_set<std::string> gone_files;  // paths of records that do not exist yet
  for (auto& u : repo.units.units) unit_on_day(u, day);

  erase_gone(repo.inspections, [&](inspect::Inspection& in) {
    const bool gone = day < in.date;
    if (gone) {
      repo.later[in.record.id] = in.date;
      gone_files.insert(in.record.doc.path);
    }
    return gone;
  });

  erase_gone(repo.hazards, [&](inspect::Hazard& h) {
    doc::Node storage;
    const doc::Node* then = hazard::on_day(h.record.doc.root, day, storage);
    if (!then) {
      Date found;
      parse_date(h.record.doc.root.get_string("found_on"), found);
      repo.later[h.record.id] = found;
      gone_files.insert(h.record.doc.path);
      return true;
    }
    keep_cut(h.record.doc.root, then, storage);
    return false;
  });

  erase_gone(repo.tips, [&](hazard::Tip& t) {
    doc::Node storage;
    const doc::Node* then = hazard::tip_on_day(t.record.doc.root, day, storage);
    if (!then) {
      Date received;
      parse_date(t.record.doc.root.get_string("received_on"), received);
      repo.later[t.record.id] = received;
      gone_files.insert(t.record.doc.path);
      return true;
    }
    keep_cut(t.record.doc.root, then, storage);
    return false;
  });

  erase_gone(repo.meetings, [&](meeting::Meeting& m) {
    if (day < m.date) {
      repo.later[m.record.id] = m.date;
      gone_files.insert(m.record.doc.path);
      return true;
    }
    for (auto& a : m.actions)
      if (a.done && day < *a.done) a.done.reset();
    if (doc::Node* actions = m.record.doc.root.find("actions"))
      for (auto& a : actions->items())
        if (Date done; later_than(day, a.get_string("done"), done)) a.erase("done");
    return false;
  });

  erase_gone(repo.trainings, [&](meeting::Training& t) {
    if (day < t.date) {
      repo.later[t.record.id] = t.date;
      gone_files.insert(t.record.doc.path);
      return true;
    }
    return false;
  });

  repo.findings.drop_if([&](const Finding& f) { return gone_files.count(f.where.path) > 0; });
}

}  // namespace firegrid::model
