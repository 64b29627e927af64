#include "reports/fodt_report.h"

#include <gtest/gtest.h>

namespace anninh::reports {
namespace {

TEST(FodtReportTest, EveryValueIsEscaped) {
  EXPECT_EQ(XmlEscape("Thôn <Đông> & \"Bắc\" 'x'"), "Thôn &lt;Đông&gt; &amp; &quot;Bắc&quot; &apos;x&apos;");
  EXPECT_EQ(XmlEscape(std::string("a\x01z", 3)), "a z");

  ReportData d;
  d.request.as_of = "2025-09-30";
  d.generated_on = "2025-10-15";
  d.issuer = {"CÔNG AN <XÃ>"};
  d.number = "1/BC";
  d.place = "Hưng Yên";
  d.title = "</text:p><script>";
  d.total.unit.name = "Xã <A> & B";
  const std::string doc = FodtDocument(d);
  EXPECT_EQ(doc.find("<script>"), std::string::npos);
  EXPECT_EQ(doc.find("Xã <A>"), std::string::npos);
  EXPECT_NE(doc.find("Xã &lt;A&gt; &amp; B"), std::string::npos);
  EXPECT_NE(doc.find("CÔNG AN &lt;XÃ&gt;"), std::string::npos);
  EXPECT_NE(doc.find("Hưng Yên, ngày 15 tháng 10 năm 2025"), std::string::npos);
  EXPECT_NE(doc.find("Times New Roman"), std::string::npos);
  EXPECT_NE(doc.find("fo:font-size=\"13pt\""), std::string::npos);
}

}  // namespace
}  // namespace anninh::reports
