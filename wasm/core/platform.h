// What core needs from the outside world. wasm/platform implements these with emscripten
// fetch/websocket/localStorage; tests implement fakes. Everything is single-threaded and
// callback-based: no call may block, and callbacks are invoked later from the platform's event
// loop (never re-entrantly from inside the call that started the operation).
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>

namespace inbox::core {

class Clock {
public:
    virtual ~Clock() = default;
    // Monotonic milliseconds (performance.now()): for timers, deadlines, backoff.
    virtual int64_t monotonicMs() const = 0;
    // Wall clock, Unix epoch milliseconds (Date.now()): for display and the server-offset estimate.
    virtual int64_t wallMs() const = 0;
    // Local time-zone offset in minutes (local minus UTC; Brasília is -180).
    virtual int tzOffsetMinutes() const { return 0; }
};

class WebSocketTransport {
public:
    struct Callbacks {
        std::function<void()> onOpen;
        std::function<void(const std::string& text)> onMessage;
        std::function<void(int code, const std::string& reason)> onClose;
        std::function<void()> onError;
    };
    virtual ~WebSocketTransport() = default;
    // Installs the callbacks used for every later connection.
    virtual void setCallbacks(Callbacks callbacks) = 0;
    // Starts a connection; any previous one must have been closed. Results arrive via callbacks.
    // After onError the platform must still deliver onClose (as browsers do).
    virtual void open(const std::string& url) = 0;
    virtual void send(const std::string& text) = 0;
    // Closes the current connection. The platform must not deliver callbacks of a connection
    // after close() was called on it (the client has already moved on).
    virtual void close(int code, const std::string& reason) = 0;
};

struct HttpRequest {
    std::string method;
    std::string url;
    std::map<std::string, std::string> headers;
    std::string body;
};

struct HttpResponse {
    int status = 0;  // 0: network error / timeout / aborted
    std::string body;
    std::map<std::string, std::string> headers;  // lower-case names
};

class HttpTransport {
public:
    virtual ~HttpTransport() = default;
    virtual void request(const HttpRequest& request, std::function<void(const HttpResponse&)> done) = 0;
};

// Where a fresh bearer token comes from after a 401 (the embedding host, via postMessage).
// Answer with an empty string when there is none (the session then asks to sign in again).
class TokenSource {
public:
    virtual ~TokenSource() = default;
    virtual void fetchFreshToken(std::function<void(const std::string& token)> done) = 0;
};

// localStorage: small strings that survive reloads (drafts, panel sizes).
class KeyValueStorage {
public:
    virtual ~KeyValueStorage() = default;
    virtual std::optional<std::string> get(const std::string& key) const = 0;
    virtual void set(const std::string& key, const std::string& value) = 0;
    virtual void remove(const std::string& key) = 0;
};

}  // namespace inbox::core
