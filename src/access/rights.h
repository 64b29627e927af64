// Rights, roles and who is asking. A right is a stable word ("playback"); a role is a named
// set of rights plus a camera scope; a Principal is an authenticated caller with the rights
// of its role and its own grants. Every handler asks Can() and SeesCamera(); nothing is
// decided by what the UI shows.
#pragma once

#include <cstdint>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace anninh::access {

namespace right {
inline constexpr std::string_view kCameraView = "camera.view";     // camera list and state
inline constexpr std::string_view kLiveView = "live.view";         // live video
inline constexpr std::string_view kSnapshot = "snapshot";          // still images
inline constexpr std::string_view kPlayback = "playback";          // recordings and video
inline constexpr std::string_view kExport = "export";              // evidence exports
inline constexpr std::string_view kHoldManage = "hold.manage";     // evidence holds
inline constexpr std::string_view kAuditRead = "audit.read";       // the audit log
inline constexpr std::string_view kUserManage = "user.manage";     // accounts, roles, tokens of others
inline constexpr std::string_view kCameraManage = "camera.manage"; // camera configuration
inline constexpr std::string_view kSystemRead = "system.read";     // /metrics
inline constexpr std::string_view kEventsReview = "events.review"; // mark events reviewed
// Movement records (docs/design/0011-movement-records.md), scoped by unit like cameras by area.
inline constexpr std::string_view kMovementRead = "movement.read";  // units, people, models, reports
inline constexpr std::string_view kMovementEdit = "movement.edit";  // people, models, evaluations
inline constexpr std::string_view kUnitManage = "unit.manage";      // import the unit list, model types
// News and website links (docs/design/0015-news-and-search.md). Published news is public;
// these rights cover drafts, editing, and publishing (and the links list).
inline constexpr std::string_view kNewsRead = "news.read";        // drafts and history
inline constexpr std::string_view kNewsEdit = "news.edit";        // write, submit for review, images
inline constexpr std::string_view kNewsPublish = "news.publish";  // publish, unpublish, links
}  // namespace right

// Every right, for validation and for the authorization-matrix test.
const std::vector<std::string_view>& AllRights();
bool IsRight(std::string_view name);

enum class Scope { kAll, kAssigned };
std::string_view ToString(Scope s);

// The authenticated caller of one request.
struct Principal {
  std::int64_t account_id = 0;
  std::string username;
  std::string role;
  std::set<std::string, std::less<>> rights;
  Scope scope = Scope::kAssigned;
  std::set<std::string, std::less<>> areas;
  // How it authenticated: a browser session (needs CSRF on writes) or an API token.
  std::int64_t session_id = 0;
  std::int64_t token_id = 0;
  std::string csrf;  // the session's CSRF token; empty for API tokens

  bool Can(std::string_view r) const { return rights.find(r) != rights.end(); }
  // A camera in no area is visible only to "all"-scope roles.
  bool SeesCamera(std::string_view camera_area) const {
    return scope == Scope::kAll || (!camera_area.empty() && areas.find(camera_area) != areas.end());
  }
  // "alice", or "alice (token 7)" in the audit log.
  std::string Actor() const;
};

}  // namespace anninh::access
