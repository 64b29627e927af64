// Report jobs end to end on real records: the files they make are opened again by
// LibreOffice (XLSX -> CSV, DOCX -> text) and poppler (PDF -> text) and must show the
// roll-up's figures; LibreOffice missing or hanging fails the job with an error that says so.
#include "reports/report_jobs.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <thread>
#include <tuple>

#include "reports/reports_world_test.h"
#include "support/process.h"

namespace anninh::reports {
namespace {

namespace fs = std::filesystem;

std::string Read(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// One CSV line's cells (RFC 4180 quoting: LibreOffice quotes cells holding commas).
std::vector<std::string> CsvCells(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char ch = line[i];
    if (quoted && ch == '"' && i + 1 < line.size() && line[i + 1] == '"') {
      out.back() += '"';
      ++i;
    } else if (ch == '"') {
      quoted = !quoted;
    } else if (ch == ',' && !quoted) {
      out.emplace_back();
    } else if (ch != '\r') {
      out.back() += ch;
    }
  }
  return out;
}

class ReportJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // One camera model in Thôn Bắc (of Xã Tây Ninh, merged into Xã Tiền Hải on 01/07/2025),
    // one tự quản model in Thôn Đông, one retired before the quarter ended.
    camera_model_ = w_.ActiveModel("Camera thôn Bắc", "90002.01", "2025-02-01", "camera");
    ASSERT_TRUE(w_.registry->models().SetCameras(camera_model_.id, {"cho", "cong"}, "2025-02-01"));
    w_.ActiveModel("Tự quản thôn Đông", "90001.01", "2025-01-10", "tu_quan");
    // The mediation team of Thôn Đông (Xã An Ninh before the merge): in Q3 two cases closed,
    // one reconciled; one closed in Q2 is not the quarter's.
    const auto mediation = w_.ActiveModel("Tổ hòa giải thôn Đông", "90001.01", "2025-01-10", "tu_hoa_giai");
    for (auto [received, outcome, closed] : {std::tuple{"2025-04-20", "reconciled", "2025-05-05"},
                                             std::tuple{"2025-07-28", "reconciled", "2025-08-10"},
                                             std::tuple{"2025-08-20", "not_reconciled", "2025-09-01"}}) {
      ASSERT_TRUE(w_.registry->mediation().Add(
          "test", {0, mediation.id, received, "Tranh chấp ranh giới đất", outcome, closed, "", ""}));
    }
    // The third quarter is 92 days: "cong" recorded the first 46 (half, on two streams that
    // overlap), "cho" 23 days (a quarter).
    const WallNs q3 = movement::VietnamMidnight("2025-07-01");
    w_.Recorded("cong", "main", q3, q3 + 46 * kDay);
    w_.Recorded("cong", "sub", q3 + 10 * kDay, q3 + 20 * kDay);
    w_.Recorded("cho", "main", q3 + 50 * kDay, q3 + 73 * kDay);
    w_.Recorded("cho", "main", q3 - 10 * kDay, q3);  // before the quarter: not counted
  }

  ReportJobsOptions Options() {
    ReportJobsOptions o;
    o.registry = w_.registry.get();
    o.index = w_.index.get();
    o.clock = &w_.clock;
    o.dir = w_.dir.path() / "reports";
    o.convert.timeout = std::chrono::seconds(120);
    return o;
  }

  ReportRequest Request(Format format) {
    ReportRequest r;
    r.unit = "33";
    r.format = format;
    r.period = "2025-Q3";
    r.requested_by = "user:lan";
    return r;
  }

  ReportStatus Finish(ReportJobs& jobs, const ReportRequest& r) {
    auto id = jobs.Submit(r);
    EXPECT_TRUE(id) << id.error().ToString();
    auto done = jobs.Wait(*id, std::chrono::seconds(180));
    EXPECT_TRUE(done) << done.error().ToString();
    return *done;
  }

  // The file converted by LibreOffice into `target` and read back.
  std::string ConvertBack(const fs::path& file, const std::string& target) {
    const fs::path out = w_.dir.path() / "back";
    fs::create_directories(out);
    auto converted = Convert({}, file, target, out, w_.dir.path() / "back-work");
    EXPECT_TRUE(converted) << converted.error().ToString();
    return converted ? Read(*converted) : "";
  }

