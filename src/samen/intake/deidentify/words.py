"""Words: folding for comparison, deduce's word lists, and which words are ordinary or a first name."""

from __future__ import annotations

import functools
import re
import unicodedata

from stopwordsiso import stopwords

from samen.intake.deidentify.deduce_instance import get_deduce
from samen.transliteration import fold_variants, normalise_text

# The languages of the public form.
INTAKE_LANGUAGES = ("nl", "en", "pl", "ro", "bg", "uk", "ar")

# Name particles are never removed on their own: "van" or "der" are everywhere in Dutch.
NAME_PARTICLES = frozenset(
    "van von der den het ten ter des del della dos das bin ibn bint abu ben vom zum zur بن بنت ابن عبد "
    "де ван дер ден фан фон".split()
)


# Letters with a stroke have no decomposition in Unicode: "Łukasz" must match "Lukasz".
_STROKED = str.maketrans("ŁłĐđØøĦħıŦŧ", "LlDdOoHhiTt")


@functools.lru_cache(maxsize=4096)
def _fold_character(ch: str) -> str:
    base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
    folded = base.casefold() if len(base) == 1 else ch.casefold()
    return folded if len(folded) == 1 else ch


def fold(text: str) -> str:
    """Case-fold and strip diacritics, keeping exactly one character per input character."""
    # Character by character, each looked up once per process: a text has few distinct ones.
    return "".join(map(_fold_character, text.translate(_STROKED)))


ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")

_PRONOUNS = frozenset("ik jij je u hij zij ze wij we jullie zij het i he she they we you".split())

NOT_A_NAME = frozenset(
    """en die dat dit uit is was zijn wordt werd of maar want werkt werken woont wonen zegt zei met bij in op aan te
    de het een zou lijkt komt kwam heeft had hebben ook niet nog al wel er hier daar volgens omdat als toen dan
    voor naar om over door tot sinds zo moet moeten kan kunnen mag mogen wil willen gaat gaan ging doet krijgt
    betaalt int runt rijdt haalt brengt zit staat ligt houdt neemt maakt verdient verblijft slaapt
    and who from works lives is was the"""
    # English words that deduce's lists of Dutch words lack, some of them first names there too
    # ("Has", "Take"): "the agency man take my id card", "her name there is 'Nikki'".
    """ there here has have had will would can could does did not but or also then when where which this
    that with for to at on by of as he she they we it his her their him them me my says said told
    take takes took give gives gave get gets got make makes made come comes came go goes went say
    keep keeps kept pay pays paid want wants need needs call calls send sends drive drives hit hits
    shout shouts sleep sleeps very too just only always never every boss"""
    # A Dutch way to pay that is a first name in deduce's list too ("een Tikkie sturen").
    """ tikkie"""
    # Romanian and Polish possessives, which stand between a relative and a name ("sora mea Maria").
    """ meu mea mei mele nostru noastră noastra mój moj moja"""
    # What a reporter writes where a name is not known or not given: "Naam: onbekend", "her name is unknown".
    """ onbekend onbekende unknown anoniem anonymous geheim nieznany nieznana nieznane necunoscut
    necunoscută necunoscuta неизвестен неизвестна неизвестно невідомий невідома невідомо""".split()
)
# Built once: a union written in each check made a new set of some 300 words per word checked.
NO_NAME = NOT_A_NAME | _PRONOUNS
# What follows a name in the victims' languages, so a cued name ends there: Polish, Romanian,
# Bulgarian, Ukrainian and Arabic conjunctions, prepositions and verbs ("nazywa się marek i
# pracuje", "اسمها ليلى من سوريا", "i se spune că"). Apart from `NOT_A_NAME`: some are first names
# too ("Ani", "Din", "Lat"), so a capitalised one right after a cue is still taken for a name.
ENDS_A_NAME = frozenset(
    """i w z ze na jest pracuje mieszka lat który która și si din la în e este are lucrează lucreaza
    care ani că ca să sa pe cu nu и в с от е работи живее години който която за да се не че і з у та
    він вона є працює живе років який яка و في من على الى إلى عن مع هو هي هم كان كانت يعمل تعمل يسكن
    تسكن عمره عمرها الذي التي لكن لكنه لكنها او أو ثم عنده عندها قال قالت منذ سنة الحقيقي الحقيقية
    الكامل الكاملة غير معروف معروفة الأول الاول"""
    # Function words of those languages that deduce's list of first names holds too, so that a
    # role word does not take them in lower case ("Ma męża, ale mąż", "a zis asta", "500 lei"), and
    # Polish demonstratives ("jak nazywa się ta agencja").
    """ ale sie się ona ono nia tam mai asta aici fara fără lei ta ten tej tego""".split()
)


def in_lookup(list_name: str, word: str) -> bool:
    """Whether deduce's list (first names, surnames) holds `word`, written as a name: "stefan" as "Stefan"."""
    written = word[:1].upper() + word[1:].lower()
    return bool(get_deduce().lookup_structs[list_name].longest_matching_prefix([written]))


def is_place(words: list[str]) -> bool:
    """Whether deduce's list of places holds `words`, as one name: ["Den", "Haag"], ["Bergen", "op", "Zoom"]."""
    return get_deduce().lookup_structs["placename"].longest_matching_prefix(words) == words


