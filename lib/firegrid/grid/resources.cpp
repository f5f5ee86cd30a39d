#include <firegrid/grid/resources.hpp>

#include <fmt/format.h>

namespace firegrid::grid {

namespace {

// The grid command that adds it, for hints.
std::string edit_hint(const Grid& g, const char* option) {
  return fmt::format("firegrid grid edit {} {}", g.path.empty() ? "/" : g.path, option);
}

bool has_police_officer(const doc::Node& record) {
  const doc::Node* members = record.find("members");
  if (!members || !members->is_sequence()) return false;
  for (const auto& m : members->items())
    if (m.get_string("organisation").find("派出所") != std::string::npos) return true;
  return false;
}

bool wants(const doc::Node& resources, const char* key) {
  const doc::Node* n = resources.find(key);
  return n && n->kind() == doc::Kind::boolean && n->as_bool();
}

long number(const doc::Node& resources, const char* key, long otherwise) {
  const doc::Node* n = resources.find(key);
  return n && n->kind() == doc::Kind::integer ? static_cast<long>(n->as_int()) : otherwise;
}

}  // namespace

std::vector<Gap> resource_gaps(const Grid& g, const doc::Node& resources) {
  std::vector<Gap> gaps;
  if (!g.loaded) return gaps;
  const doc::Node& r = g.doc.root;
  if (wants(resources, "leader") && !r.find("leader"))
    gaps.push_back({"resource-no-leader", fmt::format("{} has no leader", g.display_path()),
                    edit_hint(g, "--leader name=..,org=..,role=..")});
  if (g.level == Level::township) {
    if (wants(resources, "rescue_team") && !r.find("rescue_team"))
      gaps.push_back({"resource-no-rescue-team",
                      fmt::format("{} has no 24-hour emergency rescue team (24小时应急救援队)", g.display_path()),
                      edit_hint(g, "--rescue-team name=..,size=..,phone=..")});
    if (wants(resources, "police_officer") && !has_police_officer(r))
      gaps.push_back({"resource-no-police",
                      fmt::format("{} names no police-station officer for fire work among its members", g.display_path()),
                      edit_hint(g, "--member name=..,org=派出所,role=消防民警")});
  }
  if (g.level == Level::village) {
    const doc::Node* c = r.find("coordinators");
    const long n = c && c->is_sequence() ? static_cast<long>(c->items().size()) : 0;
    const long low = number(resources, "coordinators_min", 0), high = number(resources, "coordinators_max", n);
    if (n < low || n > high)
      gaps.push_back({"resource-coordinators",
                      fmt::format("{} has {} fire safety coordinators (治安消防协管员); the policy asks for {}",
                                  g.display_path(), n, low == high ? std::to_string(low) : fmt::format("{} to {}", low, high)),
                      n < low ? edit_hint(g, "--coordinator name=..,phone=..")
                            : edit_hint(g, "--remove-coordinator NAME")});
    if (wants(resources, "volunteer_brigade") && !r.find("volunteer_brigade"))
      gaps.push_back({"resource-no-brigade", fmt::format("{} has no volunteer fire brigade (志愿消防队)", g.display_path()),
                      edit_hint(g, "--brigade name=..,size=..")});
  }
  return gaps;
}

void check_resources(const Tree& tree, const doc::Node& policy, Findings& findings) {
  const doc::Node* resources = policy.find("resources");
  if (!resources || !resources->is_mapping()) return;
  tree.walk([&](Grid& g) {
    for (const auto& gap : resource_gaps(g, *resources)) findings.warning({g.doc.path, 0, 0}, gap.code, gap.message, gap.hint);
  });
}

}  // namespace firegrid::grid
