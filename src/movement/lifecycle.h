// A model's status lifecycle (HD 22/HD-BCA-V05: survey and proposal, launch, regular review
// at sơ kết and tổng kết, then spread to other places or retired as ineffective):
//
//   proposed -> launched -> active -> under_review -> active        (review passed)
//                                                  -> replicated    (links to the models it spawned)
//                                                  -> retired       (reason and decision)
//   proposed -> retired (dropped before launch)     replicated -> under_review (reviewed again)
//
// Retired is final. A refused step says why, in Vietnamese and English.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"

namespace anninh::movement {

enum class ModelStatus { kProposed, kLaunched, kActive, kUnderReview, kReplicated, kRetired };
std::string_view ToString(ModelStatus s);
std::string_view VietnameseName(ModelStatus s);
std::optional<ModelStatus> ParseModelStatus(std::string_view text);

struct TransitionRequest {
  ModelStatus to = ModelStatus::kActive;
  std::string on_date;  // "YYYY-MM-DD"; today when empty
  std::string reason;   // required to retire
  // Launch: the decision (số quyết định, ngày, cơ quan ban hành). Retire: its decision number.
  std::string decision_no;
  std::string decision_date;
  std::string decision_issuer;
  std::vector<std::int64_t> spawned;  // replicate: the models it spawned elsewhere
};

// The steps allowed from `from`.
std::vector<ModelStatus> NextStatuses(ModelStatus from);
// kFailedPrecondition (with both languages) for a step the lifecycle does not allow;
// kInvalidArgument naming the field when the step lacks what it needs.
Status CheckTransition(ModelStatus from, const TransitionRequest& t);

}  // namespace anninh::movement
