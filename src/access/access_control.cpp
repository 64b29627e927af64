#include "access/access_control.h"

#include <algorithm>
#include <charconv>

#include <nlohmann/json.hpp>

#include "access/secret.h"
#include "access/totp.h"

namespace anninh::access {

namespace {

constexpr std::string_view kTokenPrefix = "anninh_";

std::int64_t ToNs(std::chrono::seconds s) { return static_cast<std::int64_t>(s.count()) * kNsPerSecond; }

Error BadLogin() { return Error(ErrorCode::kUnauthenticated, "wrong username or password"); }

// "anninh_<id>_<secret>" -> (id, secret).
std::optional<std::pair<std::int64_t, std::string_view>> SplitToken(std::string_view token) {
  if (token.substr(0, kTokenPrefix.size()) != kTokenPrefix) return std::nullopt;
  token.remove_prefix(kTokenPrefix.size());
  auto sep = token.find('_');
  if (sep == std::string_view::npos || sep == 0) return std::nullopt;
  std::int64_t id = 0;
  auto [p, ec] = std::from_chars(token.data(), token.data() + sep, id);
  if (ec != std::errc() || p != token.data() + sep || id <= 0) return std::nullopt;
  return std::make_pair(id, token.substr(sep + 1));
}

std::string JsonDetail(const nlohmann::json& j) { return j.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace); }

}  // namespace

std::optional<std::string> UsernameProblem(std::string_view u) {
  if (u.size() < 2 || u.size() > 64) return "the username must have 2 to 64 characters";
  for (char c : u) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-')) {
      return "the username may contain only a-z, 0-9, '.', '_' and '-' (put the person's name in "
             "display_name)";
    }
  }
  return std::nullopt;
}

bool IsAreaId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  return std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' ||
           c == '_' || c == '-';
  });
}

AccessControl::AccessControl(store::AccessStore& store, AuditLog& audit, const Clock& clock,
                             AccessOptions options)
    : store_(store),
      audit_(audit),
      clock_(clock),
      options_(options) {
  if (NeedsSetup()) setup_token_ = RandomSecret(18);
}

const std::string& AccessControl::DummyHash() {
  std::call_once(dummy_once_, [this] {
    dummy_hash_ = HashPassword("not a password of anyone", options_.password_cost).value_or("");
  });
  return dummy_hash_;
}

bool AccessControl::NeedsSetup() const {
  auto n = store_.CountAccounts();
  return n && *n == 0;
}

std::string AccessControl::SetupToken() const {
  std::lock_guard lock(setup_mu_);
  return setup_token_;
}

Result<LoginResult> AccessControl::Setup(std::string_view setup_token, const NewAccount& admin,
                                         const std::string& remote) {
  {
    std::lock_guard lock(setup_mu_);
    if (!NeedsSetup() || setup_token_.empty()) {
      return Fail(ErrorCode::kFailedPrecondition, "this server is already set up; sign in instead");
    }
    if (!ConstantTimeEquals(setup_token, setup_token_)) {
      (void)audit_.Record({admin.username, "setup.failed", "", 0, 0, "wrong setup token", remote});
      return Fail(ErrorCode::kPermissionDenied, "wrong setup token (it is printed in the server's log at start)");
    }
    NewAccount a = admin;
    a.role = "admin";
    auto created = CreateAccount({"setup:" + a.username, remote}, a);
    if (!created) return Fail(std::move(created).error());
    setup_token_.clear();
    return StartSession(*created, remote);
  }
}

Status AccessControl::Audit(const Actor& by, std::string action, std::string detail) {
  return audit_.Record({by.name, std::move(action), "", 0, 0, std::move(detail), by.remote});
}

Status AccessControl::CheckRole(const std::string& role) const {
  auto r = store_.Role(role);
  if (!r) return Fail(std::move(r).error());
  if (!*r) return Fail(ErrorCode::kInvalidArgument, "no role '" + role + "'");
  return {};
}

Status AccessControl::CheckAreasAndGrants(const std::vector<std::string>& areas,
                                          const std::vector<std::string>& grants) const {
  for (const auto& a : areas) {
    if (!IsAreaId(a)) return Fail(ErrorCode::kInvalidArgument, "'" + a + "' is not an area id");
  }
  for (const auto& g : grants) {
    if (!IsRight(g)) return Fail(ErrorCode::kInvalidArgument, "'" + g + "' is not a right");
  }
  return {};
}

