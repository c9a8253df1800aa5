// The server's TLS context: loads and checks the certificate chain and the
// private key named in ServerOptions (PEM files) and fixes the protocol
// settings - TLS 1.2 at least (or 1.3 only), no compression, no
// renegotiation, forward-secret AEAD cipher suites for TLS 1.2, the server's
// order of preference. Used by HttpServer::start(); kept out of server.cc so
// that the OpenSSL calls and their error wording live in a small TU of their
// own. See docs/decisions/0008-http-server.md.
#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "server/http/server.h"

namespace boost::asio::ssl {
class context;
}  // namespace boost::asio::ssl

namespace lookout::server {

// Deletes a context (defined where it is complete).
struct TlsContextDeleter {
  void operator()(boost::asio::ssl::context* context) const noexcept;
};
using TlsContextPtr = std::unique_ptr<boost::asio::ssl::context, TlsContextDeleter>;

// True when the options ask for TLS (either file named).
bool tls_enabled(const ServerOptions& options);

// Builds the context from options.tls_cert_file / tls_key_file. On failure
// an Error with field "tls_cert" or "tls_key" and `error` set to one
// sentence naming the file and the reason, with OpenSSL's own words where it
// gave some: "tls_key /etc/lookout/key.pem: does not match the certificate
// in /etc/lookout/fullchain.pem (OpenSSL: key values mismatch)". Never
// prompts for a passphrase (an encrypted key is refused).
Result<TlsContextPtr> make_tls_context(const ServerOptions& options, std::string& error);

}  // namespace lookout::server
