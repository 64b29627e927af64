#include "alerts/dispatcher.h"

#include <spdlog/spdlog.h>

#include "alerts/mqtt_sink.h"
#include "alerts/webhook_sink.h"

namespace anninh::alerts {

Result<std::unique_ptr<Dispatcher>> Dispatcher::Create(AlertsOptions options, const Clock& clock) {
  auto d = std::unique_ptr<Dispatcher>(new Dispatcher(std::move(options), clock));
  const AlertsOptions& o = d->options_;
  if (!o.dead_letter.path.empty()) d->dead_letters_ = std::make_unique<DeadLetterLog>(o.dead_letter);
  if (o.mqtt.enabled) {
    auto sink = MqttSink::Create(o.mqtt, o.site, d->dead_letters_.get(), clock);
    if (!sink) return Fail(std::move(sink).error());
    d->sinks_.push_back(std::move(*sink));
  }
  for (const WebhookOptions& w : o.webhooks) {
    auto sink = WebhookSink::Create(w, d->dead_letters_.get(), clock);
    if (!sink) return Fail(std::move(sink).error());
    d->sinks_.push_back(std::move(*sink));
  }
  d->thread_ = std::thread([p = d.get()] { p->Run(); });
  return d;
}

Dispatcher::Dispatcher(AlertsOptions options, const Clock& clock)
    : options_(std::move(options)), clock_(clock), gate_(options_, clock), queue_(options_.queue) {}

Dispatcher::~Dispatcher() { Stop(); }

void Dispatcher::OnEvent(const events::Event& event, events::Change change) {
  ++received_;
  if (stopped_.load(std::memory_order_relaxed)) return;
  if (queue_.Push(Pending{event, change})) {
    const auto n = ++dropped_;
    if (n % 1000 == 1) spdlog::warn("alerts: dispatcher queue full, {} events dropped so far", n);
  }
}

void Dispatcher::Run() {
  while (true) {
    std::optional<Pending> p = queue_.Pop(std::chrono::milliseconds(500));
    if (!p) {
      if (queue_.closed()) return;
      continue;
    }
    const Verdict v = gate_.Check(p->event, p->change);
    if (v != Verdict::kSend) {
      if (v != Verdict::kNotWanted) ++suppressed_;
      continue;
    }
    auto alert = std::make_shared<Alert>();
    alert->body = BuildPayload(p->event, p->change, options_.site, options_.public_url);
    alert->event = std::move(p->event);
    alert->change = p->change;
    AlertPtr shared = std::move(alert);
    ++alerts_;
    for (const auto& sink : sinks_) {
      if (sink->filter().Matches(shared->event)) sink->Offer(shared);
    }
  }
}

void Dispatcher::Stop() {
  if (stopped_.exchange(true)) return;
  queue_.Close();
  if (thread_.joinable()) thread_.join();
  for (const auto& sink : sinks_) sink->Stop();
}

AlertMetrics Dispatcher::Metrics() const {
  AlertMetrics m;
  m.events_received = received_.load();
  m.events_dropped = dropped_.load();
  m.suppressed = suppressed_.load();
  m.alerts = alerts_.load();
  for (const auto& sink : sinks_) m.sinks.push_back(sink->Stats());
  return m;
}

}  // namespace anninh::alerts