  ReportsWorld w_;
  movement::Model camera_model_;
};

TEST_F(ReportJobsTest, TheSpreadsheetOpensAndHoldsTheRollUpsFigures) {
  ReportJobs jobs(Options());
  ReportStatus s = Finish(jobs, Request(Format::kXlsx));
  ASSERT_EQ(s.state, JobState::kDone) << s.error.ToString();
  EXPECT_EQ(s.percent, 100);
  EXPECT_EQ(s.request.from, "2025-07-01");
  EXPECT_EQ(s.request.to, "2025-09-30");
  ASSERT_TRUE(s.file);
  EXPECT_EQ(s.file->name, "bao-cao-33-2025-Q3.xlsx");
  EXPECT_EQ(s.file->bytes, fs::file_size(s.file->path));
  EXPECT_EQ(s.file->sha256.size(), 64u);

  const std::string csv = ConvertBack(s.file->path, "csv:Text - txt - csv (StarCalc):44,34,76");
  const auto rollup = w_.registry->RollUp("33", "2025-09-30", "2025-Q3").value();
  std::vector<std::string> header, total, commune;
  std::stringstream lines(csv);
  for (std::string line; std::getline(lines, line);) {
    const auto cells = CsvCells(line);
    if (cells[0] == "Đơn vị") header = cells;
    if (cells[0] == "Tổng: Tỉnh Hưng Yên") total = cells;
    if (cells[0] == "Xã Tiền Hải") commune = cells;
  }
  ASSERT_FALSE(header.empty()) << csv;
  ASSERT_FALSE(total.empty()) << csv;
  ASSERT_FALSE(commune.empty()) << csv;
  auto at = [&](const std::vector<std::string>& row, const std::string& label) {
    for (std::size_t i = 0; i < header.size() && i < row.size(); ++i) {
      if (header[i] == label) return row[i];
    }
    ADD_FAILURE() << "no column " << label;
    return std::string();
  };
  EXPECT_EQ(at(total, "Mô hình"), std::to_string(rollup.unit.totals.models));
  EXPECT_EQ(at(total, "Mô hình"), "3");
  EXPECT_EQ(at(total, "Điểm"), std::to_string(rollup.unit.totals.points));
  EXPECT_EQ(at(total, "Tổ"), std::to_string(rollup.unit.totals.teams));
  EXPECT_EQ(at(total, "Camera"), "2");
  // (50% + 25%) / 2, over the quarter's 92 days.
  EXPECT_EQ(at(total, "Camera hoạt động (%)"), "37.5");
  EXPECT_EQ(at(total, "Loại: Camera giám sát an ninh, trật tự"), "1");
  EXPECT_EQ(at(total, "Trạng thái: Đang hoạt động"), "3");
  EXPECT_EQ(at(total, "Vụ việc hòa giải"), "2");
  EXPECT_EQ(at(total, "Hòa giải thành"), "1");
  EXPECT_EQ(at(total, "Vụ việc hòa giải"), std::to_string(rollup.unit.totals.mediation_handled));
  EXPECT_EQ(at(commune, "Mô hình"), "3");
  EXPECT_EQ(at(commune, "Vụ việc hòa giải"), "2");
  EXPECT_EQ(at(commune, "Camera hoạt động (%)"), "37.5");
}

