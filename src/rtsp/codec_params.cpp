#include "rtsp/codec_params.h"

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavutil/base64.h>
#include <libavutil/channel_layout.h>
#include <libavutil/mem.h>
}

#include <cctype>
#include <charconv>
#include <cstring>
#include <string>

namespace anninh::rtsp {

namespace {

constexpr std::uint8_t kStartCode[4] = {0, 0, 0, 1};

void AppendBase64Nal(std::string_view b64, std::vector<std::uint8_t>& out) {
  if (b64.empty()) return;
  std::string text(b64);
  std::vector<std::uint8_t> nal(AV_BASE64_DECODE_SIZE(text.size()) + 1);
  const int n = av_base64_decode(nal.data(), text.c_str(), static_cast<int>(nal.size()));
  if (n <= 0) return;
  out.insert(out.end(), kStartCode, kStartCode + 4);
  out.insert(out.end(), nal.begin(), nal.begin() + n);
}

// A comma-separated list of base64 NAL units (sprop-parameter-sets, sprop-vps, ...).
void AppendBase64List(std::string_view list, std::vector<std::uint8_t>& out) {
  while (!list.empty()) {
    std::size_t comma = list.find(',');
    AppendBase64Nal(list.substr(0, comma), out);
    if (comma == std::string_view::npos) break;
    list.remove_prefix(comma + 1);
  }
}

void SetExtradata(AVCodecParameters* par, std::span<const std::uint8_t> data) {
  av_freep(&par->extradata);
  par->extradata_size = 0;
  if (data.empty()) return;
  par->extradata = static_cast<std::uint8_t*>(av_mallocz(data.size() + AV_INPUT_BUFFER_PADDING_SIZE));
  std::memcpy(par->extradata, data.data(), data.size());
  par->extradata_size = static_cast<int>(data.size());
}

int FmtpInt(const SdpMedia& m, std::string_view key, int fallback) {
  std::string_view v = m.Fmtp(key);
  int out = fallback;
  if (!v.empty()) std::from_chars(v.data(), v.data() + v.size(), out);
  return out;
}

// Calls f(nal) for each NAL unit of an Annex-B buffer (3- or 4-byte start codes).
template <typename F>
void ForEachNal(std::span<const std::uint8_t> d, F&& f) {
  std::size_t i = 0, start = std::string::npos;
  while (i + 3 <= d.size()) {
    if (d[i] == 0 && d[i + 1] == 0 && d[i + 2] == 1) {
      if (start != std::string::npos) {
        std::size_t end = i;
        while (end > start && d[end - 1] == 0) --end;
        f(d.subspan(start, end - start));
      }
      i += 3;
      start = i;
    } else {
      ++i;
    }
  }
  if (start != std::string::npos && start < d.size()) f(d.subspan(start));
}

}  // namespace

void CodecParametersFree::operator()(AVCodecParameters* p) const { avcodec_parameters_free(&p); }

Result<TrackFormat> MakeTrackFormat(const SdpMedia& m) {
  TrackFormat t;
  t.params.reset(avcodec_parameters_alloc());
  AVCodecParameters* par = t.params.get();
  std::vector<std::uint8_t> extradata;
  if (m.encoding == "H264") {
    t.codec = TrackCodec::kH264;
    par->codec_type = AVMEDIA_TYPE_VIDEO;
    par->codec_id = AV_CODEC_ID_H264;
    AppendBase64List(m.Fmtp("sprop-parameter-sets"), extradata);
  } else if (m.encoding == "H265") {
    t.codec = TrackCodec::kH265;
    par->codec_type = AVMEDIA_TYPE_VIDEO;
    par->codec_id = AV_CODEC_ID_HEVC;
    AppendBase64List(m.Fmtp("sprop-vps"), extradata);
    AppendBase64List(m.Fmtp("sprop-sps"), extradata);
    AppendBase64List(m.Fmtp("sprop-pps"), extradata);
  } else if (m.encoding == "MPEG4-GENERIC") {
    std::string mode(m.Fmtp("mode"));
    for (char& c : mode) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    if (mode != "aac-hbr" && mode != "aac-lbr") {
      return Fail(ErrorCode::kUnimplemented, "mpeg4-generic mode '" + mode + "'");
    }
    t.codec = TrackCodec::kAac;
    t.aac.size_length = FmtpInt(m, "sizelength", 13);
    t.aac.index_length = FmtpInt(m, "indexlength", 3);
    t.aac.index_delta_length = FmtpInt(m, "indexdeltalength", 3);
    t.aac.frame_samples = FmtpInt(m, "constantduration", 1024);
    if (t.aac.size_length <= 0 || t.aac.size_length > 16 || t.aac.index_length < 0 ||
        t.aac.index_length > 8 || t.aac.index_delta_length < 0 || t.aac.index_delta_length > 8 ||
        t.aac.frame_samples <= 0 || t.aac.frame_samples > 8192) {
      return Fail(ErrorCode::kInvalidArgument, "bad AAC AU-header lengths or frame duration");
    }
    par->codec_type = AVMEDIA_TYPE_AUDIO;
    par->codec_id = AV_CODEC_ID_AAC;
    par->sample_rate = m.clock_rate;
    // Muxers time the last AAC frame of a fragment from it (else they guess, and warn).
    par->frame_size = t.aac.frame_samples;
    av_channel_layout_default(&par->ch_layout, m.channels > 0 ? m.channels : 1);
    std::string_view hex = m.Fmtp("config");
    for (std::size_t i = 0; i + 1 < hex.size(); i += 2) {
      unsigned v = 0;
      std::from_chars(hex.data() + i, hex.data() + i + 2, v, 16);
      extradata.push_back(static_cast<std::uint8_t>(v));
    }
    if (extradata.empty()) return Fail(ErrorCode::kInvalidArgument, "AAC without config");
  } else {
    return Fail(ErrorCode::kUnimplemented, m.media + " encoding " + m.encoding);
  }
  if (m.clock_rate <= 0) return Fail(ErrorCode::kInvalidArgument, "no clock rate");
  t.clock_rate = m.clock_rate;
  SetExtradata(par, extradata);
  return t;
}

std::vector<std::uint8_t> ParameterSets(VideoCodec codec, std::span<const std::uint8_t> au) {
  std::vector<std::uint8_t> out;
  ForEachNal(au, [&](std::span<const std::uint8_t> nal) {
    if (nal.empty()) return;
    const bool ps = codec == VideoCodec::kH264
                        ? ((nal[0] & 0x1f) == 7 || (nal[0] & 0x1f) == 8)
                        : (((nal[0] >> 1) & 0x3f) >= 32 && ((nal[0] >> 1) & 0x3f) <= 34);
    if (!ps) return;
    out.insert(out.end(), kStartCode, kStartCode + 4);
    out.insert(out.end(), nal.begin(), nal.end());
  });
  return out;
}

bool CompleteVideoParameters(AVCodecParameters* par, VideoCodec codec,
                             std::span<const std::uint8_t> keyframe) {
  if (par->extradata_size == 0) SetExtradata(par, ParameterSets(codec, keyframe));
  AVCodecParserContext* parser = av_parser_init(par->codec_id);
  AVCodecContext* ctx = avcodec_alloc_context3(nullptr);
  if (!parser || !ctx) {
    if (parser) av_parser_close(parser);
    avcodec_free_context(&ctx);
    return false;
  }
  parser->flags |= PARSER_FLAG_COMPLETE_FRAMES;
  // The parameter sets first (the keyframe may not repeat them), then the frame.
  std::vector<std::uint8_t> input(par->extradata, par->extradata + par->extradata_size);
  input.insert(input.end(), keyframe.begin(), keyframe.end());
  input.resize(input.size() + AV_INPUT_BUFFER_PADDING_SIZE, 0);
  std::uint8_t* out = nullptr;
  int out_size = 0;
  av_parser_parse2(parser, ctx, &out, &out_size, input.data(),
                   static_cast<int>(input.size() - AV_INPUT_BUFFER_PADDING_SIZE), AV_NOPTS_VALUE,
                   AV_NOPTS_VALUE, 0);
  par->width = parser->width > 0 ? parser->width : ctx->width;
  par->height = parser->height > 0 ? parser->height : ctx->height;
  if (parser->format >= 0) par->format = parser->format;
  if (ctx->profile != FF_PROFILE_UNKNOWN) par->profile = ctx->profile;
  if (ctx->level != FF_LEVEL_UNKNOWN) par->level = ctx->level;
  av_parser_close(parser);
  avcodec_free_context(&ctx);
  return par->width > 0 && par->height > 0;
}

}  // namespace anninh::rtsp
