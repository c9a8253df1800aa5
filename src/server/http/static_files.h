// Static files of the web UI: mapping a decoded URL path to a file under the
// web root, safely, and the content type of a file. No Beast here; server.cc
// turns the answer into an HTTP response.
//
// Safety: a path segment that starts with '.' ("..", ".", ".env") is refused
// before the file system is asked (the path is already percent-decoded, so
// "%2e%2e" is ".." here), and the resolved file (symlinks followed) must lie
// inside the canonical root. A path that exists but resolves outside the root
// is refused too, never answered with the SPA's index.html.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string_view>

#include "server/http/http.h"

namespace lookout::server {

// The Content-Security-Policy sent with every static file. MapLibre GL needs
// blob: workers and blob:/data: images; everything else comes from the node.
// The web team adjusts it here (or per node through ServerOptions).
inline constexpr std::string_view kContentSecurityPolicy =
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
    "font-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; child-src blob:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'";

// Largest static file served (bigger ones answer 404): the whole file is read
// into memory on the server thread.
inline constexpr std::uintmax_t kMaxStaticFileBytes = 64ull << 20;

// The file under `canonical_root` (already std::filesystem::canonical) that
// answers `url_path` (decoded, starting with '/'): the file itself; the
// root's index.html for "/", a directory, or a path that does not exist and
// whose last segment has no extension (the single-page app's routes); or
// nullopt (404).
std::optional<std::filesystem::path> resolve_static_path(const std::filesystem::path& canonical_root,
                                                         std::string_view url_path);

// "text/html; charset=utf-8" for index.html, ... "application/octet-stream"
// for an unknown extension.
std::string_view content_type_for(const std::filesystem::path& file);

// The whole answer for GET or HEAD of `url_path`: 200 with the file, or a
// 404 JSON error. Headers other than Content-Type are added by the server.
Response serve_static(const std::filesystem::path& canonical_root, std::string_view url_path);

}  // namespace lookout::server
