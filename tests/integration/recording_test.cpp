// Recording against the real RTSP test camera: the acceptance tests of
// docs/design/0001-recording.md. Each test starts its own camera, so faults injected in
// one never leak into another.
#include <signal.h>

#include <fstream>
#include <iostream>
#include <thread>

#include <gtest/gtest.h>

#include "app/config.h"
#include "app/server.h"
#include "core/time_format.h"
#include "store/sqlite/sqlite_recording_index.h"
#include "support.h"
#include "support/process.h"
#include "support/temp_dir.h"
#include "support/testcam.h"

namespace anninh {
namespace {

using namespace std::chrono_literals;
using testing::TestCam;

struct Cam {
  std::string id;
  std::string url;
  std::string extra;  // more TOML lines for the camera's main stream
};

// Writes a config for `cams` into `dir` and loads it.
app::Config MakeConfig(const testing::TempDir& dir, const std::vector<Cam>& cams,
                       const std::string& recording = "segment_seconds = 10",
                       const std::string& ingest = "") {
  std::ofstream f(dir / "anninh.toml");
  f << "[server]\ndata_dir = \"data\"\nlog_level = \"info\"\n[http]\nlisten = \"\"\n"
    << "[recording]\n" << recording << "\n"
    << "[ingest]\nconnect_timeout_s = 3\nstall_timeout_s = 3\n"
    << "backoff_initial_s = 0.5\nbackoff_max_s = 2\n" << ingest << "\n";
  for (const Cam& c : cams) {
    f << "[[cameras]]\nid = \"" << c.id << "\"\n[cameras.main]\nurl = \"" << c.url << "\"\n"
      << c.extra << "\n";
  }
  f.close();
  auto config = app::LoadConfig(dir / "anninh.toml");
  if (!config) throw std::runtime_error(config.error().message());
  return *config;
}

std::unique_ptr<store::sqlite::SqliteRecordingIndex> OpenIndex(const app::Config& c) {
  return store::sqlite::SqliteRecordingIndex::Open(c.index_path()).value();
}

const app::StreamReport* Find(const std::vector<app::StreamReport>& all, const std::string& id) {
  for (const auto& r : all) {
    if (r.camera_id == id) return &r;
  }
  return nullptr;
}

ingest::StreamState StateOf(app::Server& s, const std::string& id) {
  return Find(s.Status(), id)->ingest.state;
}

TEST(RecordingIntegrationTest, ThreeCamerasIncludingHevcAndAudioRecordValidSegments) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = MakeConfig(dir, {{"people", cam.Url("/people/main"), ""},
                                        {"hevc", cam.Url("/hevc/main"), ""},
                                        {"audio", cam.Url("/audio/main"), ""}});
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] {
    for (const auto& r : server->Status()) {
      if (r.ingest.state != ingest::StreamState::kStreaming) return false;
    }
    return true;
  }, 15s));
  std::this_thread::sleep_for(32s);
  server->Stop();

  auto index = OpenIndex(config);
  for (const std::string id : {"people", "hevc", "audio"}) {
    SCOPED_TRACE(id);
    auto segs = index->Segments({id, "main", 0, INT64_MAX}).value();
    ASSERT_GE(segs.size(), 3u);  // 10 s segments over 32 s
    WallNs total = 0;
    for (std::size_t i = 0; i < segs.size(); ++i) {
      const auto& s = segs[i];
      auto path = config.recordings_dir() / s.path;
      auto probe = testing::FfProbe(path);
      ASSERT_FALSE(probe.is_null()) << "ffprobe rejects " << path;
      double media_s = std::stod(probe["format"]["duration"].get<std::string>());
      double wall_s = static_cast<double>(s.end - s.start) / 1e9;
      // The file's own duration matches the wall time the index gives it.
      EXPECT_NEAR(media_s, wall_s, wall_s * 0.01 + 0.05) << s.path;
      EXPECT_EQ(testing::FfProbeVideoPackets(path), s.frames);
      if (i > 0) {
        EXPECT_GE(s.start, segs[i - 1].end) << "overlap at " << s.path;
        EXPECT_LT(s.start - segs[i - 1].end, 100'000'000) << "hole before " << s.path;
      }
      total += s.end - s.start;
    }
    // What was recorded covers the wall time the stream was up, within 1%.
    double span = static_cast<double>(segs.back().end - segs.front().start);
    EXPECT_NEAR(static_cast<double>(total), span, span * 0.01);
    EXPECT_GE(span, 30e9);

    auto streams = testing::FfProbe(config.recordings_dir() / segs[0].path)["streams"];
    std::string codecs;
    for (const auto& st : streams) codecs += st["codec_name"].get<std::string>() + " ";
    const char* expected = id == "hevc" ? "hevc " : id == "audio" ? "h264 aac " : "h264 ";
    EXPECT_EQ(codecs, expected);
    EXPECT_EQ(segs[0].codec, id == "hevc" ? "hevc" : id == "audio" ? "h264+aac" : "h264");
  }
}

