// Closed-form results of queueing theory, used to validate the kernel (tests/validation) and
// shown beside simulated values by `whsim demo`. Rates are per unit time; results in that unit.
#pragma once

namespace whsim::model {

/// Erlang C: probability that an arrival waits in an M/M/c queue with offered load a = lambda/mu
/// (requires a < c).
[[nodiscard]] double erlang_c(int servers, double offered_load);
/// Mean wait in queue Wq of M/M/c (FIFO), lambda < c mu.
[[nodiscard]] double mmc_mean_wait(double lambda, double mu, int servers);
/// Mean wait in queue Wq of M/D/1 (Pollaczek-Khinchine with zero service variance), lambda < mu.
[[nodiscard]] double md1_mean_wait(double lambda, double mu);
/// Mean wait in queue Wq of M/G/1 (Pollaczek-Khinchine): service mean 1/mu and squared
/// coefficient of variation scv.
[[nodiscard]] double mg1_mean_wait(double lambda, double mu, double scv);

}  // namespace whsim::model
