"""Numbers that identify a person: IBANs, BSNs, and passport and ID numbers after their word."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samen.intake.deidentify.spans import Span, value_key

# IBAN: two letters, two check digits, 11-30 characters; written compact or in groups of four,
# also with the country apart ("NL 91 ABNA 0417 1643 00").
_IBAN = re.compile(
    r"(?<![\w])[A-Z]{2}[ ]?\d{2}(?:[A-Z0-9]{11,30}|(?:[ ][A-Z0-9]{4}){2,7}(?:[ ][A-Z0-9]{1,4})?)(?![\w])",
    re.IGNORECASE,
)


def _iban_checks(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def iban_spans(text: str) -> Iterator[Span]:
    for match in _IBAN.finditer(text):
        candidate = match.group()
        start = match.start()
        # A spaced match may run on into the next word ("... 1643 00 voor"); trim trailing
        # groups until the mod-97 check passes. An upper-case match that never passes is
        # kept anyway: it is an IBAN with a typo, which still identifies someone.
        trimmed = candidate
        while trimmed.count(" ") > 2 and not _iban_checks(trimmed):
            trimmed = trimmed.rsplit(" ", 1)[0]
        if _iban_checks(trimmed):
            yield Span(start, start + len(trimmed), "IBAN", value_key(trimmed))
        elif candidate.upper() == candidate:
            yield Span(start, match.end(), "IBAN", value_key(candidate))


BSN_LIKE = re.compile(r"(?<![\d.])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}([ .])\d{3}\1\d{3})(?![\d])")

# A passport or ID number after its word: "paspoort (FE783756)", "Paspoort FG 582208".
_DOCUMENT_WORDS = (
    r"(?:paspoort|paspoortnummer|passport|pasp\.|paszport|id-kaart|id-bewijs|id|identiteitskaart|"
    r"identiteitsbewijs|verblijfsdocument|documentnummer|vreemdelingennummer|v-nummer|dowód(?:\s+osobisty)?|"
    # The same in the victims' languages: Polish, Romanian (an identity card's "seria CT nr. 482915"),
    # Bulgarian, Ukrainian and Russian, Arabic ("جواز سفره رقم", "رقم جوازه").
    r"paszport(?:u|em)?|pa[sșş]aport(?:ul)?|buletin(?:ul)?|carte\s+de\s+identitate|seria\s+[a-z]{2}|"
    r"паспорт(?:а|у|ът)?|лична\s+карта|посвідчення|сер(?:ія|ії|ия|ии)|"
    r"[وبل]?جواز(?:ه|ها|ي|و)?(?:\s+(?:ال)?سفر(?:ه|ها|ي)?)?|بطاقة\s+(?:ال)?هوية)"
)
# Possessive (*+): with "\s*" three runs of spaces in a row took cubic time, "paspoort" and 1,000
# spaces 17.7 s.
_DOCUMENT_NUMBER_WORD = r"\s*+(?:(?:met\s++)?(?:nr\.?|nummer|number|numer|номер|№|رقم))?\s*+[:(]?\s*+"
DOCUMENT = re.compile(
    r"(?i)(?<!\w)"
    + _DOCUMENT_WORDS
    + _DOCUMENT_NUMBER_WORD
    + r"(?P<number>[a-zа-яіїєґ]{0,3}\s?\d{5,10}|(?=[a-zа-яіїєґ]*\d)[a-zа-яіїєґ0-9]{6,10})(?!\w)"
)
# Up to three words between the document and its number ("ID card KX 482913", "паспорт
# громадянина України FT183402"), then only a number that starts with capitals: with digits alone
# "paspoort moest hij 15000 euro betalen" would lose the debt.
DOCUMENT_AFTER_WORDS = re.compile(
    r"(?<!\w)(?i:" + _DOCUMENT_WORDS + r"(?:\s++[^\W\d_]{2,20}+(?!\w)){1,3}" + _DOCUMENT_NUMBER_WORD + r")"
    # Not an amount in a currency's code: "paspoort moest hij EUR 15000 betalen".
    r"(?!(?:EUR|USD|GBP|PLN|RON|BGN|UAH|CHF)\s?\d)(?P<number>[A-ZА-ЯІЇЄҐ]{1,3}\s?\d{5,10})(?!\w)"
)
