#include "access/audit_log.h"

#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/sqlite/sqlite_audit_store.h"
#include "support/temp_dir.h"

namespace anninh::access {
namespace {

class AuditLogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto s = store::sqlite::SqliteAuditStore::Open(dir_ / "index.db");
    ASSERT_TRUE(s) << s.error().ToString();
    store_ = std::move(*s);
    auto log = AuditLog::Open(*store_, head(), clock_);
    ASSERT_TRUE(log);
    log_ = std::move(*log);
    for (int i = 0; i < 5; ++i) {
      ASSERT_TRUE(log_->Record({"an.nv", "video", "cong-ubnd", i * kNsPerSecond, (i + 1) * kNsPerSecond,
                                "entry " + std::to_string(i), "10.0.0.5"}));
      clock_.Advance(std::chrono::seconds(1));
    }
  }
  std::filesystem::path head() const { return dir_ / "audit.head"; }

  // Tampering as an attacker with the database file would do it: plain SQL.
  void Sql(const std::string& sql) {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open((dir_ / "index.db").c_str(), &db), SQLITE_OK);
    char* err = nullptr;
    EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err), SQLITE_OK) << (err ? err : "");
    sqlite3_free(err);
    sqlite3_close(db);
  }

  AuditVerifyReport Verify() {
    auto r = VerifyAudit(*store_, head());
    EXPECT_TRUE(r) << r.error().ToString();
    return r ? *r : AuditVerifyReport{};
  }

  testing::TempDir dir_;
  SimulatedClock clock_;
  std::unique_ptr<store::sqlite::SqliteAuditStore> store_;
  std::unique_ptr<AuditLog> log_;
};

TEST_F(AuditLogTest, IntactChainVerifies) {
  auto r = Verify();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.entries, 5);
}

TEST_F(AuditLogTest, ReopenedLogContinuesTheChain) {
  auto again = AuditLog::Open(*store_, head(), clock_);
  ASSERT_TRUE(again);
  ASSERT_TRUE((*again)->Record({"system", "start", "", 0, 0, "", ""}));
  auto r = Verify();
  EXPECT_TRUE(r.ok());
  EXPECT_EQ(r.entries, 6);
}

TEST_F(AuditLogTest, EditedFieldIsFound) {
  Sql("UPDATE audit SET camera_id = 'cong-sau' WHERE seq = 3");
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.findings[0].seq, 3);
}

TEST_F(AuditLogTest, EditWithRecomputedHashBreaksTheNextLink) {
  Sql("UPDATE audit SET actor = 'someone', hash = 'f00d' WHERE seq = 2");
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  bool seq2 = false, seq3 = false;
  for (const auto& f : r.findings) {
    seq2 |= f.seq == 2;
    seq3 |= f.seq == 3;
  }
  EXPECT_TRUE(seq2 && seq3);
}

TEST_F(AuditLogTest, RemovedMiddleRowIsFound) {
  Sql("DELETE FROM audit WHERE seq = 2");
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.findings[0].seq, 3);
  EXPECT_NE(r.findings[0].problem.find("missing"), std::string::npos);
}

TEST_F(AuditLogTest, RemovedLastRowsAreFoundByTheHead) {
  Sql("DELETE FROM audit WHERE seq >= 4");
  auto r = Verify();
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.findings[0].problem.find("removed from the end"), std::string::npos);
}

TEST_F(AuditLogTest, EmptiedTableIsFound) {
  Sql("DELETE FROM audit");
  EXPECT_FALSE(Verify().ok());
}

}  // namespace
}  // namespace anninh::access
