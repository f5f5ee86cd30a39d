#include <firegrid/model/cadences.hpp>

#include <firegrid/core/error.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/inspect/inspect.hpp>
#include <firegrid/meeting/meeting.hpp>

#include <fmt/format.h>

namespace firegrid::model {

namespace {

// What a cadence counts, or an error saying why it cannot be counted.
Cadence resolve_one(const doc::Node& c, const doc::Node& policy) {
  const std::string kind = c.get_string("kind");
  const std::string scope = c.get_string("scope");
  Cadence out{kind, Cadence::Counts::check, Cadence::Scope::grid, "", {},
              policy::Periods(c.get_string("every"), policy)};
  const meeting::Kind* held = meeting::find_kind(meeting::meeting_kinds(), kind);
  if (const auto* k = inspect::find_kind(kind)) out.kind = k->id;
  else if (held && held->level) out.counts = Cadence::Counts::meeting;
  else if (meeting::find_kind(meeting::training_kinds(), kind)) out.counts = Cadence::Counts::event;
  else
    throw Error(msg("cadence '{}' counts nothing: its kind is neither an inspection kind, a meeting of a "
                            "grid level (joint-meeting, leading-group) nor a kind of training, publicity or drill",
                            kind),
                tr("use an inspection kind (`firegrid inspect add --help` lists them), joint-meeting, leading-group, "
                "training, publicity or drill"));
  if (out.counts == Cadence::Counts::meeting && scope != grid::to_string(*held->level))
    throw Error(msg("cadence '{}' asks it of each {}, but a {} is held by a {}", kind, scope, kind,
                            grid::to_string(*held->level)),
                msg("give it scope: {}", grid::to_string(*held->level)));
  if (grid::parse_level(scope)) {
    out.level = scope;
  } else if (out.counts != Cadence::Counts::check) {
    throw Error(msg("cadence '{}' is of the {} scope, but {} records are filed at grids, not units", kind,
                            scope, kind),
                tr("give it the scope of a grid level: county, township, village or group"));
  } else if (scope == "unit") {
    out.scope = Cadence::Scope::unit;
    if (const doc::Node* cats = c.find("categories"))
      for (const auto& cat : cats->items()) out.categories.insert(cat.as_string());
  } else if (scope == "police-district") {
    out.scope = Cadence::Scope::police_district;
  } else {
    throw Error(msg("cadence '{}' has an unknown scope '{}'", kind, scope),
                tr("use county, township, village, group, unit or police-district"));
  }
  return out;
}

}  // namespace

std::vector<Cadence> resolve_cadences(const doc::Node& policy, Findings* findings, const std::string& path) {
  std::vector<Cadence> out;
  const doc::Node* cadences = policy.find("cadences");
  if (!cadences || !cadences->is_sequence()) return out;
  for (const auto& c : cadences->items()) {
    try {
      out.push_back(resolve_one(c, policy));
    } catch (const Error& e) {
      if (findings) findings->error({path, c.mark().line, c.mark().column}, "policy-cadence", e.what(), e.hint());
    }
  }
  return out;
}

}  // namespace firegrid::model