Status AccessControl::CheckNewAccount(const NewAccount& a) const {
  if (auto p = UsernameProblem(a.username)) return Fail(ErrorCode::kInvalidArgument, *p);
  if (auto p = PasswordProblem(a.password, a.username)) return Fail(ErrorCode::kInvalidArgument, *p);
  if (a.display_name.size() > 200) return Fail(ErrorCode::kInvalidArgument, "display_name is too long");
  if (auto s = CheckRole(a.role); !s) return s;
  return CheckAreasAndGrants(a.areas, a.grants);
}

Result<store::AccountRow> AccessControl::CreateAccount(const Actor& by, const NewAccount& a) {
  if (auto s = CheckNewAccount(a); !s) return Fail(std::move(s).error());
  auto hash = HashPassword(a.password, options_.password_cost);
  if (!hash) return Fail(std::move(hash).error());
  store::AccountRow row;
  row.username = a.username;
  row.display_name = a.display_name;
  row.password_hash = std::move(*hash);
  row.role = a.role;
  row.areas = a.areas;
  row.grants = a.grants;
  row.created_at = clock_.Now();
  if (auto s = store_.CreateAccount(row); !s) return Fail(std::move(s).error());
  if (auto s = Audit(by, "account.create",
                     JsonDetail({{"id", row.id}, {"username", row.username}, {"role", row.role},
                                 {"areas", row.areas}, {"grants", row.grants}}));
      !s) {
    return Fail(std::move(s).error());
  }
  return row;
}

Result<store::AccountRow> AccessControl::Account(std::int64_t id) const {
  auto a = store_.AccountById(id);
  if (!a) return Fail(std::move(a).error());
  if (!*a) return Fail(ErrorCode::kNotFound, "no account " + std::to_string(id));
  return std::move(**a);
}

Result<std::vector<store::AccountRow>> AccessControl::Accounts() const { return store_.Accounts(); }

Result<store::AccountRow> AccessControl::UpdateAccount(const Actor& by, std::int64_t id,
                                                       const AccountPatch& patch) {
  auto found = Account(id);
  if (!found) return Fail(std::move(found).error());
  store::AccountRow a = std::move(*found);
  nlohmann::json changed = nlohmann::json::object();
  if (patch.display_name) {
    if (patch.display_name->size() > 200) return Fail(ErrorCode::kInvalidArgument, "display_name is too long");
    a.display_name = *patch.display_name;
    changed["display_name"] = a.display_name;
  }
  if (patch.role) {
    if (auto s = CheckRole(*patch.role); !s) return Fail(std::move(s).error());
    a.role = *patch.role;
    changed["role"] = a.role;
  }
  if (patch.areas || patch.grants) {
    if (auto s = CheckAreasAndGrants(patch.areas.value_or(a.areas), patch.grants.value_or(a.grants)); !s) {
      return Fail(std::move(s).error());
    }
    if (patch.areas) changed["areas"] = a.areas = *patch.areas;
    if (patch.grants) changed["grants"] = a.grants = *patch.grants;
  }
  bool end_sessions = false;
  if (patch.password) {
    if (auto p = PasswordProblem(*patch.password, a.username)) return Fail(ErrorCode::kInvalidArgument, *p);
    auto hash = HashPassword(*patch.password, options_.password_cost);
    if (!hash) return Fail(std::move(hash).error());
    a.password_hash = std::move(*hash);
    changed["password"] = "changed";
    end_sessions = true;
  }
  if (patch.disabled) {
    a.disabled = *patch.disabled;
    changed["disabled"] = a.disabled;
    end_sessions |= a.disabled;
  }
  if (patch.unlock) {
    a.failed_logins = 0;
    a.locked_until = 0;
    changed["unlocked"] = true;
  }
  if (auto s = store_.UpdateAccount(a); !s) return Fail(std::move(s).error());
  if (end_sessions) (void)store_.DeleteSessionsOf(a.id, 0);
  changed["id"] = a.id;
  changed["username"] = a.username;
  if (auto s = Audit(by, "account.update", JsonDetail(changed)); !s) return Fail(std::move(s).error());
  return a;
}

Status AccessControl::DeleteAccount(const Actor& by, std::int64_t id) {
  auto a = Account(id);
  if (!a) return Fail(std::move(a).error());
  if (auto s = store_.DeleteAccount(id); !s) return s;
  return Audit(by, "account.delete", JsonDetail({{"id", id}, {"username", a->username}}));
}

