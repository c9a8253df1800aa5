// Test support for the HTTP server core; see http_test_support.h.
#include "tests/server/http/http_test_support.h"

#include <utility>  // before any Asio header (GCC 12 + C++20)

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <future>
#include <list>
#include <thread>

namespace lookout::server::testing {

namespace asio = boost::asio;

namespace {

struct Pump {
  Pump(asio::io_context& io, std::chrono::milliseconds i, std::function<bool()> f)
      : timer(io), interval(i), fn(std::move(f)) {}
  asio::steady_timer timer;
  std::chrono::milliseconds interval;
  std::function<bool()> fn;
};

}  // namespace

struct TestServer::State {
  asio::io_context io;
  std::unique_ptr<HttpServer> server;
  std::list<Pump> pumps;
  std::atomic<bool> stopping{false};
  std::promise<void> finished;
  std::thread thread;
};

namespace {

void arm(TestServer::State* s, Pump& pump);

}  // namespace

TestServer::TestServer(ServerOptions options, Handler& handler, LiveHandler* live) : state_(std::make_unique<State>()) {
  if (options.listen == ServerOptions().listen) options.listen = "127.0.0.1:0";
  state_->server = std::make_unique<HttpServer>(state_->io, std::move(options), handler, live);
  auto started = state_->server->start();
  if (!started) {
    error_ = state_->server->error_text();
    state_->server.reset();
    stopped_ = true;
    return;
  }
  port_ = *started;
  State* s = state_.get();
  s->thread = std::thread([s] {
    s->io.run();
    s->finished.set_value();
  });
}

TestServer::~TestServer() {
  if (!stopped_) {
    EXPECT_TRUE(stop()) << "the io_context still had work 30 s after HttpServer::stop()";
  }
  if (state_->thread.joinable()) state_->thread.join();
  // Destroy the server before the io_context (as the node does).
  state_->server.reset();
}

void TestServer::run(const std::function<void()>& fn) {
  if (stopped_) {
    return;
  }
  std::promise<void> done;
  asio::post(state_->io, [&] {
    fn();
    done.set_value();
  });
  done.get_future().wait();
}

std::string TestServer::reload_tls() {
  std::string out = "not run";
  run([&] {
    auto r = state_->server->reload_tls();
    out = r ? std::string() : state_->server->error_text();
  });
  return out;
}

ServerStats TestServer::stats() {
  ServerStats out;
  run([&] { out = state_->server->stats(); });
  return out;
}

void TestServer::every(std::chrono::milliseconds interval, std::function<bool()> fn) {
  run([&] {
    State* s = state_.get();
    Pump& pump = s->pumps.emplace_back(s->io, interval, std::move(fn));
    arm(s, pump);
  });
}

bool TestServer::stop() {
  if (stopped_) return true;
  State* s = state_.get();
  s->stopping = true;
  run([s] {
    s->server->stop();
    for (auto& pump : s->pumps) pump.timer.cancel();
  });
  stopped_ = true;
  auto finished = s->finished.get_future();
  if (finished.wait_for(std::chrono::seconds(30)) == std::future_status::ready) return true;
  s->io.stop();
  return false;
}

namespace {

void arm(TestServer::State* s, Pump& pump) {
  pump.timer.expires_after(pump.interval);
  pump.timer.async_wait([s, &pump](const boost::system::error_code& ec) {
    if (ec || s->stopping || !pump.fn()) return;
    arm(s, pump);
  });
}

}  // namespace

std::optional<std::string> HttpReply::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) return value;
  }
  return std::nullopt;
}

uint16_t WsFrame::close_code() const {
  if (opcode != 8 || payload.size() < 2) return 0;
  return static_cast<uint16_t>((static_cast<unsigned char>(payload[0]) << 8) | static_cast<unsigned char>(payload[1]));
}

