// One webhook: HTTP POST of each alert's JSON, signed (signature.h), with a timeout, retried
// with backoff (retry_delay.h), and written to the dead-letter log after the last failure.
// libcurl does the HTTP: it brings HTTPS with the system's CA store, proxies from the
// environment and connection reuse, which a Beast client would have to rebuild
// (docs/design/0010-alerts.md, "Alternatives").
//
// Thread contract: Offer/Stats/Stop from any thread; sending happens on the sink's own
// thread, so one slow endpoint delays no other sink.
#pragma once

#include <atomic>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <thread>

#include "alerts/bounded_queue.h"
#include "alerts/dead_letter.h"
#include "alerts/retry_delay.h"
#include "alerts/sink.h"
#include "alerts/stop_signal.h"
#include "core/clock.h"
#include "core/error.h"

namespace anninh::alerts {

class WebhookSink final : public Sink {
 public:
  // `dead_letters` may be null (then give-ups are only logged and counted); it must outlive
  // the sink.
  static Result<std::unique_ptr<WebhookSink>> Create(WebhookOptions options,
                                                      DeadLetterLog* dead_letters,
                                                      const Clock& clock);
  ~WebhookSink() override;

  const SinkFilter& filter() const override { return options_.filter; }
  void Offer(AlertPtr alert) override;
  SinkStats Stats() const override;
  void Stop() override;

 private:
  WebhookSink(WebhookOptions options, DeadLetterLog* dead_letters, const Clock& clock);
  void Run();
  void Deliver(const Alert& alert);
  // One POST. Returns empty on a 2xx; otherwise the reason, and whether to retry.
  std::string Attempt(const Alert& alert, bool& retry);
  void GiveUp(const Alert& alert, const std::string& reason, int attempts);

  const WebhookOptions options_;
  DeadLetterLog* const dead_letters_;
  const Clock& clock_;
  RetryDelay delay_;
  BoundedQueue<AlertPtr> queue_;
  SinkCounters counters_;
  void* curl_ = nullptr;  // CURL*, kept to reuse the connection; only the sink thread uses it
  StopSignal stop_;
  std::thread thread_;
};

}  // namespace anninh::alerts
