// alerts::Dispatcher: the event log's listener that turns event changes into alerts.
// OnEvent only copies the event into a bounded queue and returns (a full queue drops the
// oldest, counted and logged); the dispatcher's thread applies the rule gate (cooldown,
// de-duplication, which changes alert), builds the JSON once and offers it to every sink
// whose filter matches. Each sink sends on its own thread (docs/design/0010-alerts.md).
//
// Thread contract: OnEvent and Metrics from any thread; Create and Stop from the owner.
#pragma once

#include <atomic>
#include <memory>
#include <thread>
#include <vector>

#include "alerts/alert.h"
#include "alerts/bounded_queue.h"
#include "alerts/dead_letter.h"
#include "alerts/metrics.h"
#include "alerts/options.h"
#include "alerts/rule_gate.h"
#include "alerts/sink.h"
#include "core/clock.h"
#include "core/error.h"
#include "events/event.h"

namespace anninh::alerts {

class Dispatcher final : public events::EventListener {
 public:
  // Builds the sinks and starts every thread. Fails on options a sink rejects (a webhook URL
  // that is not http(s), an unreadable CA file); an unreachable broker or endpoint is not an
  // error, only a reason to retry.
  static Result<std::unique_ptr<Dispatcher>> Create(AlertsOptions options, const Clock& clock);
  ~Dispatcher() override;

  void OnEvent(const events::Event& event, events::Change change) override;

  // Stops taking events, lets the dispatcher thread hand over what it has, then stops each
  // sink (their leftovers go to the dead-letter log). Idempotent.
  void Stop();

  AlertMetrics Metrics() const;

 private:
  struct Pending {
    events::Event event;
    events::Change change;
  };
  Dispatcher(AlertsOptions options, const Clock& clock);
  void Run();

  const AlertsOptions options_;
  const Clock& clock_;
  std::unique_ptr<DeadLetterLog> dead_letters_;
  std::vector<std::unique_ptr<Sink>> sinks_;
  RuleGate gate_;  // dispatcher thread only
  BoundedQueue<Pending> queue_;
  std::atomic<std::uint64_t> received_{0}, dropped_{0}, suppressed_{0}, alerts_{0};
  std::atomic<bool> stopped_{false};
  std::thread thread_;
};

}  // namespace anninh::alerts
