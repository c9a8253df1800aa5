// Internal to src/server/http: the TLS stream the sessions of session.h run
// on for HTTPS and WSS, for server_tls.cc and server_tls_ws.cc.
#pragma once

#include <utility>  // before any Asio/Beast header (GCC 12 + C++20)

#include <boost/beast/ssl.hpp>

#include "server/http/session.h"

namespace lookout::server::detail {

// Beast's wrapper rather than asio::ssl::stream: it writes a buffer
// sequence (WebSocket frame header + payload, HTTP header + body) as one TLS
// record instead of one record per buffer.
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

}  // namespace lookout::server::detail
