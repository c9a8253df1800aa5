// The TLS instantiation of the HTTP session of session.h: HTTPS over
// beast::ssl_stream<beast::tcp_stream>, with the context HttpServer::start()
// built (tls_context.h). The WebSocket session over TLS is instantiated in
// server_tls_ws.cc: compiled together they took 3.1 GB, apart 1.3 GB here
// and 2.1 GB there (docs/decisions/0008-http-server.md).
#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

#include <boost/asio/ssl/context.hpp>
#include <boost/asio/ssl/error.hpp>

#include "server/http/server_tls.h"

namespace lookout::server::detail {

// Instantiated in server_tls_ws.cc.
extern template void start_ws_session<TlsStream>(std::shared_ptr<Impl> impl, TlsStream&& stream,
                                                 ConnectionSlot&& slot, const Request& request,
                                                 http::request<http::string_body>&& upgrade);

std::optional<HttpFailure> tls_handshake_failure(const error_code& ec) {
  if (ec == beast::error::timeout) return HttpFailure::kHeaderTimeout;
  if (ec == asio::error::eof || ec == asio::ssl::error::stream_truncated || ec == asio::error::connection_reset ||
      ec == asio::error::operation_aborted || ec == asio::error::broken_pipe) {
    return std::nullopt;
  }
  return HttpFailure::kTlsHandshake;
}

void start_tls_session(std::shared_ptr<ServerImpl> impl, tcp::socket&& socket, std::string remote,
                       ConnectionSlot&& slot) {
  std::make_shared<HttpSession<TlsStream>>(std::move(impl), std::move(socket), std::move(remote), std::move(slot))
      ->start();
}

}  // namespace lookout::server::detail
