#include "access/access_control.h"

#include <gtest/gtest.h>

#include "access/totp.h"
#include "store/sqlite/sqlite_access_store.h"
#include "store/sqlite/sqlite_audit_store.h"
#include "support/temp_dir.h"

namespace anninh::access {
namespace {

using namespace std::chrono_literals;

class AccessControlTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::sqlite::SqliteAccessStore::Open(dir_ / "index.db");
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    auto a = store::sqlite::SqliteAuditStore::Open(dir_ / "index.db");
    ASSERT_TRUE(a);
    audit_store_ = std::move(*a);
    auto log = AuditLog::Open(*audit_store_, dir_ / "audit.head", clock_);
    ASSERT_TRUE(log);
    audit_ = std::move(*log);
    AccessOptions o;
    o.password_cost = PasswordCost::Minimum();
    access_ = std::make_unique<AccessControl>(*store_, *audit_, clock_, o);
  }

  store::AccountRow Create(const std::string& name, const std::string& role,
                           std::vector<std::string> areas = {}) {
    auto a = access_->CreateAccount({"test", "local"}, {name, "", "mật khẩu dài đủ", role, areas, {}});
    EXPECT_TRUE(a) << a.error().ToString();
    return a ? *a : store::AccountRow{};
  }

  tl::expected<LoginResult, LoginFailure> Login(const std::string& name, const std::string& pw,
                                                const std::string& totp = "") {
    return access_->Login({name, pw, totp, "10.0.0.9"});
  }

  std::vector<std::string> Actions() {
    auto rows = audit_store_->Query({});
    std::vector<std::string> out;
    for (auto it = rows->rbegin(); it != rows->rend(); ++it) out.push_back(it->action);
    return out;
  }

  testing::TempDir dir_;
  SimulatedClock clock_;
  std::unique_ptr<store::sqlite::SqliteAccessStore> store_;
  std::unique_ptr<store::sqlite::SqliteAuditStore> audit_store_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<AccessControl> access_;
};

TEST_F(AccessControlTest, SetupTokenWorksOnceAndOnlyBeforeTheFirstAccount) {
  ASSERT_TRUE(access_->NeedsSetup());
  const std::string token = access_->SetupToken();
  ASSERT_FALSE(token.empty());
  auto wrong = access_->Setup("guess", {"admin", "", "mật khẩu dài đủ", "", {}, {}}, "x");
  ASSERT_FALSE(wrong);
  EXPECT_EQ(wrong.error().code(), ErrorCode::kPermissionDenied);
  auto ok = access_->Setup(token, {"admin", "Quản trị", "mật khẩu dài đủ", "viewer", {}, {}}, "x");
  ASSERT_TRUE(ok) << ok.error().ToString();
  EXPECT_EQ(ok->principal.role, "admin");  // setup always makes an administrator
  EXPECT_FALSE(access_->NeedsSetup());
  auto again = access_->Setup(token, {"admin2", "", "mật khẩu dài đủ", "", {}, {}}, "x");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(AccessControlTest, LoginGivesASessionWithTheRolesRights) {
  Create("xuan.pt", "viewer", {"thon-dong"});
  auto r = Login("xuan.pt", "mật khẩu dài đủ");
  ASSERT_TRUE(r) << r.error().error.ToString();
  auto p = access_->Authenticate(r->session_token, "");
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_TRUE(p->Can(right::kLiveView));
  EXPECT_FALSE(p->Can(right::kPlayback));
  EXPECT_TRUE(p->SeesCamera("thon-dong"));
  EXPECT_FALSE(p->SeesCamera("thon-tay"));
  EXPECT_FALSE(p->SeesCamera(""));
  EXPECT_FALSE(p->csrf.empty());
  // The session is stored only as a digest: the token itself is nowhere in the database.
  auto s = store_->SessionByHash(r->session_token);
  ASSERT_TRUE(s);
  EXPECT_FALSE(s->has_value());
}

TEST_F(AccessControlTest, UsernamesAreCaseInsensitiveAndUnique) {
  Create("an.nv", "officer");
  auto dup = access_->CreateAccount({"t", ""}, {"AN.NV", "", "mật khẩu dài đủ", "officer", {}, {}});
  ASSERT_FALSE(dup);  // refused either as malformed (upper case) or taken
  auto dup2 = access_->CreateAccount({"t", ""}, {"an.nv", "", "mật khẩu dài đủ", "officer", {}, {}});
  ASSERT_FALSE(dup2);
  EXPECT_EQ(dup2.error().code(), ErrorCode::kAlreadyExists);
}

TEST_F(AccessControlTest, WrongPasswordAndUnknownUserLookTheSame) {
  Create("an.nv", "officer");
  auto a = Login("an.nv", "wrong password!");
  auto b = Login("nobody", "wrong password!");
  ASSERT_FALSE(a);
  ASSERT_FALSE(b);
  EXPECT_EQ(a.error().error.message(), b.error().error.message());
  EXPECT_EQ(a.error().error.code(), ErrorCode::kUnauthenticated);
}

TEST_F(AccessControlTest, LockoutAfterFiveFailuresWithGrowingBackoff) {
  Create("an.nv", "officer");
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(Login("an.nv", "wrong password!"));
  // Locked now: even the right password is refused, with a retry time.
  auto locked = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_FALSE(locked);
  EXPECT_EQ(locked.error().error.code(), ErrorCode::kResourceExhausted);
  EXPECT_EQ(locked.error().retry_after_s, 60);
  clock_.Advance(61s);
  // One more failure after the lock doubles it.
  ASSERT_FALSE(Login("an.nv", "wrong password!"));
  auto again = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().retry_after_s, 120);
  clock_.Advance(121s);
  ASSERT_TRUE(Login("an.nv", "mật khẩu dài đủ"));
  // Success reset the count: four failures do not lock.
  for (int i = 0; i < 4; ++i) ASSERT_FALSE(Login("an.nv", "wrong password!"));
  EXPECT_TRUE(Login("an.nv", "mật khẩu dài đủ"));
  auto actions = Actions();
  EXPECT_NE(std::find(actions.begin(), actions.end(), "login.locked"), actions.end());
  EXPECT_GE(std::count(actions.begin(), actions.end(), "login.failed"), 10);
}

