// The server's TLS context; see tls_context.h.
#include "server/http/tls_context.h"

#include <utility>  // before any Asio header (GCC 12 + C++20)

#include <openssl/bio.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>

#include <boost/asio/ssl/context.hpp>
#include <cerrno>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <optional>
#include <system_error>

namespace lookout::server {

namespace {

namespace ssl = boost::asio::ssl;
namespace fs = std::filesystem;

// TLS 1.2 suites: ECDHE key exchange (forward secrecy) with AEAD ciphers
// only, AES-GCM first. TLS 1.3 keeps OpenSSL's defaults (all of them AEAD).
constexpr const char* kTls12Ciphers =
    "ECDHE-ECDSA-AES128-GCM-SHA256:ECDHE-RSA-AES128-GCM-SHA256:"
    "ECDHE-ECDSA-AES256-GCM-SHA384:ECDHE-RSA-AES256-GCM-SHA384:"
    "ECDHE-ECDSA-CHACHA20-POLY1305:ECDHE-RSA-CHACHA20-POLY1305";

// OpenSSL asks this for the passphrase of an encrypted key: there is none,
// so loading fails with a reason instead of prompting on the terminal.
int no_passphrase(char*, int, int, void*) { return 0; }

// The reason of the first error OpenSSL queued (the cause: "no start
// line" rather than the "PEM lib" queued over it), emptying the queue;
// empty when there was none.
std::string openssl_reason() {
  const unsigned long code = ERR_peek_error();
  std::string out;
  if (code != 0) {
    if (const char* reason = ERR_reason_error_string(code)) {
      out = reason;
    } else {
      char buffer[256];
      ERR_error_string_n(code, buffer, sizeof buffer);
      out = buffer;
    }
  }
  ERR_clear_error();
  return out;
}

std::string with_reason(std::string text) {
  const std::string reason = openssl_reason();
  if (!reason.empty()) text += " (OpenSSL: " + reason + ")";
  return text;
}

// Why `path` cannot be loaded before OpenSSL even looks at it, or nullopt.
std::optional<std::string> file_problem(const std::string& path) {
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (status.type() == fs::file_type::not_found) return std::string("does not exist");
  if (ec) return "cannot be examined (" + ec.message() + ")";
  if (!fs::is_regular_file(status)) return std::string("is not a file");
  std::FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    return "cannot be read (" + std::generic_category().message(errno) + ")";
  }
  std::fclose(file);
  return std::nullopt;
}

}  // namespace

void TlsContextDeleter::operator()(ssl::context* context) const noexcept { delete context; }

bool tls_enabled(const ServerOptions& options) {
  return !options.tls_cert_file.empty() || !options.tls_key_file.empty();
}

Result<TlsContextPtr> make_tls_context(const ServerOptions& options, std::string& error) {
  const std::string& cert = options.tls_cert_file;
  const std::string& key = options.tls_key_file;
  if (cert.empty() || key.empty()) {
    error = cert.empty() ? "tls_key is given without tls_cert (both are needed for TLS, or neither)"
                         : "tls_cert is given without tls_key (both are needed for TLS, or neither)";
    return make_error(ErrorCode::kBadValue, 0, cert.empty() ? "tls_cert" : "tls_key");
  }
  if (auto problem = file_problem(cert)) {
    error = "tls_cert " + cert + ": " + *problem;
    return make_error(ErrorCode::kIoError, 0, "tls_cert");
  }
  if (auto problem = file_problem(key)) {
    error = "tls_key " + key + ": " + *problem;
    return make_error(ErrorCode::kIoError, 0, "tls_key");
  }
  ERR_clear_error();
  TlsContextPtr context;
  try {
    context.reset(new ssl::context(ssl::context::tls_server));
  } catch (const std::exception& e) {
    error = with_reason(std::string("TLS: cannot create a context: ") + e.what());
    return make_error(ErrorCode::kIoError, 0, "tls_cert");
  }
  SSL_CTX* ctx = context->native_handle();
  SSL_CTX_set_default_passwd_cb(ctx, no_passphrase);
  const int min_version = options.tls_min_version == TlsMinVersion::kTls13 ? TLS1_3_VERSION : TLS1_2_VERSION;
  if (SSL_CTX_set_min_proto_version(ctx, min_version) != 1 ||
      SSL_CTX_set_cipher_list(ctx, kTls12Ciphers) != 1) {
    error = with_reason("TLS: the protocol settings were refused");
    return make_error(ErrorCode::kBadValue, 0, "tls_cert");
  }
  SSL_CTX_set_options(ctx, SSL_OP_NO_COMPRESSION | SSL_OP_CIPHER_SERVER_PREFERENCE | SSL_OP_NO_RENEGOTIATION);
  // Idle keep-alive connections give their read/write buffers back.
  SSL_CTX_set_mode(ctx, SSL_MODE_RELEASE_BUFFERS);

  if (SSL_CTX_use_certificate_chain_file(ctx, cert.c_str()) != 1) {
    error = with_reason("tls_cert " + cert + ": not a PEM certificate chain");
    return make_error(ErrorCode::kBadValue, 0, "tls_cert");
  }
  // The key is read here rather than by SSL_CTX_use_PrivateKey_file, which
  // would report a key that does not match like one that is not a key.
  EVP_PKEY* pkey = nullptr;
  if (BIO* bio = BIO_new_file(key.c_str(), "rb")) {
    pkey = PEM_read_bio_PrivateKey(bio, nullptr, no_passphrase, nullptr);
    BIO_free(bio);
  }
  if (pkey == nullptr) {
    error = with_reason("tls_key " + key + ": not a PEM private key (or one encrypted with a passphrase)");
    return make_error(ErrorCode::kBadValue, 0, "tls_key");
  }
  X509* leaf = SSL_CTX_get0_certificate(ctx);
  const bool matches = leaf != nullptr && X509_check_private_key(leaf, pkey) == 1;
  const bool used = matches && SSL_CTX_use_PrivateKey(ctx, pkey) == 1 && SSL_CTX_check_private_key(ctx) == 1;
  EVP_PKEY_free(pkey);  // the context holds its own reference
  if (!used) {
    error = with_reason("tls_key " + key + ": does not match the certificate in " + cert);
    return make_error(ErrorCode::kBadValue, 0, "tls_key");
  }
  ERR_clear_error();
  return context;
}

}  // namespace lookout::server
