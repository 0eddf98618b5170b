#include "core/synthetic_inbox.h"

#include <nlohmann/json.hpp>

#include <utility>

namespace inbox::core {
namespace {

using nlohmann::json;

// Small deterministic generator: the same data on every run and on both builds.
struct Lcg {
    uint64_t state = 0x9E3779B97F4A7C15ull;
    uint32_t next() {
        state = state * 6364136223846793005ull + 1442695040888963407ull;
        return static_cast<uint32_t>(state >> 33);
    }
    int below(int n) { return static_cast<int>(next() % static_cast<uint32_t>(n)); }
};

const char* const kTexts[] = {
    "Oi! Quero saber do *plano fibra* 🙂",
    "Bom dia, o pedido já saiu para entrega?",
    "Pode me mandar o boleto atualizado, por favor?",
    "Claro! Qual é o seu CEP?",
    "Centro — “rua das Flores”, nº 10",
    "Obrigado pelo retorno, vou conversar com meu sócio e te aviso até sexta-feira 👍",
    "Vocês parcelam em 12x sem juros no cartão?",
    "Segue o comprovante do Pix ✅",
    "Perfeito, já registrei aqui. Mais alguma dúvida?",
    "Queria trocar o tamanho da camiseta: pedi M mas preciso de G. Como faço a troca? Tenho até quando?",
};
const char* const kNames[] = {"João Silva", "Maria Oliveira", "Ana Paula Souza", "Carlos Eduardo", "Fernanda Lima",
                              "Ricardo Alves", "Juliana Costa", "Pedro Henrique", "Beatriz Rocha", "Lucas Martins"};
const char* const kStatuses[] = {"sent", "delivered", "read"};
const json kStage = {{"id", "1"}, {"name", "Novo"}, {"color", "#3B82F6"}};

std::string chatId(int n) { return "bench-" + std::to_string(n); }

std::string instanceOf(const InboxStore& store, const SyntheticInbox& o) {
    if (!o.instanceId.empty()) return o.instanceId;
    return store.instances().empty() ? std::string("bench-instance") : store.instances().front().id;
}

json message(Lcg& rng, const std::string& id, const std::string& chat, int64_t at) {
    const bool in = rng.below(3) != 0;
    return {{"id", id}, {"chatId", chat}, {"direction", in ? "in" : "out"}, {"type", "text"},
            {"text", kTexts[rng.below(10)]}, {"timestamp", at}, {"status", in ? "delivered" : kStatuses[rng.below(3)]}};
}

json chat(int n, const std::string& instance, const json& last, int unread, int64_t version) {
    return {{"id", chatId(n)},
            {"name", std::string(kNames[n % 10]) + " " + std::to_string(n)},
            {"phone", "+55119" + std::to_string(80000000 + n)},
            {"instanceId", instance},
            {"lastMessageAt", last["timestamp"]},
            {"lastMessage", last},
            {"unreadCount", unread},
            {"version", version},
            {"currentTicket", {{"id", "bench-t" + std::to_string(n)}, {"status", "open"}, {"stage", kStage}}}};
}

}  // namespace

void fillSyntheticInbox(InboxStore& store, const SyntheticInbox& o) {
    Lcg rng;
    const std::string instance = instanceOf(store, o);
    Page<Chat> chats;
    chats.items.reserve(static_cast<size_t>(o.chats));
    for (int n = 1; n <= o.chats; ++n) {
        const int64_t at = o.nowMs - static_cast<int64_t>(n) * 90'000;
        chats.items.push_back(decodeChat(chat(n, instance, message(rng, "bench-last-" + std::to_string(n), chatId(n), at),
                                              rng.below(4) == 0 ? 1 + rng.below(5) : 0, 1)));
    }
    store.applyChatPage(std::move(chats), true);  // moved and released before the thread is built

    Page<Message> thread;
    thread.items.reserve(static_cast<size_t>(o.messages));
    for (int i = 0; i < o.messages; ++i) {
        const int64_t at = o.nowMs - static_cast<int64_t>(o.messages - i) * 30'000;
        thread.items.push_back(decodeMessage(message(rng, "bench-m" + std::to_string(i), chatId(1), at)));
    }
    store.applyMessagePage(chatId(1), std::move(thread), false);  // moved: no second copy of the page
    store.selectChat(chatId(1));
}

std::vector<std::string> syntheticPublications(int count, const SyntheticInbox& o) {
    Lcg rng;
    const std::string instance = o.instanceId.empty() ? std::string("bench-instance") : o.instanceId;
    std::vector<int64_t> versions(static_cast<size_t>(o.chats) + 1, 1), ticketVersions = versions;
    std::vector<std::pair<std::string, int>> created;  // message id, chat number
    std::vector<std::string> out;
    out.reserve(static_cast<size_t>(count));
    for (int i = 0; i < count; ++i) {
        const int64_t ts = o.nowMs + i;
        const int n = 1 + rng.below(o.chats);
        const int kind = rng.below(10);
        json p;
        if (kind < 8) {
            const json m = message(rng, "bench-p" + std::to_string(i), chatId(n), ts);
            p = {{"type", "message.created"}, {"ts", ts}, {"chatId", chatId(n)}, {"message", m},
                 {"chat", chat(n, instance, m, 1 + rng.below(5), ++versions[static_cast<size_t>(n)])}};
            created.emplace_back(m["id"].get<std::string>(), n);
        } else if (kind == 8 && !created.empty()) {
            // A delivery status moving forward on an earlier message of its chat.
            const auto& [id, chatN] = created[static_cast<size_t>(rng.below(static_cast<int>(created.size())))];
            json m = message(rng, id, chatId(chatN), ts);
            m["status"] = "read";
            p = {{"type", "message.updated"}, {"ts", ts}, {"chatId", chatId(chatN)}, {"message", m}};
        } else {
            p = {{"type", "ticket.updated"}, {"ts", ts},
                 {"ticket", {{"id", "bench-t" + std::to_string(n)}, {"chatId", chatId(n)}, {"instanceId", instance},
                             {"status", "open"}, {"stage", kStage}, {"dealValue", 100 * (1 + rng.below(100000))},
                             {"currency", "BRL"}, {"version", ++ticketVersions[static_cast<size_t>(n)]}}}};
        }
        out.push_back(p.dump());
    }
    return out;
}

}  // namespace inbox::core