TEST(RecordingIntegrationTest, OutageIsIndexedAsAGapAndRecordingResumes) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = MakeConfig(dir, {{"gate", cam.Url("/clock/main"), ""}});
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "gate") == ingest::StreamState::kStreaming; }, 15s));
  std::this_thread::sleep_for(3s);

  ASSERT_EQ(cam.Control("stop /clock/main"), "ok");
  WallNs stopped = SystemClock::Get().Now();
  // The server hangs up first ("stream ended"); the retries then find the path gone.
  EXPECT_TRUE(testing::WaitUntil([&] { return Find(server->Status(), "gate")->ingest.reason == "not found"; }, 8s))
      << Find(server->Status(), "gate")->ingest.reason;
  EXPECT_EQ(StateOf(*server, "gate"), ingest::StreamState::kOffline);
  std::this_thread::sleep_for(10s - std::chrono::nanoseconds(SystemClock::Get().Now() - stopped));
  ASSERT_EQ(cam.Control("start /clock/main"), "ok");
  WallNs restarted = SystemClock::Get().Now();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "gate") == ingest::StreamState::kStreaming; }, 5s))
      << "recording did not resume within 5 s of the path returning";
  std::this_thread::sleep_for(3s);
  server->Stop();

  auto index = OpenIndex(config);
  auto gaps = index->Gaps({"gate", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(gaps.size(), 1u);
  double gap_s = static_cast<double>(gaps[0].end - gaps[0].start) / 1e9;
  EXPECT_NEAR(gap_s, 10.0, 2.5) << "gap " << FormatIso8601(gaps[0].start) << " - " << FormatIso8601(gaps[0].end);
  EXPECT_LE(gaps[0].end - restarted, 5 * kNsPerSecond);
  EXPECT_FALSE(gaps[0].reason.empty());
  auto segs = index->Segments({"gate", "main", 0, INT64_MAX}).value();
  ASSERT_GE(segs.size(), 2u);
  EXPECT_EQ(segs.back().start, gaps[0].end);  // the gap ends where recording resumed
}

// rtsp:// over TCP is read by the native client by default and by FFmpeg on request;
// either way the recording is the same: valid segments whose media duration is their
// wall time, every frame counted, H.264 with AAC.
class BothRtspClientsTest : public ::testing::TestWithParam<std::string> {};

TEST_P(BothRtspClientsTest, RecordValidSegmentsOfTheExpectedDuration) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = MakeConfig(dir, {{"audio", cam.Url("/audio/main"), ""}},
                                  "segment_seconds = 5", "rtsp_client = \"" + GetParam() + "\"");
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "audio") == ingest::StreamState::kStreaming; }, 15s));
  const WallNs started = SystemClock::Get().Now();
  std::this_thread::sleep_for(12s);
  server->Stop();
  const double up_s = static_cast<double>(SystemClock::Get().Now() - started) / 1e9;
  auto segs = OpenIndex(config)->Segments({"audio", "main", 0, INT64_MAX}).value();
  ASSERT_GE(segs.size(), 2u);
  double total_s = 0;
  for (const auto& seg : segs) {
    auto path = config.recordings_dir() / seg.path;
    auto probe = testing::FfProbe(path);
    ASSERT_FALSE(probe.is_null()) << "ffprobe rejects " << path;
    // The video track's duration: the segment's span is its pictures'. The file's duration
    // also covers the audio, which can run an AAC frame or a late burst past the last picture.
    const double media_s = std::stod(probe["streams"][0]["duration"].get<std::string>());
    const double wall_s = static_cast<double>(seg.end - seg.start) / 1e9;
    EXPECT_NEAR(media_s, wall_s, wall_s * 0.01 + 0.05) << seg.path;
    EXPECT_EQ(testing::FfProbeVideoPackets(path), seg.frames);
    EXPECT_EQ(seg.codec, "h264+aac");
    EXPECT_EQ(probe["streams"].size(), 2u);
    EXPECT_EQ(probe["streams"][0]["width"], 1280);
    total_s += wall_s;
  }
  EXPECT_NEAR(total_s, up_s, 1.5);
}

