// The parts of an SDP session description (RFC 8866) that a receiving RTSP client
// needs: per media section its type, RTP payload type, encoding and clock (a=rtpmap),
// format parameters (a=fmtp) and control URL (a=control, RFC 2326 appendix C.1.1,
// resolved against Content-Base or the request URL).
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/error.h"

namespace anninh::rtsp {

struct SdpMedia {
  std::string media;      // "video", "audio", "application", ...
  int payload_type = -1;  // the first format of the m= line
  std::string encoding;   // upper case: "H264", "H265", "MPEG4-GENERIC", "PCMU", ...
  int clock_rate = 0;
  int channels = 0;       // audio: from rtpmap's encoding parameters; 0 when absent
  std::string control;    // absolute URL for SETUP
  std::vector<std::pair<std::string, std::string>> fmtp;  // keys in lower case

  std::string_view Fmtp(std::string_view key) const;
};

struct Sdp {
  std::vector<SdpMedia> media;
  std::string aggregate_control;  // absolute URL for PLAY/TEARDOWN
};

// `base`: Content-Base (else Content-Location, else the DESCRIBE URL).
Result<Sdp> ParseSdp(std::string_view text, std::string_view base);

}  // namespace anninh::rtsp
