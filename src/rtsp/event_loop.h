// The event loop the native RTSP client runs on: one io_context served by a few threads
// (one by default), shared by every camera stream, instead of one blocking thread per
// stream. Asio stays behind this header (pimpl) so that code using the loop does not
// parse Asio.
//
// A Strand serialises the handlers of one stream, so the loop may have several threads
// while each stream's state is touched by one handler at a time; a Timer runs a
// callback on a strand after a delay.
//
// Thread contract: EventLoop is created and destroyed by one controlling thread; Strand
// and Timer may be used from any thread for Post, and from their strand for the rest.
#pragma once

#include <chrono>
#include <functional>
#include <memory>

namespace anninh::rtsp {

class Strand;

class EventLoop {
 public:
  explicit EventLoop(int threads = 1);
  // Stops the loop and joins its threads; handlers not yet run are destroyed unrun.
  ~EventLoop();
  EventLoop(const EventLoop&) = delete;
  EventLoop& operator=(const EventLoop&) = delete;

  Strand MakeStrand();
  int threads() const;

  struct Impl;
  Impl& impl() { return *impl_; }

 private:
  std::unique_ptr<Impl> impl_;
};

class Strand {
 public:
  // Runs `fn` on the strand, after the handlers already queued.
  void Post(std::function<void()> fn) const;
  // True when called from a handler running on this strand.
  bool RunningInThisThread() const;

  struct Impl;
  const std::shared_ptr<Impl>& impl() const { return impl_; }

 private:
  friend class EventLoop;
  explicit Strand(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
  std::shared_ptr<Impl> impl_;
};

// One pending callback at a time; Start replaces it. Start/Cancel on the strand.
class Timer {
 public:
  explicit Timer(const Strand& strand);
  ~Timer();
  Timer(const Timer&) = delete;
  Timer& operator=(const Timer&) = delete;

  void Start(std::chrono::nanoseconds delay, std::function<void()> fn);
  void Cancel();

 private:
  struct Impl;
  std::shared_ptr<Impl> impl_;
};

}  // namespace anninh::rtsp
