// AccessStore on SQLite (the same database file as the recording index).
#pragma once

#include <filesystem>
#include <functional>
#include <memory>

#include "store/access_store.h"
#include "store/sqlite/database.h"

namespace anninh::store::sqlite {

// Thread-safe: one connection, serialised by its mutex.
class SqliteAccessStore final : public AccessStore {
 public:
  static Result<std::unique_ptr<SqliteAccessStore>> Open(const std::filesystem::path& path);

  Result<std::vector<RoleRow>> Roles() const override;
  Result<std::optional<RoleRow>> Role(const std::string& name) const override;
  Status PutRole(const RoleRow& role) override;

  Result<std::int64_t> CountAccounts() const override;
  Status CreateAccount(AccountRow& account) override;
  Status UpdateAccount(const AccountRow& account) override;
  Status DeleteAccount(std::int64_t id) override;
  Result<std::optional<AccountRow>> AccountById(std::int64_t id) const override;
  Result<std::optional<AccountRow>> AccountByName(const std::string& username) const override;
  Result<std::vector<AccountRow>> Accounts() const override;

  Status CreateSession(SessionRow& session) override;
  Result<std::optional<SessionRow>> SessionByHash(const std::string& token_sha256) const override;
  Status TouchSession(std::int64_t id, WallNs last_seen, WallNs expires_at) override;
  Status DeleteSession(std::int64_t id) override;
  Status DeleteSessionsOf(std::int64_t account_id, std::int64_t keep) override;

  Status CreateToken(TokenRow& token) override;
  Result<std::optional<TokenRow>> TokenById(std::int64_t id) const override;
  Result<std::vector<TokenRow>> Tokens(std::int64_t account_id) const override;
  Status RevokeToken(std::int64_t id, WallNs at) override;
  Status TouchToken(std::int64_t id, WallNs at) override;

 private:
  explicit SqliteAccessStore(std::unique_ptr<Database> db) : db_(std::move(db)) {}
  Result<std::vector<AccountRow>> QueryAccounts(std::string_view where,
                                                const std::function<void(Statement&)>& bind) const;
  std::unique_ptr<Database> db_;
};

}  // namespace anninh::store::sqlite
