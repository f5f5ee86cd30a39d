#include <firegrid/model/on_day.hpp>

#include <firegrid/hazard/lifecycle.hpp>

#include <unordered_map>
#include <unordered_set>

namespace firegrid::model {

namespace {

bool later_than(const Date& day, const std::string& iso, Date& when) { return parse_date(iso, when) && day < when; }

// Erases the elements `gone` says yes to, keeping the order.
template <class T, class Pred>
void erase_gone(std::vector<T>& v, Pred gone) {
  v.erase(std::remove_if(v.begin(), v.end(), gone), v.end());
}

// A unit as it stood at the end of `day`: false when registered after it; a unit closed
// after it is active again.
bool unit_on_day(unit::Unit& u, const Date& day, std::map<std::string, Date>& later) {
  doc::Node& rec = u.doc.root;
  if (Date registered; later_than(day, rec.get_string("registered"), registered)) {
    later[u.id] = registered;
    return false;
  }
  if (Date closed; rec.get_string("status") == "closed" && later_than(day, rec.get_string("closed_on"), closed)) {
    rec.set("status", doc::Node::string("active"));
    rec.erase("closed_on");
    rec.erase("closed_reason");
  }
  return true;
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
  std::vector<std::string> gone_folders;       // unit folders, with '/'

  // Units first: what is filed in a unit's folder goes with it.
  std::unordered_map<const unit::Unit*, std::string> id_of;
  for (const auto& u : repo.units.units) id_of[&u] = u.id;
  std::vector<unit::Unit> units;
  units.reserve(repo.units.units.size());
  for (auto& u : repo.units.units) {
    if (unit_on_day(u, day, repo.later)) units.push_back(std::move(u));
    else gone_folders.push_back(u.folder + "/");
  }
  repo.units.units = std::move(units);
  repo.units.index();
  const auto in_gone_folder = [&](const std::string& path) {
    for (const auto& f : gone_folders)
      if (path.compare(0, f.size(), f) == 0) return true;
    return false;
  };
  const auto relink = [&](const unit::Unit*& u) {
    if (u) u = repo.units.by_id(id_of.at(u));
  };

  erase_gone(repo.inspections, [&](inspect::Inspection& in) {
    Date when = in.date;
    const bool gone = day < in.date || in_gone_folder(in.record.doc.path);
    if (gone) {
      repo.later[in.record.id] = when;
      gone_files.insert(in.record.doc.path);
    }
    return gone;
  });
  for (auto& in : repo.inspections) relink(in.unit);

  erase_gone(repo.hazards, [&](inspect::Hazard& h) {
    doc::Node storage;
    const doc::Node* then = hazard::on_day(h.record.doc.root, day, storage);
    if (!then || in_gone_folder(h.record.doc.path)) {
      Date found;
      parse_date(h.record.doc.root.get_string("found_on"), found);
      repo.later[h.record.id] = found;
      gone_files.insert(h.record.doc.path);
      return true;
    }
    keep_cut(h.record.doc.root, then, storage);
    return false;
  });
  for (auto& h : repo.hazards) relink(h.unit);

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

  repo.findings.drop_if([&](const Finding& f) {
    return gone_files.count(f.where.path) > 0 || in_gone_folder(f.where.path);
  });
}

}  // namespace firegrid::model
