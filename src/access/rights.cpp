#include "access/rights.h"

#include <algorithm>

namespace anninh::access {

const std::vector<std::string_view>& AllRights() {
  static const std::vector<std::string_view> kAll = {
      right::kCameraView, right::kLiveView,  right::kSnapshot,  right::kPlayback,
      right::kExport,     right::kHoldManage, right::kAuditRead, right::kUserManage,
      right::kCameraManage, right::kSystemRead, right::kEventsReview, right::kMovementRead,
      right::kMovementEdit, right::kUnitManage, right::kNewsRead, right::kNewsEdit, right::kNewsPublish};
  return kAll;
}

bool IsRight(std::string_view name) {
  const auto& all = AllRights();
  return std::find(all.begin(), all.end(), name) != all.end();
}

std::string_view ToString(Scope s) { return s == Scope::kAll ? "all" : "assigned"; }

std::string Principal::Actor() const {
  return token_id != 0 ? username + " (token " + std::to_string(token_id) + ")" : username;
}

}  // namespace anninh::access
