#include "server/api/audit_log.h"

#include <algorithm>

#include "core/json_out.h"
#include "server/http/request_parse.h"

namespace lookout::server {

namespace {

constexpr std::size_t kMaxTarget = 500;

bool printable_ascii(unsigned char c) { return c > 0x20 && c < 0x7F; }

// Appends `raw` with every byte outside printable ASCII as %XX.
void append_escaped(std::string& out, std::string_view raw) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  for (char ch : raw) {
    const auto c = static_cast<unsigned char>(ch);
    if (printable_ascii(c)) {
      out.push_back(ch);
    } else {
      out.push_back('%');
      out.push_back(kHex[c >> 4]);
      out.push_back(kHex[c & 15]);
    }
  }
}

// A query parameter that carries a credential, whatever its escaping
// ("access%5Ftoken" is what the API reads as access_token too).
bool is_credential(std::string_view raw_name) {
  auto name = percent_decode(raw_name, true);
  if (!name) return false;
  return *name == "access_token" || *name == "token";
}

}  // namespace

std::string audit_target(std::string_view raw) {
  std::string out;
  out.reserve(std::min(raw.size(), kMaxTarget) + 16);
  const std::size_t q = raw.find('?');
  append_escaped(out, raw.substr(0, q));
  if (q != std::string_view::npos) {
    out.push_back('?');
    std::string_view query = raw.substr(q + 1);
    bool first = true;
    while (true) {
      const std::size_t amp = query.find('&');
      const std::string_view pair = query.substr(0, amp);
      if (!first) out.push_back('&');
      first = false;
      const std::size_t eq = pair.find('=');
      if (eq != std::string_view::npos && is_credential(pair.substr(0, eq))) {
        append_escaped(out, pair.substr(0, eq));
        out += "=<redacted>";
      } else {
        append_escaped(out, pair);
      }
      if (amp == std::string_view::npos || out.size() > kMaxTarget) break;
      query.remove_prefix(amp + 1);
    }
  }
  if (out.size() > kMaxTarget) {
    std::size_t cut = kMaxTarget;
    // Never leave half an escape: back up over "%" or "%X".
    if (out[cut - 1] == '%') {
      cut -= 1;
    } else if (cut >= 2 && out[cut - 2] == '%') {
      cut -= 2;
    }
    out.resize(cut);
  }
  return out;
}

std::string audit_text(std::string_view text, std::size_t max_bytes) {
  std::string out;
  append_valid_utf8(out, text.substr(0, max_bytes + 4));
  if (out.size() > max_bytes) {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(out[cut]) & 0xC0) == 0x80) --cut;
    out.resize(cut);
  }
  return out;
}

const char* audit_outcome(int status) noexcept {
  if (status < 400) return "ok";
  if (status == 401) return "unauthenticated";
  if (status == 403) return "denied";
  if (status == 404) return "not_found";
  if (status == 408) return "timeout";
  if (status < 500) return "bad_request";
  return "error";
}

store::AuditRow audit_row(int64_t time_ms, const Principal* who, std::string_view remote, std::string action,
                          std::string target, int status, std::string outcome) {
  store::AuditRow row;
  row.time_ms = time_ms;
  if (who != nullptr) {
    row.principal = audit_text(who->name, 200);
    row.nation = audit_text(who->nation, 16);
    row.role = to_string(who->role);
  } else {
    row.principal = "anonymous";
  }
  row.action = std::move(action);
  row.target = std::move(target);
  row.outcome = std::move(outcome);
  row.status = status;
  row.remote = audit_text(remote, 64);
  return row;
}

}  // namespace lookout::server
