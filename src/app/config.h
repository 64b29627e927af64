// The one TOML configuration file (docs/ref/config.md). Loading validates everything
// and reports every problem with file, line and key, so `anninh check-config` can show
// an operator all mistakes at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/clock.h"
#include "analytics/rules.h"
#include "alerts/options.h"
#include "core/error.h"
#include "ingest/stream_options.h"
#include "record/retention_policy.h"
#include "record/segmenter.h"

namespace anninh::app {

struct StreamConfig {
  ingest::StreamOptions options;
  bool record = true;
};

// How long a camera's recordings are kept; 0 means no limit of that kind. Defined by
// record (retention), which applies it.
using RetentionLimits = record::RetentionLimits;

// Video analytics for one camera (docs/ref/config.md, [analytics] and [cameras.analytics]):
// the site-wide defaults from [analytics], overridden per camera, plus its zones and rules.
struct AnalyticsConfig {
  bool enabled = false;
  std::string stream = "sub";  // the stream to decode: "sub" when the camera has one, else "main"
  double fps = 5;
  int width = 320;
  int motion_width = 160;  // the background model's picture: `width` shrunk to this (0: `width`)
  std::string detector = "hog";  // "hog", "dnn" or "none" (motion and shape only)
  std::filesystem::path model;   // detector = "dnn": a YOLO ONNX file
  int model_input = 640;
  double confidence = 0.4;
  double min_area = 0.0015;      // of the frame
  double min_duration_s = 0.4;   // seen this long before a rule may fire (2 pictures at 5 fps)
  // decode = "adaptive" (default): keyframes only while the scene is still, everything from
  // the GOP in which it changed on; "all": every reference picture; "keyframes": keyframes
  // only (very weak machines).
  enum class Decode { kAll, kKeyframes, kAdaptive } decode = Decode::kAdaptive;
  std::vector<analytics::Polygon> masks;
  // Blacked out in event pictures and never analysed (docs/design/0016-camera-admin.md says
  // what they do not cover: live video and recordings).
  std::vector<analytics::Polygon> privacy_masks;
  analytics::CameraRules rules;  // zones, lines, rules, the site's UTC offset
};

// "all", "keyframes" or "adaptive": the config file's and the camera document's word.
std::string_view DecodeName(AnalyticsConfig::Decode decode);

struct CameraConfig {
  std::string id;
  std::string name;
  // The village or tổ dân phố the camera serves: viewers assigned to that area see it.
  std::string area;
  bool enabled = true;
  RetentionLimits retention;
  // How long footage that shows an event, and the event itself, is kept
  // ([retention] event_days, or retain_event_days here); never less than `retention.days`.
  double event_days = 90;
  // Offline longer than this raises a camera_offline event ([events] offline_after_s, or
  // offline_after_s here).
  WallNs offline_after = 30 * kNsPerSecond;
  int line = 0;  // where it was defined, for messages
  // Added through the API and kept in the camera store, not the file: editable at run time
  // (docs/design/0016-camera-admin.md).
  bool stored = false;
  std::optional<StreamConfig> main;
  std::optional<StreamConfig> sub;
  AnalyticsConfig analytics;
};

// What a camera that does not say otherwise gets from the file's site-wide sections:
// [retention], [events] and [ingest]. Kept so cameras added through the API
// (camera_document.h) get the same defaults as the file's.
struct CameraDefaults {
  RetentionLimits retention{30, 0};
  double event_days = 90;
  WallNs offline_after = 30 * kNsPerSecond;
  double connect_timeout_s = 10;
  double stall_timeout_s = 10;
  double backoff_initial_s = 1;
  double backoff_max_s = 30;
};

struct Config {
  std::filesystem::path file;
  std::string sha256;  // of the file's bytes: the audit log notes when it changes
  std::filesystem::path data_dir;
  std::string log_level = "info";
  record::SegmenterConfig segmenter;
  std::chrono::milliseconds sync_interval{500};

