#include "server/api/audit_log.h"

#include <gtest/gtest.h>

#include <string>

namespace lookout::server {
namespace {

TEST(AuditLog, KeepsTheTargetAsSentAndEscapesEveryOtherByte) {
  EXPECT_EQ(audit_target("/api/vessels?bbox=1%2C2,3,4&limit=5"), "/api/vessels?bbox=1%2C2,3,4&limit=5");
  EXPECT_EQ(audit_target("/\xFF\xFE x\t?a=\x01"), "/%FF%FE%20x%09?a=%01");
  EXPECT_EQ(audit_target(""), "");
}

TEST(AuditLog, RedactsCredentialsHoweverTheirNameIsEscaped) {
  EXPECT_EQ(audit_target("/api/live?access_token=abc&x=1"), "/api/live?access_token=<redacted>&x=1");
  EXPECT_EQ(audit_target("/api/live?token=abc"), "/api/live?token=<redacted>");
  EXPECT_EQ(audit_target("/api/live?access%5Ftoken=abc"), "/api/live?access%5Ftoken=<redacted>");
  EXPECT_EQ(audit_target("/api/live?access_token"), "/api/live?access_token");  // no value, nothing to hide
}

TEST(AuditLog, CutsALongTargetNeverInsideAnEscape) {
  const std::string target = "/" + std::string(497, 'a') + "\xFF\xFF";
  const std::string out = audit_target(target);
  EXPECT_LE(out.size(), 500u);
  EXPECT_EQ(out, "/" + std::string(497, 'a'));
  EXPECT_EQ(audit_target("/" + std::string(498, 'a') + "\xFF").size(), 499u);
}

TEST(AuditLog, TextIsValidUtf8CutAtACharacterBoundary) {
  EXPECT_EQ(audit_text("caf\xE9", 100), "caf\xEF\xBF\xBD");
  EXPECT_EQ(audit_text("\xC3\xA5\xC3\xA5", 3), "\xC3\xA5");  // never half an å
  EXPECT_EQ(audit_text("abc", 2), "ab");
}

TEST(AuditLog, OutcomesFollowTheStatus) {
  EXPECT_STREQ(audit_outcome(101), "ok");
  EXPECT_STREQ(audit_outcome(200), "ok");
  EXPECT_STREQ(audit_outcome(401), "unauthenticated");
  EXPECT_STREQ(audit_outcome(403), "denied");
  EXPECT_STREQ(audit_outcome(404), "not_found");
  EXPECT_STREQ(audit_outcome(408), "timeout");
  EXPECT_STREQ(audit_outcome(431), "bad_request");
  EXPECT_STREQ(audit_outcome(500), "error");
}

TEST(AuditLog, ARowWithoutACallerHasNoNation) {
  auto row = audit_row(5, nullptr, "127.0.0.1:1", "GET /x", "/x", 401, "unauthenticated");
  EXPECT_EQ(row.principal, "anonymous");
  EXPECT_FALSE(row.nation.has_value());
  EXPECT_EQ(row.role, "");
  Principal who{"gbr-op", "GBR", Role::kOperator};
  row = audit_row(5, &who, "127.0.0.1:1", "GET /x", "/x", 200, "ok");
  EXPECT_EQ(row.principal, "gbr-op");
  EXPECT_EQ(row.nation.value_or(""), "GBR");
  EXPECT_EQ(row.role, "operator");
  EXPECT_EQ(row.status, 200);
  EXPECT_EQ(row.remote, "127.0.0.1:1");
}

}  // namespace
}  // namespace lookout::server
