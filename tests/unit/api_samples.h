// JSON shapes exactly as docs/API.md documents them (the stub's real responses and publications).
#pragma once

namespace inbox::test::samples {

inline const char* kChatItem = R"({
  "id": "12",
  "name": "Mariana Lopes",
  "phone": "+5511987654321",
  "waId": "5511987654321",
  "profilePicUrl": null,
  "lastMessageAt": 1789390800000,
  "lastMessage": {"id":"wamid.X","direction":"in","type":"text","text":"Olá! Tudo bem?","status":"delivered","timestamp":1789390800000},
  "unreadCount": 2,
  "instanceId": "100000000000001",
  "windowExpiresAt": 1789477200000,
  "version": 7,
  "currentTicket": {"id":"12","status":"open","stage":{"id":"1","name":"Novo","color":"#3B82F6","position":1,"kind":"open"},"assigneeId":"1","dealValue":150000,"version":3}
})";

inline const char* kMessage = R"({
  "id": "wamid.TESTVEVTVHwwMS10ZXh0",
  "chatId": "12",
  "direction": "in",
  "type": "text",
  "text": "Olá! Boa tarde 😊",
  "timestamp": 1789390800000,
  "seq": 431,
  "status": "delivered",
  "clientId": null,
  "fromName": "Cliente Teste",
  "authorId": null,
  "media": null,
  "location": null,
  "contacts": null,
  "interactive": null,
  "order": null,
  "referral": null,
  "system": null,
  "replyTo": null,
  "reactions": [],
  "errors": [],
  "edited": false,
  "deleted": false
})";

inline const char* kTicket = R"({
  "id": "12",
  "chatId": "12",
  "instanceId": "100000000000001",
  "status": "open",
  "stage": {"id":"1","name":"Novo","color":"#3B82F6","position":1,"kind":"open"},
  "assignee": {"id":"1","name":"Ana Souza","email":"ana@demo.test","role":"agent"},
  "dealValue": 150000,
  "currency": "BRL",
  "windowExpiresAt": 1789477200000,
  "openedAt": 1789390800000,
  "closedAt": null,
  "closeReason": null,
  "version": 3,
  "tracking": {
    "sourceType": "ad",
    "utmSource": "facebook", "utmMedium": "cpc", "utmCampaign": "fibra-setembro",
    "gclid": null, "fbclid": "IwAR…", "ctwaclid": "AffTEST…",
    "adHeadline": "Fale com a gente no WhatsApp", "adSourceUrl": "https://example.com/ad", "adSourceId": "120200000000000001"
  }
})";

inline const char* kInstances = R"([{"id":"100000000000001","displayPhone":"+55 11 4000-0001","verifiedName":"Demo Vendas SP",
 "status":"connected","wabaId":"200000000000001","phoneNumberId":"100000000000001"},
 {"id":"100000000000002","displayPhone":"+55 21 3000-0002","verifiedName":"Demo Rio",
 "status":"disconnected","wabaId":"200000000000001","phoneNumberId":"100000000000002"}])";

inline const char* kStages = R"([{"id":"1","name":"Novo","color":"#3B82F6","position":1,"kind":"open"},
 {"id":"3","name":"Ganho","color":"#22C55E","position":3,"kind":"won"},
 {"id":"2","name":"Em Atendimento","color":"#F59E0B","position":2,"kind":"open"}])";

inline const char* kMembers = R"([{"id":"1","name":"Ana Souza","email":"ana@demo.test","role":"agent"},
 {"id":"2","name":"Bruno Lima","email":"bruno@demo.test","role":"admin"}])";

inline const char* kTemplates = R"([{"name":"retomar_contato","language":"pt_BR","category":"MARKETING","status":"APPROVED",
 "body":"Olá {{1}}! Podemos continuar o seu atendimento? Responda esta mensagem 😊","paramCount":1}])";

inline const char* kLogin = R"({"token":"tok-1","user":{"id":"1","name":"Ana Souza","email":"ana@demo.test","role":"agent"},"organizationId":"1","expiresAt":1789477200000})";

inline const char* kError = R"({"error":{"code":"window_closed","message":"A janela de 24 horas está fechada"}})";

}  // namespace inbox::test::samples
