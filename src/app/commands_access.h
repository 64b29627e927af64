// The `anninh admin`, `anninh token` and `anninh audit` subcommands: people and the audit
// log from the server's own machine, for the first administrator and for auditors.
#pragma once

#include <string>

#include "app/config.h"
#include "core/clock.h"

namespace anninh::app {

struct AdminCreateOptions {
  std::string config_path;
  std::string username;
  std::string display_name;
  bool password_stdin = false;  // read the password from stdin (scripts) instead of prompting
};
int RunAdminCreate(const AdminCreateOptions& options);

struct TokenCreateOptions {
  std::string config_path;
  std::string username;
  std::string name;
  int days = 0;  // 0: never expires
};
int RunTokenCreate(const TokenCreateOptions& options);

int RunAuditVerify(const std::string& config_path);

// "cli:<login name>", the actor the CLI writes in the audit log.
std::string CliActor();
// Writes one audit entry for a CLI action; false (after printing why) when it could not.
bool AuditFromCli(const Config& config, const std::string& action, const std::string& camera, WallNs from,
                  WallNs to, const std::string& detail);

}  // namespace anninh::app
