#include "alerts/rule_gate.h"

#include <optional>

namespace anninh::alerts {

std::string_view ToString(Verdict v) {
  switch (v) {
    case Verdict::kSend: return "send";
    case Verdict::kNotWanted: return "not wanted";
    case Verdict::kCoolingDown: return "cooling down";
    case Verdict::kDuplicate: return "duplicate";
  }
  return "unknown";
}

RulePolicy RuleGate::PolicyFor(const std::string& rule) const {
  if (auto it = options_.rules.find(rule); it != options_.rules.end()) return it->second;
  RulePolicy p = options_.defaults;
  if (rule == "camera_offline") {
    // Offline and back online are both news; the cooldown still damps a flapping camera.
    p.on_opened = true;
    p.on_closed = true;
  }
  return p;
}

namespace {
template <typename Set>
bool Remember(Set& seen, std::int64_t id, std::size_t max) {
  if (!seen.insert(id).second) return false;
  if (seen.size() > max) seen.erase(seen.begin());
  return true;
}
}  // namespace

void RuleGate::Track(std::int64_t id, bool sent) {
  open_[id] = sent;
  if (open_.size() > kMaxTracked) open_.erase(open_.begin());
}

Verdict RuleGate::Cooldown(const events::Event& e, const RulePolicy& policy) {
  const auto now = clock_.Monotonic();
  std::string key = e.camera_id;
  key += '\0';
  key += e.rule;
  auto [it, fresh] = last_sent_.try_emplace(std::move(key), now);
  if (!fresh) {
    if (now - it->second < policy.cooldown) return Verdict::kCoolingDown;
    it->second = now;
  }
  return Verdict::kSend;
}

Verdict RuleGate::Check(const events::Event& e, events::Change change) {
  const RulePolicy policy = PolicyFor(e.rule);
  const bool has_id = e.id != 0;  // an unstored event cannot be recognised again
  switch (change) {
    case events::Change::kOpened: {
      if (has_id && !Remember(opened_seen_, e.id, kMaxTracked)) return Verdict::kDuplicate;
      if (!policy.on_opened) return Verdict::kNotWanted;
      Verdict v = Cooldown(e, policy);
      if (has_id) Track(e.id, v == Verdict::kSend);
      return v;
    }
    case events::Change::kUpdated:
      if (!policy.on_updated) return Verdict::kNotWanted;
      if (has_id) {
        if (auto it = open_.find(e.id); it != open_.end() && !it->second) return Verdict::kCoolingDown;
      }
      return Cooldown(e, policy);
    case events::Change::kClosed: {
      if (has_id && !Remember(closed_seen_, e.id, kMaxTracked)) return Verdict::kDuplicate;
      std::optional<bool> open_sent;
      if (has_id) {
        if (auto it = open_.find(e.id); it != open_.end()) {
          open_sent = it->second;
          open_.erase(it);
        }
      }
      if (!policy.on_closed) return Verdict::kNotWanted;
      // The close of an alerted open always goes out (it ends what the person was told);
      // the close of a suppressed open stays quiet; a close alone obeys the cooldown.
      if (open_sent) return *open_sent ? Verdict::kSend : Verdict::kCoolingDown;
      return Cooldown(e, policy);
    }
  }
  return Verdict::kNotWanted;
}

}  // namespace anninh::alerts
