// FontAwesome 4.7 icons used by the views (UTF-8 strings of their private-use code points).
// Only the code points listed in kIconCodepoints are rasterized into the font atlas: add new ones there.
#pragma once

#define ICON_SEARCH "\xef\x80\x82"          // U+F002
#define ICON_USER "\xef\x80\x87"            // U+F007
#define ICON_CHECK "\xef\x80\x8c"           // U+F00C
#define ICON_TIMES "\xef\x80\x8d"           // U+F00D
#define ICON_FILE "\xef\x80\x96"            // U+F016
#define ICON_CLOCK "\xef\x80\x97"           // U+F017
#define ICON_INBOX "\xef\x80\x9c"           // U+F01C
#define ICON_REFRESH "\xef\x80\xa1"         // U+F021
#define ICON_LOCK "\xef\x80\xa3"            // U+F023
#define ICON_TAG "\xef\x80\xab"             // U+F02B
#define ICON_LIST "\xef\x80\xba"            // U+F03A
#define ICON_VIDEO "\xef\x80\xbd"           // U+F03D
#define ICON_PICTURE "\xef\x80\xbe"         // U+F03E
#define ICON_MAP_MARKER "\xef\x81\x81"      // U+F041
#define ICON_CHEVRON_LEFT "\xef\x81\x93"    // U+F053
#define ICON_CHEVRON_RIGHT "\xef\x81\x94"   // U+F054
#define ICON_TIMES_CIRCLE "\xef\x81\x97"    // U+F057
#define ICON_CHECK_CIRCLE "\xef\x81\x98"    // U+F058
#define ICON_BAN "\xef\x81\x9e"             // U+F05E
#define ICON_EXCLAMATION_CIRCLE "\xef\x81\xaa"  // U+F06A
#define ICON_WARNING "\xef\x81\xb1"         // U+F071
#define ICON_SHOPPING_CART "\xef\x81\xba"   // U+F07A
#define ICON_CHEVRON_DOWN "\xef\x81\xb8"    // U+F078
#define ICON_BAR_CHART "\xef\x82\x80"       // U+F080
#define ICON_SIGN_OUT "\xef\x82\x8b"        // U+F08B
#define ICON_EXTERNAL_LINK "\xef\x82\x8e"   // U+F08E
#define ICON_TROPHY "\xef\x82\x91"          // U+F091
#define ICON_PHONE "\xef\x82\x95"           // U+F095
#define ICON_FACEBOOK "\xef\x82\x9a"        // U+F09A
#define ICON_USERS "\xef\x83\x80"           // U+F0C0
#define ICON_LINK "\xef\x83\x81"            // U+F0C1
#define ICON_COPY "\xef\x83\x85"            // U+F0C5
#define ICON_PAPERCLIP "\xef\x83\x86"       // U+F0C6
#define ICON_MONEY "\xef\x83\x96"           // U+F0D6
#define ICON_COLUMNS "\xef\x83\x9b"         // U+F0DB
#define ICON_BOLT "\xef\x83\xa7"            // U+F0E7
#define ICON_COMMENTS "\xef\x82\x86"        // U+F086
#define ICON_ANGLE_DOUBLE_DOWN "\xef\x84\x83"  // U+F103
#define ICON_REPLY "\xef\x84\x92"           // U+F112
#define ICON_SMILE "\xef\x84\x98"           // U+F118
#define ICON_MICROPHONE "\xef\x84\xb0"      // U+F130
#define ICON_THUMBS_DOWN "\xef\x85\xa5"     // U+F165
#define ICON_INSTAGRAM "\xef\x85\xad"       // U+F16D
#define ICON_SUN "\xef\x86\x85"             // U+F185
#define ICON_MOON "\xef\x86\x86"            // U+F186
#define ICON_GOOGLE "\xef\x86\xa0"          // U+F1A0
#define ICON_CUBE "\xef\x86\xb2"            // U+F1B2
#define ICON_PAPER_PLANE "\xef\x87\x98"     // U+F1D8
#define ICON_PLUG "\xef\x87\xa6"            // U+F1E6
#define ICON_WIFI "\xef\x87\xab"            // U+F1EB
#define ICON_WHATSAPP "\xef\x88\xb2"        // U+F232
#define ICON_STICKY_NOTE "\xef\x89\x89"     // U+F249
#define ICON_HOURGLASS "\xef\x89\x92"       // U+F252
#define ICON_HAND_POINTER "\xef\x89\x9a"    // U+F25A
#define ICON_ADDRESS_CARD "\xef\x8a\xbb"    // U+F2BB

namespace inbox::ui {

inline constexpr unsigned kIconCodepoints[] = {
    0xF002, 0xF007, 0xF00C, 0xF00D, 0xF016, 0xF017, 0xF01C, 0xF021, 0xF023, 0xF02B, 0xF03A, 0xF03D,
    0xF03E, 0xF041, 0xF053, 0xF054, 0xF057, 0xF058, 0xF05E, 0xF06A, 0xF071, 0xF07A, 0xF078, 0xF080,
    0xF08B, 0xF08E, 0xF091, 0xF095, 0xF09A, 0xF0C0, 0xF0C1, 0xF0C5, 0xF0C6, 0xF0D6, 0xF0DB, 0xF0E7,
    0xF086, 0xF103, 0xF112, 0xF118, 0xF130, 0xF165, 0xF16D, 0xF185, 0xF186, 0xF1A0, 0xF1B2, 0xF1D8,
    0xF1E6, 0xF1EB, 0xF232, 0xF249, 0xF252, 0xF25A, 0xF2BB,
};

}  // namespace inbox::ui
