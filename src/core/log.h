// Logging goes through spdlog. Init() is called once by the app; libraries just log.
#pragma once

#include <string_view>

#include <spdlog/spdlog.h>

namespace anninh::log {

// level: "trace", "debug", "info", "warn", "error". Logs go to stderr.
void Init(std::string_view level);

}  // namespace anninh::log
