#include "store/sqlite/sqlite_access_store.h"

#include <functional>
#include <sstream>

#include "store/sqlite/migrations.h"

namespace anninh::store::sqlite {

namespace {

// Lists are stored as space-separated words: rights and area ids never contain spaces
// (the access layer checks that before they get here).
std::string JoinWords(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) out += (out.empty() ? "" : " ") + w;
  return out;
}

std::vector<std::string> SplitWords(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

constexpr std::string_view kAccountColumns =
    "SELECT id, username, display_name, password_hash, role, areas, grants, totp_secret, disabled, "
    "failed_logins, locked_until_ns, created_at_ns FROM account ";

AccountRow ReadAccount(const Statement& st) {
  AccountRow a;
  a.id = st.Int(0);
  a.username = st.Text(1);
  a.display_name = st.Text(2);
  a.password_hash = st.Text(3);
  a.role = st.Text(4);
  a.areas = SplitWords(st.Text(5));
  a.grants = SplitWords(st.Text(6));
  a.totp_secret = st.Text(7);
  a.disabled = st.Int(8) != 0;
  a.failed_logins = static_cast<int>(st.Int(9));
  a.locked_until = st.Int(10);
  a.created_at = st.Int(11);
  return a;
}

constexpr std::string_view kSessionColumns =
    "SELECT id, token_sha256, user_id, csrf, created_at_ns, last_seen_ns, expires_at_ns, remote "
    "FROM session ";

constexpr std::string_view kTokenColumns =
    "SELECT id, user_id, name, token_sha256, created_at_ns, expires_at_ns, revoked_at_ns, "
    "last_used_ns FROM api_token ";

TokenRow ReadToken(const Statement& st) {
  TokenRow t;
  t.id = st.Int(0);
  t.account_id = st.Int(1);
  t.name = st.Text(2);
  t.token_sha256 = st.Text(3);
  t.created_at = st.Int(4);
  t.expires_at = st.Int(5);
  t.revoked_at = st.Int(6);
  t.last_used = st.Int(7);
  return t;
}

Status RunWrapped(Statement& st, std::string_view what) {
  if (auto s = st.Run(); !s) return Fail(std::move(s).error().Wrap(what));
  return {};
}

}  // namespace

Result<std::unique_ptr<SqliteAccessStore>> SqliteAccessStore::Open(const std::filesystem::path& path) {
  auto db = Database::Open(path);
  if (!db) return Fail(std::move(db).error());
  if (auto s = (*db)->Migrate(Migrations()); !s) return Fail(std::move(s).error());
  return std::unique_ptr<SqliteAccessStore>(new SqliteAccessStore(std::move(*db)));
}

Result<std::vector<RoleRow>> SqliteAccessStore::Roles() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("SELECT name, rights, scope FROM role ORDER BY name");
  if (!st) return Fail(std::move(st).error());
  std::vector<RoleRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back({st->Text(0), SplitWords(st->Text(1)), st->Text(2)});
  }
  return out;
}

Result<std::optional<RoleRow>> SqliteAccessStore::Role(const std::string& name) const {
  auto roles = Roles();
  if (!roles) return Fail(std::move(roles).error());
  for (auto& r : *roles) {
    if (r.name == name) return std::optional<RoleRow>(std::move(r));
  }
  return std::optional<RoleRow>();
}

Status SqliteAccessStore::PutRole(const RoleRow& role) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO role (name, rights, scope) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (name) DO UPDATE SET rights = excluded.rights, scope = excluded.scope");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, role.name).Bind(2, JoinWords(role.rights)).Bind(3, role.scope);
  return RunWrapped(*st, "put role " + role.name);
}

Result<std::int64_t> SqliteAccessStore::CountAccounts() const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("SELECT COUNT(*) FROM account");
  if (!st) return Fail(std::move(st).error());
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  return st->Int(0);
}

Status SqliteAccessStore::CreateAccount(AccountRow& a) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO account (username, display_name, password_hash, role, areas, grants, totp_secret, "
      "disabled, failed_logins, locked_until_ns, created_at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, a.username).Bind(2, a.display_name).Bind(3, a.password_hash).Bind(4, a.role)
      .Bind(5, JoinWords(a.areas)).Bind(6, JoinWords(a.grants)).Bind(7, a.totp_secret)
      .Bind(8, std::int64_t{a.disabled}).Bind(9, std::int64_t{a.failed_logins})
      .Bind(10, a.locked_until).Bind(11, a.created_at);
  if (auto s = st->Run(); !s) {
    if (s.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "the username '" + a.username + "' is taken");
    }
    return Fail(std::move(s).error().Wrap("create account"));
  }
  a.id = db_->LastInsertId();
  return {};
}

Status SqliteAccessStore::UpdateAccount(const AccountRow& a) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "UPDATE account SET username = ?2, display_name = ?3, password_hash = ?4, role = ?5, areas = ?6, "
      "grants = ?7, totp_secret = ?8, disabled = ?9, failed_logins = ?10, locked_until_ns = ?11 "
      "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, a.id).Bind(2, a.username).Bind(3, a.display_name).Bind(4, a.password_hash)
      .Bind(5, a.role).Bind(6, JoinWords(a.areas)).Bind(7, JoinWords(a.grants)).Bind(8, a.totp_secret)
      .Bind(9, std::int64_t{a.disabled}).Bind(10, std::int64_t{a.failed_logins}).Bind(11, a.locked_until);
  if (auto s = st->Run(); !s) {
    if (s.error().code() == ErrorCode::kAlreadyExists) {
      return Fail(ErrorCode::kAlreadyExists, "the username '" + a.username + "' is taken");
    }
    return Fail(std::move(s).error().Wrap("update account"));
  }
  return {};
}

