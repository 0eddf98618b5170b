// User-visible text the views need that core's strings table (core/strings.h) does not have yet,
// pt-BR. Kept in this one place so the integrator can move them into the table as keys.
#pragma once

namespace inbox::ui::str {

inline constexpr const char* kAppName = "WhaTrack Inbox";
inline constexpr const char* kSearchHint = "Buscar conversas…";
inline constexpr const char* kSearchLabel = "Buscar conversas";
inline constexpr const char* kInstanceLabel = "Instância";
inline constexpr const char* kThemeDark = "Tema escuro";
inline constexpr const char* kThemeLight = "Tema claro";
inline constexpr const char* kSignOut = "Sair";
inline constexpr const char* kToggleTicket = "Mostrar/ocultar ticket";
inline constexpr const char* kNoChats = "Nenhuma conversa";
inline constexpr const char* kNoChatsSearch = "Nenhuma conversa encontrada";
inline constexpr const char* kLoadingChats = "Carregando conversas…";
inline constexpr const char* kLoadMore = "Carregar mais";
inline constexpr const char* kRetry = "Tentar de novo";
inline constexpr const char* kPickChat = "Selecione uma conversa para começar";
inline constexpr const char* kLoadingMessages = "Carregando mensagens…";
inline constexpr const char* kLoadingOlder = "Carregando mensagens anteriores…";
inline constexpr const char* kNoMessages = "Nenhuma mensagem ainda";
inline constexpr const char* kComposerHint = "Digite uma mensagem";
inline constexpr const char* kComposerLabel = "Mensagem";
inline constexpr const char* kSend = "Enviar";
inline constexpr const char* kChooseTemplate = "Escolher template";
inline constexpr const char* kTemplates = "Templates aprovados";
inline constexpr const char* kNoTemplates = "Nenhum template aprovado";
inline constexpr const char* kTemplateParam = "Parâmetro {0}";
inline constexpr const char* kSendTemplate = "Enviar template";
inline constexpr const char* kCancel = "Cancelar";
inline constexpr const char* kCopyText = "Copiar texto";
inline constexpr const char* kOpen = "Abrir";
inline constexpr const char* kDiscard = "Descartar";
inline constexpr const char* kEdited = "editada";
inline constexpr const char* kDeletedMessage = "Mensagem apagada";
inline constexpr const char* kUnsupported = "Tipo de mensagem não suportado";
inline constexpr const char* kBrokenMessage = "Mensagem ilegível";
inline constexpr const char* kReplyTo = "Resposta";
inline constexpr const char* kLocation = "Localização";
inline constexpr const char* kContacts = "Contato";
inline constexpr const char* kOrder = "Pedido";
inline constexpr const char* kItems = "{0} itens";

inline constexpr const char* kTicket = "Ticket";
inline constexpr const char* kNoTicketSelected = "Nenhuma conversa aberta";
inline constexpr const char* kLoadingTicket = "Carregando ticket…";
inline constexpr const char* kNoTicket = "Esta conversa não tem ticket";
inline constexpr const char* kStage = "Etapa";
inline constexpr const char* kAssignee = "Responsável";
inline constexpr const char* kDealValue = "Valor do negócio";
inline constexpr const char* kDealHint = "R$ 0,00";
inline constexpr const char* kDealInvalid = "Valor inválido — use, por exemplo, 1.500,00";
inline constexpr const char* kWindow = "Janela de 24 h";
inline constexpr const char* kTracking = "Origem";
inline constexpr const char* kAdHeadline = "Anúncio";
inline constexpr const char* kAdLink = "Link do anúncio";
inline constexpr const char* kNoTracking = "Sem dados de origem";
inline constexpr const char* kActions = "Ações";
inline constexpr const char* kConfirmCloseWon = "Fechar este ticket como Ganho?";
inline constexpr const char* kConfirmCloseLost = "Fechar este ticket como Perdido?";
inline constexpr const char* kCloseReason = "Motivo (opcional)";
inline constexpr const char* kConfirm = "Confirmar";
inline constexpr const char* kTicketClosed = "Ticket fechado";

inline constexpr const char* kSignInTitle = "Entrar no WhaTrack Inbox";
inline constexpr const char* kEmail = "E-mail";
inline constexpr const char* kPassword = "Senha";
inline constexpr const char* kSignIn = "Entrar";
inline constexpr const char* kSigningIn = "Entrando…";

}  // namespace inbox::ui::str
