// Static files of the web UI; see static_files.h.
#include "server/http/static_files.h"

#include <array>
#include <fstream>
#include <iterator>
#include <string>
#include <system_error>
#include <utility>

namespace lookout::server {

namespace {

namespace fs = std::filesystem;

// True when `path` is `root` or lies below it (both canonical).
bool inside(const fs::path& root, const fs::path& path) {
  auto r = root.begin();
  auto p = path.begin();
  for (; r != root.end(); ++r, ++p) {
    if (p == path.end() || *r != *p) return false;
  }
  return true;
}

std::optional<fs::path> regular_file_inside(const fs::path& root, const fs::path& candidate) {
  std::error_code ec;
  fs::path real = fs::canonical(candidate, ec);
  if (ec || !inside(root, real)) return std::nullopt;
  if (!fs::is_regular_file(real, ec) || ec) return std::nullopt;
  return real;
}

}  // namespace

std::optional<fs::path> resolve_static_path(const fs::path& canonical_root, std::string_view url_path) {
  if (url_path.empty() || url_path.front() != '/') return std::nullopt;
  fs::path candidate = canonical_root;
  std::string_view last;
  std::size_t start = 1;
  while (start <= url_path.size()) {
    std::size_t end = url_path.find('/', start);
    if (end == std::string_view::npos) end = url_path.size();
    const std::string_view segment = url_path.substr(start, end - start);
    if (!segment.empty()) {
      if (segment.front() == '.' || segment.find('\\') != std::string_view::npos ||
          segment.find('\0') != std::string_view::npos) {
        return std::nullopt;
      }
      candidate /= fs::path(std::string(segment));
      last = segment;
    }
    start = end + 1;
  }
  const fs::path index = canonical_root / "index.html";
  if (last.empty()) return regular_file_inside(canonical_root, index);

  std::error_code ec;
  const fs::file_status status = fs::symlink_status(candidate, ec);
  if (!ec && status.type() != fs::file_type::not_found) {
    // It exists (maybe as a symlink): serve it only if it resolves inside.
    fs::path real = fs::canonical(candidate, ec);
    if (ec || !inside(canonical_root, real)) return std::nullopt;
    if (fs::is_directory(real, ec)) return regular_file_inside(canonical_root, index);
    return regular_file_inside(canonical_root, real);
  }
  // Absent: a route of the single-page app when it has no extension - unless
  // the part that does exist leads out of the root (a symlinked directory).
  if (last.find('.') != std::string_view::npos) return std::nullopt;
  const fs::path real = fs::weakly_canonical(candidate, ec);
  if (ec || !inside(canonical_root, real)) return std::nullopt;
  return regular_file_inside(canonical_root, index);
}

std::string_view content_type_for(const fs::path& file) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 19> kTypes{{
      {".html", "text/html; charset=utf-8"},
      {".js", "text/javascript; charset=utf-8"},
      {".mjs", "text/javascript; charset=utf-8"},
      {".css", "text/css; charset=utf-8"},
      {".json", "application/json"},
      {".geojson", "application/geo+json"},
      {".map", "application/json"},
      {".svg", "image/svg+xml"},
      {".png", "image/png"},
      {".jpg", "image/jpeg"},
      {".jpeg", "image/jpeg"},
      {".webp", "image/webp"},
      {".ico", "image/x-icon"},
      {".woff2", "font/woff2"},
      {".woff", "font/woff"},
      {".txt", "text/plain; charset=utf-8"},
      {".wasm", "application/wasm"},
      {".pbf", "application/x-protobuf"},
      {".webmanifest", "application/manifest+json"},
  }};
  const std::string ext = file.extension().string();
  for (const auto& [e, type] : kTypes) {
    if (ext.size() == e.size()) {
      bool same = true;
      for (std::size_t i = 0; i < ext.size() && same; ++i) {
        char c = ext[i];
        if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
        same = c == e[i];
      }
      if (same) return type;
    }
  }
  return "application/octet-stream";
}

Response serve_static(const fs::path& canonical_root, std::string_view url_path) {
  const auto file = resolve_static_path(canonical_root, url_path);
  if (!file) return json_error(404, "not_found", "no such file");
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(*file, ec);
  if (ec || size > kMaxStaticFileBytes) return json_error(404, "not_found", "no such file");
  std::ifstream in(*file, std::ios::binary);
  if (!in) return json_error(404, "not_found", "no such file");
  Response response;
  response.content_type = std::string(content_type_for(*file));
  response.body.resize(static_cast<std::size_t>(size));
  in.read(response.body.data(), static_cast<std::streamsize>(size));
  response.body.resize(static_cast<std::size_t>(in.gcount()));
  // The app shell must be fetched again after an upgrade; Vite's hashed
  // assets could be cached for long, but revalidating costs little on a LAN.
  response.headers.emplace_back("Cache-Control", "no-cache");
  return response;
}

}  // namespace lookout::server
