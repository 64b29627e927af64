// Camera documents: the JSON form of a [[cameras]] entry that the API takes and the camera
// store keeps (docs/design/0016-camera-admin.md). Parsed by the config file's own reader, so
// a document is checked exactly like the file, every problem reported at once.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json_fwd.hpp>

#include "app/config.h"

namespace anninh::app {

// Validates `doc` with the file's defaults from `config`. Beyond the file's rules, a
// document may only name network streams (rtsp, rtsps, http, https: the API must not open
// the server's own files) and no detector model file. `issues` gets every problem.
CameraConfig ParseCameraDocument(const nlohmann::json& doc, const Config& config,
                                 std::vector<ConfigIssue>& issues);

// Prepares an incoming document for storing: credentials written into a URL
// ("rtsp://user:pass@host/...") move to the stream's username/password, and a stream that
// gives no password keeps the one `stored` has for it (the edit form never holds it).
// "password_set" and "source", which answers carry, are dropped.
nlohmann::json WithSecrets(nlohmann::json incoming, const nlohmann::json* stored);

// The document as answered: no passwords, "password_set" per stream instead.
nlohmann::json Redacted(nlohmann::json doc);

// The document form of a camera of the config file (shown read-only), without passwords.
nlohmann::json ToDocument(const CameraConfig& camera);

}  // namespace anninh::app
