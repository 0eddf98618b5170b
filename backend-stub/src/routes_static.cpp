// Static files of the built app (dist/): MIME types (application/wasm for streaming
// compilation), index.html for "/", no way out of the root, and a CSP on HTML.
// Caching: the names are not content-hashed, so every file is `no-cache` (the browser asks each
// time) with a validator: an ETag from the file's size and modification time, answered 304 when
// it still matches. A reload then moves no bytes, and Chromium reuses the wasm it compiled before
// (its code cache follows the cached response). A pre-compressed sibling (name.br / name.gz) is
// served instead when the browser accepts that encoding.
#include "api.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
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

// "sz-mtime" in hex, quoted; the encoding's suffix keeps the variants apart (one ETag per body).
std::string etagFor(const fs::path& file, const std::string& encoding) {
  std::error_code ec;
  const auto size = fs::file_size(file, ec);
  const auto mtime = fs::last_write_time(file, ec).time_since_epoch();
  const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(mtime).count();
  char buf[64];
  std::snprintf(buf, sizeof buf, "\"%llx-%llx%s%s\"", static_cast<unsigned long long>(size),
                static_cast<unsigned long long>(ns), encoding.empty() ? "" : "-", encoding.c_str());
  return buf;
}

// If-None-Match: "*" or a comma-separated list of (possibly weak, W/"…") tags.
bool etagMatches(const std::string& header, const std::string& etag) {
  std::stringstream ss(header);
  std::string item;
  while (std::getline(ss, item, ',')) {
    size_t a = item.find_first_not_of(" \t"), b = item.find_last_not_of(" \t");
    if (a == std::string::npos) continue;
    item = item.substr(a, b - a + 1);
    if (item.rfind("W/", 0) == 0) item = item.substr(2);
    if (item == "*" || item == etag) return true;
  }
  return false;
}

// Whether Accept-Encoding lists `coding` with a non-zero q (or lists "*").
bool accepts(const std::optional<std::string>& header, const std::string& coding) {
  if (!header) return false;
  std::stringstream ss(*header);
  std::string item;
  while (std::getline(ss, item, ',')) {
    std::string name = item.substr(0, item.find(';'));
    size_t a = name.find_first_not_of(" \t"), b = name.find_last_not_of(" \t");
    if (a == std::string::npos) continue;
    name = name.substr(a, b - a + 1);
    if (name != coding && name != "*") continue;
    const size_t q = item.find("q=");
    if (q != std::string::npos && std::atof(item.c_str() + q + 2) <= 0) continue;
    return true;
  }
  return false;
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

  // A pre-compressed sibling, when present and accepted (brotli first: smaller).
  fs::path body = file;
  std::string encoding;
  const auto acceptEncoding = req.header("accept-encoding");
  for (const char* coding : {"br", "gzip"}) {
    const fs::path sibling = file.string() + (std::string(coding) == "br" ? ".br" : ".gz");
    if (accepts(acceptEncoding, coding) && fs::is_regular_file(sibling, ec)) {
      body = sibling;
      encoding = coding;
      break;
    }
  }

  HttpResponse res;
  const std::string etag = etagFor(body, encoding);
  res.headers.emplace_back("ETag", etag);
  res.headers.emplace_back("Vary", "Accept-Encoding");
  const auto ifNoneMatch = req.header("if-none-match");
  if (ifNoneMatch && etagMatches(*ifNoneMatch, etag)) {
    res.status = 304;
    res.contentType.clear();
  } else {
    std::ifstream in(body, std::ios::binary);
    if (!in) return errorResponse(404, "not_found", "not found");
    std::ostringstream data;
    data << in.rdbuf();
    res.contentType = mimeFor(file);
    res.body = req.method == "HEAD" ? std::string() : data.str();
    if (!encoding.empty()) res.headers.emplace_back("Content-Encoding", encoding);
  }
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
    // Not content-hashed names: revalidated each time (304 while unchanged), never served stale.
    res.headers.emplace_back("Cache-Control", "no-cache");
  }
  return res;
}

}  // namespace stub
