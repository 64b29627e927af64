#include "app/config.h"
#include "app/config_camera.h"

#include "core/fs.h"
#include "core/sha256.h"
#include "serve/client_address.h"

#include <algorithm>
#include <array>
#include <cctype>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>
#include <string_view>

#include <toml++/toml.h>

namespace anninh::app {

namespace {

using Decode = AnalyticsConfig::Decode;
constexpr std::array<std::pair<std::string_view, Decode>, 3> kDecodes = {
    {{"all", Decode::kAll}, {"keyframes", Decode::kKeyframes}, {"adaptive", Decode::kAdaptive}}};

// An IANA zone name ("Asia/Ho_Chi_Minh", "UTC", "Etc/GMT-7"): it reaches the console, which
// hands it to Intl.DateTimeFormat, so only the characters such names use are accepted and a
// typo fails at start-up rather than as an exception in every browser.
bool ValidTimeZoneName(const std::string& z) {
  if (z.empty() || z.size() > 64 || z.front() == '/' || z.back() == '/') return false;
  if (z.find("..") != std::string::npos || z.find("//") != std::string::npos) return false;
  return std::all_of(z.begin(), z.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '/' || ch == '_' || ch == '-' || ch == '+';
  });
}

// Reads one TOML table, remembering which keys were read so the rest can be reported as
// unknown (a typo like "stall_timout_s" must not be silently ignored).
class TableReader {
 public:
  TableReader(const toml::table& table, std::string path, const std::string& file,
              std::vector<ConfigIssue>& issues)
      : table_(table), path_(std::move(path)), file_(file), issues_(issues) {}

  ~TableReader() {
    for (const auto& [key, node] : table_) {
      if (!read_.count(std::string(key.str()))) {
        Issue(node, std::string(key.str()), "unknown key");
      }
    }
  }

  std::string Key(std::string_view key) const {
    return path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  }

  int Line(const toml::node& node) const { return static_cast<int>(node.source().begin.line); }
  int Line() const { return static_cast<int>(table_.source().begin.line); }

  void Issue(const toml::node& node, std::string_view key, std::string message) {
    issues_.push_back({file_, Line(node), Key(key), std::move(message)});
  }
  void IssueHere(std::string_view key, std::string message) {
    issues_.push_back({file_, Line(), Key(key), std::move(message)});
  }

  const toml::node* Find(std::string_view key) {
    read_.insert(std::string(key));
    return table_.get(key);
  }

  std::string String(std::string_view key, std::string fallback, bool required = false) {
    const toml::node* n = Find(key);
    if (!n) {
      if (required) IssueHere(key, "is required");
      return fallback;
    }
    if (auto v = n->value<std::string>(); v && n->is_string()) return *v;
    Issue(*n, key, "must be a string");
    return fallback;
  }

  std::vector<std::string> Strings(std::string_view key) {
    const toml::node* n = Find(key);
    if (!n) return {};
    std::vector<std::string> out;
    const toml::array* a = n->as_array();
    if (a) {
      for (const toml::node& e : *a) {
        if (!e.is_string()) break;
        out.push_back(*e.value<std::string>());
      }
    }
    if (!a || out.size() != a->size()) {
      Issue(*n, key, "must be an array of strings");
      return {};
    }
    return out;
  }

  bool Bool(std::string_view key, bool fallback) {
    const toml::node* n = Find(key);
    if (!n) return fallback;
    if (n->is_boolean()) return *n->value<bool>();
    Issue(*n, key, "must be true or false");
    return fallback;
  }

  double Number(std::string_view key, double fallback, double min, double max) {
    const toml::node* n = Find(key);
    if (!n) return fallback;
    if (!n->is_number()) {
      Issue(*n, key, "must be a number");
      return fallback;
    }
    double v = *n->value<double>();
    if (v < min || v > max) {
      std::ostringstream msg;
      msg << "must be between " << min << " and " << max << " (got " << v << ")";
      Issue(*n, key, msg.str());
      return fallback;
    }
    return v;
  }

  // An array of strings; `present` says whether the key was there at all.
  const toml::table* Table(std::string_view key) {
    const toml::node* n = Find(key);
    if (!n) return nullptr;
    if (const toml::table* t = n->as_table()) return t;
    Issue(*n, key, "must be a table");
    return nullptr;
  }

  const toml::array* Array(std::string_view key) {
    const toml::node* n = Find(key);
    if (!n) return nullptr;
    if (const toml::array* a = n->as_array()) return a;
    Issue(*n, key, "must be an array of tables ([[" + std::string(key) + "]])");
    return nullptr;
  }

  const std::string& file() const { return file_; }
  std::vector<ConfigIssue>& issues() { return issues_; }

