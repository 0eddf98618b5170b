#include "native_transports.h"

#include <boost/asio/connect.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/websocket.hpp>

#include <algorithm>
#include <chrono>
#include <optional>

namespace agentsim {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;
using inbox::core::HttpRequest;
using inbox::core::HttpResponse;

bool splitUrl(const std::string& url, UrlParts& out) {
    const auto scheme = url.find("://");
    if (scheme == std::string::npos) return false;
    const std::string name = url.substr(0, scheme);
    if (name != "http" && name != "ws") return false;  // TLS is not needed on loopback benchmarks
    const auto hostStart = scheme + 3;
    const auto pathStart = url.find('/', hostStart);
    const std::string authority = url.substr(hostStart, pathStart == std::string::npos ? std::string::npos : pathStart - hostStart);
    out.target = pathStart == std::string::npos ? "/" : url.substr(pathStart);
    const auto colon = authority.rfind(':');
    out.host = colon == std::string::npos ? authority : authority.substr(0, colon);
    out.port = colon == std::string::npos ? "80" : authority.substr(colon + 1);
    return !out.host.empty();
}

std::string routeKey(const std::string& method, const std::string& url) {
    UrlParts parts;
    std::string path = splitUrl(url, parts) ? parts.target : url;
    path = path.substr(0, path.find('?'));
    std::string out = method + " ";
    size_t i = 0;
    while (i < path.size()) {
        const size_t end = std::min(path.find('/', i + 1), path.size());
        const std::string segment = path.substr(i, end - i);
        out += segment.find_first_of("0123456789") != std::string::npos && segment != "/v1" ? "/{id}" : segment;
        i = end;
    }
    return out;
}

int64_t NativeClock::monotonicMs() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(steady_clock::now().time_since_epoch()).count();
}

int64_t NativeClock::wallMs() const {
    using namespace std::chrono;
    return duration_cast<milliseconds>(system_clock::now().time_since_epoch()).count();
}

// ---------------------------------------------------------------------------------------------
// HTTP: one keep-alive connection, one request at a time.

struct BeastHttpTransport::Impl : std::enable_shared_from_this<Impl> {
    struct Job {
        HttpRequest request;
        UrlParts url;
        std::function<void(const HttpResponse&)> done;
        bool retried = false;
    };

    Impl(asio::io_context& io, WireCounters& counters) : io(io), counters(counters), resolver(io) {}

    asio::io_context& io;
    WireCounters& counters;
    tcp::resolver resolver;
    std::optional<beast::tcp_stream> stream;
    std::string connectedTo;
    std::deque<Job> queue;
    bool busy = false;
    bool alive = true;
    beast::flat_buffer buffer;
    http::request<http::string_body> wire;
    std::optional<http::response_parser<http::string_body>> parser;

    void next() {
        if (busy || queue.empty() || !alive) return;
        busy = true;
        const Job& job = queue.front();
        const std::string key = job.url.host + ":" + job.url.port;
        if (stream && connectedTo == key) {
            write();
            return;
        }
        stream.reset();
        connectedTo = key;
        resolver.async_resolve(job.url.host, job.url.port,
            [self = shared_from_this()](beast::error_code ec, tcp::resolver::results_type results) {
                if (ec) return self->fail();
                self->stream.emplace(self->io);
                self->stream->expires_after(std::chrono::seconds(30));
                self->stream->async_connect(results, [self](beast::error_code ec2, const tcp::endpoint&) {
                    if (ec2) return self->fail();
                    self->write();
                });
            });
    }

