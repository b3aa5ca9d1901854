"""E-mail addresses, also spelled to dodge a filter ("(at)") or said out loud ("jan at gmail dot com")."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from samen.intake.deidentify.spans import Span, value_key

EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)

# An e-mail address written to dodge spam filters: "yulia.tkachenko (at) outlook.com".
# The parts are bounded as in an address (64 characters before the @, 63 per label): unbounded,
# a long run like "a-a-a-..." took seconds, every start rescanning the rest of the text.
EMAIL_SPELLED = re.compile(
    r"(?i)(?<![\w.])[\w.%+-]{1,64}\s*[(\[{]\s*(?:at|@|apestaart)\s*[)\]}]\s*[\w-]{1,63}"
    r"(?:(?:\.|\s*[(\[{]\s*(?:dot|punt)\s*[)\]}]\s*)[\w-]{1,63})+"
)
# The same said out loud, without brackets: "jan at gmail dot com", "info apestaart bedrijf punt nl",
# "jan (at) gmail dot com". Bare "at" and "dot" are English words ("look at the house", "she worked
# at booking.com"), so `spoken_email_spans` takes a match only when its last part is a top-level
# domain, and after a bare "at" only when the dot is spoken too or the domain is a mail provider's.
_EMAIL_SPOKEN = re.compile(
    r"(?i)(?<![\w.@])(?P<local>[\w.%+-]{1,64})"
    r"(?:[ \t]++(?:at|apestaart)[ \t]++|[ \t]*+[(\[{][ \t]*+(?:at|@|apestaart)[ \t]*+[)\]}][ \t]*+)"
    r"(?P<domain>[\w-]{1,63}(?:(?:\.|[ \t]++(?:dot|punt)[ \t]++|[ \t]*+[(\[{][ \t]*+(?:dot|punt)[ \t]*+[)\]}][ \t]*+)"
    r"[\w-]{1,63}){1,4})(?![\w-])"
)
_SPOKEN_DOT = re.compile(r"(?i)\.|[ \t]++(?:dot|punt)[ \t]++|[ \t]*+[(\[{][ \t]*+(?:dot|punt)[ \t]*+[)\]}][ \t]*+")
# The top-level domains of the addresses in Dutch signals: generic ones, and the countries of the
# victims and reporters.
_TOP_LEVEL_DOMAINS = frozenset(
    """com net org info biz eu nl be de fr uk co pl ro bg ua ru md tr ma dz tn eg sy iq lb jo sa ae
    es pt it at ch cz sk hu lt lv ee io me app online email""".split()
)
_MAIL_PROVIDERS = frozenset(
    """gmail googlemail hotmail outlook live msn yahoo icloud me proton protonmail gmx web ziggo kpnmail
    kpnplanet planet home hetnet xs4all casema chello upcmail telfort tele2 yandex mail wp onet o2 interia
    abv ukr""".split()
)


def spoken_email_spans(text: str) -> Iterator[Span]:
    for match in _EMAIL_SPOKEN.finditer(text):
        # The parts of the domain, as (start, end) in the text: "gmail", "com".
        start, parts = match.start("domain"), []
        for separator in _SPOKEN_DOT.finditer(match.group("domain")):
            parts.append((start, match.start("domain") + separator.start()))
            start = match.start("domain") + separator.end()
        parts.append((start, match.end("domain")))
        # "jan at gmail dot com punt uit": the address ends at its last top-level domain.
        while len(parts) >= 2 and text[slice(*parts[-1])].casefold() not in _TOP_LEVEL_DOMAINS:
            parts.pop()
        if len(parts) < 2:
            continue
        bare_at = not any(bracket in text[match.end("local") : match.start("domain")] for bracket in "([{")
        spoken_dot = any(text[a:b] != "." for (_, a), (b, _) in itertools.pairwise(parts))
        if bare_at and not spoken_dot and text[slice(*parts[0])].casefold() not in _MAIL_PROVIDERS:
            continue  # "she worked at booking.com": a website, not an address
        end = parts[-1][1]
        yield Span(match.start(), end, "EMAILADRES", value_key(text[match.start() : end]))
