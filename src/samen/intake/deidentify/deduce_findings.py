"""What deduce finds, and the text as deduce reads it best (names in capitals written as names)."""

from __future__ import annotations

import itertools
import re
from collections.abc import Iterator

from samen.intake.deidentify.deduce_instance import get_deduce
from samen.intake.deidentify.role_names import after_leading_role
from samen.intake.deidentify.spans import Span, value_key
from samen.intake.deidentify.words import (
    ARTICLES,
    NAME_PARTICLES,
    NO_NAME,
    PARTICLES_IN_CAPITALS,
    WORD,
    WORD_IN_CAPITALS,
    fold,
    in_lookup,
    is_first_name,
    is_ordinary,
)

# English and Romanian words that deduce's list of first names holds ("My name is ..."): alone they
# are the word. Not "Can", a Turkish first name.
_FIRST_NAMES_THAT_ARE_WORDS = frozenset("my has him just said take mea".split())


# The initials deduce puts before a surname: "A. Bakker", "J.P. de Vries".
_INITIALS = re.compile(r"(?:[^\W\d_]\.[ \t]*)+[ \t]")


def deduce_spans(text: str, reading: str | None = None) -> list[Span]:
    """deduce's spans in `text`, found in `reading` (`text` as deduce reads it best: `for_deduce`)."""
    reading = reading or text
    deduce = get_deduce()
    spans = []
    for offset, piece_end in deduce_pieces(reading):
        for annotation in deduce.deidentify(reading[offset:piece_end]).annotations:
            tag = "PERSOON" if annotation.tag.upper() == "PATIENT" else annotation.tag.upper()
            start, end = annotation.start_char + offset, annotation.end_char + offset
            if tag == "PERSOON":
                if text[start:end].casefold() in _FIRST_NAMES_THAT_ARE_WORDS:
                    continue
                if (initials := _INITIALS.match(text, start, end)) and not (
                    start := _after_false_initial(text, start, initials.end(), end)
                ):
                    continue
                start = after_leading_role(text, start, end)
            spans.append(Span(start, end, tag, ""))
    return spans


# deduce grows a name one word at a time and goes over every name it holds again for each word it
# adds (its ContextAnnotator recurses once per step): a run of n words that may be part of a name
# costs some n³ steps and n levels of recursion. 500 first names in a row ("Jan Jan ...", 2,000
# characters of a public form's 10,000) took 17 s and 1.7 GB, 1,000 raised a RecursionError and
# left the signal without its de-identified copy. No name is that long: deduce reads such a run in
# pieces of at most this many words. Our own patterns still read the whole text.
LONGEST_NAME_RUN = 12
_LETTERS = re.compile(r"[^\W\d_]+")
# Words that join the parts of a name in deduce's patterns, in lower case ("Jan de Vries").
_JOINING = NAME_PARTICLES | {"de", "la", "le", "el", "al", "da", "di", "du", "t", "op", "in"}


def deduce_pieces(reading: str) -> list[tuple[int, int]]:
    """`reading` as (start, end) pieces, none with more than `LONGEST_NAME_RUN` name-like words in a row.

    A word (a run of letters: deduce reads "Jan-Jan" as two) is name-like when it is capitalised
    or joins a name ("van", "de"); any other word ends a run, punctuation does not. A word in
    capitals ends a run too: deduce knows no name in capitals, and `for_deduce` has written those
    it may know as names, so a text typed in capitals is not cut every twelve words. One piece,
    the whole text, for every text but such runs.
    """
    cuts, run = [], 0
    for match in _LETTERS.finditer(reading):
        word = match.group()
        if (word[0].isupper() and not (len(word) > 1 and word.isupper())) or word.casefold() in _JOINING:
            run += 1
            if run > LONGEST_NAME_RUN:
                cuts.append(match.start())
                run = 1
        else:
            run = 0
    bounds = [0, *cuts, len(reading)]
    return list(itertools.pairwise(bounds))


def _after_false_initial(text: str, start: int, rest: int, end: int) -> int | None:
    """Where a name that deduce found after an initial starts, or None when it found no name.

    deduce reads a letter and a full stop as an initial, also where they end a plate or a sentence:
    "the plate is HX-123-Z. She sends money" gave the person "Z. She", and merged with the plate the
    tag took "She" away. A letter that ends a longer word is no initial: the name is what follows,
    if that is no ordinary word. After a letter on its own ("plan B. She said") the span is no name
    only when nothing but pronouns and function words follow: "A. de Jong" and "A. Bakker" are names.
    """
    words = WORD.findall(text, rest, end)
    glued = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-/")
    if glued:
        return rest if words and not all(map(is_ordinary, words)) else None
    return start if not words or not all(word.casefold() in NO_NAME for word in words) else None


def keyed(text: str, spans: list[Span], person_of: dict[str, str]) -> Iterator[Span]:
    """deduce's spans with their keys; "Oksana" found by deduce shares the known "Oksana Kovalenko"'s."""
    for span in spans:
        found = text[span.start : span.end]
        key = value_key(found)
        if span.tag == "PERSOON":
            key = person_of.get(" ".join(fold(found).split()), key)
        yield Span(span.start, span.end, span.tag, key)


def for_deduce(text: str) -> str:
    """`text` with the names in capitals written as names: "JAN DE VRIES, kaal" as "Jan de Vries, kaal".

    deduce knows names as they are written in a sentence, capitalised: in capitals it found none
    ("JAN DE [LOCATIE-1] EN ZIJN BROER KLAAS"), and reporters who type on a phone, or copy a form,
    write in capitals. A first name in deduce's list (no ordinary word, not after an article) is
    capitalised, and so are up to two surnames of its list after it, with the particles between
    them in lower case. Nothing else changes: in capitals an ordinary word that is a surname too
    ("KAAL", "POOL") stays a word, which capitalised it would not. Same length, so deduce's spans
    fit `text`, and deduce still runs once per text.
    """
    if not any(word.isupper() for word in text.split()):
        return text
    pieces = list(text)

    def write(start: int, end: int, word: str) -> None:
        if len(word) == end - start:
            pieces[start:end] = word

    for match in WORD_IN_CAPITALS.finditer(text):
        word = match.group()
        if not word.isupper() or not is_first_name(word):
            continue
        before = WORD.findall(text, max(0, match.start() - 8), match.start())[-1:]
        if before and before[0].casefold() in ARTICLES:
            continue
        write(match.start(), match.end(), word.title())
        position, surnames = match.end(), 0
        while (
            surnames < 2
            and (particles := PARTICLES_IN_CAPITALS.match(text, position))
            and (surname := WORD_IN_CAPITALS.match(text, particles.end()))
        ):
            if not (surname.group().isupper() and in_lookup("surname", surname.group())):
                break
            write(particles.start(), particles.end(), particles.group().lower())
            write(surname.start(), surname.end(), surname.group().title())
            position, surnames = surname.end(), surnames + 1
    return "".join(pieces)
