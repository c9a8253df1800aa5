// `lookout demo`: the live node on the bundled data (data/demo/demo.toml):
// real Danish AIS and the Eagle S and Yi Peng 3 reconstructions, played at
// ninety times real time so that the first alerts come within a minute, the
// bundled assets, a temporary store and fresh tokens for three nations'
// callers. Prints the address to open (with the operator's token) and runs
// until Ctrl-C.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <string>
#include <unistd.h>

#include "app/node/config.h"
#include "cli/commands.h"
#include "server/api/auth.h"

#ifndef LOOKOUT_DATA_DIR
#define LOOKOUT_DATA_DIR "data"
#endif
#ifndef LOOKOUT_WEB_DIR
#define LOOKOUT_WEB_DIR "web/dist"
#endif

namespace lookout::cli {

namespace {

struct DemoOptions {
  std::string data_dir;
  std::string web_dir;
  std::string listen = "127.0.0.1:8080";
  double speed = 0;
};

int run_demo(const DemoOptions& opt) {
  namespace fs = std::filesystem;
  std::string config_path = (fs::path(opt.data_dir) / "demo" / "demo.toml").string();
  std::string error;
  auto loaded = node::load_config(config_path, error);
  if (!loaded.ok()) {
    std::fprintf(stderr, "lookout demo: %s\n", error.c_str());
    return 2;
  }
  node::NodeConfig config = std::move(loaded.value());
  if (opt.speed > 0) config.clock_speed = opt.speed;
  if (fs::exists(fs::path(opt.web_dir) / "index.html")) {
    config.web_root = opt.web_dir;
  } else {
    std::fprintf(stderr, "lookout demo: no web UI in %s (build it with `make web`); the API still runs\n",
                 opt.web_dir.c_str());
  }
  std::error_code ec;
  fs::path dir = fs::temp_directory_path(ec) / ("lookout-demo-" + std::to_string(::getpid()));
  fs::create_directories(dir, ec);
  config.store = (dir / "history.db").string();

  struct Caller {
    const char* name;
    const char* nation;
    node::Role role;
    std::string token;
  };
  Caller callers[] = {{"dnk-operator", "DNK", node::Role::kOperator, server::new_token()},
                      {"gbr-viewer", "GBR", node::Role::kViewer, server::new_token()},
                      {"usa-viewer", "USA", node::Role::kViewer, server::new_token()}};
  for (const auto& c : callers) {
    config.tokens.push_back({c.name, server::to_hex(server::sha256(c.token)), c.nation, c.role});
  }
  auto on_ready = [&](uint16_t port) {
    std::printf("\nLookout demo: real AIS (Danish Maritime Authority) and the Eagle S and Yi Peng 3\n");
    std::printf("reconstructions, played at %.0fx real time over the bundled Baltic assets.\n\n", config.clock_speed);
    std::printf("  Open   http://127.0.0.1:%u/#token=%s\n", port, callers[0].token.c_str());
    std::printf("         (signed in as the Danish operator; the first alerts come within a minute)\n\n");
    std::printf("  Tokens for the login form and the API (Authorization: Bearer TOKEN):\n");
    for (const auto& c : callers) {
      std::printf("    %-13s %s %-8s %s\n", c.name, c.nation, server::to_string(c.role), c.token.c_str());
    }
    std::printf("\n  The US viewer sees only what is released to NATO (the Danish feed), not the\n");
    std::printf("  Finnish and Swedish feeds released to the JEF nations.\n");
    std::printf("  History: %s    Stop: Ctrl-C\n\n", config.store.c_str());
    std::fflush(stdout);
  };
  std::string listen = opt.listen;
  int rc = serve_node(config, listen, on_ready);
  fs::remove_all(dir, ec);
  return rc;
}

}  // namespace

Run add_demo(CLI::App& app) {
  auto opt = std::make_shared<DemoOptions>();
  const char* env = std::getenv("LOOKOUT_DATA");
  opt->data_dir = env != nullptr ? env : LOOKOUT_DATA_DIR;
  const char* web = std::getenv("LOOKOUT_WEB");
  opt->web_dir = web != nullptr ? web : LOOKOUT_WEB_DIR;
  auto* cmd = app.add_subcommand("demo", "Run the live demo: bundled real AIS and incident reconstructions, map and inbox");
  cmd->add_option("--data", opt->data_dir, "Folder with the bundled data")->capture_default_str();
  cmd->add_option("--web", opt->web_dir, "Folder with the built web UI")->capture_default_str();
  cmd->add_option("--listen", opt->listen, "HTTP address")->capture_default_str();
  cmd->add_option("--speed", opt->speed, "Clock speed-up (default: the demo's, 90)");
  return [opt] { return run_demo(*opt); };
}

}  // namespace lookout::cli
