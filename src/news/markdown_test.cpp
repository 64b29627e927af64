// Article bodies come from many editors and are shown to the public: whatever a body holds,
// the rendered page must run no script. Each case here is a way script gets into HTML.
#include "news/markdown.h"

#include <gtest/gtest.h>

#include <string>

namespace anninh::news {
namespace {

// Lower-cased, so "JaVaScRiPt:" is caught too.
std::string Lower(std::string s) {
  for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

void ExpectHarmless(const std::string& html) {
  const std::string l = Lower(html);
  EXPECT_EQ(l.find("<script"), std::string::npos) << html;
  // In an attribute (a link's or picture's target); as shown text they are harmless words.
  EXPECT_EQ(l.find("=\"javascript:"), std::string::npos) << html;
  EXPECT_EQ(l.find("=\"vbscript:"), std::string::npos) << html;
  EXPECT_EQ(l.find("=\"data:"), std::string::npos) << html;
  EXPECT_EQ(l.find("=\"java"), std::string::npos) << html;
  EXPECT_EQ(l.find("<iframe"), std::string::npos) << html;
  EXPECT_EQ(l.find("<img src=\"x\" onerror"), std::string::npos) << html;
  EXPECT_EQ(l.find(" onerror="), std::string::npos) << html;
  EXPECT_EQ(l.find(" onclick="), std::string::npos) << html;
  EXPECT_EQ(l.find(" onload="), std::string::npos) << html;
}

TEST(MarkdownTest, RendersOrdinaryMarkdown) {
  const std::string html = RenderMarkdown("# Ngày hội\n\nXã **Tiền Hải** tổ chức [ngày hội](https://bocongan.gov.vn/).");
  EXPECT_NE(html.find("<h1>Ngày hội</h1>"), std::string::npos) << html;
  EXPECT_NE(html.find("<strong>Tiền Hải</strong>"), std::string::npos) << html;
  EXPECT_NE(html.find("<a href=\"https://bocongan.gov.vn/\">ngày hội</a>"), std::string::npos) << html;
}

TEST(MarkdownTest, ScriptTagsAreDropped) {
  const std::string html = RenderMarkdown("Tin tức\n\n<script>alert(document.cookie)</script>\n\nvà <script>x()</script> giữa dòng");
  ExpectHarmless(html);
  EXPECT_NE(html.find("Tin tức"), std::string::npos);  // the text around it stays
  EXPECT_NE(html.find("giữa dòng"), std::string::npos);
}

TEST(MarkdownTest, EventHandlersAreDropped) {
  ExpectHarmless(RenderMarkdown("<img src=\"x\" onerror=\"alert(1)\">"));
  ExpectHarmless(RenderMarkdown("chữ <b onclick=\"alert(1)\">đậm</b> <body onload=alert(1)>"));
  ExpectHarmless(RenderMarkdown("<div onmouseover=\"alert(1)\">\n\nkhối\n\n</div>"));
  ExpectHarmless(RenderMarkdown("<iframe src=\"https://evil.example\"></iframe>"));
  ExpectHarmless(RenderMarkdown("<svg><script>alert(1)</script></svg>"));
}

TEST(MarkdownTest, JavascriptLinksAreNeutralised) {
  for (const char* md : {"[bấm](javascript:alert(1))", "[bấm](JaVaScRiPt:alert(1))", "[bấm](  javascript:alert(1))",
                         "[bấm](&#106;avascript:alert(1))", "[bấm](java&#x09;script:alert(1))",
                         "[bấm](vbscript:msgbox(1))", "[bấm](data:text/html;base64,PHNjcmlwdD4=)",
                         "![ảnh](javascript:alert(1))", "![ảnh](data:image/svg+xml;base64,PHN2Zz4=)",
                         "<javascript:alert(1)>", "[bấm][r]\n\n[r]: javascript:alert(1)"}) {
    const std::string html = RenderMarkdown(md);
    ExpectHarmless(html);
  }
  EXPECT_EQ(RenderMarkdown("<javascript:alert(1)>"), "<p><a href=\"\">javascript:alert(1)</a></p>\n");
  // The link's text is kept; only its target is emptied.
  EXPECT_NE(RenderMarkdown("[bấm](javascript:alert(1))").find("<a href=\"\">bấm</a>"), std::string::npos);
}

TEST(MarkdownTest, SafeUrlsAreKept) {
  EXPECT_TRUE(SafeUrl("https://congan.hungyen.gov.vn/", false));
  EXPECT_TRUE(SafeUrl("/api/v1/news-images/abc", true));
  EXPECT_TRUE(SafeUrl("mailto:ban@xa.vn", false));
  EXPECT_FALSE(SafeUrl("mailto:ban@xa.vn", true));
  EXPECT_FALSE(SafeUrl("//evil.example/x.js", true));  // protocol-relative: another site
  EXPECT_FALSE(SafeUrl("java\tscript:alert(1)", false));
  EXPECT_TRUE(SafeUrl("anh/so-1.png", true));
  EXPECT_FALSE(SafeUrl("file:///etc/passwd", false));
  const std::string html = RenderMarkdown("![ảnh](/api/v1/news-images/abc)");
  EXPECT_NE(html.find("<img src=\"/api/v1/news-images/abc\""), std::string::npos) << html;
}

TEST(MarkdownTest, TextForTheIndexHasNoMarkup) {
  EXPECT_EQ(MarkdownText("# Tiêu đề\n\nĐoạn **một** với [liên kết](https://x.vn).\n\n- mục `a`\n- mục b"),
            "Tiêu đề Đoạn một với liên kết. mục a mục b");
  EXPECT_EQ(MarkdownText("<script>alert(1)</script>"), "");
}

}  // namespace
}  // namespace anninh::news
