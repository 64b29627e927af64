// The event log (docs/design/0009-events.md): aggregates analytics' and camera health's
// Observations into Events keyed by (camera, rule, track), stores them (store::EventStore,
// snapshots and thumbnails under the events folder), tells EventListeners of every change,
// and prunes what has outlived its retention.
//
// Thread contract: Report() from any thread; it only queues (a bounded queue: the analysis
// thread never waits on SQLite or the disk; what does not fit is dropped and counted).
// Everything else happens on the log's own worker thread, which owns the open events.
// AddListener before Start; Start/Stop from the owner.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <tuple>
#include <vector>

#include "core/clock.h"
#include "core/error.h"
#include "events/event.h"
#include "events/event_log_stats.h"
#include "store/event_store.h"

namespace anninh::events {

inline constexpr std::string_view kCameraOfflineRule = "camera_offline";

struct EventLogOptions {
  std::filesystem::path events_dir;  // <data>/events: snapshots and thumbnails
  WallNs pre_roll = 5 * kNsPerSecond;
  WallNs post_roll = 10 * kNsPerSecond;
  // An event open this long is closed ("max_duration"): a car parked in a zone all night
  // is not one event without end. 0: no limit. Camera health events are exempt.
  WallNs max_duration = 600 * kNsPerSecond;
  // Per-rule de-duplication: a kStart for the same camera, rule and zone within this long of
  // the previous event's end (or while it is open) extends that event.
  WallNs default_cooldown = 0;
  std::map<std::string, WallNs> cooldowns;  // rule id -> cooldown
  // How long closed events and their pictures are kept, per camera (the "event" retention
  // class, docs/design/0002-retention.md); a camera not named keeps its events.
  std::map<std::string, WallNs> keep;
  std::size_t queue_capacity = 1024;
  int thumbnail_width = 160;
  // How often the worker checks max durations; pruning runs every `prune_interval`.
  std::chrono::milliseconds tick{1000};
  std::chrono::milliseconds prune_interval{600'000};
  // An open event's newest-observation time is written at most this often unless something
  // else changes: a restart after a crash closes it at that time.
  WallNs last_write_interval = 5 * kNsPerSecond;
};

class EventLog final : public ObservationSink {
 public:
  EventLog(store::EventStore& store, EventLogOptions options, const Clock& clock);
  ~EventLog() override;
  EventLog(const EventLog&) = delete;
  EventLog& operator=(const EventLog&) = delete;

  // Before Start. The listener must outlive the log.
  void AddListener(EventListener* listener);
  // Closes what a crash left open (at each event's newest observation, "restart"), then
  // starts the worker.
  Status Start();
  // Processes what is queued, closes every open event ("shutdown"), stops the worker.
  void Stop();

  void Report(Observation observation) override;

  // Waits until everything reported before the call has been processed (tests, shutdown).
  void Flush();
  // One pruning pass now (the worker runs one every prune_interval): deletes the pictures
  // and rows of closed events older than their camera's keep time.
  Status PruneOnce(WallNs now);

  EventLogStats Stats() const;

 private:
  using TrackKey = std::tuple<std::string, std::string, std::int64_t>;  // camera, rule, track
  using ZoneKey = std::tuple<std::string, std::string, std::string>;    // camera, rule, zone
  struct OpenEvent {
    store::EventRow row;
    std::set<std::int64_t> tracks;
    WallNs last_written = 0;
  };

  void Loop();
  void Process(Observation& o);
  // A kStart (or a kUpdate of an unknown track): a new event, or one the cooldown extends.
  void Open(Observation& o);
  // Applies a kUpdate (or the update part of a kStart/kEnd) to an open event; stores and
  // tells listeners when something a person would see changed.
  void Apply(OpenEvent& e, Observation& o, bool force_store, Change change);
  void Close(std::int64_t id, WallNs end, std::string_view why);
  void CloseExpired(WallNs now);
  // Writes the snapshot and its thumbnail for the event; false when the picture is bad.
  bool WritePictures(store::EventRow& row, const std::vector<std::uint8_t>& jpeg);
  bool Store(store::EventRow& row, bool insert);
  void Tell(const store::EventRow& row, Change change);
  WallNs Cooldown(const std::string& rule) const;

  store::EventStore& store_;
  const EventLogOptions options_;
  const Clock& clock_;
  std::vector<EventListener*> listeners_;

  mutable std::mutex mu_;
  std::condition_variable cv_;       // work queued or stopping
  std::condition_variable done_cv_;  // processed_ advanced
  std::deque<Observation> queue_;    // guarded by mu_
  std::uint64_t enqueued_ = 0;       // guarded by mu_
  std::uint64_t processed_ = 0;      // guarded by mu_
  bool stopping_ = false;            // guarded by mu_
  std::thread thread_;

  // Worker-confined.
  std::map<std::int64_t, OpenEvent> open_;
  std::map<TrackKey, std::int64_t> by_track_;
  // The newest event per camera, rule and zone, for the cooldown; closed ones are kept
  // until their cooldown has passed.
  std::map<ZoneKey, store::EventRow> recent_;
  std::chrono::steady_clock::time_point next_prune_{};

  EventLogStats stats_;  // guarded by mu_
};

// The Event listeners see, from a stored row, and back (without what Event lacks: the
// pictures, who closed or reviewed it).
Event ToEvent(const store::EventRow& row);
store::EventRow ToRow(const Event& event);

}  // namespace anninh::events
