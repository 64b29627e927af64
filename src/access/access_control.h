// Who may sign in and who is asking: accounts, sign-in with lockout, browser sessions,
// API tokens, the first-run setup token, and the Principal every request is checked
// against. Storage is an AccessStore; every change and every sign-in (failed too) is
// written to the audit log.
//
// Thread-safe.
#pragma once

#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "access/audit_log.h"
#include "access/password.h"
#include "access/rights.h"
#include "core/clock.h"
#include "store/access_store.h"

namespace anninh::access {

struct AccessOptions {
  PasswordCost password_cost = PasswordCost::Interactive();
  // QCVN 135:2024 asks for a lock after repeated failures. After `lockout_threshold`
  // failures in a row the account is locked for `lockout_base`, doubling with each further
  // failure up to `lockout_max`; a successful sign-in resets the count.
  int lockout_threshold = 5;
  std::chrono::seconds lockout_base{60};
  std::chrono::seconds lockout_max{3600};
  // A session ends after `session_idle` without a request, and `session_max` after sign-in.
  std::chrono::seconds session_idle{2 * 3600};
  std::chrono::seconds session_max{12 * 3600};
  // last_seen is written at most this often, not on every request.
  std::chrono::seconds touch_interval{60};
};

struct LoginRequest {
  std::string username;
  std::string password;
  std::string totp;  // the second factor's code, when the account has one
  std::string remote;
};

struct LoginResult {
  std::string session_token;  // the cookie's value; shown once, stored only as SHA-256
  Principal principal;
  WallNs expires_at = 0;
};

struct LoginFailure {
  Error error;                     // kUnauthenticated or kResourceExhausted (locked)
  std::int64_t retry_after_s = 0;  // > 0 while locked
  bool totp_required = false;      // the password was right; ask for the code
};

struct NewAccount {
  std::string username;
  std::string display_name;
  std::string password;
  std::string role;
  std::vector<std::string> areas;
  std::vector<std::string> grants;
};

// A change to an account; unset fields stay as they are.
struct AccountPatch {
  std::optional<std::string> display_name;
  std::optional<std::string> password;
  std::optional<std::string> role;
  std::optional<std::vector<std::string>> areas;
  std::optional<std::vector<std::string>> grants;
  std::optional<bool> disabled;
  bool unlock = false;  // clear a lockout
};

struct CreatedToken {
  store::TokenRow row;
  std::string token;  // "anninh_<id>_<secret>": shown once
};

// Who does something, for the audit log: a signed-in principal, or the local CLI.
struct Actor {
  std::string name;    // Principal::Actor() or "cli:<user>"
  std::string remote;  // client address, or "local"
};

class AccessControl {
 public:
  AccessControl(store::AccessStore& store, AuditLog& audit, const Clock& clock, AccessOptions options);

  // True until the first account exists. The setup token is made once per process and
  // printed by the server at start; it works once.
  bool NeedsSetup() const;
  std::string SetupToken() const;
  Result<LoginResult> Setup(std::string_view setup_token, const NewAccount& admin, const std::string& remote);

  tl::expected<LoginResult, LoginFailure> Login(const LoginRequest& request);
  Status Logout(const Principal& p, const std::string& remote);
  // Checks a session cookie or a bearer token (one of them set); kUnauthenticated when
  // absent, unknown, expired, revoked or the account is disabled.
  Result<Principal> Authenticate(std::string_view session_token, std::string_view bearer_token);

  Result<store::AccountRow> CreateAccount(const Actor& by, const NewAccount& account);
  Result<store::AccountRow> UpdateAccount(const Actor& by, std::int64_t id, const AccountPatch& patch);
  Status DeleteAccount(const Actor& by, std::int64_t id);
  Result<std::vector<store::AccountRow>> Accounts() const;
  Result<store::AccountRow> Account(std::int64_t id) const;
  // Checks the current password; ends the account's other sessions.
  Status ChangePassword(const Principal& p, const std::string& remote, std::string_view current,
                        std::string_view replacement);

  Result<CreatedToken> CreateToken(const Actor& by, std::int64_t account_id, const std::string& name,
                                   std::chrono::seconds ttl);
  Result<std::vector<store::TokenRow>> Tokens(std::int64_t account_id) const;
  Result<store::TokenRow> Token(std::int64_t id) const;
  Status RevokeToken(const Actor& by, std::int64_t id);

  Result<std::vector<store::RoleRow>> Roles() const;
  Status PutRole(const Actor& by, const store::RoleRow& role);

  // Second factor: a new secret is stored only after a code from it is confirmed.
  Status EnableTotp(const Principal& p, const std::string& remote, const std::string& secret,
                    std::string_view code);
  Status DisableTotp(const Actor& by, std::int64_t account_id);
  // The caller turns their own second factor off: only with their current password, so a
  // browser left signed in cannot be used to weaken the account. kPermissionDenied when
  // the password is wrong; kFailedPrecondition when the second factor is not on.
  Status DisableOwnTotp(const Principal& p, const std::string& remote, std::string_view current_password);

  const AccessOptions& options() const { return options_; }

 private:
  Result<Principal> PrincipalFor(const store::AccountRow& account) const;
  Result<LoginResult> StartSession(const store::AccountRow& account, const std::string& remote);
  Status CheckNewAccount(const NewAccount& a) const;
  Status CheckAreasAndGrants(const std::vector<std::string>& areas, const std::vector<std::string>& grants) const;
  Status CheckRole(const std::string& role) const;
  Status Audit(const Actor& by, std::string action, std::string detail);

  store::AccessStore& store_;
  AuditLog& audit_;
  const Clock& clock_;
  AccessOptions options_;
  // Verified against for unknown users, so they cost what a wrong password costs. Made on
  // first need: hashing takes 64 MiB and a fraction of a second, which every server start
  // and CLI command would otherwise pay.
  const std::string& DummyHash();
  std::once_flag dummy_once_;
  std::string dummy_hash_;
  mutable std::mutex setup_mu_;
  std::string setup_token_;  // guarded by setup_mu_; empty once used
  std::mutex login_mu_;      // serialises the read-modify-write of failure counts
};

// "alice" style usernames: 2-64 of a-z, 0-9, '.', '_', '-'; people's names (with
// diacritics) go in display_name.
std::optional<std::string> UsernameProblem(std::string_view username);
// Area ids (config [[cameras]] area): 1-64 of letters, digits, '.', '_', '-'.
bool IsAreaId(std::string_view id);

}  // namespace anninh::access
