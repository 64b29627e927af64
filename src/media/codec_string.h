// RFC 6381 "codecs" strings ("avc1.640028", "hvc1.1.6.L120.90", "mp4a.40.2"), which a browser
// needs before it accepts a stream through Media Source Extensions
// (MediaSource.isTypeSupported, addSourceBuffer).
#pragma once

#include <string>

extern "C" {
struct AVCodecParameters;
}

namespace anninh::media {

// Empty when the codec is not one a browser could play from MP4, or its parameter sets
// are missing.
std::string CodecString(const AVCodecParameters& params);

}  // namespace anninh::media
