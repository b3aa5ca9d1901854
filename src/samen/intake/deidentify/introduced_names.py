"""The names the words around them announce, together, and those names wherever else they stand."""

from __future__ import annotations

from samen.intake.deidentify.name_cues import (
    HONORIFICS,
    NAME_BEFORE_CUE,
    cued_name_spans,
    heten_name_spans,
    honorific_name_spans,
    lexicon_name_spans,
)
from samen.intake.deidentify.role_names import arabic_role_name_spans, role_name_spans
from samen.intake.deidentify.spans import Span, cued_spans
from samen.intake.deidentify.words import NAME_PARTICLES, WORD, caseless, in_lookup, is_ordinary


def introduced_name_spans(text: str) -> list[Span]:
    """Names the words around them announce: after a cue, a role, a form of address, before "heet"."""
    return [
        *cued_name_spans(text),
        *role_name_spans(text),
        *arabic_role_name_spans(text),
        *cued_spans(NAME_BEFORE_CUE, "name", "PERSOON", text),
        *heten_name_spans(text),
        *honorific_name_spans(text),
        *lexicon_name_spans(text),
    ]


MAX_NAMES_ELSEWHERE = 50
# Built once, like `NO_NAME`: the words of an introduced name that are not the name itself.
_NO_NAME_PART = NAME_PARTICLES | HONORIFICS


def names_elsewhere(text: str, introduced: list[Span]) -> list[str]:
    """The introduced names, to be removed wherever else they stand ("named Haile ... Haile's
    phone"): their words that are no ordinary word, form of address or particle. A single word in
    lower case only when it is in deduce's lists of names: after a cue it may be no name ("se
    numește firma" would take "firma" from the whole text). Two or more are a first name and a
    surname in any case ("ze heet nataliia kravchuk ... belde nataliia")."""
    names = []
    for span in introduced:
        words = [
            word
            for word in WORD.findall(text[span.start : span.end])
            if not is_ordinary(word) and word.casefold() not in _NO_NAME_PART
        ]
        if len(words) < 2:
            words = [
                word
                for word in words
                if word[0].isupper() or caseless(word) or in_lookup("first_name", word) or in_lookup("surname", word)
            ]
        if words:
            names.append(" ".join(words))
    # Each name is a pattern run over the whole text: once each, and no more than a signal holds.
    return list(dict.fromkeys(names))[:MAX_NAMES_ELSEWHERE]
