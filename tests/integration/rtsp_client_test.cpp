// The native RTSP client (src/rtsp, through ingest::RtspSession) against the real test
// camera: codecs and picture sizes, failures and their reasons, stalls and drops, many
// sessions on one loop thread, and the same access units as FFmpeg's demuxer.
#include <algorithm>
#include <mutex>
#include <set>
#include <sstream>
#include <thread>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <gtest/gtest.h>

#include "core/clock.h"
#include "ingest/rtsp_session.h"
#include "rtsp/event_loop.h"
#include "support.h"
#include "support/process.h"
#include "support/testcam.h"

namespace anninh {
namespace {

using namespace std::chrono_literals;
using testing::TestCam;

// Records what a session delivers; read from the test thread.
class CollectingSink final : public media::PacketSink {
 public:
  void OnStart(const media::StreamInfo& info, WallNs) override {
    std::lock_guard lock(mu_);
    ++starts_;
    video_dts_.clear();  // each connection's timeline starts again
    codec_ = info.CodecSummary();
    const AVCodecParameters* v = info.tracks()[0].params;
    width_ = v->width;
    height_ = v->height;
    extradata_ = v->extradata_size;
    if (info.tracks().size() > 1) {
      sample_rate_ = info.tracks()[1].params->sample_rate;
      channels_ = info.tracks()[1].params->ch_layout.nb_channels;
      audio_extradata_ = info.tracks()[1].params->extradata_size;
      audio_frame_size_ = info.tracks()[1].params->frame_size;
    }
  }
  void OnPacket(const media::Packet& p) override {
    std::lock_guard lock(mu_);
    if (p.track == 0) {
      video_.push_back({p.av->size, p.keyframe});
      EXPECT_TRUE(video_dts_.empty() || p.dts > video_dts_.back());
      video_dts_.push_back(p.dts);
      // Annex-B, as FFmpeg's depacketisers write it.
      EXPECT_TRUE(p.av->size > 4 && p.av->data[0] == 0 && p.av->data[1] == 0 &&
                  p.av->data[2] == 0 && p.av->data[3] == 1);
    } else {
      ++audio_;
      audio_durations_.insert(p.duration);
    }
  }
  void OnStop(WallNs, std::string_view) override {
    std::lock_guard lock(mu_);
    ++stops_;
  }

  struct Video {
    int size;
    bool key;
    bool operator==(const Video&) const = default;
  };
  std::vector<Video> video() const {
    std::lock_guard lock(mu_);
    return video_;
  }
  std::size_t video_count() const {
    std::lock_guard lock(mu_);
    return video_.size();
  }
  int audio() const {
    std::lock_guard lock(mu_);
    return audio_;
  }
  std::string codec() const {
    std::lock_guard lock(mu_);
    return codec_;
  }
  std::pair<int, int> size() const {
    std::lock_guard lock(mu_);
    return {width_, height_};
  }
  int starts() const {
    std::lock_guard lock(mu_);
    return starts_;
  }
  int sample_rate() const { std::lock_guard lock(mu_); return sample_rate_; }
  int channels() const { std::lock_guard lock(mu_); return channels_; }
  int extradata() const { std::lock_guard lock(mu_); return extradata_; }
  int audio_extradata() const { std::lock_guard lock(mu_); return audio_extradata_; }
  int audio_frame_size() const { std::lock_guard lock(mu_); return audio_frame_size_; }
  std::set<std::int64_t> audio_durations() const { std::lock_guard lock(mu_); return audio_durations_; }
  std::vector<std::int64_t> video_dts() const { std::lock_guard lock(mu_); return video_dts_; }

