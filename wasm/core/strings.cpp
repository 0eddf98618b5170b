#include "core/strings.h"

#include <cstring>
#include <unordered_map>

namespace inbox::core {

namespace {

struct Entry {
    const char* key;
    const char* ptBr;
    const char* en;
};

// Keep sorted by area. Every entry needs both languages (checked by a unit test).
const Entry kStrings[] = {
    // Time
    {"time.yesterday", "ontem", "yesterday"},
    {"time.today", "Hoje", "Today"},
    {"time.yesterday_title", "Ontem", "Yesterday"},
    {"weekday.0", "dom", "Sun"},
    {"weekday.1", "seg", "Mon"},
    {"weekday.2", "ter", "Tue"},
    {"weekday.3", "qua", "Wed"},
    {"weekday.4", "qui", "Thu"},
    {"weekday.5", "sex", "Fri"},
    {"weekday.6", "sáb", "Sat"},
    // 24-hour window
    {"window.open_hours", "Aberta · expira em {0}h {1}min", "Open · expires in {0}h {1}min"},
    {"window.open_minutes", "Aberta · expira em {0}min", "Open · expires in {0}min"},
    {"window.expired", "Expirada · envie um template", "Expired · send a template"},
    {"window.unknown", "Sem mensagens do cliente · envie um template", "No customer message · send a template"},
    // Previews by message type
    {"preview.image", "📷 Foto", "📷 Photo"},
    {"preview.video", "🎥 Vídeo", "🎥 Video"},
    {"preview.audio", "🎤 Áudio", "🎤 Audio"},
    {"preview.voice", "🎤 Mensagem de voz", "🎤 Voice message"},
    {"preview.document", "📄 Documento", "📄 Document"},
    {"preview.sticker", "💟 Figurinha", "💟 Sticker"},
    {"preview.location", "📍 Localização", "📍 Location"},
    {"preview.contacts", "👤 Contato", "👤 Contact"},
    {"preview.order", "🛒 Pedido", "🛒 Order"},
    {"preview.template", "📋 Template", "📋 Template"},
    {"preview.unsupported", "⚠️ Mensagem não suportada", "⚠️ Unsupported message"},
    {"preview.deleted", "🚫 Mensagem apagada", "🚫 Message deleted"},
    {"preview.broken", "⚠️ Mensagem ilegível", "⚠️ Unreadable message"},
    {"preview.empty", "Sem mensagens", "No messages"},
    {"preview.system", "ℹ️ {0}", "ℹ️ {0}"},
    // Card titles in a bubble (the card draws its own icon, so no emoji here)
    {"card.image", "Foto", "Photo"},
    {"card.video", "Vídeo", "Video"},
    {"card.audio", "Áudio", "Audio"},
    {"card.voice", "Mensagem de voz", "Voice message"},
    {"card.document", "Documento", "Document"},
    {"card.sticker", "Figurinha", "Sticker"},
    {"card.template", "Template", "Template"},
    // Views (ui/strings.h names them)
    {"ui.app_name", "WhaTrack Inbox", "WhaTrack Inbox"},
    {"ui.search_hint", "Buscar conversas…", "Search conversations…"},
    {"ui.search_label", "Buscar conversas", "Search conversations"},
    {"ui.instance_label", "Instância", "Instance"},
    {"ui.theme_dark", "Tema escuro", "Dark theme"},
    {"ui.theme_light", "Tema claro", "Light theme"},
    {"ui.sign_out", "Sair", "Sign out"},
    {"ui.toggle_ticket", "Mostrar/ocultar ticket", "Show/hide ticket"},
    {"ui.no_chats", "Nenhuma conversa", "No conversations"},
    {"ui.no_chats_search", "Nenhuma conversa encontrada", "No conversation found"},
    {"ui.loading_chats", "Carregando conversas…", "Loading conversations…"},
    {"ui.load_more", "Carregar mais", "Load more"},
    {"ui.retry", "Tentar de novo", "Try again"},
    {"ui.pick_chat", "Selecione uma conversa para começar", "Pick a conversation to start"},
    {"ui.loading_messages", "Carregando mensagens…", "Loading messages…"},
    {"ui.loading_older", "Carregando mensagens anteriores…", "Loading earlier messages…"},
    {"ui.no_messages", "Nenhuma mensagem ainda", "No messages yet"},
    {"ui.composer_hint", "Digite uma mensagem", "Type a message"},
    {"ui.composer_label", "Mensagem", "Message"},
    {"ui.send", "Enviar", "Send"},
    {"ui.choose_template", "Escolher template", "Choose a template"},
    {"ui.templates", "Templates aprovados", "Approved templates"},
    {"ui.no_templates", "Nenhum template aprovado", "No approved template"},
    {"ui.template_param", "Parâmetro {0}", "Parameter {0}"},
    {"ui.send_template", "Enviar template", "Send template"},
    {"ui.cancel", "Cancelar", "Cancel"},
    {"ui.copy_text", "Copiar texto", "Copy text"},
    {"ui.open", "Abrir", "Open"},
    {"ui.discard", "Descartar", "Discard"},
    {"ui.edited", "editada", "edited"},
    {"ui.deleted_message", "Mensagem apagada", "Message deleted"},
    {"ui.unsupported", "Tipo de mensagem não suportado", "Unsupported message type"},
    {"ui.broken_message", "Mensagem ilegível", "Unreadable message"},
    {"ui.reply_to", "Resposta", "Reply"},
    {"ui.location", "Localização", "Location"},
    {"ui.contacts", "Contato", "Contact"},
    {"ui.order", "Pedido", "Order"},
    {"ui.items", "{0} itens", "{0} items"},
    {"ui.ticket", "Ticket", "Ticket"},
    {"ui.no_ticket_selected", "Nenhuma conversa aberta", "No conversation open"},
    {"ui.loading_ticket", "Carregando ticket…", "Loading ticket…"},
    {"ui.no_ticket", "Esta conversa não tem ticket", "This conversation has no ticket"},
    {"ui.stage", "Etapa", "Stage"},
    {"ui.assignee", "Responsável", "Assignee"},
    {"ui.deal_value", "Valor do negócio", "Deal value"},
    {"ui.deal_hint", "R$ 0,00", "R$ 0,00"},
    {"ui.deal_invalid", "Valor inválido — use, por exemplo, 1.500,00", "Invalid value — use, for example, 1.500,00"},
    {"ui.window", "Janela de 24 h", "24-hour window"},
    {"ui.tracking", "Origem", "Source"},
    {"ui.ad_headline", "Anúncio", "Ad"},
    {"ui.ad_link", "Link do anúncio", "Ad link"},
    {"ui.no_tracking", "Sem dados de origem", "No source data"},
    {"ui.actions", "Ações", "Actions"},
    {"ui.confirm_close_won", "Fechar este ticket como Ganho?", "Close this ticket as Won?"},
    {"ui.confirm_close_lost", "Fechar este ticket como Perdido?", "Close this ticket as Lost?"},
    {"ui.close_reason", "Motivo (opcional)", "Reason (optional)"},
    {"ui.confirm", "Confirmar", "Confirm"},
    {"ui.ticket_closed", "Ticket fechado", "Ticket closed"},
    {"ui.sign_in_title", "Entrar no WhaTrack Inbox", "Sign in to WhaTrack Inbox"},
    {"ui.email", "E-mail", "E-mail"},
    {"ui.password", "Senha", "Password"},
    {"ui.sign_in", "Entrar", "Sign in"},
    {"ui.signing_in", "Entrando…", "Signing in…"},
    {"ui.conversations", "Conversas", "Conversations"},
    {"ui.unread_one", "1 não lida", "1 unread"},
    {"ui.unread_many", "{0} não lidas", "{0} unread"},
    {"ui.back_to_conversations", "Conversas", "Conversations"},
    {"ui.back_to_messages", "Mensagens", "Messages"},
    {"ui.resize_conversations", "Redimensionar conversas", "Resize conversations"},
    {"ui.resize_ticket", "Redimensionar ticket", "Resize ticket"},
    // Chat list / instances
    {"instances.all", "Todas as instâncias", "All instances"},
    {"instance.connected", "Conectada", "Connected"},
    {"instance.disconnected", "Desconectada", "Disconnected"},
    {"chat.unknown_name", "Contato sem nome", "Unnamed contact"},
    {"chat.broken", "Conversa ilegível", "Unreadable conversation"},
    {"chat.new_messages", "{0} novas mensagens", "{0} new messages"},
    {"chat.new_message", "1 nova mensagem", "1 new message"},
    // Connection banner
    {"connection.connecting", "Conectando…", "Connecting…"},
    {"connection.connected", "Conectado", "Connected"},
    {"connection.degraded", "Tempo real indisponível · atualizando a cada poucos segundos",
     "Real time unavailable · refreshing every few seconds"},
    {"connection.disconnected", "Sem conexão com o servidor", "No connection to the server"},
    // Inside a host page (iframe): the host signs the agent in, never a form in the frame
    {"embed.waiting", "Aguardando o acesso enviado pelo painel…", "Waiting for the dashboard to sign you in…"},
    {"embed.auth_expired", "Sessão expirada · aguardando o painel renovar o acesso (seu rascunho está guardado)",
     "Session expired · waiting for the dashboard to renew it (your draft is kept)"},
    // Sending
    {"send.failed", "Não enviada", "Not sent"},
    {"send.window_closed", "Janela de 24 h fechada · envie um template", "24-hour window closed · send a template"},
    {"send.network", "Sem conexão · toque para tentar de novo", "No connection · tap to retry"},
    {"send.too_long", "Mensagem longa demais: {0} de no máximo {1} caracteres", "Message too long: {0} of at most {1} characters"},
    {"send.rejected", "O servidor recusou a mensagem", "The server refused the message"},
    // Ticket edits
    {"ticket.error.save", "Não foi possível salvar: {0}", "Could not save: {0}"},
    {"ticket.error.conflict", "O ticket já foi fechado", "The ticket is already closed"},
    {"ticket.error.network", "Sem conexão com o servidor", "No connection to the server"},
    {"ticket.status.open", "Aberto", "Open"},
    {"ticket.status.won", "Ganho", "Won"},
    {"ticket.status.lost", "Perdido", "Lost"},
    {"ticket.close_won", "Fechar como Ganho", "Close as Won"},
    {"ticket.close_lost", "Fechar como Perdido", "Close as Lost"},
    {"ticket.unassigned", "Sem responsável", "Unassigned"},
    // Errors
    {"error.load", "Falha ao carregar", "Failed to load"},
    {"error.session_expired", "Sessão expirada · entre novamente", "Session expired · sign in again"},
    {"error.rate_limited", "Muitas tentativas · aguarde um pouco e tente de novo", "Too many attempts · wait a little and try again"},
    {"error.rate_limited_wait", "Muitas tentativas · tente de novo em {0} s", "Too many attempts · try again in {0} s"},
    {"error.server", "O servidor está com problemas · tente de novo em instantes", "The server is having trouble · try again shortly"},
    {"error.invalid_credentials", "E-mail ou senha incorretos", "Wrong e-mail or password"},
};

Language g_language = Language::PtBr;

const std::unordered_map<std::string, const Entry*>& index() {
    static const std::unordered_map<std::string, const Entry*> map = [] {
        std::unordered_map<std::string, const Entry*> m;
        for (const Entry& e : kStrings) m.emplace(e.key, &e);
        return m;
    }();
    return map;
}

}  // namespace

void setLanguage(Language lang) { g_language = lang; }
Language language() { return g_language; }

const char* tr(const char* key, Language lang) {
    if (!key) return "";
    const auto& map = index();
    auto it = map.find(key);
    if (it == map.end()) return key;
    const char* text = lang == Language::En ? it->second->en : it->second->ptBr;
    return (text && *text) ? text : it->second->ptBr;
}

const char* tr(const char* key) { return tr(key, g_language); }

bool hasString(const char* key) { return key && index().count(key) > 0; }

std::vector<std::string> allStringKeys() {
    std::vector<std::string> keys;
    for (const Entry& e : kStrings) keys.emplace_back(e.key);
    return keys;
}

std::string formatText(const char* pattern, const std::vector<std::string>& args) {
    std::string out;
    const size_t n = std::strlen(pattern);
    for (size_t i = 0; i < n; ++i) {
        if (pattern[i] == '{' && i + 2 < n && pattern[i + 2] == '}' && pattern[i + 1] >= '0' && pattern[i + 1] <= '9') {
            const size_t idx = static_cast<size_t>(pattern[i + 1] - '0');
            if (idx < args.size()) out += args[idx];
            i += 2;
        } else {
            out += pattern[i];
        }
    }
    return out;
}

Language languageFromTag(const std::string& tag) {
    const bool english = tag.size() >= 2 && (tag[0] == 'e' || tag[0] == 'E') && (tag[1] == 'n' || tag[1] == 'N') &&
                         (tag.size() == 2 || tag[2] == '-' || tag[2] == '_');
    return english ? Language::En : Language::PtBr;
}

}  // namespace inbox::core
