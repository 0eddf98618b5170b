// agent-sim: K simulated agents, each a real wasm/core Session over real HTTP and WebSocket
// connections, plus a webhook driver playing WhatsApp. Used by tools/bench (push-vs-poll).
//
//   agent-sim --url http://127.0.0.1:8080 --agents 100 --seconds 120 --mode push|poll
//             [--warmup 20] [--webhooks-per-second 2] [--reply-every 45] [--edit-every 120] [--app-secret S]
// Prints one JSON object with what crossed the wire, in total and in the steady state after the
// warm-up (sign-in and first loads excluded), requests by route, and how many chats the agents
// opened in the steady state (and how many of those they had never opened: those must be loaded).
// `poll` is the spec's old design: no realtime, the chat list and the open chat are refetched every 5 s.
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <openssl/hmac.h>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/session.h"
#include "native_transports.h"

namespace {

using inbox::core::Session;
using inbox::core::SessionConfig;

struct Options {
    std::string url = "http://127.0.0.1:8080";
    int agents = 100;
    int seconds = 120;
    int warmup = 20;
    bool poll = false;
    double webhooksPerSecond = 2.0;
    double replyEverySeconds = 45;
    double editEverySeconds = 120;
    std::string appSecret;
};

[[noreturn]] void usage(const char* error) {
    if (error) std::fprintf(stderr, "agent-sim: %s\n", error);
    std::fprintf(stderr,
                 "usage: agent-sim --url URL [--agents K] [--seconds S] [--warmup S] [--mode push|poll]\n"
                 "                 [--webhooks-per-second R] [--reply-every S] [--edit-every S] [--app-secret S]\n");
    std::exit(error ? 2 : 0);
}

Options parseOptions(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto value = [&]() -> std::string {
            if (i + 1 >= argc) usage(("missing value for " + a).c_str());
            return argv[++i];
        };
        if (a == "--url") o.url = value();
        else if (a == "--agents") o.agents = std::atoi(value().c_str());
        else if (a == "--seconds") o.seconds = std::atoi(value().c_str());
        else if (a == "--warmup") o.warmup = std::atoi(value().c_str());
        else if (a == "--mode") o.poll = value() == "poll";
        else if (a == "--webhooks-per-second") o.webhooksPerSecond = std::atof(value().c_str());
        else if (a == "--reply-every") o.replyEverySeconds = std::atof(value().c_str());
        else if (a == "--edit-every") o.editEverySeconds = std::atof(value().c_str());
        else if (a == "--app-secret") o.appSecret = value();
        else if (a == "--help" || a == "-h") usage(nullptr);
        else usage(("unknown option " + a).c_str());
    }
    if (o.agents < 1 || o.seconds < 1) usage("--agents and --seconds must be positive");
    if (o.warmup < 0 || o.warmup >= o.seconds) usage("--warmup must be shorter than --seconds");
    return o;
}

std::string hmacHex(const std::string& key, const std::string& body) {
    unsigned char digest[32];
    unsigned int length = 0;
    HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()), reinterpret_cast<const unsigned char*>(body.data()),
         body.size(), digest, &length);
    static const char* hex = "0123456789abcdef";
    std::string out;
    for (unsigned i = 0; i < length; ++i) {
        out += hex[digest[i] >> 4];
        out += hex[digest[i] & 15];
    }
    return out;
}

// Customers write in through the real webhook path, as WhatsApp would.
class WebhookDriver {
public:
    WebhookDriver(inbox::core::HttpTransport& http, const Options& options) : m_http(http), m_options(options) {}

    void post(std::mt19937& random) {
        const int customer = static_cast<int>(random() % 300);
        const bool rio = customer % 3 == 0;
        char phone[32];
        std::snprintf(phone, sizeof phone, "55%s9%08d", rio ? "21" : "11", 70000000 + customer);
        static const char* texts[] = {"Olá! Ainda tem disponível?", "Qual o prazo de entrega para o meu CEP?",
                                      "Pode me mandar o boleto? 🙏", "Obrigado pelo retorno!",
                                      "Vocês parcelam em quantas vezes?"};
        nlohmann::json body = {
            {"object", "whatsapp_business_account"},
            {"entry",
             {{{"id", "200000000000001"},
               {"changes",
                {{{"field", "messages"},
                  {"value",
                   {{"messaging_product", "whatsapp"},
                    {"metadata",
                     {{"display_phone_number", rio ? "552130000002" : "551140000001"},
                      {"phone_number_id", rio ? "100000000000002" : "100000000000001"}}},
                    {"contacts", {{{"profile", {{"name", "Cliente Sim " + std::to_string(customer)}}}, {"wa_id", phone}}}},
                    {"messages",
                     {{{"from", phone},
                       {"id", "wamid.SIM" + std::to_string(m_sequence++) + "x" + std::to_string(random())},
                       {"timestamp", std::to_string(std::time(nullptr))},
                       {"type", "text"},
                       {"text", {{"body", texts[random() % 5]}}}}}}}}}}}}}}};
        inbox::core::HttpRequest request;
        request.method = "POST";
        request.url = m_options.url + "/webhooks/whatsapp";
        request.body = body.dump();
        request.headers["content-type"] = "application/json";
        if (!m_options.appSecret.empty())
            request.headers["x-hub-signature-256"] = "sha256=" + hmacHex(m_options.appSecret, request.body);
        ++m_posted;
        m_http.request(request, [this](const inbox::core::HttpResponse& r) {
            if (r.status != 200) ++m_failed;
        });
    }

