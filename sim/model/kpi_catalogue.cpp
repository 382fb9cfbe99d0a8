// The catalogue of all declared KPIs.
#include "whsim/model/kpi_catalogue.hpp"

#include "whsim/model/queue_demo.hpp"
#include "whsim/model/warehouse.hpp"

namespace whsim::model {

void declare_all_kpis(stats::KpiRegistry& registry) {
  (void)QueueDemoKpis::declare(registry);
  (void)WarehouseKpis::declare(registry, WarehouseKpiParts::all());
}

}  // namespace whsim::model
