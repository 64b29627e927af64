#include "app/commands_access.h"

#include <pwd.h>
#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <optional>
#include <utility>

#include <fmt/format.h>

#include "access/access_control.h"
#include "access/audit_log.h"
#include "app/config.h"
#include "core/clock.h"
#include "core/fs.h"
#include "core/log.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"

namespace anninh::app {

namespace {

// Stores and services the access commands need, opened on the config's database (WAL:
// safe beside a running server).
struct AccessStack {
  std::unique_ptr<store::sqlite::SqliteAccessStore> store;
  std::unique_ptr<store::sqlite::SqliteAuditStore> audit_store;
  std::unique_ptr<access::AuditLog> audit;
  std::unique_ptr<access::AccessControl> access;
};

Result<AccessStack> OpenAccess(const Config& config) {
  if (auto s = fs::MakeDirsDurable(config.data_dir); !s) return Fail(std::move(s).error());
  AccessStack st;
  auto store = store::sqlite::SqliteAccessStore::Open(config.index_path());
  if (!store) return Fail(std::move(store).error());
  st.store = std::move(*store);
  auto audit_store = store::sqlite::SqliteAuditStore::Open(config.index_path());
  if (!audit_store) return Fail(std::move(audit_store).error());
  st.audit_store = std::move(*audit_store);
  auto audit = access::AuditLog::Open(*st.audit_store, config.audit_head_path(), SystemClock::Get());
  if (!audit) return Fail(std::move(audit).error());
  st.audit = std::move(*audit);
  st.access = std::make_unique<access::AccessControl>(*st.store, *st.audit, SystemClock::Get(),
                                                      access::AccessOptions{});
  return st;
}

// The config and the access stack for a command named `verb`; prints why not and sets the
// exit code otherwise.
std::optional<std::pair<Config, AccessStack>> Prepare(const std::string& config_path, const char* verb, int& exit) {
  auto config = LoadConfig(config_path);
  if (!config) {
    std::cerr << config.error().message() << "\n";
    exit = 2;
    return std::nullopt;
  }
  log::Init("warn");
  auto stack = OpenAccess(*config);
  if (!stack) {
    std::cerr << verb << ": " << stack.error().ToString() << "\n";
    exit = 1;
    return std::nullopt;
  }
  return std::make_pair(std::move(*config), std::move(*stack));
}

// One line from stdin; at a terminal without echo.
std::string ReadSecretLine(const std::string& prompt) {
  const bool tty = ::isatty(STDIN_FILENO) != 0;
  termios old{};
  if (tty) {
    std::cerr << prompt << std::flush;
    ::tcgetattr(STDIN_FILENO, &old);
    termios quiet = old;
    quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    ::tcsetattr(STDIN_FILENO, TCSANOW, &quiet);
  }
  std::string line;
  std::getline(std::cin, line);
  if (tty) {
    ::tcsetattr(STDIN_FILENO, TCSANOW, &old);
    std::cerr << "\n";
  }
  return line;
}

}  // namespace

std::string CliActor() {
  const passwd* pw = ::getpwuid(::geteuid());
  return std::string("cli:") + (pw != nullptr ? pw->pw_name : std::to_string(::geteuid()));
}

bool AuditFromCli(const Config& config, const std::string& action, const std::string& camera, WallNs from,
                  WallNs to, const std::string& detail) {
  auto audit_store = store::sqlite::SqliteAuditStore::Open(config.index_path());
  if (!audit_store) {
    std::cerr << "audit: " << audit_store.error().ToString() << "\n";
    return false;
  }
  auto audit = access::AuditLog::Open(**audit_store, config.audit_head_path(), SystemClock::Get());
  Status s = audit ? (*audit)->Record({CliActor(), action, camera, from, to, detail, "local"})
                   : Status(Fail(std::move(audit).error()));
  if (!s) std::cerr << "audit: " << s.error().ToString() << "\n";
  return s.has_value();
}

int RunAdminCreate(const AdminCreateOptions& o) {
  int exit = 0;
  auto prepared = Prepare(o.config_path, "admin create", exit);
  if (!prepared) return exit;
  AccessStack* stack = &prepared->second;
  std::string password;
  if (o.password_stdin || ::isatty(STDIN_FILENO) == 0) {
    password = ReadSecretLine("");
  } else {
    password = ReadSecretLine("Password for " + o.username + ": ");
    if (ReadSecretLine("Again: ") != password) {
      std::cerr << "admin create: the passwords differ\n";
      return 2;
    }
  }
  auto created = stack->access->CreateAccount({CliActor(), "local"},
                                              {o.username, o.display_name, password, "admin", {}, {}});
  if (!created) {
    std::cerr << "admin create: " << created.error().message() << "\n";
    return created.error().code() == ErrorCode::kInvalidArgument ||
                   created.error().code() == ErrorCode::kAlreadyExists
               ? 2
               : 1;
  }
  std::cout << fmt::format("administrator '{}' created (id {})\n", created->username, created->id);
  return 0;
}

int RunTokenCreate(const TokenCreateOptions& o) {
  int exit = 0;
  auto prepared = Prepare(o.config_path, "token create", exit);
  if (!prepared) return exit;
  AccessStack* stack = &prepared->second;
  auto account = stack->store->AccountByName(o.username);
  if (!account || !*account) {
    std::cerr << "token create: no account '" << o.username << "'\n";
    return 2;
  }
  auto token = stack->access->CreateToken({CliActor(), "local"}, (*account)->id, o.name,
                                          std::chrono::seconds(std::int64_t{o.days} * 86400));
  if (!token) {
    std::cerr << "token create: " << token.error().message() << "\n";
    return 2;
  }
  // Only the token on stdout, so scripts can capture it; it is shown this once.
  std::cout << token->token << "\n";
  return 0;
}

int RunAuditVerify(const std::string& config_path) {
  auto config = LoadConfig(config_path);
  if (!config) {
    std::cerr << config.error().message() << "\n";
    return 2;
  }
  log::Init("warn");
  auto audit_store = store::sqlite::SqliteAuditStore::Open(config->index_path());
  if (!audit_store) {
    std::cerr << "audit verify: " << audit_store.error().ToString() << "\n";
    return 2;
  }
  auto report = access::VerifyAudit(**audit_store, config->audit_head_path());
  if (!report) {
    std::cerr << "audit verify: " << report.error().ToString() << "\n";
    return 2;
  }
  for (const auto& f : report->findings) std::cout << fmt::format("entry {}: {}\n", f.seq, f.problem);
  if (!report->ok()) {
    std::cout << fmt::format("audit log ALTERED: {} problem(s) in {} entries\n", report->findings.size(),
                             report->entries);
    return 1;
  }
  std::cout << fmt::format("audit log intact: {} entries\n", report->entries);
  return 0;
}

}  // namespace anninh::app
