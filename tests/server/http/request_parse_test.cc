// Unit tests of the request parsing of the HTTP server core
// (src/server/http/request_parse.h) and of the static file resolution
// (static_files.h), without sockets.
#include "server/http/request_parse.h"

#include <gtest/gtest.h>

#include <filesystem>
#include <string>

#include "server/http/server.h"
#include "server/http/static_files.h"
#include "tests/server/http/http_test_support.h"

namespace lookout::server {
namespace {

TEST(HttpRequestParse, SplitsTargetIntoPathAndQuery) {
  auto parts = split_target("/api/vessels?bbox=1,2,3,4&limit=10");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->path, "/api/vessels");
  EXPECT_EQ(parts->query, "bbox=1,2,3,4&limit=10");
  parts = split_target("/");
  ASSERT_TRUE(parts.ok());
  EXPECT_EQ(parts->path, "/");
  EXPECT_EQ(parts->query, "");
}

TEST(HttpRequestParse, RejectsTargetsThatAreNotOriginForm) {
  for (const char* bad : {"", "*", "http://example.org/", "api/x", "/a b", "/a#frag", "/a\x01", "/\x7f"}) {
    EXPECT_FALSE(split_target(bad).ok()) << bad;
  }
  EXPECT_EQ(split_target("/ab\x02").error().offset, 3u);
}

TEST(HttpRequestParse, PercentDecodes) {
  EXPECT_EQ(percent_decode("/a%20b%2Fc", false).value(), "/a b/c");
  EXPECT_EQ(percent_decode("a+b", false).value(), "a+b");
  EXPECT_EQ(percent_decode("a+b%2B", true).value(), "a b+");
  EXPECT_EQ(percent_decode("%e2%82%ac", false).value(), "\xe2\x82\xac");
  EXPECT_EQ(percent_decode("", true).value(), "");
}

TEST(HttpRequestParse, RejectsBadEscapesAndNul) {
  for (const char* bad : {"%", "%4", "%zz", "%4g", "a%00b", "100%"}) {
    auto r = percent_decode(bad, true);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.error().code, ErrorCode::kBadValue);
  }
  EXPECT_EQ(percent_decode("ab%zz", false).error().offset, 2u);
  EXPECT_FALSE(percent_decode(std::string("a\0b", 3), false).ok());
}

TEST(HttpRequestParse, ParsesQueryPairsInOrder) {
  auto q = parse_query("bbox=1%2C2&flag&&name=EAGLE+S&empty=&x=%3D");
  ASSERT_TRUE(q.ok());
  ASSERT_EQ(q->size(), 5u);
  EXPECT_EQ((*q)[0], (std::pair<std::string, std::string>{"bbox", "1,2"}));
  EXPECT_EQ((*q)[1], (std::pair<std::string, std::string>{"flag", ""}));
  EXPECT_EQ((*q)[2], (std::pair<std::string, std::string>{"name", "EAGLE S"}));
  EXPECT_EQ((*q)[3], (std::pair<std::string, std::string>{"empty", ""}));
  EXPECT_EQ((*q)[4], (std::pair<std::string, std::string>{"x", "="}));
  EXPECT_TRUE(parse_query("").value().empty());
  auto bad = parse_query("a=1&b=%G1");
  ASSERT_FALSE(bad.ok());
  EXPECT_STREQ(bad.error().field, "query");
  EXPECT_EQ(bad.error().offset, 6u);
}

