#include "serve/router.h"

#include <stdexcept>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace anninh::serve {
namespace {

Router MakeRouter() {
  Router r;
  r.Add(Method::kGet, "/things/{id}/parts", [](const RouteContext& c) {
    return JsonResponse(200, "\"" + c.params[0] + "\"");
  });
  r.Add(Method::kDelete, "/things/{id}/parts", [](const RouteContext&) { return JsonResponse(204, ""); });
  r.Add(Method::kGet, "/boom", [](const RouteContext&) -> Response { throw std::runtime_error("boom"); });
  return r;
}

std::string Code(const Response& r) { return nlohmann::json::parse(r.body)["error"]["code"]; }

TEST(RouterTest, MatchesPatternsAndPassesParameters) {
  Router r = MakeRouter();
  Response res = r.Dispatch({Method::kGet, "/things/t%C3%A1o/parts", "", ""});
  EXPECT_EQ(res.status, 200);
  EXPECT_EQ(res.body, "\"t\xC3\xA1o\"");
  EXPECT_EQ(r.Dispatch({Method::kDelete, "/things/1/parts", "", ""}).status, 204);
}

TEST(RouterTest, UnknownPathIs404Json) {
  Router r = MakeRouter();
  for (const char* t : {"/nothing", "/things/1", "/things//parts", "/things/1/parts/extra", "/"}) {
    Response res = r.Dispatch({Method::kGet, t, "", ""});
    EXPECT_EQ(res.status, 404) << t;
    EXPECT_EQ(Code(res), "not_found") << t;
  }
}

TEST(RouterTest, WrongMethodIs405WithAllow) {
  Router r = MakeRouter();
  Response res = r.Dispatch({Method::kPost, "/things/1/parts", "", ""});
  EXPECT_EQ(res.status, 405);
  EXPECT_EQ(Code(res), "method_not_allowed");
  ASSERT_EQ(res.headers.size(), 1u);
  EXPECT_EQ(res.headers[0].first, "Allow");
  EXPECT_EQ(res.headers[0].second, "GET, DELETE");
}

TEST(RouterTest, TraversalInAParameterIs400BeforeAnyHandlerRuns) {
  Router r = MakeRouter();
  Response res = r.Dispatch({Method::kGet, "/things/%2e%2e/parts", "", ""});
  EXPECT_EQ(res.status, 400);
  EXPECT_EQ(Code(res), "invalid_argument");
}

TEST(RouterTest, AHandlerThatThrowsGivesA500) {
  Router r = MakeRouter();
  Response res = r.Dispatch({Method::kGet, "/boom", "", ""});
  EXPECT_EQ(res.status, 500);
  EXPECT_EQ(Code(res), "internal");
  EXPECT_EQ(res.body.find("boom"), std::string::npos);  // internals stay in the log
}

}  // namespace
}  // namespace anninh::serve