INSTANTIATE_TEST_SUITE_P(RecordingIntegrationTest, BothRtspClientsTest,
                         ::testing::Values("native", "ffmpeg"));

TEST(RecordingIntegrationTest, StallIsDetectedWithinTheTimeout) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = MakeConfig(dir, {{"gate", cam.Url("/people/main"), ""}});  // stall 3 s
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "gate") == ingest::StreamState::kStreaming; }, 15s));
  std::this_thread::sleep_for(2s);
  WallNs stall_wall = SystemClock::Get().Now();
  ASSERT_EQ(cam.Control("stall /people/main"), "ok");
  auto t0 = std::chrono::steady_clock::now();
  ASSERT_TRUE(testing::WaitUntil([&] { return Find(server->Status(), "gate")->ingest.stalls > 0; }, 6s));
  auto detected = std::chrono::steady_clock::now() - t0;
  // The camera's last packet came when the stall began (timestamps are anchored right).
  EXPECT_NEAR(static_cast<double>(Find(server->Status(), "gate")->ingest.last_packet - stall_wall) / 1e9,
              0.0, 0.5);
  EXPECT_LE(detected, 3s + 1s);  // the configured timeout, plus polling slack
  EXPECT_EQ(StateOf(*server, "gate"), ingest::StreamState::kStalled);
  ASSERT_EQ(cam.Control("resume /people/main"), "ok");
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "gate") == ingest::StreamState::kStreaming; }, 15s));
  std::this_thread::sleep_for(2s);
  server->Stop();
  auto gaps = OpenIndex(config)->Gaps({"gate", "main", 0, INT64_MAX}).value();
  ASSERT_GE(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "stalled");
}

TEST(RecordingIntegrationTest, WrongPasswordIsUnauthorizedAndOtherCamerasCarryOn) {
  TestCam cam({"/clock/main=admin:right"});
  testing::TempDir dir;
  app::Config config = MakeConfig(
      dir, {{"locked", cam.Url("/clock/main"), "username = \"admin\"\npassword = \"wrong\""},
            {"open", cam.Url("/people/main"), ""}});
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "locked") == ingest::StreamState::kOffline; }, 10s));
  EXPECT_EQ(Find(server->Status(), "locked")->ingest.reason, "unauthorized");
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "open") == ingest::StreamState::kStreaming; }, 10s));
  std::this_thread::sleep_for(3s);
  EXPECT_EQ(StateOf(*server, "locked"), ingest::StreamState::kOffline);
  EXPECT_EQ(StateOf(*server, "open"), ingest::StreamState::kStreaming);
  auto open_packets = Find(server->Status(), "open")->ingest.packets;
  EXPECT_GT(open_packets, 50u);
  server->Stop();
  auto index = OpenIndex(config);
  EXPECT_TRUE(index->Segments({"locked", "", 0, INT64_MAX}).value().empty());
  EXPECT_FALSE(index->Segments({"open", "", 0, INT64_MAX}).value().empty());

  // The right password works.
  testing::TempDir dir2;
  app::Config good = MakeConfig(
      dir2, {{"locked", cam.Url("/clock/main"), "username = \"admin\"\npassword = \"right\""}});
  auto server2 = app::Server::Create(good, SystemClock::Get()).value();
  server2->Start();
  EXPECT_TRUE(testing::WaitUntil([&] { return StateOf(*server2, "locked") == ingest::StreamState::kStreaming; }, 10s));
  server2->Stop();
}

