#include "app/camera_document.h"

#include <cctype>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "app/config_camera.h"
#include "ingest/stream_options.h"

namespace anninh::app {

namespace {

using nlohmann::json;

constexpr const char* kSource = "(api)";

// JSON to the TOML the config reader knows. null stands for "not given".
void Put(toml::table& t, const std::string& key, const json& v);

toml::array ToArray(const json& a) {
  toml::array out;
  for (const json& v : a) {
    if (v.is_object()) {
      toml::table t;
      for (const auto& [k, item] : v.items()) Put(t, k, item);
      out.push_back(std::move(t));
    } else if (v.is_array()) {
      out.push_back(ToArray(v));
    } else if (v.is_string()) {
      out.push_back(v.get<std::string>());
    } else if (v.is_boolean()) {
      out.push_back(v.get<bool>());
    } else if (v.is_number_integer()) {
      out.push_back(v.get<std::int64_t>());
    } else if (v.is_number()) {
      out.push_back(v.get<double>());
    }
  }
  return out;
}

void Put(toml::table& t, const std::string& key, const json& v) {
  if (v.is_object()) {
    toml::table sub;
    for (const auto& [k, item] : v.items()) Put(sub, k, item);
    t.insert_or_assign(key, std::move(sub));
  } else if (v.is_array()) {
    t.insert_or_assign(key, ToArray(v));
  } else if (v.is_string()) {
    t.insert_or_assign(key, v.get<std::string>());
  } else if (v.is_boolean()) {
    t.insert_or_assign(key, v.get<bool>());
  } else if (v.is_number_integer()) {
    t.insert_or_assign(key, v.get<std::int64_t>());
  } else if (v.is_number()) {
    t.insert_or_assign(key, v.get<double>());
  }
}

std::string PercentDecode(const std::string& s) {
  std::string out;
  for (std::size_t i = 0; i < s.size(); ++i) {
    if (s[i] == '%' && i + 2 < s.size() && std::isxdigit(static_cast<unsigned char>(s[i + 1])) &&
        std::isxdigit(static_cast<unsigned char>(s[i + 2]))) {
      out += static_cast<char>(std::stoi(s.substr(i + 1, 2), nullptr, 16));
      i += 2;
    } else {
      out += s[i];
    }
  }
  return out;
}

// Moves "user:pass@" out of the stream's URL into its fields.
void SplitCredentials(json& stream) {
  if (!stream.is_object() || !stream.contains("url") || !stream["url"].is_string()) return;
  std::string url = stream["url"].get<std::string>();
  const auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) return;
  const auto host_start = scheme_end + 3;
  const auto authority_end = url.find_first_of("/?#", host_start);
  const std::string authority = url.substr(host_start, authority_end == std::string::npos ? std::string::npos
                                                                                            : authority_end - host_start);
  const auto at = authority.rfind('@');
  if (at == std::string::npos) return;
  const std::string userinfo = authority.substr(0, at);
  const auto colon = userinfo.find(':');
  stream["username"] = PercentDecode(userinfo.substr(0, colon));
  if (colon != std::string::npos) stream["password"] = PercentDecode(userinfo.substr(colon + 1));
  stream["url"] = url.substr(0, host_start) + url.substr(host_start + at + 1);
}

}  // namespace

CameraConfig ParseCameraDocument(const json& doc, const Config& config, std::vector<ConfigIssue>& issues) {
  if (!doc.is_object()) {
    issues.push_back({kSource, 0, "(document)", "must be a JSON object"});
    return {};
  }
  toml::table t;
  for (const auto& [k, v] : doc.items()) Put(t, k, v);
  CameraConfig cam = ReadCameraTable(t, kSource, config, issues);
  for (const auto* stream : {&cam.main, &cam.sub}) {
    if (stream->has_value() && !(*stream)->options.url.empty() && ingest::IsFileSource((*stream)->options.url)) {
      issues.push_back({kSource, 0, (*stream)->options.stream + ".url",
                        "must be an rtsp://, rtsps://, http:// or https:// address (files are named in the "
                        "config file only)"});
    }
  }
  if (doc.contains("analytics") && doc["analytics"].is_object() && doc["analytics"].contains("model")) {
    issues.push_back({kSource, 0, "analytics.model", "is set in the config file's [analytics] section only"});
  }
  return cam;
}

