#include "serve/http.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace anninh::serve {
namespace {

TEST(HttpStatusTest, EveryErrorCodeMapsToItsStatus) {
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInvalidArgument), 400);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnauthenticated), 401);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kPermissionDenied), 403);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kNotFound), 404);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kAlreadyExists), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kFailedPrecondition), 409);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kDataLoss), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kInternal), 500);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnimplemented), 501);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kUnavailable), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kResourceExhausted), 503);
  EXPECT_EQ(HttpStatusFor(ErrorCode::kDeadlineExceeded), 504);
}

TEST(HttpStatusTest, ErrorBodyCarriesCodeAndMessage) {
  Response r = ErrorResponse(Error(ErrorCode::kNotFound, "no camera 'x'"));
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["code"], "not_found");
  EXPECT_EQ(j["error"]["message"], "no camera 'x'");
  EXPECT_FALSE(j["error"].contains("field"));  // only when one input is at fault
  EXPECT_EQ(ErrorCodeName(ErrorCode::kInvalidArgument), "invalid_argument");
}

TEST(HttpStatusTest, ErrorBodyNamesTheFieldAtFault) {
  Response r = ErrorResponse(Error(ErrorCode::kInvalidArgument, "bad time").WithField("from").Wrap("from"));
  EXPECT_EQ(r.status, 400);
  auto j = nlohmann::json::parse(r.body);
  EXPECT_EQ(j["error"]["field"], "from");  // Wrap keeps it
  EXPECT_EQ(j["error"]["message"], "from: bad time");
}

TEST(HttpStatusTest, InvalidUtf8InAMessageDoesNotThrow) {
  Response r = ErrorResponse(Error(ErrorCode::kInvalidArgument, "bad '\xff\xfe'"));
  EXPECT_EQ(r.status, 400);
  EXPECT_FALSE(nlohmann::json::parse(r.body, nullptr, false).is_discarded());
}

TEST(ParseTargetTest, SplitsAndDecodesPathAndQuery) {
  auto t = ParseTarget("/api/v1/cameras/c%C3%B4ng/recordings?from=2026-11-29T02%3A00%3A00Z&to=5&x=a+b");
  ASSERT_TRUE(t.has_value()) << t.error().ToString();
  EXPECT_EQ(t->segments, (std::vector<std::string>{"api", "v1", "cameras", "c\xC3\xB4ng", "recordings"}));
  EXPECT_EQ(t->query.at("from"), "2026-11-29T02:00:00Z");
  EXPECT_EQ(t->query.at("to"), "5");
  EXPECT_EQ(t->query.at("x"), "a b");
}

TEST(ParseTargetTest, RefusesTraversalAndEncodingTricks) {
  for (const char* bad : {
           "/api/v1/cameras/../recordings",
           "/api/v1/cameras/./recordings",
           "/api/v1/cameras/%2e%2e/recordings",
           "/api/v1/cameras/%2E%2E/recordings",
           "/api/v1/cameras/.%2e/recordings",
           "/api/v1/cameras/a%2fb/recordings",
           "/api/v1/cameras/a%2Fb/recordings",
           "/api/v1/cameras/a%5cb/recordings",
           "/api/v1/cameras/a%00/recordings",
           "/api/v1/cameras/%252e%252e/recordings",
           "/api/v1/cameras/a%/recordings",
           "/api/v1/cameras/a%zz/recordings",
           "/api/v1/cameras/x/video.mp4?stream=..%2fmain",
           "/api/v1/cameras/x/video.mp4?stream=%00",
           "/api/v1/cameras/x/video.mp4?stream=%252e",
           "/api/v1/cameras/x/video.mp4?from=1&from=2",
           "api/v1/cameras",
           "",
       }) {
    auto t = ParseTarget(bad);
    ASSERT_FALSE(t.has_value()) << bad;
    EXPECT_EQ(t.error().code(), ErrorCode::kInvalidArgument) << bad;
  }
}

TEST(ParseTargetTest, AQueryParameterMayNotSmuggleASlashOrDots) {
  for (const char* bad : {"/x?stream=..%2F..%2Fetc", "/x?stream=../etc", "/x?stream=%2e%2e", "/x?stream=a%5cb",
                          "/x?camera=.."}) {
    EXPECT_FALSE(ParseTarget(bad).has_value()) << bad;
  }
  EXPECT_TRUE(ParseTarget("/x?from=2026-01-01T00:00:00.5Z&camera=cong-ubnd_2").has_value());
}

TEST(PercentDecodeTest, DecodesAndRejectsMalformed) {
  EXPECT_EQ(PercentDecode("a%20b%2Bc", false).value(), "a b+c");
  EXPECT_EQ(PercentDecode("a+b", false).value(), "a+b");
  EXPECT_EQ(PercentDecode("a+b", true).value(), "a b");
  EXPECT_FALSE(PercentDecode("%4", false).has_value());
  EXPECT_FALSE(PercentDecode("%g0", false).has_value());
}

TEST(ParseRangeTest, SingleRangesAreSatisfiedWithinTheSize) {
  auto r = ParseRange("bytes=100-199", 1000);
  ASSERT_EQ(r.kind, RangeRequest::Kind::kPartial);
  EXPECT_EQ(r.range.first, 100u);
  EXPECT_EQ(r.range.last, 199u);
  EXPECT_EQ(r.range.length(), 100u);

  r = ParseRange("bytes=900-", 1000);  // open-ended
  ASSERT_EQ(r.kind, RangeRequest::Kind::kPartial);
  EXPECT_EQ(r.range.first, 900u);
  EXPECT_EQ(r.range.last, 999u);

  r = ParseRange("bytes=900-5000", 1000);  // clamped to the end
  EXPECT_EQ(r.range.last, 999u);

  r = ParseRange("bytes=-300", 1000);  // the last 300 bytes
  ASSERT_EQ(r.kind, RangeRequest::Kind::kPartial);
  EXPECT_EQ(r.range.first, 700u);
  EXPECT_EQ(r.range.last, 999u);

  r = ParseRange("bytes=-5000", 1000);  // a suffix longer than the file: all of it
  EXPECT_EQ(r.range.first, 0u);

  r = ParseRange("Bytes=0-0", 1000);
  ASSERT_EQ(r.kind, RangeRequest::Kind::kPartial);
  EXPECT_EQ(r.range.length(), 1u);
}

TEST(ParseRangeTest, OutsideTheFileIsUnsatisfiable) {
  EXPECT_EQ(ParseRange("bytes=1000-", 1000).kind, RangeRequest::Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=5000-6000", 1000).kind, RangeRequest::Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=-0", 1000).kind, RangeRequest::Kind::kUnsatisfiable);
  EXPECT_EQ(ParseRange("bytes=0-", 0).kind, RangeRequest::Kind::kUnsatisfiable);
}

TEST(ParseRangeTest, MalformedOrMultipleRangesGetTheWholeBody) {
  for (const char* h : {"", "bytes", "bytes=", "bytes=a-b", "bytes=5-1", "items=0-1", "bytes=0-1,5-6",
                        "bytes=--1", "bytes=1"}) {
    EXPECT_EQ(ParseRange(h, 1000).kind, RangeRequest::Kind::kWhole) << h;
  }
}

}  // namespace
}  // namespace anninh::serve
