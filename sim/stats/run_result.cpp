// Lookup helpers of the run result data model (see the header).
#include "whsim/stats/run_result.hpp"

namespace whsim::stats {

const KpiValue* RunResult::find(std::string_view name) const {
  for (const KpiValue& kpi : kpis) {
    if (kpi.name == name) return &kpi;
  }
  return nullptr;
}

const Table* RunResult::find_table(std::string_view name) const {
  for (const Table& t : tables) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const TimeSeries* RunResult::find_series(std::string_view name) const {
  for (const TimeSeries& s : series) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

const RecordTable* RunResult::find_records(std::string_view name) const {
  for (const RecordTable& t : records) {
    if (t.name == name) return &t;
  }
  return nullptr;
}

const Grid* RunResult::find_grid(std::string_view name) const {
  for (const Grid& g : grids) {
    if (g.name == name) return &g;
  }
  return nullptr;
}

}  // namespace whsim::stats
