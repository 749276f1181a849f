/* ICU "stub data" for the Linux bundle: a valid ICU common-data table of contents with no entries,
 * the same thing ICU's own `stubdata` library provides (icu4c/source/stubdata/stubdata.cpp).
 *
 * Qt links ICU; the full libicudata is 31 MB of collation, break-iteration and conversion tables
 * that hubdesk does not use: lists are sorted by the database, dates and numbers are formatted with
 * Babel, text is UTF-8 only, time zones come from the system's tz files. With this stub Qt's ICU
 * calls find no data and Qt falls back to its own code (QCollator compares by code point, which
 * for Hangul syllables is dictionary order). The spec compiles it with the symbol name of the ICU
 * major version Qt was built against (ICU_MAJOR).
 */
#include <stdint.h>

#ifndef ICU_MAJOR
#error "compile with -DICU_MAJOR=<the ICU major version>"
#endif
#define CAT2(a, b, c) a##b##c
#define CAT(a, b, c) CAT2(a, b, c)
#define ENTRY_POINT CAT(icudt, ICU_MAJOR, _dat)

typedef struct {
    uint16_t headerSize;
    uint8_t magic1, magic2;
    struct {
        uint16_t size, reservedWord;
        uint8_t isBigEndian, charsetFamily, sizeofUChar, reservedByte;
        uint8_t dataFormat[4], formatVersion[4], dataVersion[4];
    } info;
    char padding[8];
    uint32_t count, reserved;
    struct { uint32_t nameOffset, dataOffset; } toc[1];
} ICU_Data_Header;

__attribute__((visibility("default"))) const ICU_Data_Header ENTRY_POINT = {
    32, 0xda, 0x27,
    {20, 0, 0, 0, 2, 0, {0x54, 0x6f, 0x43, 0x50} /* "ToCP" */, {1, 0, 0, 0}, {0, 0, 0, 0}},
    {0, 0, 0, 0, 0, 0, 0, 0},
    0, 0,
    {{0, 0}},
};
