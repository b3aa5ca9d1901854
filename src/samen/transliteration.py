"""Names across scripts and spellings: Cyrillic and Arabic to Latin, transliteration variants folded.

Shared by record linkage (`samen.linkage.normalise`), which compares names organisations wrote down
differently, and de-identification (`samen.intake.deidentify`), which recognises a first name
written in Cyrillic or in another spelling. Plain functions on text; no app, no database.
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["fold_variants", "normalise_text", "to_latin"]

# Ukrainian national transliteration (2010), the scheme of Ukrainian passports.
_UKRAINIAN = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie",
    "ж": "zh", "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l",
    "м": "m", "н": "n", "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u",
    "ф": "f", "х": "kh", "ц": "ts", "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu",
    "я": "ia", "'": "", "’": "",
}  # fmt: skip
# Russian passport transliteration (ICAO 9303 based), also used for Belarusian text.
_RUSSIAN = {
    "а": "a", "б": "b", "в": "v", "г": "g", "д": "d", "е": "e", "ё": "e", "ж": "zh",
    "з": "z", "и": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n", "о": "o",
    "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ъ": "ie", "ы": "y", "ь": "", "э": "e", "ю": "iu",
    "я": "ia", "ў": "u", "і": "i",
}  # fmt: skip
# Bulgarian streamlined system (2009): differs from Russian in a few letters.
_BULGARIAN_OVERRIDES = {"щ": "sht", "ъ": "a", "ю": "yu", "я": "ya", "ж": "zh", "х": "h"}
_UKRAINIAN_ONLY = set("ґєії")
_BULGARIAN_HINT = set("ъ")  # Russian rarely uses the hard sign inside names, Bulgarian often.

# Arabic: consonantal transliteration. Short vowels are not written in Arabic
# script, so this yields a skeleton such as "mhmd"; see the threat model notes on
# cross-script matching in ``samen.linkage``.
_ARABIC = {
    "ا": "a", "أ": "a", "إ": "i", "آ": "a", "ٱ": "a", "ب": "b", "ت": "t", "ث": "th",
    "ج": "j", "ح": "h", "خ": "kh", "د": "d", "ذ": "dh", "ر": "r", "ز": "z", "س": "s",
    "ش": "sh", "ص": "s", "ض": "d", "ط": "t", "ظ": "z", "ع": "", "غ": "gh", "ف": "f",
    "ق": "q", "ك": "k", "ل": "l", "م": "m", "ن": "n", "ه": "h", "و": "u", "ي": "i",
    "ى": "a", "ة": "a", "ء": "", "ئ": "", "ؤ": "", "پ": "p", "چ": "ch", "ژ": "zh",
    "گ": "g", "ک": "k", "ی": "i", "ـ": "",
}  # fmt: skip
_ARABIC_MARKS = re.compile("[\u064b-\u065f\u0670]")

# Applied left to right on lowercase ASCII. Each rule maps spellings that
# transliteration schemes (Dutch, English, German, French) use for one sound to a
# single form, e.g. Dutch "Sjevtsjenko", English "Shevchenko", German "Schewtschenko".
_VARIANT_RULES: tuple[tuple[str, str], ...] = (
    ("shtsch", "shch"),
    ("sjtsj", "shch"),
    ("tsch", "ch"),
    ("tsj", "ch"),
    ("tch", "ch"),
    ("sch", "sh"),
    ("sj", "sh"),
    ("zj", "zh"),
    ("dzh", "j"),
    ("dj", "j"),
    ("kh", "h"),
    ("ck", "k"),
    ("ph", "f"),
    ("th", "t"),
    ("oe", "u"),
    ("ou", "u"),
    ("ij", "y"),
    ("j", "y"),
    ("w", "v"),
    ("x", "ks"),
    ("q", "k"),
    ("ie", "i"),
    ("y", "i"),
)
_REPEATS = re.compile(r"(.)\1+")
_NON_ALNUM = re.compile(r"[^0-9a-z]+")


def to_latin(text: str) -> str:
    """Transliterate Cyrillic and Arabic script to Latin, leave other text as is."""
    if not text:
        return ""
    lower = text.lower()
    if not any("\u0400" <= ch <= "\u06ff" or "\u0750" <= ch <= "\u077f" for ch in lower):
        return text
    lower = _ARABIC_MARKS.sub("", lower)
    letters = set(lower)
    if letters & _UKRAINIAN_ONLY:
        table = _UKRAINIAN
    elif letters & _BULGARIAN_HINT:
        table = {**_RUSSIAN, **_BULGARIAN_OVERRIDES}
    else:
        table = _RUSSIAN
    out = []
    for ch in lower:
        if ch in _ARABIC:
            out.append(_ARABIC[ch])
        else:
            out.append(table.get(ch, ch))
    return "".join(out)


def normalise_text(text: str | None) -> str:
    """Latin script, no diacritics, case-folded, punctuation turned into single spaces."""
    if not text:
        return ""
    text = to_latin(str(text))
    # Letters that NFKD does not decompose into base letter + mark.
    text = text.replace("ß", "ss").replace("ø", "o").replace("Ø", "o").replace("ł", "l").replace("Ł", "l")
    text = text.replace("æ", "ae").replace("Æ", "ae").replace("œ", "oe").replace("Œ", "oe")
    text = text.replace("đ", "d").replace("Đ", "d").replace("ı", "i")
    decomposed = unicodedata.normalize("NFKD", text)
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _NON_ALNUM.sub(" ", stripped.casefold()).strip()


def fold_variants(word: str) -> str:
    """Fold transliteration variants of one lowercase ASCII word to a single spelling."""
    for source, target in _VARIANT_RULES:
        if source in word:
            word = word.replace(source, target)
    return _REPEATS.sub(r"\1", word)