    uint64_t posted() const { return m_posted; }
    uint64_t failed() const { return m_failed; }

private:
    inbox::core::HttpTransport& m_http;
    const Options& m_options;
    uint64_t m_sequence = 0;
    uint64_t m_posted = 0;
    uint64_t m_failed = 0;
};

struct Agent {
    agentsim::WireCounters wire;
    std::unique_ptr<agentsim::BeastHttpTransport> http;
    std::unique_ptr<agentsim::BeastWebSocketTransport> ws;
    std::unique_ptr<Session> session;
    int64_t nextSwitch = 0;
    int64_t nextReply = 0;
    int64_t nextEdit = 0;
    uint64_t sent = 0;
    uint64_t edits = 0;
    std::set<std::string> opened;  // chats this agent has opened (their first open must load them)
    uint64_t steadyOpens = 0;
    uint64_t steadyFirstOpens = 0;
};

agentsim::WireCounters sum(const std::vector<std::unique_ptr<Agent>>& agents) {
    agentsim::WireCounters t;
    for (const auto& a : agents) {
        t.httpRequests += a->wire.httpRequests;
        t.httpReads += a->wire.httpReads;
        t.httpBytesIn += a->wire.httpBytesIn;
        t.httpBytesOut += a->wire.httpBytesOut;
        t.wsFramesIn += a->wire.wsFramesIn;
        t.wsBytesIn += a->wire.wsBytesIn;
        t.wsBytesOut += a->wire.wsBytesOut;
        for (const auto& [route, n] : a->wire.byRoute) t.byRoute[route] += n;
    }
    return t;
}

nlohmann::json perMinute(const agentsim::WireCounters& to, const agentsim::WireCounters& from, double minutes) {
    auto rate = [minutes](uint64_t a, uint64_t b) { return static_cast<double>(a - b) / minutes; };
    return {{"restRequests", rate(to.httpRequests, from.httpRequests)},
            {"restReads", rate(to.httpReads, from.httpReads)},
            {"restBytes", rate(to.httpBytesIn + to.httpBytesOut, from.httpBytesIn + from.httpBytesOut)},
            {"wsFramesIn", rate(to.wsFramesIn, from.wsFramesIn)},
            {"wsBytes", rate(to.wsBytesIn + to.wsBytesOut, from.wsBytesIn + from.wsBytesOut)}};
}

// Requests per route over a span, as counts (routes with none left out).
nlohmann::json routeCounts(const agentsim::WireCounters& to, const agentsim::WireCounters& from) {
    nlohmann::json out = nlohmann::json::object();
    for (const auto& [route, n] : to.byRoute) {
        auto before = from.byRoute.find(route);
        const uint64_t d = n - (before == from.byRoute.end() ? 0 : before->second);
        if (d > 0) out[route] = d;
    }
    return out;
}

std::string websocketUrl(const std::string& httpUrl) {
    return "ws" + httpUrl.substr(httpUrl.find("://")) + "/connection/websocket";
}

}  // namespace

