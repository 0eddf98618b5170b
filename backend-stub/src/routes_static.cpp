// Static files of the built app (dist/): MIME types (application/wasm for streaming
// compilation), index.html for "/", no way out of the root, and a CSP on HTML.
#include "api.h"

#include <filesystem>
#include <fstream>
#include <sstream>

namespace stub {

namespace fs = std::filesystem;

namespace {

std::string mimeFor(const fs::path& p) {
  const std::string ext = p.extension().string();
  if (ext == ".html") return "text/html; charset=utf-8";
  if (ext == ".js" || ext == ".mjs") return "text/javascript; charset=utf-8";
  if (ext == ".wasm") return "application/wasm";
  if (ext == ".css") return "text/css; charset=utf-8";
  if (ext == ".json" || ext == ".map") return "application/json";
  if (ext == ".ttf") return "font/ttf";
  if (ext == ".otf") return "font/otf";
  if (ext == ".woff") return "font/woff";
  if (ext == ".woff2") return "font/woff2";
  if (ext == ".png") return "image/png";
  if (ext == ".svg") return "image/svg+xml";
  if (ext == ".ico") return "image/x-icon";
  if (ext == ".jpg" || ext == ".jpeg") return "image/jpeg";
  if (ext == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

bool safeRelative(const std::string& path) {
  // Rejects "..", backslashes and NULs before touching the file system.
  if (path.find('\\') != std::string::npos || path.find('\0') != std::string::npos) return false;
  std::stringstream ss(path);
  std::string part;
  while (std::getline(ss, part, '/'))
    if (part == "..") return false;
  return true;
}

}  // namespace

HttpResponse App::serveConfig(const HttpRequest& req) const {
  // The page reads which parent origins may talk to it; keywords like 'self' are not origins.
  json origins = json::array();
  for (const auto& item : splitList(m_config.frameAncestors))
    if (item.front() != '\'') origins.push_back(item);
  HttpResponse res = jsonResponse(200, {{"apiBaseUrl", "/api/v1"}, {"websocketUrl", nullptr}, {"embedOrigins", origins}});
  if (req.method == "HEAD") res.body.clear();
  res.headers.emplace_back("Cache-Control", "no-cache");
  return res;
}

HttpResponse App::serveStatic(const HttpRequest& req) {
  std::string rel = req.path.substr(1);
  if (!safeRelative(rel)) return errorResponse(404, "not_found", "not found");
  if (rel.empty() || rel.back() == '/') rel += "index.html";

  std::error_code ec;
  const fs::path root = fs::weakly_canonical(fs::path(*m_config.staticDir), ec);
  fs::path file = fs::weakly_canonical(root / rel, ec);
  // Symlinks must not lead out of the root either.
  const std::string rootStr = root.string(), fileStr = file.string();
  if (ec || fileStr.compare(0, rootStr.size(), rootStr) != 0 ||
      (fileStr.size() > rootStr.size() && fileStr[rootStr.size()] != '/'))
    return errorResponse(404, "not_found", "not found");
  if (fs::is_directory(file, ec)) file /= "index.html";
  if (!fs::is_regular_file(file, ec)) return errorResponse(404, "not_found", "not found");

  std::ifstream in(file, std::ios::binary);
  if (!in) return errorResponse(404, "not_found", "not found");
  std::ostringstream data;
  data << in.rdbuf();

  HttpResponse res;
  res.contentType = mimeFor(file);
  res.body = req.method == "HEAD" ? std::string() : data.str();
  res.headers.emplace_back("X-Content-Type-Options", "nosniff");
  if (file.extension() == ".html") {
    res.headers.emplace_back("Cache-Control", "no-cache");
    res.headers.emplace_back("Permissions-Policy", "camera=(), microphone=(), geolocation=(), payment=()");
    res.headers.emplace_back(
        "Content-Security-Policy",
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; font-src 'self' data:; connect-src 'self' ws: wss:; object-src 'none'; "
        "base-uri 'self'; frame-ancestors " +
            m_config.frameAncestors);
  } else {
    res.headers.emplace_back("Cache-Control", "no-cache");
  }
  return res;
}

}  // namespace stub
