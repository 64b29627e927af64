// Alerts to an MQTT broker (libmosquitto, MQTT 3.1.1): one connection, published QoS 1 by
// default on a topic made from a template, with camera_offline also published retained on
// a per-camera status topic. The broker may be away for hours: alerts wait in a bounded
// buffer (oldest dropped and counted) and the connection is retried with backoff.
//
// Thread contract: Offer/Stats/Stop from any thread. Everything libmosquitto does (connect,
// the network loop, publishing, its callbacks) happens on the sink's one thread, so the
// mosquitto handle needs no locking and Stop never waits on a blocked connect.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <set>
#include <thread>

#include "alerts/bounded_queue.h"
#include "alerts/retry_delay.h"
#include "alerts/sink.h"
#include "alerts/stop_signal.h"
#include "core/clock.h"
#include "core/error.h"

struct mosquitto;
struct mosquitto_message;

namespace anninh::alerts {

class DeadLetterLog;

class MqttSink final : public Sink {
 public:
  // Fails on settings libmosquitto rejects (a missing CA file); never on an absent broker.
  static Result<std::unique_ptr<MqttSink>> Create(MqttOptions options, std::string site,
                                                  DeadLetterLog* dead_letters, const Clock& clock);
  ~MqttSink() override;

  const SinkFilter& filter() const override { return options_.filter; }
  void Offer(AlertPtr alert) override;
  SinkStats Stats() const override;
  void Stop() override;

  // The topic an alert goes to: the template with {site} {camera} {rule} {zone} {class}
  // replaced by values in which '/', '+', '#' and NUL become '_' (a camera id must not add
  // levels or wildcards).
  static std::string Topic(std::string_view pattern, std::string_view site, const events::Event& e);

 private:
  MqttSink(MqttOptions options, std::string site, DeadLetterLog* dead_letters, const Clock& clock);
  void Run();
  void Publish(const Alert& alert);
  static void OnConnect(mosquitto*, void* self, int rc);
  static void OnDisconnect(mosquitto*, void* self, int rc);
  static void OnPublish(mosquitto*, void* self, int mid);

  const MqttOptions options_;
  const std::string site_;
  DeadLetterLog* const dead_letters_;
  const Clock& clock_;
  mosquitto* mosq_ = nullptr;
  RetryDelay reconnect_;
  BoundedQueue<AlertPtr> buffer_;
  SinkCounters counters_;
  std::atomic<bool> connected_{false};
  std::set<int> in_flight_;  // message ids awaiting PUBACK; sink thread only
  StopSignal stop_;
  std::thread thread_;
};

}  // namespace anninh::alerts
