// Native (Boost.Asio/Beast) implementations of the core platform interfaces, so simulated agents
// run the same wasm/core code as the browser over real HTTP and WebSocket connections.
// Single-threaded: everything runs on one io_context; callbacks never re-enter the caller.
#pragma once

#include <boost/asio/io_context.hpp>

#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <string>

#include "core/platform.h"

namespace agentsim {

// Bytes and requests that crossed the wire, for the benchmark's table.
struct WireCounters {
    uint64_t httpRequests = 0;
    uint64_t httpReads = 0;  // GETs: what keeping the screen fresh costs (writes are the agent's own work)
    uint64_t httpBytesIn = 0;
    uint64_t httpBytesOut = 0;
    uint64_t wsFramesIn = 0;
    uint64_t wsBytesIn = 0;
    uint64_t wsBytesOut = 0;
    // Requests by "METHOD /route status" (ids replaced by {id}, query dropped): what the reads are.
    std::map<std::string, uint64_t> byRoute;
};

// "GET /whatsapp/chats/{id}/messages" from a method and URL (ids are the segments with digits).
std::string routeKey(const std::string& method, const std::string& url);

class NativeClock final : public inbox::core::Clock {
public:
    int64_t monotonicMs() const override;
    int64_t wallMs() const override;
};

// One keep-alive connection per transport (as a browser reuses its connection to one host);
// requests queue behind each other.
class BeastHttpTransport final : public inbox::core::HttpTransport {
public:
    BeastHttpTransport(boost::asio::io_context& io, WireCounters& counters);
    ~BeastHttpTransport() override;
    void request(const inbox::core::HttpRequest& request,
                 std::function<void(const inbox::core::HttpResponse&)> done) override;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

class BeastWebSocketTransport final : public inbox::core::WebSocketTransport {
public:
    BeastWebSocketTransport(boost::asio::io_context& io, WireCounters& counters);
    ~BeastWebSocketTransport() override;
    void setCallbacks(Callbacks callbacks) override;
    void open(const std::string& url) override;
    void send(const std::string& text) override;
    void close(int code, const std::string& reason) override;

private:
    struct Impl;
    std::shared_ptr<Impl> m_impl;
};

// http://host:port/path → parts; false when the URL is not plain http/ws.
struct UrlParts {
    std::string host;
    std::string port;
    std::string target;
};
bool splitUrl(const std::string& url, UrlParts& out);

}  // namespace agentsim
