#include "app/camera_admin.h"

#include <algorithm>

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include "app/camera_document.h"
#include "app/server.h"
#include "store/camera_store.h"

namespace anninh::app {

namespace {

using nlohmann::json;

// A test answers within this, whatever the camera does: the form waits on it.
constexpr std::chrono::milliseconds kTestTimeout{5000};

std::optional<CameraConfig> Find(const std::vector<CameraConfig>& cameras, const std::string& id) {
  auto it = std::find_if(cameras.begin(), cameras.end(), [&](const CameraConfig& c) { return c.id == id; });
  if (it == cameras.end()) return std::nullopt;
  return *it;
}

Error FromFile(const std::string& id) {
  return Error(ErrorCode::kFailedPrecondition,
               "camera " + id + " is defined in the config file; change it there (anninh check-config, then restart)");
}

}  // namespace

Result<std::string> ServerCameraAdmin::Document(const std::string& id) const {
  auto cam = Find(server_.Cameras(), id);
  if (!cam) return Fail(ErrorCode::kNotFound, "no camera " + id);
  json doc;
  if (cam->stored) {
    auto row = server_.camera_store().Get(id);
    if (!row) return Fail(std::move(row).error());
    if (!row->has_value()) return Fail(ErrorCode::kNotFound, "no camera " + id);
    doc = Redacted(json::parse((*row)->document, nullptr, false));
    doc["source"] = "api";
  } else {
    doc = ToDocument(*cam);
    doc["source"] = "config";
  }
  return doc.dump();
}

serve::CameraEdit ServerCameraAdmin::Save(std::string_view document, bool create) {
  std::lock_guard lock(mu_);
  serve::CameraEdit out;
  json incoming = json::parse(document, nullptr, false);
  const std::string id = incoming.is_object() && incoming.contains("id") && incoming["id"].is_string()
                             ? incoming["id"].get<std::string>() : "";
  const auto existing = id.empty() ? std::nullopt : Find(server_.Cameras(), id);
  if (existing && !existing->stored) {
    out.status = Fail(FromFile(id));
    return out;
  }
  if (create && existing) {
    out.status = Fail(Error(ErrorCode::kAlreadyExists, "a camera with id '" + id + "' exists").WithField("id"));
    return out;
  }
  if (!create && !existing) {
    out.status = Fail(ErrorCode::kNotFound, "no camera " + id);
    return out;
  }
  std::optional<json> stored;
  if (existing) {
    auto row = server_.camera_store().Get(id);
    if (!row) {
      out.status = Fail(std::move(row).error());
      return out;
    }
    if (row->has_value()) stored = json::parse((*row)->document, nullptr, false);
  }
  json doc = WithSecrets(std::move(incoming), stored ? &*stored : nullptr);
  std::vector<ConfigIssue> issues;
  CameraConfig cam = ParseCameraDocument(doc, server_.config(), issues);
  for (const ConfigIssue& i : issues) out.issues.push_back({i.key, i.message});
  if (!issues.empty()) return out;
  cam.stored = true;
  // Stored first: a camera that runs is one that survives a restart. If applying fails
  // (its analysis cannot be built), the store goes back to what it held.
  if (auto s = server_.camera_store().Put(id, doc.dump(), server_.clock().Now()); !s) {
    out.status = Fail(std::move(s).error());
    return out;
  }
  if (auto s = server_.ApplyCamera(cam); !s) {
    Status undo = stored ? server_.camera_store().Put(id, stored->dump(), server_.clock().Now())
                         : server_.camera_store().Delete(id);
    if (!undo) spdlog::error("camera {}: could not undo a failed save: {}", id, undo.error().ToString());
    out.status = Fail(std::move(s).error());
    return out;
  }
  out.document = Redacted(doc).dump();
  return out;
}

Status ServerCameraAdmin::Remove(const std::string& id) {
  std::lock_guard lock(mu_);
  auto cam = Find(server_.Cameras(), id);
  if (!cam) return Fail(ErrorCode::kNotFound, "no camera " + id);
  if (!cam->stored) return Fail(FromFile(id));
  if (auto s = server_.camera_store().Delete(id); !s) return s;
  return server_.RemoveCamera(id);
}

Result<ingest::ProbeResult> ServerCameraAdmin::Test(const serve::ConnectionTest& test) const {
  const auto scheme_end = test.url.find("://");
  const std::string scheme = scheme_end == std::string::npos ? "" : test.url.substr(0, scheme_end);
  if (scheme != "rtsp" && scheme != "rtsps" && scheme != "http" && scheme != "https") {
    return Fail(Error(ErrorCode::kInvalidArgument, "the address must start with rtsp://, rtsps://, http:// or https://")
                    .WithField("url"));
  }
  ingest::StreamOptions o;
  o.url = test.url;
  o.username = test.username;
  o.password = test.password;
  o.connect_timeout = kTestTimeout;
  // The edit form holds no password: with none given, the stored one of the camera's
  // stream is used, and only for that stream's own address (never lent to another host).
  if (o.password.empty() && !test.camera_id.empty()) {
    if (auto cam = Find(server_.Cameras(), test.camera_id)) {
      const std::optional<StreamConfig>& s = test.stream == "sub" ? cam->sub : cam->main;
      if (s && s->options.url == test.url) {
        if (o.username.empty()) o.username = s->options.username;
        if (o.username == s->options.username) o.password = s->options.password;
      }
    }
  }
  return ingest::Probe(o);
}

}  // namespace anninh::app
