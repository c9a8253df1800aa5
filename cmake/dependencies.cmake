# How each Debian package is found; ../shared/STACK.md records the traps.
find_package(PkgConfig REQUIRED)
find_package(simdjson CONFIG REQUIRED)
find_package(nlohmann_json CONFIG REQUIRED)
# find_package(GeographicLib) is not shipped by Debian's package; pkg-config is.
pkg_check_modules(GEOGRAPHICLIB REQUIRED IMPORTED_TARGET geographiclib)
# The embedded store (SQLite 3.40, R*Tree compiled in) and the shared one (libpq).
find_package(SQLite3 REQUIRED)
find_package(PostgreSQL REQUIRED)
# Eigen: fixed-size matrices of the air tracker's Kalman filters (header-only).
find_package(Eigen3 3.4 CONFIG REQUIRED)
# Protobuf: the SAPIENT (BSI Flex 335 v2.0) messages; CMake's own FindProtobuf
# gives protobuf_generate (used in proto/CMakeLists.txt).
find_package(Protobuf REQUIRED)
# Boost 1.74: Asio (header-only) for the live node's inputs and timers.
find_package(Boost 1.74 CONFIG REQUIRED)
# toml++ 3.3: the live node's configuration file (Debian ships it as a shared
# library; its CMake config adds -DTOML_HEADER_ONLY=0).
find_package(tomlplusplus CONFIG REQUIRED)
# OpenSSL 3 (libcrypto): SHA-256 of API tokens and the CSPRNG that makes them;
# (libssl) the HTTP server's optional TLS. Both from libssl-dev.
find_package(OpenSSL REQUIRED)
if(NOT LOOKOUT_FUZZ)
  find_package(CLI11 CONFIG REQUIRED)
endif()
if(LOOKOUT_TESTS AND NOT LOOKOUT_FUZZ)
  find_package(GTest CONFIG REQUIRED)
endif()
if(LOOKOUT_BENCH AND NOT LOOKOUT_FUZZ AND NOT LOOKOUT_SANITIZE)
  find_package(benchmark CONFIG REQUIRED)
endif()