 private:
  const toml::table& table_;
  std::string path_;
  const std::string& file_;
  std::vector<ConfigIssue>& issues_;
  std::set<std::string> read_;
};

std::chrono::milliseconds Seconds(double s) {
  return std::chrono::milliseconds(static_cast<std::int64_t>(s * 1000));
}

// Checks a stream URL; returns an error message or empty.
std::string CheckUrl(const std::string& url, const std::filesystem::path& base_dir,
                     std::string& resolved) {
  resolved = url;
  if (url.empty()) return "must not be empty";
  auto scheme_end = url.find("://");
  if (scheme_end == std::string::npos) {
    std::filesystem::path p = url.rfind("file:", 0) == 0 ? url.substr(5) : url;
    if (p.is_relative()) p = base_dir / p;
    if (!std::filesystem::exists(p)) return "file not found: " + p.string();
    resolved = p.string();
    return {};
  }
  std::string scheme = url.substr(0, scheme_end);
  static const std::set<std::string> kSchemes = {"rtsp", "rtsps", "http", "https", "file"};
  if (!kSchemes.count(scheme)) {
    return "bad URL '" + ingest::RedactedUrl(url) +
           "': the scheme must be rtsp, rtsps, http, https or file";
  }
  if (scheme == "file") {
    std::filesystem::path p = url.substr(7);
    if (!std::filesystem::exists(p)) return "file not found: " + p.string();
    resolved = p.string();
    return {};
  }
  std::string rest = url.substr(scheme_end + 3);
  auto host_end = rest.find_first_of("/?#");
  std::string authority = rest.substr(0, host_end);
  auto at = authority.rfind('@');
  std::string host = at == std::string::npos ? authority : authority.substr(at + 1);
  if (host.empty() || host[0] == ':') return "bad URL '" + ingest::RedactedUrl(url) + "': no host";
  if (url.find_first_of(" \t\r\n") != std::string::npos) {
    return "bad URL '" + ingest::RedactedUrl(url) + "': contains whitespace";
  }
  return {};
}

struct IngestDefaults {
  double connect_timeout_s = 10;
  double stall_timeout_s = 10;
  double backoff_initial_s = 1;
  double backoff_max_s = 30;
};

IngestDefaults ReadIngestTimes(TableReader& r, const IngestDefaults& base) {
  IngestDefaults d;
  d.connect_timeout_s = r.Number("connect_timeout_s", base.connect_timeout_s, 0.5, 300);
  d.stall_timeout_s = r.Number("stall_timeout_s", base.stall_timeout_s, 0.5, 300);
  d.backoff_initial_s = r.Number("backoff_initial_s", base.backoff_initial_s, 0.1, 600);
  d.backoff_max_s = r.Number("backoff_max_s", base.backoff_max_s, 0.1, 3600);
  return d;
}

std::optional<StreamConfig> ReadStream(TableReader& cam, std::string_view which,
                                       const std::string& camera_id, const IngestDefaults& defaults,
                                       const std::filesystem::path& base_dir, bool record_default) {
  const toml::table* t = cam.Table(which);
  if (!t) return std::nullopt;
  TableReader r(*t, cam.Key(which), cam.file(), cam.issues());
  StreamConfig s;
  ingest::StreamOptions& o = s.options;
  o.camera_id = camera_id;
  o.stream = std::string(which);
  std::string url = r.String("url", "", /*required=*/true);
  if (!url.empty()) {
    std::string resolved;
    if (std::string err = CheckUrl(url, base_dir, resolved); !err.empty()) {
      r.Issue(*t->get("url"), "url", err);
    }
    o.url = resolved;
  }
  o.username = r.String("username", "");
  o.password = r.String("password", "");
  std::string transport = r.String("transport", "tcp");
  if (transport == "udp") {
    o.transport = ingest::Transport::kUdp;
  } else if (transport != "tcp") {
    r.Issue(*t->get("transport"), "transport", "must be \"tcp\" or \"udp\"");
  }
  o.loop = r.Bool("loop", false);
  o.realtime = r.Bool("realtime", true);
  s.record = r.Bool("record", record_default);
  IngestDefaults d = ReadIngestTimes(r, defaults);
  o.connect_timeout = Seconds(d.connect_timeout_s);
  o.stall_timeout = Seconds(d.stall_timeout_s);
  o.backoff_initial = Seconds(d.backoff_initial_s);
  o.backoff_max = Seconds(d.backoff_max_s);
  return s;
}

void ReadTables(const toml::table& root, const std::string& file,
                const std::filesystem::path& base_dir, Config& config,
                std::vector<ConfigIssue>& issues);
void ReadAlerts(TableReader& top, const std::filesystem::path& base_dir, Config& config);

}  // namespace

std::string ConfigIssue::ToString() const {
  return file + ":" + std::to_string(line) + ": " + key + ": " + message;
}

Config ParseConfig(std::string_view text, const std::string& file,
                   const std::filesystem::path& base_dir, std::vector<ConfigIssue>& issues) {
  Config config;
  config.file = file;
  toml::table root;
  try {
    root = toml::parse(text, file);
  } catch (const toml::parse_error& e) {
    issues.push_back({file, static_cast<int>(e.source().begin.line), "(syntax)",
                      std::string(e.description())});
    return config;
  }

  ReadTables(root, file, base_dir, config, issues);
  // Report in file order, as an editor would show them.
  std::stable_sort(issues.begin(), issues.end(),
                   [](const ConfigIssue& a, const ConfigIssue& b) { return a.line < b.line; });
  return config;
}