TEST_F(ReportJobsTest, TheDocumentFollowsDecree30AndHoldsTheFiguresInDocxAndPdf) {
  ReportJobs jobs(Options());
  ReportRequest r = Request(Format::kDocx);
  r.number = "15/BC-BCĐ";
  ReportStatus docx = Finish(jobs, r);
  ASSERT_EQ(docx.state, JobState::kDone) << docx.error.ToString();
  EXPECT_EQ(docx.file->name, "bao-cao-33-2025-Q3.docx");
  EXPECT_EQ(Read(docx.file->path).substr(0, 2), "PK");  // a ZIP, as every OOXML file

  const std::string text = ConvertBack(docx.file->path, "txt:Text (encoded):UTF8");
  for (const char* expected :
       {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "Hưng Yên, ngày 15 tháng 10 năm 2025",
        "BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ", "TỈNH HƯNG YÊN", "Số: 15/BC-BCĐ", "BÁO CÁO",
        "kỳ 2025-Q3", "Xã Tiền Hải", "37,5", "Nơi nhận:"}) {
    EXPECT_NE(text.find(expected), std::string::npos) << expected << " not in:\n" << text;
  }
  EXPECT_NE(text.find("có 3 mô hình"), std::string::npos) << text;
  EXPECT_NE(text.find("đã giải quyết 2 vụ việc, trong đó hòa giải thành 1 vụ việc"), std::string::npos) << text;

  ReportStatus pdf = Finish(jobs, Request(Format::kPdf));
  ASSERT_EQ(pdf.state, JobState::kDone) << pdf.error.ToString();
  EXPECT_EQ(Read(pdf.file->path).substr(0, 5), "%PDF-");
  const auto pdftext = testing::RunCommand("pdftotext -layout '" + pdf.file->path.string() + "' -");
  ASSERT_EQ(pdftext.exit_code, 0) << pdftext.output;
  for (const char* expected :
       {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hưng Yên, ngày 15 tháng 10 năm 2025", "37,5"}) {
    EXPECT_NE(pdftext.output.find(expected), std::string::npos) << expected << " not in:\n" << pdftext.output;
  }
  // Times New Roman, or its metric twin where it is not installed (fonts-liberation2).
  const auto fonts = testing::RunCommand("pdffonts '" + pdf.file->path.string() + "'");
  EXPECT_TRUE(fonts.output.find("TimesNewRoman") != std::string::npos ||
              fonts.output.find("LiberationSerif") != std::string::npos)
      << fonts.output;
}

TEST_F(ReportJobsTest, AsOfADateBeforeTheMergeTheReportIsDrawnOnTheOldUnits) {
  ReportJobs jobs(Options());
  ReportRequest r = Request(Format::kXlsx);
  r.unit = "34";
  r.period.clear();
  r.as_of = "2025-06-15";
  ReportStatus s = Finish(jobs, r);
  ASSERT_EQ(s.state, JobState::kDone) << s.error.ToString();
  EXPECT_EQ(s.request.from, "2025-05-17");  // the 30 days up to as_of
  EXPECT_NE(ConvertBack(s.file->path, "csv:Text - txt - csv (StarCalc):44,34,76").find("Tổng: Tỉnh Thái Bình"),
            std::string::npos);
  // After the merge Thái Bình is no unit: the job fails, saying so.
  r.as_of = "2025-09-30";
  ReportStatus gone = Finish(jobs, r);
  EXPECT_EQ(gone.state, JobState::kFailed);
  EXPECT_EQ(gone.error.code(), ErrorCode::kNotFound);
}

TEST_F(ReportJobsTest, MissingLibreOfficeFailsTheJobWithAClearError) {
  ReportJobsOptions o = Options();
  o.convert.soffice = (w_.dir.path() / "no-such-soffice").string();
  ReportJobs jobs(o);
  ReportStatus s = Finish(jobs, Request(Format::kPdf));
  EXPECT_EQ(s.state, JobState::kFailed);
  EXPECT_EQ(s.error.code(), ErrorCode::kUnavailable);
  EXPECT_NE(s.error.message().find("LibreOffice was not found"), std::string::npos) << s.error.message();
  EXPECT_NE(s.error.message().find("[reports] soffice"), std::string::npos);
  EXPECT_FALSE(s.file);
  EXPECT_TRUE(fs::is_empty(w_.dir.path() / "reports" / "files"));
  // XLSX needs no LibreOffice.
  EXPECT_EQ(Finish(jobs, Request(Format::kXlsx)).state, JobState::kDone);
}

TEST_F(ReportJobsTest, AHangingLibreOfficeIsKilledAtTheTimeoutAndCanBeCancelled) {
  const fs::path fake = w_.dir.path() / "soffice-hangs";
  {
    std::ofstream out(fake);
    out << "#!/bin/sh\nsleep 300 &\necho $! > \"$(dirname \"$0\")/sleep.pid\"\nwait\n";
  }
  fs::permissions(fake, fs::perms::owner_all);
  ReportJobsOptions o = Options();
  o.convert.soffice = fake.string();
  o.convert.timeout = std::chrono::seconds(1);
  ReportJobs jobs(o);
  const auto started = std::chrono::steady_clock::now();
  ReportStatus s = Finish(jobs, Request(Format::kDocx));
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(20));
  EXPECT_EQ(s.state, JobState::kFailed);
  EXPECT_EQ(s.error.code(), ErrorCode::kDeadlineExceeded);
  EXPECT_NE(s.error.message().find("within 1 s"), std::string::npos) << s.error.message();
  // The whole process group was killed: the converter's own child is gone too.
  const std::string sleep_pid = Read(w_.dir.path() / "sleep.pid");
  ASSERT_FALSE(sleep_pid.empty());
  bool gone = false;
  for (int i = 0; i < 100 && !gone; ++i) {
    const std::string stat = Read("/proc/" + sleep_pid.substr(0, sleep_pid.find('\n')) + "/stat");
    gone = stat.empty() || stat.find(") Z") != std::string::npos;
    if (!gone) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  EXPECT_TRUE(gone) << "sleep " << sleep_pid << " outlived the timeout";

  ReportJobsOptions slow = Options();
  slow.convert.soffice = fake.string();
  slow.convert.timeout = std::chrono::seconds(100);
  ReportJobs cancelling(slow);
  auto id = cancelling.Submit(Request(Format::kPdf)).value();
  for (int i = 0; i < 200 && cancelling.Get(id)->percent < 80; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(cancelling.Cancel(id));
  auto cancelled = cancelling.Wait(id, std::chrono::seconds(5));
  ASSERT_TRUE(cancelled) << cancelled.error().ToString();
  EXPECT_EQ(cancelled->state, JobState::kCancelled);
  EXPECT_EQ(cancelling.Cancel(id).error().code(), ErrorCode::kFailedPrecondition);
}

TEST_F(ReportJobsTest, FilesAreDeletedAfterTheRetentionTimeAndBadRequestsAreRefused) {
  ReportJobsOptions o = Options();
  o.retention = std::chrono::hours(1);
  ReportJobs jobs(o);
  ReportStatus s = Finish(jobs, Request(Format::kXlsx));
  ASSERT_EQ(s.state, JobState::kDone);
  jobs.Expire();
  ASSERT_TRUE(jobs.Get(s.id));
  w_.clock.Advance(std::chrono::minutes(61));
  jobs.Expire();
  EXPECT_EQ(jobs.Get(s.id).error().code(), ErrorCode::kNotFound);
  EXPECT_FALSE(fs::exists(s.file->path));

  ReportRequest bad = Request(Format::kXlsx);
  bad.period = "2025-Q5";
  EXPECT_EQ(jobs.Submit(bad).error().field(), "period");
  bad = Request(Format::kXlsx);
  bad.as_of = "2025-09-30";
  EXPECT_EQ(jobs.Submit(bad).error().field(), "as_of");  // both period and as_of
  bad = Request(Format::kXlsx);
  bad.period = "2026-Q1";
  EXPECT_EQ(jobs.Submit(bad).error().field(), "period");  // not begun
  EXPECT_TRUE(jobs.List().empty());
}

TEST(ReportJobsRestartTest, AStartLeavesNoFileOfAnEarlierProcess) {
  testing::TempDir dir;
  fs::create_directories(dir.path() / "reports" / "files" / "0123456789abcdef");
  std::ofstream(dir.path() / "reports" / "files" / "0123456789abcdef" / "old.xlsx") << "x";
  ReportsWorld w;
  ReportJobsOptions o;
  o.registry = w.registry.get();
  o.index = w.index.get();
  o.clock = &w.clock;
  o.dir = dir.path() / "reports";
  ReportJobs jobs(o);
  EXPECT_TRUE(fs::is_empty(dir.path() / "reports" / "files"));
}

}  // namespace
}  // namespace anninh::reports
