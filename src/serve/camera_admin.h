// Camera administration as the HTTP API sees it (docs/design/0016-camera-admin.md): the
// editable documents of cameras, saving and removing the ones added through the API, and
// "test connection". The app implements it over its Server and the camera store, so serve
// never depends on app. Documents are JSON text shaped like a [[cameras]] entry.
//
// Thread-safe: called from the HTTP worker threads; saves are serialised inside.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/error.h"
#include "ingest/probe.h"

namespace anninh::serve {

// One validation problem: the key ("main.url", "analytics.rules[1].zone") and what is wrong.
struct CameraIssue {
  std::string key;
  std::string message;
};

// The outcome of a save: issues (all of them, nothing saved) or a status.
struct CameraEdit {
  Status status;
  std::vector<CameraIssue> issues;
  std::string document;  // on success: the saved document, passwords left out
};

struct ConnectionTest {
  std::string url;
  std::string username;
  std::string password;
  // With no password given: the stored one of this camera's stream (the edit form never
  // holds it), if the URL is that stream's.
  std::string camera_id;
  std::string stream = "main";
};

class CameraAdmin {
 public:
  virtual ~CameraAdmin() = default;
  // The camera's document, passwords left out, with "source": "config" (read-only, edit the
  // file) or "api". kNotFound when there is no such camera.
  virtual Result<std::string> Document(const std::string& id) const = 0;
  // Creates (`create`: kAlreadyExists when the id is taken) or replaces an API camera and
  // restarts only its pipeline. kFailedPrecondition for a camera of the config file.
  virtual CameraEdit Save(std::string_view document, bool create) = 0;
  // Stops and forgets an API camera; its recordings stay (retention's floor governs them).
  virtual Status Remove(const std::string& id) = 0;
  // Opens the stream once (blocks up to a few seconds). kInvalidArgument for a URL the
  // server must not open (not rtsp/rtsps/http/https).
  virtual Result<ingest::ProbeResult> Test(const ConnectionTest& test) const = 0;
};

}  // namespace anninh::serve