Result<Principal> AccessControl::PrincipalFor(const store::AccountRow& account) const {
  auto role = store_.Role(account.role);
  if (!role) return Fail(std::move(role).error());
  Principal p;
  p.account_id = account.id;
  p.username = account.username;
  p.role = account.role;
  if (*role) {
    p.rights.insert((*role)->rights.begin(), (*role)->rights.end());
    p.scope = (*role)->scope == "all" ? Scope::kAll : Scope::kAssigned;
  }
  p.rights.insert(account.grants.begin(), account.grants.end());
  p.areas.insert(account.areas.begin(), account.areas.end());
  return p;
}

Result<LoginResult> AccessControl::StartSession(const store::AccountRow& account, const std::string& remote) {
  auto principal = PrincipalFor(account);
  if (!principal) return Fail(std::move(principal).error());
  const WallNs now = clock_.Now();
  LoginResult out;
  // A new random id at every sign-in: a session id planted before sign-in (fixation) is
  // never promoted, because the server never accepts an id it did not just make.
  out.session_token = RandomSecret(32);
  store::SessionRow s;
  s.token_sha256 = SecretDigest(out.session_token);
  s.account_id = account.id;
  s.csrf = RandomSecret(24);
  s.created_at = now;
  s.last_seen = now;
  s.expires_at = std::min(now + ToNs(options_.session_idle), now + ToNs(options_.session_max));
  s.remote = remote;
  if (auto st = store_.CreateSession(s); !st) return Fail(std::move(st).error());
  out.principal = std::move(*principal);
  out.principal.session_id = s.id;
  out.principal.csrf = s.csrf;
  out.expires_at = s.expires_at;
  return out;
}

tl::expected<LoginResult, LoginFailure> AccessControl::Login(const LoginRequest& r) {
  auto fail = [](Error e, std::int64_t retry = 0, bool totp = false) {
    return tl::unexpected<LoginFailure>(LoginFailure{std::move(e), retry, totp});
  };
  std::lock_guard lock(login_mu_);
  const WallNs now = clock_.Now();
  auto found = store_.AccountByName(r.username);
  if (!found) return fail(std::move(found).error());
  if (!*found) {
    // Same work and same answer as a wrong password, so usernames cannot be probed.
    (void)VerifyPassword(DummyHash(), r.password);
    (void)audit_.Record({r.username, "login.failed", "", 0, 0, "unknown user", r.remote});
    return fail(BadLogin());
  }
  store::AccountRow a = std::move(**found);
  if (a.locked_until > now) {
    const std::int64_t retry = (a.locked_until - now + kNsPerSecond - 1) / kNsPerSecond;
    (void)audit_.Record({a.username, "login.locked", "", 0, 0, "", r.remote});
    return fail(Error(ErrorCode::kResourceExhausted,
                      "too many failed sign-ins; the account is locked for " + std::to_string(retry) + " s"),
                retry);
  }
  bool ok = VerifyPassword(a.password_hash, r.password);
  const bool needs_totp = !a.totp_secret.empty();
  if (ok && needs_totp && r.totp.empty()) {
    return fail(Error(ErrorCode::kUnauthenticated, "enter the code from your authenticator app"), 0, true);
  }
  if (ok && needs_totp) ok = VerifyTotp(a.totp_secret, r.totp, now);
  if (!ok || a.disabled) {
    if (!ok) {
      a.failed_logins += 1;
      const int over = a.failed_logins - options_.lockout_threshold;
      if (over >= 0) {
        std::int64_t lock_ns = ToNs(options_.lockout_base) << std::min(over, 20);
        lock_ns = std::min(lock_ns, ToNs(options_.lockout_max));
        a.locked_until = now + lock_ns;
      }
      (void)store_.UpdateAccount(a);
    }
    (void)audit_.Record({a.username, "login.failed", "", 0, 0,
                         a.disabled ? "account disabled" : "failure " + std::to_string(a.failed_logins),
                         r.remote});
    return fail(a.disabled && ok ? Error(ErrorCode::kPermissionDenied, "this account is disabled") : BadLogin());
  }
  if (a.failed_logins != 0 || a.locked_until != 0) {
    a.failed_logins = 0;
    a.locked_until = 0;
    (void)store_.UpdateAccount(a);
  }
  auto session = StartSession(a, r.remote);
  if (!session) return fail(std::move(session).error());
  if (auto s = audit_.Record({a.username, "login", "", 0, 0, "", r.remote}); !s) {
    (void)store_.DeleteSession(session->principal.session_id);
    return fail(std::move(s).error());
  }
  return std::move(*session);
}

