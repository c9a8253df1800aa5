// The TLS instantiation of the WebSocket session of session.h: WSS on
// /api/live over beast::ssl_stream<beast::tcp_stream>, reached from the
// HTTPS session of server_tls.cc on upgrade. A TU of its own for its
// compile cost (see server_tls.cc).
#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

#include "server/http/server_tls.h"

namespace lookout::server::detail {

template void start_ws_session<TlsStream>(std::shared_ptr<Impl> impl, TlsStream&& stream, ConnectionSlot&& slot,
                                           const Request& request, http::request<http::string_body>&& upgrade);

}  // namespace lookout::server::detail
