// The API's people-and-rights half: admission (authentication, CSRF, rights), first-run
// setup, sign-in and sessions, accounts, roles, API tokens, and the audit log.
#include <algorithm>
#include <chrono>

#include <fmt/format.h>
#include <spdlog/spdlog.h>

#include "access/secret.h"
#include "access/totp.h"
#include "core/time_format.h"
#include "serve/api.h"
#include "serve/api_util.h"

namespace anninh::serve {

namespace {

using nlohmann::json;

// The value of one cookie in a Cookie header (RFC 6265 section 5.4: "a=b; c=d").
std::string_view CookieValue(std::string_view header, std::string_view name) {
  while (!header.empty()) {
    auto end = header.find(';');
    std::string_view pair = header.substr(0, end);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    if (pair.size() > name.size() && pair.substr(0, name.size()) == name && pair[name.size()] == '=') {
      return pair.substr(name.size() + 1);
    }
    if (end == std::string_view::npos) break;
    header.remove_prefix(end + 1);
  }
  return {};
}

// "Bearer <token>" (the scheme is case-insensitive, RFC 9110 section 11.1).
std::string_view BearerToken(std::string_view header) {
  constexpr std::string_view kScheme = "bearer ";
  if (header.size() <= kScheme.size()) return {};
  for (std::size_t i = 0; i < kScheme.size(); ++i) {
    if (std::tolower(static_cast<unsigned char>(header[i])) != kScheme[i]) return {};
  }
  header.remove_prefix(kScheme.size());
  while (!header.empty() && header.front() == ' ') header.remove_prefix(1);
  return header;
}

bool IsWrite(Method m) { return m != Method::kGet && m != Method::kHead && m != Method::kOptions; }

json AccountJson(const store::AccountRow& a) {
  json j = {{"id", a.id},       {"username", a.username}, {"display_name", a.display_name},
            {"role", a.role},   {"areas", a.areas},       {"grants", a.grants},
            {"disabled", a.disabled}, {"totp", !a.totp_secret.empty()},
            {"failed_logins", a.failed_logins}};
  PutTime(j, "created_at", a.created_at);
  if (a.locked_until != 0) PutTime(j, "locked_until", a.locked_until);
  return j;
}

json PrincipalJson(const access::Principal& p) {
  json rights = json::array();
  for (const auto& r : p.rights) rights.push_back(r);
  json areas = json::array();
  for (const auto& a : p.areas) areas.push_back(a);
  return {{"id", p.account_id}, {"username", p.username}, {"role", p.role}, {"rights", std::move(rights)},
          {"scope", std::string(access::ToString(p.scope))}, {"areas", std::move(areas)}};
}

json TokenJson(const store::TokenRow& t) {
  json j = {{"id", t.id}, {"account_id", t.account_id}, {"name", t.name}, {"revoked", t.revoked_at != 0}};
  PutTime(j, "created_at", t.created_at);
  if (t.expires_at != 0) PutTime(j, "expires_at", t.expires_at);
  if (t.last_used != 0) PutTime(j, "last_used", t.last_used);
  return j;
}

Response NoContent() {
  Response r;
  r.status = 204;
  r.content_type.clear();
  return r;
}

}  // namespace

std::optional<Response> Api::Admit(const Request& request, RoutePolicy policy, access::Principal& who) const {
  if (policy.open) return std::nullopt;
  const std::string_view bearer = BearerToken(request.authorization);
  const std::string_view cookie = bearer.empty() ? CookieValue(request.cookie, kSessionCookie) : std::string_view();
  auto p = deps_.access.Authenticate(cookie, bearer);
  if (!p) {
    Response r = ErrorResponse(p.error());
    r.headers.emplace_back("WWW-Authenticate", "Bearer realm=\"anninh\"");
    return r;
  }
  // A write carried by the browser's cookie must also carry the session's CSRF token, which
  // another site's page cannot read. API tokens are sent deliberately, so need none.
  if (p->session_id != 0 && IsWrite(request.method) &&
      !access::ConstantTimeEquals(request.csrf_token, p->csrf)) {
    return ErrorResponse(403, "csrf", "missing or wrong X-CSRF-Token header (GET /api/v1/session gives it)");
  }
  if (!policy.right.empty() && !p->Can(policy.right)) {
    return ErrorResponse(403, "permission_denied",
                         fmt::format("your role ({}) does not have the right '{}'", p->role, policy.right));
  }
  who = std::move(*p);
  return std::nullopt;
}

access::Principal Api::OptionalPrincipal(const Request& request) const {
  // Public routes answer everyone; a signed-in caller may see more (search results, draft
  // pictures). A missing or stale credential is simply anonymous here, never an error.
  access::Principal who;
  const std::string_view bearer = BearerToken(request.authorization);
  const std::string_view cookie = bearer.empty() ? CookieValue(request.cookie, kSessionCookie) : std::string_view();
  if (bearer.empty() && cookie.empty()) return who;
  if (auto p = deps_.access.Authenticate(cookie, bearer)) who = std::move(*p);
  return who;
}

Response Api::SetupState(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  return Json(200, {{"needed", deps_.access.NeedsSetup()}});
}

namespace {
Response SessionResponse(int status, const access::LoginResult& r, const ApiOptions& o, WallNs now) {
  const std::int64_t max_age = std::max<std::int64_t>(0, (r.expires_at - now) / kNsPerSecond);
  // HttpOnly: scripts cannot read it; SameSite=Strict: other sites' pages do not send it.
  std::string cookie = fmt::format("{}={}; Path=/; HttpOnly; SameSite=Strict; Max-Age={}", Api::kSessionCookie,
                                   r.session_token, max_age);
  if (o.secure_cookies) cookie += "; Secure";
  json body = {{"user", PrincipalJson(r.principal)}, {"csrf_token", r.principal.csrf}};
  PutTime(body, "expires_at", r.expires_at);
  Response resp = Json(status, body);
  resp.headers.emplace_back("Set-Cookie", cookie);
  resp.headers.emplace_back("Cache-Control", "no-store");
  return resp;
}
}  // namespace

Response Api::Setup(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"setup_token": "...", "username": "admin", "password": "..."})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"setup_token", "username", "password", "display_name"}); !s) {
    return ErrorResponse(s.error());
  }
  auto token = JsonString(*body, "setup_token", true);
  auto username = JsonString(*body, "username", true);
  auto password = JsonString(*body, "password", true);
  auto display = JsonString(*body, "display_name", false);
  for (const auto* r : {&token, &username, &password, &display}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto result = deps_.access.Setup(*token, {*username, *display, *password, "admin", {}, {}}, c.request.remote);
  if (!result) return ErrorResponse(result.error());
  return SessionResponse(201, *result, options_, deps_.clock.Now());
}