TEST_F(AccessControlTest, AdminCanUnlock) {
  auto a = Create("an.nv", "officer");
  for (int i = 0; i < 5; ++i) ASSERT_FALSE(Login("an.nv", "wrong password!"));
  AccountPatch patch;
  patch.unlock = true;
  ASSERT_TRUE(access_->UpdateAccount({"admin", ""}, a.id, patch));
  EXPECT_TRUE(Login("an.nv", "mật khẩu dài đủ"));
}

TEST_F(AccessControlTest, SessionsExpireWhenIdleAndAtTheirMaximum) {
  Create("an.nv", "officer");
  auto r = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_TRUE(r);
  // Used every hour, it lives until the 12-hour maximum.
  for (int h = 0; h < 11; ++h) {
    clock_.Advance(1h);
    ASSERT_TRUE(access_->Authenticate(r->session_token, "")) << "hour " << h + 1;
  }
  clock_.Advance(61min);
  auto late = access_->Authenticate(r->session_token, "");
  ASSERT_FALSE(late);
  EXPECT_EQ(late.error().code(), ErrorCode::kUnauthenticated);

  auto r2 = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_TRUE(r2);
  clock_.Advance(2h + 1s);  // idle too long
  EXPECT_FALSE(access_->Authenticate(r2->session_token, ""));
}

TEST_F(AccessControlTest, LogoutEndsTheSessionAndEachLoginIsANewId) {
  Create("an.nv", "officer");
  auto a = Login("an.nv", "mật khẩu dài đủ");
  auto b = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_TRUE(a && b);
  EXPECT_NE(a->session_token, b->session_token);
  ASSERT_TRUE(access_->Logout(a->principal, "x"));
  EXPECT_FALSE(access_->Authenticate(a->session_token, ""));
  EXPECT_TRUE(access_->Authenticate(b->session_token, ""));
  // A made-up session id is never accepted (no fixation: ids come only from Login).
  EXPECT_FALSE(access_->Authenticate("attacker-chosen-session-id-0123456789abcdef", ""));
}

TEST_F(AccessControlTest, PasswordChangeEndsOtherSessions) {
  Create("an.nv", "officer");
  auto a = Login("an.nv", "mật khẩu dài đủ");
  auto b = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_TRUE(a && b);
  ASSERT_FALSE(access_->ChangePassword(a->principal, "x", "wrong current", "mật khẩu mới dài đủ"));
  ASSERT_TRUE(access_->ChangePassword(a->principal, "x", "mật khẩu dài đủ", "mật khẩu mới dài đủ"));
  EXPECT_TRUE(access_->Authenticate(a->session_token, ""));
  EXPECT_FALSE(access_->Authenticate(b->session_token, ""));
  EXPECT_FALSE(Login("an.nv", "mật khẩu dài đủ"));
  EXPECT_TRUE(Login("an.nv", "mật khẩu mới dài đủ"));
}

TEST_F(AccessControlTest, DisabledAccountCannotSignInAndLosesItsSessions) {
  auto acc = Create("an.nv", "officer");
  auto a = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_TRUE(a);
  AccountPatch patch;
  patch.disabled = true;
  ASSERT_TRUE(access_->UpdateAccount({"admin", ""}, acc.id, patch));
  EXPECT_FALSE(access_->Authenticate(a->session_token, ""));
  auto again = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_FALSE(again);
  EXPECT_EQ(again.error().error.code(), ErrorCode::kPermissionDenied);
}

