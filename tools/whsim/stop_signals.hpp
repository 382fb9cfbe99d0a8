// SIGINT and SIGTERM as a request to stop: the commands that run simulations stop at the next
// check, keep what finished and exit 130 (SIGINT) or 143 (SIGTERM). SIGXFSZ is ignored so that a
// file-size limit is a write error (74), not a crash. One flag per process (signals are).
#pragma once

#include <atomic>

namespace whsim::cli {

/// Installs the handlers (SIGINT, SIGTERM) and ignores SIGXFSZ.
void install_stop_signals();
/// The flag the handlers set; give its address to run options as the stop flag.
[[nodiscard]] const std::atomic<bool>& stop_flag();
/// Whether a stop was requested.
[[nodiscard]] bool stop_requested();
/// The signal that asked to stop (0 when none).
[[nodiscard]] int stop_signal();
/// 143 after SIGTERM, otherwise 130.
[[nodiscard]] int interrupted_exit_code();

}  // namespace whsim::cli
