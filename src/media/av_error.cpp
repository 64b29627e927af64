#include "media/av_error.h"

extern "C" {
#include <libavutil/error.h>
}

#include <cerrno>

namespace anninh::media {

std::string AvErrorText(int averror) {
  char buf[AV_ERROR_MAX_STRING_SIZE] = {};
  av_strerror(averror, buf, sizeof(buf));
  return buf;
}

Error AvError(int averror, std::string_view what) {
  ErrorCode code = ErrorCode::kInternal;
  switch (averror) {
    case AVERROR_HTTP_UNAUTHORIZED: code = ErrorCode::kUnauthenticated; break;
    case AVERROR_HTTP_FORBIDDEN: code = ErrorCode::kPermissionDenied; break;
    case AVERROR_HTTP_NOT_FOUND:
    case AVERROR_STREAM_NOT_FOUND:
    case AVERROR(ENOENT): code = ErrorCode::kNotFound; break;
    case AVERROR(ECONNREFUSED):
    case AVERROR(ECONNRESET):
    case AVERROR(EHOSTUNREACH):
    case AVERROR(ENETUNREACH):
    case AVERROR(EPIPE):
    case AVERROR(EAGAIN): code = ErrorCode::kUnavailable; break;
    case AVERROR(ETIMEDOUT):
    case AVERROR_EXIT: code = ErrorCode::kDeadlineExceeded; break;
    case AVERROR(ENOSPC): code = ErrorCode::kResourceExhausted; break;
    case AVERROR_INVALIDDATA: code = ErrorCode::kDataLoss; break;
    case AVERROR_PATCHWELCOME:
    case AVERROR_DECODER_NOT_FOUND:
    case AVERROR_MUXER_NOT_FOUND: code = ErrorCode::kUnimplemented; break;
    case AVERROR_EOF: code = ErrorCode::kUnavailable; break;
    default: break;
  }
  return Error(code, std::string(what) + ": " + AvErrorText(averror));
}

}  // namespace anninh::media
