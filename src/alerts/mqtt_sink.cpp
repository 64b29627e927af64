#include "alerts/mqtt_sink.h"

#include <mosquitto.h>

#include <cstring>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "alerts/dead_letter.h"
#include "core/time_format.h"

namespace anninh::alerts {

namespace {

std::once_flag mosquitto_once;

// Messages handed to libmosquitto and not yet acknowledged. Beyond this they wait in our
// bounded buffer, not in libmosquitto's unbounded one.
constexpr std::size_t kMaxInFlight = 20;

// How long a connection may take before it counts as failed (a broker host that drops
// packets would otherwise leave us "connecting" forever).
constexpr std::chrono::seconds kConnectTimeout{10};

void AppendTopicSafe(std::string& out, std::string_view v) {
  if (v.empty()) {
    out += '_';  // an empty level would make "a//b", legal but easy to mis-subscribe
    return;
  }
  for (char c : v) out += (c == '/' || c == '+' || c == '#' || c == '\0') ? '_' : c;
}

}  // namespace

std::string MqttSink::Topic(std::string_view pattern, std::string_view site, const events::Event& e) {
  std::string out;
  out.reserve(pattern.size() + 32);
  for (std::size_t i = 0; i < pattern.size();) {
    if (pattern[i] == '{') {
      const auto close = pattern.find('}', i);
      if (close != std::string_view::npos) {
        const std::string_view name = pattern.substr(i + 1, close - i - 1);
        std::optional<std::string_view> value;
        if (name == "site") value = site;
        else if (name == "camera") value = e.camera_id;
        else if (name == "rule") value = e.rule;
        else if (name == "zone") value = e.zone;
        else if (name == "class") value = e.object_class;
        if (value) {
          AppendTopicSafe(out, *value);
          i = close + 1;
          continue;
        }
      }
    }
    out += pattern[i++];
  }
  return out;
}

Result<std::unique_ptr<MqttSink>> MqttSink::Create(MqttOptions options, std::string site,
                                                   DeadLetterLog* dead_letters, const Clock& clock) {
  std::call_once(mosquitto_once, [] { mosquitto_lib_init(); });
  auto sink = std::unique_ptr<MqttSink>(new MqttSink(std::move(options), std::move(site), dead_letters, clock));
  const MqttOptions& o = sink->options_;
  const std::string client_id = o.client_id.empty() ? "anninh-" + sink->site_ : o.client_id;
  sink->mosq_ = mosquitto_new(client_id.c_str(), /*clean_session=*/true, sink.get());
  if (!sink->mosq_) return Fail(ErrnoError(errno, "mosquitto_new"));
  mosquitto_connect_callback_set(sink->mosq_, &MqttSink::OnConnect);
  mosquitto_disconnect_callback_set(sink->mosq_, &MqttSink::OnDisconnect);
  mosquitto_publish_callback_set(sink->mosq_, &MqttSink::OnPublish);
  if (!o.username.empty()) {
    int rc = mosquitto_username_pw_set(sink->mosq_, o.username.c_str(),
                                       o.password.empty() ? nullptr : o.password.c_str());
    if (rc != MOSQ_ERR_SUCCESS) {
      return Fail(ErrorCode::kInvalidArgument, std::string("mqtt username: ") + mosquitto_strerror(rc));
    }
  }
  if (!o.ca_file.empty()) {
    int rc = mosquitto_tls_set(sink->mosq_, o.ca_file.c_str(), nullptr, nullptr, nullptr, nullptr);
    if (rc != MOSQ_ERR_SUCCESS) {
      return Fail(ErrorCode::kInvalidArgument,
                  "mqtt ca_file " + o.ca_file.string() + ": " + mosquitto_strerror(rc));
    }
  }
  sink->thread_ = std::thread([s = sink.get()] { s->Run(); });
  return sink;
}

MqttSink::MqttSink(MqttOptions options, std::string site, DeadLetterLog* dead_letters, const Clock& clock)
    : options_(std::move(options)),
      site_(std::move(site)),
      dead_letters_(dead_letters),
      clock_(clock),
      reconnect_(RetryOptions{0, options_.reconnect_initial, options_.reconnect_max}, std::random_device{}()),
      buffer_(options_.buffer) {}

MqttSink::~MqttSink() {
  Stop();
  if (mosq_) mosquitto_destroy(mosq_);
}

void MqttSink::Offer(AlertPtr alert) {
  if (stop_.stopping()) return;
  if (buffer_.Push(std::move(alert))) {
    const auto n = ++counters_.dropped;
    if (n % 100 == 1) spdlog::warn("alerts: mqtt: buffer full (broker away?), {} alerts dropped so far", n);
  }
}

SinkStats MqttSink::Stats() const {
  SinkStats s = counters_.Snapshot("mqtt", "broker", buffer_.size());
  s.connected = connected_.load();
  return s;
}

void MqttSink::Stop() {
  if (stop_.Trigger()) buffer_.Close();
  if (thread_.joinable()) thread_.join();
}

void MqttSink::OnConnect(mosquitto*, void* self, int rc) {
  auto* s = static_cast<MqttSink*>(self);
  if (rc != 0) {
    // A CONNACK refusal (bad credentials, client id): the loop sees the drop and retries.
    spdlog::warn("alerts: mqtt: broker {}:{} refused the connection: {}", s->options_.host, s->options_.port,
                 mosquitto_connack_string(rc));
    return;
  }
  spdlog::info("alerts: mqtt: connected to {}:{}", s->options_.host, s->options_.port);
  s->connected_ = true;
}

void MqttSink::OnDisconnect(mosquitto*, void* self, int) {
  auto* s = static_cast<MqttSink*>(self);
  s->connected_ = false;
  // What was in flight stays with libmosquitto, which sends it again after the reconnect
  // (QoS 1: at least once). Our window restarts so the new connection is not starved.
  s->in_flight_.clear();
}

void MqttSink::OnPublish(mosquitto*, void* self, int mid) {
  auto* s = static_cast<MqttSink*>(self);
  s->in_flight_.erase(mid);
  ++s->counters_.sent;
}

void MqttSink::Publish(const Alert& alert) {
  const std::string topic = Topic(options_.topic, site_, alert.event);
  int mid = 0;
  int rc = mosquitto_publish(mosq_, &mid, topic.c_str(), static_cast<int>(alert.body.size()),
                             alert.body.data(), options_.qos, /*retain=*/false);
  if (rc != MOSQ_ERR_SUCCESS) {
    ++counters_.failed;
    // Not lost: back to the front, sent after the next connect (unless the buffer is full).
    if (buffer_.PushFront(std::make_shared<const Alert>(alert))) ++counters_.dropped;
    return;
  }
  in_flight_.insert(mid);
  if (alert.event.rule == "camera_offline" && !options_.status_topic.empty() &&
      alert.change != events::Change::kUpdated) {
    const bool online = alert.change == events::Change::kClosed;
    const nlohmann::json status = {
        {"camera", alert.event.camera_id},
        {"online", online},
        {"since", FormatIso8601(online ? alert.event.end_ns : alert.event.start_ns)},
        {"event_id", alert.event.id}};
    const std::string text = status.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
    const std::string status_topic = Topic(options_.status_topic, site_, alert.event);
    if (mosquitto_publish(mosq_, &mid, status_topic.c_str(), static_cast<int>(text.size()), text.data(),
                          options_.qos, /*retain=*/true) == MOSQ_ERR_SUCCESS) {
      in_flight_.insert(mid);
    }
  }
}

void MqttSink::Run() {
  using std::chrono::steady_clock;
  enum class State { kIdle, kConnecting, kUp } state = State::kIdle;
  int failures = 0;
  steady_clock::time_point next_try = steady_clock::now();
  steady_clock::time_point deadline;
  bool first = true;
  auto fail = [&](std::string_view why) {
    connected_ = false;
    in_flight_.clear();
    state = State::kIdle;
    const auto wait = reconnect_.Before(++failures);
    // The first failure and then every tenth: a broker away all night must not fill the log.
    if (failures == 1 || failures % 10 == 0) {
      spdlog::warn("alerts: mqtt: {}:{}: {} (attempt {}, next in {} ms)", options_.host, options_.port, why,
                   failures, wait.count());
    }
    next_try = steady_clock::now() + wait;
  };
  while (!stop_.stopping()) {
    if (state == State::kIdle) {
      const auto now = steady_clock::now();
      if (now < next_try) {
        stop_.Wait(std::min<std::chrono::milliseconds>(
            std::chrono::duration_cast<std::chrono::milliseconds>(next_try - now) + std::chrono::milliseconds(1),
            std::chrono::milliseconds(200)));
        continue;
      }
      // Asynchronous connect: the TCP handshake completes inside mosquitto_loop, so a
      // broker host that never answers cannot hold this thread (or Stop) hostage.
      int rc = first ? mosquitto_connect_async(mosq_, options_.host.c_str(), options_.port, options_.keepalive_s)
                     : mosquitto_reconnect_async(mosq_);
      // Once connect_async has stored the host (anything but a bad argument), later tries
      // are reconnects.
      first = first && rc == MOSQ_ERR_INVAL;
      if (rc != MOSQ_ERR_SUCCESS) {
        fail(rc == MOSQ_ERR_ERRNO ? std::string("connect: ") + std::strerror(errno) : mosquitto_strerror(rc));
        continue;
      }
      state = State::kConnecting;
      deadline = steady_clock::now() + kConnectTimeout;
    }
    if (state == State::kConnecting && connected_.load()) {
      state = State::kUp;
      failures = 0;
    }
    if (state == State::kUp) {
      while (in_flight_.size() < kMaxInFlight) {
        std::optional<AlertPtr> alert = buffer_.Pop(std::chrono::milliseconds(0));
        if (!alert) break;
        Publish(**alert);
      }
    }
    int rc = mosquitto_loop(mosq_, /*timeout ms=*/50, 1);
    if (rc != MOSQ_ERR_SUCCESS) {
      fail(rc == MOSQ_ERR_ERRNO ? std::string(std::strerror(errno)) : mosquitto_strerror(rc));
      continue;
    }
    if (state == State::kConnecting && steady_clock::now() > deadline && !connected_.load()) {
      mosquitto_disconnect(mosq_);
      fail("no answer within 10 s");
    } else if (state == State::kUp && !connected_.load()) {
      fail("connection lost");
    }
  }
  if (state != State::kIdle) {
    mosquitto_disconnect(mosq_);
    // Let the DISCONNECT (and any PUBACKs on their way) through.
    for (int i = 0; i < 5 && mosquitto_loop(mosq_, 20, 1) == MOSQ_ERR_SUCCESS; ++i) {
    }
  }
  // Whatever never reached the broker is written down rather than lost.
  while (std::optional<AlertPtr> alert = buffer_.Pop(std::chrono::milliseconds(0))) {
    if (dead_letters_) {
      if (auto s = dead_letters_->Write("mqtt", "server stopping before the broker took it", 0, (*alert)->body,
                                        clock_.Now());
          !s) {
        spdlog::error("alerts: dead-letter log: {}", s.error().ToString());
      }
    }
    ++counters_.dead_lettered;
  }
}

}  // namespace anninh::alerts
