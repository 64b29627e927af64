// The award dossier's documents end to end on real records: each file is opened again by
// LibreOffice (DOCX -> text, XLSX -> CSV) or poppler (PDF -> text) and must show the
// decree's header, the subject, the addressee, the legal basis, and every recipient with
// their figures; names with diacritics and characters XML must escape come out as typed.
#include <gtest/gtest.h>

#include <fstream>
#include <sstream>

#include "awards/book.h"
#include "reports/dossier_data.h"
#include "reports/report_jobs.h"
#include "reports/reports_world_test.h"
#include "support/process.h"

namespace anninh::reports {
namespace {

namespace fs = std::filesystem;

// Both names need escaping in XML (<, &, quotes) and carry every kind of Vietnamese mark.
const std::string kLan = "Nguyễn Thị Lan <Út> & \"Bé\"";
const std::string kDuc = "Trần Đức Thuỷ";
const std::string kTeam = "Tổ bảo vệ ANTT 'Thôn Đông' & Tây";

class DossierTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Lan: a woman in the commune's security team since 2012, with four years of dân
    // phòng in a hardship area before (counted twice): 7914 weighted days, 21,7 years.
    // Đức: a man in the team since 2005: 7548 days, 20,7 years.
    lan_ = Person(kLan, 1968, "nu", "2012-01-01");
    ASSERT_TRUE(book_->awards().AddService("t", {0, lan_, "dan_phong", "Dân phòng", "2008-01-01", "2012-01-01", true}));
    duc_ = Person(kDuc, 1975, "nam", "2005-01-01");
    for (std::int64_t who : {lan_, duc_}) medals_.push_back(Propose("knc_bv_antq", {"person", who, 0, "", "", ""}));
  }

  std::int64_t Person(const std::string& name, int born, const std::string& gender, const std::string& since) {
    auto p = w_.registry->people().Create({0, name, born, gender, "12970", ""});
    EXPECT_TRUE(p) << p.error().ToString();
    auto post = w_.registry->people().AddPosition({0, p->id, "security_team_member", "", 0, since, ""});
    EXPECT_TRUE(post) << post.error().ToString();
    return p->id;
  }

  std::int64_t Propose(const std::string& form, awards::Recipient who) {
    awards::Award a;
    a.form_code = form;
    a.recipient = std::move(who);
    a.proposing_unit = "12970";
    a.achievement = "Tham gia giữ gìn an ninh, trật tự thôn xóm";
    a.period = "2005-2025";
    a.proposed_on = "2025-09-01";
    auto made = book_->awards().Propose("t", a);
    EXPECT_TRUE(made) << made.error().ToString();
    return made ? made->id : 0;
  }

  ReportJobsOptions Options() {
    ReportJobsOptions o;
    o.registry = w_.registry.get();
    o.book = book_.get();
    o.index = w_.index.get();
    o.clock = &w_.clock;
    o.dir = w_.dir.path() / "reports";
    o.convert.timeout = std::chrono::seconds(120);
    return o;
  }

  ReportRequest Request(DocumentKind kind, Format format, std::vector<std::int64_t> ids) {
    ReportRequest r;
    r.kind = kind;
    r.format = format;
    r.unit = "12970";
    r.number = "27/TTr-BCĐ";
    r.requested_by = "user:lan";
    r.dossier.award_ids = std::move(ids);
    r.dossier.signer_title = "TRƯỞNG BAN";
    r.dossier.signer = "Phạm Văn Hùng";
    return r;
  }

  ReportStatus Finish(ReportJobs& jobs, const ReportRequest& r) {
    auto id = jobs.Submit(r);
    EXPECT_TRUE(id) << id.error().ToString();
    if (!id) return {};
    auto done = jobs.Wait(*id, std::chrono::seconds(180));
    EXPECT_TRUE(done) << done.error().ToString();
    return done ? *done : ReportStatus{};
  }

