#include "movement/lifecycle.h"

#include <fmt/format.h>

#include <algorithm>

#include "movement/dates.h"
#include "movement/field_error.h"

namespace anninh::movement {

namespace {

constexpr ModelStatus kAll[] = {ModelStatus::kProposed,    ModelStatus::kLaunched,   ModelStatus::kActive,
                                ModelStatus::kUnderReview, ModelStatus::kReplicated, ModelStatus::kRetired};

std::string Names(const std::vector<ModelStatus>& list, bool vietnamese) {
  std::string out;
  for (ModelStatus s : list) {
    out += (out.empty() ? "" : ", ") + std::string(vietnamese ? VietnameseName(s) : ToString(s));
  }
  return out.empty() ? (vietnamese ? "không có" : "none") : out;
}

// Why a step is not allowed, beyond "not in the list".
std::pair<std::string, std::string> Why(ModelStatus from, ModelStatus to) {
  if (from == to) return {"mô hình đã ở trạng thái này", "the model already has this status"};
  if (from == ModelStatus::kRetired) {
    return {"mô hình đã thanh loại, không thể thay đổi trạng thái", "a retired model's status is final"};
  }
  if (from == ModelStatus::kProposed && to == ModelStatus::kActive) {
    return {"mô hình phải được ra mắt trước", "a model must be launched first"};
  }
  if ((to == ModelStatus::kReplicated || to == ModelStatus::kRetired) &&
      (from == ModelStatus::kLaunched || from == ModelStatus::kActive)) {
    return {"phải sơ kết, rà soát (under_review) trước khi nhân rộng hoặc thanh loại",
            "a model is reviewed (under_review) before it is replicated or retired"};
  }
  return {"bước này không có trong quy trình", "this step is not part of the lifecycle"};
}

}  // namespace

std::string_view ToString(ModelStatus s) {
  switch (s) {
    case ModelStatus::kProposed: return "proposed";
    case ModelStatus::kLaunched: return "launched";
    case ModelStatus::kActive: return "active";
    case ModelStatus::kUnderReview: return "under_review";
    case ModelStatus::kReplicated: return "replicated";
    case ModelStatus::kRetired: break;
  }
  return "retired";
}

std::string_view VietnameseName(ModelStatus s) {
  switch (s) {
    case ModelStatus::kProposed: return "đề xuất";
    case ModelStatus::kLaunched: return "đã ra mắt";
    case ModelStatus::kActive: return "đang hoạt động";
    case ModelStatus::kUnderReview: return "đang rà soát";
    case ModelStatus::kReplicated: return "đã nhân rộng";
    case ModelStatus::kRetired: break;
  }
  return "đã thanh loại";
}

std::optional<ModelStatus> ParseModelStatus(std::string_view text) {
  for (ModelStatus s : kAll) {
    if (ToString(s) == text) return s;
  }
  return std::nullopt;
}

std::vector<ModelStatus> NextStatuses(ModelStatus from) {
  switch (from) {
    case ModelStatus::kProposed: return {ModelStatus::kLaunched, ModelStatus::kRetired};
    case ModelStatus::kLaunched: return {ModelStatus::kActive};
    case ModelStatus::kActive: return {ModelStatus::kUnderReview};
    case ModelStatus::kUnderReview: return {ModelStatus::kActive, ModelStatus::kReplicated, ModelStatus::kRetired};
    case ModelStatus::kReplicated: return {ModelStatus::kUnderReview};
    case ModelStatus::kRetired: break;
  }
  return {};
}

Status CheckTransition(ModelStatus from, const TransitionRequest& t) {
  const std::vector<ModelStatus> next = NextStatuses(from);
  if (std::find(next.begin(), next.end(), t.to) == next.end()) {
    const auto [vi, en] = Why(from, t.to);
    return Fail(ErrorCode::kFailedPrecondition,
                fmt::format("không thể chuyển từ «{}» sang «{}»: {} (bước tiếp theo: {}) / cannot go from {} to "
                            "{}: {} (allowed next: {})",
                            VietnameseName(from), VietnameseName(t.to), vi, Names(next, true), ToString(from),
                            ToString(t.to), en, Names(next, false)));
  }
  if (!t.on_date.empty()) {
    if (auto s = CheckDate("on_date", t.on_date); !s) return s;
  }
  if (t.to == ModelStatus::kLaunched) {
    if (t.decision_no.empty()) {
      return FieldFail("decision_no", "ra mắt cần số quyết định / launching needs the decision number");
    }
    if (auto s = CheckDate("decision_date", t.decision_date); !s) return s;
    if (t.decision_issuer.empty()) {
      return FieldFail("decision_issuer", "ra mắt cần cơ quan ban hành quyết định / launching needs the issuer");
    }
  }
  if (t.to == ModelStatus::kRetired) {
    if (t.reason.empty()) return FieldFail("reason", "thanh loại cần lý do / retiring needs a reason");
    if (t.decision_no.empty()) {
      return FieldFail("decision_no", "thanh loại cần số quyết định / retiring needs the decision number");
    }
  }
  if (t.to == ModelStatus::kReplicated && t.spawned.empty()) {
    return FieldFail("spawned",
                     "nhân rộng cần các mô hình đã được nhân ra / replicating needs the models it spawned");
  }
  return {};
}

}  // namespace anninh::movement