  // [retention]: the site-wide free-space floor; per-camera limits are in CameraConfig.
  double min_free_percent = 5;
  std::uint64_t min_free_bytes = 2'000'000'000;
  std::chrono::milliseconds retention_interval{10'000};

  // [events] (docs/design/0009-events.md)
  WallNs event_pre_roll = 5 * kNsPerSecond;
  WallNs event_post_roll = 10 * kNsPerSecond;
  WallNs event_max_duration = 600 * kNsPerSecond;
  WallNs event_cooldown = 0;                    // every rule unless [events.rule_cooldown_s] names it
  std::map<std::string, WallNs> event_cooldowns;  // rule id -> cooldown

  // [http]
  std::string http_listen = "127.0.0.1:8080";  // "" disables the HTTP server
  bool secure_cookies = false;  // mark the session cookie Secure (HTTPS or a TLS proxy in front)
  std::filesystem::path tls_cert;  // PEM certificate chain; with tls_key: serve HTTPS
  std::filesystem::path tls_key;
  // The web console's built files. Unset: found beside the binary (ResolveWebRoot);
  // "" in the file turns the console off; a path must hold index.html.
  std::optional<std::filesystem::path> web_root;
  // Reverse proxies allowed to name the client (X-Forwarded-For / X-Real-IP) for the audit
  // log and login lockout: addresses or networks ("127.0.0.1", "10.0.0.0/8").
  std::vector<std::string> trusted_proxies;
  // The largest file an upload (attachments, photos, images) may be.
  std::size_t upload_limit = 32u << 20;

  // [live]: the on-demand H.264 view of H.265 streams, and how many may run at once (each
  // costs about one core of a small PC at 1280x720).
  bool live_transcode = true;
  int max_transcodes = 1;

  // [reports] (docs/design/0013-reports.md): LibreOffice for DOCX/PDF, how long one
  // conversion may take, how many reports run at once, how long finished files are kept.
  std::string reports_soffice = "soffice";
  std::chrono::seconds reports_soffice_timeout{120};
  int reports_workers = 1;
  std::chrono::seconds reports_retention{std::chrono::hours(24)};

  // [site]
  std::string site_name = "anninh";  // shown in authenticator apps and exports
  // The IANA zone the console shows dates in (Intl.DateTimeFormat); the server's own day
  // boundaries (health per day) use utc_offset_hours, exact for zones without DST.
  std::string time_zone = "Asia/Ho_Chi_Minh";

  // [ingest]: how rtsp:// streams over TCP are read, "native" (anninh's client on a
  // shared event loop of `loop_threads` threads) or "ffmpeg" (a thread per stream).
  std::string rtsp_client = "native";
  int loop_threads = 1;

  // [analytics]: defaults every camera's analytics starts from.
  AnalyticsConfig analytics;

  CameraDefaults camera_defaults;
  std::vector<CameraConfig> cameras;

  // [alerts], [alerts.mqtt], [[alerts.webhooks]], [alerts.rules.<rule>]: secrets already read
  // from their files, the dead-letter path resolved inside data_dir.
  alerts::AlertsOptions alerts;

  std::filesystem::path index_path() const { return data_dir / "index.db"; }
  std::filesystem::path recordings_dir() const { return data_dir / "recordings"; }
  std::filesystem::path audit_head_path() const { return data_dir / "audit.head"; }
  std::filesystem::path events_dir() const { return data_dir / "events"; }
};

struct ConfigIssue {
  std::string file;
  int line = 0;
  std::string key;  // dotted path, e.g. "cameras[2].main.url"
  std::string message;
  std::string ToString() const;  // "site.toml:12: cameras[2].main.url: ..."
};

// Parses TOML text. `file` names it in messages; relative paths in it are resolved
// against `base_dir`. Returns the config when `issues` stays empty.
Config ParseConfig(std::string_view text, const std::string& file,
                   const std::filesystem::path& base_dir, std::vector<ConfigIssue>& issues);

// Reads and parses a file; the error lists every issue, one per line.
Result<Config> LoadConfig(const std::filesystem::path& path);

}  // namespace anninh::app