  std::string ConvertBack(const fs::path& file, const std::string& target) {
    const fs::path out = w_.dir.path() / "back";
    fs::create_directories(out);
    auto converted = Convert({}, file, target, out, w_.dir.path() / "back-work");
    EXPECT_TRUE(converted) << converted.error().ToString();
    if (!converted) return "";
    std::ifstream in(*converted, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
  }

  static std::string PdfText(const fs::path& pdf) {
    const auto r = testing::RunCommand("pdftotext -layout '" + pdf.string() + "' -");
    EXPECT_EQ(r.exit_code, 0) << r.output;
    return r.output;
  }

  // pdftotext -layout breaks long cells across lines: compare with the spaces folded.
  static std::string Folded(const std::string& text) {
    std::string out;
    for (char c : text) {
      if (c == ' ' || c == '\n') continue;
      out += c;
    }
    return out;
  }

  static void ExpectAll(const std::string& text, std::initializer_list<std::string> expected) {
    for (const std::string& e : expected) EXPECT_NE(text.find(e), std::string::npos) << e << " not in:\n" << text;
  }

  ReportsWorld w_;
  std::unique_ptr<awards::Book> book_ =
      awards::Book::Open(w_.dir.path() / "index.db", w_.dir.path() / "photos", w_.clock).value();
  std::int64_t lan_ = 0, duc_ = 0;
  std::vector<std::int64_t> medals_;
};

TEST_F(DossierTest, TheProposalLetterFollowsDecree30AndNamesEveryRecipient) {
  ReportJobs jobs(Options());
  ReportStatus docx = Finish(jobs, Request(DocumentKind::kToTrinh, Format::kDocx, medals_));
  ASSERT_EQ(docx.state, JobState::kDone) << docx.error.ToString();
  EXPECT_EQ(docx.file->name, "to-trinh-12970-2025-10-15.docx");
  const std::string text = ConvertBack(docx.file->path, "txt:Text (encoded):UTF8");
  ExpectAll(text, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
                   "Hưng Yên, ngày 15 tháng 10 năm 2025", "XÃ TIỀN HẢI", "Số: 27/TTr-BCĐ", "TỜ TRÌNH",
                   "V/v đề nghị tặng Kỷ niệm chương \"Bảo vệ an ninh Tổ quốc\"", "Kính gửi: Bộ Công an",
                   "Luật Thi đua, khen thưởng số 06/2022/QH15", "Thông tư số 20/2025/TT-BCA", "cho 2 cá nhân",
                   "1. " + kLan + ", sinh năm 1968", "2. " + kDuc + ", sinh năm 1975", "Nơi nhận:", "TRƯỞNG BAN",
                   "Phạm Văn Hùng"});

  ReportStatus pdf = Finish(jobs, Request(DocumentKind::kToTrinh, Format::kPdf, medals_));
  ASSERT_EQ(pdf.state, JobState::kDone) << pdf.error.ToString();
  const std::string pdftext = Folded(PdfText(pdf.file->path));
  for (const std::string& e : {std::string("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"),
                               std::string("Hưng Yên, ngày 15 tháng 10 năm 2025"), std::string("TỜ TRÌNH"),
                               std::string("Kính gửi: Bộ Công an"), kLan, kDuc}) {
    EXPECT_NE(pdftext.find(Folded(e)), std::string::npos) << e << " not in:\n" << pdftext;
  }
}

TEST_F(DossierTest, TheListAsASpreadsheetHoldsEachPersonsRecordAndCountedYears) {
  ReportJobs jobs(Options());
  ReportStatus s = Finish(jobs, Request(DocumentKind::kTrichNgang, Format::kXlsx, medals_));
  ASSERT_EQ(s.state, JobState::kDone) << s.error.ToString();
  EXPECT_EQ(s.file->name, "trich-ngang-12970-2025-10-15.xlsx");
  const std::string csv = ConvertBack(s.file->path, "csv:Text - txt - csv (StarCalc):44,34,76");
  ExpectAll(csv, {"DANH SÁCH TRÍCH NGANG", "Kèm theo Tờ trình số 27/TTr-BCĐ ngày 15/10/2025 của Xã Tiền Hải",
                  "I. CÁ NHÂN",
                  "STT,Họ và tên,Năm sinh,Giới tính,\"Chức vụ, đơn vị\",Số năm công tác,Tóm tắt thành tích,Hình thức đề nghị"});
  // LibreOffice quotes cells with commas or quotes, doubling the quotes inside.
  ExpectAll(csv, {"1,\"Nguyễn Thị Lan <Út> & \"\"Bé\"\"\",1968,Nữ,\"Tổ viên Tổ bảo vệ ANTT ở cơ sở, Xã Tiền Hải\","
                  "\"21,7 năm (có thời gian ở vùng đặc biệt khó khăn, biên giới, hải đảo tính gấp đôi)\"",
                  "2,Trần Đức Thuỷ,1975,Nam,\"Tổ viên Tổ bảo vệ ANTT ở cơ sở, Xã Tiền Hải\",\"20,7 năm\","});
  EXPECT_EQ(csv.find("TẬP THỂ"), std::string::npos) << "no collective was proposed";
}

