#include "inbox_fixture.h"

#include <nlohmann/json.hpp>

#include "core/json_codecs.h"

namespace inbox::ui::test {

using nlohmann::json;

bool RecordingHttp::answer(const std::string& method, const std::string& urlPart, int status, const std::string& body) {
    for (size_t i = 0; i < requests.size(); ++i) {
        if (requests[i].method != method || requests[i].url.find(urlPart) == std::string::npos || !dones[i]) continue;
        auto done = std::move(dones[i]);
        dones[i] = nullptr;
        core::HttpResponse response;
        response.status = status;
        response.body = body;
        done(response);
        return true;
    }
    return false;
}

const core::HttpRequest* RecordingHttp::find(const std::string& method, const std::string& urlPart) const {
    for (const auto& r : requests) {
        if (r.method == method && r.url.find(urlPart) != std::string::npos) return &r;
    }
    return nullptr;
}

std::optional<std::string> MemoryStorage::get(const std::string& key) const {
    auto it = values.find(key);
    if (it == values.end()) return std::nullopt;
    return it->second;
}

InboxFixture::InboxFixture(ImVec2 displaySize) : ui(displaySize) {
    core::SessionConfig config;
    config.apiBaseUrl = "http://stub.test/api/v1";
    config.websocketUrl = "ws://stub.test/connection/websocket";
    session = std::make_unique<core::Session>(http, websocket, clock, &storage, config);
    UiServices services;
    services.openUrl = [this](const std::string& url) { openedUrls.push_back(url); };
    services.setTitle = [this](const std::string& t) { title = t; };
    view = std::make_unique<InboxView>(*session, clock, services);
    clock.follow(ui.nowMs());
    ui.setDraw([this] {
        clock.follow(ui.nowMs() + drawLagMs);
        view->draw(ui.nowMs());
    });
}

void InboxFixture::fill(int chatCount, int64_t windowOpenMs) {
    core::InboxStore& s = store();
    core::User ana;
    ana.id = "u1";
    ana.name = "Ana Souza";
    s.setSignedIn(true, ana, "org1");
    s.setConnection(core::ConnectionState::Connected);
    s.setInstances(core::decodeInstances(json::parse(R"([
        {"id":"i1","displayPhone":"+551140000001","verifiedName":"Vendas SP","status":"connected","wabaId":"w"},
        {"id":"i2","displayPhone":"+552130000002","verifiedName":"Vendas RJ","status":"disconnected","wabaId":"w"}])")));
    s.setStages(core::decodeStages(json::parse(R"([
        {"id":"s1","name":"Novo","color":"#3B82F6","position":1,"kind":"open"},
        {"id":"s2","name":"Proposta","color":"#F59E0B","position":2,"kind":"open"},
        {"id":"s3","name":"Fechado","color":"#16A34A","position":3,"kind":"won"}])")));
    s.setMembers(core::decodeMembers(json::parse(R"([
        {"id":"u1","name":"Ana Souza","email":"ana@demo.test"},{"id":"u2","name":"Bruno Lima","email":"bruno@demo.test"}])")));
    s.setTemplates(core::decodeTemplates(json::parse(R"([
        {"name":"retomar_contato","language":"pt_BR","category":"MARKETING","status":"APPROVED","body":"Olá {{1}}, podemos continuar?","paramCount":1}])")));

    const int64_t now = clock.wall;
    core::Page<core::Chat> page;
    for (int i = 1; i <= chatCount; ++i) {
        json c = {
            {"id", "chat-" + std::to_string(i)},
            {"name", i == 1 ? "João Silva" : "Cliente " + std::to_string(i)},
            {"phone", "+55119999" + std::to_string(10000 + i)},
            {"instanceId", i % 2 ? "i1" : "i2"},
            {"lastMessageAt", now - i * 60000},
            {"unreadCount", i == 1 ? 2 : 0},
            {"version", 1},
            {"lastMessage", {{"id", "last-" + std::to_string(i)}, {"chatId", "chat-" + std::to_string(i)}, {"direction", "in"},
                             {"type", "text"}, {"text", "Olá, tudo bem? 😀"}, {"timestamp", now - i * 60000}}},
            {"currentTicket", {{"id", "t" + std::to_string(i)}, {"status", "open"}, {"stage", {{"id", "s1"}, {"name", "Novo"}, {"color", "#3B82F6"}}}}},
        };
        if (i == 1) c["windowExpiresAt"] = now + windowOpenMs;
        page.items.push_back(core::decodeChat(c));
    }
    s.applyChatPage(page, true);

    core::Page<core::Message> messages;
    const char* texts[] = {"Oi! Quero saber do *plano fibra* 🙂", "Claro, João! Qual bairro?", "Centro — “rua das Flores”, nº 10"};
    for (int i = 0; i < 3; ++i) {
        messages.items.push_back(core::decodeMessage(json{
            {"id", "m" + std::to_string(i)}, {"chatId", "chat-1"}, {"direction", i == 1 ? "out" : "in"}, {"type", "text"},
            {"text", texts[i]}, {"timestamp", now - (10 - i) * 60000}, {"status", i == 1 ? "read" : "delivered"}}));
    }
    s.applyMessagePage("chat-1", messages, false);

    s.upsertTicket(core::decodeTicket(json{
        {"id", "t1"}, {"chatId", "chat-1"}, {"instanceId", "i1"}, {"status", "open"},
        {"stage", {{"id", "s1"}, {"name", "Novo"}, {"color", "#3B82F6"}}},
        {"assignee", {{"id", "u1"}, {"name", "Ana Souza"}}}, {"dealValue", 150000}, {"currency", "BRL"},
        {"windowExpiresAt", now + windowOpenMs}, {"version", 1},
        {"tracking", {{"sourceType", "ad"}, {"utmSource", "google"}, {"utmMedium", "cpc"}, {"utmCampaign", "fibra"}, {"gclid", "Cj0KCQ"}}}}));
}

}  // namespace inbox::ui::test