namespace {

void ReadAnalyticsSettings(TableReader& r, const toml::table& t, const std::filesystem::path& base_dir,
                           AnalyticsConfig& a);
void ReadCameraAnalytics(TableReader& cam, const Config& config, const std::filesystem::path& base_dir,
                         CameraConfig& camera);

const std::regex kIdPattern("[a-z0-9][a-z0-9_-]{0,62}");
const std::regex kAreaPattern("[A-Za-z0-9._-]{1,64}");

// One [[cameras]] entry (or an API document converted to a table), with the file's
// site-wide defaults from `config`. Duplicate ids are the caller's to check.
CameraConfig ReadCamera(TableReader& r, const toml::table& t, const std::filesystem::path& base_dir,
                        const Config& config) {
  const CameraDefaults& cd = config.camera_defaults;
  IngestDefaults defaults{cd.connect_timeout_s, cd.stall_timeout_s, cd.backoff_initial_s, cd.backoff_max_s};
  CameraConfig cam;
  cam.line = r.Line();
  cam.id = r.String("id", "", /*required=*/true);
  if (!cam.id.empty() && !std::regex_match(cam.id, kIdPattern)) {
    r.Issue(*t.get("id"), "id",
            "'" + cam.id + "' must be 1-63 lowercase letters, digits, '-' or '_' " +
                "(it names the camera's folder)");
  }
  cam.name = r.String("name", cam.id);
  cam.enabled = r.Bool("enabled", true);
  cam.area = r.String("area", "");
  if (!cam.area.empty() && !std::regex_match(cam.area, kAreaPattern)) {
    r.Issue(*t.get("area"), "area",
            "'" + cam.area + "' must be 1-64 letters, digits, '.', '_' or '-' (an id such as "
            "\"thon-dong\"; the village's name goes in the camera's name)");
  }
  cam.retention.days = r.Number("retain_days", cd.retention.days, 0, 36500);
  cam.retention.bytes = static_cast<std::uint64_t>(
      r.Number("retain_gb", static_cast<double>(cd.retention.bytes) / 1e9, 0, 1'000'000) * 1e9);
  cam.event_days = r.Number("retain_event_days", cd.event_days, 0, 36500);
  cam.offline_after = static_cast<WallNs>(
      r.Number("offline_after_s", static_cast<double>(cd.offline_after) / 1e9, 1, 86'400) * 1e9);
  cam.main = ReadStream(r, "main", cam.id, defaults, base_dir, /*record_default=*/true);
  cam.sub = ReadStream(r, "sub", cam.id, defaults, base_dir, /*record_default=*/false);
  if (!cam.main) r.IssueHere("main", "every camera needs a [cameras.main] stream with a url");
  ReadCameraAnalytics(r, config, base_dir, cam);
  return cam;
}

}  // namespace

CameraConfig ReadCameraTable(const toml::table& table, const std::string& file, const Config& config,
                             std::vector<ConfigIssue>& issues) {
  TableReader r(table, "", file, issues);
  return ReadCamera(r, table, config.file.parent_path(), config);
}

namespace {

void ReadTables(const toml::table& root, const std::string& file,
                const std::filesystem::path& base_dir, Config& config,
                std::vector<ConfigIssue>& issues) {
  TableReader top(root, "", file, issues);
  if (const toml::table* server = top.Table("server")) {
    TableReader r(*server, "server", file, issues);
    std::filesystem::path dir = r.String("data_dir", "data");
    config.data_dir = dir.is_relative() ? base_dir / dir : dir;
    config.log_level = r.String("log_level", "info");
    static const std::set<std::string> kLevels = {"trace", "debug", "info", "warn", "error"};
    if (!kLevels.count(config.log_level)) {
      r.Issue(*server->get("log_level"), "log_level",
              "must be one of trace, debug, info, warn, error");
    }
  } else {
    config.data_dir = base_dir / "data";
  }
  if (const toml::table* rec = top.Table("recording")) {
    TableReader r(*rec, "recording", file, issues);
    config.segmenter.segment_length =
        static_cast<std::int64_t>(r.Number("segment_seconds", 60, 2, 3600) * 90'000);
    config.segmenter.fragment_length =
        static_cast<std::int64_t>(r.Number("fragment_ms", 500, 100, 10'000) * 90);
    config.sync_interval =
        std::chrono::milliseconds(static_cast<std::int64_t>(r.Number("sync_interval_ms", 500, 50, 60'000)));
  }
  RetentionLimits retention_defaults;
  double event_days_default = 90;
  if (const toml::table* ret = top.Table("retention")) {
    TableReader r(*ret, "retention", file, issues);
    config.min_free_percent = r.Number("min_free_percent", 5, 0, 90);
    config.min_free_bytes =
        static_cast<std::uint64_t>(r.Number("min_free_gb", 2, 0, 1'000'000) * 1e9);
    config.retention_interval = Seconds(r.Number("interval_s", 10, 0.1, 3600));
    retention_defaults.days = r.Number("days", 30, 0, 36500);
    retention_defaults.bytes = static_cast<std::uint64_t>(r.Number("gb", 0, 0, 1'000'000) * 1e9);
    event_days_default = r.Number("event_days", event_days_default, 0, 36500);
  }
  auto ns = [](double seconds) { return static_cast<WallNs>(seconds * 1e9); };
  WallNs offline_default = 30 * kNsPerSecond;
  if (const toml::table* ev = top.Table("events")) {
    TableReader r(*ev, "events", file, issues);
    config.event_pre_roll = ns(r.Number("pre_roll_s", 5, 0, 300));
    config.event_post_roll = ns(r.Number("post_roll_s", 10, 0, 300));
    config.event_max_duration = ns(r.Number("max_duration_s", 600, 0, 86'400));
    config.event_cooldown = ns(r.Number("cooldown_s", 0, 0, 86'400));
    offline_default = ns(r.Number("offline_after_s", 30, 1, 86'400));
    // Per-rule cooldowns: [events.rule_cooldown_s] intrusion = 60
    if (const toml::table* per_rule = r.Table("rule_cooldown_s")) {
      TableReader rules(*per_rule, "events.rule_cooldown_s", file, issues);
      for (const auto& [key, node] : *per_rule) {
        const std::string rule(key.str());
        config.event_cooldowns[rule] = ns(rules.Number(rule, 0, 0, 86'400));
      }
    }
  }
  if (const toml::table* http = top.Table("http")) {
    TableReader r(*http, "http", file, issues);
    config.http_listen = r.String("listen", config.http_listen);
    if (!config.http_listen.empty() && config.http_listen.rfind(':') == std::string::npos) {
      r.Issue(*http->get("listen"), "listen", "must be HOST:PORT, e.g. \"127.0.0.1:8080\", or \"\"");
    }
    config.secure_cookies = r.Bool("secure_cookies", config.secure_cookies);
    // HTTPS: both files or neither; relative paths are beside the config file.
    for (auto [key, target] : {std::pair{"tls_cert", &config.tls_cert}, std::pair{"tls_key", &config.tls_key}}) {
      const std::string value = r.String(key, "");
      if (value.empty()) continue;
      *target = std::filesystem::path(value).is_absolute() ? std::filesystem::path(value) : base_dir / value;
      std::error_code ec;
      if (!std::filesystem::is_regular_file(*target, ec)) {
        r.Issue(*http->get(key), key, "no file " + target->string());
      }
    }
    if (config.tls_cert.empty() != config.tls_key.empty()) {
      r.IssueHere("tls_cert", "HTTPS needs both tls_cert and tls_key");
    }
    if (!config.tls_cert.empty()) config.secure_cookies = true;
    if (const toml::node* node = http->get("web_root")) {
      const std::string value = r.String("web_root", "");
      if (value.empty()) {
        config.web_root = std::filesystem::path();
      } else {
        config.web_root = std::filesystem::path(value).is_absolute() ? std::filesystem::path(value) : base_dir / value;
        std::error_code ec;
        if (!std::filesystem::is_regular_file(*config.web_root / "index.html", ec)) {
          r.Issue(*node, "web_root", "no index.html in " + config.web_root->string() + " (build web/ with `make web`)");
        }
      }
    }
    config.upload_limit = static_cast<std::size_t>(
        r.Number("upload_limit_mb", static_cast<double>(config.upload_limit >> 20), 1, 1024) * (1 << 20));
    config.trusted_proxies = r.Strings("trusted_proxies");
    if (auto trusted = serve::AddressSet::Parse(config.trusted_proxies); !trusted) {
      r.Issue(*http->get("trusted_proxies"), "trusted_proxies", trusted.error().message());
      config.trusted_proxies.clear();
    }
  }
  if (const toml::table* live = top.Table("live")) {
    TableReader r(*live, "live", file, issues);
    config.live_transcode = r.Bool("transcode", config.live_transcode);
    config.max_transcodes = static_cast<int>(r.Number("max_transcodes", config.max_transcodes, 0, 64));
  }
  if (const toml::table* rep = top.Table("reports")) {
    TableReader r(*rep, "reports", file, issues);
    config.reports_soffice = r.String("soffice", config.reports_soffice);
    config.reports_soffice_timeout =
        std::chrono::seconds(static_cast<long>(r.Number("soffice_timeout_s", 120, 5, 3600)));
    config.reports_workers = static_cast<int>(r.Number("workers", 1, 1, 8));
    config.reports_retention =
        std::chrono::seconds(static_cast<long>(r.Number("retention_hours", 24, 1, 24 * 90) * 3600));
  }
  if (const toml::table* site = top.Table("site")) {
    TableReader r(*site, "site", file, issues);
    config.site_name = r.String("name", config.site_name);
    config.time_zone = r.String("time_zone", config.time_zone);
    if (!ValidTimeZoneName(config.time_zone)) {
      r.IssueHere("time_zone", "must be an IANA zone name such as \"Asia/Ho_Chi_Minh\"");
      config.time_zone = "Asia/Ho_Chi_Minh";
    }
    config.analytics.rules.utc_offset_minutes =
        static_cast<int>(r.Number("utc_offset_hours", config.analytics.rules.utc_offset_minutes / 60.0, -12, 14) * 60);
  }
  if (const toml::table* an = top.Table("analytics")) {
    TableReader r(*an, "analytics", file, issues);
    ReadAnalyticsSettings(r, *an, base_dir, config.analytics);
  }
  IngestDefaults defaults;
  if (const toml::table* ing = top.Table("ingest")) {
    TableReader r(*ing, "ingest", file, issues);
    defaults = ReadIngestTimes(r, defaults);
    config.rtsp_client = r.String("rtsp_client", config.rtsp_client);
    if (config.rtsp_client != "native" && config.rtsp_client != "ffmpeg") {
      r.Issue(*ing->get("rtsp_client"), "rtsp_client", "must be \"native\" or \"ffmpeg\"");
    }
    config.loop_threads = static_cast<int>(r.Number("loop_threads", 1, 1, 64));
  }

  ReadAlerts(top, base_dir, config);

  CameraDefaults& cd = config.camera_defaults;
  cd.retention = retention_defaults;
  cd.event_days = event_days_default;
  cd.offline_after = offline_default;
  cd.connect_timeout_s = defaults.connect_timeout_s;
  cd.stall_timeout_s = defaults.stall_timeout_s;
  cd.backoff_initial_s = defaults.backoff_initial_s;
  cd.backoff_max_s = defaults.backoff_max_s;
  std::map<std::string, int> seen_ids;
  if (const toml::array* cams = top.Array("cameras")) {
    int index = 0;
    for (const toml::node& node : *cams) {
      std::string path = "cameras[" + std::to_string(index++) + "]";
      const toml::table* t = node.as_table();
      if (!t) {
        issues.push_back({file, static_cast<int>(node.source().begin.line), path, "must be a table"});
        continue;
      }
      TableReader r(*t, path, file, issues);
      CameraConfig cam = ReadCamera(r, *t, base_dir, config);
      if (!cam.id.empty() && std::regex_match(cam.id, kIdPattern)) {
        if (auto [it, fresh] = seen_ids.emplace(cam.id, r.Line(*t->get("id"))); !fresh) {
          r.Issue(*t->get("id"), "id",
                  "duplicate camera id '" + cam.id + "' (first defined on line " +
                      std::to_string(it->second) + ")");
        }
      }
      config.cameras.push_back(std::move(cam));
    }
  }
}

// ---- analytics: [analytics] defaults and each camera's [cameras.analytics] ----

// [[x, y], ...] in 0..1; returns false (with an issue) when it is not.
bool ReadPoints(TableReader& r, const toml::table& t, std::string_view key, std::size_t min_points,
                std::vector<analytics::Point>& out) {
  const toml::node* n = r.Find(key);
  if (!n) {
    r.IssueHere(key, "is required");
    return false;
  }
  const toml::array* a = n->as_array();
  bool ok = a != nullptr && a->size() >= min_points;
  if (ok) {
    for (const toml::node& p : *a) {
      const toml::array* xy = p.as_array();
      if (!xy || xy->size() != 2 || !(*xy)[0].is_number() || !(*xy)[1].is_number()) {
        ok = false;
        break;
      }
      const double x = *(*xy)[0].value<double>(), y = *(*xy)[1].value<double>();
      if (x < 0 || x > 1 || y < 0 || y > 1) {
        ok = false;
        break;
      }
      out.push_back({static_cast<float>(x), static_cast<float>(y)});
    }
  }
  if (!ok) {
    r.Issue(*t.get(key), key,
            "must be " + (min_points > 2 ? "at least " + std::to_string(min_points) + " " : std::string()) +
                "[x, y] points with x and y between 0 and 1 (fractions of the frame's width and height)");
  }
  return ok;
}

// "22:00-05:00" → minutes after midnight.
std::optional<analytics::Schedule> ParseSchedule(const std::string& text) {
  static const std::regex kPattern(R"(([01]?\d|2[0-3]):([0-5]\d)\s*-\s*([01]?\d|2[0-3]):([0-5]\d))");
  std::smatch m;
  if (!std::regex_match(text, m, kPattern)) return std::nullopt;
  return analytics::Schedule{std::stoi(m[1]) * 60 + std::stoi(m[2]), std::stoi(m[3]) * 60 + std::stoi(m[4])};
}

// The keys [analytics] and [cameras.analytics] share; `a` holds the defaults on entry.
void ReadAnalyticsSettings(TableReader& r, const toml::table& t, const std::filesystem::path& base_dir,
                           AnalyticsConfig& a) {
  a.enabled = r.Bool("enabled", a.enabled);
  a.fps = r.Number("fps", a.fps, 0.2, 30);
  a.width = static_cast<int>(r.Number("width", a.width, 64, 1920));
  a.motion_width = static_cast<int>(r.Number("motion_width", a.motion_width, 0, 1920));
  if (a.motion_width != 0 && a.motion_width < 32) r.Issue(*t.get("motion_width"), "motion_width", "must be 0 or at least 32");
  a.detector = r.String("detector", a.detector);
  if (a.detector != "hog" && a.detector != "dnn" && a.detector != "none") {
    r.Issue(*t.get("detector"), "detector", "must be \"hog\", \"dnn\" or \"none\"");
  }
  if (t.get("model")) {
    a.model = r.String("model", "");
    if (a.model.is_relative()) a.model = base_dir / a.model;
    if (!std::filesystem::is_regular_file(a.model)) r.Issue(*t.get("model"), "model", "no file " + a.model.string());
  }
  a.model_input = static_cast<int>(r.Number("model_input", a.model_input, 32, 2048));
  if (a.model_input % 32 != 0) r.Issue(*t.get("model_input"), "model_input", "must be a multiple of 32");
  a.confidence = r.Number("confidence", a.confidence, 0.01, 1);
  a.min_area = r.Number("min_area", a.min_area, 0, 0.5);
  a.min_duration_s = r.Number("min_duration_s", a.min_duration_s, 0, 60);
  const std::string decode = r.String("decode", std::string(DecodeName(a.decode)));
  const auto known = std::find_if(kDecodes.begin(), kDecodes.end(), [&](const auto& d) { return d.first == decode; });
  if (known == kDecodes.end()) {
    r.Issue(*t.get("decode"), "decode", "must be \"all\", \"keyframes\" or \"adaptive\"");
  } else {
    a.decode = known->second;
  }
}

void ReadCameraAnalytics(TableReader& cam, const Config& config, const std::filesystem::path& base_dir,
                         CameraConfig& camera) {
  camera.analytics = config.analytics;
  camera.analytics.stream = camera.sub ? "sub" : "main";
  const toml::table* t = cam.Table("analytics");
  if (!t) return;
  TableReader r(*t, cam.Key("analytics"), cam.file(), cam.issues());
  camera.analytics.enabled = true;  // a camera with an [cameras.analytics] table wants it
  ReadAnalyticsSettings(r, *t, base_dir, camera.analytics);
  camera.analytics.stream = r.String("stream", camera.analytics.stream);
  if (camera.analytics.stream != "main" && camera.analytics.stream != "sub") {
    r.Issue(*t->get("stream"), "stream", "must be \"main\" or \"sub\"");
  } else if (camera.analytics.stream == "sub" && !camera.sub) {
    r.Issue(*t->get("stream"), "stream", "the camera has no [cameras.sub] stream");
  }
  AnalyticsConfig& a = camera.analytics;
  std::set<std::string> ids;
  auto each = [&](std::string_view key, auto&& read) {
    const toml::array* arr = r.Array(key);
    if (!arr) return;
    int index = 0;
    for (const toml::node& node : *arr) {
      const std::string path = r.Key(key) + "[" + std::to_string(index++) + "]";
      const toml::table* item = node.as_table();
      if (!item) {
        cam.issues().push_back({cam.file(), static_cast<int>(node.source().begin.line), path, "must be a table"});
        continue;
      }
      TableReader ir(*item, path, cam.file(), cam.issues());
      read(ir, *item);
    }
  };
  auto read_id = [&](TableReader& ir, const toml::table& item) {
    std::string id = ir.String("id", "", /*required=*/true);
    if (!id.empty() && !ids.insert(id).second) ir.Issue(*item.get("id"), "id", "duplicate id '" + id + "' in this camera");
    return id;
  };
  each("zones", [&](TableReader& ir, const toml::table& item) {
    analytics::Zone z;
    z.id = read_id(ir, item);
    if (ReadPoints(ir, item, "points", 3, z.polygon)) a.rules.zones.push_back(std::move(z));
  });
  each("masks", [&](TableReader& ir, const toml::table& item) {
    analytics::Polygon p;
    if (ReadPoints(ir, item, "points", 3, p)) a.masks.push_back(std::move(p));
  });
  each("privacy_masks", [&](TableReader& ir, const toml::table& item) {
    analytics::Polygon p;
    if (ReadPoints(ir, item, "points", 3, p)) a.privacy_masks.push_back(std::move(p));
  });
  each("lines", [&](TableReader& ir, const toml::table& item) {
    analytics::Tripwire l;
    l.id = read_id(ir, item);
    std::vector<analytics::Point> ends;
    if (ReadPoints(ir, item, "points", 2, ends)) {
      if (ends.size() != 2) {
        ir.Issue(*item.get("points"), "points", "a line has exactly two points: [[x1, y1], [x2, y2]]");
      } else {
        l.a = ends[0];
        l.b = ends[1];
        a.rules.lines.push_back(std::move(l));
      }
    }
  });
  each("rules", [&](TableReader& ir, const toml::table& item) {
    analytics::Rule rule;
    rule.id = read_id(ir, item);
    const std::string kind = ir.String("kind", "", /*required=*/true);
    if (kind == "enter") rule.kind = analytics::RuleKind::kEnter;
    else if (kind == "dwell") rule.kind = analytics::RuleKind::kDwell;
    else if (kind == "cross") rule.kind = analytics::RuleKind::kCross;
    else if (!kind.empty()) ir.Issue(*item.get("kind"), "kind", "must be \"enter\", \"dwell\" or \"cross\"");
    const std::string target_key = rule.kind == analytics::RuleKind::kCross ? "line" : "zone";
    rule.target = ir.String(target_key, "", /*required=*/true);
    if (const toml::node* n = ir.Find("classes")) {
      static const std::set<std::string> kClasses = {"person", "vehicle", "car", "motorbike", "truck", "bicycle", "object"};
      const toml::array* arr = n->as_array();
      bool ok = arr != nullptr;
      if (arr) {
        for (const toml::node& c : *arr) {
          auto v = c.value<std::string>();
          if (!c.is_string() || !kClasses.count(*v)) {
            ok = false;
            break;
          }
          rule.classes.push_back(*v);
        }
      }
      if (!ok) ir.Issue(*n, "classes", "must be a list of person, vehicle, car, motorbike, truck, bicycle, object");
    }
    rule.min_confidence = static_cast<float>(ir.Number("min_confidence", 0, 0, 1));
    rule.dwell_ns = static_cast<std::int64_t>(ir.Number("dwell_s", 0, 0, 86400) * 1e9);
    if (rule.kind == analytics::RuleKind::kDwell && rule.dwell_ns <= 0) ir.IssueHere("dwell_s", "a dwell rule needs dwell_s > 0");
    rule.direction = ir.String("direction", "any");
    if (rule.direction != "any" && rule.direction != "left" && rule.direction != "right") {
      ir.Issue(*item.get("direction"), "direction", "must be \"left\", \"right\" or \"any\" (as seen from the line's first point looking at its second)");
    }
    if (const toml::node* n = item.get("schedule")) {
      const std::string text = ir.String("schedule", "");
      if (auto s = ParseSchedule(text)) rule.schedule = *s;
      else ir.Issue(*n, "schedule", "must be \"HH:MM-HH:MM\" in the site's local time, e.g. \"22:00-05:00\"");
    }
    a.rules.rules.push_back(std::move(rule));
  });
  // References between rules and shapes (the shapes' own faults were reported above).
  for (const auto& rule : a.rules.rules) {
    const bool line = rule.kind == analytics::RuleKind::kCross;
    const bool found = line ? std::any_of(a.rules.lines.begin(), a.rules.lines.end(), [&](const auto& l) { return l.id == rule.target; })
                            : std::any_of(a.rules.zones.begin(), a.rules.zones.end(), [&](const auto& z) { return z.id == rule.target; });
    if (!found && !rule.target.empty()) {
      r.IssueHere("rules", "rule '" + rule.id + "' names " + (line ? "line" : "zone") + " '" + rule.target +
                               "', which this camera does not define");
    }
  }
  if (a.enabled && a.detector == "dnn" && a.model.empty()) r.IssueHere("model", "detector = \"dnn\" needs a model file");
}

// Alert settings (docs/ref/config.md, "[alerts]").

// Which changes alert: a subset of "opened", "updated", "closed".
void ReadChanges(TableReader& r, alerts::RulePolicy& policy) {
  const toml::node* n = r.Find("on");
  if (!n) return;
  std::vector<std::string> on = r.Strings("on");
  policy.on_opened = policy.on_updated = policy.on_closed = false;
  for (const std::string& c : on) {
    if (c == "opened") policy.on_opened = true;
    else if (c == "updated") policy.on_updated = true;
    else if (c == "closed") policy.on_closed = true;
    else r.Issue(*n, "on", "'" + c + "' is not a change; use \"opened\", \"updated\" or \"closed\"");
  }
}

void ReadFilter(TableReader& r, alerts::SinkFilter& f) {
  f.cameras = r.Strings("cameras");
  f.rules = r.Strings("rules");
  f.classes = r.Strings("classes");
}

// A secret given inline (`key`) or read from a file (`key_file`, beside the config when
// relative), so the config itself can be world-readable. Trailing newlines are not part of it.
std::string ReadSecret(TableReader& r, const toml::table& t, const std::string& key,
                       const std::filesystem::path& base_dir) {
  std::string inline_value = r.String(key, "");
  const std::string file_key = key + "_file";
  std::string file = r.String(file_key, "");
  if (file.empty()) return inline_value;
  if (!inline_value.empty()) {
    r.Issue(*t.get(file_key), file_key, "give " + key + " or " + file_key + ", not both");
    return inline_value;
  }
  std::filesystem::path p = std::filesystem::path(file).is_absolute() ? std::filesystem::path(file) : base_dir / file;
  std::ifstream in(p, std::ios::binary);
  if (!in) {
    r.Issue(*t.get(file_key), file_key, "cannot read " + p.string());
    return {};
  }
  std::stringstream bytes;
  bytes << in.rdbuf();
  std::string value = bytes.str();
  while (!value.empty() && (value.back() == '\n' || value.back() == '\r')) value.pop_back();
  if (value.empty()) r.Issue(*t.get(file_key), file_key, p.string() + " is empty");
  return value;
}

void ReadMqtt(TableReader& alerts_reader, const toml::table& t, const std::filesystem::path& base_dir,
              alerts::MqttOptions& m) {
  TableReader r(t, alerts_reader.Key("mqtt"), alerts_reader.file(), alerts_reader.issues());
  m.enabled = r.Bool("enabled", true);
  m.host = r.String("host", m.host);
  if (m.host.empty()) r.Issue(*t.get("host"), "host", "must not be empty");
  m.port = static_cast<int>(r.Number("port", m.port, 1, 65535));
  m.client_id = r.String("client_id", "");
  m.username = r.String("username", "");
  m.password = ReadSecret(r, t, "password", base_dir);
  if (!m.password.empty() && m.username.empty()) r.IssueHere("username", "a password needs a username");
  if (std::string ca = r.String("ca_file", ""); !ca.empty()) {
    m.ca_file = std::filesystem::path(ca).is_absolute() ? std::filesystem::path(ca) : base_dir / ca;
    std::error_code ec;
    if (!std::filesystem::is_regular_file(m.ca_file, ec)) r.Issue(*t.get("ca_file"), "ca_file", "no file " + m.ca_file.string());
  }
  m.topic = r.String("topic", m.topic);
  m.status_topic = r.String("status_topic", m.status_topic);
  for (const char* key : {"topic", "status_topic"}) {
    const std::string& v = std::string_view(key) == "topic" ? m.topic : m.status_topic;
    // Wildcards are for subscribers; a publish to a topic holding them is refused by brokers.
    if (v.find_first_of("+#") != std::string::npos) r.Issue(*t.get(key), key, "must not contain '+' or '#'");
  }
  if (m.topic.empty()) r.Issue(*t.get("topic"), "topic", "must not be empty");
  m.qos = static_cast<int>(r.Number("qos", m.qos, 0, 2));
  m.buffer = static_cast<std::size_t>(r.Number("buffer", static_cast<double>(m.buffer), 1, 1'000'000));
  m.reconnect_initial = Seconds(r.Number("reconnect_initial_s", 1, 0.1, 600));
  m.reconnect_max = Seconds(r.Number("reconnect_max_s", 30, 0.1, 3600));
  m.keepalive_s = static_cast<int>(r.Number("keepalive_s", m.keepalive_s, 5, 3600));
  ReadFilter(r, m.filter);
}

void ReadWebhooks(TableReader& alerts_reader, const toml::array& hooks, const std::filesystem::path& base_dir,
                  std::vector<alerts::WebhookOptions>& out) {
  static const std::regex kName("[a-z0-9][a-z0-9_-]{0,62}");
  std::map<std::string, int> seen;
  int index = 0;
  for (const toml::node& node : hooks) {
    const std::string path = alerts_reader.Key("webhooks") + "[" + std::to_string(index++) + "]";
    const toml::table* t = node.as_table();
    if (!t) {
      alerts_reader.issues().push_back(
          {alerts_reader.file(), static_cast<int>(node.source().begin.line), path, "must be a table"});
      continue;
    }
    TableReader r(*t, path, alerts_reader.file(), alerts_reader.issues());
    alerts::WebhookOptions w;
    w.name = r.String("name", "", /*required=*/true);
    if (!w.name.empty()) {
      if (!std::regex_match(w.name, kName)) {
        r.Issue(*t->get("name"), "name", "'" + w.name + "' must be 1-63 lowercase letters, digits, '-' or '_'");
      } else if (auto [it, fresh] = seen.emplace(w.name, r.Line(*t->get("name"))); !fresh) {
        r.Issue(*t->get("name"), "name",
                "duplicate webhook name '" + w.name + "' (first on line " + std::to_string(it->second) + ")");
      }
    }
    w.url = r.String("url", "", /*required=*/true);
    if (!w.url.empty() && w.url.rfind("http://", 0) != 0 && w.url.rfind("https://", 0) != 0) {
      r.Issue(*t->get("url"), "url", "must start with http:// or https://");
    } else if (w.url.find_first_of(" \t\r\n") != std::string::npos) {
      r.Issue(*t->get("url"), "url", "contains whitespace");
    }
    w.secret = ReadSecret(r, *t, "secret", base_dir);
    // Unsigned alerts could be forged by anyone who can reach the receiver.
    if (w.secret.empty() && !t->get("secret_file")) r.IssueHere("secret", "every webhook needs a secret or secret_file");
    w.timeout = Seconds(r.Number("timeout_s", 10, 0.5, 300));
    w.retry.attempts = static_cast<int>(r.Number("attempts", w.retry.attempts, 1, 100));
    w.retry.initial = Seconds(r.Number("backoff_initial_s", 1, 0.05, 3600));
    w.retry.max = Seconds(r.Number("backoff_max_s", 60, 0.05, 86400));
    w.queue = static_cast<std::size_t>(r.Number("queue", static_cast<double>(w.queue), 1, 1'000'000));
    ReadFilter(r, w.filter);
    out.push_back(std::move(w));
  }
}

void ReadAlerts(TableReader& top, const std::filesystem::path& base_dir, Config& config) {
  alerts::AlertsOptions& a = config.alerts;
  a.site = config.site_name;
  a.dead_letter.path = config.data_dir / "alerts" / "dead-letter.jsonl";
  const toml::table* t = top.Table("alerts");
  if (!t) return;
  TableReader r(*t, "alerts", top.file(), top.issues());
  a.enabled = r.Bool("enabled", true);
  a.site = r.String("site", a.site);
  a.public_url = r.String("public_url", "");
  if (!a.public_url.empty() && a.public_url.rfind("http://", 0) != 0 && a.public_url.rfind("https://", 0) != 0) {
    r.Issue(*t->get("public_url"), "public_url", "must start with http:// or https://");
  }
  a.queue = static_cast<std::size_t>(r.Number("queue", static_cast<double>(a.queue), 1, 1'000'000));
  a.defaults.cooldown = Seconds(r.Number("cooldown_s", 60, 0, 86400));
  ReadChanges(r, a.defaults);
  if (std::string dl = r.String("dead_letter", ""); !dl.empty()) {
    // Inside the data folder only: the path comes from a file an operator edits, and the
    // server writes there.
    auto confined = fs::ConfinedPath(config.data_dir, dl);
    if (confined) {
      a.dead_letter.path = *confined;
    } else {
      r.Issue(*t->get("dead_letter"), "dead_letter", confined.error().message() + " (relative to data_dir)");
    }
  }
  a.dead_letter.max_bytes = static_cast<std::uint64_t>(r.Number("dead_letter_max_mb", 10, 0.01, 100'000) * 1e6);
  a.dead_letter.keep = static_cast<int>(r.Number("dead_letter_keep", 3, 0, 100));
  if (const toml::table* rules = r.Table("rules")) {
    TableReader rr(*rules, r.Key("rules"), top.file(), top.issues());
    for (const auto& [key, node] : *rules) {
      const std::string rule(key.str());
      const toml::table* rt = rr.Table(rule);
      if (!rt) continue;
      TableReader one(*rt, rr.Key(rule), top.file(), top.issues());
      alerts::RulePolicy policy = a.defaults;
      if (rule == "camera_offline" && !rt->get("on")) policy.on_closed = true;  // recovery is news
      policy.cooldown = Seconds(one.Number("cooldown_s", std::chrono::duration<double>(a.defaults.cooldown).count(), 0, 86400));
      ReadChanges(one, policy);
      a.rules[rule] = policy;
    }
  }
  if (const toml::table* mqtt = r.Table("mqtt")) ReadMqtt(r, *mqtt, base_dir, a.mqtt);
  if (const toml::array* hooks = r.Array("webhooks")) ReadWebhooks(r, *hooks, base_dir, a.webhooks);
}

}  // namespace

Result<Config> LoadConfig(const std::filesystem::path& path) {
  std::ifstream in(path);
  if (!in) return Fail(ErrorCode::kNotFound, "cannot read config file " + path.string());
  std::stringstream text;
  text << in.rdbuf();
  std::vector<ConfigIssue> issues;
  std::filesystem::path base = std::filesystem::absolute(path).parent_path();
  const std::string bytes = text.str();
  Config config = ParseConfig(bytes, path.string(), base, issues);
  config.sha256 = Sha256::HexOf(std::span(reinterpret_cast<const std::uint8_t*>(bytes.data()), bytes.size()));
  if (!issues.empty()) {
    std::string msg;
    for (const auto& i : issues) msg += (msg.empty() ? "" : "\n") + i.ToString();
    return Fail(ErrorCode::kInvalidArgument, msg);
  }
  return config;
}

std::string_view DecodeName(AnalyticsConfig::Decode decode) {
  for (const auto& [name, value] : kDecodes)
    if (value == decode) return name;
  return "all";
}

}  // namespace anninh::app