Response Api::Login(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"username": "an.nv", "password": "...", "totp": "123456"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"username", "password", "totp"}); !s) return ErrorResponse(s.error());
  auto username = JsonString(*body, "username", true);
  auto password = JsonString(*body, "password", true);
  auto totp = JsonString(*body, "totp", false);
  for (const auto* r : {&username, &password, &totp}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto result = deps_.access.Login({*username, *password, *totp, c.request.remote});
  if (!result) {
    const access::LoginFailure& f = result.error();
    if (f.retry_after_s > 0) {
      Response r = ErrorResponse(429, "locked", f.error.message());
      r.headers.emplace_back("Retry-After", std::to_string(f.retry_after_s));
      return r;
    }
    if (f.totp_required) return ErrorResponse(401, "totp_required", f.error.message());
    return ErrorResponse(f.error);
  }
  return SessionResponse(200, *result, options_, deps_.clock.Now());
}

Response Api::SessionInfo(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  json body = {{"user", PrincipalJson(c.who)}};
  if (c.who.session_id != 0) body["csrf_token"] = c.who.csrf;
  // The account screen shows whether the second factor is on.
  if (auto a = deps_.access.Account(c.who.account_id)) body["user"]["totp"] = !a->totp_secret.empty();
  return Json(200, body);
}

Response Api::Logout(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  if (auto s = deps_.access.Logout(c.who, c.request.remote); !s) return ErrorResponse(s.error());
  Response r = NoContent();
  r.headers.emplace_back("Set-Cookie", fmt::format("{}=; Path=/; HttpOnly; SameSite=Strict; Max-Age=0", kSessionCookie));
  return r;
}

