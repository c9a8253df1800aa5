// The exit codes of `lookout`, the same for every subcommand (README.md,
// "Exit codes"). Scripts rely on them: change them only with the README.
#pragma once

namespace lookout::cli {

inline constexpr int kExitOk = 0;          ///< Everything was read, and all output and history written.
inline constexpr int kExitInput = 1;       ///< An input could not be read or recognised; the rest was processed.
inline constexpr int kExitUsage = 2;       ///< Bad arguments or configuration; nothing was done.
inline constexpr int kExitIncomplete = 3;  ///< Output or history is incomplete: a write failed (disk full, closed
                                           ///< pipe) or the store failed to write or read. The reason is on stderr.

// For --help: one line per code.
inline constexpr const char* kExitCodesHelp =
    "Exit codes: 0 done; 1 an input could not be read; 2 bad arguments; "
    "3 output or history incomplete (a write or the store failed; the reason is on stderr).";

}  // namespace lookout::cli
