#include "rtsp/event_loop.h"

#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <spdlog/spdlog.h>

#include "rtsp/event_loop_impl.h"

namespace anninh::rtsp {

EventLoop::EventLoop(int threads) : impl_(std::make_unique<Impl>()) {
  if (threads < 1) threads = 1;
  for (int i = 0; i < threads; ++i) {
    impl_->threads.emplace_back([io = &impl_->io] {
      // A handler that throws is a bug; the loop must go on for the other cameras.
      for (;;) {
        try {
          io->run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("rtsp event loop: handler threw: {}", e.what());
        }
      }
    });
  }
}

EventLoop::~EventLoop() {
  impl_->work.reset();
  impl_->io.stop();
  for (auto& t : impl_->threads) t.join();
}

int EventLoop::threads() const { return static_cast<int>(impl_->threads.size()); }

Strand EventLoop::MakeStrand() { return Strand(std::make_shared<Strand::Impl>(impl_->io)); }

void Strand::Post(std::function<void()> fn) const { asio::post(impl_->executor, std::move(fn)); }

bool Strand::RunningInThisThread() const { return impl_->executor.running_in_this_thread(); }

struct Timer::Impl {
  explicit Impl(const StrandExecutor& ex) : timer(ex) {}
  asio::steady_timer timer;
  std::uint64_t generation = 0;
};

Timer::Timer(const Strand& strand) : impl_(std::make_shared<Impl>(strand.impl()->executor)) {}

Timer::~Timer() { Cancel(); }

void Timer::Start(std::chrono::nanoseconds delay, std::function<void()> fn) {
  const std::uint64_t generation = ++impl_->generation;
  impl_->timer.expires_after(delay);
  impl_->timer.async_wait(
      [weak = std::weak_ptr<Impl>(impl_), generation, fn = std::move(fn)](
          const boost::system::error_code& ec) {
        auto impl = weak.lock();
        if (ec || !impl || impl->generation != generation) return;
        fn();
      });
}

void Timer::Cancel() {
  ++impl_->generation;
  impl_->timer.cancel();
}

}  // namespace anninh::rtsp