Response Api::ChangePassword(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"current": "...", "new": "..."})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"current", "new"}); !s) return ErrorResponse(s.error());
  auto current = JsonString(*body, "current", true);
  if (!current) return ErrorResponse(current.error());
  auto replacement = JsonString(*body, "new", true);
  if (!replacement) return ErrorResponse(replacement.error());
  if (auto s = deps_.access.ChangePassword(c.who, c.request.remote, *current, *replacement); !s) {
    return ErrorResponse(s.error());
  }
  return NoContent();
}

Response Api::NewTotpSecret(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  // Not stored: it becomes the account's only when a code made from it is confirmed.
  const std::string secret = access::NewTotpSecret();
  return Json(200, {{"secret", secret}, {"uri", access::TotpUri(options_.site_name, c.who.username, secret)}});
}

Response Api::EnableTotp(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"secret": "BASE32...", "code": "123456"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"secret", "code"}); !s) return ErrorResponse(s.error());
  auto secret = JsonString(*body, "secret", true);
  if (!secret) return ErrorResponse(secret.error());
  auto code = JsonString(*body, "code", true);
  if (!code) return ErrorResponse(code.error());
  if (auto s = deps_.access.EnableTotp(c.who, c.request.remote, *secret, *code); !s) return ErrorResponse(s.error());
  return NoContent();
}

Response Api::DisableOwnTotp(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"current": "the account's password"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"current"}); !s) return ErrorResponse(s.error());
  auto current = JsonString(*body, "current", true);
  if (!current) return ErrorResponse(current.error());
  if (auto s = deps_.access.DisableOwnTotp(c.who, c.request.remote, *current); !s) return ErrorResponse(s.error());
  return NoContent();
}

Response Api::ListUsers(const Call& c) const {
  if (auto s = CheckParams(c.target, {"limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  auto accounts = deps_.access.Accounts();
  if (!accounts) return ErrorResponse(accounts.error());
  json out = json::object();
  PutPage(out, "users", *accounts, *page, [](const store::AccountRow& a) { return NumberKey(a.id); }, AccountJson);
  return Json(200, out);
}

Response Api::CreateUser(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"username": "xuan.pt", "display_name": "Phạm Thị Xuân", )"
                                   R"("password": "...", "role": "viewer", "areas": ["thon-dong"]})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"username", "display_name", "password", "role", "areas", "grants"}); !s) {
    return ErrorResponse(s.error());
  }
  access::NewAccount a;
  auto username = JsonString(*body, "username", true);
  auto display = JsonString(*body, "display_name", false);
  auto password = JsonString(*body, "password", true);
  auto role = JsonString(*body, "role", true);
  for (const auto* r : {&username, &display, &password, &role}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto areas = JsonStringList(*body, "areas");
  if (!areas) return ErrorResponse(areas.error());
  auto grants = JsonStringList(*body, "grants");
  if (!grants) return ErrorResponse(grants.error());
  a = {*username, *display, *password, *role, areas->value_or(std::vector<std::string>{}),
       grants->value_or(std::vector<std::string>{})};
  auto created = deps_.access.CreateAccount(c.actor(), a);
  if (!created) return ErrorResponse(created.error());
  Response r = Json(201, AccountJson(*created));
  r.headers.emplace_back("Location", "/api/v1/users/" + std::to_string(created->id));
  return r;
}

Response Api::GetUser(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = ParseId(c.params[0], "a user");
  if (!id) return ErrorResponse(id.error());
  auto a = deps_.access.Account(*id);
  if (!a) return ErrorResponse(a.error());
  return Json(200, AccountJson(*a));
}

Response Api::UpdateUser(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = ParseId(c.params[0], "a user");
  if (!id) return ErrorResponse(id.error());
  auto body = ParseBody(c.request, R"({"role": "officer", "areas": [], "disabled": false, "unlock": true})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"display_name", "password", "role", "areas", "grants", "disabled", "unlock"}); !s) {
    return ErrorResponse(s.error());
  }
  access::AccountPatch patch;
  auto display = JsonOptionalString(*body, "display_name");
  auto password = JsonOptionalString(*body, "password");
  auto role = JsonOptionalString(*body, "role");
  for (const auto* r : {&display, &password, &role}) {
    if (!*r) return ErrorResponse(r->error());
  }
  auto areas = JsonStringList(*body, "areas");
  if (!areas) return ErrorResponse(areas.error());
  auto grants = JsonStringList(*body, "grants");
  if (!grants) return ErrorResponse(grants.error());
  auto disabled = JsonBool(*body, "disabled");
  if (!disabled) return ErrorResponse(disabled.error());
  auto unlock = JsonBool(*body, "unlock");
  if (!unlock) return ErrorResponse(unlock.error());
  patch.display_name = *display;
  patch.password = *password;
  patch.role = *role;
  patch.areas = *areas;
  patch.grants = *grants;
  patch.disabled = *disabled;
  patch.unlock = unlock->value_or(false);
  if (*id == c.who.account_id && (patch.disabled.value_or(false) || (patch.role && *patch.role != c.who.role))) {
    return ErrorResponse(Error(ErrorCode::kFailedPrecondition,
                               "you cannot disable your own account or change your own role"));
  }
  auto updated = deps_.access.UpdateAccount(c.actor(), *id, patch);
  if (!updated) return ErrorResponse(updated.error());
  return Json(200, AccountJson(*updated));
}

Response Api::DeleteUser(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = ParseId(c.params[0], "a user");
  if (!id) return ErrorResponse(id.error());
  if (*id == c.who.account_id) {
    return ErrorResponse(Error(ErrorCode::kFailedPrecondition, "you cannot delete your own account"));
  }
  if (auto s = deps_.access.DeleteAccount(c.actor(), *id); !s) return ErrorResponse(s.error());
  return NoContent();
}

Response Api::DisableTotp(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = ParseId(c.params[0], "a user");
  if (!id) return ErrorResponse(id.error());
  if (auto s = deps_.access.DisableTotp(c.actor(), *id); !s) return ErrorResponse(s.error());
  return NoContent();
}

Response Api::ListRoles(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto roles = deps_.access.Roles();
  if (!roles) return ErrorResponse(roles.error());
  json list = json::array();
  for (const auto& r : *roles) list.push_back({{"name", r.name}, {"rights", r.rights}, {"scope", r.scope}});
  json rights = json::array();
  for (auto r : access::AllRights()) rights.push_back(std::string(r));
  return Json(200, {{"roles", std::move(list)}, {"rights", std::move(rights)}});
}

Response Api::PutRole(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"rights": ["camera.view", "live.view"], "scope": "assigned"})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"rights", "scope"}); !s) return ErrorResponse(s.error());
  auto rights = JsonStringList(*body, "rights");
  if (!rights) return ErrorResponse(rights.error());
  if (!*rights) return ErrorResponse(FieldError("rights", "is required"));
  auto scope = JsonString(*body, "scope", true);
  if (!scope) return ErrorResponse(scope.error());
  store::RoleRow role{c.params[0], **rights, *scope};
  if (auto s = deps_.access.PutRole(c.actor(), role); !s) return ErrorResponse(s.error());
  return Json(200, {{"name", role.name}, {"rights", role.rights}, {"scope", role.scope}});
}

