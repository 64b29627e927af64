#include "awards/flow.h"

#include <fmt/format.h>

#include "movement/dates.h"
#include "movement/field_error.h"

namespace anninh::awards {

using movement::FieldFail;

namespace {

constexpr AwardStatus kAll[] = {AwardStatus::kProposed, AwardStatus::kReviewed,   AwardStatus::kRejected,
                                AwardStatus::kDecided,  AwardStatus::kHandedOver, AwardStatus::kRevoked};

bool Allowed(AwardStatus from, AwardStatus to) {
  switch (from) {
    case AwardStatus::kProposed: return to == AwardStatus::kReviewed || to == AwardStatus::kRejected;
    case AwardStatus::kReviewed: return to == AwardStatus::kDecided || to == AwardStatus::kRejected;
    case AwardStatus::kDecided: return to == AwardStatus::kHandedOver || to == AwardStatus::kRevoked;
    case AwardStatus::kHandedOver: return to == AwardStatus::kRevoked;
    case AwardStatus::kRejected:
    case AwardStatus::kRevoked: break;
  }
  return false;
}

std::pair<std::string, std::string> Why(AwardStatus from, AwardStatus to) {
  if (from == to) return {"khen thưởng đã ở trạng thái này", "the award already has this status"};
  if (from == AwardStatus::kRejected || from == AwardStatus::kRevoked) {
    return {"đề nghị đã bị từ chối hoặc khen thưởng đã bị thu hồi; không thể thay đổi",
            "a rejected or revoked award is final"};
  }
  if (to == AwardStatus::kDecided) return {"đề nghị phải được thẩm định trước khi quyết định", "a proposal is reviewed before it is decided"};
  if (to == AwardStatus::kHandedOver) return {"chỉ trao khen thưởng đã có quyết định", "only a decided award is handed over"};
  if (to == AwardStatus::kRevoked) return {"chỉ thu hồi khen thưởng đã có quyết định", "only a decided award can be revoked"};
  if (to == AwardStatus::kRejected) return {"khen thưởng đã quyết định thì thu hồi, không từ chối", "a decided award is revoked, not rejected"};
  return {"bước này không có trong quy trình", "this step is not part of the flow"};
}

}  // namespace

std::string_view ToString(AwardStatus s) {
  switch (s) {
    case AwardStatus::kProposed: return "proposed";
    case AwardStatus::kReviewed: return "reviewed";
    case AwardStatus::kRejected: return "rejected";
    case AwardStatus::kDecided: return "decided";
    case AwardStatus::kHandedOver: return "handed_over";
    case AwardStatus::kRevoked: break;
  }
  return "revoked";
}

std::string_view VietnameseName(AwardStatus s) {
  switch (s) {
    case AwardStatus::kProposed: return "đề nghị";
    case AwardStatus::kReviewed: return "đã thẩm định";
    case AwardStatus::kRejected: return "không khen thưởng";
    case AwardStatus::kDecided: return "đã có quyết định";
    case AwardStatus::kHandedOver: return "đã trao";
    case AwardStatus::kRevoked: break;
  }
  return "đã thu hồi";
}

std::optional<AwardStatus> ParseAwardStatus(std::string_view text) {
  for (AwardStatus s : kAll) {
    if (ToString(s) == text) return s;
  }
  return std::nullopt;
}

bool Counts(AwardStatus s) { return s == AwardStatus::kDecided || s == AwardStatus::kHandedOver; }

Status CheckStep(AwardStatus from, const Step& step) {
  if (!Allowed(from, step.to)) {
    auto [vi, en] = Why(from, step.to);
    return Fail(ErrorCode::kFailedPrecondition, fmt::format("{} → {}: {} ({} → {}: {})", VietnameseName(from),
                                                            VietnameseName(step.to), vi, ToString(from),
                                                            ToString(step.to), en));
  }
  if (!step.on_date.empty()) {
    if (auto s = movement::CheckDate("on_date", step.on_date); !s) return s;
  }
  switch (step.to) {
    case AwardStatus::kDecided:
      if (step.decision_no.empty()) return FieldFail("decision_no", "a decision needs its number (số quyết định)");
      if (auto s = movement::CheckDate("decision_date", step.decision_date); !s) return s;
      if (step.signer.empty()) return FieldFail("signer", "a decision needs its signer (người ký)");
      if (step.issuing_body.empty()) return FieldFail("issuing_body", "a decision needs its issuing body (cơ quan ban hành)");
      break;
    case AwardStatus::kRejected:
      if (step.note.empty()) return FieldFail("note", "a rejection needs its reason");
      break;
    case AwardStatus::kRevoked:
      if (step.note.empty()) return FieldFail("note", "a revocation needs its reason (lý do thu hồi)");
      if (step.decision_no.empty()) return FieldFail("decision_no", "a revocation needs the revoking decision's number");
      break;
    default: break;
  }
  return {};
}

}  // namespace anninh::awards