TEST(RecordingIntegrationTest, KillDashNineMidSegmentLosesAtMostOneSecond) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = MakeConfig(dir, {{"gate", cam.Url("/clock/main"), ""}},
                                  "segment_seconds = 60");
  const std::string cfg = (dir / "anninh.toml").string();
  WallNs killed_at = 0;
  {
    testing::Process serve({ANNINH_BINARY, "serve", "--config", cfg});
    // Wait until it records, then kill it without warning in the middle of a segment.
    std::this_thread::sleep_for(9s);
    killed_at = SystemClock::Get().Now();
    serve.Signal(SIGKILL);
    ASSERT_EQ(serve.Wait(5s), 128 + SIGKILL);
  }
  {
    // Nothing was indexed yet (the segment was still open), but the file is on disk.
    auto index = OpenIndex(config);
    EXPECT_TRUE(index->Segments({}).value().empty());
  }
  {
    testing::Process serve({ANNINH_BINARY, "serve", "--config", cfg});
    std::this_thread::sleep_for(4s);
    serve.Signal(SIGTERM);
    ASSERT_EQ(serve.Wait(10s), 0);
  }
  auto index = OpenIndex(config);
  auto segs = index->Segments({"gate", "main", 0, INT64_MAX}).value();
  ASSERT_GE(segs.size(), 2u);
  const auto& cut = segs[0];
  EXPECT_TRUE(cut.recovered);
  auto path = config.recordings_dir() / cut.path;
  ASSERT_FALSE(testing::FfProbe(path).is_null()) << "recovered segment does not play";
  EXPECT_EQ(testing::FfProbeVideoPackets(path), cut.frames);
  double lost_s = static_cast<double>(killed_at - cut.end) / 1e9;
  EXPECT_LE(lost_s, 1.0) << "video lost at kill -9";
  EXPECT_GE(lost_s, -0.2);
  EXPECT_GT(cut.end - cut.start, 5 * kNsPerSecond);
  // The downtime is a gap, and recording went on after the restart.
  auto gaps = index->Gaps({"gate", "main", 0, INT64_MAX}).value();
  ASSERT_EQ(gaps.size(), 1u);
  EXPECT_EQ(gaps[0].reason, "recorder not running");
  EXPECT_FALSE(segs[1].recovered);

  auto fsck = testing::RunCommand(std::string(ANNINH_BINARY) + " fsck --verify-hashes --config " + cfg);
  EXPECT_EQ(fsck.exit_code, 0) << fsck.output;
  EXPECT_NE(fsck.output.find("clean"), std::string::npos) << fsck.output;
}

TEST(RecordingIntegrationTest, UdpTransportAndLoopedFileRecord) {
  TestCam cam;
  testing::TempDir dir;
  // A 2 s clip, so the 9 s run loops it four times.
  std::string clip = (dir / "clip.mp4").string();
  auto made = testing::RunCommand(
      "ffmpeg -v error -f lavfi -i testsrc2=size=320x240:rate=25 -t 2 -c:v libx264 "
      "-preset ultrafast -g 25 -bf 0 -pix_fmt yuv420p '" + clip + "'");
  ASSERT_EQ(made.exit_code, 0) << made.output;
  app::Config config = MakeConfig(
      dir, {{"udp", cam.Url("/people/sub"), "transport = \"udp\""},
            {"file", clip, "loop = true"}},
      "segment_seconds = 4");
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] {
    return StateOf(*server, "udp") == ingest::StreamState::kStreaming &&
           StateOf(*server, "file") == ingest::StreamState::kStreaming;
  }, 15s));
  std::this_thread::sleep_for(9s);
  server->Stop();
  auto index = OpenIndex(config);
  for (const std::string id : {"udp", "file"}) {
    SCOPED_TRACE(id);
    auto segs = index->Segments({id, "main", 0, INT64_MAX}).value();
    ASSERT_GE(segs.size(), 2u);
    for (const auto& s : segs) {
      EXPECT_FALSE(testing::FfProbe(config.recordings_dir() / s.path).is_null());
      EXPECT_EQ(s.discontinuities, 0) << s.path;  // a looped file continues its timeline
    }
    // A file plays at its own speed, not as fast as it can be read.
    double span = static_cast<double>(segs.back().end - segs.front().start) / 1e9;
    EXPECT_NEAR(span, 9.0, 1.5);
  }
}

// A live MPEG-TS stream over HTTP, served by a real ffmpeg in listen mode at real-time
// pace, as some cameras and encoders offer it.
TEST(RecordingIntegrationTest, HttpStreamRecords) {
  testing::TempDir dir;
  int port = 0;
  {
    // Ask the kernel for a free port, then hand it to ffmpeg.
    auto r = testing::RunCommand("/usr/bin/python3 -c 'import socket; s=socket.socket(); "
                                 "s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'");
    port = std::stoi(r.output);
  }
  std::string url = "http://127.0.0.1:" + std::to_string(port) + "/live.ts";
  testing::Process ffmpeg({"/usr/bin/ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i",
                           "testsrc2=size=320x240:rate=25", "-c:v", "libx264", "-preset",
                           "ultrafast", "-g", "25", "-bf", "0", "-pix_fmt", "yuv420p", "-f",
                           "mpegts", "-listen", "1", url});
  std::this_thread::sleep_for(1s);
  app::Config config = MakeConfig(dir, {{"http", url, ""}}, "segment_seconds = 3");
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "http") == ingest::StreamState::kStreaming; }, 15s))
      << Find(server->Status(), "http")->ingest.detail;
  std::this_thread::sleep_for(7s);
  server->Stop();
  auto segs = OpenIndex(config)->Segments({"http", "main", 0, INT64_MAX}).value();
  ASSERT_GE(segs.size(), 2u);
  for (const auto& s : segs) EXPECT_FALSE(testing::FfProbe(config.recordings_dir() / s.path).is_null());
  double span = static_cast<double>(segs.back().end - segs.front().start) / 1e9;
  EXPECT_NEAR(span, 7.0, 1.5);
}

