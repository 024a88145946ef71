"""Turning the bytes of a part or a header into text when the declared charset may be wrong.

Real mail mislabels often: UTF-8 sent as iso-8859-1, windows-1252 sent as iso-8859-1 or us-ascii,
Microsoft and Chinese aliases Python does not know. The rules follow what browsers do (WHATWG):
latin-1 and ascii labels mean windows-1252, and bytes that are valid multi-byte UTF-8 are UTF-8.
"""

from __future__ import annotations

import codecs
import re

# Labels Python lacks or maps to a narrower table than the one senders actually use.
_ALIASES = {
    "ks_c_5601-1987": "cp949",
    "ks_c_5601": "cp949",
    "euc-kr": "cp949",
    "gb2312": "gb18030",
    "gbk": "gb18030",
    "x-gbk": "gb18030",
    "big5": "big5hkscs",
    "x-sjis": "shift_jis",
    "sjis": "shift_jis",
    "shift-jis": "shift_jis",
    "windows-31j": "cp932",
    "iso-2022-jp": "iso2022_jp_ext",
    "unicode-1-1-utf-7": "utf-7",
    "x-unknown": "utf-8",
    "unknown-8bit": "utf-8",
    "default": "utf-8",
    "x-user-defined": "windows-1252",
    "ansi_x3.4-1968": "windows-1252",
    "us-ascii": "windows-1252",
    "ascii": "windows-1252",
    "iso-8859-1": "windows-1252",
    "iso8859-1": "windows-1252",
    "latin1": "windows-1252",
    "latin-1": "windows-1252",
    "l1": "windows-1252",
    # Thai: WHATWG reads all of these as windows-874, the superset Windows and Outlook write.
    "windows-874": "cp874",
    "dos-874": "cp874",
    "tis-620": "cp874",
    "iso-8859-11": "cp874",
    # Hebrew and Arabic "logical"/"explicit" order variants have the same bytes as their base.
    "iso-8859-8-i": "iso8859_8",
    "iso-8859-8-e": "iso8859_8",
    "iso-8859-6-i": "iso8859_6",
    "iso-8859-6-e": "iso8859_6",
    "logical": "iso8859_8",
    "visual": "iso8859_8",
    "x-euc-jp": "euc_jp",
    "x-euc": "euc_jp",
    "cn-gb": "gb18030",
    "gb_2312-80": "gb18030",
    "x-mac-cyrillic": "mac_cyrillic",
    "x-mac-roman": "mac_roman",
    "x-mac-greek": "mac_greek",
    "x-mac-turkish": "mac_turkish",
    "x-mac-ce": "mac_latin2",
    "koi8-ru": "koi8_u",
}
# "win-1251", "cp-1250", "x-cp1252", "windows1256", "ms-874": Microsoft code pages under the
# spellings mailers invent; the number is what matters.
_CODE_PAGE = re.compile(r"(?:x-)?(?:windows|win|cp|ms|ibm)[-_]?(\d{3,4})")
_SINGLE_BYTE_LEGACY = {"windows-1252", "iso-8859-15", "iso-8859-2", "windows-1250", "iso-8859-9"}


def _codec(label: str | None) -> str | None:
    if not label:
        return None
    label = label.strip().strip('"').lower()
    label = _ALIASES.get(label, label)
    page = _CODE_PAGE.fullmatch(label)
    if page:
        label = _ALIASES.get(f"windows-{page.group(1)}", f"cp{page.group(1)}")
    try:
        return codecs.lookup(label).name
    except (LookupError, ValueError):  # ValueError: a label with a NUL byte ("\x00SO-8859-1")
        return None


def decode_bytes(data: bytes, declared: str | None) -> tuple[str, str | None]:
    """Text, and a defect note when the declared charset was missing, unknown or wrong."""
    codec = _codec(declared)
    # ISO-2022 and UTF-7 are 7-bit encodings: ASCII bytes are not ASCII text for them.
    if data.isascii() and not (codec and codec.startswith(("iso2022", "utf_7"))) and b"\x1b$" not in data:
        return data.decode("ascii"), None
    if codec is None and b"\x1b$" in data:
        codec = "iso2022_jp_ext"
    if codec is None or codec == "ascii":
        note = None if not declared else f"unknown charset {declared!r}"
        return _guess(data), note
    if codec in _SINGLE_BYTE_LEGACY or codec == "cp1252":
        # A legacy label on bytes that form valid multi-byte UTF-8 is a mislabel: genuine latin-1
        # text almost never decodes as UTF-8.
        try:
            return data.decode("utf-8"), f"declared {declared!r}, was utf-8"
        except UnicodeDecodeError:
            pass
    try:
        return data.decode(codec), None
    except UnicodeDecodeError:
        return _guess(data), f"bytes are not valid {declared!r}"


def _guess(data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        # windows-1252 leaves five byte values undefined; replace those rather than fail.
        return data.decode("windows-1252", errors="replace")


def repair_surrogates(text: str, declared: str | None = None) -> str:
    """Headers with raw 8-bit bytes arrive from the stdlib parser as surrogate escapes. They are read
    as UTF-8 when they are valid UTF-8, else in the ``declared`` charset (the message's, as mail
    clients read them), else as windows-1252."""
    if text.isascii() or not any("\udc80" <= ch <= "\udcff" for ch in text):
        return text
    data = text.encode("utf-8", errors="surrogateescape")
    if declared:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return decode_bytes(data, declared)[0]
    return _guess(data)