Status AccessControl::Logout(const Principal& p, const std::string& remote) {
  if (p.session_id != 0) {
    if (auto s = store_.DeleteSession(p.session_id); !s) return s;
  }
  return audit_.Record({p.Actor(), "logout", "", 0, 0, "", remote});
}

Result<Principal> AccessControl::Authenticate(std::string_view session_token, std::string_view bearer) {
  const WallNs now = clock_.Now();
  if (!bearer.empty()) {
    auto parts = SplitToken(bearer);
    if (!parts) return Fail(ErrorCode::kUnauthenticated, "malformed API token");
    auto t = store_.TokenById(parts->first);
    if (!t) return Fail(std::move(t).error());
    if (!*t || !ConstantTimeEquals(SecretDigest(parts->second), (*t)->token_sha256)) {
      return Fail(ErrorCode::kUnauthenticated, "unknown API token");
    }
    if ((*t)->revoked_at != 0) return Fail(ErrorCode::kUnauthenticated, "this API token was revoked");
    if ((*t)->expires_at != 0 && (*t)->expires_at <= now) {
      return Fail(ErrorCode::kUnauthenticated, "this API token has expired");
    }
    auto account = Account((*t)->account_id);
    if (!account) return Fail(ErrorCode::kUnauthenticated, "the token's account no longer exists");
    if (account->disabled) return Fail(ErrorCode::kUnauthenticated, "the token's account is disabled");
    if (now - (*t)->last_used >= ToNs(options_.touch_interval)) (void)store_.TouchToken((*t)->id, now);
    auto p = PrincipalFor(*account);
    if (!p) return Fail(std::move(p).error());
    p->token_id = (*t)->id;
    return p;
  }
  if (session_token.empty()) return Fail(ErrorCode::kUnauthenticated, "sign in first");
  auto s = store_.SessionByHash(SecretDigest(session_token));
  if (!s) return Fail(std::move(s).error());
  if (!*s) return Fail(ErrorCode::kUnauthenticated, "your session has ended; sign in again");
  store::SessionRow& row = **s;
  if (row.expires_at <= now) {
    (void)store_.DeleteSession(row.id);
    return Fail(ErrorCode::kUnauthenticated, "your session has expired; sign in again");
  }
  auto account = Account(row.account_id);
  if (!account || account->disabled) {
    (void)store_.DeleteSession(row.id);
    return Fail(ErrorCode::kUnauthenticated, "this account is disabled");
  }
  if (now - row.last_seen >= ToNs(options_.touch_interval)) {
    const WallNs expires = std::min(now + ToNs(options_.session_idle), row.created_at + ToNs(options_.session_max));
    (void)store_.TouchSession(row.id, now, expires);
  }
  auto p = PrincipalFor(*account);
  if (!p) return Fail(std::move(p).error());
  p->session_id = row.id;
  p->csrf = row.csrf;
  return p;
}

Status AccessControl::ChangePassword(const Principal& p, const std::string& remote, std::string_view current,
                                     std::string_view replacement) {
  auto a = Account(p.account_id);
  if (!a) return Fail(std::move(a).error());
  if (!VerifyPassword(a->password_hash, current)) {
    return Fail(ErrorCode::kPermissionDenied, "the current password is wrong");
  }
  if (auto problem = PasswordProblem(replacement, a->username)) return Fail(ErrorCode::kInvalidArgument, *problem);
  auto hash = HashPassword(replacement, options_.password_cost);
  if (!hash) return Fail(std::move(hash).error());
  a->password_hash = std::move(*hash);
  if (auto s = store_.UpdateAccount(*a); !s) return s;
  (void)store_.DeleteSessionsOf(a->id, p.session_id);
  return audit_.Record({p.Actor(), "password.change", "", 0, 0, "", remote});
}

Result<CreatedToken> AccessControl::CreateToken(const Actor& by, std::int64_t account_id, const std::string& name,
                                                std::chrono::seconds ttl) {
  if (name.empty() || name.size() > 100) {
    return Fail(ErrorCode::kInvalidArgument, "a token needs a name of 1 to 100 characters");
  }
  if (ttl.count() < 0) return Fail(ErrorCode::kInvalidArgument, "a token's lifetime cannot be negative");
  auto a = Account(account_id);
  if (!a) return Fail(std::move(a).error());
  const std::string secret = RandomSecret(32);
  CreatedToken out;
  out.row.account_id = account_id;
  out.row.name = name;
  out.row.token_sha256 = SecretDigest(secret);
  out.row.created_at = clock_.Now();
  out.row.expires_at = ttl.count() == 0 ? 0 : out.row.created_at + ToNs(ttl);
  if (auto s = store_.CreateToken(out.row); !s) return Fail(std::move(s).error());
  out.token = std::string(kTokenPrefix) + std::to_string(out.row.id) + "_" + secret;
  if (auto s = Audit(by, "token.create",
                     JsonDetail({{"id", out.row.id}, {"account", a->username}, {"name", name}}));
      !s) {
    return Fail(std::move(s).error());
  }
  return out;
}

