#include "alerts/webhook_sink.h"

#include <curl/curl.h>

#include <spdlog/spdlog.h>

#include "alerts/signature.h"

namespace anninh::alerts {

namespace {

std::once_flag curl_once;

// The endpoint's answer is not used; keep only a little of it for the dead-letter reason.
std::size_t KeepSome(char* data, std::size_t size, std::size_t n, void* user) {
  auto* out = static_cast<std::string*>(user);
  const std::size_t bytes = size * n;
  if (out->size() < 200) out->append(data, std::min(bytes, 200 - out->size()));
  return bytes;
}

// Lets Stop abort a transfer to a hanging endpoint instead of waiting out its timeout.
int AbortWhenStopping(void* user, curl_off_t, curl_off_t, curl_off_t, curl_off_t) {
  return static_cast<const StopSignal*>(user)->stopping() ? 1 : 0;
}

}  // namespace

Result<std::unique_ptr<WebhookSink>> WebhookSink::Create(WebhookOptions options,
                                                         DeadLetterLog* dead_letters,
                                                         const Clock& clock) {
  if (options.url.rfind("http://", 0) != 0 && options.url.rfind("https://", 0) != 0) {
    return Fail(ErrorCode::kInvalidArgument,
                "webhook '" + options.name + "': url must start with http:// or https://");
  }
  std::call_once(curl_once, [] { curl_global_init(CURL_GLOBAL_DEFAULT); });
  auto sink = std::unique_ptr<WebhookSink>(new WebhookSink(std::move(options), dead_letters, clock));
  if (!sink->curl_) return Fail(ErrorCode::kInternal, "curl_easy_init failed");
  sink->thread_ = std::thread([s = sink.get()] { s->Run(); });
  return sink;
}

WebhookSink::WebhookSink(WebhookOptions options, DeadLetterLog* dead_letters, const Clock& clock)
    : options_(std::move(options)),
      dead_letters_(dead_letters),
      clock_(clock),
      delay_(options_.retry, std::random_device{}()),
      queue_(options_.queue),
      curl_(curl_easy_init()) {}

WebhookSink::~WebhookSink() {
  Stop();
  if (curl_) curl_easy_cleanup(static_cast<CURL*>(curl_));
}

void WebhookSink::Offer(AlertPtr alert) {
  if (stop_.stopping()) return;
  if (queue_.Push(std::move(alert))) {
    const auto n = ++counters_.dropped;
    // One line per 100 drops: a flood must not turn into a flood of log lines.
    if (n % 100 == 1) spdlog::warn("alerts: webhook {}: queue full, {} alerts dropped so far", options_.name, n);
  }
}

SinkStats WebhookSink::Stats() const { return counters_.Snapshot("webhook", options_.name, queue_.size()); }

void WebhookSink::Stop() {
  if (stop_.Trigger()) queue_.Close();
  if (thread_.joinable()) thread_.join();
}

void WebhookSink::Run() {
  while (true) {
    std::optional<AlertPtr> alert = queue_.Pop(std::chrono::milliseconds(500));
    if (!alert) {
      if (queue_.closed()) return;
      continue;
    }
    if (stop_.stopping()) {
      // Stopping: no time to send, but nothing is lost either.
      GiveUp(**alert, "server stopping before delivery", 0);
      continue;
    }
    Deliver(**alert);
  }
}

void WebhookSink::Deliver(const Alert& alert) {
  std::string reason;
  int attempt = 0;
  while (true) {
    ++attempt;
    bool retry = false;
    reason = Attempt(alert, retry);
    if (reason.empty()) {
      ++counters_.sent;
      return;
    }
    ++counters_.failed;
    if (!retry || attempt >= options_.retry.attempts) break;
    const auto wait = delay_.Before(attempt);
    spdlog::debug("alerts: webhook {}: attempt {} failed ({}), retrying in {} ms", options_.name, attempt,
                  reason, wait.count());
    if (!stop_.Wait(wait)) {
      reason += "; server stopping before the next attempt";
      break;
    }
  }
  GiveUp(alert, reason, attempt);
}

std::string WebhookSink::Attempt(const Alert& alert, bool& retry) {
  CURL* curl = static_cast<CURL*>(curl_);
  curl_easy_reset(curl);
  // Signed per attempt: a retry after a long backoff carries a fresh timestamp, so a
  // receiver's replay window does not reject it.
  const std::string timestamp = std::to_string(clock_.Now() / kNsPerSecond);
  const std::string signature = Sign(options_.secret, timestamp, alert.body);
  curl_slist* headers = nullptr;
  headers = curl_slist_append(headers, "Content-Type: application/json");
  headers = curl_slist_append(headers, (std::string(kTimestampHeader) + ": " + timestamp).c_str());
  headers = curl_slist_append(headers, (std::string(kSignatureHeader) + ": " + signature).c_str());
  headers = curl_slist_append(headers, ("X-Anninh-Event: " + std::to_string(alert.event.id)).c_str());
  // No "Expect: 100-continue" round trip for small bodies.
  headers = curl_slist_append(headers, "Expect:");
  std::string answer;
  curl_easy_setopt(curl, CURLOPT_URL, options_.url.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers);
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, alert.body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(alert.body.size()));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.timeout.count()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);  // threads: no SIGALRM for DNS timeouts
  curl_easy_setopt(curl, CURLOPT_USERAGENT, "anninh-alerts/1");
  curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "http,https");
  curl_easy_setopt(curl, CURLOPT_WRITEFUNCTION, &KeepSome);
  curl_easy_setopt(curl, CURLOPT_WRITEDATA, &answer);
  curl_easy_setopt(curl, CURLOPT_NOPROGRESS, 0L);
  curl_easy_setopt(curl, CURLOPT_XFERINFOFUNCTION, &AbortWhenStopping);
  curl_easy_setopt(curl, CURLOPT_XFERINFODATA, &stop_);
  const CURLcode rc = curl_easy_perform(curl);
  curl_slist_free_all(headers);
  if (rc != CURLE_OK) {
    retry = rc != CURLE_ABORTED_BY_CALLBACK;
    return std::string("curl: ") + curl_easy_strerror(rc);
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) return {};
  // A 4xx says the request itself is wrong (bad secret, gone endpoint): sending it again
  // cannot help, except for a timeout (408) and rate limiting (429). Redirects are not
  // followed: re-POSTing a signed body elsewhere is not ours to decide.
  retry = status >= 500 || status == 408 || status == 429 || status < 200;
  std::string reason = "HTTP " + std::to_string(status);
  if (!answer.empty()) reason += ": " + answer;
  return reason;
}

void WebhookSink::GiveUp(const Alert& alert, const std::string& reason, int attempts) {
  spdlog::warn("alerts: webhook {}: gave up on event {} after {} attempt(s): {}", options_.name,
               alert.event.id, attempts, reason);
  if (dead_letters_) {
    if (auto s = dead_letters_->Write("webhook:" + options_.name, reason, attempts, alert.body, clock_.Now()); !s) {
      spdlog::error("alerts: dead-letter log: {}", s.error().ToString());
    }
  }
  // Counted once the line is written, so a reader of the counter finds the line.
  ++counters_.dead_lettered;
}

}  // namespace anninh::alerts