 private:
  mutable std::mutex mu_;
  std::vector<Video> video_;
  std::vector<std::int64_t> video_dts_;
  int audio_ = 0, starts_ = 0, stops_ = 0;
  std::set<std::int64_t> audio_durations_;  // 90 kHz, every audio packet's
  std::string codec_;
  int width_ = 0, height_ = 0, extradata_ = 0, sample_rate_ = 0, channels_ = 0,
      audio_extradata_ = 0, audio_frame_size_ = 0;
};

ingest::StreamOptions Options(const std::string& url) {
  ingest::StreamOptions o;
  o.camera_id = "cam";
  o.url = url;
  o.connect_timeout = 3s;
  o.stall_timeout = 3s;
  o.backoff_initial = 500ms;
  o.backoff_max = 2s;
  return o;
}

struct Running {
  Running(rtsp::EventLoop& loop, ingest::StreamOptions o)
      : session(std::move(o), SystemClock::Get(), {&sink}, loop) {
    session.Start();
  }
  bool WaitState(ingest::StreamState s, std::chrono::milliseconds timeout) {
    return testing::WaitUntil([&] { return session.Status().state == s; }, timeout);
  }
  CollectingSink sink;
  ingest::RtspSession session;
};

TEST(RtspClientTest, H264MainAndSubHaveTheirPictureSizes) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  Running main(loop, Options(cam.Url("/people/main")));
  Running sub(loop, Options(cam.Url("/people/sub")));
  ASSERT_TRUE(main.WaitState(ingest::StreamState::kStreaming, 10s));
  ASSERT_TRUE(sub.WaitState(ingest::StreamState::kStreaming, 10s));
  ASSERT_TRUE(testing::WaitUntil([&] { return main.sink.video_count() >= 50; }, 10s));
  EXPECT_EQ(main.sink.codec(), "h264");
  EXPECT_EQ(main.sink.size(), std::make_pair(1280, 720));
  EXPECT_EQ(sub.sink.size(), std::make_pair(640, 360));
  EXPECT_GT(main.sink.extradata(), 8);
  const auto status = main.session.Status();
  EXPECT_EQ(status.width, 1280);
  EXPECT_EQ(status.height, 720);
  EXPECT_GE(status.video_frames, 50u);
  auto video = main.sink.video();
  EXPECT_TRUE(video.front().key);
  // 25 fps with a keyframe every second: 25 frames from one keyframe to the next.
  std::vector<std::size_t> keys;
  for (std::size_t i = 0; i < video.size(); ++i) {
    if (video[i].key) keys.push_back(i);
  }
  ASSERT_GE(keys.size(), 2u);
  for (std::size_t k = 1; k < keys.size(); ++k) EXPECT_EQ(keys[k] - keys[k - 1], 25u);
  // 90 kHz timestamps one frame (3600) apart on average.
  auto dts = main.sink.video_dts();
  EXPECT_NEAR(static_cast<double>(dts.back() - dts.front()) / static_cast<double>(dts.size() - 1),
              3600.0, 200.0);
}

TEST(RtspClientTest, H265AndH264WithAac) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  Running hevc(loop, Options(cam.Url("/hevc/main")));
  Running audio(loop, Options(cam.Url("/audio/main")));
  ASSERT_TRUE(testing::WaitUntil(
      [&] { return hevc.sink.video_count() >= 50 && audio.sink.audio() >= 50; }, 15s));
  EXPECT_EQ(hevc.sink.codec(), "hevc");
  EXPECT_EQ(hevc.sink.size(), std::make_pair(1280, 720));
  EXPECT_EQ(audio.sink.codec(), "h264+aac");
  EXPECT_EQ(audio.sink.sample_rate(), 16000);
  EXPECT_EQ(audio.sink.channels(), 1);
  EXPECT_GE(audio.sink.audio_extradata(), 2);
  // Each AAC frame is 1024 samples at 16 kHz: 5760 ticks at 90 kHz. Muxers need it for the
  // last frame of a fragment; without it they guess (and warn).
  EXPECT_EQ(audio.sink.audio_frame_size(), 1024);
  EXPECT_EQ(audio.sink.audio_durations(), std::set<std::int64_t>{5760});
}

