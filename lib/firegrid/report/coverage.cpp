#include <firegrid/report/coverage.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace firegrid::report {

namespace {

bool has_name(const doc::Node& record, const char* person) {
  const doc::Node* p = record.find(person);
  return p && p->is_mapping() && !p->get_string("name").empty();
}

}  // namespace

const std::vector<std::string>& coverage_kinds() {
  static const std::vector<std::string> k{"empty-group", "never-inspected", "no-responsible", "no-leader"};
  return k;
}

std::vector<Gap> coverage(const model::Repo& repo, const grid::Grid& top, const Date& as_of) {
  std::set<std::string> inspected;
  for (const auto& in : repo.inspections) {
    if (in.kind == "self-inspection" || as_of < in.date) continue;
    if (in.unit) inspected.insert(in.unit->id);
    inspected.insert(in.visited.begin(), in.visited.end());
  }
  std::map<const grid::Grid*, std::vector<const unit::Unit*>> by_group;
  for (const auto& u : repo.units.units)
    if (u.group && u.group->is_within(top) && u.active_on(as_of)) by_group[u.group].push_back(&u);
  std::vector<Gap> gaps;
  repo.tree.walk([&](grid::Grid& g) {
    if (!g.is_within(top)) return;
    const auto it = by_group.find(&g);
    if (g.level == grid::Level::group && it == by_group.end()) gaps.push_back({"empty-group", &g, nullptr});
    if (it != by_group.end()) {
      std::vector<const unit::Unit*> units = it->second;
      std::sort(units.begin(), units.end(), [](const unit::Unit* a, const unit::Unit* b) { return a->id < b->id; });
      for (const unit::Unit* u : units)
        if (!inspected.count(u->id)) gaps.push_back({"never-inspected", &g, u});
      for (const unit::Unit* u : units)
        if (!has_name(u->doc.root, "responsible")) gaps.push_back({"no-responsible", &g, u});
    }
    if (g.loaded && !has_name(g.doc.root, "leader")) gaps.push_back({"no-leader", &g, nullptr});
  });
  return gaps;
}

}  // namespace firegrid::report
