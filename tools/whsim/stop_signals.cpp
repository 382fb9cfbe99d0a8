// SIGINT/SIGTERM as a stop request (see the header).
#include "stop_signals.hpp"

#include <csignal>

#include "exit_codes.hpp"

namespace whsim::cli {
namespace {

std::atomic<bool> g_stop{false};
volatile std::sig_atomic_t g_signal = 0;

extern "C" void on_stop_signal(int sig) {
  g_signal = sig;
  g_stop.store(true, std::memory_order_relaxed);
}

}  // namespace

void install_stop_signals() {
  std::signal(SIGINT, on_stop_signal);
  std::signal(SIGTERM, on_stop_signal);
  std::signal(SIGXFSZ, SIG_IGN);
}

const std::atomic<bool>& stop_flag() {
  return g_stop;
}

bool stop_requested() {
  return g_stop.load(std::memory_order_relaxed);
}

int stop_signal() {
  return g_signal;
}

int interrupted_exit_code() {
  return g_signal == SIGTERM ? kExitTerminated : kExitInterrupted;
}

}  // namespace whsim::cli