TEST(RtspClientTest, WrongPasswordIsUnauthorizedAndTheRightOneWorks) {
  TestCam cam({"/clock/main=admin:secret"});
  rtsp::EventLoop loop(1);
  auto wrong = Options(cam.Url("/clock/main"));
  wrong.username = "admin";
  wrong.password = "nope";
  auto none = Options(cam.Url("/clock/main"));
  auto right = Options(cam.Url("/clock/main"));
  right.username = "admin";
  right.password = "secret";
  Running w(loop, wrong), n(loop, none), r(loop, right);
  EXPECT_TRUE(testing::WaitUntil([&] { return w.session.Status().reason == "unauthorized"; }, 8s))
      << w.session.Status().reason << ": " << w.session.Status().detail;
  EXPECT_TRUE(testing::WaitUntil([&] { return n.session.Status().reason == "unauthorized"; }, 8s));
  EXPECT_TRUE(r.WaitState(ingest::StreamState::kStreaming, 10s)) << r.session.Status().detail;
}

// The test camera only does Basic; this server demands Digest (RFC 2617, qop=auth) and,
// once the answer checks out, says the path does not exist: "not found" proves the
// client's Digest response was right, "unauthorized" that a wrong password is refused.
// It also offers Basic first, which the client must pass over for Digest.
TEST(RtspClientTest, DigestAuthenticationAgainstAServerThatDemandsIt) {
  testing::ScriptServer server(
      "import hashlib, re, threading\n"
      "md5 = lambda x: hashlib.md5(x.encode()).hexdigest()\n"
      "def serve(c):\n"
      "  f = c.makefile('rb')\n"
      "  while True:\n"
      "    line = f.readline(); lines = []\n"
      "    if not line: break\n"
      "    while line.strip(): lines.append(line.decode().strip()); line = f.readline()\n"
      "    method = lines[0].split(' ')[0]\n"
      "    h = dict(l.split(': ', 1) for l in lines[1:])\n"
      "    a = h.get('Authorization', ''); ok = False\n"
      "    if a.startswith('Digest '):\n"
      "      p = dict(re.findall(r'(\\w+)=\"?([^\",]*)\"?', a[7:]))\n"
      "      ha1 = md5('admin:cam:secret'); ha2 = md5(method + ':' + p['uri'])\n"
      "      ok = p.get('response') == md5(ha1 + ':abc123:' + p['nc'] + ':' + p['cnonce'] + ':auth:' + ha2)\n"
      "    cseq = h.get('CSeq')\n"
      "    if ok: c.sendall(('RTSP/1.0 404 Not Found\\r\\nCSeq: %s\\r\\n\\r\\n' % cseq).encode())\n"
      "    else: c.sendall(('RTSP/1.0 401 Unauthorized\\r\\nCSeq: %s\\r\\n'\n"
      "                     'WWW-Authenticate: Basic realm=\"cam\"\\r\\n'\n"
      "                     'WWW-Authenticate: Digest realm=\"cam\", nonce=\"abc123\", qop=\"auth\"\\r\\n\\r\\n' % cseq).encode())\n"
      "  c.close()\n"
      "while True:\n"
      "  c, _ = s.accept(); threading.Thread(target=serve, args=(c,), daemon=True).start()\n");
  const std::string url = server.Url("/cam");
  rtsp::EventLoop loop(1);
  auto right = Options(url);
  right.username = "admin";
  right.password = "secret";
  auto wrong = Options(url);
  wrong.username = "admin";
  wrong.password = "guess";
  Running r(loop, right), w(loop, wrong);
  EXPECT_TRUE(testing::WaitUntil([&] { return r.session.Status().reason == "not found"; }, 8s))
      << r.session.Status().reason << ": " << r.session.Status().detail;
  EXPECT_TRUE(testing::WaitUntil([&] { return w.session.Status().reason == "unauthorized"; }, 8s))
      << w.session.Status().reason << ": " << w.session.Status().detail;
}