Response Api::ListTokens(const Call& c) const {
  if (auto s = CheckParams(c.target, {"all", "limit", "cursor"}); !s) return ErrorResponse(s.error());
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  const bool all = c.target.query.count("all") != 0 && c.who.Can(access::right::kUserManage);
  auto tokens = deps_.access.Tokens(all ? 0 : c.who.account_id);
  if (!tokens) return ErrorResponse(tokens.error());
  json out = json::object();
  PutPage(out, "tokens", *tokens, *page, [](const store::TokenRow& t) { return NumberKey(t.id); }, TokenJson);
  return Json(200, out);
}

Response Api::CreateToken(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto body = ParseBody(c.request, R"({"name": "province hub", "ttl_days": 90, "account_id": 3})");
  if (!body) return ErrorResponse(body.error());
  if (auto s = CheckKeys(*body, {"name", "ttl_days", "account_id"}); !s) return ErrorResponse(s.error());
  auto name = JsonString(*body, "name", true);
  if (!name) return ErrorResponse(name.error());
  std::int64_t ttl_days = 0;
  if (auto it = body->find("ttl_days"); it != body->end()) {
    if (!it->is_number_integer() || it->get<std::int64_t>() < 0 || it->get<std::int64_t>() > 3650) {
      return ErrorResponse(FieldError("ttl_days", "must be an integer from 0 (never) to 3650"));
    }
    ttl_days = it->get<std::int64_t>();
  }
  std::int64_t account = c.who.account_id;
  if (auto it = body->find("account_id"); it != body->end()) {
    if (!it->is_number_integer()) return ErrorResponse(FieldError("account_id", "must be an integer"));
    account = it->get<std::int64_t>();
    if (account != c.who.account_id && !c.who.Can(access::right::kUserManage)) {
      return ErrorResponse(403, "permission_denied", "only user.manage may create tokens for other accounts");
    }
  }
  auto created = deps_.access.CreateToken(c.actor(), account, *name, std::chrono::seconds(ttl_days * 86400));
  if (!created) return ErrorResponse(created.error());
  json j = TokenJson(created->row);
  j["token"] = created->token;  // shown once
  Response r = Json(201, j);
  r.headers.emplace_back("Cache-Control", "no-store");
  return r;
}

