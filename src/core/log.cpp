#include "core/log.h"

#include <spdlog/sinks/stdout_color_sinks.h>

namespace anninh::log {

void Init(std::string_view level) {
  auto logger = spdlog::stderr_color_mt("anninh");
  spdlog::set_default_logger(logger);
  spdlog::set_pattern("%Y-%m-%d %H:%M:%S.%e %^%l%$ %v");
  spdlog::set_level(spdlog::level::from_str(std::string(level)));
}

}  // namespace anninh::log
