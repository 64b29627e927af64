#include "core/error.h"

#include <cerrno>
#include <cstring>

namespace anninh {

std::string_view ToString(ErrorCode code) {
  switch (code) {
    case ErrorCode::kInvalidArgument: return "invalid argument";
    case ErrorCode::kNotFound: return "not found";
    case ErrorCode::kAlreadyExists: return "already exists";
    case ErrorCode::kPermissionDenied: return "permission denied";
    case ErrorCode::kUnauthenticated: return "unauthenticated";
    case ErrorCode::kUnavailable: return "unavailable";
    case ErrorCode::kDeadlineExceeded: return "deadline exceeded";
    case ErrorCode::kResourceExhausted: return "resource exhausted";
    case ErrorCode::kFailedPrecondition: return "failed precondition";
    case ErrorCode::kUnimplemented: return "unimplemented";
    case ErrorCode::kDataLoss: return "data loss";
    case ErrorCode::kInternal: return "internal";
  }
  return "unknown";
}

Error&& Error::Wrap(std::string_view context) && {
  message_ = std::string(context) + ": " + message_;
  return std::move(*this);
}

std::string Error::ToString() const {
  return std::string(anninh::ToString(code_)) + ": " + message_;
}

Error ErrnoError(int err, std::string_view what) {
  ErrorCode code = ErrorCode::kInternal;
  switch (err) {
    case ENOENT: code = ErrorCode::kNotFound; break;
    case EEXIST: code = ErrorCode::kAlreadyExists; break;
    case EACCES:
    case EPERM: code = ErrorCode::kPermissionDenied; break;
    case ENOSPC:
    case EDQUOT:
    case EFBIG: code = ErrorCode::kResourceExhausted; break;
    case EINVAL:
    case ENAMETOOLONG: code = ErrorCode::kInvalidArgument; break;
    case EIO: code = ErrorCode::kDataLoss; break;
    case ETIMEDOUT: code = ErrorCode::kDeadlineExceeded; break;
    case ECONNREFUSED:
    case EAGAIN: code = ErrorCode::kUnavailable; break;
    default: break;
  }
  return Error(code, std::string(what) + ": " + std::strerror(err));
}

}  // namespace anninh
