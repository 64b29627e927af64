// Counters the alerts module keeps, for /metrics (serve renders them; this header is light
// so serve can include it without libcurl or libmosquitto).
#pragma once

#include <atomic>
#include <cstdint>
#include <string>
#include <vector>

namespace anninh::alerts {

struct SinkStats {
  std::string kind;  // "mqtt" or "webhook"
  std::string name;  // the webhook's name; "broker" for MQTT
  std::uint64_t sent = 0;           // delivered: a 2xx answer, or the broker's PUBACK
  std::uint64_t failed = 0;         // attempts that failed (each retry counts)
  std::uint64_t dropped = 0;        // pushed out of a full queue, never attempted
  std::uint64_t dead_lettered = 0;  // given up on and written to the dead-letter log
  std::uint64_t queued = 0;         // waiting now
  bool connected = true;            // MQTT: connected to the broker now
};

struct AlertMetrics {
  std::uint64_t events_received = 0;  // OnEvent calls
  std::uint64_t events_dropped = 0;   // the dispatcher's queue was full
  std::uint64_t suppressed = 0;       // cooldown or duplicate
  std::uint64_t alerts = 0;           // alerts handed to the sinks
  std::vector<SinkStats> sinks;
};

// The live counters behind a SinkStats; each sink owns one.
struct SinkCounters {
  std::atomic<std::uint64_t> sent{0}, failed{0}, dropped{0}, dead_lettered{0};
  SinkStats Snapshot(std::string kind, std::string name, std::uint64_t queued) const {
    SinkStats s;
    s.kind = std::move(kind);
    s.name = std::move(name);
    s.sent = sent.load();
    s.failed = failed.load();
    s.dropped = dropped.load();
    s.dead_lettered = dead_lettered.load();
    s.queued = queued;
    return s;
  }
};

}  // namespace anninh::alerts