// Something answers on the camera's port, but not with RTSP: a clear reason, no crash,
// and the other camera records on.
TEST(RecordingIntegrationTest, GarbageFromTheCameraIsABadStream) {
  TestCam cam;
  testing::TempDir dir;
  // A listener that answers every connection with noise and closes.
  testing::ScriptServer noise(
      "while True:\n"
      "  c,_=s.accept(); c.recv(4096); c.sendall(b'\\x00garbage\\r\\n'*50); c.close()\n");
  std::string bad = noise.Url("/x");
  app::Config config = MakeConfig(dir, {{"bad", bad, ""}, {"good", cam.Url("/people/main"), ""}});
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "bad") == ingest::StreamState::kOffline; }, 10s));
  const auto status = server->Status();  // Find points into it: keep it alive
  const auto* r = Find(status, "bad");
  EXPECT_FALSE(r->ingest.reason.empty());
  EXPECT_FALSE(r->ingest.detail.empty());
  ASSERT_TRUE(testing::WaitUntil([&] { return StateOf(*server, "good") == ingest::StreamState::kStreaming; }, 10s));
  std::this_thread::sleep_for(2s);
  EXPECT_GT(Find(server->Status(), "bad")->ingest.reconnects, 0u);  // it keeps trying
  server->Stop();
  EXPECT_TRUE(OpenIndex(config)->Segments({"bad", "", 0, INT64_MAX}).value().empty());
}

// Each failure gets the reason a person can act on: nothing listening ("refused"), a
// camera that sends MJPEG ("unsupported codec": we record H.264 and H.265 only).
TEST(RecordingIntegrationTest, RefusedAndUnsupportedCodecReasons) {
  testing::TempDir dir;
  auto free_port = [] {
    auto r = testing::RunCommand("/usr/bin/python3 -c 'import socket; s=socket.socket(); "
                                 "s.bind((\"127.0.0.1\",0)); print(s.getsockname()[1])'");
    return std::stoi(r.output);
  };
  std::string closed = "rtsp://127.0.0.1:" + std::to_string(free_port()) + "/nobody";
  std::string mjpeg = "http://127.0.0.1:" + std::to_string(free_port()) + "/cam.mjpg";
  testing::Process ffmpeg({"/usr/bin/ffmpeg", "-v", "error", "-re", "-f", "lavfi", "-i",
                           "testsrc2=size=320x240:rate=10", "-c:v", "mjpeg", "-f", "mpjpeg",
                           "-listen", "1", mjpeg});
  std::this_thread::sleep_for(1s);
  app::Config config = MakeConfig(dir, {{"closed", closed, ""}, {"mjpeg", mjpeg, ""}});
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  server->Start();
  EXPECT_TRUE(testing::WaitUntil([&] { return Find(server->Status(), "closed")->ingest.reason == "refused"; }, 10s))
      << Find(server->Status(), "closed")->ingest.reason;
  EXPECT_TRUE(testing::WaitUntil([&] { return Find(server->Status(), "mjpeg")->ingest.reason == "unsupported codec"; }, 15s))
      << Find(server->Status(), "mjpeg")->ingest.reason << ": " << Find(server->Status(), "mjpeg")->ingest.detail;
  EXPECT_NE(Find(server->Status(), "mjpeg")->ingest.detail.find("mjpeg"), std::string::npos);
  server->Stop();
}

TEST(RecordingIntegrationTest, FsckRefusesToRunBesideTheServer) {
  TestCam cam;
  testing::TempDir dir;
  app::Config config = MakeConfig(dir, {{"gate", cam.Url("/clock/main"), ""}});
  auto server = app::Server::Create(config, SystemClock::Get()).value();
  auto fsck = testing::RunCommand(std::string(ANNINH_BINARY) + " fsck --repair --config " +
                                  (dir / "anninh.toml").string());
  EXPECT_EQ(fsck.exit_code, 2);
  EXPECT_NE(fsck.output.find("another anninh process"), std::string::npos) << fsck.output;
}

}  // namespace
}  // namespace anninh