TEST_F(DossierTest, TheListAsALandscapeTableInDocxAndPdfHoldsCollectivesApart) {
  // A Giấy khen for a person and for a team: one dossier, two sections.
  const std::int64_t person = Propose("gk_chu_tich_ubnd_xa", {"person", duc_, 0, "", "", ""});
  const std::int64_t team = Propose("gk_chu_tich_ubnd_xa", {"team", 0, 0, "12970", kTeam, ""});
  ReportJobs jobs(Options());
  ReportStatus docx = Finish(jobs, Request(DocumentKind::kTrichNgang, Format::kDocx, {person, team}));
  ASSERT_EQ(docx.state, JobState::kDone) << docx.error.ToString();
  const std::string text = ConvertBack(docx.file->path, "txt:Text (encoded):UTF8");
  ExpectAll(text, {"CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Hưng Yên, ngày 15 tháng 10 năm 2025",
                   "DANH SÁCH TRÍCH NGANG", "Đề nghị tặng Giấy khen của Chủ tịch UBND xã", "I. CÁ NHÂN",
                   "II. TẬP THỂ", kDuc, kTeam, "2005-2025"});
  EXPECT_LT(text.find(kDuc), text.find("II. TẬP THỂ"));
  EXPECT_GT(text.find(kTeam), text.find("II. TẬP THỂ"));

  ReportStatus pdf = Finish(jobs, Request(DocumentKind::kTrichNgang, Format::kPdf, {person, team}));
  ASSERT_EQ(pdf.state, JobState::kDone) << pdf.error.ToString();
  const std::string pdftext = Folded(PdfText(pdf.file->path));
  // A narrow cell wraps the team's name over two lines; each part is whole.
  for (const std::string& e : {std::string("DANH SÁCH TRÍCH NGANG"), kDuc, std::string("Tổ bảo vệ ANTT 'Thôn"),
                               std::string("Đông' & Tây")}) {
    EXPECT_NE(pdftext.find(Folded(e)), std::string::npos) << e << " not in:\n" << pdftext;
  }
  // A4 landscape: 841.89 x 595.3 points, wider than tall.
  const auto info = testing::RunCommand("pdfinfo '" + pdf.file->path.string() + "'");
  EXPECT_NE(info.output.find("841.89 x 595.3"), std::string::npos) << info.output;
}

TEST_F(DossierTest, MixedFormsOrAGoneAwardFailTheJobAndLeaveNoFile) {
  const std::int64_t certificate = Propose("gk_chu_tich_ubnd_xa", {"person", duc_, 0, "", "", ""});
  ReportJobs jobs(Options());
  ReportStatus mixed = Finish(jobs, Request(DocumentKind::kTrichNgang, Format::kXlsx, {medals_[0], certificate}));
  EXPECT_EQ(mixed.state, JobState::kFailed);
  EXPECT_EQ(mixed.error.code(), ErrorCode::kInvalidArgument);
  EXPECT_NE(mixed.error.message().find("one award form"), std::string::npos) << mixed.error.ToString();
  EXPECT_FALSE(mixed.file);
  ReportStatus gone = Finish(jobs, Request(DocumentKind::kToTrinh, Format::kDocx, {medals_[0], 999}));
  EXPECT_EQ(gone.state, JobState::kFailed);
  EXPECT_EQ(gone.error.code(), ErrorCode::kNotFound);
  // A spreadsheet of the letter is refused before it is queued.
  auto xlsx = jobs.Submit(Request(DocumentKind::kToTrinh, Format::kXlsx, medals_));
  ASSERT_FALSE(xlsx);
  EXPECT_EQ(xlsx.error().field(), "format");
  auto none = jobs.Submit(Request(DocumentKind::kToTrinh, Format::kDocx, {}));
  ASSERT_FALSE(none);
  EXPECT_EQ(none.error().field(), "ids");
}

TEST(DossierYearsTest, CalendarYearsRoundToTheYearAClerkCounts) {
  EXPECT_EQ(Years(5479), "15,0");  // 2010-08-19 to 2025-08-19: four leap days
  EXPECT_EQ(Years(5478), "15,0");  // three leap days
  EXPECT_EQ(Years(7914), "21,7");
  EXPECT_EQ(Years(0), "0,0");
}

}  // namespace
}  // namespace anninh::reports
