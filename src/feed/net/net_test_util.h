// Helpers for the network input tests: run the io_context until something
// has happened (with a generous deadline, so a loaded machine running the
// sanitizers is slow, not flaky), and blocking peers on 127.0.0.1.
#pragma once

#include <utility>  // before Asio: GCC 12 + C++20 needs std::exchange declared

#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/write.hpp>
#include <chrono>
#include <functional>
#include <string_view>

#include "core/time.h"

namespace lookout::feed::testing {

inline constexpr std::chrono::seconds kDeadline{30};

// Runs handlers until `done()` holds; false when the deadline passed first.
inline bool run_until(boost::asio::io_context& io, const std::function<bool()>& done,
                      std::chrono::steady_clock::duration deadline = kDeadline) {
  auto end = std::chrono::steady_clock::now() + deadline;
  while (!done()) {
    if (std::chrono::steady_clock::now() > end) return false;
    if (io.stopped()) io.restart();
    io.run_one_for(std::chrono::milliseconds(50));
  }
  return true;
}

// Runs until the io_context has no more work (everything stopped); false
// when work is still pending at the deadline.
inline bool run_until_idle(boost::asio::io_context& io,
                           std::chrono::steady_clock::duration deadline = kDeadline) {
  if (io.stopped()) io.restart();
  io.run_for(deadline);
  return io.stopped();
}

inline void write_all(boost::asio::ip::tcp::socket& socket, std::string_view bytes) {
  boost::asio::write(socket, boost::asio::buffer(bytes.data(), bytes.size()));
}

inline Timestamp fixed_now() { return from_unix_ms(1'700'000'000'000); }

inline boost::asio::ip::tcp::endpoint loopback(uint16_t port) {
  return {boost::asio::ip::make_address("127.0.0.1"), port};
}

}  // namespace lookout::feed::testing
