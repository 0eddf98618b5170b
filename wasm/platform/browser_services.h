// Browser implementations of core's outside-world interfaces (core/platform.h).
//   implemented: HttpTransport on emscripten/fetch.h (method, headers, body, response headers,
//                timeout), WebSocketTransport on emscripten/websocket.h (text frames; callbacks of a
//                closed socket are dropped), Clock (performance.now, Date.now, time-zone offset),
//                KeyValueStorage on localStorage (quota and privacy-mode errors are ignored),
//                opening links in a new tab, the tab title, the page URL's query, one-shot timers that work in hidden
//                tabs (setTimeout, not requestAnimationFrame)
//   missing:     binary WebSocket frames (the Centrifugo JSON protocol needs none), fetch progress
#pragma once

#include <functional>
#include <memory>
#include <string>

#include "core/platform.h"

namespace inbox::platform {

class FetchTransport final : public core::HttpTransport {
public:
    // `onDone` runs after every completed request (the app wakes and ticks the session).
    explicit FetchTransport(std::function<void()> onDone) : m_onDone(std::move(onDone)) {}
    void request(const core::HttpRequest& request, std::function<void(const core::HttpResponse&)> done) override;
    void notifyDone() const {
        if (m_onDone) m_onDone();
    }

private:
    std::function<void()> m_onDone;
};

class BrowserWebSocket final : public core::WebSocketTransport {
public:
    explicit BrowserWebSocket(std::function<void()> onEvent) : m_onEvent(std::move(onEvent)) {}
    ~BrowserWebSocket() override;
    void setCallbacks(Callbacks callbacks) override { m_callbacks = std::move(callbacks); }
    void open(const std::string& url) override;
    void send(const std::string& text) override;
    void close(int code, const std::string& reason) override;

    // Internal: event dispatch from the emscripten callbacks.
    int socket() const { return m_socket; }
    Callbacks& callbacks() { return m_callbacks; }
    void eventHandled() const {
        if (m_onEvent) m_onEvent();
    }
    void forget();

private:
    Callbacks m_callbacks;
    std::function<void()> m_onEvent;
    int m_socket = 0;
};

class BrowserClock final : public core::Clock {
public:
    int64_t monotonicMs() const override;
    int64_t wallMs() const override;
    int tzOffsetMinutes() const override;
};

class LocalStorage final : public core::KeyValueStorage {
public:
    std::optional<std::string> get(const std::string& key) const override;
    void set(const std::string& key, const std::string& value) override;
    void remove(const std::string& key) override;
};

void openInNewTab(const std::string& url);
void setDocumentTitle(const std::string& title);
// The page's origin-relative WebSocket URL for `path` (ws: or wss: after the page's scheme).
std::string websocketUrl(const std::string& path);
// A parameter of the page URL's query string ("" when absent).
std::string pageQuery(const std::string& name);
// Calls `fn` once after `delayMs` (setTimeout: runs while the tab is hidden, unlike rAF); returns a
// key for cancelTimer.
long startTimer(double delayMs, std::function<void()> fn);
void cancelTimer(long key);

}  // namespace inbox::platform
