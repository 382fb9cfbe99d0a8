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

}  // namespace whsim::stats