TEST(HttpRequestParse, ParsesBearerTokens) {
  EXPECT_EQ(parse_bearer("Bearer abc.DEF-123_~+/==").value(), "abc.DEF-123_~+/==");
  EXPECT_EQ(parse_bearer("bearer x").value(), "x");
  EXPECT_EQ(parse_bearer("BEARER   x").value(), "x");
  for (const char* bad : {"", "Bearer", "Bearer ", "Bearer  ", "Basic abc", "Bearerabc", "Bearer a b", "Bearer a,b",
                          "Bearer a=b", "Bearer a ", "Bearer =", "Token x"}) {
    auto r = parse_bearer(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_STREQ(r.error().field, "authorization");
  }
}

TEST(HttpRequestParse, ComparesHeaderNamesCaseInsensitively) {
  EXPECT_TRUE(header_name_equals("Content-Type", "content-type"));
  EXPECT_TRUE(header_name_equals("", ""));
  EXPECT_FALSE(header_name_equals("Content-Type", "Content-Typ"));
  EXPECT_FALSE(header_name_equals("a", "b"));
  Request r;
  r.headers = {{"x-one", "1"}, {"authorization", "Bearer t"}, {"x-one", "2"}};
  r.query = {{"a", "1"}, {"A", "2"}};
  EXPECT_EQ(r.header("Authorization"), "Bearer t");
  EXPECT_EQ(r.header("X-ONE"), "1");
  EXPECT_FALSE(r.header("x-two").has_value());
  EXPECT_EQ(r.param("A"), "2");  // parameters are case-sensitive
  EXPECT_FALSE(r.param("b").has_value());
}

TEST(HttpRequestParse, JsonErrorEscapesItsText) {
  Response r = json_error(404, "not_found", "no \"such\" item\\\n\x01");
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.content_type, "application/json");
  EXPECT_EQ(r.body, R"({"error":{"status":404,"code":"not_found","message":"no \"such\" item\\\n\u0001"}})");
}

TEST(HttpRequestParse, ParsesAGetRequest) {
  auto r = parse_request(
      "GET /api/vessels?bbox=10.5%2C55&limit=5 HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer tok\r\n"
      "X-Mixed-Case: v\r\n\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->method, "GET");
  EXPECT_EQ(r->target, "/api/vessels?bbox=10.5%2C55&limit=5");
  EXPECT_EQ(r->path, "/api/vessels");
  EXPECT_EQ(r->param("bbox"), "10.5,55");
  EXPECT_EQ(r->param("limit"), "5");
  EXPECT_EQ(r->header("x-mixed-case"), "v");
  EXPECT_EQ(r->headers[2].first, "x-mixed-case");
  EXPECT_EQ(parse_bearer(*r->header("authorization")).value(), "tok");
  EXPECT_TRUE(r->body.empty());
}

TEST(HttpRequestParse, ParsesBodiesPlainAndChunked) {
  auto r = parse_request(
      "POST /api/alerts/a1/ack HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
      "Content-Length: 19\r\n\r\n{\"comment\":\"seen\"}\nTRAILING");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->method, "POST");
  EXPECT_EQ(r->body, "{\"comment\":\"seen\"}\n");
  r = parse_request("POST /a HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n2\r\nde\r\n0\r\n\r\n");
  ASSERT_TRUE(r.ok()) << r.error().message();
  EXPECT_EQ(r->body, "abcde");
}

