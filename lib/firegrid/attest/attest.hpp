// Attestations: what held on a day for a grid, as someone signed it, like a balance
// assertion of plain-text accounting. Filed at the grid, <grid folder>/attestations/<id>.yaml;
// docs/format.md#attestations. This file loads and writes them; report/attest.hpp
// recomputes their figures (check) and makes them from a report.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/core/finding.hpp>
#include <firegrid/doc/node.hpp>
#include <firegrid/grid/tree.hpp>
#include <firegrid/record/filed.hpp>
#include <firegrid/schema/catalog.hpp>
#include <firegrid/store/disk.hpp>

#include <optional>
#include <string>
#include <vector>

namespace firegrid::attest {

inline constexpr const char* kAttestationsDir = "attestations";

// One attested figure: its id, its value as written (a count "12", a rate "10/12", or
// names joined by "、" in the order written) and where it is in the file.
struct Figure {
  std::string id;
  std::string value;
  bool names = false;  // a list of names
  doc::Mark mark;
};

struct Attestation {
  record::FiledRecord record;
  const grid::Grid* grid = nullptr;  // the grid it is filed at
  Date date;
  std::optional<Period> period;      // `period`, else the day itself
  std::vector<Figure> figures;       // in file order
};

// The period a report names: 2026-W44, 2026-10, 2026-H2 or 2026; nullopt when `name` is
// none of them.
std::optional<Period> period_named(const std::string& name);

// The attestations of every grid of `tree`. A record that breaks its schema is a finding
// and not handed on.
std::vector<Attestation> load(record::Reader& reader, const grid::Tree& tree, Findings& findings);

struct NewAttestation {
  Date date;
  std::optional<Period> period;
  std::vector<Figure> figures;  // id and value (a names figure: value holds the names joined by "、")
  doc::Node by;                 // a person
  std::string office, report, note;
  std::vector<doc::Node> attachments;  // entries made by attach::stage (a scan of the signed form)
  std::string clone;  // this clone's token (store::clone_token), hashed into the id
};

struct Created {
  std::string id;
  std::string path;
  store::Changes changes;
  bool exists = false;  // the same attestation (grid, day, period, figures, by) is already there
};

// Writes an attestation filed at `g`. Its id is made from the grid, the day, the period,
// who attests and the figures, so writing it twice finds the first (`exists`). Throws
// InvalidRecord when the record would be invalid.
Created record(const schema::Catalog& catalog, const grid::Grid& g, const NewAttestation& in,
               const std::vector<Attestation>& existing);

}  // namespace firegrid::attest
