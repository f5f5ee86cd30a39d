// Attestations against the records: each attested figure recomputed with the report's own
// code (the rollup) as of the attested day, and the figures a report prints made into an
// attestation. docs/format.md#attestations lists the figure ids.
#pragma once

#include <firegrid/attest/attest.hpp>
#include <firegrid/model/repo.hpp>
#include <firegrid/report/rollup.hpp>
#include <firegrid/schema/catalog.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::report {

// The value of figure `id` for grid `g` whose rollup node (totals) is `node`, written as an
// attestation writes it ("12", "10/12", or names joined by "、"); nullopt when no such figure
// can be computed (an unknown id, findings.*, which describe the files now).
// Ids: every id of figure_ids() but findings.*; every rate of rates() and
// checks.rate.<kind> as numerator/denominator; people.coordinators and
// people.coordinator-names (the grid's and every grid's below it, as the grid records are).
std::optional<std::string> attested_value(const Node& node, const grid::Grid& g, const std::string& id);

// What an attestation made from a report says: units.active and units.category.<c> (those
// not 0), hazards.open, hazards.overdue, hazards.major, checks.rate and checks.rate.<kind>
// (those with checks required), meetings.joint-rate (when required) and people.coordinators.
std::vector<attest::Figure> attestation_figures(const Node& node, const grid::Grid& g);

// Recomputes every figure of every attestation as of its day, each (period, day) once for
// the whole tree, and adds attestation-mismatch and attestation-figure-unknown findings,
// located at the figure.
void check_attestations(const model::Repo& repo, const schema::Catalog& catalog, Findings& findings);

}  // namespace firegrid::report
