#include "events/event_log.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "core/fs.h"
#include "core/time_format.h"
#include "media/snapshot.h"

namespace anninh::events {

namespace stdfs = std::filesystem;

namespace {

// Pruning deletes at most this many events per query; a pass repeats until done.
constexpr int kPruneBatch = 256;

bool Valid(const Observation& o) {
  return !o.camera_id.empty() && !o.rule.empty() && o.time_ns > 0;
}

// The observation becomes the event's best moment: its confidence and box (the snapshot's).
void TakePeak(store::EventRow& row, const Observation& o) {
  row.peak_confidence = o.confidence;
  row.box_x = o.box.x;
  row.box_y = o.box.y;
  row.box_w = o.box.w;
  row.box_h = o.box.h;
}

}  // namespace

Event ToEvent(const store::EventRow& r) {
  Event e;
  e.id = r.id;
  e.camera_id = r.camera_id;
  e.rule = r.rule;
  e.zone = r.zone;
  e.object_class = r.object_class;
  e.direction = r.direction;
  e.track_id = r.track_id;
  e.start_ns = r.start;
  e.end_ns = r.end;
  e.peak_confidence = static_cast<float>(r.peak_confidence);
  e.box = {static_cast<float>(r.box_x), static_cast<float>(r.box_y), static_cast<float>(r.box_w),
           static_cast<float>(r.box_h)};
  e.clip_start_ns = r.clip_start;
  e.clip_end_ns = r.clip_end;
  e.reviewed = r.reviewed;
  return e;
}

store::EventRow ToRow(const Event& e) {
  store::EventRow r;
  r.id = e.id;
  r.camera_id = e.camera_id;
  r.rule = e.rule;
  r.zone = e.zone;
  r.object_class = e.object_class;
  r.direction = e.direction;
  r.track_id = e.track_id;
  r.start = e.start_ns;
  r.end = e.end_ns;
  r.peak_confidence = e.peak_confidence;
  r.box_x = e.box.x;
  r.box_y = e.box.y;
  r.box_w = e.box.w;
  r.box_h = e.box.h;
  r.clip_start = e.clip_start_ns;
  r.clip_end = e.clip_end_ns;
  r.reviewed = e.reviewed;
  return r;
}

EventLog::EventLog(store::EventStore& store, EventLogOptions options, const Clock& clock)
    : store_(store), options_(std::move(options)), clock_(clock) {}

EventLog::~EventLog() { Stop(); }

void EventLog::AddListener(EventListener* listener) { listeners_.push_back(listener); }

Status EventLog::Start() {
  if (thread_.joinable()) return {};
  // Events a crash left open end where they were last seen: the newest observation that
  // reached the index (written at least every last_write_interval).
  auto left = store_.OpenEvents();
  if (!left) return Fail(std::move(left).error().Wrap("event log start"));
  for (store::EventRow& row : *left) {
    row.end = std::max(row.last, row.start);
    row.clip_end = row.end + options_.post_roll;
    row.closed_by = "restart";
    if (auto s = store_.Update(row); !s) return Fail(std::move(s).error().Wrap("event log start"));
    Tell(row, Change::kClosed);
  }
  if (!left->empty()) spdlog::info("events: closed {} event(s) left open by the last run", left->size());
  {
    std::lock_guard lock(mu_);
    stopping_ = false;
  }
  next_prune_ = clock_.Monotonic();
  thread_ = std::thread([this] { Loop(); });
  return {};
}

void EventLog::Stop() {
  {
    std::lock_guard lock(mu_);
    if (!thread_.joinable()) return;
    stopping_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void EventLog::Report(Observation o) {
  {
    std::lock_guard lock(mu_);
    ++stats_.reported;
    // Updates are dropped first: losing a better snapshot is cheap, losing a start or an
    // end is not, so those get a second queue's worth of room.
    const std::size_t limit =
        o.phase == Phase::kUpdate ? options_.queue_capacity : 2 * options_.queue_capacity;
    if (queue_.size() >= limit || stopping_) {
      ++stats_.dropped;
      return;
    }
    queue_.push_back(std::move(o));
    ++enqueued_;
  }
  cv_.notify_one();
}

void EventLog::Flush() {
  std::unique_lock lock(mu_);
  const std::uint64_t target = enqueued_;
  done_cv_.wait(lock, [&] { return processed_ >= target || !thread_.joinable(); });
}

EventLogStats EventLog::Stats() const {
  std::lock_guard lock(mu_);
  return stats_;
}

void EventLog::Loop() {
  std::deque<Observation> batch;
  while (true) {
    bool stopping;
    {
      std::unique_lock lock(mu_);
      cv_.wait_for(lock, options_.tick, [&] { return stopping_ || !queue_.empty(); });
      batch.swap(queue_);
      stopping = stopping_;
    }
    for (Observation& o : batch) Process(o);
    {
      std::lock_guard lock(mu_);
      processed_ += batch.size();
    }
    batch.clear();
    done_cv_.notify_all();
    const WallNs now = clock_.Now();
    if (stopping) {
      std::vector<std::int64_t> ids;
      for (const auto& [id, e] : open_) ids.push_back(id);
      for (std::int64_t id : ids) {
        const store::EventRow& row = open_.at(id).row;
        // A camera still offline was offline until now; anything else was last seen at
        // its newest observation.
        Close(id, row.rule == kCameraOfflineRule ? std::max(now, row.start) : row.last, "shutdown");
      }
      return;
    }
    CloseExpired(now);
    if (clock_.Monotonic() >= next_prune_) {
      next_prune_ = clock_.Monotonic() + options_.prune_interval;
      if (auto s = PruneOnce(now); !s) spdlog::error("events: {}", s.error().ToString());
    }
    // The cooldown window of closed events has passed: forget them.
    for (auto it = recent_.begin(); it != recent_.end();) {
      const store::EventRow& r = it->second;
      if (r.end != 0 && now - r.end > Cooldown(r.rule)) {
        it = recent_.erase(it);
      } else {
        ++it;
      }
    }
  }
}

WallNs EventLog::Cooldown(const std::string& rule) const {
  auto it = options_.cooldowns.find(rule);
  return it == options_.cooldowns.end() ? options_.default_cooldown : it->second;
}

void EventLog::Process(Observation& o) {
  if (!Valid(o)) {
    std::lock_guard lock(mu_);
    ++stats_.ignored;
    return;
  }
  o.confidence = std::clamp(o.confidence, 0.0f, 1.0f);
  auto it = by_track_.find(TrackKey{o.camera_id, o.rule, o.track_id});
  if (it == by_track_.end()) {
    if (o.phase == Phase::kEnd) {
      std::lock_guard lock(mu_);
      ++stats_.ignored;  // its start was dropped, or it was closed by max duration
      return;
    }
    // A kUpdate of an unknown track starts an event: its kStart was dropped, or the event
    // was closed for lasting too long while the object stayed.
    Open(o);
    return;
  }
  const std::int64_t id = it->second;
  OpenEvent& e = open_.at(id);
  if (o.phase == Phase::kEnd) {
    Apply(e, o, false, Change::kUpdated);
    e.tracks.erase(o.track_id);
    by_track_.erase(it);
    if (e.tracks.empty()) Close(id, std::max(o.time_ns, e.row.start), "end");
    return;
  }
  Apply(e, o, false, Change::kUpdated);
}

void EventLog::Open(Observation& o) {
  const TrackKey track{o.camera_id, o.rule, o.track_id};
  const ZoneKey zone{o.camera_id, o.rule, o.zone};
  // De-duplication: the same camera, rule and zone within the rule's cooldown extends the
  // newest event (another track joins it, or a closed one opens again).
  // Without a cooldown every track is its own event. An event closed for lasting too long
  // is never extended: that would undo the limit.
  const WallNs cooldown = Cooldown(o.rule);
  if (auto r = recent_.find(zone); cooldown > 0 && r != recent_.end()) {
    const store::EventRow& prev = r->second;
    const bool open = open_.count(prev.id) != 0;
    const bool cooling = prev.end != 0 && prev.closed_by == "end" &&
                         o.time_ns >= prev.start && o.time_ns - prev.end <= cooldown;
    if (open || cooling) {
      if (!open) {
        OpenEvent reopened;
        reopened.row = prev;
        reopened.row.end = 0;
        reopened.row.clip_end = 0;
        reopened.row.closed_by.clear();
        open_.emplace(prev.id, std::move(reopened));
      }
      OpenEvent& e = open_.at(prev.id);
      e.tracks.insert(o.track_id);
      by_track_[track] = prev.id;
      {
        std::lock_guard lock(mu_);
        ++stats_.extended;
      }
      Apply(e, o, /*force_store=*/!open, Change::kUpdated);
      return;
    }
  }
  OpenEvent e;
  store::EventRow& row = e.row;
  row.camera_id = o.camera_id;
  row.rule = o.rule;
  row.zone = o.zone;
  row.object_class = o.object_class;
  row.direction = o.direction;
  row.track_id = o.track_id;
  row.start = o.time_ns;
  row.last = o.time_ns;
  TakePeak(row, o);
  row.clip_start = o.time_ns - options_.pre_roll;
  if (!Store(row, /*insert=*/true)) return;
  e.tracks.insert(o.track_id);
  e.last_written = o.time_ns;
  // The pictures are named by the row id, so they are written once it exists.
  if (!o.snapshot_jpeg.empty() && WritePictures(row, o.snapshot_jpeg)) (void)Store(row, false);
  const std::int64_t id = row.id;
  recent_[zone] = row;
  by_track_[track] = id;
  auto [pos, fresh] = open_.emplace(id, std::move(e));
  {
    std::lock_guard lock(mu_);
    ++stats_.opened;
  }
  Tell(pos->second.row, Change::kOpened);
}

void EventLog::Apply(OpenEvent& e, Observation& o, bool force_store, Change change) {
  store::EventRow& row = e.row;
  bool changed = force_store;
  row.last = std::max(row.last, o.time_ns);
  if (o.confidence > row.peak_confidence) {
    TakePeak(row, o);
    if (!o.object_class.empty()) row.object_class = o.object_class;
    changed = true;
  }
  // Analytics sends a picture only when this is the best view so far.
  if (!o.snapshot_jpeg.empty() && WritePictures(row, o.snapshot_jpeg)) changed = true;
  if (changed || row.last - e.last_written >= options_.last_write_interval) {
    if (Store(row, false)) e.last_written = row.last;
  }
  if (changed) {
    recent_[ZoneKey{row.camera_id, row.rule, row.zone}] = row;
    Tell(row, change);
  }
}

void EventLog::Close(std::int64_t id, WallNs end, std::string_view why) {
  auto it = open_.find(id);
  if (it == open_.end()) return;
  store::EventRow row = std::move(it->second.row);
  open_.erase(it);
  for (auto t = by_track_.begin(); t != by_track_.end();) {
    t = t->second == id ? by_track_.erase(t) : std::next(t);
  }
  row.end = std::max(end, row.start);
  row.clip_end = row.end + options_.post_roll;
  row.closed_by = std::string(why);
  (void)Store(row, false);
  {
    std::lock_guard lock(mu_);
    ++stats_.closed;
  }
  recent_[ZoneKey{row.camera_id, row.rule, row.zone}] = row;
  Tell(row, Change::kClosed);
}

void EventLog::CloseExpired(WallNs now) {
  if (options_.max_duration <= 0) return;
  std::vector<std::int64_t> expired;
  for (const auto& [id, e] : open_) {
    if (e.row.rule != kCameraOfflineRule && now - e.row.start >= options_.max_duration) {
      expired.push_back(id);
    }
  }
  for (std::int64_t id : expired) Close(id, open_.at(id).row.last, "max_duration");
}

bool EventLog::WritePictures(store::EventRow& row, const std::vector<std::uint8_t>& jpeg) {
  // The thumbnail is made first: a picture that does not decode is refused whole, so the
  // event never points at a file a browser cannot show.
  auto thumb = media::ScaleJpeg(jpeg, {.max_width = options_.thumbnail_width, .quality = 5});
  auto fail = [&](const Error& e) {
    spdlog::warn("events: event {} of camera {}: snapshot not kept: {}", row.id, row.camera_id,
                 e.ToString());
    std::lock_guard lock(mu_);
    ++stats_.snapshot_errors;
    return false;
  };
  if (!thumb) return fail(thumb.error());
  // Named by camera (a config id: [a-z0-9_-]), UTC day and row id; never from a request.
  const std::string dir = fmt::format("{}/{}", row.camera_id, FormatIso8601(row.start).substr(0, 10));
  const std::string snapshot = fmt::format("{}/{}.jpg", dir, row.id);
  const std::string thumbnail = fmt::format("{}/{}-thumb.jpg", dir, row.id);
  auto snap_path = fs::ConfinedPath(options_.events_dir, snapshot);
  auto thumb_path = fs::ConfinedPath(options_.events_dir, thumbnail);
  if (!snap_path) return fail(snap_path.error());
  if (!thumb_path) return fail(thumb_path.error());
  if (auto s = fs::MakeDirsDurable(snap_path->parent_path()); !s) return fail(s.error());
  const std::string_view bytes(reinterpret_cast<const char*>(jpeg.data()), jpeg.size());
  if (auto s = fs::WriteFileAtomic(*snap_path, bytes); !s) return fail(s.error());
  if (auto s = fs::WriteFileAtomic(*thumb_path, *thumb); !s) return fail(s.error());
  row.snapshot = snapshot;
  row.thumbnail = thumbnail;
  return true;
}

bool EventLog::Store(store::EventRow& row, bool insert) {
  auto s = insert ? store_.Insert(row) : store_.Update(row);
  if (s) return true;
  // Logged, counted and carried on: the next change of the event tries again.
  spdlog::error("events: {}", s.error().ToString());
  std::lock_guard lock(mu_);
  ++stats_.store_errors;
  return false;
}

void EventLog::Tell(const store::EventRow& row, Change change) {
  if (listeners_.empty()) return;
  const Event event = ToEvent(row);
  for (EventListener* l : listeners_) l->OnEvent(event, change);
}

Status EventLog::PruneOnce(WallNs now) {
  for (const auto& [camera, keep] : options_.keep) {
    if (keep <= 0) continue;
    while (true) {
      auto old = store_.EndedBefore(camera, now - keep, kPruneBatch);
      if (!old) return Fail(std::move(old).error().Wrap("prune events"));
      if (old->empty()) break;
      // Pictures first, rows after: a crash in between leaves rows whose pictures are gone
      // (the API answers 404 for them, the next pass deletes them), never pictures of
      // people that nothing points at any more.
      std::vector<std::int64_t> ids;
      for (const store::EventRow& row : *old) {
        for (const std::string& rel : {row.snapshot, row.thumbnail}) {
          if (rel.empty()) continue;
          auto path = fs::ConfinedPath(options_.events_dir, rel);
          if (!path) {
            spdlog::error("events: row {} names a picture outside the events folder: {}", row.id, rel);
            continue;
          }
          if (::unlink(path->c_str()) != 0 && errno != ENOENT) {
            return Fail(ErrnoError(errno, "unlink " + path->string()));
          }
        }
        ids.push_back(row.id);
      }
      if (auto s = store_.Delete(ids); !s) return Fail(std::move(s).error().Wrap("prune events"));
      {
        std::lock_guard lock(mu_);
        stats_.pruned += ids.size();
      }
      if (old->size() < static_cast<std::size_t>(kPruneBatch)) break;
    }
  }
  return {};
}

}  // namespace anninh::events
