// The views' user-visible text: names for keys of core's one strings table (pt-BR first, English
// second). A name converts to the text of the current language where it is used.
#pragma once

#include <string>

#include "core/strings.h"

namespace inbox::ui::str {

struct Text {
    const char* key;
    operator const char*() const { return core::tr(key); }  // NOLINT: implicit on purpose
    operator std::string() const { return core::tr(key); }  // NOLINT: for const std::string& parameters
    std::string str() const { return core::tr(key); }
};
inline std::string operator+(const std::string& a, Text b) { return a + static_cast<const char*>(b); }
inline std::string operator+(Text a, const std::string& b) { return static_cast<const char*>(a) + b; }

inline constexpr Text kAppName{"ui.app_name"};
inline constexpr Text kSearchHint{"ui.search_hint"};
inline constexpr Text kSearchLabel{"ui.search_label"};
inline constexpr Text kInstanceLabel{"ui.instance_label"};
inline constexpr Text kThemeDark{"ui.theme_dark"};
inline constexpr Text kThemeLight{"ui.theme_light"};
inline constexpr Text kSignOut{"ui.sign_out"};
inline constexpr Text kToggleTicket{"ui.toggle_ticket"};
inline constexpr Text kNoChats{"ui.no_chats"};
inline constexpr Text kNoChatsSearch{"ui.no_chats_search"};
inline constexpr Text kLoadingChats{"ui.loading_chats"};
inline constexpr Text kLoadMore{"ui.load_more"};
inline constexpr Text kRetry{"ui.retry"};
inline constexpr Text kPickChat{"ui.pick_chat"};
inline constexpr Text kLoadingMessages{"ui.loading_messages"};
inline constexpr Text kLoadingOlder{"ui.loading_older"};
inline constexpr Text kNoMessages{"ui.no_messages"};
inline constexpr Text kComposerHint{"ui.composer_hint"};
inline constexpr Text kComposerLabel{"ui.composer_label"};
inline constexpr Text kSend{"ui.send"};
inline constexpr Text kChooseTemplate{"ui.choose_template"};
inline constexpr Text kTemplates{"ui.templates"};
inline constexpr Text kNoTemplates{"ui.no_templates"};
inline constexpr Text kTemplateParam{"ui.template_param"};
inline constexpr Text kSendTemplate{"ui.send_template"};
inline constexpr Text kCancel{"ui.cancel"};
inline constexpr Text kCopyText{"ui.copy_text"};
inline constexpr Text kOpen{"ui.open"};
inline constexpr Text kDiscard{"ui.discard"};
inline constexpr Text kEdited{"ui.edited"};
inline constexpr Text kDeletedMessage{"ui.deleted_message"};
inline constexpr Text kUnsupported{"ui.unsupported"};
inline constexpr Text kBrokenMessage{"ui.broken_message"};
inline constexpr Text kReplyTo{"ui.reply_to"};
inline constexpr Text kLocation{"ui.location"};
inline constexpr Text kContacts{"ui.contacts"};
inline constexpr Text kOrder{"ui.order"};
inline constexpr Text kItems{"ui.items"};
inline constexpr Text kTicket{"ui.ticket"};
inline constexpr Text kNoTicketSelected{"ui.no_ticket_selected"};
inline constexpr Text kLoadingTicket{"ui.loading_ticket"};
inline constexpr Text kNoTicket{"ui.no_ticket"};
inline constexpr Text kStage{"ui.stage"};
inline constexpr Text kAssignee{"ui.assignee"};
inline constexpr Text kDealValue{"ui.deal_value"};
inline constexpr Text kDealHint{"ui.deal_hint"};
inline constexpr Text kDealInvalid{"ui.deal_invalid"};
inline constexpr Text kWindow{"ui.window"};
inline constexpr Text kTracking{"ui.tracking"};
inline constexpr Text kAdHeadline{"ui.ad_headline"};
inline constexpr Text kAdLink{"ui.ad_link"};
inline constexpr Text kNoTracking{"ui.no_tracking"};
inline constexpr Text kActions{"ui.actions"};
inline constexpr Text kConfirmCloseWon{"ui.confirm_close_won"};
inline constexpr Text kConfirmCloseLost{"ui.confirm_close_lost"};
inline constexpr Text kCloseReason{"ui.close_reason"};
inline constexpr Text kConfirm{"ui.confirm"};
inline constexpr Text kTicketClosed{"ui.ticket_closed"};
inline constexpr Text kSignInTitle{"ui.sign_in_title"};
inline constexpr Text kEmail{"ui.email"};
inline constexpr Text kPassword{"ui.password"};
inline constexpr Text kSignIn{"ui.sign_in"};
inline constexpr Text kSigningIn{"ui.signing_in"};
inline constexpr Text kConversations{"ui.conversations"};
inline constexpr Text kUnreadOne{"ui.unread_one"};
inline constexpr Text kUnreadMany{"ui.unread_many"};
inline constexpr Text kBackToConversations{"ui.back_to_conversations"};
inline constexpr Text kBackToMessages{"ui.back_to_messages"};
inline constexpr Text kResizeConversations{"ui.resize_conversations"};
inline constexpr Text kResizeTicket{"ui.resize_ticket"};

}  // namespace inbox::ui::str