Response Api::RevokeToken(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto id = ParseId(c.params[0], "a token");
  if (!id) return ErrorResponse(id.error());
  auto token = deps_.access.Token(*id);
  // Someone else's token is "not found" to a caller without user.manage.
  if (!token || (token->account_id != c.who.account_id && !c.who.Can(access::right::kUserManage))) {
    return ErrorResponse(Error(ErrorCode::kNotFound, "no API token " + std::to_string(*id)));
  }
  if (auto s = deps_.access.RevokeToken(c.actor(), *id); !s) return ErrorResponse(s.error());
  return NoContent();
}

Response Api::QueryAudit(const Call& c) const {
  if (auto s = CheckParams(c.target, {"from", "to", "actor", "action", "camera", "before", "limit", "cursor"}); !s) {
    return ErrorResponse(s.error());
  }
  auto page = ParsePage(c.target);
  if (!page) return ErrorResponse(page.error());
  store::AuditQuery q;
  auto from = TimeParam(c.target, "from", WallNs{0});
  if (!from) return ErrorResponse(from.error());
  auto to = TimeParam(c.target, "to", WallNs{0});
  if (!to) return ErrorResponse(to.error());
  q.from = *from;
  q.to = *to;
  auto get = [&](const char* k) {
    auto it = c.target.query.find(k);
    return it == c.target.query.end() ? std::string() : it->second;
  };
  q.actor = get("actor");
  q.action = get("action");
  q.camera_id = get("camera");
  if (auto b = get("before"); !b.empty()) {
    auto v = ParseId(b, "before");
    if (!v) return ErrorResponse(FieldError("before", "must be a positive integer (a seq)"));
    q.before_seq = *v;
  }
  if (page->after) {
    // Newest first, so the cursor (the seq of the last entry shown) means "older than".
    auto v = ParseId(*page->after, "a cursor's");
    if (!v) return ErrorResponse(FieldError("cursor", "is not a cursor this server gave out"));
    q.before_seq = *v;
  }
  // One more than the page: whether there is a next page, without an empty last page.
  q.limit = static_cast<int>(page->limit) + 1;
  auto rows = deps_.audit_store.Query(q);
  if (!rows) return ErrorResponse(rows.error());
  const bool more = rows->size() > page->limit;
  if (more) rows->resize(page->limit);
  json list = json::array();
  for (const auto& r : *rows) {
    json j = {{"seq", r.seq}, {"actor", r.actor}, {"action", r.action}, {"camera_id", r.camera_id},
              {"detail", r.detail}, {"remote", r.remote}, {"hash", r.hash}};
    PutTime(j, "at", r.at);
    if (r.from != 0 || r.to != 0) {
      PutTime(j, "from", r.from);
      PutTime(j, "to", r.to);
    }
    list.push_back(std::move(j));
  }
  json out = {{"entries", std::move(list)}, {"next", nullptr}};
  // The next page: entries older than the last one here. `next_before` is the older form
  // of the same (pass it as `before`), kept for scripts written against it.
  if (more) {
    out["next"] = EncodeCursor(NumberKey(rows->back().seq));
    out["next_before"] = rows->back().seq;
  }
  return Json(200, out);
}

Response Api::VerifyAudit(const Call& c) const {
  if (auto s = CheckParams(c.target, {}); !s) return ErrorResponse(s.error());
  auto report = access::VerifyAudit(deps_.audit_store, options_.audit_head);
  if (!report) return ErrorResponse(report.error());
  json findings = json::array();
  for (const auto& f : report->findings) findings.push_back({{"seq", f.seq}, {"problem", f.problem}});
  return Json(200, {{"ok", report->ok()}, {"entries", report->entries}, {"findings", std::move(findings)}});
}

}  // namespace anninh::serve
