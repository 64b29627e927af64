// Decides whether an event change becomes an alert: the rule's policy says which changes
// alert, its cooldown keeps the same camera+rule quiet for a while after an alert, and
// de-duplication keeps one event from alerting twice for the same change (and keeps the
// close of an event whose open was suppressed quiet too, so a person never gets a lone
// "closed").
//
// Thread contract: confined to the dispatcher thread (not thread-safe). Time is the
// clock's monotonic time, so a wall-clock jump neither lifts nor extends a cooldown.
#pragma once

#include <chrono>
#include <cstdint>
#include <map>
#include <set>
#include <string>

#include "alerts/options.h"
#include "core/clock.h"

namespace anninh::alerts {

enum class Verdict { kSend, kNotWanted, kCoolingDown, kDuplicate };
std::string_view ToString(Verdict v);

class RuleGate {
 public:
  RuleGate(const AlertsOptions& options, const Clock& clock) : options_(options), clock_(clock) {}

  Verdict Check(const events::Event& event, events::Change change);

  // The policy for a rule: the configured one, else camera_offline's built-in (alert on
  // offline and on recovery), else the defaults.
  RulePolicy PolicyFor(const std::string& rule) const;

 private:
  // Ids of open events whose open was sent (true) or suppressed (false). Ids grow, so the
  // oldest are dropped first when an event log never reports a close.
  static constexpr std::size_t kMaxTracked = 10'000;
  void Track(std::int64_t id, bool sent);
  Verdict Cooldown(const events::Event& event, const RulePolicy& policy);

  const AlertsOptions& options_;
  const Clock& clock_;
  std::map<std::string, std::chrono::steady_clock::time_point> last_sent_;  // camera + '\0' + rule
  std::map<std::int64_t, bool> open_;
  std::set<std::int64_t> opened_seen_, closed_seen_;  // de-duplication, bounded like open_
};

}  // namespace anninh::alerts
