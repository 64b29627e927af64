#include "app/config.h"

#include "core/sha256.h"
#include "serve/client_address.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <regex>
#include <set>
#include <sstream>

#include <toml++/toml.h>

namespace anninh::app {

namespace {

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
  if (const toml::table* ret = top.Table("retention")) {
    TableReader r(*ret, "retention", file, issues);
    config.min_free_percent = r.Number("min_free_percent", 5, 0, 90);
    config.min_free_bytes =
        static_cast<std::uint64_t>(r.Number("min_free_gb", 2, 0, 1'000'000) * 1e9);
    config.retention_interval = Seconds(r.Number("interval_s", 10, 0.1, 3600));
    retention_defaults.days = r.Number("days", 30, 0, 36500);
    retention_defaults.bytes = static_cast<std::uint64_t>(r.Number("gb", 0, 0, 1'000'000) * 1e9);
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
  if (const toml::table* site = top.Table("site")) {
    TableReader r(*site, "site", file, issues);
    config.site_name = r.String("name", config.site_name);
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

  static const std::regex kIdPattern("[a-z0-9][a-z0-9_-]{0,62}");
  static const std::regex kAreaPattern("[A-Za-z0-9._-]{1,64}");
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
      CameraConfig cam;
      cam.line = r.Line();
      cam.id = r.String("id", "", /*required=*/true);
      if (!cam.id.empty()) {
        if (!std::regex_match(cam.id, kIdPattern)) {
          r.Issue(*t->get("id"), "id",
                  "'" + cam.id + "' must be 1-63 lowercase letters, digits, '-' or '_' " +
                      "(it names the camera's folder)");
        } else if (auto [it, fresh] = seen_ids.emplace(cam.id, r.Line(*t->get("id"))); !fresh) {
          r.Issue(*t->get("id"), "id",
                  "duplicate camera id '" + cam.id + "' (first defined on line " +
                      std::to_string(it->second) + ")");
        }
      }
      cam.name = r.String("name", cam.id);
      cam.enabled = r.Bool("enabled", true);
      cam.area = r.String("area", "");
      if (!cam.area.empty() && !std::regex_match(cam.area, kAreaPattern)) {
        r.Issue(*t->get("area"), "area",
                "'" + cam.area + "' must be 1-64 letters, digits, '.', '_' or '-' (an id such as "
                "\"thon-dong\"; the village's name goes in the camera's name)");
      }
      cam.retention.days = r.Number("retain_days", retention_defaults.days, 0, 36500);
      cam.retention.bytes = static_cast<std::uint64_t>(
          r.Number("retain_gb", static_cast<double>(retention_defaults.bytes) / 1e9, 0, 1'000'000) * 1e9);
      cam.main = ReadStream(r, "main", cam.id, defaults, base_dir, /*record_default=*/true);
      cam.sub = ReadStream(r, "sub", cam.id, defaults, base_dir, /*record_default=*/false);
      if (!cam.main) r.IssueHere("main", "every camera needs a [cameras.main] stream with a url");
      config.cameras.push_back(std::move(cam));
    }
  }
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

}  // namespace anninh::app
