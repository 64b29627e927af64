#include "alerts_test_support.h"

#include <arpa/inet.h>
#include <mosquitto.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <fstream>
#include <thread>

namespace anninh::alerts::testing {

namespace {
sockaddr_in Loopback(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<std::uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}
}  // namespace

events::Event TestEvent(std::int64_t id, std::string camera, std::string rule) {
  events::Event e;
  e.id = id;
  e.camera_id = std::move(camera);
  e.rule = std::move(rule);
  e.zone = "san";
  e.object_class = "person";
  e.start_ns = 1'764'374'400'000'000'000 + id;
  e.peak_confidence = 0.9f;
  return e;
}

int FreePort() {
  int fd = ::socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in a = Loopback(0);
  ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
  socklen_t len = sizeof a;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
  ::close(fd);
  return ntohs(a.sin_port);
}

bool WaitForListener(int port, std::chrono::milliseconds timeout) {
  const auto end = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < end) {
    int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a = Loopback(port);
    const bool ok = ::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) == 0;
    ::close(fd);
    if (ok) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return false;
}

Broker::Broker(int port, const std::string& username, const std::string& password) : port_(port) {
  const auto conf = dir_ / "mosquitto.conf";
  std::ofstream out(conf);
  out << "listener " << port << " 127.0.0.1\npersistence false\nlog_dest stderr\nlog_type error\n";
  if (username.empty()) {
    out << "allow_anonymous true\n";
  } else {
    const auto passwd = dir_ / "passwd";
    anninh::testing::RunCommand("/usr/bin/mosquitto_passwd -b -c " + passwd.string() + " " + username + " " + password);
    // Run as root, mosquitto drops to the "mosquitto" user before reading the file: let it in.
    std::filesystem::permissions(dir_.path(), std::filesystem::perms::others_exec | std::filesystem::perms::group_exec,
                                 std::filesystem::perm_options::add);
    std::filesystem::permissions(passwd, std::filesystem::perms::others_read, std::filesystem::perm_options::add);
    out << "allow_anonymous false\npassword_file " << passwd.string() << "\n";
  }
  out.close();
  process_ = std::make_unique<Process>(std::vector<std::string>{"/usr/sbin/mosquitto", "-c", conf.string()});
  ready_ = WaitForListener(port, std::chrono::seconds(10));
}

Subscriber::Subscriber(int port, const std::string& filter) {
  mosquitto_lib_init();
  mosq_ = mosquitto_new(nullptr, true, this);
  mosquitto_message_callback_set(mosq_, [](mosquitto*, void* self, const mosquitto_message* m) {
    auto* s = static_cast<Subscriber*>(self);
    std::lock_guard lock(s->mu_);
    s->messages_.push_back({m->topic, std::string(static_cast<const char*>(m->payload),
                                                  static_cast<std::size_t>(m->payloadlen)),
                            m->retain, m->qos});
    s->cv_.notify_all();
  });
  mosquitto_subscribe_callback_set(mosq_, [](mosquitto*, void* self, int, int, const int*) {
    auto* s = static_cast<Subscriber*>(self);
    std::lock_guard lock(s->mu_);
    s->subscribed_ = true;
    s->cv_.notify_all();
  });
  if (mosquitto_connect(mosq_, "127.0.0.1", port, 30) != MOSQ_ERR_SUCCESS) return;
  if (mosquitto_subscribe(mosq_, nullptr, filter.c_str(), 1) != MOSQ_ERR_SUCCESS) return;
  mosquitto_loop_start(mosq_);
  std::unique_lock lock(mu_);
  ready_ = cv_.wait_for(lock, std::chrono::seconds(10), [&] { return subscribed_; });
}

Subscriber::~Subscriber() {
  mosquitto_disconnect(mosq_);
  mosquitto_loop_stop(mosq_, false);
  mosquitto_destroy(mosq_);
}

std::vector<Received> Subscriber::WaitFor(std::size_t n, std::chrono::milliseconds timeout) {
  std::unique_lock lock(mu_);
  cv_.wait_for(lock, timeout, [&] { return messages_.size() >= n; });
  return messages_;
}

WebhookReceiver::WebhookReceiver(const std::string& secret) {
  process_ = std::make_unique<Process>(
      std::vector<std::string>{"/usr/bin/python3", ANNINH_ALERTS_TESTDATA "/webhook_receiver.py", secret});
  if (auto line = process_->ReadLine(std::chrono::seconds(10)); line && line->rfind("PORT ", 0) == 0) {
    port_ = std::stoi(line->substr(5));
  }
}

nlohmann::json WebhookReceiver::Next(std::chrono::milliseconds timeout) {
  auto line = process_->ReadLine(timeout);
  if (!line) return nullptr;
  return nlohmann::json::parse(*line);
}

TcpProxy::TcpProxy(int listen, int target) {
  process_ = std::make_unique<Process>(std::vector<std::string>{
      "/usr/bin/python3", ANNINH_ALERTS_TESTDATA "/tcp_proxy.py", std::to_string(listen), std::to_string(target)});
  auto line = process_->ReadLine(std::chrono::seconds(10));
  ready_ = line && *line == "READY";
}

}  // namespace anninh::alerts::testing
