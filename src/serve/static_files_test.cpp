#include "serve/static_files.h"

#include <unistd.h>

#include <fstream>

#include <gtest/gtest.h>

#include "support/temp_dir.h"

namespace anninh::serve {
namespace {

namespace stdfs = std::filesystem;

// A built console (as Vite leaves web/dist) inside a folder that also holds a secret beside
// it, so a path that escapes the root has something to find.
class StaticFilesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_ / "dist";
    stdfs::create_directories(root_ / "assets");
    Write(root_ / "index.html", "<!doctype html><title>anninh</title>");
    Write(root_ / "assets" / "index-AbC123.js", "console.log(1)");
    Write(root_ / "assets" / "index-AbC123.css", "body{}");
    Write(root_ / "favicon.svg", "<svg/>");
    Write(root_ / ".env", "SECRET=1");
    Write(dir_ / "secret.txt", "do not serve");
    stdfs::create_symlink(dir_ / "secret.txt", root_ / "link.txt");
    web_ = StaticFiles::Open(root_).value();
  }

  static void Write(const stdfs::path& p, const std::string& text) { std::ofstream(p) << text; }

  // The bytes a response would send (the server reads the file slice the same way).
  static std::string Body(const Response& r) {
    if (!r.file) return r.body;
    std::string out(r.file->length, '\0');
    EXPECT_EQ(::pread(r.file->file->fd(), out.data(), out.size(), static_cast<off_t>(r.file->offset)),
              static_cast<ssize_t>(out.size()));
    return out;
  }

  static std::string Header(const Response& r, const std::string& name) {
    for (const auto& [k, v] : r.headers) {
      if (k == name) return v;
    }
    return "";
  }

  Response Get(const std::string& target) const { return web_->Serve({Method::kGet, target, "", ""}); }

  testing::TempDir dir_;
  stdfs::path root_;
  std::optional<StaticFiles> web_;
};

TEST_F(StaticFilesTest, ServesFilesWithTheirMimeTypes) {
  Response js = Get("/assets/index-AbC123.js");
  EXPECT_EQ(js.status, 200);
  EXPECT_EQ(js.content_type, "text/javascript; charset=utf-8");
  EXPECT_EQ(Body(js), "console.log(1)");
  EXPECT_EQ(Get("/assets/index-AbC123.css").content_type, "text/css; charset=utf-8");
  EXPECT_EQ(Get("/favicon.svg").content_type, "image/svg+xml");
  Response index = Get("/");
  EXPECT_EQ(index.content_type, "text/html; charset=utf-8");
  EXPECT_EQ(Body(index), "<!doctype html><title>anninh</title>");
  EXPECT_EQ(MimeTypeFor("x.WOFF2"), "font/woff2");
  EXPECT_EQ(MimeTypeFor("x.bin"), "application/octet-stream");
}