Result<std::vector<store::TokenRow>> AccessControl::Tokens(std::int64_t account_id) const {
  return store_.Tokens(account_id);
}

Result<store::TokenRow> AccessControl::Token(std::int64_t id) const {
  auto t = store_.TokenById(id);
  if (!t) return Fail(std::move(t).error());
  if (!*t) return Fail(ErrorCode::kNotFound, "no API token " + std::to_string(id));
  return std::move(**t);
}

Status AccessControl::RevokeToken(const Actor& by, std::int64_t id) {
  auto t = Token(id);
  if (!t) return Fail(std::move(t).error());
  if (t->revoked_at != 0) return Fail(ErrorCode::kFailedPrecondition, "API token " + std::to_string(id) + " is already revoked");
  if (auto s = store_.RevokeToken(id, clock_.Now()); !s) return s;
  return Audit(by, "token.revoke", JsonDetail({{"id", id}, {"name", t->name}}));
}

Result<std::vector<store::RoleRow>> AccessControl::Roles() const { return store_.Roles(); }

Status AccessControl::PutRole(const Actor& by, const store::RoleRow& role) {
  if (!IsAreaId(role.name)) return Fail(ErrorCode::kInvalidArgument, "'" + role.name + "' is not a valid role name");
  if (role.scope != "all" && role.scope != "assigned") {
    return Fail(ErrorCode::kInvalidArgument, "scope must be 'all' or 'assigned'");
  }
  for (const auto& r : role.rights) {
    if (!IsRight(r)) return Fail(ErrorCode::kInvalidArgument, "'" + r + "' is not a right");
  }
  // The administrator role keeps every right, so no change can lock every admin out.
  if (role.name == "admin") return Fail(ErrorCode::kFailedPrecondition, "the admin role cannot be changed");
  if (auto s = store_.PutRole(role); !s) return s;
  return Audit(by, "role.put", JsonDetail({{"name", role.name}, {"rights", role.rights}, {"scope", role.scope}}));
}

Status AccessControl::EnableTotp(const Principal& p, const std::string& remote, const std::string& secret,
                                 std::string_view code) {
  auto key = Base32Decode(secret);
  if (!key || key->size() < 10) return Fail(ErrorCode::kInvalidArgument, "malformed TOTP secret");
  if (!VerifyTotp(secret, code, clock_.Now())) {
    return Fail(ErrorCode::kInvalidArgument, "the code does not match; check the phone's clock and try again");
  }
  auto a = Account(p.account_id);
  if (!a) return Fail(std::move(a).error());
  a->totp_secret = secret;
  if (auto s = store_.UpdateAccount(*a); !s) return s;
  return audit_.Record({p.Actor(), "totp.enable", "", 0, 0, "", remote});
}

Status AccessControl::DisableOwnTotp(const Principal& p, const std::string& remote,
                                     std::string_view current_password) {
  auto a = Account(p.account_id);
  if (!a) return Fail(std::move(a).error());
  if (!VerifyPassword(a->password_hash, current_password)) {
    return Fail(ErrorCode::kPermissionDenied, "the current password is wrong");
  }
  if (a->totp_secret.empty()) return Fail(ErrorCode::kFailedPrecondition, "the second factor is not on");
  a->totp_secret.clear();
  if (auto s = store_.UpdateAccount(*a); !s) return s;
  return audit_.Record({p.Actor(), "totp.disable", "", 0, 0, JsonDetail({{"id", a->id}, {"username", a->username}}),
                        remote});
}

Status AccessControl::DisableTotp(const Actor& by, std::int64_t account_id) {
  auto a = Account(account_id);
  if (!a) return Fail(std::move(a).error());
  a->totp_secret.clear();
  if (auto s = store_.UpdateAccount(*a); !s) return s;
  return Audit(by, "totp.disable", JsonDetail({{"id", a->id}, {"username", a->username}}));
}

}  // namespace anninh::access
