// HTTPS: `anninh serve` with [http] tls_cert/tls_key speaks TLS 1.2+ only, with a real
// certificate made by the openssl command and a real client (curl).
#include <fstream>

#include <gtest/gtest.h>

#include "app/config.h"
#include "app/server.h"
#include "support/process.h"
#include "support/temp_dir.h"

namespace anninh {
namespace {

TEST(TlsTest, ServesHttpsOnlyWithTheConfiguredCertificate) {
  testing::TempDir dir;
  auto cert = testing::RunCommand("openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes "
                                  "-days 2 -subj /CN=localhost -keyout '" + (dir / "key.pem").string() +
                                  "' -out '" + (dir / "cert.pem").string() + "' 2>&1");
  ASSERT_EQ(cert.exit_code, 0) << cert.output;
  {
    std::ofstream f(dir / "anninh.toml");
    f << "[server]\ndata_dir = \"data\"\n[http]\nlisten = \"127.0.0.1:0\"\ntls_cert = \"cert.pem\"\n"
      << "tls_key = \"key.pem\"\n";
  }
  auto config = app::LoadConfig(dir / "anninh.toml");
  ASSERT_TRUE(config) << config.error().ToString();
  EXPECT_TRUE(config->secure_cookies) << "HTTPS marks the session cookie Secure";
  auto server = app::Server::Create(*config, SystemClock::Get());
  ASSERT_TRUE(server) << server.error().ToString();
  (*server)->Start();
  const std::string port = std::to_string((*server)->http_port());
  ASSERT_NE(port, "0");

  auto https = testing::RunCommand("curl -s --cacert '" + (dir / "cert.pem").string() +
                                   "' --resolve localhost:" + port + ":127.0.0.1 https://localhost:" + port + "/healthz");
  EXPECT_EQ(https.exit_code, 0) << https.output;
  EXPECT_NE(https.output.find("\"ok\""), std::string::npos) << https.output;
  auto plain = testing::RunCommand("curl -s -m 5 http://127.0.0.1:" + port + "/healthz");
  EXPECT_EQ(plain.output.find("\"ok\""), std::string::npos) << "plain HTTP must not be answered: " << plain.output;
  auto old = testing::RunCommand("curl -s -k -m 5 --tlsv1.1 --tls-max 1.1 https://127.0.0.1:" + port + "/healthz");
  EXPECT_NE(old.exit_code, 0) << "TLS 1.1 must be refused: " << old.output;
  (*server)->Stop();
}

TEST(TlsTest, AMissingKeyIsAConfigError) {
  testing::TempDir dir;
  std::ofstream(dir / "cert.pem") << "not really";
  std::ofstream(dir / "anninh.toml") << "[server]\ndata_dir = \"data\"\n[http]\ntls_cert = \"cert.pem\"\n"
                                     << "tls_key = \"missing.pem\"\n";
  auto config = app::LoadConfig(dir / "anninh.toml");
  ASSERT_FALSE(config);
  EXPECT_NE(config.error().message().find("tls_key: no file"), std::string::npos) << config.error().message();
}

}  // namespace
}  // namespace anninh