json WithSecrets(json incoming, const json* stored) {
  if (!incoming.is_object()) return incoming;
  incoming.erase("source");
  for (const char* name : {"main", "sub"}) {
    if (!incoming.contains(name) || !incoming[name].is_object()) continue;
    json& s = incoming[name];
    s.erase("password_set");
    SplitCredentials(s);
    const bool gave = s.contains("password") && !s["password"].is_null();
    if (!gave) s.erase("password");
    if (!gave && stored && stored->contains(name) && (*stored)[name].contains("password")) {
      s["password"] = (*stored)[name]["password"];
    }
  }
  return incoming;
}

json Redacted(json doc) {
  for (const char* name : {"main", "sub"}) {
    if (!doc.contains(name) || !doc[name].is_object()) continue;
    json& s = doc[name];
    const bool set = s.contains("password") && s["password"].is_string() && !s["password"].get<std::string>().empty();
    s.erase("password");
    s["password_set"] = set;
    if (s.contains("url") && s["url"].is_string()) s["url"] = ingest::RedactedUrl(s["url"].get<std::string>());
  }
  return doc;
}

json ToDocument(const CameraConfig& cam) {
  json doc = {{"id", cam.id},
              {"name", cam.name},
              {"area", cam.area},
              {"enabled", cam.enabled},
              {"retain_days", cam.retention.days},
              {"retain_gb", static_cast<double>(cam.retention.bytes) / 1e9},
              {"retain_event_days", cam.event_days},
              {"offline_after_s", static_cast<double>(cam.offline_after) / 1e9}};
  for (const auto* stream : {&cam.main, &cam.sub}) {
    if (!stream->has_value()) continue;
    const StreamConfig& sc = **stream;
    doc[sc.options.stream] = {{"url", ingest::RedactedUrl(sc.options.url)},
                              {"username", sc.options.username},
                              // A password written into the file's URL counts too.
                              {"password_set", !sc.options.password.empty() ||
                                                   ingest::RedactedUrl(sc.options.url) != sc.options.url},
                              {"record", sc.record},
                              {"transport", sc.options.transport == ingest::Transport::kUdp ? "udp" : "tcp"}};
  }
  const AnalyticsConfig& a = cam.analytics;
  auto points = [](const analytics::Polygon& p) {
    json out = json::array();
    for (const analytics::Point& pt : p) out.push_back({pt.x, pt.y});
    return out;
  };
  json an = {{"enabled", a.enabled}, {"stream", a.stream},     {"fps", a.fps},
             {"width", a.width},     {"detector", a.detector}, {"min_area", a.min_area},
             {"min_duration_s", a.min_duration_s}, {"motion_width", a.motion_width},
             {"decode", DecodeName(a.decode)}};
  an["zones"] = json::array();
  for (const auto& z : a.rules.zones) an["zones"].push_back({{"id", z.id}, {"points", points(z.polygon)}});
  an["masks"] = json::array();
  for (const auto& m : a.masks) an["masks"].push_back({{"points", points(m)}});
  an["privacy_masks"] = json::array();
  for (const auto& m : a.privacy_masks) an["privacy_masks"].push_back({{"points", points(m)}});
  an["lines"] = json::array();
  for (const auto& l : a.rules.lines) an["lines"].push_back({{"id", l.id}, {"points", points({l.a, l.b})}});
  an["rules"] = json::array();
  for (const auto& r : a.rules.rules) {
    const bool cross = r.kind == analytics::RuleKind::kCross;
    json j = {{"id", r.id},
              {"kind", cross ? "cross" : r.kind == analytics::RuleKind::kDwell ? "dwell" : "enter"},
              {cross ? "line" : "zone", r.target}};
    if (!r.classes.empty()) j["classes"] = r.classes;
    if (r.min_confidence > 0) j["min_confidence"] = r.min_confidence;
    if (r.kind == analytics::RuleKind::kDwell) j["dwell_s"] = static_cast<double>(r.dwell_ns) / 1e9;
    if (cross) j["direction"] = r.direction;
    if (r.schedule) {
      char text[32];  // 11 characters; room for any int the compiler imagines
      std::snprintf(text, sizeof(text), "%02d:%02d-%02d:%02d", r.schedule->start_minute / 60,
                    r.schedule->start_minute % 60, r.schedule->end_minute / 60, r.schedule->end_minute % 60);
      j["schedule"] = text;
    }
    an["rules"].push_back(std::move(j));
  }
  doc["analytics"] = std::move(an);
  return doc;
}

}  // namespace anninh::app
