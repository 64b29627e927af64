// Precompiled for the rtsp target's Asio users only (event_loop.cpp, client.cpp): Asio
// is header-only and heavy; parsing it once keeps 2-core builds fast.
#pragma once

#include <boost/asio/connect.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/write.hpp>
