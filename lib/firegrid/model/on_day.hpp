// A repo as it stood at the end of a past day: the one history cut that every view with a
// day (--as-of, a report's last day) takes its records through, so that no view reads
// today's state for a day gone by. docs/reports.md ("A record on a past day") states the
// rules this file implements.
#pragma once

#include <firegrid/core/clock.hpp>
#include <firegrid/model/repo.hpp>

namespace firegrid::model {

// Cuts `repo` at the end of day `day`, in place: a unit closed after it is active (one
// registered after it stays, and every view judges its `registered` date); an inspection,
// meeting, training, publicity event or drill dated after it, a hazard found after it and
// a tip received after it do not exist; every hazard's and tip's steps after it are undone
// (hazard::on_day, hazard::tip_on_day); an action item done after it is open. Findings of
// the records that do not exist are dropped. The grid, the policy and the calendar stay.
// Records that no longer exist are named in repo.later with the day they came. Cutting
// twice is cutting once at the earlier day.
void cut(Repo& repo, const Date& day);

}  // namespace firegrid::model
