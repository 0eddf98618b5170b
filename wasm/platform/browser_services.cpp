#include "platform/browser_services.h"

#include <emscripten.h>
#include <emscripten/eventloop.h>
#include <emscripten/fetch.h>
#include <emscripten/html5.h>
#include <emscripten/websocket.h>

#include <cctype>
#include <cstring>
#include <vector>

// clang-format off
EM_JS(int, inbox_js_tz_offset, (), { return -new Date().getTimezoneOffset(); });
EM_JS(char*, inbox_js_storage_get, (const char* key), {
  try {
    const v = window.localStorage.getItem(UTF8ToString(key));
    if (v === null) return 0;
    const n = lengthBytesUTF8(v) + 1;
    const p = _malloc(n);
    stringToUTF8(v, p, n);
    return p;
  } catch (e) { return 0; }
});
EM_JS(void, inbox_js_storage_set, (const char* key, const char* value), {
  try { window.localStorage.setItem(UTF8ToString(key), UTF8ToString(value)); } catch (e) { /* quota or privacy mode */ }
});
EM_JS(void, inbox_js_storage_remove, (const char* key), {
  try { window.localStorage.removeItem(UTF8ToString(key)); } catch (e) { /* privacy mode */ }
});
EM_JS(void, inbox_js_open, (const char* url), {
  const u = UTF8ToString(url);
  if (!(u.startsWith('https://') || u.startsWith('http://'))) return; /* never javascript: or data: links from messages */
  const w = window.open(u, '_blank', 'noopener,noreferrer');
  if (w) w.opener = null;
});
EM_JS(void, inbox_js_title, (const char* title), { document.title = UTF8ToString(title); });
EM_JS(char*, inbox_js_ws_url, (const char* path), {
  const u = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + UTF8ToString(path);
  const n = lengthBytesUTF8(u) + 1;
  const p = _malloc(n);
  stringToUTF8(u, p, n);
  return p;
});
EM_JS(char*, inbox_js_query, (const char* name), {
  const v = new URLSearchParams(location.search).get(UTF8ToString(name)) || "";
  const n = lengthBytesUTF8(v) + 1;
  const p = _malloc(n);
  stringToUTF8(v, p, n);
  return p;
});
// clang-format on

