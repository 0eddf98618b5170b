#include "seed.h"

#include <vector>

namespace stub {

namespace {

struct Line {
  char who;  // 'c' customer, 'a' agent
  const char* text;
  const char* type = "text";
};

struct Script {
  std::vector<Line> lines;
};

// Conversation topics; each chat takes one and a customer.
const std::vector<Script> kScripts = {
    {{{'c', "Olá! Vi o anúncio do plano fibra 500 mega. Ainda está com instalação grátis?"},
      {'a', "Oi! Está sim 😊 A promoção vale até o fim do mês. Qual é o seu CEP?"},
      {'c', "04567-000"},
      {'a', "Perfeito, temos cobertura no seu endereço. Posso agendar a visita técnica?"},
      {'c', "Pode sim! De preferência na parte da manhã."}}},
    {{{'c', "Bom dia, gostaria de saber o prazo de entrega do pedido nº 4821"},
      {'a', "Bom dia! O pedido 4821 saiu para entrega hoje cedo 🚚 Deve chegar até as 18h."},
      {'c', "Ótimo, muito obrigado!"}}},
    {{{'c', "Oi, vocês fazem orçamento para 12 notebooks para empresa?"},
      {'a', "Fazemos sim! Qual configuração vocês precisam? Processador, memória e armazenamento."},
      {'c', "i5, 16 GB de RAM e SSD de 512 GB. Precisamos com nota fiscal em nome da empresa."},
      {'a', "Certo! Vou preparar a proposta e te envio ainda hoje."},
      {'c', "Combinado, fico no aguardo."}}},
    {{{'c', "Segue a foto da embalagem que chegou amassada 📦😕", "image"},
      {'a', "Poxa, sentimos muito! Vamos providenciar a troca sem custo. Pode confirmar o endereço de coleta?"},
      {'c', "Rua das Palmeiras, 210 – apto 32"}}},
    {{{'c', "Qual o valor do plano empresarial com 5 linhas?"},
      {'a', "O plano empresarial com 5 linhas sai por R$ 349,90/mês, com 50 GB por linha."},
      {'c', "Tem fidelidade?"},
      {'a', "12 meses, mas sem multa a partir do 7º mês."}}},
    {{{'c', "Boa tarde! Meu boleto venceu ontem, consigo pagar sem juros?"},
      {'a', "Boa tarde! Consigo gerar um novo boleto com vencimento para amanhã, sem juros."},
      {'c', "Por favor! Pode mandar aqui mesmo."},
      {'a', "Enviado! Qualquer dúvida é só chamar."},
      {'c', "Recebi, obrigado 🙏"}}},
    {{{'c', "", "audio"},
      {'a', "Oi! Ouvi o seu áudio: vamos verificar a cobrança duplicada e te retorno em instantes."},
      {'c', "Tá bom, aguardo."}}},
    {{{'c', "Vocês abrem no feriado?"},
      {'a', "Olá! No feriado abrimos das 9h às 14h."},
      {'c', "Perfeito, passo aí amanhã então."}}},
    {{{'c', "Quero cancelar meu pedido, comprei o tamanho errado"},
      {'a', "Sem problemas! Prefere trocar pelo tamanho certo ou receber o reembolso?"},
      {'c', "Trocar pelo M, por favor"},
      {'a', "Feito! A troca foi registrada e o entregador leva o M quando buscar o P."}}},
    {{{'c', "", "location"},
      {'c', "Estou aqui na frente da loja, mas está fechada"},
      {'a', "Oi! Hoje abrimos às 10h, faltam 15 minutinhos 😊"}}},
    {{{'c', "Olá, vi no Instagram o sofá retrátil de 3 lugares. Ainda tem em cinza?"},
      {'a', "Temos sim! Sai por R$ 2.499,00 à vista ou 10x sem juros."},
      {'c', "Consegue um desconto no Pix?"},
      {'a', "No Pix fica R$ 2.299,00 com frete grátis para a capital."},
      {'c', "Vou conversar com meu marido e te falo amanhã"}}},
    {{{'c', "Bom dia! O técnico não apareceu na visita marcada para hoje 😠"},
      {'a', "Bom dia! Peço desculpas pelo transtorno. Já estou verificando com a equipe."},
      {'a', "Conseguimos um novo horário amanhã às 8h. Pode ser?"},
      {'c', "Pode, mas por favor confirmem dessa vez."}}},
};

const char* kNames[] = {
    "Mariana Lopes",    "João Pedro Alves", "Fernanda Ribeiro",  "Carlos Eduardo",   "Patrícia Gomes",
    "Rafael Monteiro",  "Juliana Castro",   "Lucas Ferreira",    "Beatriz Nogueira", "André Vasconcelos",
    "Camila Rocha",     "Thiago Martins",   "Larissa Duarte",    "Gustavo Pereira",  "Aline Carvalho",
    "Ricardo Souza",    "Vanessa Teixeira", "Felipe Araújo",     "Renata Barbosa",   "Bruno Cardoso",
    "Letícia Moreira",  "Diego Santana",    "Tatiane Freitas",   "Rodrigo Pires",    "Priscila Mendes",
    "Eduardo Lima",     "Natália Campos",   "Marcelo Dias",      "Gabriela Cunha",   "Leonardo Batista",
    "Isabela Fonseca",  "Vinícius Ramos",   "Carolina Azevedo",  "Otávio Brandão",   "Sabrina Correia",
    "Henrique Moura",   "Daniela Prado",    "Matheus Vieira",    "Luana Cavalcanti", "Sérgio Tavares",
};

struct Source {
  const char* sourceType;
  const char* utmSource;
  const char* utmMedium;
  const char* utmCampaign;
  const char* gclid;
  const char* fbclid;
  const char* ctwaclid;
  const char* headline;
  const char* url;
};

const Source kSources[] = {
    {"ad", "facebook", "cpc", "fibra-500-setembro", nullptr, "IwAR2demoFbclidA1b2C3", "ARAkDemoCtwaClid0001",
     "Fale com a gente no WhatsApp", "https://www.example.com/fibra?utm_source=facebook&utm_medium=cpc&utm_campaign=fibra-500-setembro"},
    {"google", "google", "cpc", "notebooks-empresa", "Cj0KCQjwDemoGclid01", nullptr, nullptr, nullptr,
     "https://www.example.com/empresas?utm_source=google&utm_medium=cpc&utm_campaign=notebooks-empresa"},
    {"ad", "instagram", "paid_social", "moveis-primavera", nullptr, "PAZXh0bgNhZW0DemoFbclid2", "ARAkDemoCtwaClid0002",
     "Sofás com até 30% off", "https://www.example.com/sofas?utm_source=instagram&utm_medium=paid_social"},
    {"organic", nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr, nullptr},
    {"email", "newsletter", "email", "clientes-ativos", nullptr, nullptr, nullptr, nullptr, nullptr},
};

std::optional<std::string> opt(const char* s) { return s ? std::optional<std::string>(s) : std::nullopt; }

}  // namespace

bool seedDemo(Store& store, int64_t nowMs) {
  if (!store.isEmpty()) return false;
  Db& db = store.db();
  Transaction tx(db);

  const int64_t demo = store.createOrganization("Demo Vendas");
  const int64_t ana = store.createUser(demo, "Ana Souza", "ana@demo.test", "admin", "demo123");
  const int64_t bruno = store.createUser(demo, "Bruno Lima", "bruno@demo.test", "agent", "demo123");
  store.createInstance(demo, "100000000000001", "+55 11 4000-0001", "Demo Vendas SP", "200000000000001");
  store.createInstance(demo, "100000000000002", "+55 21 3000-0002", "Demo Vendas RJ", "200000000000001");

  const int64_t other = store.createOrganization("Outra Empresa");
  const int64_t carla = store.createUser(other, "Carla Mendonça", "carla@outra.test", "admin", "demo123");
  store.createInstance(other, "100000000000003", "+55 31 3000-0003", "Outra Empresa BH", "200000000000002");

  struct StageDef {
    const char* name;
    const char* color;
    const char* kind;
  };
  const StageDef stages[] = {{"Novo", "#3B82F6", "open"},
                             {"Em Atendimento", "#F59E0B", "open"},
                             {"Proposta", "#8B5CF6", "open"},
                             {"Ganho", "#10B981", "won"},
                             {"Perdido", "#EF4444", "lost"}};
  std::vector<int64_t> demoStages, otherStages;
  for (int i = 0; i < 5; ++i) {
    demoStages.push_back(store.createStage(demo, stages[i].name, stages[i].color, i + 1, stages[i].kind));
    otherStages.push_back(store.createStage(other, stages[i].name, stages[i].color, i + 1, stages[i].kind));
  }

  auto makeChat = [&](int64_t org, const std::string& instanceId, int index, const std::string& name,
                      const std::string& waId, int64_t startMs, const Script& script, int unread,
                      int64_t stageId, std::optional<int64_t> assignee, std::optional<int64_t> deal, const Source& src,
                      const std::string& status) {
    InstanceRow inst{instanceId, org, ""};
    bool created = false;
    ChatRef chat = store.findOrCreateChat(inst, waId, waId, std::nullopt, name, startMs, &created);
    const int64_t ticketId = store.openTicket(org, chat.id, startMs);
    int64_t ts = startMs;
    int n = 0;
    for (const Line& line : script.lines) {
      ts += (3 + (index * 7 + n * 11) % 25) * 60 * 1000;  // minutes between messages
      if (ts > nowMs - 60 * 1000) ts = nowMs - 60 * 1000 + n;
      NewMessage m;
      m.id = "wamid.seed-" + std::to_string(chat.id) + "-" + std::to_string(++n);
      m.chatId = chat.id;
      m.orgId = org;
      m.direction = line.who == 'c' ? "in" : "out";
      m.type = line.type;
      m.text = line.text;
      m.timestampMs = ts;
      m.status = line.who == 'c' ? "read" : "read";
      if (line.who == 'c') m.fromName = name;
      else {
        m.authorId = assignee.value_or(ana);
        m.clientId = "seed-" + std::to_string(chat.id) + "-" + std::to_string(n);
      }
      if (m.type == "image") {
        m.content["media"] = {{"id", "91000000000" + std::to_string(chat.id)}, {"mime", "image/jpeg"}, {"filename", nullptr},
                              {"caption", line.text}, {"url", nullptr}, {"voice", false}, {"sha256", nullptr}, {"animated", false}};
      } else if (m.type == "audio") {
        m.content["media"] = {{"id", "92000000000" + std::to_string(chat.id)}, {"mime", "audio/ogg; codecs=opus"},
                              {"filename", nullptr}, {"caption", nullptr}, {"url", nullptr}, {"voice", true},
                              {"sha256", nullptr}, {"animated", false}};
      } else if (m.type == "location") {
        m.content["location"] = {{"latitude", -23.5613}, {"longitude", -46.6565}, {"name", "Loja Demo – Paulista"},
                                 {"address", "Avenida Paulista, 1000 – Bela Vista, São Paulo – SP"}, {"url", nullptr}};
      }
      store.insertMessage(m);
      store.touchChatForMessage(chat.id, m);
    }
    // Some customers react to the agent's last answer, as they do on WhatsApp.
    if (index % 6 == 1) {
      auto last = db.prepare("SELECT id, timestamp_ms FROM messages WHERE chat_id=? AND direction='out' ORDER BY seq DESC LIMIT 1");
      last.bind(1, chat.id);
      if (last.step()) store.setReaction(last.str(0), waId, index % 12 == 1 ? "❤️" : "👍", last.i64(1) + 60000);
      last.run();
    }
    // The newest outgoing message is only delivered; the newest inbound ones may be unread.
    db.prepare("UPDATE messages SET status='delivered' WHERE id=(SELECT id FROM messages WHERE chat_id=? AND direction='out' ORDER BY seq DESC LIMIT 1)")
        .bind(1, chat.id)
        .run();
    db.prepare("UPDATE chats SET unread_count=? WHERE id=?").bind(1, unread).bind(2, chat.id).run();
    if (unread > 0)
      db.prepare("UPDATE messages SET status='delivered' WHERE seq IN (SELECT seq FROM messages WHERE chat_id=? AND direction='in' ORDER BY seq DESC LIMIT ?)")
          .bind(1, chat.id)
          .bind(2, unread)
          .run();
    std::optional<int64_t> closedAt;
    if (status != "open") closedAt = ts + 10 * 60 * 1000;
    store.seedTicketFields(ticketId, stageId, assignee, deal, status, closedAt);
    Tracking t;
    t.sourceType = opt(src.sourceType);
    t.utmSource = opt(src.utmSource);
    t.utmMedium = opt(src.utmMedium);
    t.utmCampaign = opt(src.utmCampaign);
    t.gclid = opt(src.gclid);
    t.fbclid = opt(src.fbclid);
    t.ctwaclid = opt(src.ctwaclid);
    t.adHeadline = opt(src.headline);
    t.adSourceUrl = opt(src.url);
    store.setTracking(ticketId, t);
  };

  const int64_t deals[] = {0, 15000000, 89990, 249900, 34990, 0, 129000, 450000, 1999000, 79900};
  for (int i = 0; i < 40; ++i) {
    const Script& script = kScripts[size_t(i) % kScripts.size()];
    // Spread over the last ~70 hours: the newest third still has an open 24 h window.
    const int64_t startMs = nowMs - int64_t(70 - i * 7 / 4) * 3600 * 1000 - (i % 3) * 17 * 60 * 1000;
    const std::string waId = "55" + std::string(i % 2 ? "21" : "11") + "9" + std::to_string(81000000 + i * 7919 % 1000000 + i);
    const bool lastIsCustomer = script.lines.back().who == 'c';
    const int unread = lastIsCustomer && i % 3 != 0 ? 1 + i % 3 : 0;
    int stageIndex = i % 4 == 3 ? 2 : i % 4;  // Novo / Em Atendimento / Proposta
    std::string status = "open";
    if (i % 9 == 4) {
      status = "won";
      stageIndex = 3;
    } else if (i % 13 == 7) {
      status = "lost";
      stageIndex = 4;
    }
    std::optional<int64_t> assignee;
    if (i % 5 != 0) assignee = i % 2 ? bruno : ana;
    std::optional<int64_t> deal;
    if (deals[i % 10]) deal = deals[i % 10];
    makeChat(demo, i % 3 == 2 ? "100000000000002" : "100000000000001", i, kNames[i], waId, startMs, script, unread,
             demoStages[size_t(stageIndex)], assignee, deal, kSources[size_t(i) % 5], status);
  }
  const char* otherNames[] = {"Paulo Henrique", "Simone Araújo", "Roberta Lins"};
  for (int i = 0; i < 3; ++i) {
    makeChat(other, "100000000000003", 100 + i, otherNames[i], "55319" + std::to_string(70000000 + i * 3571),
             nowMs - int64_t(5 + i * 9) * 3600 * 1000, kScripts[size_t(i + 4)], i == 0 ? 1 : 0, otherStages[size_t(i % 3)], carla,
             std::nullopt, kSources[3], "open");
  }
  tx.commit();
  return true;
}

}  // namespace stub