TEST_F(StaticFilesTest, HashedAssetsAreImmutableAndIndexIsRevalidated) {
  EXPECT_EQ(Header(Get("/assets/index-AbC123.js"), "Cache-Control"), "public, max-age=31536000, immutable");
  EXPECT_EQ(Header(Get("/"), "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(Get("/live"), "Cache-Control"), "no-cache");
  EXPECT_EQ(Header(Get("/favicon.svg"), "Cache-Control"), "no-cache");
}

TEST_F(StaticFilesTest, EveryFileCarriesTheSecurityHeaders) {
  for (const char* t : {"/", "/live", "/assets/index-AbC123.js"}) {
    Response r = Get(t);
    EXPECT_EQ(Header(r, "Content-Security-Policy"), kConsoleCsp) << t;
    EXPECT_EQ(Header(r, "X-Content-Type-Options"), "nosniff") << t;
    EXPECT_EQ(Header(r, "X-Frame-Options"), "DENY") << t;
  }
  EXPECT_NE(std::string(kConsoleCsp).find("frame-ancestors 'none'"), std::string::npos);
  EXPECT_EQ(std::string(kConsoleCsp).find("unsafe"), std::string::npos);
}

TEST_F(StaticFilesTest, PagePathsFallBackToTheAppShell) {
  for (const char* t : {"/", "/?next=x", "/live", "/live/", "/playback/cong-ubnd", "/users?x=1", "/dang-nhap"}) {
    Response r = Get(t);
    EXPECT_EQ(r.status, 200) << t;
    EXPECT_EQ(Body(r), "<!doctype html><title>anninh</title>") << t;
  }
}

TEST_F(StaticFilesTest, MissingAssetsAre404NotTheShell) {
  for (const char* t : {"/assets/index-old.js", "/missing.css", "/assets/sub", "/assets"}) {
    Response r = Get(t);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_FALSE(r.file) << t;
  }
}

TEST_F(StaticFilesTest, PathsNeverLeaveTheRoot) {
  // Refused before any file is looked at: dot segments, raw or encoded, encoded slashes,
  // double encoding, NUL.
  for (const char* t : {"/../secret.txt", "/assets/../../secret.txt", "/%2e%2e/secret.txt",
                        "/assets/..%2f..%2fsecret.txt", "/%252e%252e/secret.txt", "/x%00.js",
                        "/assets%5c..%5c..%5csecret.txt"}) {
    Response r = Get(t);
    EXPECT_EQ(r.status, 400) << t;
    EXPECT_EQ(r.body.find("do not serve"), std::string::npos) << t;
    EXPECT_FALSE(r.file) << t;
  }
  // A symlink inside the root that points outside it, and dot-files, are not served.
  for (const char* t : {"/link.txt", "/.env"}) {
    Response r = Get(t);
    EXPECT_EQ(r.status, 404) << t;
    EXPECT_FALSE(r.file) << t;
  }
}

TEST_F(StaticFilesTest, OnlyGetAndHead) {
  Response r = web_->Serve({Method::kPost, "/", "", "x"});
  EXPECT_EQ(r.status, 405);
  EXPECT_EQ(Header(r, "Allow"), "GET, HEAD");
  // HEAD answers as GET would (the server sends the headers only).
  Response head = web_->Serve({Method::kHead, "/assets/index-AbC123.js", "", ""});
  EXPECT_EQ(head.status, 200);
  ASSERT_TRUE(head.file);
  EXPECT_EQ(head.file->length, 14u);
  EXPECT_EQ(head.content_type, "text/javascript; charset=utf-8");
}

TEST_F(StaticFilesTest, AnETagLetsTheBrowserRevalidateWithoutTheBody) {
  Response first = Get("/");
  const std::string etag = Header(first, "ETag");
  ASSERT_GE(etag.size(), 5u);
  EXPECT_EQ(etag.front(), '"');
  EXPECT_EQ(etag.back(), '"');
  EXPECT_EQ(Header(Get("/live"), "ETag"), etag) << "the SPA fallback is the same file";
  auto conditional = [&](const std::string& target, const std::string& inm) {
    Request r{Method::kGet, target, "", ""};
    r.if_none_match = inm;
    return web_->Serve(r);
  };
  for (const std::string& inm : {etag, "W/" + etag, "\"other\", " + etag, std::string("*")}) {
    Response again = conditional("/", inm);
    EXPECT_EQ(again.status, 304) << inm;
    EXPECT_FALSE(again.file) << inm;
    EXPECT_EQ(Header(again, "ETag"), etag) << inm;
    EXPECT_EQ(Header(again, "Cache-Control"), "no-cache") << inm;
  }
  Response stale = conditional("/", "\"0-0\"");
  EXPECT_EQ(stale.status, 200);
  ASSERT_TRUE(stale.file);
  EXPECT_EQ(Body(stale), "<!doctype html><title>anninh</title>");
  // A rebuilt file gets another tag.
  Write(root_ / "index.html", "<!doctype html><title>anninh 2</title>");
  Response rebuilt = conditional("/", etag);
  EXPECT_EQ(rebuilt.status, 200);
  EXPECT_NE(Header(rebuilt, "ETag"), etag);
  // Another file's tag does not match this one.
  EXPECT_NE(Header(Get("/assets/index-AbC123.js"), "ETag"), Header(rebuilt, "ETag"));
}

TEST_F(StaticFilesTest, ApiTargetsAreNotStatic) {
  for (const char* t : {"/api/v1/cameras", "/api", "/api/", "/healthz", "/metrics", "/metrics?x"}) {
    EXPECT_TRUE(StaticFiles::IsApiTarget(t)) << t;
  }
  for (const char* t : {"/", "/live", "/apis", "/assets/a.js", "/healthz2"}) {
    EXPECT_FALSE(StaticFiles::IsApiTarget(t)) << t;
  }
}

TEST(StaticFilesOpenTest, ARootWithoutIndexIsRefused) {
  testing::TempDir dir;
  auto r = StaticFiles::Open(dir.path());
  ASSERT_FALSE(r);
  EXPECT_NE(r.error().message().find("index.html"), std::string::npos);
  EXPECT_FALSE(StaticFiles::Open(dir / "nope"));
}

}  // namespace
}  // namespace anninh::serve
