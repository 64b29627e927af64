#include <algorithm>

#include "alerts/options.h"

namespace anninh::alerts {

namespace {
bool Allows(const std::vector<std::string>& allowed, const std::string& value) {
  return allowed.empty() || std::find(allowed.begin(), allowed.end(), value) != allowed.end();
}
}  // namespace

bool SinkFilter::Matches(const events::Event& e) const {
  return Allows(cameras, e.camera_id) && Allows(rules, e.rule) && Allows(classes, e.object_class);
}

}  // namespace anninh::alerts
