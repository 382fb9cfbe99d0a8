// Exit codes of every whsim subcommand (docs/cli.md). Values follow BSD sysexits where one fits.
#pragma once

namespace whsim::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitRuntimeError = 1;         ///< internal or runtime failure
inline constexpr int kExitUsage = 2;                ///< unknown flag, bad flag value, missing argument
inline constexpr int kExitInvalidInput = 65;        ///< invalid scenario or other input data (EX_DATAERR)
inline constexpr int kExitUnreadableInput = 66;     ///< an input file is missing or unreadable (EX_NOINPUT)
inline constexpr int kExitCannotCreateOutput = 73;  ///< cannot create the output (EX_CANTCREAT)
inline constexpr int kExitWriteError = 74;          ///< I/O error while writing (EX_IOERR)
inline constexpr int kExitInterrupted = 130;        ///< stopped by SIGINT (128 + 2)
inline constexpr int kExitTerminated = 143;         ///< stopped by SIGTERM (128 + 15)

}  // namespace whsim::cli
