#include "serve/mjpeg_source.h"

#include <fmt/format.h>

namespace anninh::serve {

MjpegSource::MjpegSource(live::JpegFeed& feed, int fps, LiveChannel::Hooks hooks, const Clock& clock)
    : feed_(feed), interval_(kNsPerSecond / fps), hooks_(std::move(hooks)), clock_(clock) {}

MjpegSource::~MjpegSource() { Stop(); }

void MjpegSource::Start(std::shared_ptr<StreamOutput> out) {
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    out_ = std::move(out);
  }
  started_ = clock_.Now();
  if (hooks_.on_start) hooks_.on_start();
  // Subscribing may hand us the newest picture at once (OnJpeg, on this thread).
  auto sub = feed_.Subscribe(*this, static_cast<int>(kNsPerSecond / interval_));
  std::lock_guard lock(mu_);
  if (!stopped_) subscription_ = std::move(sub);
  // else: stopped while subscribing; `sub` unsubscribes as it goes out of scope.
}

bool MjpegSource::StillAllowed() { return hooks_.still_allowed ? hooks_.still_allowed() : true; }

void MjpegSource::Stop() {
  std::unique_ptr<live::JpegFeed::Subscription> sub;
  {
    std::lock_guard lock(mu_);
    if (stopped_) return;
    stopped_ = true;
    sub = std::move(subscription_);
    out_.reset();  // the connection may go: it holds us, we held it
  }
  sub.reset();  // after this returns, the feed calls us no more
  if (hooks_.on_stop && started_ != 0) {
    hooks_.on_stop(static_cast<double>(clock_.Now() - started_) / kNsPerSecond);
  }
}

void MjpegSource::OnJpeg(const std::shared_ptr<const std::string>& jpeg, WallNs wall) {
  // Camera time, not arrival time: a burst after a network hiccup is thinned like the
  // steady stream. A tenth of the interval of slack keeps 10 fps from becoming 5.
  if (last_sent_ != 0 && wall - last_sent_ < interval_ - interval_ / 10 && wall >= last_sent_) return;
  last_sent_ = wall;
  std::shared_ptr<StreamOutput> out;
  {
    std::lock_guard lock(mu_);
    out = out_;
  }
  if (!out) return;
  // RFC 2046 section 5.1.1: the delimiter is CRLF "--" boundary; the first part needs no
  // CRLF before it, every later one's CRLF ends the previous JPEG.
  out->Send(fmt::format("{}--{}\r\nContent-Type: image/jpeg\r\nContent-Length: {}\r\n\r\n", first_ ? "" : "\r\n",
                        kBoundary, jpeg->size()),
            jpeg);
  first_ = false;
}

}  // namespace anninh::serve
