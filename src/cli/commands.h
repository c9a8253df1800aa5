// The subcommands of `lookout`. Each registers its options on the CLI11 app
// and returns the function to run when it is chosen; the run function returns
// the process exit code. Only cli/ talks to the terminal.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

namespace CLI {
class App;
}

namespace lookout::node {
struct NodeConfig;
}

namespace lookout::cli {

using Run = std::function<int()>;

Run add_decode(CLI::App& app);
Run add_demo(CLI::App& app);
Run add_forensics(CLI::App& app);
Run add_replay(CLI::App& app);
Run add_serve(CLI::App& app);
Run add_token(CLI::App& app);

// Runs a live node until SIGINT/SIGTERM; `on_ready` (may be empty) gets the
// bound HTTP port once it serves. Returns the exit code.
int serve_node(node::NodeConfig config, const std::string& listen,
               const std::function<void(uint16_t)>& on_ready);

}  // namespace lookout::cli
