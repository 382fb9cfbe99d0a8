// Every KPI any model declares, in one registry: the source of docs/kpis.md
// (`whsim kpis --markdown`; a test fails when the page and the code differ).
#pragma once

#include "whsim/stats/kpi.hpp"

namespace whsim::model {

/// Declares the KPIs of every model into `registry`.
void declare_all_kpis(stats::KpiRegistry& registry);

}  // namespace whsim::model