TEST_F(AccessControlTest, ApiTokensExpireAndCanBeRevoked) {
  auto acc = Create("script", "officer");
  auto forever = access_->CreateToken({"admin", ""}, acc.id, "province hub", 0s);
  auto hour = access_->CreateToken({"admin", ""}, acc.id, "one hour", 3600s);
  ASSERT_TRUE(forever && hour);
  EXPECT_EQ(forever->token.rfind("anninh_", 0), 0u);
  auto p = access_->Authenticate("", forever->token);
  ASSERT_TRUE(p) << p.error().ToString();
  EXPECT_EQ(p->token_id, forever->row.id);
  EXPECT_TRUE(p->csrf.empty());
  EXPECT_TRUE(access_->Authenticate("", hour->token));
  clock_.Advance(3601s);
  auto expired = access_->Authenticate("", hour->token);
  ASSERT_FALSE(expired);
  EXPECT_NE(expired.error().message().find("expired"), std::string::npos);
  ASSERT_TRUE(access_->RevokeToken({"admin", ""}, forever->row.id));
  auto revoked = access_->Authenticate("", forever->token);
  ASSERT_FALSE(revoked);
  EXPECT_NE(revoked.error().message().find("revoked"), std::string::npos);
  // A token with the right id and a wrong secret, or garbage, is refused.
  EXPECT_FALSE(access_->Authenticate("", "anninh_" + std::to_string(hour->row.id) + "_wrong"));
  EXPECT_FALSE(access_->Authenticate("", "anninh_x_y"));
  EXPECT_FALSE(access_->Authenticate("", "Bearer nonsense"));
}

TEST_F(AccessControlTest, TotpSecondFactor) {
  Create("an.nv", "officer");
  auto r = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_TRUE(r);
  const std::string secret = NewTotpSecret();
  ASSERT_FALSE(access_->EnableTotp(r->principal, "x", secret, "000000"));
  const std::string code = TotpCode(*Base32Decode(secret), clock_.Now());
  ASSERT_TRUE(access_->EnableTotp(r->principal, "x", secret, code));
  auto no_code = Login("an.nv", "mật khẩu dài đủ");
  ASSERT_FALSE(no_code);
  EXPECT_TRUE(no_code.error().totp_required);
  const std::string stale = TotpCode(*Base32Decode(secret), clock_.Now() - 600 * kNsPerSecond);
  EXPECT_FALSE(Login("an.nv", "mật khẩu dài đủ", stale));
  auto ok = Login("an.nv", "mật khẩu dài đủ", TotpCode(*Base32Decode(secret), clock_.Now()));
  EXPECT_TRUE(ok);
}

TEST_F(AccessControlTest, RolesAreAdjustableButAdminIsFixed) {
  auto admin = access_->PutRole({"admin", ""}, {"admin", {"camera.view"}, "all"});
  EXPECT_FALSE(admin);
  ASSERT_TRUE(access_->PutRole({"admin", ""}, {"viewer", {"camera.view", "live.view", "playback"}, "assigned"}));
  Create("xuan.pt", "viewer", {"thon-dong"});
  auto r = Login("xuan.pt", "mật khẩu dài đủ");
  ASSERT_TRUE(r);
  EXPECT_TRUE(r->principal.Can(right::kPlayback));
  EXPECT_FALSE(access_->PutRole({"admin", ""}, {"x", {"fly"}, "all"}));
  EXPECT_FALSE(access_->PutRole({"admin", ""}, {"x", {}, "everywhere"}));
}

TEST_F(AccessControlTest, BadAccountInputIsRefusedWithTheReason) {
  auto bad_role = access_->CreateAccount({"t", ""}, {"a.b", "", "mật khẩu dài đủ", "god", {}, {}});
  ASSERT_FALSE(bad_role);
  EXPECT_NE(bad_role.error().message().find("god"), std::string::npos);
  EXPECT_FALSE(access_->CreateAccount({"t", ""}, {"a'; DROP TABLE account; --", "", "mật khẩu dài đủ", "viewer", {}, {}}));
  EXPECT_FALSE(access_->CreateAccount({"t", ""}, {"a.b", "", "short", "viewer", {}, {}}));
  EXPECT_FALSE(access_->CreateAccount({"t", ""}, {"a.b", "", "mật khẩu dài đủ", "viewer", {"thôn Đông"}, {}}));
  EXPECT_FALSE(access_->CreateAccount({"t", ""}, {"a.b", "", "mật khẩu dài đủ", "viewer", {}, {"everything"}}));
  auto n = store_->CountAccounts();
  EXPECT_EQ(*n, 0);
}

}  // namespace
}  // namespace anninh::access
