#include "decode/nmea/nmea_decoder.h"

#include <utility>

#include "decode/ais/decoder.h"
#include "decode/nmea/line_parser.h"
#include "decode/nmea/sentence.h"
#include "decode/nmea/tag_block.h"

namespace lookout::nmea {

namespace {

FragmentAssembler::Params assembler_params(const NmeaDecoderParams& p) {
  FragmentAssembler::Params a;
  a.max_pending = p.max_pending;
  a.timeout_lines = p.fragment_timeout_lines;
  a.timeout = p.fragment_timeout;
  a.reorder_lines = p.reorder_lines;
  return a;
}

}  // namespace

NmeaDecoder::NmeaDecoder(const Params& params)
    : params_(params), assembler_(assembler_params(params)) {}

void NmeaDecoder::feed(std::string_view line, ObservationSink sink) {
  stats_.count_line();
  ++line_no_;
  LineParts parts;
  if (Error e = split_line_into(line, params_.max_line_bytes, parts);
      e.code != ErrorCode::kOk) {
    stats_.reject(e, line);
    return;
  }
  switch (parts.kind) {
    case LineKind::kGatehouse:
      carried_.prefix_time = parts.time;
      carried_.any = true;
      return;
    case LineKind::kTagOnly:
      on_tag_only(parts, line);
      return;
    case LineKind::kSentence:
      on_sentence(parts, line, sink);
      return;
  }
}

void NmeaDecoder::on_tag_only(const LineParts& parts, std::string_view line) {
  // Some loggers write the tag block on a line of its own before the
  // sentence: keep its time and station for the next sentence line. A tag
  // block that says neither (`\si:AISD*3F\` in Danish logs) carries nothing.
  auto tb = parse_tag_block(parts.tag_block);
  if (!tb.ok()) {
    Error e = tb.error();
    e.offset += 1;  // after the opening backslash
    stats_.reject(e, line);
    return;
  }
  if (!tb->unix_ms && tb->source.empty()) {
    stats_.reject(make_error(ErrorCode::kNotAis, 0, "tag_block"), line);
    return;
  }
  if (!tb->checksum_ok) stats_.warn(ErrorCode::kTagBlockChecksum);
  carried_.tag_time.reset();
  if (tb->unix_ms) carried_.tag_time = from_unix_ms(*tb->unix_ms);
  carried_.tag_station.assign(tb->source);
  carried_.any = true;
}

FragmentContext NmeaDecoder::context_of(const LineParts& parts, const Sentence& s,
                                        const Carried& carried) {
  // Remarks that do not cost the message, and the tag block's fields.
  FragmentContext ctx;
  std::optional<int64_t> tag_ms;
  if (parts.has_tag_block) {
    auto tb = parse_tag_block(parts.tag_block);
    if (tb.ok()) {
      if (!tb->checksum_ok) stats_.warn(ErrorCode::kTagBlockChecksum);
      ctx.station = tb->source;
      if (tb->group) ctx.group_id = tb->group->id;
      tag_ms = tb->unix_ms;
    } else {
      stats_.warn(ErrorCode::kBadTagBlock);
    }
  }
  if (parts.bad_prefix) stats_.warn(ErrorCode::kBadTimestampPrefix);
  if (!s.trailer.empty()) stats_.warn(ErrorCode::kTrailingData);
  if (ctx.station.empty()) ctx.station = carried.tag_station.view();

  // The best event time of this line.
  if (tag_ms) {
    ctx.time = from_unix_ms(*tag_ms);
    ctx.time_source = TimeSource::kTagBlock;
  } else if (carried.tag_time) {
    ctx.time = carried.tag_time;
    ctx.time_source = TimeSource::kTagBlock;
  } else if (parts.time || carried.prefix_time) {
    ctx.time = parts.time ? parts.time : carried.prefix_time;
    ctx.time_source = TimeSource::kPrefix;
  } else if (params_.trailer_time && !s.trailer.empty()) {
    if (auto ms = trailer_unix_ms(s.trailer)) {
      ctx.time = from_unix_ms(*ms);
      ctx.time_source = TimeSource::kTrailer;
    }
  }
  return ctx;
}

void NmeaDecoder::on_sentence(const LineParts& parts, std::string_view line,
                              ObservationSink sink) {
  // Metadata carried from earlier lines belongs to this line, whatever
  // becomes of it.
  static const Carried kNothing;
  Carried carried_now;
  const Carried* carried = &kNothing;
  if (carried_.any) {
    carried_now = std::exchange(carried_, Carried{});
    carried = &carried_now;
  }

  Sentence s;
  if (Error e = parse_sentence_into(parts.sentence, s); e.code != ErrorCode::kOk) {
    e.offset += parts.sentence_offset;
    stats_.reject(e, line);
    return;
  }
  const FragmentContext ctx = context_of(parts, s, *carried);

  auto drops = [this](const Error& e, std::string_view held) { stats_.reject(e, held); };
  if (assembler_.pending() != 0) assembler_.expire(line_no_, ctx, drops);

  const auto payload_offset =
      static_cast<uint32_t>(parts.sentence_offset + (s.payload.data() - parts.sentence.data()));
  if (s.fragment_count == 1) {
    emit(s.payload, s.fill_bits, ctx, s.channel, s.own_vessel, line, payload_offset, sink);
    return;
  }
  auto added = assembler_.add(s, ctx, line_no_, drops);
  if (!added.ok()) {
    Error e = added.error();
    e.offset = e.code == ErrorCode::kPayloadOverflow ? payload_offset
                                                     : e.offset + parts.sentence_offset;
    stats_.reject(e, line);
    return;
  }
  if (const AssembledMessage* m = *added) {
    FragmentContext whole;
    whole.station = m->station;
    whole.time = m->time;
    whole.time_source = m->time_source;
    emit(m->payload, m->fill_bits, whole, m->channel, m->own_vessel, line, 0, sink);
  }
}

void NmeaDecoder::emit(std::string_view payload, unsigned fill_bits, const FragmentContext& ctx,
                       char channel, bool own_vessel, std::string_view line,
                       uint32_t payload_offset, ObservationSink sink) {
  // Decoded straight into obs_ (handed out only on success).
  ErrorCode warning = ErrorCode::kOk;
  if (Error e = ais::decode_payload_into(payload, fill_bits, obs_.msg, &warning);
      e.code != ErrorCode::kOk) {
    // Armour errors name a character of the payload; make it a byte of the line.
    if (e.code == ErrorCode::kBadArmor) e.offset += payload_offset;
    stats_.reject(e, line);
    return;
  }
  if (warning != ErrorCode::kOk) stats_.warn(warning);
  obs_.time = ctx.time;
  obs_.time_source = ctx.time ? ctx.time_source : TimeSource::kNone;
  obs_.station.assign(ctx.station);
  obs_.channel = channel;
  obs_.own_vessel = own_vessel;
  stats_.count_message();
  sink(obs_);
}

void NmeaDecoder::finish(ObservationSink /*sink*/) {
  assembler_.flush([this](const Error& e, std::string_view held) { stats_.reject(e, held); });
  carried_ = Carried{};
}

const AisObservation* NmeaDecoder::decode(std::string_view line) {
  const AisObservation* out = nullptr;
  feed(line, [&out](const AisObservation& obs) { out = &obs; });
  return out;
}

}  // namespace lookout::nmea
