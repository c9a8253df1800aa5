// lookout: the command line. See README.md for the subcommands.
#include <CLI/CLI.hpp>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <map>
#include <string>

#include "cli/commands.h"
#include "cli/exit_codes.h"

namespace {

// What a subcommand printed through stdio or std::cout (tables, JSON,
// tokens) must have landed: a full disk or a closed pipe is an incomplete
// output, whatever the subcommand thought.
int check_stdout(int code) {
  std::cout.flush();
  errno = 0;
  bool flushed = std::fflush(stdout) == 0;
  int error_number = errno;
  if (flushed && std::ferror(stdout) == 0 && !std::cout.fail()) return code;
  std::fprintf(stderr, "lookout: cannot write standard output: %s\n",
               error_number != 0 ? std::strerror(error_number) : "the write failed");
  return lookout::cli::kExitIncomplete;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"Lookout: a joint maritime and counter-drone picture that warns of sabotage"};
  app.require_subcommand(1);
  app.set_version_flag("--version", "lookout 0.1.0");
  app.footer(lookout::cli::kExitCodesHelp);

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
    if (it != runs.end()) return check_stdout(it->second());
  }
  std::fputs(app.help().c_str(), stderr);
  return 2;
}
