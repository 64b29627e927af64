#include "record/interleaver.h"

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <algorithm>
#include <cstring>
#include <vector>

#include <gtest/gtest.h>

namespace anninh::record {
namespace {

constexpr std::int64_t kFrame = 3600;  // 25 fps video
constexpr std::int64_t kAudio = 1920;  // 1024 samples at 48 kHz

media::StreamInfo Tracks(std::initializer_list<media::TrackKind> kinds) {
  media::StreamInfo info;
  AVCodecParameters* par = avcodec_parameters_alloc();
  for (media::TrackKind k : kinds) {
    par->codec_type = k == media::TrackKind::kVideo ? AVMEDIA_TYPE_VIDEO : AVMEDIA_TYPE_AUDIO;
    info.AddTrack(k, par);
  }
  avcodec_parameters_free(&par);
  return info;
}

// A packet whose payload names it, so a test can tell it survived being held.
struct Source {
  AVPacket* av = av_packet_alloc();
  media::Packet packet;
  ~Source() { av_packet_free(&av); }
  const media::Packet& Make(int track, std::int64_t dts, bool keyframe = false) {
    av_packet_unref(av);
    EXPECT_EQ(av_new_packet(av, sizeof dts), 0);
    std::memcpy(av->data, &dts, sizeof dts);
    packet = {};
    packet.av = av;
    packet.track = track;
    packet.dts = packet.pts = dts;
    packet.keyframe = keyframe;
    return packet;
  }
};

struct Out {
  int track;
  std::int64_t dts;
};

void Drain(Interleaver& il, std::vector<Out>& out) {
  while (const media::Packet* p = il.Next()) {
    std::int64_t payload = 0;
    std::memcpy(&payload, p->av->data, sizeof payload);
    EXPECT_EQ(payload, p->dts) << "the held payload is the packet's own";
    out.push_back({p->track, p->dts});
  }
}

// Video on track 0, audio on track 1 arriving `lead` ticks ahead of the video (negative:
// behind), for `seconds`.
std::vector<Out> Stream(std::int64_t lead, int seconds, int* audio_sent = nullptr) {
  const media::StreamInfo info = Tracks({media::TrackKind::kVideo, media::TrackKind::kAudio});
  Interleaver il;
  il.Start(info);
  Source src;
  std::vector<Out> out;
  std::int64_t audio = 0;
  for (std::int64_t v = 0; v < seconds * 90'000; v += kFrame) {
    // Whatever audio the camera has sent by the time this video frame arrives.
    while (audio <= v + lead) {
      if (audio >= 0) {
        il.Push(src.Make(1, audio));
        if (audio_sent) ++*audio_sent;
        av_packet_unref(src.av);  // the sender's reference goes; the held one must stay good
        Drain(il, out);
      }
      audio += kAudio;
    }
    il.Push(src.Make(0, v, v % 90'000 == 0));
    Drain(il, out);
  }
  il.Flush();
  Drain(il, out);
  return out;
}

bool InOrder(const std::vector<Out>& out) {
  return std::is_sorted(out.begin(), out.end(), [](const Out& a, const Out& b) { return a.dts < b.dts; });
}

TEST(Interleaver, AudioAheadOfTheVideoWaitsForIt) {
  int sent = 0;
  const auto out = Stream(/*lead=*/90'000 * 24 / 100, 4, &sent);  // 0.24 s ahead, as a starved camera sent it
  EXPECT_TRUE(InOrder(out));
  EXPECT_EQ(std::count_if(out.begin(), out.end(), [](const Out& o) { return o.track == 0; }), 100);
  // Every audio packet sent comes out once, none lost.
  EXPECT_EQ(std::count_if(out.begin(), out.end(), [](const Out& o) { return o.track == 1; }), sent);
  EXPECT_GT(sent, 190);
  // At the same instant, the keyframe goes before the audio, so it opens the segment first.
  for (std::size_t i = 1; i < out.size(); ++i) {
    if (out[i].dts == out[i - 1].dts) {
      EXPECT_EQ(out[i - 1].track, 0) << "at " << out[i].dts;
    }
  }
}

TEST(Interleaver, AudioBehindTheVideoIsWaitedForToo) {
  const auto out = Stream(/*lead=*/-90'000 * 3 / 10, 4);
  EXPECT_TRUE(InOrder(out));
  EXPECT_EQ(std::count_if(out.begin(), out.end(), [](const Out& o) { return o.track == 0; }), 100);
}

TEST(Interleaver, AQuietTrackHoldsTheOtherBackNoLongerThanMaxLag) {
  Interleaver il(/*max_lag=*/90'000 / 2);
  il.Start(Tracks({media::TrackKind::kVideo, media::TrackKind::kAudio}));
  Source src;
  std::vector<Out> out;
  for (int i = 0; i < 50; ++i) {  // 2 s of video, no audio at all
    il.Push(src.Make(0, i * kFrame, i % 25 == 0));
    Drain(il, out);
    // Held while younger than the lag (0.5 s: 12.5 frames), then let go one by one.
    const std::int64_t newest = i * kFrame;
    const std::size_t due = newest >= 90'000 / 2 ? static_cast<std::size_t>((newest - 90'000 / 2) / kFrame + 1) : 0;
    ASSERT_EQ(out.size(), due) << "after frame " << i;
  }
  EXPECT_EQ(il.held(), 13u);
  il.Flush();
  Drain(il, out);
  EXPECT_EQ(out.size(), 50u);
  EXPECT_TRUE(InOrder(out));
}

TEST(Interleaver, ASingleTrackPassesStraightThroughUnreferenced) {
  Interleaver il;
  il.Start(Tracks({media::TrackKind::kVideo}));
  Source src;
  const media::Packet& p = src.Make(0, 0, true);
  il.Push(p);
  const media::Packet* got = il.Next();
  ASSERT_NE(got, nullptr);
  EXPECT_EQ(got->av, p.av) << "the caller's packet, no reference taken";
  EXPECT_EQ(il.Next(), nullptr);
  EXPECT_EQ(il.held(), 0u);
}

TEST(Interleaver, ANewConnectionLetsGoOfWhatTheLastOneLeft) {
  Interleaver il;
  const auto info = Tracks({media::TrackKind::kVideo, media::TrackKind::kAudio});
  il.Start(info);
  Source src;
  il.Push(src.Make(1, 9000));
  EXPECT_EQ(il.Next(), nullptr);
  EXPECT_EQ(il.held(), 1u);
  il.Start(info);
  EXPECT_EQ(il.held(), 0u);
  EXPECT_EQ(il.Next(), nullptr);
}

}  // namespace
}  // namespace anninh::record
