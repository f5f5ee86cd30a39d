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
  // Notes that `record` did not exist yet on the day (it came on `came`): true, for erase_gone.
  const auto not_yet = [&](const record::FiledRecord& record, const Date& came) {
    repo.later[std::string(record.id())] = came;
    gone_files.insert(record.path);
    return true;
  };
  // Hazards and tips: cut by their own on_day (null: not there yet; `dated_by` says when it came).
  const auto cut_steps = [&](auto& records, auto on_day, const char* dated_by) {
    erase_gone(records, [&](auto& r) {
      doc::Node storage;
      const doc::Node* then = on_day(r.record.doc().root, day, storage);
      if (!then) {
        Date came;
        parse_date(r.record.doc().root.get_string(dated_by), came);
        return not_yet(r.record, came);
      }
      keep_cut(r.record.edit_doc().root, then, storage);
      return false;
    });
  };

  for (auto& u : repo.units.units) unit_on_day(u, day);
  erase_gone(repo.inspections, [&](inspect::Inspection& in) { return day < in.date && not_yet(in.record, in.date); });
  cut_steps(repo.hazards, hazard::on_day, "found_on");
  cut_steps(repo.tips, hazard::tip_on_day, "received_on");
  erase_gone(repo.meetings, [&](meeting::Meeting& m) {
    if (day < m.date) return not_yet(m.record, m.date);
    for (auto& a : m.actions)
      if (a.done && day < *a.done) a.done.reset();
    if (doc::Node* actions = m.record.edit_doc().root.find("actions"))
      for (auto& a : actions->items())
        if (Date done; later_than(day, a.get_string("done"), done)) a.erase("done");
    return false;
  });
  erase_gone(repo.trainings, [&](meeting::Training& t) { return day < t.date && not_yet(t.record, t.date); });

  repo.findings.drop_if([&](const Finding& f) { return gone_files.count(f.where.path) > 0; });
}

}  // namespace firegrid::model
