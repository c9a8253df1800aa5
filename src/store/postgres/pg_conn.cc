#include "store/postgres/pg_conn.h"

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <limits>

namespace lookout::store::pg {

namespace {

// Length of the valid UTF-8 sequence starting at s[i] (1-4), or 0 when the
// bytes there are not one (overlong forms, surrogates, > U+10FFFF, cut short).
std::size_t utf8_sequence(std::string_view s, std::size_t i) {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) return 1;
  std::size_t n = 0;
  unsigned char lo = 0x80, hi = 0xBF;
  if (c >= 0xC2 && c <= 0xDF) {
    n = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    n = 3;
    if (c == 0xE0) lo = 0xA0;
    if (c == 0xED) hi = 0x9F;
  } else if (c >= 0xF0 && c <= 0xF4) {
    n = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;
  } else {
    return 0;
  }
  if (i + n > s.size()) return 0;
  if (b(i + 1) < lo || b(i + 1) > hi) return 0;
  for (std::size_t k = 2; k < n; ++k) {
    if (b(i + k) < 0x80 || b(i + k) > 0xBF) return 0;
  }
  return n;
}

template <typename Emit>
void for_each_clean(std::string_view text, Emit emit) {
  for (std::size_t i = 0; i < text.size();) {
    if (text[i] == '\0') {
      ++i;
      continue;
    }
    std::size_t n = utf8_sequence(text, i);
    if (n == 0) {
      emit(std::string_view("?"));
      ++i;
      continue;
    }
    emit(text.substr(i, n));
    i += n;
  }
}

bool needs_cleaning(std::string_view text) {
  for (unsigned char c : text) {
    if (c == 0 || c >= 0x80) return true;
  }
  return false;
}

std::string trimmed(const char* message) {
  std::string s = message ? message : "";
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

void quiet_notices(void*, const char*) {}

}  // namespace

std::string redact_url(std::string_view url) {
  std::string out(url);
  auto scheme = out.find("://");
  if (scheme != std::string::npos) {
    auto start = scheme + 3;
    auto at = out.find('@', start);
    auto slash = out.find('/', start);
    if (at != std::string::npos && (slash == std::string::npos || at < slash)) {
      auto colon = out.find(':', start);
      if (colon != std::string::npos && colon < at) out.replace(colon + 1, at - colon - 1, "***");
    }
  }
  // password=... as a query parameter or keyword.
  for (auto p = out.find("password="); p != std::string::npos; p = out.find("password=", p + 1)) {
    auto end = out.find_first_of("& ", p);
    if (end == std::string::npos) end = out.size();
    out.replace(p + 9, end - p - 9, "***");
  }
  return out;
}

void append_copy_text(std::string& out, std::string_view text) {
  auto escape = [&out](std::string_view piece) {
    for (char c : piece) {
      switch (c) {
        case '\\': out += "\\\\"; break;
        case '\t': out += "\\t"; break;
        case '\n': out += "\\n"; break;
        case '\r': out += "\\r"; break;
        default: out += c;
      }
    }
  };
  if (!needs_cleaning(text)) {
    escape(text);
    return;
  }
  for_each_clean(text, escape);
}

std::string clean_text(std::string_view text) {
  if (!needs_cleaning(text)) return std::string(text);
  std::string out;
  out.reserve(text.size());
  for_each_clean(text, [&out](std::string_view piece) { out += piece; });
  return out;
}

int64_t Result::i64(int row, int col) const {
  auto t = text(row, col);
  int64_t v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

double Result::f64(int row, int col) const {
  auto t = text(row, col);
  double v = 0;
  std::from_chars(t.data(), t.data() + t.size(), v);
  return v;
}

std::string Result::sqlstate() const {
  if (r_ == nullptr) return {};
  const char* s = PQresultErrorField(r_, PG_DIAG_SQLSTATE);
  return s ? s : "";
}

int64_t Result::affected() const {
  if (r_ == nullptr) return 0;
  const char* s = PQcmdTuples(r_);
  return s && *s ? std::strtoll(s, nullptr, 10) : 0;
}

Conn::~Conn() {
  if (conn_ != nullptr) PQfinish(conn_);
}

Status Conn::open(const std::string& url) {
  name_ = "postgres store " + redact_url(url);
  conn_ = PQconnectdb(url.c_str());
  if (conn_ == nullptr) return Status::internal(name_ + ": out of memory connecting");
  if (PQstatus(conn_) != CONNECTION_OK) {
    return Status::unavailable(name_ + ": cannot connect: " + trimmed(PQerrorMessage(conn_)));
  }
  PQsetNoticeProcessor(conn_, quiet_notices, nullptr);
  if (PQsetClientEncoding(conn_, "UTF8") != 0) return error("setting the client encoding");
  return {};
}

Result Conn::exec(const std::string& sql) { return Result(PQexec(conn_, sql.c_str())); }

namespace {

struct ParamArrays {
  std::vector<const char*> values;
  std::vector<int> lengths;
  explicit ParamArrays(const std::vector<Param>& params) {
    values.reserve(params.size());
    lengths.reserve(params.size());
    for (const auto& p : params) {
      values.push_back(p ? p->c_str() : nullptr);
      lengths.push_back(p ? static_cast<int>(p->size()) : 0);
    }
  }
};

}  // namespace

Result Conn::exec(const std::string& sql, const std::vector<Param>& params) {
  ParamArrays a(params);
  return Result(PQexecParams(conn_, sql.c_str(), static_cast<int>(params.size()), nullptr, a.values.data(),
                             a.lengths.data(), nullptr, 0));
}

Result Conn::exec_prepared(const char* statement, const std::vector<Param>& params) {
  ParamArrays a(params);
  return Result(PQexecPrepared(conn_, statement, static_cast<int>(params.size()), a.values.data(),
                               a.lengths.data(), nullptr, 0));
}

Status Conn::prepare(const char* statement, const char* sql) {
  Result r(PQprepare(conn_, statement, sql, 0, nullptr));
  if (!r.ok()) return error((std::string("preparing ") + statement).c_str(), &r);
  return {};
}

Status Conn::run(const std::string& sql, const char* what) {
  Result r = exec(sql);
  if (!r.ok()) return error(what, &r);
  return {};
}

Status Conn::copy_in(const std::string& copy_sql, std::string_view data, const char* what, std::string* sqlstate) {
  Result start = exec(copy_sql);
  if (start.status() != PGRES_COPY_IN) {
    if (sqlstate != nullptr) *sqlstate = start.sqlstate();
    return error(what, &start);
  }
  // Send in pieces of at most 1 MB (the length is an int).
  constexpr std::size_t kPiece = 1 << 20;
  bool sent = true;
  for (std::size_t off = 0; off < data.size() && sent; off += kPiece) {
    std::size_t n = std::min(kPiece, data.size() - off);
    sent = PQputCopyData(conn_, data.data() + off, static_cast<int>(n)) == 1;
  }
  if (PQputCopyEnd(conn_, sent ? nullptr : "client could not send the data") != 1) return error(what);
  Status s;
  // The COPY's result, then null.
  for (PGresult* raw = PQgetResult(conn_); raw != nullptr; raw = PQgetResult(conn_)) {
    Result r(raw);
    if (!r.ok() && s.ok()) {
      s = error(what, &r);
      if (sqlstate != nullptr) *sqlstate = r.sqlstate();
    }
  }
  return s;
}

StatusCode status_code(std::string_view sqlstate, PGconn* conn) {
  // A lost connection (the server shut down, the backend was terminated)
  // leaves the connection bad, whatever the last result said.
  if (conn == nullptr || PQstatus(conn) == CONNECTION_BAD) return StatusCode::kUnavailable;
  if (sqlstate.starts_with("08") || sqlstate.starts_with("57P")) return StatusCode::kUnavailable;
  if (sqlstate == "40001" || sqlstate == "40P01" || sqlstate == "55P03") return StatusCode::kBusy;
  if (sqlstate.starts_with("XX00") || sqlstate == "22021") return StatusCode::kCorruption;
  if (sqlstate.starts_with("53") || sqlstate.starts_with("58")) return StatusCode::kIoError;
  return StatusCode::kInternal;
}

Status Conn::error(const char* what, const Result* r) const {
  std::string message;
  if (r != nullptr && r->get() != nullptr) message = trimmed(PQresultErrorMessage(r->get()));
  if (message.empty()) message = trimmed(PQerrorMessage(conn_));
  if (message.empty()) message = "unknown error";
  std::string state = r != nullptr ? r->sqlstate() : std::string();
  return {status_code(state, conn_), name_ + ": " + message + " (" + what + ")"};
}

}  // namespace lookout::store::pg
