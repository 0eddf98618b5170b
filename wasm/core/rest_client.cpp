#include "core/rest_client.h"

#include <algorithm>
#include <climits>

namespace inbox::core {

RestClient::RestClient(HttpTransport& http, const Clock& clock, std::string baseUrl, uint64_t seed)
    : m_http(http), m_clock(clock), m_baseUrl(std::move(baseUrl)), m_random(seed), m_alive(std::make_shared<bool>(true)) {}

RestClient::~RestClient() { *m_alive = false; }

void RestClient::send(const RestRequest& request, Done done) {
    auto call = std::make_shared<Call>();
    call->request = request;
    call->done = std::move(done);
    dispatch(std::move(call));
}

void RestClient::dispatch(std::shared_ptr<Call> call) {
    ++call->attempt;
    ++m_metrics.requests;
    ++m_inFlight;
    HttpRequest req;
    req.method = call->request.method;
    req.url = m_baseUrl + call->request.path;
    req.body = call->request.body;
    req.headers["Accept"] = "application/json";
    if (!req.body.empty()) req.headers["Content-Type"] = "application/json";
    const std::string& bearer = call->request.bearer.empty() ? m_bearer : call->request.bearer;
    if (call->request.authenticated && !bearer.empty()) req.headers["Authorization"] = "Bearer " + bearer;
    if (call->request.conditional && call->request.method == "GET" && call->request.bearer.empty()) {
        if (auto it = m_validated.find(call->request.path); it != m_validated.end())
            req.headers["If-None-Match"] = it->second.etag;
    }
    std::weak_ptr<bool> alive = m_alive;
    const uint64_t gen = m_generation;
    const int64_t sentWall = m_clock.wallMs();
    m_http.request(req, [this, alive, gen, call, sentWall](const HttpResponse& response) {
        auto a = alive.lock();
        if (!a || !*a) return;
        if (m_inFlight > 0) --m_inFlight;
        if (gen != m_generation) return;  // cancelled (sign-out)
        onResponse(call, response, sentWall);
    });
}

void RestClient::onResponse(std::shared_ptr<Call> call, const HttpResponse& response, int64_t sentWallMs) {
    if (m_onServerTime) {
        auto it = response.headers.find("x-server-time");
        if (it != response.headers.end()) {
            const Json v = Json(it->second);
            if (auto ms = scalarToInt(v)) m_onServerTime(*ms, sentWallMs, m_clock.wallMs());
        }
    }
    const int status = response.status;
    // A 304 to a condition whose kept answer is gone meanwhile (a new token): ask again, plainly.
    if (status == 304 && call->request.conditional && m_validated.find(call->request.path) == m_validated.end()) {
        dispatch(std::move(call));
        return;
    }
    // 401 on an authenticated call: one fresh token, one retry.
    const bool ownToken = call->request.authenticated && call->request.bearer.empty();
    if (status == 401 && ownToken && !call->refreshedToken && m_tokenSource) {
        refreshTokenThenRetry(std::move(call));
        return;
    }
    const bool retryable = call->request.idempotent && (status == 0 || status >= 500);
    const int maxAttempts = call->request.maxAttempts > 0 ? call->request.maxAttempts : m_maxAttempts;
    if (retryable && call->attempt < maxAttempts) {
        ++m_metrics.retries;
        call->dueAt = m_clock.monotonicMs() + backoffDelayMs(call->attempt - 1, 500, 8000, m_random);
        m_scheduled.push_back(std::move(call));
        return;
    }
    RestResult result;
    result.status = status;
    result.body = response.body;
    if (call->request.conditional && call->request.bearer.empty()) {
        auto kept = m_validated.find(call->request.path);
        if (status == 304 && kept != m_validated.end()) {
            // Unchanged since the kept answer: the caller sees that answer, as a 200.
            ++m_metrics.notModified;
            kept->second.lastUse = ++m_validatedUse;
            result.status = 200;
            result.body = kept->second.body;
        } else if (status == 200) {
            auto etag = response.headers.find("etag");
            if (etag != response.headers.end() && !etag->second.empty()) keepValidated(call->request.path, etag->second, response.body);
            else if (kept != m_validated.end()) {
                m_validatedBytes -= kept->second.body.size();
                m_validated.erase(kept);
            }
        }
    }
    result.attempts = call->attempt;
    if (!result.body.empty()) result.json = parseJson(result.body);
    else result.json = Json(Json::value_t::discarded);
    if (!result.ok() && !result.json.is_discarded()) result.error = decodeApiError(result.json);
    if (auto it = response.headers.find("retry-after"); it != response.headers.end()) {
        // Only the delta-seconds form; an HTTP date (or garbage) is ignored.
        const std::string& v = it->second;
        if (!v.empty() && v.size() <= 6 && v.find_first_not_of("0123456789") == std::string::npos)
            result.retryAfterSeconds = std::stoi(v);
    }
    if (status == 401 && ownToken) {
        ++m_metrics.unauthorized;
        if (m_onUnauthorized) m_onUnauthorized();
    }
    finish(call, std::move(result));
}

void RestClient::finish(const std::shared_ptr<Call>& call, RestResult result) {
    if (!result.ok()) ++m_metrics.failures;
    if (call->done) call->done(result);
}

void RestClient::refreshTokenThenRetry(std::shared_ptr<Call> call) {
    call->refreshedToken = true;
    m_waitingForToken.push_back(std::move(call));
    if (m_refreshing) return;  // one token request serves every call that got a 401
    m_refreshing = true;
    std::weak_ptr<bool> alive = m_alive;
    const uint64_t gen = m_generation;
    m_tokenSource->fetchFreshToken([this, alive, gen](const std::string& token) {
        auto a = alive.lock();
        if (!a || !*a || gen != m_generation) return;
        m_refreshing = false;
        auto waiting = std::move(m_waitingForToken);
        m_waitingForToken.clear();
        if (token.empty()) {
            ++m_metrics.unauthorized;
            if (m_onUnauthorized) m_onUnauthorized();
            for (auto& c : waiting) {
                RestResult r;
                r.status = 401;
                r.attempts = c->attempt;
                r.json = Json(Json::value_t::discarded);
                r.error = {"unauthorized", "session expired"};
                finish(c, std::move(r));
            }
            return;
        }
        m_bearer = token;
        for (auto& c : waiting) dispatch(c);
    });
}

void RestClient::keepValidated(const std::string& path, const std::string& etag, const std::string& body) {
    constexpr size_t kMaxEntries = 64;
    constexpr size_t kMaxBytes = 2u << 20;
    if (body.size() > kMaxBytes / 4) return;  // a huge page is not worth holding
    if (auto old = m_validated.find(path); old != m_validated.end()) {
        m_validatedBytes -= old->second.body.size();
        m_validated.erase(old);
    }
    while (!m_validated.empty() && (m_validated.size() >= kMaxEntries || m_validatedBytes + body.size() > kMaxBytes)) {
        auto oldest = std::min_element(m_validated.begin(), m_validated.end(),
                                       [](const auto& a, const auto& b) { return a.second.lastUse < b.second.lastUse; });
        m_validatedBytes -= oldest->second.body.size();
        m_validated.erase(oldest);
    }
    m_validated[path] = Validated{etag, body, ++m_validatedUse};
    m_validatedBytes += body.size();
}

void RestClient::cancelAll() {
    ++m_generation;
    clearValidated();
    m_scheduled.clear();
    m_waitingForToken.clear();
    m_refreshing = false;
}

void RestClient::tick() {
    const int64_t now = m_clock.monotonicMs();
    std::vector<std::shared_ptr<Call>> due;
    auto it = std::partition(m_scheduled.begin(), m_scheduled.end(), [now](const auto& c) { return c->dueAt > now; });
    due.assign(it, m_scheduled.end());
    m_scheduled.erase(it, m_scheduled.end());
    for (auto& c : due) dispatch(c);
}

int64_t RestClient::nextWakeMs() const {
    int64_t t = INT64_MAX;
    for (const auto& c : m_scheduled) t = std::min(t, c->dueAt);
    return t;
}

}  // namespace inbox::core
