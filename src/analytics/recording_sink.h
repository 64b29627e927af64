// Test helper: an ObservationSink that keeps what it is told.
#pragma once

#include <mutex>
#include <string>
#include <vector>

#include "events/event.h"

namespace anninh::analytics::testing {

class RecordingSink final : public events::ObservationSink {
 public:
  void Report(events::Observation o) override {
    std::lock_guard lock(mu_);
    all_.push_back(std::move(o));
  }
  std::vector<events::Observation> all() const {
    std::lock_guard lock(mu_);
    return all_;
  }
  // Observations of one phase, optionally of one rule.
  std::vector<events::Observation> Of(events::Phase phase, const std::string& rule = "") const {
    std::vector<events::Observation> out;
    for (const auto& o : all()) {
      if (o.phase == phase && (rule.empty() || o.rule == rule)) out.push_back(o);
    }
    return out;
  }

 private:
  mutable std::mutex mu_;
  std::vector<events::Observation> all_;
};

}  // namespace anninh::analytics::testing
