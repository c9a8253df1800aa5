#include "app/ais_input.h"

#include <fcntl.h>
#include <unistd.h>

#include <cerrno>

#include "decode/csv/digitraffic_decoder.h"
#include "decode/csv/dma_csv_decoder.h"
#include "decode/csv/kystverket_csv_decoder.h"
#include "decode/nmea/nmea_decoder.h"
#include "feed/line_reader.h"

namespace lookout {

std::unique_ptr<AisDecoder> make_ais_decoder(InputFormat format) {
  switch (format) {
    case InputFormat::kNmea: return std::make_unique<nmea::NmeaDecoder>();
    case InputFormat::kDmaCsv: return std::make_unique<csv::DmaCsvDecoder>();
    case InputFormat::kKystverketCsv: return std::make_unique<csv::KystverketCsvDecoder>();
    case InputFormat::kDigitrafficJson: return std::make_unique<csv::DigitrafficDecoder>();
    case InputFormat::kUnknown:
    case InputFormat::kDetectionsJsonl:
    case InputFormat::kSbs:
    case InputFormat::kRemoteId: return nullptr;
  }
  return nullptr;
}

namespace {

constexpr std::size_t kSniffBytes = 64 * 1024;

// Reads up to kSniffBytes (fewer only at end of stream).
Result<std::string> read_head(int fd) {
  std::string head(kSniffBytes, '\0');
  std::size_t got = 0;
  while (got < head.size()) {
    ssize_t n = ::read(fd, head.data() + got, head.size() - got);
    if (n < 0) {
      if (errno == EINTR) continue;
      return make_error(ErrorCode::kIoError, got);
    }
    if (n == 0) break;
    got += static_cast<std::size_t>(n);
  }
  head.resize(got);
  return head;
}

}  // namespace

Result<AisFileRun> decode_ais_file(const std::string& path, InputFormat format,
                                   ObservationSink sink) {
  int fd = path == "-" ? 0 : ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return make_error(ErrorCode::kIoError, 0, "path");
  auto close_fd = [&] {
    if (fd != 0) ::close(fd);
  };

  auto head = read_head(fd);
  if (!head.ok()) {
    close_fd();
    return head.error();
  }
  AisFileRun run;
  run.format = format == InputFormat::kUnknown ? sniff_format(*head) : format;
  auto decoder = make_ais_decoder(run.format);
  if (!decoder) {
    close_fd();
    return make_error(ErrorCode::kBadValue, 0, "format");
  }

  // A whole JSON document may sit on one line; other formats have short lines.
  LineReader::Params params;
  params.max_line_bytes = run.format == InputFormat::kDigitrafficJson ? (512u << 20) : (1u << 16);
  LineReader reader(params);
  auto read = reader.read_fd(
      fd, [&](std::string_view line, bool) { decoder->feed(line, sink); }, *head);
  decoder->finish(sink);
  close_fd();
  run.stats = decoder->stats();
  if (!read.ok()) return read.error();
  run.bytes = head->size() + *read;
  return run;
}

}  // namespace lookout
