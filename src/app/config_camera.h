// Internal to the app: one camera read from a TOML table exactly as config.cpp reads a
// [[cameras]] entry, for camera documents that come through the API (camera_document.cpp).
// Includes toml++, so only those two files include it.
#pragma once

#include <string>
#include <vector>

#include <toml++/toml.h>

#include "app/config.h"

namespace anninh::app {

// Issue keys are relative to the camera ("main.url"); `file` names the source in them.
CameraConfig ReadCameraTable(const toml::table& table, const std::string& file, const Config& config,
                             std::vector<ConfigIssue>& issues);

}  // namespace anninh::app