TEST(RtspClientTest, MissingPathIsNotFoundAndNothingListeningIsRefused) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  Running missing(loop, Options(cam.Url("/nothing/here")));
  auto port = testing::RunCommand("/usr/bin/python3 -c 'import socket; s=socket.socket(); "
                                  "s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'");
  Running closed(loop, Options("rtsp://127.0.0.1:" + std::to_string(std::stoi(port.output)) + "/x"));
  EXPECT_TRUE(testing::WaitUntil([&] { return missing.session.Status().reason == "not found"; }, 8s))
      << missing.session.Status().reason;
  EXPECT_TRUE(testing::WaitUntil([&] { return closed.session.Status().reason == "refused"; }, 8s))
      << closed.session.Status().reason;
}

TEST(RtspClientTest, StallIsDetectedAndStreamingResumes) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  Running s(loop, Options(cam.Url("/people/main")));
  ASSERT_TRUE(s.WaitState(ingest::StreamState::kStreaming, 10s));
  const auto t0 = std::chrono::steady_clock::now();
  ASSERT_EQ(cam.Control("stall /people/main"), "ok");
  ASSERT_TRUE(s.WaitState(ingest::StreamState::kStalled, 8s));
  const double detected = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  EXPECT_NEAR(detected, 3.0, 1.5);  // the stall timeout
  EXPECT_EQ(s.session.Status().reason, "stalled");
  EXPECT_GE(s.session.Status().stalls, 1u);
  std::this_thread::sleep_for(3s);  // reconnects while stalled stay "stalled"
  EXPECT_EQ(s.session.Status().state, ingest::StreamState::kStalled);
  const std::size_t before = s.sink.video_count();
  ASSERT_EQ(cam.Control("resume /people/main"), "ok");
  ASSERT_TRUE(s.WaitState(ingest::StreamState::kStreaming, 15s));
  ASSERT_TRUE(testing::WaitUntil([&] { return s.sink.video_count() > before + 25; }, 10s));
  EXPECT_GE(s.sink.starts(), 2);
}

TEST(RtspClientTest, DroppedConnectionReconnects) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  Running s(loop, Options(cam.Url("/clock/main")));
  ASSERT_TRUE(s.WaitState(ingest::StreamState::kStreaming, 10s));
  ASSERT_EQ(cam.Control("drop /clock/main"), "ok");
  ASSERT_TRUE(testing::WaitUntil([&] { return s.session.Status().reconnects >= 1; }, 8s));
  ASSERT_TRUE(testing::WaitUntil([&] { return s.sink.starts() >= 2; }, 10s));
  EXPECT_EQ(s.session.Status().state, ingest::StreamState::kStreaming);
  // The client tears its session down on stop: the camera sees no client left.
  s.session.Stop();
  EXPECT_TRUE(testing::WaitUntil([&] { return cam.Control("clients /clock/main") == "ok 0"; }, 5s))
      << cam.Control("clients /clock/main");
}

TEST(RtspClientTest, ThirtyTwoSessionsOnOneLoopThread) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  ASSERT_EQ(loop.threads(), 1);
  std::vector<std::unique_ptr<Running>> all;
  const char* paths[] = {"/people/main", "/clock/main", "/people/sub", "/clock/sub"};
  for (int i = 0; i < 32; ++i) {
    all.push_back(std::make_unique<Running>(loop, Options(cam.Url(paths[i % 4]))));
  }
  ASSERT_TRUE(testing::WaitUntil([&] {
    return std::all_of(all.begin(), all.end(), [](auto& r) { return r->sink.video_count() >= 50; });
  }, 30s));
  for (auto& r : all) {
    EXPECT_EQ(r->session.Status().state, ingest::StreamState::kStreaming);
    EXPECT_EQ(r->session.Status().reconnects, 0u);
  }
}

