// Erlang C and Pollaczek-Khinchine formulas.
#include "whsim/model/queueing_theory.hpp"

#include "whsim/core/error.hpp"

namespace whsim::model {

double erlang_c(int servers, double offered_load) {
  if (servers < 1 || !(offered_load >= 0.0) || offered_load >= servers) {
    throw ContractError("erlang_c: needs servers >= 1 and 0 <= offered load < servers");
  }
  // Sum a^k/k! for k < c by recurrence (no factorials, no pow).
  double term = 1.0;
  double sum = 1.0;
  for (int k = 1; k < servers; ++k) {
    term *= offered_load / k;
    sum += term;
  }
  const double last = term * offered_load / servers;  // a^c / c!
  const double rho = offered_load / servers;
  const double top = last / (1.0 - rho);
  return top / (sum + top);
}

double mmc_mean_wait(double lambda, double mu, int servers) {
  return erlang_c(servers, lambda / mu) / (servers * mu - lambda);
}

double md1_mean_wait(double lambda, double mu) {
  return mg1_mean_wait(lambda, mu, 0.0);
}

double mg1_mean_wait(double lambda, double mu, double scv) {
  const double rho = lambda / mu;
  if (!(rho >= 0.0 && rho < 1.0)) throw ContractError("mg1_mean_wait: needs 0 <= rho < 1");
  return rho * (1.0 + scv) / (2.0 * mu * (1.0 - rho));
}

}  // namespace whsim::model