int main(int argc, char** argv) {
    const Options options = parseOptions(argc, argv);
    boost::asio::io_context io;
    agentsim::NativeClock clock;
    std::mt19937 random(42);

    std::vector<std::unique_ptr<Agent>> agents;
    for (int i = 0; i < options.agents; ++i) {
        auto agent = std::make_unique<Agent>();
        agent->http = std::make_unique<agentsim::BeastHttpTransport>(io, agent->wire);
        agent->ws = std::make_unique<agentsim::BeastWebSocketTransport>(io, agent->wire);
        SessionConfig config;
        config.apiBaseUrl = options.url + "/api/v1";
        config.websocketUrl = options.poll ? std::string() : websocketUrl(options.url);
        config.appVersion = "agent-sim";
        config.seed = static_cast<uint64_t>(i) + 1;
        if (options.poll) {
            // The spec's old design: the list and the open chat every 5 s, no realtime.
            config.degradeAfterMs = 0;
            config.pollListIntervalMs = 5000;
            config.pollChatIntervalMs = 5000;
        }
        agent->session = std::make_unique<Session>(*agent->http, *agent->ws, clock, nullptr, config);
        agent->session->login(i % 2 == 0 ? "ana@demo.test" : "bruno@demo.test", "demo123");
        // Spread the agents' first actions so they do not all act in the same tick.
        const int64_t now = clock.monotonicMs();
        agent->nextSwitch = now + 1000 + static_cast<int64_t>(random() % 5000);
        agent->nextReply = now + static_cast<int64_t>(random() % static_cast<uint64_t>(options.replyEverySeconds * 1000));
        agent->nextEdit = now + static_cast<int64_t>(random() % static_cast<uint64_t>(options.editEverySeconds * 1000));
        agents.push_back(std::move(agent));
    }

    agentsim::WireCounters driverWire;
    agentsim::BeastHttpTransport driverHttp(io, driverWire);
    WebhookDriver driver(driverHttp, options);

    const int64_t start = clock.monotonicMs();
    const int64_t end = start + options.seconds * 1000LL;
    const int64_t webhookGapMs = options.webhooksPerSecond > 0 ? static_cast<int64_t>(1000.0 / options.webhooksPerSecond) : 0;
    int64_t nextWebhook = start + 2000;
    const int64_t warmupEnd = start + options.warmup * 1000LL;
    bool warmedUp = false;
    agentsim::WireCounters atWarmup;
    boost::asio::steady_timer timer(io);

    // One 20 ms heartbeat drives every session's timers and the agents' behaviour.
    std::function<void()> beat = [&] {
        const int64_t now = clock.monotonicMs();
        if (now >= end) {
            io.stop();
            return;
        }
        if (!warmedUp && now >= warmupEnd) {
            warmedUp = true;
            atWarmup = sum(agents);
        }
        if (webhookGapMs > 0) {
            while (nextWebhook <= now) {
                driver.post(random);
                nextWebhook += webhookGapMs;
            }
        }
        for (auto& a : agents) {
            Session& s = *a->session;
            s.tick();
            if (!s.store().signedIn() || !s.store().chatsLoaded()) continue;
            const auto& visible = s.store().visibleChatIds();
            if (visible.empty()) continue;
            if (now >= a->nextSwitch) {
                const std::string chatId = visible[random() % std::min<size_t>(visible.size(), 20)];
                const bool first = a->opened.insert(chatId).second;
                if (warmedUp) {
                    ++a->steadyOpens;
                    if (first) ++a->steadyFirstOpens;
                }
                s.selectChat(chatId);
                a->nextSwitch = now + 60000 + static_cast<int64_t>(random() % 30000);
            }
            if (now >= a->nextReply) {
                if (!s.store().selectedChatId().empty() && s.canSendFreeText()) {
                    if (!s.sendMessage("Oi! Já verifico isso para você 🙂").empty()) ++a->sent;
                }
                a->nextReply = now + static_cast<int64_t>(options.replyEverySeconds * 1000 * (0.5 + (random() % 1000) / 1000.0));
            }
            if (now >= a->nextEdit) {
                if (!s.store().selectedChatId().empty()) {
                    if (random() % 2 == 0) s.setDealValue(static_cast<int64_t>(random() % 500000));
                    else if (!s.store().stages().empty()) s.changeStage(s.store().stages()[random() % 3].id);
                    ++a->edits;
                }
                a->nextEdit = now + static_cast<int64_t>(options.editEverySeconds * 1000 * (0.5 + (random() % 1000) / 1000.0));
            }
        }
        timer.expires_after(std::chrono::milliseconds(20));
        timer.async_wait([&](const boost::system::error_code& ec) {
            if (!ec) beat();
        });
    };
    beat();
    io.run();

    const agentsim::WireCounters total = sum(agents);
    uint64_t sent = 0, edits = 0, signedIn = 0, connected = 0, opens = 0, firstOpens = 0;
    for (const auto& a : agents) {
        opens += a->steadyOpens;
        firstOpens += a->steadyFirstOpens;
        sent += a->sent;
        edits += a->edits;
        signedIn += a->session->store().signedIn() ? 1 : 0;
        connected += a->session->store().connection() == inbox::core::ConnectionState::Connected ? 1 : 0;
    }
    const nlohmann::json report = {
        {"mode", options.poll ? "poll" : "push"},
        {"agents", options.agents},
        {"seconds", options.seconds},
        {"warmupSeconds", options.warmup},
        {"steadyPerMinute", perMinute(total, atWarmup, (options.seconds - options.warmup) / 60.0)},
        {"totalPerMinute", perMinute(total, agentsim::WireCounters{}, options.seconds / 60.0)},
        {"steadyByRoute", routeCounts(total, atWarmup)},
        {"totalByRoute", routeCounts(total, agentsim::WireCounters{})},
        {"agentsSignedIn", signedIn},
        {"agentsConnectedRealtime", connected},
        {"restRequests", total.httpRequests},
        {"restReads", total.httpReads},
        {"restBytesIn", total.httpBytesIn},
        {"restBytesOut", total.httpBytesOut},
        {"wsFramesIn", total.wsFramesIn},
        {"wsBytesIn", total.wsBytesIn},
        {"wsBytesOut", total.wsBytesOut},
        {"steadyChatOpens", opens},
        {"steadyFirstChatOpens", firstOpens},
        {"messagesSent", sent},
        {"ticketEdits", edits},
        {"webhooksPosted", driver.posted()},
        {"webhooksFailed", driver.failed()},
    };
    std::printf("%s\n", report.dump().c_str());
    return 0;
}
