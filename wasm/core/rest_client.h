// REST over the platform's HttpTransport: bearer auth, JSON decoding, retries with backoff for
// idempotent requests on network errors and 5xx, 401 → one fresh token from the TokenSource →
// one retry, counters for inbox.metrics(), and the server clock from `X-Server-Time`.
#pragma once

#include <cstdint>
#include <deque>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "core/backoff.h"
#include "core/json_codecs.h"
#include "core/platform.h"
#include "core/rest_requests.h"

namespace inbox::core {

struct RestResult {
    int status = 0;  // 0: network error
    std::string body;
    Json json;  // discarded when the body is not JSON (or empty)
    ApiError error;
    int attempts = 1;
    int retryAfterSeconds = 0;  // from a `Retry-After: <seconds>` header (429), 0 when absent
    bool ok() const { return status >= 200 && status < 300; }
    bool networkError() const { return status == 0; }
};

class RestClient {
public:
    using Done = std::function<void(const RestResult&)>;

    RestClient(HttpTransport& http, const Clock& clock, std::string baseUrl, uint64_t seed = 7);
    ~RestClient();
    RestClient(const RestClient&) = delete;
    RestClient& operator=(const RestClient&) = delete;

    void setBaseUrl(const std::string& baseUrl) { m_baseUrl = baseUrl; }
    // A new token may be someone else's: the kept conditional answers go with the old one.
    void setBearer(const std::string& token) {
        if (token != m_bearer) clearValidated();
        m_bearer = token;
    }
    const std::string& bearer() const { return m_bearer; }
    void setTokenSource(TokenSource* source) { m_tokenSource = source; }
    // Called when a 401 survives the token refresh: the session must sign in again.
    void setUnauthorizedHandler(std::function<void()> handler) { m_onUnauthorized = std::move(handler); }
    // Called with (serverMs, localWallMsAtSend, localWallMsAtReceive) for clock-offset estimation.
    void setServerTimeObserver(std::function<void(int64_t, int64_t, int64_t)> observer) {
        m_onServerTime = std::move(observer);
    }
    void setMaxAttempts(int attempts) { m_maxAttempts = attempts; }

    void send(const RestRequest& request, Done done);
    // Drops every pending request and scheduled retry; their callbacks never run.
    void cancelAll();
    void tick();
    int64_t nextWakeMs() const;
    size_t inFlight() const { return m_inFlight; }

    struct Metrics {
        uint64_t requests = 0;  // every HTTP request put on the wire, retries included
        uint64_t retries = 0;
        uint64_t failures = 0;  // final results that were not 2xx
        uint64_t unauthorized = 0;
        uint64_t notModified = 0;  // 304 answers to conditional GETs (the kept answer was used)
    };
    const Metrics& metrics() const { return m_metrics; }

    // Kept answers of conditional GETs (tests, diagnostics).
    size_t validatedCount() const { return m_validated.size(); }

private:
    struct Validated {
        std::string etag;
        std::string body;
        uint64_t lastUse = 0;
    };
    void keepValidated(const std::string& path, const std::string& etag, const std::string& body);
    void clearValidated() {
        m_validated.clear();
        m_validatedBytes = 0;
    }
    struct Call {
        RestRequest request;
        Done done;
        int attempt = 0;
        bool refreshedToken = false;
        int64_t dueAt = 0;
    };
    void dispatch(std::shared_ptr<Call> call);
    void onResponse(std::shared_ptr<Call> call, const HttpResponse& response, int64_t sentWallMs);
    void finish(const std::shared_ptr<Call>& call, RestResult result);
    void refreshTokenThenRetry(std::shared_ptr<Call> call);

    HttpTransport& m_http;
    const Clock& m_clock;
    std::string m_baseUrl;
    std::string m_bearer;
    TokenSource* m_tokenSource = nullptr;
    std::function<void()> m_onUnauthorized;
    std::function<void(int64_t, int64_t, int64_t)> m_onServerTime;
    Random m_random;
    int m_maxAttempts = 4;
    uint64_t m_generation = 0;
    std::shared_ptr<bool> m_alive;
    std::vector<std::shared_ptr<Call>> m_scheduled;
    bool m_refreshing = false;
    std::vector<std::shared_ptr<Call>> m_waitingForToken;
    size_t m_inFlight = 0;
    Metrics m_metrics;
    // By request path (query included); bounded, least recently used dropped first.
    std::map<std::string, Validated> m_validated;
    size_t m_validatedBytes = 0;
    uint64_t m_validatedUse = 0;
};

}  // namespace inbox::core
