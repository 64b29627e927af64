#include "serve/metrics.h"

#include <gtest/gtest.h>

#include "serve/analysis_metrics.h"

namespace anninh::serve {
namespace {

using namespace std::chrono_literals;

TEST(PrometheusTextTest, EscapesLabelValuesAndHelp) {
  EXPECT_EQ(PrometheusText::EscapeLabelValue("a\\b\"c\nd"), "a\\\\b\\\"c\\nd");
  EXPECT_EQ(PrometheusText::EscapeLabelValue("Cổng chợ"), "Cổng chợ");  // UTF-8 as is
  EXPECT_EQ(PrometheusText::EscapeHelp("x\\y\nz \"q\""), "x\\\\y\\nz \"q\"");  // quotes stay in HELP
}

TEST(PrometheusTextTest, WritesFamiliesAndSamples) {
  PrometheusText p;
  p.Family("anninh_x_total", "counter", "Things.");
  p.Sample("anninh_x_total", {{"camera", "a"}, {"name", "Cổng \"chợ\""}}, std::uint64_t{3});
  p.Family("anninh_y", "gauge", "Rate.");
  p.Sample("anninh_y", {}, 2.5);
  EXPECT_EQ(p.text(),
            "# HELP anninh_x_total Things.\n# TYPE anninh_x_total counter\n"
            "anninh_x_total{camera=\"a\",name=\"Cổng \\\"chợ\\\"\"} 3\n"
            "# HELP anninh_y Rate.\n# TYPE anninh_y gauge\nanninh_y 2.5\n");
}

TEST(RateMeterTest, RatesAreOverTheIntervalBetweenScrapes) {
  RateMeter m(1s);
  auto t0 = std::chrono::steady_clock::time_point{} + 100s;
  EXPECT_EQ(m.Update("a", t0, 1000, 10).bytes_per_second, 0);  // first sample: no interval yet
  auto r = m.Update("a", t0 + 2s, 5000, 60);
  EXPECT_DOUBLE_EQ(r.bytes_per_second, 2000);
  EXPECT_DOUBLE_EQ(r.frames_per_second, 25);
  // A scrape within the minimum interval reuses the last rates.
  r = m.Update("a", t0 + 2500ms, 5100, 61);
  EXPECT_DOUBLE_EQ(r.bytes_per_second, 2000);
  // Counters that restart (a new session) do not produce a negative rate.
  r = m.Update("a", t0 + 4s, 10, 1);
  EXPECT_EQ(r.bytes_per_second, 0);
  EXPECT_EQ(m.Update("b", t0, 1, 1).bytes_per_second, 0);  // per key
}

TEST(RenderMetricsTest, OneStateSeriesPerStateAndRecorderOnlyWhenRecorded) {
  CameraView cam;
  cam.id = "cong";
  cam.name = "Cổng \"chợ\"";
  StreamView main;
  main.name = "main";
  main.record = true;
  main.running = true;
  main.ingest.state = ingest::StreamState::kStreaming;
  main.ingest.bytes = 1234;
  main.ingest.reconnects = 2;
  main.recorder.bytes_written = 999;
  StreamView sub = main;
  sub.name = "sub";
  sub.record = false;
  sub.ingest.state = ingest::StreamState::kOffline;
  cam.streams = {main, sub};
  CameraView off;
  off.id = "off";
  off.enabled = false;
  off.streams = {StreamView{"main", "", true, false, {}, {}}};
  RateMeter rates;
  std::string text = RenderMetrics({cam, off}, fs::SpaceInfo{100, 200}, rates, std::chrono::steady_clock::now());

  const std::string labels = "camera=\"cong\",name=\"Cổng \\\"chợ\\\"\",stream=\"main\"";
  EXPECT_NE(text.find("anninh_stream_state{" + labels + ",state=\"streaming\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("anninh_stream_state{" + labels + ",state=\"offline\"} 0\n"), std::string::npos);
  EXPECT_NE(text.find("anninh_stream_received_bytes_total{" + labels + "} 1234\n"), std::string::npos);
  EXPECT_NE(text.find("anninh_stream_reconnects_total{" + labels + "} 2\n"), std::string::npos);
  EXPECT_NE(text.find("anninh_recorder_written_bytes_total{" + labels + "} 999\n"), std::string::npos);
  EXPECT_EQ(text.find("anninh_recorder_written_bytes_total{camera=\"cong\",name=\"Cổng \\\"chợ\\\"\",stream=\"sub\"}"),
            std::string::npos);
  EXPECT_NE(text.find("anninh_disk_free_bytes 100\n"), std::string::npos);
  EXPECT_NE(text.find("anninh_disk_total_bytes 200\n"), std::string::npos);
  EXPECT_EQ(text.find("camera=\"off\""), std::string::npos);  // disabled: no session, no series
  // Each family's HELP and TYPE appear once, before its samples.
  EXPECT_EQ(text.find("# TYPE anninh_stream_state gauge"), text.rfind("# TYPE anninh_stream_state gauge"));
}

TEST(RenderAlertMetricsTest, CountersPerSinkAndTheBrokerConnection) {
  alerts::AlertMetrics m;
  m.events_received = 10;
  m.events_dropped = 1;
  m.suppressed = 4;
  m.alerts = 5;
  alerts::SinkStats mqtt;
  mqtt.kind = "mqtt";
  mqtt.name = "broker";
  mqtt.sent = 5;
  mqtt.connected = false;
  alerts::SinkStats hook;
  hook.kind = "webhook";
  hook.name = "truc-ban";
  hook.sent = 4;
  hook.failed = 3;
  hook.dead_lettered = 1;
  hook.dropped = 2;
  hook.queued = 6;
  m.sinks = {mqtt, hook};
  const std::string text = RenderAlertMetrics(m);
  for (const char* line : {"anninh_alert_events_total 10\n", "anninh_alert_events_dropped_total 1\n",
                           "anninh_alert_suppressed_total 4\n", "anninh_alerts_total 5\n",
                           "anninh_alert_sent_total{sink=\"mqtt\",name=\"broker\"} 5\n",
                           "anninh_alert_sent_total{sink=\"webhook\",name=\"truc-ban\"} 4\n",
                           "anninh_alert_failed_total{sink=\"webhook\",name=\"truc-ban\"} 3\n",
                           "anninh_alert_dropped_total{sink=\"webhook\",name=\"truc-ban\"} 2\n",
                           "anninh_alert_dead_lettered_total{sink=\"webhook\",name=\"truc-ban\"} 1\n",
                           "anninh_alert_queued{sink=\"webhook\",name=\"truc-ban\"} 6\n",
                           "anninh_alert_mqtt_connected 0\n", "# TYPE anninh_alert_sent_total counter\n"}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " in\n" << text;
  }
}

TEST(RenderAnalysisMetricsTest, CountersPerAnalysedStreamAndTheEventLog) {
  AnalysisMetrics m;
  AnalysisStreamMetrics cong;
  cong.camera = "cong";
  cong.name = "Cổng \"UBND\"";
  cong.stream = "sub";
  cong.sink = {.packets = 1000, .dropped_packets = 60, .dropped_gops = 2, .decoded = 900, .frames = 190, .decode_errors = 1};
  cong.analyzer = {.frames = 190, .motion_frames = 40, .detector_runs = 30, .detector_errors = 3,
                   .detector_regions = 25, .detector_skipped = 17, .tracks = 4, .observations = 9};
  AnalysisStreamMetrics cho;
  cho.camera = "cho";
  cho.name = "Chợ";
  cho.stream = "main";
  cho.sink.frames = 7;
  m.streams = {cong, cho};
  m.event_log = {.reported = 11, .dropped = 12, .ignored = 13, .opened = 14, .extended = 15, .closed = 16,
                 .snapshot_errors = 17, .store_errors = 18, .pruned = 19};
  const std::string text = RenderAnalysisMetrics(m);
  const std::string cong_labels = "{camera=\"cong\",name=\"Cổng \\\"UBND\\\"\",stream=\"sub\"} ";
  for (const std::string& line :
       {"anninh_analysis_packets_total" + cong_labels + "1000\n", "anninh_analysis_dropped_packets_total" + cong_labels + "60\n",
        "anninh_analysis_dropped_gops_total" + cong_labels + "2\n", "anninh_analysis_decoded_frames_total" + cong_labels + "900\n",
        "anninh_analysis_frames_total" + cong_labels + "190\n", "anninh_analysis_decode_errors_total" + cong_labels + "1\n",
        "anninh_analysis_motion_frames_total" + cong_labels + "40\n", "anninh_analysis_detector_runs_total" + cong_labels + "30\n",
        "anninh_analysis_detector_errors_total" + cong_labels + "3\n", "anninh_analysis_tracks_total" + cong_labels + "4\n",
        "anninh_analysis_observations_total" + cong_labels + "9\n",
        "anninh_analysis_detector_regions_total" + cong_labels + "25\n",
        "anninh_analysis_detector_skipped_total" + cong_labels + "17\n",
        std::string("anninh_analysis_frames_total{camera=\"cho\",name=\"Chợ\",stream=\"main\"} 7\n"),
        std::string("anninh_event_log_reported_total 11\n"), std::string("anninh_event_log_dropped_total 12\n"),
        std::string("anninh_event_log_ignored_total 13\n"), std::string("anninh_event_log_opened_total 14\n"),
        std::string("anninh_event_log_extended_total 15\n"), std::string("anninh_event_log_closed_total 16\n"),
        std::string("anninh_event_log_snapshot_errors_total 17\n"), std::string("anninh_event_log_store_errors_total 18\n"),
        std::string("anninh_event_log_pruned_total 19\n"), std::string("# TYPE anninh_analysis_dropped_gops_total counter\n")}) {
    EXPECT_NE(text.find(line), std::string::npos) << line << " in\n" << text;
  }
}

}  // namespace
}  // namespace anninh::serve