Client::Client(uint16_t port, const char* address) {
  const bool v6 = std::strchr(address, ':') != nullptr;
  fd_ = ::socket(v6 ? AF_INET6 : AF_INET, SOCK_STREAM, 0);
  if (fd_ < 0) return;
  timeval tv{};
  tv.tv_sec = 30;
  ::setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd_, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  int one = 1;
  ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
  int rc = -1;
  if (v6) {
    sockaddr_in6 sa{};
    sa.sin6_family = AF_INET6;
    sa.sin6_port = htons(port);
    ::inet_pton(AF_INET6, address, &sa.sin6_addr);
    rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  } else {
    sockaddr_in sa{};
    sa.sin_family = AF_INET;
    sa.sin_port = htons(port);
    ::inet_pton(AF_INET, address, &sa.sin_addr);
    rc = ::connect(fd_, reinterpret_cast<const sockaddr*>(&sa), sizeof sa);
  }
  if (rc != 0) {
    ::close(fd_);
    fd_ = -1;
  }
}

Client::~Client() {
  if (tls_ != nullptr) SSL_free(tls_);
  if (tls_ctx_ != nullptr) SSL_CTX_free(tls_ctx_);
  if (fd_ >= 0) ::close(fd_);
}

bool Client::send(std::string_view bytes) {
  while (!bytes.empty()) {
    if (tls_ != nullptr) {
      const int n = SSL_write(tls_, bytes.data(), static_cast<int>(std::min<std::size_t>(bytes.size(), 1u << 20)));
      if (n <= 0) {
        ERR_clear_error();
        return false;
      }
      bytes.remove_prefix(static_cast<std::size_t>(n));
      continue;
    }
    const ssize_t n = ::send(fd_, bytes.data(), bytes.size(), MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    bytes.remove_prefix(static_cast<std::size_t>(n));
  }
  return true;
}

void Client::shutdown_write() { ::shutdown(fd_, SHUT_WR); }

void Client::reset() {
  if (fd_ < 0) return;
  linger hard{};
  hard.l_onoff = 1;
  hard.l_linger = 0;
  ::setsockopt(fd_, SOL_SOCKET, SO_LINGER, &hard, sizeof hard);
  ::close(fd_);
  fd_ = -1;
  if (tls_ != nullptr) SSL_set_fd(tls_, -1);
}

long Client::read_some(char* data, std::size_t size) {
  for (;;) {
    if (tls_ != nullptr) {
      errno = 0;
      const int n = SSL_read(tls_, data, static_cast<int>(size));
      if (n > 0) return n;
      const int error = SSL_get_error(tls_, n);
      ERR_clear_error();
      if (error == SSL_ERROR_ZERO_RETURN) return 0;  // close_notify
      if (error == SSL_ERROR_SYSCALL && errno == EINTR) continue;
      if (error == SSL_ERROR_SYSCALL && errno == 0) return 0;  // EOF without close_notify
      if (errno == 0) errno = EPROTO;
      return -1;
    }
    const ssize_t n = ::recv(fd_, data, size, 0);
    if (n < 0 && errno == EINTR) continue;
    return static_cast<long>(n);
  }
}

bool Client::fill() {
  char chunk[16384];
  const long n = read_some(chunk, sizeof chunk);
  if (n <= 0) return false;
  buffer_.append(chunk, static_cast<std::size_t>(n));
  return true;
}

bool Client::start_tls(const std::string& ca_pem, int max_version) {
  tls_error_.clear();
  auto failed = [this](std::string what) {
    const unsigned long code = ERR_get_error();
    if (code != 0) {
      char reason[256];
      ERR_error_string_n(code, reason, sizeof reason);
      what += std::string(": ") + reason;
    }
    ERR_clear_error();
    tls_error_ = std::move(what);
    return false;
  };
  if (fd_ < 0) return failed("not connected");
  // OpenSSL writes with write(), not send(MSG_NOSIGNAL): a server that has
  // closed the connection must not kill the test process with SIGPIPE.
  static const bool sigpipe_ignored = [] {
    std::signal(SIGPIPE, SIG_IGN);
    return true;
  }();
  (void)sigpipe_ignored;
  tls_ctx_ = SSL_CTX_new(TLS_client_method());
  if (tls_ctx_ == nullptr) return failed("SSL_CTX_new");
  if (max_version != 0) SSL_CTX_set_max_proto_version(tls_ctx_, max_version);
  BIO* bio = BIO_new_mem_buf(ca_pem.data(), static_cast<int>(ca_pem.size()));
  X509* ca = bio != nullptr ? PEM_read_bio_X509(bio, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(bio);
  if (ca == nullptr) return failed("the CA certificate");
  const int added = X509_STORE_add_cert(SSL_CTX_get_cert_store(tls_ctx_), ca);
  X509_free(ca);
  if (added != 1) return failed("X509_STORE_add_cert");
  SSL_CTX_set_verify(tls_ctx_, SSL_VERIFY_PEER, nullptr);
  tls_ = SSL_new(tls_ctx_);
  if (tls_ == nullptr) return failed("SSL_new");
  X509_VERIFY_PARAM_set1_ip_asc(SSL_get0_param(tls_), "127.0.0.1");
  SSL_set_fd(tls_, fd_);
  if (SSL_connect(tls_) != 1) {
    const long verify = SSL_get_verify_result(tls_);
    return failed(verify != X509_V_OK ? std::string("verify: ") + X509_verify_cert_error_string(verify)
                                      : std::string("handshake"));
  }
  return true;
}

void Client::tls_close() {
  if (tls_ != nullptr && fd_ >= 0) SSL_shutdown(tls_);
  ERR_clear_error();
}

std::string Client::tls_version() const { return tls_ != nullptr ? SSL_get_version(tls_) : ""; }

std::optional<HttpReply> Client::read_reply(bool head) {
  std::size_t end;
  while ((end = buffer_.find("\r\n\r\n")) == std::string::npos) {
    if (!fill()) return std::nullopt;
  }
  HttpReply reply;
  const std::string header = buffer_.substr(0, end);
  buffer_.erase(0, end + 4);
  std::size_t line_end = header.find("\r\n");
  const std::string status_line = header.substr(0, line_end);
  if (status_line.size() < 12 || status_line.compare(0, 5, "HTTP/") != 0) return std::nullopt;
  reply.status = std::atoi(status_line.c_str() + 9);
  std::size_t pos = line_end == std::string::npos ? header.size() : line_end + 2;
  while (pos < header.size()) {
    std::size_t next = header.find("\r\n", pos);
    if (next == std::string::npos) next = header.size();
    const std::string line = header.substr(pos, next - pos);
    const std::size_t colon = line.find(':');
    if (colon != std::string::npos) {
      std::string name = line.substr(0, colon);
      for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      std::string value = line.substr(colon + 1);
      while (!value.empty() && value.front() == ' ') value.erase(0, 1);
      reply.headers.emplace_back(std::move(name), std::move(value));
    }
    pos = next + 2;
  }
  std::size_t length = 0;
  if (auto cl = reply.header("content-length")) length = std::strtoul(cl->c_str(), nullptr, 10);
  if (head || reply.status == 101) length = 0;
  while (buffer_.size() < length) {
    if (!fill()) return std::nullopt;
  }
  reply.body = buffer_.substr(0, length);
  buffer_.erase(0, length);
  return reply;
}

bool Client::wait_closed(std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  buffer_.clear();
  char chunk[65536];
  while (std::chrono::steady_clock::now() < deadline) {
    const long n = read_some(chunk, sizeof chunk);
    if (n == 0) return true;
    if (n < 0) {
      if (errno == EINTR || errno == EAGAIN || errno == EWOULDBLOCK) continue;
      return true;  // reset
    }
  }
  return false;
}

std::optional<HttpReply> Client::ws_handshake(std::string_view target, std::string_view extra_headers) {
  std::string request = "GET " + std::string(target) +
                        " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n" +
                        std::string(extra_headers) + "\r\n";
  if (!send(request)) return std::nullopt;
  return read_reply();
}

bool Client::ws_send(uint8_t opcode, std::string_view payload, bool fin) {
  std::string frame;
  frame.push_back(static_cast<char>((fin ? 0x80 : 0x00) | opcode));
  const std::size_t n = payload.size();
  if (n < 126) {
    frame.push_back(static_cast<char>(0x80 | n));
  } else if (n < 65536) {
    frame.push_back(static_cast<char>(0x80 | 126));
    frame.push_back(static_cast<char>(n >> 8));
    frame.push_back(static_cast<char>(n & 0xFF));
  } else {
    frame.push_back(static_cast<char>(0x80 | 127));
    for (int shift = 56; shift >= 0; shift -= 8) frame.push_back(static_cast<char>((n >> shift) & 0xFF));
  }
  const unsigned char mask[4] = {0x12, 0x34, 0x56, 0x78};
  for (unsigned char m : mask) frame.push_back(static_cast<char>(m));
  for (std::size_t i = 0; i < n; ++i) {
    frame.push_back(static_cast<char>(static_cast<unsigned char>(payload[i]) ^ mask[i % 4]));
  }
  return send(frame);
}

std::optional<WsFrame> Client::ws_read() {
  while (buffer_.size() < 2) {
    if (!fill()) return std::nullopt;
  }
  const auto b0 = static_cast<unsigned char>(buffer_[0]);
  const auto b1 = static_cast<unsigned char>(buffer_[1]);
  std::size_t header = 2;
  uint64_t length = b1 & 0x7F;
  if (length == 126) header = 4;
  if (length == 127) header = 10;
  const bool masked = (b1 & 0x80) != 0;
  if (masked) header += 4;
  while (buffer_.size() < header) {
    if (!fill()) return std::nullopt;
  }
  if (length == 126) {
    length = (static_cast<uint64_t>(static_cast<unsigned char>(buffer_[2])) << 8) |
             static_cast<unsigned char>(buffer_[3]);
  } else if (length == 127) {
    length = 0;
    for (int i = 2; i < 10; ++i) length = (length << 8) | static_cast<unsigned char>(buffer_[static_cast<std::size_t>(i)]);
  }
  while (buffer_.size() < header + length) {
    if (!fill()) return std::nullopt;
  }
  WsFrame frame;
  frame.fin = (b0 & 0x80) != 0;
  frame.opcode = b0 & 0x0F;
  frame.payload = buffer_.substr(header, length);
  buffer_.erase(0, header + length);
  return frame;
}

std::string get_request(std::string_view target, std::string_view extra_headers) {
  return "GET " + std::string(target) + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + std::string(extra_headers) + "\r\n";
}

std::optional<HttpReply> http_once(uint16_t port, const std::string& request, bool head) {
  Client client(port);
  if (!client.connected() || !client.send(request)) return std::nullopt;
  return client.read_reply(head);
}

bool wait_until(const std::function<bool()>& predicate, std::chrono::seconds timeout) {
  const auto deadline = std::chrono::steady_clock::now() + timeout;
  while (std::chrono::steady_clock::now() < deadline) {
    if (predicate()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return predicate();
}

TempDir::TempDir() {
  char pattern[] = "/tmp/lookout-http-test-XXXXXX";
  if (const char* made = ::mkdtemp(pattern)) path_ = made;
}

TempDir::~TempDir() {
  if (path_.empty()) return;
  std::error_code ec;
  std::filesystem::remove_all(path_, ec);
}

void TempDir::write(const std::string& relative, std::string_view content) const {
  const std::filesystem::path file = std::filesystem::path(path_) / relative;
  std::filesystem::create_directories(file.parent_path());
  std::ofstream out(file, std::ios::binary);
  out.write(content.data(), static_cast<std::streamsize>(content.size()));
}

}  // namespace lookout::server::testing

namespace lookout::server::testing {

namespace {

std::string pem_of(const std::function<int(BIO*)>& write) {
  BIO* bio = BIO_new(BIO_s_mem());
  std::string out;
  if (bio != nullptr && write(bio) == 1) {
    out.resize(BIO_ctrl_pending(bio));
    const int n = out.empty() ? 0 : BIO_read(bio, out.data(), static_cast<int>(out.size()));
    out.resize(n > 0 ? static_cast<std::size_t>(n) : 0);
  }
  BIO_free(bio);
  return out;
}

}  // namespace

TestCertificate make_test_certificate() {
  TestCertificate out;
  EVP_PKEY* key = nullptr;
  if (EVP_PKEY_CTX* keygen = EVP_PKEY_CTX_new_from_name(nullptr, "EC", nullptr)) {
    if (EVP_PKEY_keygen_init(keygen) != 1 || EVP_PKEY_CTX_set_group_name(keygen, "P-256") != 1 ||
        EVP_PKEY_generate(keygen, &key) != 1) {
      key = nullptr;
    }
    EVP_PKEY_CTX_free(keygen);
  }
  X509* cert = X509_new();
  if (key == nullptr || cert == nullptr) {
    EVP_PKEY_free(key);
    X509_free(cert);
    ADD_FAILURE() << "OpenSSL could not make a key or a certificate";
    return out;
  }
  X509_set_version(cert, 2);  // v3
  ASN1_INTEGER_set(X509_get_serialNumber(cert), 1);
  X509_gmtime_adj(X509_getm_notBefore(cert), -3600);
  X509_gmtime_adj(X509_getm_notAfter(cert), 24 * 3600);
  X509_set_pubkey(cert, key);
  X509_NAME* name = X509_get_subject_name(cert);
  X509_NAME_add_entry_by_txt(name, "CN", MBSTRING_ASC, reinterpret_cast<const unsigned char*>("localhost"), -1, -1, 0);
  X509_set_issuer_name(cert, name);
  X509V3_CTX v3;
  X509V3_set_ctx_nodb(&v3);
  X509V3_set_ctx(&v3, cert, cert, nullptr, nullptr, 0);
  char san[] = "IP:127.0.0.1,DNS:localhost";
  if (X509_EXTENSION* ext = X509V3_EXT_conf_nid(nullptr, &v3, NID_subject_alt_name, san)) {
    X509_add_ext(cert, ext, -1);
    X509_EXTENSION_free(ext);
  }
  if (X509_sign(cert, key, EVP_sha256()) > 0) {
    out.cert_pem = pem_of([&](BIO* bio) { return PEM_write_bio_X509(bio, cert); });
    out.key_pem = pem_of([&](BIO* bio) {
      return PEM_write_bio_PrivateKey(bio, key, nullptr, nullptr, 0, nullptr, nullptr);
    });
  }
  X509_free(cert);
  EVP_PKEY_free(key);
  ERR_clear_error();
  EXPECT_FALSE(out.cert_pem.empty() || out.key_pem.empty()) << "OpenSSL could not write the test certificate";
  return out;
}

std::string TestCertificate::encrypted_key_pem(const std::string& passphrase) const {
  BIO* in = BIO_new_mem_buf(key_pem.data(), static_cast<int>(key_pem.size()));
  EVP_PKEY* key = in != nullptr ? PEM_read_bio_PrivateKey(in, nullptr, nullptr, nullptr) : nullptr;
  BIO_free(in);
  std::string out;
  if (key != nullptr) {
    std::string pass = passphrase;
    out = pem_of([&](BIO* bio) {
      return PEM_write_bio_PKCS8PrivateKey(bio, key, EVP_aes_256_cbc(), nullptr, 0, nullptr, pass.data());
    });
  }
  EVP_PKEY_free(key);
  ERR_clear_error();
  return out;
}

}  // namespace lookout::server::testing