namespace inbox::platform {
namespace {

struct FetchJob {
    const FetchTransport* transport;
    std::function<void(const core::HttpResponse&)> done;
    std::vector<std::string> headerStrings;
    std::vector<const char*> headerPointers;
    std::string body;
};

std::map<std::string, std::string> parseHeaders(emscripten_fetch_t* fetch) {
    std::map<std::string, std::string> out;
    const size_t length = emscripten_fetch_get_response_headers_length(fetch);
    if (length == 0) return out;
    std::string raw(length + 1, '\0');
    emscripten_fetch_get_response_headers(fetch, raw.data(), raw.size());
    size_t start = 0;
    while (start < raw.size()) {
        size_t end = raw.find("\r\n", start);
        if (end == std::string::npos) end = raw.find('\n', start);
        if (end == std::string::npos) end = raw.size();
        const std::string line = raw.substr(start, end - start);
        const size_t colon = line.find(':');
        if (colon != std::string::npos) {
            std::string name = line.substr(0, colon);
            for (char& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
            size_t v = colon + 1;
            while (v < line.size() && line[v] == ' ') ++v;
            out[name] = line.substr(v);
        }
        start = end + (raw.compare(end, 2, "\r\n") == 0 ? 2 : 1);
    }
    return out;
}

void onFetchFinished(emscripten_fetch_t* fetch) {
    auto* job = static_cast<FetchJob*>(fetch->userData);
    core::HttpResponse response;
    response.status = fetch->status;
    if (fetch->data != nullptr && fetch->numBytes > 0) response.body.assign(fetch->data, static_cast<size_t>(fetch->numBytes));
    if (response.status != 0) response.headers = parseHeaders(fetch);
    emscripten_fetch_close(fetch);
    const FetchTransport* transport = job->transport;
    auto done = std::move(job->done);
    delete job;
    if (done) done(response);
    transport->notifyDone();
}

BrowserWebSocket* g_socketOwner = nullptr;  // one realtime connection per tab

BrowserWebSocket* ownerOf(int socket) {
    return (g_socketOwner != nullptr && g_socketOwner->socket() == socket) ? g_socketOwner : nullptr;
}

EM_BOOL onWsOpen(int, const EmscriptenWebSocketOpenEvent* e, void*) {
    if (BrowserWebSocket* ws = ownerOf(e->socket)) {
        if (ws->callbacks().onOpen) ws->callbacks().onOpen();
        ws->eventHandled();
    }
    return EM_TRUE;
}

EM_BOOL onWsMessage(int, const EmscriptenWebSocketMessageEvent* e, void*) {
    if (BrowserWebSocket* ws = ownerOf(e->socket)) {
        uint32_t n = e->numBytes;
        if (e->isText && n > 0 && e->data[n - 1] == 0) --n;  // text frames arrive null-terminated
        if (ws->callbacks().onMessage) ws->callbacks().onMessage(std::string(reinterpret_cast<const char*>(e->data), n));
        ws->eventHandled();
    }
    return EM_TRUE;
}

EM_BOOL onWsError(int, const EmscriptenWebSocketErrorEvent* e, void*) {
    if (BrowserWebSocket* ws = ownerOf(e->socket)) {
        if (ws->callbacks().onError) ws->callbacks().onError();
        ws->eventHandled();
    }
    return EM_TRUE;
}

EM_BOOL onWsClose(int, const EmscriptenWebSocketCloseEvent* e, void*) {
    BrowserWebSocket* ws = ownerOf(e->socket);
    emscripten_websocket_delete(e->socket);
    if (ws != nullptr) {
        ws->forget();
        if (ws->callbacks().onClose) ws->callbacks().onClose(e->code, e->reason);
        ws->eventHandled();
    }
    return EM_TRUE;
}

std::map<long, std::pair<long, std::function<void()>>> g_timers;  // our key → (browser id, callback)
long g_nextTimerKey = 0;

void onTimer(void* userData) {
    const long key = static_cast<long>(reinterpret_cast<intptr_t>(userData));
    auto it = g_timers.find(key);
    if (it == g_timers.end()) return;
    auto fn = std::move(it->second.second);
    g_timers.erase(it);
    if (fn) fn();
}

}  // namespace

void FetchTransport::request(const core::HttpRequest& request, std::function<void(const core::HttpResponse&)> done) {
    emscripten_fetch_attr_t attr;
    emscripten_fetch_attr_init(&attr);
    std::snprintf(attr.requestMethod, sizeof attr.requestMethod, "%s", request.method.c_str());
    attr.attributes = EMSCRIPTEN_FETCH_LOAD_TO_MEMORY;
    attr.timeoutMSecs = 20000;
    auto* job = new FetchJob{this, std::move(done), {}, {}, request.body};
    for (const auto& [name, value] : request.headers) {
        job->headerStrings.push_back(name);
        job->headerStrings.push_back(value);
    }
    for (const std::string& s : job->headerStrings) job->headerPointers.push_back(s.c_str());
    job->headerPointers.push_back(nullptr);
    attr.requestHeaders = job->headerPointers.data();
    if (!job->body.empty()) {
        attr.requestData = job->body.data();
        attr.requestDataSize = job->body.size();
    }
    attr.userData = job;
    attr.onsuccess = onFetchFinished;
    attr.onerror = onFetchFinished;  // HTTP errors too: the status tells them apart
    emscripten_fetch(&attr, request.url.c_str());
}

BrowserWebSocket::~BrowserWebSocket() {
    if (m_socket > 0) emscripten_websocket_close(m_socket, 1000, "");
    if (g_socketOwner == this) g_socketOwner = nullptr;
}

void BrowserWebSocket::open(const std::string& url) {
    EmscriptenWebSocketCreateAttributes attrs;
    emscripten_websocket_init_create_attributes(&attrs);
    attrs.url = url.c_str();
    attrs.protocols = nullptr;
    attrs.createOnMainThread = EM_TRUE;
    const EMSCRIPTEN_WEBSOCKET_T socket = emscripten_websocket_new(&attrs);
    g_socketOwner = this;
    if (socket <= 0) {
        m_socket = 0;
        // Report asynchronously, as a browser would (never re-entrantly from open()).
        startTimer(0, [this] {
            if (m_callbacks.onError) m_callbacks.onError();
            if (m_callbacks.onClose) m_callbacks.onClose(1006, "cannot open");
            eventHandled();
        });
        return;
    }
    m_socket = socket;
    emscripten_websocket_set_onopen_callback(socket, nullptr, onWsOpen);
    emscripten_websocket_set_onmessage_callback(socket, nullptr, onWsMessage);
    emscripten_websocket_set_onerror_callback(socket, nullptr, onWsError);
    emscripten_websocket_set_onclose_callback(socket, nullptr, onWsClose);
}

void BrowserWebSocket::send(const std::string& text) {
    if (m_socket > 0) emscripten_websocket_send_utf8_text(m_socket, text.c_str());
}

void BrowserWebSocket::close(int code, const std::string& reason) {
    if (m_socket <= 0) return;
    const int socket = m_socket;
    m_socket = 0;  // later events of this socket are dropped (the client moved on)
    emscripten_websocket_close(socket, static_cast<unsigned short>(code >= 1000 ? code : 1000), reason.substr(0, 120).c_str());
}

void BrowserWebSocket::forget() { m_socket = 0; }

int64_t BrowserClock::monotonicMs() const { return static_cast<int64_t>(emscripten_get_now()); }
int64_t BrowserClock::wallMs() const { return static_cast<int64_t>(emscripten_date_now()); }
int BrowserClock::tzOffsetMinutes() const { return inbox_js_tz_offset(); }

std::optional<std::string> LocalStorage::get(const std::string& key) const {
    char* value = inbox_js_storage_get(key.c_str());
    if (value == nullptr) return std::nullopt;
    std::string out(value);
    std::free(value);
    return out;
}

void LocalStorage::set(const std::string& key, const std::string& value) { inbox_js_storage_set(key.c_str(), value.c_str()); }
void LocalStorage::remove(const std::string& key) { inbox_js_storage_remove(key.c_str()); }

void openInNewTab(const std::string& url) { inbox_js_open(url.c_str()); }
void setDocumentTitle(const std::string& title) { inbox_js_title(title.c_str()); }

std::string websocketUrl(const std::string& path) {
    char* url = inbox_js_ws_url(path.c_str());
    std::string out(url);
    std::free(url);
    return out;
}

std::string pageQuery(const std::string& name) {
    char* value = inbox_js_query(name.c_str());
    std::string out(value);
    std::free(value);
    return out;
}

long startTimer(double delayMs, std::function<void()> fn) {
    const long key = ++g_nextTimerKey;
    const long id = emscripten_set_timeout(onTimer, delayMs < 0 ? 0 : delayMs, reinterpret_cast<void*>(static_cast<intptr_t>(key)));
    g_timers[key] = {id, std::move(fn)};
    return key;
}

void cancelTimer(long key) {
    auto it = g_timers.find(key);
    if (it == g_timers.end()) return;
    emscripten_clear_timeout(it->second.first);
    g_timers.erase(it);
}

}  // namespace inbox::platform