// With more than one loop thread each session stays on its strand: sessions started and
// stopped while others stream neither race (run under the tsan preset) nor stall.
TEST(RtspClientTest, SessionsOnATwoThreadLoopStartAndStopIndependently) {
  TestCam cam;
  rtsp::EventLoop loop(2);
  std::vector<std::unique_ptr<Running>> all;
  for (int i = 0; i < 8; ++i) {
    all.push_back(std::make_unique<Running>(loop, Options(cam.Url(i % 2 ? "/clock/sub" : "/people/sub"))));
  }
  ASSERT_TRUE(testing::WaitUntil([&] {
    return std::all_of(all.begin(), all.end(), [](auto& r) { return r->sink.video_count() >= 25; });
  }, 20s));
  for (int i = 0; i < 8; i += 2) all[static_cast<std::size_t>(i)]->session.Stop();
  const std::size_t before = all[1]->sink.video_count();
  ASSERT_TRUE(testing::WaitUntil([&] { return all[1]->sink.video_count() >= before + 25; }, 10s));
  for (int i = 0; i < 8; i += 2) {
    EXPECT_EQ(all[static_cast<std::size_t>(i)]->session.Status().state, ingest::StreamState::kStopped);
    all[static_cast<std::size_t>(i)]->session.Start();
  }
  ASSERT_TRUE(testing::WaitUntil([&] {
    return std::all_of(all.begin(), all.end(), [](auto& r) { return r->sink.starts() >= 1 &&
        r->session.Status().state == ingest::StreamState::kStreaming; });
  }, 20s));
  EXPECT_GE(all[0]->sink.starts(), 2);
}

// The same access units as FFmpeg: what ffprobe reads from /clock/main (through
// FFmpeg's RTSP demuxer and H.264 parser) and what the native client delivers, over the
// same seconds, agree packet for packet in size and keyframe flag.
TEST(RtspClientTest, AccessUnitsMatchFfprobe) {
  TestCam cam;
  rtsp::EventLoop loop(1);
  const std::string url = cam.Url("/clock/main");
  std::string probe_output;
  std::thread probe([&] {
    probe_output = testing::RunCommand("ffprobe -v error -rtsp_transport tcp -select_streams v:0 "
                                       "-read_intervals %+10 -show_entries packet=size,flags "
                                       "-of csv=p=0 '" + url + "'").output;
  });
  Running s(loop, Options(url));
  probe.join();
  std::this_thread::sleep_for(1s);
  s.session.Stop();
  std::vector<CollectingSink::Video> theirs;
  std::istringstream in(probe_output);
  for (std::string line; std::getline(in, line);) {
    const auto comma = line.find(',');
    if (comma == std::string::npos) continue;
    theirs.push_back({std::stoi(line.substr(0, comma)), line.find('K', comma) != std::string::npos});
  }
  const auto ours = s.sink.video();
  ASSERT_GT(theirs.size(), 150u) << probe_output.substr(0, 500);
  ASSERT_GT(ours.size(), 150u);
  // Find the alignment with the longest run of equal packets.
  std::size_t best_run = 0, best_overlap = 0;
  for (long d = -static_cast<long>(ours.size()); d < static_cast<long>(theirs.size()); ++d) {
    std::size_t run = 0, longest = 0, overlap = 0;
    for (std::size_t i = 0; i < ours.size(); ++i) {
      const long j = static_cast<long>(i) + d;
      if (j < 0 || j >= static_cast<long>(theirs.size())) continue;
      ++overlap;
      run = ours[i] == theirs[static_cast<std::size_t>(j)] ? run + 1 : 0;
      longest = std::max(longest, run);
    }
    if (longest > best_run) best_run = longest, best_overlap = overlap;
  }
  EXPECT_GE(best_run, 100u);
  // Everything the two saw in common matches, but for a packet or two at the edges.
  EXPECT_GE(best_run + 2, best_overlap) << "run " << best_run << " of " << best_overlap;
}

}  // namespace
}  // namespace anninh
