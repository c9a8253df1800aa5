// `lookout serve --config FILE [--listen ADDR:PORT]`: the live node.
// `lookout token [--name N]`: a fresh API token and the hash for the config.
#include <utility>  // before Asio (GCC 12 + C++20)

#include <CLI/CLI.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <cstdio>
#include <functional>
#include <memory>
#include <string>

#include "app/node/config.h"
#include "app/node/node.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "server/api/auth.h"

namespace lookout::cli {

namespace {

struct ServeOptions {
  std::string config = "lookout.toml";
  std::string listen;
};

int run_serve(const ServeOptions& opt) {
  std::string error;
  auto config = node::load_config(opt.config, error);
  if (!config.ok()) {
    std::fprintf(stderr, "lookout serve: %s\n", error.c_str());
    return 2;
  }
  if (config->tokens.empty()) {
    std::fprintf(stderr,
                 "lookout serve: %s: no [[token]]: nobody could use the API (make one with `lookout token`)\n",
                 opt.config.c_str());
    return 2;
  }
  return serve_node(std::move(config.value()), opt.listen, {});
}

}  // namespace

int serve_node(node::NodeConfig config, const std::string& listen, const std::function<void(uint16_t)>& on_ready) {
  boost::asio::io_context io;
  node::Node n(std::move(config), io);
  std::string error;
  if (!n.open(error) || !n.start(error, listen)) {
    std::fprintf(stderr, "lookout serve: %s\n", error.c_str());
    return 2;
  }
  // The handlers are in place before the node says it is listening: a
  // signal sent as soon as it does must not meet the default action.
  boost::asio::signal_set signals(io, SIGINT, SIGTERM);
  signals.async_wait([&](const boost::system::error_code& ec, int sig) {
    if (ec) return;
    std::fprintf(stderr, "lookout serve: signal %d: stopping (committing the store)\n", sig);
    n.stop();
    io.stop();
  });
  // SIGHUP: a renewed TLS certificate is read without a restart.
  boost::asio::signal_set hangup(io, SIGHUP);
  std::function<void()> wait_hangup = [&] {
    hangup.async_wait([&](const boost::system::error_code& ec, int) {
      if (ec) return;
      std::string why;
      if (n.reload_tls(why)) {
        std::fprintf(stderr, "lookout serve: SIGHUP: TLS certificate reloaded from %s\n", n.config().tls_cert.c_str());
      } else {
        std::fprintf(stderr, "lookout serve: SIGHUP: TLS certificate not reloaded: %s\n", why.c_str());
      }
      wait_hangup();
    });
  };
  wait_hangup();
  std::fprintf(stderr, "lookout serve: node '%s' listening on %s://127.0.0.1:%u/ (%zu inputs, %zu partitions)\n",
               n.config().name.c_str(), n.config().tls_cert.empty() ? "http" : "https", n.http_port(),
               n.config().inputs.size(), n.partitions().size());
  if (on_ready) on_ready(n.http_port());
  io.run();
  hangup.cancel();
  n.stop();
  std::fprintf(stderr, "lookout serve: stopped\n");
  if (Status s = n.store_status(); !s.ok()) {
    std::fprintf(stderr, "lookout: history incomplete: %s\n", s.message().c_str());
    return kExitIncomplete;
  }
  return 0;
}

Run add_serve(CLI::App& app) {
  auto opt = std::make_shared<ServeOptions>();
  auto* cmd = app.add_subcommand("serve", "Run the live node: inputs, picture, alerts, store, API and web UI");
  cmd->add_option("--config", opt->config, "Node configuration (TOML; see examples/lookout.toml)")->capture_default_str();
  cmd->add_option("--listen", opt->listen, "HTTP address, overriding the configuration (e.g. 127.0.0.1:8080)");
  return [opt] { return run_serve(*opt); };
}

Run add_token(CLI::App& app) {
  auto name = std::make_shared<std::string>("watch-officer");
  auto nation = std::make_shared<std::string>("DNK");
  auto role = std::make_shared<std::string>("viewer");
  auto* cmd = app.add_subcommand("token", "Make a new API token and the [[token]] entry for the configuration");
  cmd->add_option("--name", *name, "Who the token is for (the audit log shows it)")->capture_default_str();
  cmd->add_option("--nation", *nation, "ISO 3166-1 alpha-3 nation of the caller")->capture_default_str();
  cmd->add_option("--role", *role, "viewer, operator or admin")->capture_default_str();
  return [name, nation, role] {
    if (!server::role_from_string(*role)) {
      std::fprintf(stderr, "lookout token: --role must be viewer, operator or admin\n");
      return 2;
    }
    std::string token = server::new_token();
    std::printf("# Give this token to %s; keep only the hash below in the configuration.\n", name->c_str());
    std::printf("# token: %s\n\n", token.c_str());
    std::printf("[[token]]\nname = \"%s\"\nsha256 = \"%s\"\nnation = \"%s\"\nrole = \"%s\"\n", name->c_str(),
                server::to_hex(server::sha256(token)).c_str(), nation->c_str(), role->c_str());
    return 0;
  };
}

}  // namespace lookout::cli
