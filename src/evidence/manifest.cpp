#include "evidence/manifest.h"

#include <ctime>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace anninh::evidence {

using nlohmann::json;

namespace {

json Time(WallNs t) { return json{{"iso", FormatIso8601Offset(t)}, {"ns", t}}; }

// Reading: each accessor throws json exceptions on a missing key or a wrong type; the
// caller turns them into one kDataLoss error that says which key.
template <typename T>
T Get(const json& j, const char* key) {
  if (!j.contains(key)) throw std::runtime_error(std::string("missing \"") + key + "\"");
  try {
    return j.at(key).get<T>();
  } catch (const json::exception&) {
    throw std::runtime_error(std::string("\"") + key + "\" has the wrong type");
  }
}

WallNs GetTime(const json& j, const char* key) { return Get<WallNs>(Get<json>(j, key), "ns"); }

}  // namespace

std::string FormatIso8601Offset(WallNs t) {
  WallNs secs = t / kNsPerSecond;
  WallNs ns = t % kNsPerSecond;
  if (ns < 0) {
    secs -= 1;
    ns += kNsPerSecond;
  }
  std::time_t tt = static_cast<std::time_t>(secs);
  std::tm tm{};
  localtime_r(&tt, &tm);
  long off = tm.tm_gmtoff / 60;
  char sign = off < 0 ? '-' : '+';
  if (off < 0) off = -off;
  return fmt::format("{:04}-{:02}-{:02}T{:02}:{:02}:{:02}.{:09}{}{:02}:{:02}", tm.tm_year + 1900,
                     tm.tm_mon + 1, tm.tm_mday, tm.tm_hour, tm.tm_min, tm.tm_sec, ns, sign,
                     off / 60, off % 60);
}

Result<std::string> SerializeManifest(const Manifest& m) {
  json segments = json::array();
  for (const ManifestSegment& s : m.segments) {
    segments.push_back({{"path", s.path}, {"start", Time(s.start)}, {"end", Time(s.end)},
                        {"bytes", s.bytes}, {"sha256", s.sha256}});
  }
  json files = json::array();
  for (const ManifestFile& f : m.files) {
    files.push_back({{"path", f.path}, {"bytes", f.bytes}, {"sha256", f.sha256}});
  }
  json j = {
      {"format", kManifestFormat},
      {"format_version", m.format_version},
      {"package", m.package_name},
      {"software", m.software},
      {"site", {{"name", m.site_name}, {"public_key", m.site_public_key}}},
      {"camera", {{"id", m.camera_id}, {"name", m.camera_name}}},
      {"stream", m.stream},
      {"requested_range", {{"from", Time(m.requested_from)}, {"to", Time(m.requested_to)}}},
      {"video_range", {{"from", Time(m.video_start)}, {"to", Time(m.video_end)}}},
      {"truncated_at_format_change", m.truncated_at_format_change},
      {"segments", std::move(segments)},
      {"files", std::move(files)},
      {"exported_by", m.exported_by},
      {"reason", m.reason},
      {"case_ref", m.case_ref ? json(*m.case_ref) : json(nullptr)},
      {"created_at", Time(m.created_at)},
  };
  // nlohmann's object is a std::map: keys come out sorted at every level. No indent, no
  // spaces, UTF-8 as is (ensure_ascii off), and invalid UTF-8 refused rather than replaced.
  try {
    return j.dump(-1, ' ', false, json::error_handler_t::strict);
  } catch (const json::exception& e) {
    return Fail(ErrorCode::kInvalidArgument,
                std::string("manifest text is not UTF-8: ") + e.what());
  }
}

Result<Manifest> ParseManifest(std::string_view bytes) {
  json j = json::parse(bytes, nullptr, /*allow_exceptions=*/false);
  if (j.is_discarded()) return Fail(ErrorCode::kDataLoss, "not valid JSON");
  if (!j.is_object()) return Fail(ErrorCode::kDataLoss, "not a JSON object");
  try {
    if (Get<std::string>(j, "format") != kManifestFormat) {
      return Fail(ErrorCode::kDataLoss, "not an anninh evidence manifest");
    }
    Manifest m;
    m.format_version = Get<int>(j, "format_version");
    if (m.format_version != kManifestFormatVersion) {
      return Fail(ErrorCode::kDataLoss,
                  fmt::format("format version {} is not one this build reads ({})",
                              m.format_version, kManifestFormatVersion));
    }
    m.package_name = Get<std::string>(j, "package");
    m.software = Get<std::string>(j, "software");
    const json site = Get<json>(j, "site");
    m.site_name = Get<std::string>(site, "name");
    m.site_public_key = Get<std::string>(site, "public_key");
    const json camera = Get<json>(j, "camera");
    m.camera_id = Get<std::string>(camera, "id");
    m.camera_name = Get<std::string>(camera, "name");
    m.stream = Get<std::string>(j, "stream");
    const json requested = Get<json>(j, "requested_range");
    m.requested_from = GetTime(requested, "from");
    m.requested_to = GetTime(requested, "to");
    const json video = Get<json>(j, "video_range");
    m.video_start = GetTime(video, "from");
    m.video_end = GetTime(video, "to");
    m.truncated_at_format_change = Get<bool>(j, "truncated_at_format_change");
    for (const json& s : Get<json>(j, "segments")) {
      m.segments.push_back({Get<std::string>(s, "path"), GetTime(s, "start"), GetTime(s, "end"),
                            Get<std::uint64_t>(s, "bytes"), Get<std::string>(s, "sha256")});
    }
    const json files = Get<json>(j, "files");
    if (!files.is_array()) throw std::runtime_error("\"files\" is not a list");
    for (const json& f : files) {
      m.files.push_back({Get<std::string>(f, "path"), Get<std::uint64_t>(f, "bytes"),
                         Get<std::string>(f, "sha256")});
    }
    m.exported_by = Get<std::string>(j, "exported_by");
    m.reason = Get<std::string>(j, "reason");
    if (j.contains("case_ref") && !j["case_ref"].is_null()) {
      m.case_ref = Get<std::string>(j, "case_ref");
    }
    m.created_at = GetTime(j, "created_at");
    return m;
  } catch (const std::exception& e) {
    return Fail(ErrorCode::kDataLoss, e.what());
  }
}

}  // namespace anninh::evidence
