#include "serve/event_feed.h"

#include <algorithm>

#include <spdlog/spdlog.h>

#include "events/event_log.h"
#include "serve/event_json.h"

namespace anninh::serve {

namespace {
// Events arrive a few a minute; a burst beyond this (a storm of camera_offline events when
// a switch dies) drops the oldest messages rather than growing without bound.
constexpr std::size_t kMaxQueued = 4096;
}  // namespace

void EventFeedChannel::Start(std::shared_ptr<ChannelOutput> out) {
  out_ = std::move(out);
  feed_.Subscribe(shared_from_this());
}

void EventFeedChannel::Stop() { feed_.Unsubscribe(this); }

void EventFeedChannel::Deliver(const std::string& camera_id, const std::string& text) {
  // Rights and scope are checked for every message, as live view checks its viewers.
  auto visible = hooks_.visible_cameras();
  if (!visible) {
    out_->Close(1008, "no longer allowed");
    return;
  }
  if (visible->count(camera_id) != 0) out_->SendText(text);
}

EventFeed::EventFeed(const store::EventStore* store) : store_(store) {
  thread_ = std::thread([this] { Loop(); });
}

EventFeed::~EventFeed() { Stop(); }

void EventFeed::OnEvent(const events::Event& event, events::Change change) {
  {
    std::lock_guard lock(mu_);
    if (stopping_ || channels_.empty()) return;  // nobody listens: nothing to build
    if (queue_.size() >= kMaxQueued) {
      queue_.pop_front();
      if (dropped_++ % 1000 == 0) spdlog::warn("events feed: falling behind; dropped {} message(s)", dropped_);
    }
    queue_.emplace_back(event, change);
  }
  cv_.notify_one();
}

void EventFeed::Subscribe(std::shared_ptr<EventFeedChannel> channel) {
  std::lock_guard lock(mu_);
  if (!stopping_) channels_.push_back(std::move(channel));
}

void EventFeed::Unsubscribe(const EventFeedChannel* channel) {
  std::lock_guard lock(mu_);
  channels_.erase(std::remove_if(channels_.begin(), channels_.end(),
                                 [&](const auto& c) { return c.get() == channel; }),
                  channels_.end());
}

std::size_t EventFeed::subscribers() const {
  std::lock_guard lock(mu_);
  return channels_.size();
}

void EventFeed::Stop() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
    channels_.clear();
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

std::string EventFeed::Message(const events::Event& event, events::Change change) const {
  // The feed knows the event as listeners get it; which pictures exist comes from the
  // stored row, when the feed can read it.
  store::EventRow row = events::ToRow(event);
  if (store_) {
    if (auto stored = store_->Get(event.id); stored && stored->has_value()) {
      row.snapshot = (*stored)->snapshot;
      row.thumbnail = (*stored)->thumbnail;
      row.closed_by = change == events::Change::kClosed ? (*stored)->closed_by : "";
      row.reviewed_by = (*stored)->reviewed_by;
      row.reviewed_at = (*stored)->reviewed_at;
    }
  }
  return nlohmann::json({{"type", "event"}, {"change", ToString(change)}, {"event", EventJson(row)}}).dump();
}

void EventFeed::Loop() {
  while (true) {
    std::pair<events::Event, events::Change> item;
    std::vector<std::shared_ptr<EventFeedChannel>> channels;
    {
      std::unique_lock lock(mu_);
      cv_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
      if (stopping_) return;
      item = std::move(queue_.front());
      queue_.pop_front();
      channels = channels_;
    }
    if (channels.empty()) continue;
    const std::string text = Message(item.first, item.second);
    for (const auto& c : channels) c->Deliver(item.first.camera_id, text);
  }
}

}  // namespace anninh::serve
