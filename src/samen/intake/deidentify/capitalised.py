"""Names found by their capitals: runs of capitalised words, and first names deduce knows in another
spelling, script or case. Names written in capitals: `in_capitals`."""

from __future__ import annotations

import re
from collections.abc import Container

from samen.intake.deidentify.declension import nominatives
from samen.intake.deidentify.introduced_names import MAX_NAMES_ELSEWHERE
from samen.intake.deidentify.role_names import is_role_word
from samen.intake.deidentify.words import (
    WORD,
    common_words,
    country_keys,
    first_name_keys,
    fold,
    is_capitalised,
    is_ordinary,
    spelling_key,
)

# Dutch and German name particles in Cyrillic, where deduce, which reads Latin script, does not see
# "Ян де Гроот" as a name.
_CYRILLIC_PARTICLES = frozenset("де ван дер ден фан фон".split())


def capitalised_names(text: str) -> list[str]:
    """Runs of two or more capitalised words: "Mijn bovenbuurvrouw Mihai Ionescu huilt".

    deduce knows Dutch first names and surnames; foreign names without a Dutch lookalike got
    through whole (half of them in a probe of 138). Two capitalised words in a row are a name
    far more often than anything else in a signal; the rest (an employer, a place) is lost from
    the de-identified copy only, which is the side to err on. At the start of a sentence an
    ordinary first word ("Ook"; not "Passagier", which is not in deduce's lists) is dropped.
    """
    runs: list[list[re.Match[str]]] = []
    previous: re.Match[str] | None = None
    particles: list[re.Match[str]] = []  # "Рюд де Бур", "Ян ван дер Берг": between two capitalised words
    for match in WORD.finditer(text):
        joined = previous is not None and text[previous.end() : match.start()] == " "
        if not is_capitalised(match.group()):
            if joined and match.group() in _CYRILLIC_PARTICLES and len(particles) < 2:
                particles.append(match)
                previous = match
            else:
                particles, previous = [], None
        elif joined:
            runs[-1].extend([*particles, match])
            particles, previous = [], match
        else:
            runs.append([match])
            particles, previous = [], match
    names = []
    for run in runs:
        words = [match.group() for match in run]
        before = text[: run[0].start()].rstrip()
        if not before or before[-1] in ".!?:;\n\"'(“‘":
            # "Ook", and a role before the name ("Broer Karim Haddad"): not part of it.
            while words and (fold(words[0]) in common_words() or (len(words) > 1 and is_role_word(words[0]))):
                words.pop(0)
        if len(words) >= 2 and not all(fold(word) in common_words() for word in words):
            names.append(" ".join(words))
    return names


def known_first_names(text: str, places: Container[str]) -> list[str]:
    """Capitalised words inside a sentence that are a first name deduce knows in another script,
    spelling or case: "Юрій", "Hany", "z Jackiem i Sebastianem", "bo Oldze zabrano telefon".

    deduce finds its first names as it has them, in Latin script and in the nominative; Polish,
    Ukrainian and Bulgarian reporters write them otherwise. Not at the start of a sentence, where
    any word has a capital; not a place deduce knows; not a country's name in any language, so
    "Йордан" (Jordan) stays, a name as often as a country.
    """
    keys, countries = first_name_keys(), country_keys()
    names = []
    for match in WORD.finditer(text):
        word = match.group()
        if len(word) < 3 or not is_capitalised(word) or word in places or is_ordinary(word):
            continue
        # A window, not the whole text before the word: a slice per word would make this quadratic.
        before = text[max(0, match.start() - 40) : match.start()].rstrip()
        if not before or before[-1] in ".!?:;\n(“‘«„" or (before[-1] in "'\"" and not before[-2:-1].isalpha()):
            continue  # the start of a sentence or of a quote; not after one ("z 'przyjacielem' Adamem")
        if spelling_key(word) not in countries and (nominatives(fold(word)) & keys) - countries:
            names.append(word)
    return list(dict.fromkeys(names))[:MAX_NAMES_ELSEWHERE]
