// Fakes that play the platform in tests: time, WebSocket, HTTP and localStorage.
#pragma once

#include <deque>
#include <map>
#include <string>
#include <vector>

#include "core/platform.h"

namespace inbox::test {

class FakeClock : public core::Clock {
public:
    int64_t monotonicMs() const override { return mono; }
    int64_t wallMs() const override { return wall; }
    int tzOffsetMinutes() const override { return tz; }
    void advance(int64_t ms) {
        mono += ms;
        wall += ms;
    }
    int64_t mono = 1000;
    int64_t wall = 1789390800000;  // 2026-09-14 13:00 UTC
    int tz = -180;
};

class FakeWebSocket : public core::WebSocketTransport {
public:
    void setCallbacks(Callbacks cb) override { callbacks = std::move(cb); }
    void open(const std::string& u) override {
        url = u;
        ++opens;
        isOpen = true;
    }
    void send(const std::string& text) override { sent.push_back(text); }
    void close(int code, const std::string& reason) override {
        ++closes;
        lastCloseCode = code;
        lastCloseReason = reason;
        isOpen = false;
    }
    // Server side of the fake.
    void serverOpen() {
        if (callbacks.onOpen) callbacks.onOpen();
    }
    void serverSend(const std::string& frame) {
        if (callbacks.onMessage) callbacks.onMessage(frame);
    }
    void serverClose(int code, const std::string& reason = "") {
        isOpen = false;
        if (callbacks.onClose) callbacks.onClose(code, reason);
    }
    std::string takeSent() {
        if (sent.empty()) return {};
        std::string s = sent.front();
        sent.erase(sent.begin());
        return s;
    }

    Callbacks callbacks;
    std::string url;
    std::vector<std::string> sent;
    int opens = 0;
    int closes = 0;
    int lastCloseCode = 0;
    std::string lastCloseReason;
    bool isOpen = false;
};

class FakeHttp : public core::HttpTransport {
public:
    struct Call {
        core::HttpRequest request;
        std::function<void(const core::HttpResponse&)> done;
    };
    void request(const core::HttpRequest& r, std::function<void(const core::HttpResponse&)> done) override {
        calls.push_back({r, std::move(done)});
    }
    // Answers the oldest pending call whose URL contains `urlPart` (and method if given).
    bool respond(const std::string& urlPart, int status, const std::string& body, const std::string& method = "") {
        for (auto it = calls.begin(); it != calls.end(); ++it) {
            if (it->request.url.find(urlPart) == std::string::npos) continue;
            if (!method.empty() && it->request.method != method) continue;
            Call c = std::move(*it);
            calls.erase(it);
            core::HttpResponse resp;
            resp.status = status;
            resp.body = body;
            c.done(resp);
            return true;
        }
        return false;
    }
    bool has(const std::string& urlPart, const std::string& method = "") const {
        for (const auto& c : calls)
            if (c.request.url.find(urlPart) != std::string::npos && (method.empty() || c.request.method == method))
                return true;
        return false;
    }
    const Call* find(const std::string& urlPart, const std::string& method = "") const {
        for (const auto& c : calls)
            if (c.request.url.find(urlPart) != std::string::npos && (method.empty() || c.request.method == method))
                return &c;
        return nullptr;
    }
    std::deque<Call> calls;
};

class FakeStorage : public core::KeyValueStorage {
public:
    std::optional<std::string> get(const std::string& key) const override {
        auto it = values.find(key);
        if (it == values.end()) return std::nullopt;
        return it->second;
    }
    void set(const std::string& key, const std::string& value) override { values[key] = value; }
    void remove(const std::string& key) override { values.erase(key); }
    std::map<std::string, std::string> values;
};

}  // namespace inbox::test
