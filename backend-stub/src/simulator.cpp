#include "simulator.h"

#include "json_text.h"
#include "util.h"

#include <iostream>

namespace stub {

namespace {

const char* kTexts[] = {
    "Oi, tudo bem? Ainda estou aguardando um retorno 🙂",
    "Vocês entregam em Campinas?",
    "Qual o prazo para o reembolso cair na conta?",
    "Pode me mandar o link de pagamento, por favor?",
    "Obrigado pelo atendimento! 👏👏",
    "O produto chegou, mas veio sem o manual de instruções",
    "Tem desconto para pagamento à vista?",
    "Consigo parcelar em 10x sem juros?",
    "Boa tarde! Vi a promoção no Instagram e fiquei interessada 😍",
    "Qual é o horário de funcionamento no sábado?",
    "Preciso da segunda via da nota fiscal",
    "*Urgente*: meu pedido veio trocado!",
};

const char* kNewNames[] = {"Cliente Simulado", "Marina Teixeira", "Jorge Almeida", "Paula Antunes", "Hugo Fernandes"};

}  // namespace

Simulator::Simulator(App& app, Scheduler scheduler, int intervalMs)
    : m_app(app), m_scheduler(std::move(scheduler)), m_intervalMs(intervalMs) {}

void Simulator::start() { scheduleNext(); }

void Simulator::scheduleNext() {
  const int64_t delay = randomInt(m_intervalMs / 2, m_intervalMs * 3 / 2);
  m_scheduler(delay, [this] {
    const IntakeResult r = m_app.intake().inject(nextWebhook(nowMs()), nowMs());
    if (r.httpStatus != 200) std::cerr << "simulate: webhook refused: " << r.message << "\n";
    scheduleNext();
  });
}

std::string Simulator::nextWebhook(int64_t nowMs) {
  ++m_counter;
  Store& store = m_app.store();
  // Mostly existing demo customers (organization 1), sometimes a brand-new contact.
  std::string waId, name, phoneNumberId = "100000000000001";
  const auto ids = store.chatIds(1);
  if (!ids.empty() && randomInt(0, 5) != 0) {
    const int64_t chatId = ids[size_t(randomInt(0, int64_t(ids.size()) - 1))];
    const json chat = store.chatJson(chatId);
    if (chat.is_object() && chat["waId"].is_string()) {
      waId = chat["waId"].get<std::string>();
      name = chat["name"].get<std::string>();
      phoneNumberId = chat["instanceId"].get<std::string>();
    }
  }
  if (waId.empty()) {
    waId = "55119" + std::to_string(randomInt(60000000, 69999999));
    name = kNewNames[randomInt(0, 4)];
    phoneNumberId = randomInt(0, 1) ? "100000000000001" : "100000000000002";
  }
  json message = {{"from", waId}, {"id", "wamid.sim-" + randomHex(12)}, {"timestamp", std::to_string(nowMs / 1000)}};
  const int64_t roll = randomInt(0, 19);
  if (roll == 0) {
    message["type"] = "location";
    message["location"] = {{"latitude", -23.5505 + double(randomInt(-500, 500)) / 10000},
                           {"longitude", -46.6333 + double(randomInt(-500, 500)) / 10000},
                           {"name", "Estou por aqui"},
                           {"address", "Rua Augusta, 1500 – Consolação, São Paulo – SP"}};
  } else if (roll == 1) {
    message["type"] = "image";
    message["image"] = {{"id", std::to_string(randomInt(900000000000000, 999999999999999))},
                        {"mime_type", "image/jpeg"},
                        {"sha256", randomHex(16)},
                        {"caption", "Olha a foto do produto que recebi 📸"}};
  } else if (roll == 2) {
    message["type"] = "audio";
    message["audio"] = {{"id", std::to_string(randomInt(900000000000000, 999999999999999))},
                        {"mime_type", "audio/ogg; codecs=opus"},
                        {"voice", true}};
  } else {
    message["type"] = "text";
    message["text"] = {{"body", kTexts[randomInt(0, int64_t(std::size(kTexts)) - 1)]}};
  }
  // Now and then a new customer arrives from a click-to-WhatsApp ad.
  if (roll == 3 && store.chatByWaId(phoneNumberId, waId) == std::nullopt) {
    message["referral"] = {{"source_url", "https://www.example.com/promo?utm_source=facebook&utm_medium=cpc&utm_campaign=simulacao"},
                           {"source_id", "120200000000000099"},
                           {"source_type", "ad"},
                           {"headline", "Fale com a gente no WhatsApp"},
                           {"body", "Ofertas da semana com frete grátis"},
                           {"ctwa_clid", "ARAkSim" + randomHex(12)}};
  }
  const json value = {{"messaging_product", "whatsapp"},
                      {"metadata", {{"display_phone_number", ""}, {"phone_number_id", phoneNumberId}}},
                      {"contacts", {{{"profile", {{"name", name}}}, {"wa_id", waId}}}},
                      {"messages", {message}}};
  return jsonText({{"object", "whatsapp_business_account"},
                   {"entry", {{{"id", "200000000000001"}, {"changes", {{{"field", "messages"}, {"value", value}}}}}}}});
}

}  // namespace stub
