// The subcommands of `lookout`. Each registers its options on the CLI11 app
// and returns the function to run when it is chosen; the run function returns
// the process exit code. Only cli/ talks to the terminal.
#pragma once

#include <functional>

namespace CLI {
class App;
}

namespace lookout::cli {

using Run = std::function<int()>;

Run add_decode(CLI::App& app);
Run add_demo(CLI::App& app);
Run add_forensics(CLI::App& app);
Run add_replay(CLI::App& app);

}  // namespace lookout::cli
