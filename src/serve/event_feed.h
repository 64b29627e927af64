// The live feed of events over WebSocket (GET /api/v1/events/live, docs/ref/api.md): the
// event log tells the EventFeed of every change; the feed's own thread sends each one, as
// JSON, to every subscriber that may see the event's camera. Each subscriber's rights and
// cameras are checked again for every message (re-admitting its original credentials), so
// a revoked token or a viewer moved to another village stops receiving at once.
//
// Thread-safe: OnEvent from the event log's thread (queues only, never blocks); Subscribe
// and Unsubscribe from connection strands.
#pragma once

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "events/event.h"
#include "serve/channel.h"
#include "store/event_store.h"

namespace anninh::serve {

class EventFeed;

// One subscriber: the server's side of one /api/v1/events/live WebSocket.
class EventFeedChannel final : public Channel, public std::enable_shared_from_this<EventFeedChannel> {
 public:
  struct Hooks {
    // The cameras the subscriber may see now, or nullopt when it may no longer subscribe
    // (signed out, token revoked, right removed).
    std::function<std::optional<std::set<std::string>>()> visible_cameras;
  };
  EventFeedChannel(EventFeed& feed, Hooks hooks) : feed_(feed), hooks_(std::move(hooks)) {}

  void Start(std::shared_ptr<ChannelOutput> out) override;
  void OnMessage(const std::string&) override {}  // the feed only talks
  bool StillAllowed() override { return hooks_.visible_cameras().has_value(); }
  void Stop() override;

  // From the feed's thread.
  void Deliver(const std::string& camera_id, const std::string& text);

 private:
  EventFeed& feed_;
  Hooks hooks_;
  std::shared_ptr<ChannelOutput> out_;  // set in Start, before subscribing
};

class EventFeed final : public events::EventListener {
 public:
  // `store` (optional) gives each message the event's pictures and who closed it.
  explicit EventFeed(const store::EventStore* store = nullptr);
  ~EventFeed() override;
  EventFeed(const EventFeed&) = delete;
  EventFeed& operator=(const EventFeed&) = delete;

  void OnEvent(const events::Event& event, events::Change change) override;
  void Subscribe(std::shared_ptr<EventFeedChannel> channel);
  void Unsubscribe(const EventFeedChannel* channel);
  std::size_t subscribers() const;
  // Closes every subscription and ends the thread; the log must not call OnEvent after.
  void Stop();

 private:
  void Loop();
  std::string Message(const events::Event& event, events::Change change) const;

  const store::EventStore* store_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::pair<events::Event, events::Change>> queue_;  // guarded by mu_
  std::vector<std::shared_ptr<EventFeedChannel>> channels_;  // guarded by mu_
  bool stopping_ = false;                                     // guarded by mu_
  std::uint64_t dropped_ = 0;                                 // guarded by mu_
  std::thread thread_;
};

}  // namespace anninh::serve
