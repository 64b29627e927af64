// Converts FFmpeg's AVERROR codes into anninh Errors, naming what a person can act on.
#pragma once

#include <string>
#include <string_view>

#include "core/error.h"

namespace anninh::media {

// `what` names the operation ("open rtsp://cam/main").
Error AvError(int averror, std::string_view what);

// The FFmpeg message for an AVERROR code ("Connection refused").
std::string AvErrorText(int averror);

}  // namespace anninh::media