def is_first_name(word: str) -> bool:
    """A first name in deduce's list that is no ordinary word: "stefan", "Iryna"; not "mark" or "wil"."""
    return (
        len(word) >= 3
        and word.casefold() not in NO_NAME
        and word.casefold() not in ENDS_A_NAME
        and fold(word) not in common_words()
        and in_lookup("first_name", word)
    )


def caseless(word: str) -> bool:
    """A word of a script without capitals (Arabic): nothing but the words around it tells a name."""
    return not word[:1].isupper() and not word[:1].islower()


def is_ordinary(word: str) -> bool:
    return word.casefold() in NO_NAME or fold(word) in common_words()


# What reporters write in capitals that no list of stop words holds: "He said PLEASE HURRY", "POMOCY".
_SHOUTED = frozenset(
    """hurry urgent help police danger quick quickly fast money passport passports scared afraid
    dringend snel hulp politie gevaar bang paspoort
    pomocy pomoc ratunku szybko pilne policja policji niebezpieczeństwo paszport boję
    ajutor ajutați repede urgent poliția poliţia pericol pașaport paşaport
    помощ помогнете бързо спешно полиция опасност паспорт
    допоможіть допомога будь ласка швидко терміново поліція небезпека паспорт""".split()
)


@functools.cache
def intake_language_words() -> frozenset[str]:
    """The stop words of the languages of the public form (stopwords-iso), and what reporters shout, folded."""
    return frozenset(fold(word) for word in stopwords(INTAKE_LANGUAGES) | _SHOUTED)


def is_ordinary_in_capitals(word: str) -> bool:
    """An ordinary word of Dutch or of any language of the public form, or an ordinary Dutch word
    inflected: in capitals no case tells it from a name ("PLEASE HURRY", "VĂ ROG", "DE WITTE BUS")."""
    folded = fold(word)
    return (
        is_ordinary(word)
        or folded in intake_language_words()
        or any(stem in common_words() for stem in _dutch_stems(folded))
    )


def _dutch_stems(word: str) -> set[str]:
    """What a Dutch plural or inflected adjective comes from: "mannen", "jongens", "witte", "grijze"."""
    if len(word) < 5:
        return set()
    stems = set()
    for ending in ("en", "s", "e"):
        if word.endswith(ending):
            stem = word[: -len(ending)]
            stems.add(stem)
            if len(stem) >= 3 and stem[-1] == stem[-2]:
                stems.add(stem[:-1])  # "mannen", "witte"
            if stem.endswith(("z", "v")):
                stems.add(stem[:-1] + {"z": "s", "v": "f"}[stem[-1]])  # "grijze", "brieven"
            if len(stem) >= 3 and stem[-2] in "aeou" and stem[-3] not in "aeiou" and stem[-1] not in "aeiou":
                stems.add(stem[:-1] + stem[-2] + stem[-1])  # "jaren", "bomen": "jaar", "boom"
    return stems


WORD = re.compile(r"[^\W\d_][\w'’-]*")
# A word in capitals: "JAN", "AL-HASSAN"; letters only, so no plate, code or IBAN.
WORD_IN_CAPITALS = re.compile(r"(?<![\w-])[^\W\d_a-zà-ÿ]{2,}(?:-[^\W\d_]{2,})?(?![\w-])")
# The particles between a first name and a surname: "JAN DE VRIES", "PIET VAN DER BERG".
PARTICLES_IN_CAPITALS = re.compile(r"(?:[ \t]+(?:DE|VAN|DER|DEN|TEN|TER|HET|VON|EL|AL)(?![\w-])){0,3}[ \t]+")
# After these a word is a noun, though deduce's list has it as a first name too: "IN DE KAS". Not
# "die", "dat" or "that": as often a conjunction or a relative pronoun, before a subject ("ZE ZEI
# DAT MAREK", "DE MAN DIE BOGDAN HEET").
ARTICLES = frozenset("de het een the a an deze dit this".split())


@functools.cache
def common_words() -> frozenset[str]:
    """deduce's lists of ordinary Dutch words (stop words, common words, its whitelist), folded."""
    lists = get_deduce().lookup_structs
    return frozenset(fold(word) for name in ("stop_word", "common_word", "whitelist") for word in lists[name].items())


def is_capitalised(word: str) -> bool:
    """A word written as a name: "Mihai" or "Jean-Pierre"; not "NLA" (an abbreviation) or "P3562478" (a code)."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return word[0].isupper() and letters.isalpha() and (len(word) == 1 or not word[1:].isupper())


@functools.lru_cache(maxsize=16384)
def spelling_key(word: str) -> str:
    """One spelling for the ways a name is written: "Hany" and "Hani", "Йордан" and "Jordan"."""
    return fold_variants(normalise_text(word))


@functools.cache
def first_name_keys() -> frozenset[str]:
    """The spelling keys of deduce's first names that are no ordinary word ("Mark", "Roos" are)."""
    trie = get_deduce().lookup_structs["first_name"]
    return frozenset(
        spelling_key(name)
        for name, entry in trie.children.items()
        if entry.is_terminal and len(name) >= 3 and not is_ordinary(name) and name.casefold() not in ENDS_A_NAME
    )


@functools.cache
def country_keys() -> frozenset[str]:
    """The spelling keys of the one-word names of countries in every language phonenumbers knows:
    "Libya", "China" and "Romania" are first names in deduce's list too. Not a word of a longer
    name: "Saint Helena" does not make "Helena" a place."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    return frozenset(
        spelling_key(name)
        for names in LOCALE_DATA.values()
        for name in names.values()
        if not name.startswith("*") and " " not in name.strip()
    )
