// What the alerts module is told to do, as plain values: the app fills these from the
// TOML ([alerts], [alerts.mqtt], [[alerts.webhooks]]; docs/ref/config.md) so this module
// never parses configuration and tests can build options directly.
#pragma once

#include <chrono>
#include <cstddef>
#include <filesystem>
#include <map>
#include <string>
#include <vector>

#include "events/event.h"

namespace anninh::alerts {

// Which alerts a sink wants. An empty list lets everything of that kind through.
struct SinkFilter {
  std::vector<std::string> cameras;
  std::vector<std::string> rules;
  std::vector<std::string> classes;  // object_class: person, vehicle, ...
  bool Matches(const events::Event& event) const;
};

// Per rule: which changes alert and how long the same camera+rule stays quiet after an alert.
struct RulePolicy {
  bool on_opened = true;
  bool on_updated = false;
  bool on_closed = false;
  std::chrono::milliseconds cooldown{60'000};
};

struct RetryOptions {
  int attempts = 5;  // including the first
  std::chrono::milliseconds initial{1'000};
  std::chrono::milliseconds max{60'000};
};

struct MqttOptions {
  bool enabled = false;
  std::string host = "127.0.0.1";
  int port = 1883;
  std::string client_id;  // empty: "anninh-<site>"
  std::string username, password;
  std::filesystem::path ca_file;  // non-empty: TLS, the broker's certificate checked against it
  // Placeholders {site} {camera} {rule} {zone} {class}; values are made topic-safe.
  std::string topic = "anninh/{site}/events/{camera}/{rule}";
  // camera_offline opens and closes publish {"online": false/true} here, retained, so a
  // dashboard that subscribes later still sees which cameras are down. Empty: off.
  std::string status_topic = "anninh/{site}/status/{camera}";
  int qos = 1;
  std::size_t buffer = 1000;  // messages kept while the broker is away; oldest dropped
  std::chrono::milliseconds reconnect_initial{1'000};
  std::chrono::milliseconds reconnect_max{30'000};
  int keepalive_s = 30;
  SinkFilter filter;
};

struct WebhookOptions {
  std::string name;  // for metrics, logs and dead letters
  std::string url;
  std::string secret;  // HMAC-SHA256 key; never logged
  std::chrono::milliseconds timeout{10'000};
  RetryOptions retry;
  std::size_t queue = 1000;  // alerts waiting for this endpoint; oldest dropped
  SinkFilter filter;
};

struct DeadLetterOptions {
  std::filesystem::path path;  // absolute, already confined by the caller (the app)
  std::uint64_t max_bytes = 10'000'000;  // rotate to .1 .. .keep when a write would pass it
  int keep = 3;
};

struct AlertsOptions {
  bool enabled = false;
  std::string site = "anninh";
  // Prefix of the links in each payload ("https://anninh.xa-a.vn"); empty: relative links.
  std::string public_url;
  std::size_t queue = 10'000;  // events waiting for the dispatcher thread
  RulePolicy defaults;
  std::map<std::string, RulePolicy> rules;  // by rule id, overriding `defaults`
  MqttOptions mqtt;
  std::vector<WebhookOptions> webhooks;
  DeadLetterOptions dead_letter;

  const RulePolicy& PolicyFor(const std::string& rule) const {
    auto it = rules.find(rule);
    return it == rules.end() ? defaults : it->second;
  }
};

}  // namespace anninh::alerts