Status SqliteAccessStore::DeleteAccount(std::int64_t id) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("DELETE FROM account WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return RunWrapped(*st, "delete account");
}

Result<std::vector<AccountRow>> SqliteAccessStore::QueryAccounts(
    std::string_view where, const std::function<void(Statement&)>& bind) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kAccountColumns) + std::string(where));
  if (!st) return Fail(std::move(st).error());
  bind(*st);
  std::vector<AccountRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(ReadAccount(*st));
  }
  return out;
}

Result<std::optional<AccountRow>> SqliteAccessStore::AccountById(std::int64_t id) const {
  auto rows = QueryAccounts("WHERE id = ?1", [&](Statement& st) { st.Bind(1, id); });
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<AccountRow>();
  return std::optional<AccountRow>(std::move(rows->front()));
}

Result<std::optional<AccountRow>> SqliteAccessStore::AccountByName(const std::string& username) const {
  auto rows = QueryAccounts("WHERE username = ?1", [&](Statement& st) { st.Bind(1, username); });
  if (!rows) return Fail(std::move(rows).error());
  if (rows->empty()) return std::optional<AccountRow>();
  return std::optional<AccountRow>(std::move(rows->front()));
}

Result<std::vector<AccountRow>> SqliteAccessStore::Accounts() const {
  return QueryAccounts("ORDER BY username", [](Statement&) {});
}

Status SqliteAccessStore::CreateSession(SessionRow& s) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO session (token_sha256, user_id, csrf, created_at_ns, last_seen_ns, expires_at_ns, "
      "remote) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, s.token_sha256).Bind(2, s.account_id).Bind(3, s.csrf).Bind(4, s.created_at)
      .Bind(5, s.last_seen).Bind(6, s.expires_at).Bind(7, s.remote);
  if (auto r = st->Run(); !r) return Fail(std::move(r).error().Wrap("create session"));
  s.id = db_->LastInsertId();
  return {};
}

Result<std::optional<SessionRow>> SqliteAccessStore::SessionByHash(const std::string& hash) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kSessionColumns) + "WHERE token_sha256 = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, hash);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<SessionRow>();
  SessionRow s;
  s.id = st->Int(0);
  s.token_sha256 = st->Text(1);
  s.account_id = st->Int(2);
  s.csrf = st->Text(3);
  s.created_at = st->Int(4);
  s.last_seen = st->Int(5);
  s.expires_at = st->Int(6);
  s.remote = st->Text(7);
  return std::optional<SessionRow>(std::move(s));
}

Status SqliteAccessStore::TouchSession(std::int64_t id, WallNs last_seen, WallNs expires_at) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("UPDATE session SET last_seen_ns = ?2, expires_at_ns = ?3 WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, last_seen).Bind(3, expires_at);
  return RunWrapped(*st, "touch session");
}

Status SqliteAccessStore::DeleteSession(std::int64_t id) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("DELETE FROM session WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  return RunWrapped(*st, "delete session");
}

Status SqliteAccessStore::DeleteSessionsOf(std::int64_t account_id, std::int64_t keep) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("DELETE FROM session WHERE user_id = ?1 AND id != ?2");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, account_id).Bind(2, keep);
  return RunWrapped(*st, "delete sessions");
}

Status SqliteAccessStore::CreateToken(TokenRow& t) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(
      "INSERT INTO api_token (user_id, name, token_sha256, created_at_ns, expires_at_ns) "
      "VALUES (?1, ?2, ?3, ?4, ?5)");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, t.account_id).Bind(2, t.name).Bind(3, t.token_sha256).Bind(4, t.created_at)
      .Bind(5, t.expires_at);
  if (auto r = st->Run(); !r) return Fail(std::move(r).error().Wrap("create token"));
  t.id = db_->LastInsertId();
  return {};
}

Result<std::optional<TokenRow>> SqliteAccessStore::TokenById(std::int64_t id) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kTokenColumns) + "WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id);
  auto row = st->Step();
  if (!row) return Fail(std::move(row).error());
  if (!*row) return std::optional<TokenRow>();
  return std::optional<TokenRow>(ReadToken(*st));
}

Result<std::vector<TokenRow>> SqliteAccessStore::Tokens(std::int64_t account_id) const {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare(std::string(kTokenColumns) + "WHERE (?1 = 0 OR user_id = ?1) ORDER BY id");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, account_id);
  std::vector<TokenRow> out;
  while (true) {
    auto row = st->Step();
    if (!row) return Fail(std::move(row).error());
    if (!*row) break;
    out.push_back(ReadToken(*st));
  }
  return out;
}

Status SqliteAccessStore::RevokeToken(std::int64_t id, WallNs at) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("UPDATE api_token SET revoked_at_ns = ?2 WHERE id = ?1 AND revoked_at_ns = 0");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, at);
  return RunWrapped(*st, "revoke token");
}

Status SqliteAccessStore::TouchToken(std::int64_t id, WallNs at) {
  std::lock_guard lock(db_->mutex());
  auto st = db_->Prepare("UPDATE api_token SET last_used_ns = ?2 WHERE id = ?1");
  if (!st) return Fail(std::move(st).error());
  st->Bind(1, id).Bind(2, at);
  return RunWrapped(*st, "touch token");
}

}  // namespace anninh::store::sqlite