    void write() {
        const Job& job = queue.front();
        wire = {};
        wire.method_string(job.request.method);
        wire.target(job.url.target);
        wire.version(11);
        wire.set(http::field::host, job.url.host);
        wire.keep_alive(true);
        for (const auto& [name, value] : job.request.headers) wire.set(name, value);
        wire.body() = job.request.body;
        wire.prepare_payload();
        stream->expires_after(std::chrono::seconds(30));
        http::async_write(*stream, wire, [self = shared_from_this()](beast::error_code ec, std::size_t bytes) {
            if (ec) return self->retryOrFail();
            self->counters.httpBytesOut += bytes;
            self->parser.emplace();
            self->parser->body_limit(64 * 1024 * 1024);
            http::async_read(*self->stream, self->buffer, *self->parser,
                [self](beast::error_code ec2, std::size_t bytesIn) {
                    if (ec2) return self->retryOrFail();
                    self->counters.httpBytesIn += bytesIn;
                    auto& res = self->parser->get();
                    HttpResponse out;
                    out.status = static_cast<int>(res.result_int());
                    out.body = std::move(res.body());
                    for (const auto& field : res) {
                        std::string name(field.name_string());
                        for (auto& c : name) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
                        out.headers[name] = std::string(field.value());
                    }
                    if (!res.keep_alive()) self->stream.reset();
                    self->complete(out);
                });
        });
    }

    // A kept-alive connection the server already closed fails on first use: reconnect once.
    void retryOrFail() {
        stream.reset();
        if (!queue.empty() && !queue.front().retried) {
            queue.front().retried = true;
            busy = false;
            next();
            return;
        }
        fail();
    }

    void fail() {
        stream.reset();
        complete(HttpResponse{});  // status 0: network error
    }

    void complete(const HttpResponse& response) {
        ++counters.httpRequests;
        if (queue.front().request.method == "GET") ++counters.httpReads;
        ++counters.byRoute[routeKey(queue.front().request.method, queue.front().request.url) + " " +
                           std::to_string(response.status)];
        Job job = std::move(queue.front());
        queue.pop_front();
        busy = false;
        if (alive) job.done(response);
        next();
    }
};

BeastHttpTransport::BeastHttpTransport(asio::io_context& io, WireCounters& counters)
    : m_impl(std::make_shared<Impl>(io, counters)) {}

BeastHttpTransport::~BeastHttpTransport() {
    m_impl->alive = false;
    if (m_impl->stream) m_impl->stream->close();
}

void BeastHttpTransport::request(const HttpRequest& request, std::function<void(const HttpResponse&)> done) {
    Impl::Job job;
    job.request = request;
    job.done = std::move(done);
    if (!splitUrl(request.url, job.url)) {
        // Asynchronous like every other answer: never call back from inside request().
        asio::post(m_impl->io, [impl = m_impl, done = std::move(job.done)] {
            if (impl->alive) done(HttpResponse{});
        });
        return;
    }
    m_impl->queue.push_back(std::move(job));
    m_impl->next();
}

// ---------------------------------------------------------------------------------------------
// WebSocket: text frames; a generation number drops callbacks of connections the client closed.

struct BeastWebSocketTransport::Impl : std::enable_shared_from_this<Impl> {
    using Stream = websocket::stream<beast::tcp_stream>;

    Impl(asio::io_context& io, WireCounters& counters) : io(io), counters(counters), resolver(io) {}

    asio::io_context& io;
    WireCounters& counters;
    tcp::resolver resolver;
    Callbacks callbacks;
    std::shared_ptr<Stream> ws;
    beast::flat_buffer buffer;
    std::deque<std::string> outbox;
    bool writing = false;
    bool ready = false;
    unsigned generation = 0;

    void open(const std::string& url) {
        const unsigned gen = ++generation;
        UrlParts parts;
        ready = false;
        outbox.clear();
        writing = false;
        if (!splitUrl(url, parts)) {
            asio::post(io, [self = shared_from_this(), gen] { self->dropped(gen, 1006, "bad url"); });
            return;
        }
        ws = std::make_shared<Stream>(io);
        resolver.async_resolve(parts.host, parts.port,
            [self = shared_from_this(), gen, parts](beast::error_code ec, tcp::resolver::results_type results) {
                if (gen != self->generation) return;
                if (ec) return self->dropped(gen, 1006, ec.message());
                beast::get_lowest_layer(*self->ws).expires_after(std::chrono::seconds(15));
                beast::get_lowest_layer(*self->ws).async_connect(results,
                    [self, gen, parts](beast::error_code ec2, const tcp::endpoint& endpoint) {
                        if (gen != self->generation) return;
                        if (ec2) return self->dropped(gen, 1006, ec2.message());
                        beast::get_lowest_layer(*self->ws).expires_never();
                        self->ws->set_option(websocket::stream_base::timeout::suggested(beast::role_type::client));
                        const std::string host = parts.host + ":" + std::to_string(endpoint.port());
                        self->ws->async_handshake(host, parts.target, [self, gen](beast::error_code ec3) {
                            if (gen != self->generation) return;
                            if (ec3) return self->dropped(gen, 1006, ec3.message());
                            self->ws->text(true);
                            self->ready = true;
                            if (self->callbacks.onOpen) self->callbacks.onOpen();
                            self->read(gen);
                            self->flush(gen);
                        });
                    });
            });
    }

