// Accounts, roles, sessions and API tokens: the rows behind access control. The rules
// (passwords, lockout, rights, scoping) live in src/access; this is only storage.
//
// An interface so a PostgreSQL implementation can follow the SQLite one
// (sqlite/sqlite_access_store.h).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/clock.h"
#include "core/error.h"

namespace anninh::store {

struct RoleRow {
  std::string name;
  std::vector<std::string> rights;  // names from access/rights.h
  std::string scope;                // "all" or "assigned"
};

struct AccountRow {
  std::int64_t id = 0;
  std::string username;
  std::string display_name;
  std::string password_hash;  // argon2id string (libsodium crypto_pwhash_str)
  std::string role;
  std::vector<std::string> areas;   // for scope "assigned"
  std::vector<std::string> grants;  // rights added to the role's
  std::string totp_secret;          // base32; empty = no second factor
  bool disabled = false;
  int failed_logins = 0;
  WallNs locked_until = 0;
  WallNs created_at = 0;
};

struct SessionRow {
  std::int64_t id = 0;
  std::string token_sha256;
  std::int64_t account_id = 0;
  std::string csrf;
  WallNs created_at = 0;
  WallNs last_seen = 0;
  WallNs expires_at = 0;
  std::string remote;
};

struct TokenRow {
  std::int64_t id = 0;
  std::int64_t account_id = 0;
  std::string name;
  std::string token_sha256;
  WallNs created_at = 0;
  WallNs expires_at = 0;  // 0: never
  WallNs revoked_at = 0;  // 0: not revoked
  WallNs last_used = 0;
};

// Thread-safe.
class AccessStore {
 public:
  virtual ~AccessStore() = default;

  virtual Result<std::vector<RoleRow>> Roles() const = 0;
  virtual Result<std::optional<RoleRow>> Role(const std::string& name) const = 0;
  virtual Status PutRole(const RoleRow& role) = 0;

  virtual Result<std::int64_t> CountAccounts() const = 0;
  // Sets account.id. kAlreadyExists when the username is taken (case-insensitively).
  virtual Status CreateAccount(AccountRow& account) = 0;
  virtual Status UpdateAccount(const AccountRow& account) = 0;
  virtual Status DeleteAccount(std::int64_t id) = 0;
  virtual Result<std::optional<AccountRow>> AccountById(std::int64_t id) const = 0;
  virtual Result<std::optional<AccountRow>> AccountByName(const std::string& username) const = 0;
  virtual Result<std::vector<AccountRow>> Accounts() const = 0;

  virtual Status CreateSession(SessionRow& session) = 0;
  virtual Result<std::optional<SessionRow>> SessionByHash(const std::string& token_sha256) const = 0;
  virtual Status TouchSession(std::int64_t id, WallNs last_seen, WallNs expires_at) = 0;
  virtual Status DeleteSession(std::int64_t id) = 0;
  // Every session of the account, except `keep` (0: all), e.g. after a password change.
  virtual Status DeleteSessionsOf(std::int64_t account_id, std::int64_t keep) = 0;

  virtual Status CreateToken(TokenRow& token) = 0;
  virtual Result<std::optional<TokenRow>> TokenById(std::int64_t id) const = 0;
  virtual Result<std::vector<TokenRow>> Tokens(std::int64_t account_id) const = 0;  // 0: all
  virtual Status RevokeToken(std::int64_t id, WallNs at) = 0;
  virtual Status TouchToken(std::int64_t id, WallNs at) = 0;
};

}  // namespace anninh::store
