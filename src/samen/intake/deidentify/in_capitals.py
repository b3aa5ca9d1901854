"""Names written in capitals: "werkt voor PIOTR NOWAK", "Piotr NOWAK", "ZE WERKT VOOR OLEKSANDR KOVALENKO"."""

from __future__ import annotations

import re
from collections.abc import Container, Iterator

from samen.intake.deidentify.declension import nominatives
from samen.intake.deidentify.introduced_names import MAX_NAMES_ELSEWHERE
from samen.intake.deidentify.role_names import is_role_word
from samen.intake.deidentify.words import (
    ARTICLES,
    NAME_PARTICLES,
    PARTICLES_IN_CAPITALS,
    WORD,
    WORD_IN_CAPITALS,
    country_keys,
    first_name_keys,
    fold,
    in_lookup,
    is_capitalised,
    is_first_name,
    is_ordinary,
    is_ordinary_in_capitals,
    is_place,
    spelling_key,
)

_SENTENCE = re.compile(r"[^.!?\n]+")


def _in_capitals(word: str) -> bool:
    """A word of two letters or more written in capitals: "NOWAK", "AL-HASSAN", "КОВАЛЕНКО"; no code."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return len(letters) >= 2 and letters.isalpha() and word.isupper()


def _is_place(words: list[str]) -> bool:
    """Whether deduce knows `words` (in capitals) as the name of a place: "DEN HAAG", "BERGEN OP ZOOM"."""
    written = [word.casefold() if word.casefold() in NAME_PARTICLES else word.title() for word in words]
    return is_place(written)


def names_in_capitals(text: str, places: Container[str] = ()) -> list[str]:
    """Names written in capitals: "werkt voor PIOTR NOWAK", "Piotr NOWAK", "SLACHTOFFER: PIOTR NOWAK".

    deduce reads names in capitals only where `for_deduce` can write them as names: a first name of its
    list and the Dutch surnames after it, so "PIOTR NOWAK" lost only "PIOTR" and "DMYTRO SHEVCHENKO"
    nothing. In a sentence written mostly in lower case, capitals are what the reporter copied from
    a form or wanted to stand out: two or more words in a row in capitals, or a name deduce knows and
    a word in capitals, are a name as `capitalised_names` takes a run of capitalised words, once the
    ordinary words ("ze mag NIET", "ALLES kwijt") are left out; not when one is an abbreviation and
    none a name deduce knows ("IND COA", "FNV Bouw"), and not a place deduce knows (`places`, "DEN
    HAAG"). Ordinary are the words of Dutch and of the languages of the public form ("He said PLEASE
    HURRY", `is_ordinary_in_capitals`); a role is no part of a name ("de BAAS BOGDAN").

    In a sentence written in capitals, capitals say nothing: there a first name deduce knows with
    the word after it ("PIOTR NOWAK WERKT"), two or three words that are all a label's value
    ("SLACHTOFFER: DMYTRO SHEVCHENKO, GEBOREN"), and a run of two words or more that are no ordinary
    word and no place, with a name deduce knows or a surname's ending among them ("ZE WERKT VOOR
    OLEKSANDR KOVALENKO"). Any such run alone took every pair of words the word lists lack ("GRIJZE
    BUSJE", "WERKNEMER ANDRZEJ"): on the five corpora written in capitals (`benchmarks/
    deidentify_quality.py --capitals`) it removed 1,600 more of 16,800 words to find 145 more of 1,668
    values; with the name or ending, 306 more to find 95.
    Anywhere, a first name deduce knows, alone in capitals, and not after an article ("IK WERK VOOR
    BOGDAN"; "IN DE KAS"); an unknown one alone only a role before it tells (`role_names`),
    or, in Dutch, working for it ("IK WERK VOOR ZBIGNIEW").
    """
    if not any(word.isupper() for word in text.split()):
        return []
    names = []
    for sentence in _SENTENCE.finditer(text):
        words = list(WORD.finditer(text, sentence.start(), sentence.end()))
        shouted = sum(map(_in_capitals, (match.group() for match in words)))
        if not shouted:
            continue
        if shouted <= len(words) - shouted:
            names.extend(_runs_in_capitals(text, words, places))
        else:
            names.extend(_first_names_in_capitals(text, words))
            names.extend(_label_values_in_capitals(text, sentence.start(), sentence.end()))
            names.extend(_runs_in_capitals(text, words, places, all_capitals=True))
        names.extend(_first_names_alone(words, places))
    names.extend(_whom_someone_works_for(text, places))
    return list(dict.fromkeys(names))[:MAX_NAMES_ELSEWHERE]


# Whom someone works for, one word in capitals: "IK WERK VOOR ZBIGNIEW". In Dutch only, whose list
# of ordinary words is long: in English and Polish a noun follows as often ("WORKING FOR COMPANY",
# "PRACUJĘ DLA FIRMY"), without the article Dutch puts before it ("WERKT VOOR EEN BEDRIJF").
_WORKS_FOR = re.compile(
    r"(?i)(?<!\w)(?:werk(?:t|en|te|ten)?|gewerkt)[ \t]+voor[ \t]+(?P<name>[^\W\d_][\w'’-]*)(?![\w-])"
)


def _whom_someone_works_for(text: str, places: Container[str]) -> Iterator[str]:
    """The one word in capitals after "works for" that is no ordinary word, place, country or
    abbreviation: a name deduce does not know and no role announces."""
    for match in _WORKS_FOR.finditer(text):
        name = match.group("name")
        if (
            _in_capitals(name)
            and len(name) >= 4
            and _VOWEL.search(name)
            and not is_ordinary_in_capitals(name)
            and name not in places
            and not _is_place([name])
            and spelling_key(name) not in country_keys()
        ):
            yield name


def _is_known_name(word: str) -> bool:
    """A first name or surname deduce knows, the first name also in another spelling, script or case."""
    if is_ordinary(word) or spelling_key(word) in country_keys():
        return False
    return is_first_name(word) or in_lookup("surname", word) or bool(nominatives(fold(word)) & first_name_keys())


# An abbreviation often has none: "FNV", "GGD", "KLM".
_VOWEL = re.compile(r"[AEIOUYÀ-ÖØ-ÝАЕЁИОУЫЭЮЯІЇЄ]")


def _is_name_in_capitals(words: list[str]) -> bool:
    """Whether `words`, one in capitals at least, are a name: with a name deduce knows among them, or
    all of four letters or more; an abbreviation is no name ("IND COA", "FNV Bouw", "GGD WEST-BRABANT")."""
    capitals = [word for word in words if _in_capitals(word) and word.casefold() not in NAME_PARTICLES]
    names = [word for word in words if word.casefold() not in NAME_PARTICLES]
    return (
        len(names) >= 2
        and bool(capitals)
        and all(len(word) >= 3 and _VOWEL.search(word) for word in capitals)
        and (any(map(_is_known_name, names)) or all(len(word) >= 4 for word in names))
        and not _is_place(words)
    )


# How surnames of the victims' and suspects' countries end: Romanian, Polish, Ukrainian, Bulgarian,
# Serbian and Croatian, Turkish; in Latin and Cyrillic script.
_SURNAME_ENDING = re.compile(
    r"(?:ESCU|EANU|SKI|SKA|CKI|CKA|CZYK|CZUK|CZAK|WICZ|ENKO|UK|YK|AK|OV|OVA|EV|EVA|IC|ICH|YCH|OGLU|"
    r"ЕНКО|УК|ЮК|ОВ|ОВА|ЕВ|ЕВА|СКИ|СКА|СЬКИЙ|СЬКА|ЦЬКИЙ|ИЧ|ЕСКУ)$"
)


def _has_surname_ending(word: str) -> bool:
    """ "KOVALENKO", "POPESCU", "KOWALCZYK", "ПЕТКОВ"."""
    return len(word) >= 5 and bool(_SURNAME_ENDING.search(fold(word).upper()))


def _runs_in_capitals(
    text: str, words: list[re.Match[str]], places: Container[str], *, all_capitals: bool = False
) -> Iterator[str]:
    """Runs of words in capitals, and of capitalised names deduce knows, one in capitals at least,
    split at ordinary words and roles. Not a word in capitals after a number: "5928 AE Venlo", "B 920
    BXK". In a sentence `all_capitals`, split at places and verbs too, and a run only with a name
    deduce knows or a surname's ending among it."""
    runs: list[list[str]] = [[]]
    previous: re.Match[str] | None = None
    for match in words:
        word = match.group().rstrip("'’")  # the closing quote: "de naam 'PAN MAREK'"
        joined = previous is not None and text[previous.end() : match.start()] == " "
        if not joined and runs[-1]:
            runs.append([])
        after_number = text[max(0, match.start() - 2) : match.start()][:1].isdigit()
        name_like = (_in_capitals(word) and not after_number) or (
            is_capitalised(word) and word not in places and _is_known_name(word)
        )
        if is_role_word(word) or (all_capitals and _ends_a_run_in_capitals(word, places)):
            name_like = False
        if name_like and (word.casefold() in NAME_PARTICLES or not is_ordinary_in_capitals(word)):
            runs[-1].append(word)
        elif runs[-1]:
            runs.append([])
        previous = match
    for run in runs:
        while run and run[-1].casefold() in NAME_PARTICLES:
            run.pop()
        while run and run[0].casefold() in NAME_PARTICLES:
            run.pop(0)
        if not _is_name_in_capitals(run):
            continue
        if not all_capitals or any(_is_known_name(word) or _has_surname_ending(word) for word in run):
            yield " ".join(run)


def _ends_a_run_in_capitals(word: str, places: Container[str]) -> bool:
    """A place, or a word on -T that is no name deduce knows: in Dutch a verb ("MAREK KOWALSKI SLAAT"),
    in the victims' languages seldom a name."""
    return word in places or _is_place([word]) or (word.endswith("T") and not _is_known_name(word))


def _first_names_alone(words: list[re.Match[str]], places: Container[str]) -> Iterator[str]:
    """A first name of deduce's list, as it has it, in capitals: "BOGDAN". Not in another spelling or
    case: "LOON", "JONG" and "LIVE" are one, for `nominatives` and `spelling_key`."""
    for index, match in enumerate(words):
        word = match.group()
        if not _in_capitals(word) or word in places or is_ordinary_in_capitals(word):
            continue
        if index and words[index - 1].group().casefold() in ARTICLES:
            continue  # "IN DE KAS": a noun
        if is_first_name(word) and spelling_key(word) not in country_keys():
            yield word


def _first_names_in_capitals(text: str, words: list[re.Match[str]]) -> Iterator[str]:
    """A first name deduce knows in capitals, not after an article, and the word in capitals after it
    that is no ordinary word. Not one on -T that deduce's list of surnames lacks: in Dutch that is a
    verb ("MAREK SLAAT HAAR"), in the victims' languages seldom a surname."""
    for index, match in enumerate(words):
        word = match.group()
        if not _in_capitals(word) or not is_first_name(word):
            continue
        if index and words[index - 1].group().casefold() in ARTICLES:
            continue  # "IN DE KAS": a noun
        particles = PARTICLES_IN_CAPITALS.match(text, match.end())
        following = particles and WORD_IN_CAPITALS.match(text, particles.end())
        if not following:
            continue
        surname = following.group()
        if (
            _in_capitals(surname)
            and not is_ordinary_in_capitals(surname)
            and (not surname.endswith("T") or in_lookup("surname", surname))
        ):
            yield text[match.start() : following.end()]


# A label's value that ends where the line or a comma ends it: "DADER: OLEKSANDR KOVALENKO, ".
_LABEL_VALUE = re.compile(r":[ \t]*(?P<value>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){1,2})[ \t]*(?=[,;)\n]|$)")


def _label_values_in_capitals(text: str, start: int, end: int) -> Iterator[str]:
    for match in _LABEL_VALUE.finditer(text, start, end):
        words = [word.strip("'’") for word in match.group("value").split()]
        if all(_in_capitals(word) and not is_ordinary_in_capitals(word) for word in words):
            if _is_name_in_capitals(words):
                yield " ".join(words)
