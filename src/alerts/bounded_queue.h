// A bounded FIFO between a producer that must never wait and one consumer thread. A push
// onto a full queue drops the oldest item (the newest alert is the one a person needs) and
// reports it, so the caller can count it.
//
// Thread-safe. Push never blocks beyond a short critical section; Pop waits.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <deque>
#include <mutex>
#include <optional>

namespace anninh::alerts {

template <typename T>
class BoundedQueue {
 public:
  explicit BoundedQueue(std::size_t capacity) : capacity_(capacity == 0 ? 1 : capacity) {}

  // Returns true when an older item had to be dropped to make room.
  bool Push(T item) {
    bool dropped = false;
    {
      std::lock_guard lock(mu_);
      if (items_.size() >= capacity_) {
        items_.pop_front();
        dropped = true;
      }
      items_.push_back(std::move(item));
    }
    cv_.notify_one();
    return dropped;
  }

  // Puts an item back at the front (a send that must be retried first); if that overflows,
  // the newest is kept and the oldest, this one, is dropped.
  bool PushFront(T item) {
    std::lock_guard lock(mu_);
    if (items_.size() >= capacity_) return true;
    items_.push_front(std::move(item));
    return false;
  }

  // Waits up to `timeout` for an item; nullopt on timeout or once closed and empty.
  template <typename Rep, typename Period>
  std::optional<T> Pop(std::chrono::duration<Rep, Period> timeout) {
    std::unique_lock lock(mu_);
    cv_.wait_for(lock, timeout, [&] { return !items_.empty() || closed_; });
    if (items_.empty()) return std::nullopt;
    T item = std::move(items_.front());
    items_.pop_front();
    return item;
  }

  // Wakes the consumer; Pop returns what is left, then nullopt.
  void Close() {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
    }
    cv_.notify_all();
  }
  bool closed() const {
    std::lock_guard lock(mu_);
    return closed_;
  }
  std::size_t size() const {
    std::lock_guard lock(mu_);
    return items_.size();
  }
  std::size_t capacity() const { return capacity_; }

 private:
  const std::size_t capacity_;
  mutable std::mutex mu_;
  std::condition_variable cv_;
  std::deque<T> items_;
  bool closed_ = false;
};

}  // namespace anninh::alerts
