// An award's steps (Luật Thi đua, khen thưởng 06/2022/QH15):
//
//   proposed -> reviewed -> decided -> handed_over -> revoked
//      |           |           \________________________^
//      +-----------+--> rejected
//
// A proposal is reviewed (note) and then decided (number, date, signer, issuing body) or
// rejected (reason); a decided award is handed over (date, often at a festival); a decided
// or handed-over award may be revoked (reason and the revoking decision), after which it
// drops out of every count and stays in history. Rejected and revoked are final. A refused
// step says why, in Vietnamese and English.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::awards {

enum class AwardStatus { kProposed, kReviewed, kRejected, kDecided, kHandedOver, kRevoked };
std::string_view ToString(AwardStatus s);
std::string_view VietnameseName(AwardStatus s);
std::optional<AwardStatus> ParseAwardStatus(std::string_view text);
// Decided, handed over: what counts.
bool Counts(AwardStatus s);

struct Step {
  AwardStatus to = AwardStatus::kReviewed;
  std::string on_date;  // "YYYY-MM-DD"; today when empty
  std::string note;     // review note; rejection and revocation reason (required there)
  // decided: the decision; revoked: the revoking decision's number.
  std::string decision_no;
  std::string decision_date;
  std::string signer;
  std::string issuing_body;
  std::int64_t festival_id = 0;  // handed_over: at this festival (0: elsewhere)
};

// kFailedPrecondition (both languages) for a step the flow does not allow; kInvalidArgument
// naming the field when the step lacks what it needs.
Status CheckStep(AwardStatus from, const Step& step);

}  // namespace anninh::awards
