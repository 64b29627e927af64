// Internal: the Asio types behind EventLoop and Strand, for the rtsp module's own .cpp
// files only (they include Asio; nothing outside src/rtsp includes this header).
#pragma once

#include <thread>
#include <vector>

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>

#include "rtsp/event_loop.h"

namespace anninh::rtsp {

namespace asio = boost::asio;
using StrandExecutor = asio::strand<asio::io_context::executor_type>;

struct EventLoop::Impl {
  asio::io_context io{1};
  asio::executor_work_guard<asio::io_context::executor_type> work{io.get_executor()};
  std::vector<std::thread> threads;
};

struct Strand::Impl {
  explicit Impl(asio::io_context& io) : executor(asio::make_strand(io)) {}
  StrandExecutor executor;
};

}  // namespace anninh::rtsp
