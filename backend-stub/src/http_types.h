// Transport-neutral request/response: routes are plain functions of these, so tests call
// them without sockets and the Beast layer only converts.
#pragma once
#include <map>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace stub {

struct HttpRequest {
  std::string method;  // "GET", "POST", …
  std::string path;    // decoded path, without the query
  std::map<std::string, std::string> query;
  std::map<std::string, std::string> headers;  // lowercase names
  std::string body;
  std::string remoteAddress;  // peer IP; keys the login rate limit

  std::optional<std::string> header(const std::string& lowerName) const {
    auto it = headers.find(lowerName);
    if (it == headers.end()) return std::nullopt;
    return it->second;
  }
  std::optional<std::string> param(const std::string& name) const {
    auto it = query.find(name);
    if (it == query.end()) return std::nullopt;
    return it->second;
  }
};

struct HttpResponse {
  int status = 200;
  std::string contentType = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;
};

// Splits "/a/b?x=1&y=2" into a decoded path and query map. false if the path is unusable.
bool parseTarget(const std::string& target, std::string& path, std::map<std::string, std::string>& query);

}  // namespace stub
