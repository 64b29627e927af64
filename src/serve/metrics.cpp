#include "serve/metrics.h"

#include <array>
#include <tuple>

#include <fmt/format.h>

namespace anninh::serve {

std::string PrometheusText::EscapeLabelValue(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '"': out += "\\\""; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

std::string PrometheusText::EscapeHelp(std::string_view v) {
  std::string out;
  out.reserve(v.size());
  for (char c : v) {
    switch (c) {
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      default: out += c;
    }
  }
  return out;
}

void PrometheusText::Family(std::string_view name, std::string_view type, std::string_view help) {
  fmt::format_to(std::back_inserter(out_), "# HELP {} {}\n# TYPE {} {}\n", name, EscapeHelp(help),
                 name, type);
}

void PrometheusText::Series(std::string_view name, const Labels& labels) {
  out_ += name;
  if (labels.empty()) {
    out_ += ' ';
    return;
  }
  out_ += '{';
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out_ += ',';
    first = false;
    fmt::format_to(std::back_inserter(out_), "{}=\"{}\"", k, EscapeLabelValue(v));
  }
  out_ += "} ";
}

void PrometheusText::Sample(std::string_view name, const Labels& labels, double value) {
  Series(name, labels);
  fmt::format_to(std::back_inserter(out_), "{}\n", value);
}

void PrometheusText::Sample(std::string_view name, const Labels& labels, std::uint64_t value) {
  Series(name, labels);
  fmt::format_to(std::back_inserter(out_), "{}\n", value);
}

RateMeter::Rates RateMeter::Update(const std::string& key, std::chrono::steady_clock::time_point now,
                                   std::uint64_t bytes, std::uint64_t frames) {
  std::lock_guard lock(mu_);
  auto [it, inserted] = samples_.try_emplace(key);
  Sample& s = it->second;
  if (inserted) {
    s.at = now;
    s.bytes = bytes;
    s.frames = frames;
    return s.rates;
  }
  const auto elapsed = now - s.at;
  if (elapsed < min_interval_) return s.rates;
  const double seconds = std::chrono::duration<double>(elapsed).count();
  // Counters restart from zero when a session is recreated; a drop reads as no traffic.
  s.rates.bytes_per_second = bytes >= s.bytes ? static_cast<double>(bytes - s.bytes) / seconds : 0;
  s.rates.frames_per_second = frames >= s.frames ? static_cast<double>(frames - s.frames) / seconds : 0;
  s.at = now;
  s.bytes = bytes;
  s.frames = frames;
  return s.rates;
}

namespace {

constexpr std::array kStates = {ingest::StreamState::kConnecting, ingest::StreamState::kStreaming,
                                ingest::StreamState::kStalled, ingest::StreamState::kOffline,
                                ingest::StreamState::kStopped};

struct Row {
  const CameraView* camera;
  const StreamView* stream;
  RateMeter::Rates rates;
  Labels labels() const {
    return {{"camera", camera->id}, {"name", camera->name}, {"stream", stream->name}};
  }
};

}  // namespace

std::string RenderMetrics(const std::vector<CameraView>& cameras,
                          const std::optional<fs::SpaceInfo>& disk, RateMeter& rates,
                          std::chrono::steady_clock::time_point now) {
  std::vector<Row> rows;
  for (const CameraView& c : cameras) {
    for (const StreamView& s : c.streams) {
      if (!s.running) continue;  // a disabled camera has no session and no numbers
      rows.push_back({&c, &s, rates.Update(c.id + "/" + s.name, now, s.ingest.bytes, s.ingest.video_frames)});
    }
  }

  PrometheusText p;
  p.Family("anninh_stream_state", "gauge",
           "1 for the stream's current state (connecting, streaming, stalled, offline, stopped), 0 for the others.");
  for (const Row& r : rows) {
    for (ingest::StreamState st : kStates) {
      Labels l = r.labels();
      std::string_view name = ToString(st);
      l.emplace_back("state", name);
      p.Sample("anninh_stream_state", l, r.stream->ingest.state == st ? std::uint64_t{1} : std::uint64_t{0});
    }
  }
  p.Family("anninh_stream_receive_bytes_per_second", "gauge",
           "Bytes per second received from the camera over the last interval (at least 1 s between scrapes).");
  for (const Row& r : rows) p.Sample("anninh_stream_receive_bytes_per_second", r.labels(), r.rates.bytes_per_second);
  p.Family("anninh_stream_frames_per_second", "gauge",
           "Video frames per second received over the last interval.");
  for (const Row& r : rows) p.Sample("anninh_stream_frames_per_second", r.labels(), r.rates.frames_per_second);
  p.Family("anninh_stream_received_bytes_total", "counter", "Bytes of media received since the server started.");
  for (const Row& r : rows) p.Sample("anninh_stream_received_bytes_total", r.labels(), r.stream->ingest.bytes);
  p.Family("anninh_stream_packets_total", "counter", "Packets received (all tracks) since the server started.");
  for (const Row& r : rows) p.Sample("anninh_stream_packets_total", r.labels(), r.stream->ingest.packets);
  p.Family("anninh_stream_reconnects_total", "counter", "Connections re-opened after a failure.");
  for (const Row& r : rows) p.Sample("anninh_stream_reconnects_total", r.labels(), r.stream->ingest.reconnects);
  p.Family("anninh_stream_stalls_total", "counter", "Times the stream stopped delivering video while connected.");
  for (const Row& r : rows) p.Sample("anninh_stream_stalls_total", r.labels(), r.stream->ingest.stalls);

  p.Family("anninh_recorder_written_bytes_total", "counter", "Bytes the recorder wrote to segment files.");
  for (const Row& r : rows) {
    if (r.stream->record) p.Sample("anninh_recorder_written_bytes_total", r.labels(), r.stream->recorder.bytes_written);
  }
  p.Family("anninh_recorder_segments_total", "counter", "Segments the recorder closed.");
  for (const Row& r : rows) {
    if (r.stream->record) p.Sample("anninh_recorder_segments_total", r.labels(), r.stream->recorder.segments_closed);
  }
  p.Family("anninh_recorder_failing", "gauge", "1 while the recorder's last write failed (see /api/v1/cameras).");
  for (const Row& r : rows) {
    if (r.stream->record) {
      p.Sample("anninh_recorder_failing", r.labels(),
               r.stream->recorder.last_error.empty() ? std::uint64_t{0} : std::uint64_t{1});
    }
  }
  if (disk) {
    p.Family("anninh_disk_free_bytes", "gauge", "Free bytes on the recordings filesystem.");
    p.Sample("anninh_disk_free_bytes", {}, disk->free_bytes);
    p.Family("anninh_disk_total_bytes", "gauge", "Size of the recordings filesystem in bytes.");
    p.Sample("anninh_disk_total_bytes", {}, disk->total_bytes);
  }
  return p.text();
}

std::string RenderAlertMetrics(const alerts::AlertMetrics& m) {
  PrometheusText p;
  p.Family("anninh_alert_events_total", "counter", "Event changes the alerts dispatcher was told of.");
  p.Sample("anninh_alert_events_total", {}, m.events_received);
  p.Family("anninh_alert_events_dropped_total", "counter",
           "Event changes dropped because the alerts dispatcher's queue was full.");
  p.Sample("anninh_alert_events_dropped_total", {}, m.events_dropped);
  p.Family("anninh_alert_suppressed_total", "counter", "Event changes kept quiet by a cooldown or as duplicates.");
  p.Sample("anninh_alert_suppressed_total", {}, m.suppressed);
  p.Family("anninh_alerts_total", "counter", "Alerts handed to the sinks.");
  p.Sample("anninh_alerts_total", {}, m.alerts);
  using Counter = std::uint64_t alerts::SinkStats::*;
  const std::array<std::tuple<const char*, Counter, const char*>, 4> counters = {{
      {"anninh_alert_sent_total", &alerts::SinkStats::sent, "Alerts delivered: a 2xx answer or the broker's PUBACK."},
      {"anninh_alert_failed_total", &alerts::SinkStats::failed, "Delivery attempts that failed (each retry counts)."},
      {"anninh_alert_dropped_total", &alerts::SinkStats::dropped, "Alerts pushed out of a full sink queue, never attempted."},
      {"anninh_alert_dead_lettered_total", &alerts::SinkStats::dead_lettered,
       "Alerts given up on and written to the dead-letter log."},
  }};
  for (const auto& [name, field, help] : counters) {
    p.Family(name, "counter", help);
    for (const alerts::SinkStats& s : m.sinks) p.Sample(name, {{"sink", s.kind}, {"name", s.name}}, s.*field);
  }
  p.Family("anninh_alert_queued", "gauge", "Alerts waiting in a sink's queue now.");
  for (const alerts::SinkStats& s : m.sinks) p.Sample("anninh_alert_queued", {{"sink", s.kind}, {"name", s.name}}, s.queued);
  p.Family("anninh_alert_mqtt_connected", "gauge", "1 while connected to the MQTT broker.");
  for (const alerts::SinkStats& s : m.sinks) {
    if (s.kind == "mqtt") p.Sample("anninh_alert_mqtt_connected", {}, std::uint64_t{s.connected ? 1u : 0u});
  }
  return p.text();
}

}  // namespace anninh::serve
