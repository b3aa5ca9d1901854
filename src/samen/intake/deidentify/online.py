"""Where a person is found online: accounts on platforms and links."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samen.intake.deidentify.spans import Span, value_key

# An account on a platform: "@sweet.mariya30", or "wechat id wxid_fatima26" / "Instagram-account
# jr_on_the_grind" / "snapchat name souf_1020" after the platform's name.
HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?")
HANDLE_CUED = re.compile(
    r"(?i)(?<!\w)(?:snapchat|snap|instagram|insta|tiktok|telegram|whatsapp|wechat|facebook|onlyfans|twitter|viber|kik|"
    # Arabic "the account (of him)", in Moroccan and Egyptian too: "الحساب ديالو", "حسابها".
    r"(?:ال)?حساب(?:ه|ها|و)?(?:\s++(?:ديالو|ديالها|ديالي|بتاعه|بتاعها|بتاعي))?(?:\s++(?:هو|هي))?)"
    # Possessive (*+): the runs of spaces between the parts must not be split every way there is
    # before the pattern fails; with "\s*" a cue and 40,000 spaces took 44 s.
    r"(?:[\s-]*+(?:id|naam|name|gebruikersnaam|username|account|profiel|profile|handle|nick|heeft))?"
    r"\s*+(?:is|:|=)?\s*+['‘\"“]?"
    # A letter somewhere: "ik snap 10 dingen" or "Telegram heeft 12 groepen" holds no handle.
    r"(?P<handle>(?=[\w.]*[^\W\d_])@?[\w.]*[\d_.][\w.]*\w)"
)
# A user name with an underscore between letters or digits ("sugardaddy_ams", "jr_on_the_grind"):
# prose has none, an account name often does. At most 40 characters, as on the platforms.
_TOKEN = re.compile(r"(?<![\w@.])[A-Za-z0-9][\w.]{1,39}(?<![._])(?![\w@])")
# A quoted word with a digit, dot or underscore in it, shortly after a platform's name:
# "op TikTok wordt ze benaderd door 'jessyyy.nl'". Quotes alone are not enough ('v1.2').
_QUOTED_TOKEN = re.compile(r"['‘\"“](?P<handle>[\w.]{2,40})['’\"”]")
_PLATFORM = re.compile(
    r"(?i)(?<!\w)(?:snapchat|snap|instagram|insta|tiktok|telegram|whatsapp|wechat|facebook|onlyfans|twitter|viber|kik|"
    r"discord)(?!\w)"
)
_PLATFORM_REACH = 80  # characters between the platform's name and the quoted account


def _is_handle(word: str) -> bool:
    """Three letters, and a digit, dot or underscore inside: "jessyyy.nl", "kim_010"; not "Tomek", "v1.2"."""
    return sum(ch.isalpha() for ch in word) >= 3 and any(ch.isdigit() or ch in "._" for ch in word.strip("._"))


def handle_spans(text: str) -> Iterator[Span]:
    if "_" in text:
        for match in _TOKEN.finditer(text):
            if "_" in match.group() and any(ch.isalpha() for ch in match.group()):
                yield Span(match.start(), match.end(), "ACCOUNT", value_key(match.group()))
    for match in _QUOTED_TOKEN.finditer(text):
        handle = match.group("handle")
        if _is_handle(handle) and _PLATFORM.search(text, max(0, match.start() - _PLATFORM_REACH), match.start()):
            yield Span(match.start("handle"), match.end("handle"), "ACCOUNT", value_key(handle))


# A link without "www." or a scheme, as copied from an app: a domain and a path
# ("t.me/robota_niderlandy", "olx.ro/d/oferta/..."). deduce finds only links with either.
URL_BARE = re.compile(
    # The look-ahead, a quick test for a slash, is bounded by the longest domain name (253): with
    # "[\w.-]*[^\W\d_][\w.-]*/" a long word without one ("a_a_a_...") took minutes.
    r"(?<![\w@./-])(?=[\w.-]{1,253}/)(?:[A-Za-z0-9-]+\.)+[a-z]{2,}/[^\s)\]'\"”’,;]+(?<![.!?:])"
)  # the top-level domain in lower case: "2023.Het/ze" is a missing space, not a link
# A link with a scheme or "www.": deduce knows a fixed list of top-level domains, and let
# "https://rabota-bg.eu/obiava/48213", "https://t.me/..." and "www.praca-holandia.pl" through.
# Up to the first space or bracket; punctuation that ends the sentence is not part of it.
URL_MARKED = re.compile(r"(?i)(?<![\w@/.-])(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]{}'\"“”‘’«»,;]+(?<![.!?:])")
