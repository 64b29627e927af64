// /metrics in the Prometheus text exposition format 0.0.4
// (https://prometheus.io/docs/instrumenting/exposition_formats/): HELP and TYPE lines per
// family, label values escaped (backslash, double quote, newline), UTF-8 passed through
// (camera names are Vietnamese).
#pragma once

#include <chrono>
#include <map>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "alerts/metrics.h"
#include "core/fs.h"
#include "serve/camera_source.h"

namespace anninh::serve {

using Labels = std::vector<std::pair<std::string_view, std::string_view>>;

class PrometheusText {
 public:
  // Starts a family; every Sample until the next Family belongs to it.
  void Family(std::string_view name, std::string_view type, std::string_view help);
  void Sample(std::string_view name, const Labels& labels, double value);
  void Sample(std::string_view name, const Labels& labels, std::uint64_t value);
  const std::string& text() const { return out_; }

  static std::string EscapeLabelValue(std::string_view v);
  static std::string EscapeHelp(std::string_view v);

 private:
  void Series(std::string_view name, const Labels& labels);
  std::string out_;
};

// Rates (bytes/s, frames/s) per stream over the interval between scrapes at least
// `min_interval` apart; a scrape sooner reuses the last rates, so two scrapers do not
// halve each other's window. Thread-safe.
class RateMeter {
 public:
  explicit RateMeter(std::chrono::milliseconds min_interval = std::chrono::seconds(1))
      : min_interval_(min_interval) {}
  struct Rates {
    double bytes_per_second = 0;
    double frames_per_second = 0;
  };
  Rates Update(const std::string& key, std::chrono::steady_clock::time_point now,
               std::uint64_t bytes, std::uint64_t frames);

 private:
  struct Sample {
    std::chrono::steady_clock::time_point at;
    std::uint64_t bytes = 0;
    std::uint64_t frames = 0;
    Rates rates;
  };
  std::chrono::milliseconds min_interval_;
  std::mutex mu_;
  std::map<std::string, Sample> samples_;
};

// The whole exposition. `disk` is the recordings filesystem, absent if it cannot be read.
std::string RenderMetrics(const std::vector<CameraView>& cameras,
                          const std::optional<fs::SpaceInfo>& disk, RateMeter& rates,
                          std::chrono::steady_clock::time_point now);

// The alerts families (docs/design/0010-alerts.md), appended to the exposition when the
// server sends alerts.
std::string RenderAlertMetrics(const alerts::AlertMetrics& metrics);

}  // namespace anninh::serve