TEST(HttpRequestParse, MapsLimitsTo431And413) {
  RequestLimits limits;
  limits.max_header_bytes = 256;
  limits.max_body_bytes = 16;
  auto r = parse_request("GET / HTTP/1.1\r\nX: " + std::string(1000, 'a') + "\r\n\r\n", limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(http_status_for(r.error()), 431);
  r = parse_request("POST / HTTP/1.1\r\nContent-Length: 17\r\n\r\n" + std::string(17, 'b'), limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(http_status_for(r.error()), 413);
  r = parse_request("POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n20\r\n" + std::string(32, 'c') + "\r\n0\r\n\r\n",
                    limits);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(http_status_for(r.error()), 413);
}

TEST(HttpRequestParse, RejectsMalformedAndIncompleteRequests) {
  for (const std::string& bad : {std::string("GARBAGE\r\n\r\n"), std::string("GET / HTTP/9.9\r\n\r\n"),
                                std::string("GET\r\n\r\n"), std::string("GET / HTTP/1.1\r\nBad Header: x\r\n\r\n"),
                                std::string("GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n"),
                                std::string("GET /a%zz HTTP/1.1\r\n\r\n"), std::string("GET /?a=%00 HTTP/1.1\r\n\r\n"),
                                std::string("GET http://x/ HTTP/1.1\r\n\r\n"), std::string("\x00\x01\x02\r\n\r\n", 7)}) {
    auto r = parse_request(bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(http_status_for(r.error()), 400) << bad;
    EXPECT_FALSE(r.error().message().empty());
  }
  for (const std::string& cut : {std::string(""), std::string("GET / HTTP/1.1\r\nHost: x\r\n"),
                                std::string("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc")}) {
    auto r = parse_request(cut);
    ASSERT_FALSE(r.ok()) << cut;
    EXPECT_EQ(r.error().code, ErrorCode::kMissingField) << cut;
  }
}

TEST(HttpRequestParse, PeeksTheRequestLineOfWhatCouldNotBeParsed) {
  auto line = peek_request_line("GET /api/x?a=1 HTTP/1.1\r\nHost: x\r\nbroken");
  EXPECT_EQ(line.method, "GET");
  EXPECT_EQ(line.target, "/api/x?a=1");
  line = peek_request_line("BREW /pot");
  EXPECT_EQ(line.method, "BREW");
  EXPECT_EQ(line.target, "/pot");
  line = peek_request_line("DELETE /x\r\n");
  EXPECT_EQ(line.target, "/x");
  EXPECT_TRUE(peek_request_line("").method.empty());
  EXPECT_TRUE(peek_request_line(" /x HTTP/1.1").method.empty());
  EXPECT_TRUE(peek_request_line(std::string(40, 'A') + " /x").method.empty());  // no method is that long
  EXPECT_EQ(peek_request_line("GET " + std::string(5000, 'a')).target.size(), 2048u);
}

TEST(HttpRequestParse, ParsesListenAddresses) {
  auto a = parse_listen_address("127.0.0.1:8080");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "127.0.0.1");
  EXPECT_EQ(a->port, 8080);
  a = parse_listen_address("[::1]:0");
  ASSERT_TRUE(a.ok());
  EXPECT_EQ(a->host, "::1");
  EXPECT_EQ(a->port, 0);
  for (const char* bad : {"", "8080", ":8080", "127.0.0.1:", "127.0.0.1:65536", "127.0.0.1:80a", "::1:80", "[::1]80",
                          "[::1"}) {
    EXPECT_FALSE(parse_listen_address(bad).ok()) << bad;
  }
}

TEST(HttpStaticFiles, ResolvesInsideTheRootOnly) {
  testing::TempDir dir;
  dir.write("root/index.html", "<html>");
  dir.write("root/app.js", "js");
  dir.write("root/assets/logo.svg", "<svg/>");
  dir.write("root/.env", "secret");
  dir.write("outside.txt", "secret");
  namespace fs = std::filesystem;
  const fs::path root = fs::canonical(dir.path() + "/root");
  fs::create_directory_symlink("/etc", root / "etc_link");
  fs::create_symlink(dir.path() + "/outside.txt", root / "outside_link.txt");
  fs::create_symlink(root / "app.js", root / "inside_link.js");

  EXPECT_EQ(resolve_static_path(root, "/"), root / "index.html");
  EXPECT_EQ(resolve_static_path(root, "/app.js"), root / "app.js");
  EXPECT_EQ(resolve_static_path(root, "//assets//logo.svg"), root / "assets/logo.svg");
  EXPECT_EQ(resolve_static_path(root, "/assets"), root / "index.html");         // a directory
  EXPECT_EQ(resolve_static_path(root, "/alerts/a-12"), root / "index.html");    // SPA route
  EXPECT_EQ(resolve_static_path(root, "/inside_link.js"), root / "app.js");
  EXPECT_FALSE(resolve_static_path(root, "/missing.js"));
  for (const char* bad : {"/../outside.txt", "/..", "/assets/../../outside.txt", "/./app.js", "/.env",
                          "/etc_link/passwd", "/etc_link/nonexistent", "/outside_link.txt", "/a\\..\\b", "app.js", ""}) {
    EXPECT_FALSE(resolve_static_path(root, bad)) << bad;
  }
  EXPECT_EQ(content_type_for("a/b/index.HTML"), "text/html; charset=utf-8");
  EXPECT_EQ(content_type_for("x.js"), "text/javascript; charset=utf-8");
  EXPECT_EQ(content_type_for("x.css"), "text/css; charset=utf-8");
  EXPECT_EQ(content_type_for("x.woff2"), "font/woff2");
  EXPECT_EQ(content_type_for("x.map"), "application/json");
  EXPECT_EQ(content_type_for("x.png"), "image/png");
  EXPECT_EQ(content_type_for("x"), "application/octet-stream");
}

}  // namespace
}  // namespace lookout::server
