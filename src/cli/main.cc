// lookout: the command line. See README.md for the subcommands.
#include <CLI/CLI.hpp>
#include <cstdio>
#include <map>
#include <string>

#include "cli/commands.h"

int main(int argc, char** argv) {
  CLI::App app{"Lookout: a joint maritime and counter-drone picture that warns of sabotage"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lookout 0.1.0");

  std::map<std::string, lookout::cli::Run> runs;
  runs["decode"] = lookout::cli::add_decode(app);
  runs["demo"] = lookout::cli::add_demo(app);
  runs["forensics"] = lookout::cli::add_forensics(app);
  runs["replay"] = lookout::cli::add_replay(app);
  runs["serve"] = lookout::cli::add_serve(app);
  runs["token"] = lookout::cli::add_token(app);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    return app.exit(e);
  }
  for (auto* sub : app.get_subcommands()) {
    auto it = runs.find(sub->get_name());
    if (it != runs.end()) return it->second();
  }
  std::fputs(app.help().c_str(), stderr);
  return 2;
}
