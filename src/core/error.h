// Errors as values. Every fallible call that crosses a module boundary returns
// Result<T>; exceptions are reserved for start-up and third-party code, and are
// caught at thread and request boundaries.
#pragma once

#include <string>
#include <string_view>
#include <utility>

#include <tl/expected.hpp>

namespace anninh {

// A small, coarse set of kinds, in the spirit of gRPC status codes: callers branch on the
// kind, people read the message. One place (serve) maps kinds to HTTP statuses.
enum class ErrorCode {
  kInvalidArgument,    // the caller's input is wrong (config, request, path)
  kNotFound,           // a thing named by id or path does not exist
  kAlreadyExists,
  kPermissionDenied,   // authenticated but not allowed; also a camera's 401/403
  kUnauthenticated,
  kUnavailable,        // transient: network down, peer refused, try again later
  kDeadlineExceeded,   // timed out
  kResourceExhausted,  // disk full, too many of something
  kFailedPrecondition, // state does not allow it now
  kUnimplemented,      // e.g. a codec we do not record
  kDataLoss,           // corrupt or truncated data on disk
  kInternal,           // a bug or an unexpected library failure
};

std::string_view ToString(ErrorCode code);

class Error {
 public:
  Error(ErrorCode code, std::string message) : code_(code), message_(std::move(message)) {}

  ErrorCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // Prefixes context, e.g. Wrap("open segment /x") turns "No such file" into
  // "open segment /x: No such file"; the code and the field are kept.
  Error&& Wrap(std::string_view context) &&;

  // The one input at fault, when there is one: a request body member or query parameter
  // ("from", "reason"). The HTTP API returns it as error.field, so a form can mark the box.
  const std::string& field() const { return field_; }
  Error&& WithField(std::string field) && {
    field_ = std::move(field);
    return std::move(*this);
  }

  std::string ToString() const;

 private:
  ErrorCode code_;
  std::string message_;
  std::string field_;  // empty: no single input is at fault
};

template <typename T>
using Result = tl::expected<T, Error>;

// Result<void> reads as Status at call sites that return nothing.
using Status = Result<void>;

inline tl::unexpected<Error> Fail(ErrorCode code, std::string message) {
  return tl::unexpected<Error>(Error(code, std::move(message)));
}
inline tl::unexpected<Error> Fail(Error error) { return tl::unexpected<Error>(std::move(error)); }

// Converts an errno value from a failed system call into an Error; `what` names the
// operation and its object ("fsync /data/cam1/x.mp4").
Error ErrnoError(int err, std::string_view what);

}  // namespace anninh
