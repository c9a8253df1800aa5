// `lookout decode [FILE...]`: AIS in, one JSON object (or CSV row) per
// decoded message out. Bad lines are counted and reported on stderr at the
// end, never fatal; the exit code is non-zero only when an input could not be
// read or recognised (1), or when the output could not be written (3: a full
// disk, a closed pipe; the reason on stderr).
#include <CLI/CLI.hpp>
#include <chrono>
#include <cstdio>
#include <map>
#include <string>
#include <vector>

#include "app/ais_input.h"
#include "app/ais_summary.h"
#include "app/output_file.h"
#include "cli/commands.h"
#include "cli/exit_codes.h"
#include "decode/ais/csv_writer.h"
#include "decode/ais/json_writer.h"

namespace lookout::cli {

namespace {

enum class OutputFormat { kJson, kCsv, kNone };

struct DecodeOptions {
  std::vector<std::string> files;
  OutputFormat output = OutputFormat::kJson;
  InputFormat input = InputFormat::kUnknown;
  bool summary = false;
};

std::string one_line_counts(const DecodeStats& stats) {
  std::string out = std::to_string(stats.lines()) + " lines, " +
                    std::to_string(stats.messages()) + " messages, " +
                    std::to_string(stats.total_errors()) + " rejected";
  std::string reasons;
  for (std::size_t c = 1; c < kErrorCodeCount; ++c) {
    auto code = static_cast<ErrorCode>(c);
    if (stats.errors(code) == 0) continue;
    reasons += reasons.empty() ? "" : ", ";
    reasons += std::string(to_string(code)) + " " + std::to_string(stats.errors(code));
  }
  if (!reasons.empty()) out += " (" + reasons + ")";
  std::string remarks;
  for (std::size_t c = 1; c < kErrorCodeCount; ++c) {
    auto code = static_cast<ErrorCode>(c);
    if (stats.warnings(code) == 0) continue;
    remarks += remarks.empty() ? "" : ", ";
    remarks += std::string(to_string(code)) + " " + std::to_string(stats.warnings(code));
  }
  if (!remarks.empty()) out += "; accepted with remarks: " + remarks;
  return out;
}

int run_decode(const DecodeOptions& opt) {
  auto opened = OutputFile::open("-");
  if (!opened.ok()) {
    std::fprintf(stderr, "lookout: %s\n", opened.status().message().c_str());
    return kExitIncomplete;
  }
  OutputFile& out = **opened;
  DecodeStats total;
  AisSummary summary;
  int exit_code = kExitOk;
  if (opt.output == OutputFormat::kCsv) {
    ais::append_csv_header(out.buffer());
    out.buffer() += '\n';
  }

  auto start = std::chrono::steady_clock::now();
  for (const auto& path : opt.files) {
    auto run = decode_ais_file(path, opt.input, [&](const AisObservation& obs) {
      if (opt.summary) summary.add(obs);
      switch (opt.output) {
        case OutputFormat::kJson:
          ais::append_json(out.buffer(), obs);
          out.buffer() += '\n';
          break;
        case OutputFormat::kCsv:
          ais::append_csv(out.buffer(), obs);
          out.buffer() += '\n';
          break;
        case OutputFormat::kNone:
          return;
      }
      out.maybe_flush();
    });
    if (!run.ok()) {
      exit_code = kExitInput;
      if (run.error().code == ErrorCode::kIoError) {
        std::fprintf(stderr, "lookout decode: %s: cannot be read\n", path.c_str());
      } else {
        std::fprintf(stderr, "lookout decode: %s: not a recognised AIS format\n", path.c_str());
      }
      continue;
    }
    total.merge(run->stats);
    // Output that cannot land: stop reading, the rest would be lost too.
    if (!out.status().ok()) break;
  }
  Status written = out.close();
  double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();

  std::fprintf(stderr, "lookout decode: %s\n", one_line_counts(total).c_str());
  for (const auto& s : total.samples()) {
    std::fprintf(stderr, "  e.g. %s: %s\n", s.error.message().c_str(), s.input.c_str());
  }
  if (opt.summary) std::fputs(summary.report(total, seconds).c_str(), stderr);
  if (!written.ok()) {
    std::fprintf(stderr, "lookout: %s\n", written.message().c_str());
    return kExitIncomplete;
  }
  return exit_code;
}

}  // namespace

Run add_decode(CLI::App& app) {
  auto opt = std::make_shared<DecodeOptions>();
  auto* cmd = app.add_subcommand("decode", "Decode AIS (NMEA, DMA/Kystverket CSV, Digitraffic JSON) to JSON Lines");
  cmd->footer(kExitCodesHelp);
  cmd->add_option("files", opt->files, "Input files ('-' or none: standard input)");
  std::map<std::string, OutputFormat> outputs{
      {"json", OutputFormat::kJson}, {"csv", OutputFormat::kCsv}, {"none", OutputFormat::kNone}};
  cmd->add_option("--format", opt->output,
                  "Output: json (gpsd field names), csv, or none (decode only)")
      ->transform(CLI::CheckedTransformer(outputs, CLI::ignore_case));
  std::map<std::string, InputFormat> inputs{{"auto", InputFormat::kUnknown},
                                            {"nmea", InputFormat::kNmea},
                                            {"dma", InputFormat::kDmaCsv},
                                            {"kystverket", InputFormat::kKystverketCsv},
                                            {"digitraffic", InputFormat::kDigitrafficJson}};
  cmd->add_option("--input-format", opt->input, "Input format; auto sniffs each file")
      ->transform(CLI::CheckedTransformer(inputs, CLI::ignore_case));
  cmd->add_flag("--summary", opt->summary, "Print a summary (types, vessels, area, time) on stderr");
  return [opt] {
    if (opt->files.empty()) opt->files.push_back("-");
    return run_decode(*opt);
  };
}

}  // namespace lookout::cli