    void read(unsigned gen) {
        ws->async_read(buffer, [self = shared_from_this(), gen, stream = ws](beast::error_code ec, std::size_t bytes) {
            if (gen != self->generation) return;
            if (ec) {
                if (ec == websocket::error::closed) {
                    const auto reason = stream->reason();
                    return self->dropped(gen, static_cast<int>(reason.code), std::string(reason.reason.c_str()));
                }
                if (self->callbacks.onError) self->callbacks.onError();
                if (gen != self->generation) return;
                return self->dropped(gen, 1006, ec.message());
            }
            std::string text = beast::buffers_to_string(self->buffer.data());
            self->buffer.consume(bytes);
            ++self->counters.wsFramesIn;
            self->counters.wsBytesIn += bytes;
            if (self->callbacks.onMessage) self->callbacks.onMessage(text);
            if (gen != self->generation) return;
            self->read(gen);
        });
    }

    void flush(unsigned gen) {
        if (writing || outbox.empty() || !ready) return;
        writing = true;
        ws->async_write(asio::buffer(outbox.front()),
            [self = shared_from_this(), gen, stream = ws](beast::error_code ec, std::size_t bytes) {
                if (gen != self->generation) return;
                self->writing = false;
                if (ec) return;  // the read side reports the drop
                self->counters.wsBytesOut += bytes;
                self->outbox.pop_front();
                self->flush(gen);
            });
    }

    void dropped(unsigned gen, int code, const std::string& reason) {
        if (gen != generation) return;
        ++generation;  // exactly one onClose per connection
        ready = false;
        ws.reset();
        if (callbacks.onClose) callbacks.onClose(code, reason);
    }

    void close(int code, const std::string& reason) {
        ++generation;
        const bool handshakeDone = ready;
        const bool writeInFlight = writing;
        ready = false;
        outbox.clear();
        writing = false;
        if (!ws) return;
        auto stream = std::move(ws);
        if (!handshakeDone || writeInFlight) {
            // Beast allows one write at a time (a close frame is a write): just drop the socket.
            beast::error_code ignored;
            beast::get_lowest_layer(*stream).socket().close(ignored);
            return;
        }
        websocket::close_reason why(static_cast<websocket::close_code>(code), reason);
        // Keep the stream alive until the close handshake ends (or fails); no callbacks follow.
        stream->async_close(why, [stream](beast::error_code) {});
    }
};

BeastWebSocketTransport::BeastWebSocketTransport(asio::io_context& io, WireCounters& counters)
    : m_impl(std::make_shared<Impl>(io, counters)) {}

BeastWebSocketTransport::~BeastWebSocketTransport() {
    m_impl->callbacks = {};
    m_impl->close(1000, "");
}

void BeastWebSocketTransport::setCallbacks(Callbacks callbacks) { m_impl->callbacks = std::move(callbacks); }
void BeastWebSocketTransport::open(const std::string& url) { m_impl->open(url); }
void BeastWebSocketTransport::send(const std::string& text) {
    m_impl->outbox.push_back(text);
    m_impl->flush(m_impl->generation);
}
void BeastWebSocketTransport::close(int code, const std::string& reason) { m_impl->close(code, reason); }

}  // namespace agentsim
