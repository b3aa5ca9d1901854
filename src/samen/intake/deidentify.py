"""De-identified copies of the free texts in a signal.

`deidentify_text` combines two detectors on the *original* text:

* `deduce` (Dutch names, addresses, dates, phone numbers, BSN, e-mail, URLs, ages);
* our own patterns for what deduce misses or only half-catches: international phone
  numbers, IBANs, Dutch licence plates (also spaced, and any plate after the word
  "kenteken"), e-mail (also spelled "(at)"), BSN-like numbers that pass the eleven-test,
  dates with or without a year, accounts on social media, passport numbers after their
  word, streets with a house number in lower case, the names of the persons on the signal,
  names after the words that introduce one ("heet", "genaamd", "alias", "bekend als") or
  before them ("'Wujek' wordt genoemd"), a capitalised name after a role ("de baas Florin"),
  nicknames in quotes ("voor 'Tomek' werken"), links without a scheme ("t.me/..."), foreign
  plates, phone numbers and e-mail addresses written out in words ("nul zes twaalf ...", "jan at
  gmail dot com"), a name or nickname in brackets after a name ("Anna (Ania) Kowalska",
  "Mohammed Al-Hassan (محمد الحسن)"), and runs of two or more capitalised words, which is how the
  foreign names deduce's Dutch lists do not know are written. Names in capitals ("JAN DE VRIES")
  deduce reads as names (`_for_deduce`). `benchmarks/deidentify_quality.py` measures what still
  leaks on a corpus of 150 signals (`tests/data/deidentify_corpus.json`).

Both produce character spans; overlapping spans are merged into one (so `+31 6 87654321`,
of which deduce tags only the last digits, disappears as a whole) and every merged span is
replaced by a tag in deduce's style, `[TELEFOONNUMMER-1]`, numbered per tag so that the
same value gets the same tag throughout the text. Running our patterns on deduce's output
instead would leave half-redacted numbers like `NL91ABNA[ID-1]` behind.

Loading deduce takes seconds and about a gigabyte, so there is exactly one instance per
process, created under a lock by `warm_up()` at worker start (or lazily on first use).
"""

from __future__ import annotations

import fcntl
import functools
import gc
import itertools
import logging
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Container, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import phonenumbers

from samen.intake.validators import MONTHS, is_valid_bsn
from samen.transliteration import fold_variants, normalise_text

if TYPE_CHECKING:
    from deduce import Deduce

__all__ = [
    "Span",
    "deidentify_pieces",
    "deidentify_text",
    "ensure_lookup_cache",
    "find_own_identifiers",
    "get_deduce",
    "is_loaded",
    "warm_up",
]

# ------------------------------------------------------------------ The deduce instance

logger = logging.getLogger(__name__)
_lock = threading.Lock()
_deduce: Deduce | None = None


def _reset_lock_in_child() -> None:
    # A lock held by another thread at fork time would stay locked forever in the child.
    # The instance itself is deliberately inherited: a preloading server (gunicorn
    # --preload) then shares the loaded lookup structures copy-on-write.
    global _lock
    _lock = threading.Lock()


os.register_at_fork(after_in_child=_reset_lock_in_child)


def _deduce_module() -> ModuleType:
    root = logging.getLogger()
    handlers, level = list(root.handlers), root.level
    # deduce calls logging.basicConfig(level=DEBUG, stream=stdout) on import, which would
    # send every library's debug output to stdout; undo that side effect.
    import deduce.deduce as module

    for handler in root.handlers[:]:
        if handler not in handlers:
            root.removeHandler(handler)
    root.setLevel(level)
    return module


def _import_deduce() -> type[Deduce]:
    return _deduce_module().Deduce


def _build_deduce() -> Deduce:
    """A new deduce instance; one process at a time on this machine.

    deduce rebuilds its lookup cache (a pickle inside site-packages) when it thinks the cache
    is stale, and writes it in place: two processes doing that at once (test workers, web and
    task workers starting together) leave a pickle that no longer loads. The second process
    waits here, then loads the cache the first one wrote.
    """
    lock_path = os.path.join(tempfile.gettempdir(), "samen-deduce-cache.lock")
    with open(lock_path, "a") as lock_file:
        fcntl.flock(lock_file, fcntl.LOCK_EX)
        try:
            return _deduce_despite_a_damaged_cache(_import_deduce())
        finally:
            fcntl.flock(lock_file, fcntl.LOCK_UN)


# What reading a truncated pickle raises: an empty file, or one cut off halfway.
DAMAGED_CACHE_ERRORS = (EOFError, pickle.UnpicklingError)


def _deduce_despite_a_damaged_cache(deduce_class: Callable[..., Deduce]) -> Deduce:
    """deduce writes its cache in place, in a minute or two on first use: a process stopped
    meanwhile (Ctrl-C on a fresh `samen demo`) leaves a truncated pickle, and deduce then fails
    in every process from then on. Build the cache again instead."""
    try:
        return deduce_class()
    except DAMAGED_CACHE_ERRORS:
        logger.warning("deduce's lookup cache is damaged; building it again (this takes a minute or two).")
        return deduce_class(build_lookup_structs=True)


def get_deduce() -> Deduce:
    """Return this process's deduce instance, creating it on first use."""
    global _deduce
    instance = _deduce
    if instance is None:
        with _lock:
            if _deduce is None:
                _deduce = _build_deduce()
                # deduce's lookup structures are some 4.6 million objects that live as long as the
                # process. Frozen, the collector no longer walks them in every full collection and
                # at exit: a process that had loaded deduce took 7.7 s to exit, 0.5 s frozen (long
                # enough for pytest-xdist to interrupt its workers), and a preloading server's
                # workers do not copy the pages the collector would otherwise write to.
                gc.freeze()
            instance = _deduce
    return instance


def is_loaded() -> bool:
    """Whether this process has loaded deduce already."""
    return _deduce is not None


def warm_up() -> None:
    """Load deduce (building its on-disk cache if needed) and run it once.

    `samen worker` calls this at start so the first signal does not pay for loading.
    """
    deidentify_text("Warm-up: Jan Jansen belde op 1 januari 2024 met 06-12345678.")


def lookup_cache_path() -> Path:
    """Where deduce keeps its lookup cache (inside its package; not a public name of deduce's)."""
    return Path(_deduce_module()._LOOKUP_LIST_PATH) / "cache" / "lookup_structs.pickle"


def ensure_lookup_cache() -> str:
    """Build deduce's lookup cache if this machine has none yet, in a process of its own.

    A setup step (`samen demo`): building takes one to two minutes, loading then takes seconds,
    and the process that builds it holds about a gigabyte that the caller need not keep. Through
    `samen`, so the cache is stamped in the application's time zone (see `.ci/run`).
    """
    if lookup_cache_path().exists():
        return "present"
    code = "from samen.intake.deidentify import warm_up; warm_up()"
    command = [sys.executable, "-m", "samen.cli", "shell", "-c", code]
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # noqa: S603 - fixed argument list, no shell
    return "built"


# ------------------------------------------------------------------------- Spans


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of `text[start:end]` to be replaced by `[TAG-n]`.

    Spans with the same `tag` and `key` get the same number.
    """

    start: int
    end: int
    tag: str
    key: str


# When spans of the same length overlap, the tag earliest in this list wins: specific
# patterns before generic ones, and deduce's catch-all ID last.
_TAG_PRIORITY = (
    "EMAILADRES",
    "URL",
    "IBAN",
    "BSN",
    "DATUM",
    "TELEFOONNUMMER",
    "PERSOON",
    "LOCATIE",
    "LEEFTIJD",
    "KENTEKEN",
    "DOCUMENTNUMMER",
    "ACCOUNT",
    "ID",
)


def _priority(tag: str) -> int:
    try:
        return _TAG_PRIORITY.index(tag)
    except ValueError:
        return _TAG_PRIORITY.index("KENTEKEN")


_SEPARATORS = re.compile(r"[\s.\-/()]")


def _key(text: str) -> str:
    return _SEPARATORS.sub("", text.casefold())


# ----------------------------------------------------------------------- Patterns

_EMAIL = re.compile(r"(?<![\w.+-])[\w.%+-]+@[\w-]+(?:\.[\w-]+)*\.[a-z]{2,}(?![\w-])", re.IGNORECASE)

# IBAN: two letters, two check digits, 11-30 characters; written compact or in groups of four.
_IBAN = re.compile(
    r"(?<![\w])[A-Z]{2}\d{2}(?:[A-Z0-9]{11,30}|(?:[ ][A-Z0-9]{4}){2,7}(?:[ ][A-Z0-9]{1,4})?)(?![\w])",
    re.IGNORECASE,
)


def _iban_checks(candidate: str) -> bool:
    compact = candidate.replace(" ", "").upper()
    rearranged = compact[4:] + compact[:4]
    return int("".join(str(int(ch, 36)) for ch in rearranged)) % 97 == 1


def _iban_spans(text: str) -> Iterator[Span]:
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
            yield Span(start, start + len(trimmed), "IBAN", _key(trimmed))
        elif candidate.upper() == candidate:
            yield Span(start, match.end(), "IBAN", _key(candidate))


# The Dutch licence-plate sidecodes 1-14 (L = letter, D = digit).
_SIDECODES = (
    "LL-DD-DD", "DD-DD-LL", "DD-LL-DD", "LL-DD-LL", "LL-LL-DD", "DD-LL-LL", "DD-LLL-D",
    "D-LLL-DD", "LL-DDD-L", "L-DDD-LL", "LLL-DD-L", "L-DD-LLL", "D-LL-DDD", "DDD-LL-D",
)  # fmt: skip


def _sidecode_regex(sidecode: str, separator: str) -> str:
    groups = ["".join("[A-Z]" if ch == "L" else r"\d" for ch in group) for group in sidecode.split("-")]
    return separator.join(groups)


_PLATE_BOUNDARY_BEFORE = r"(?<![\w-])"
_PLATE_BOUNDARY_AFTER = r"(?![\w-])"
# With dashes any case is a plate; without dashes only upper case, to spare ordinary words.
_PLATE_DASHED = re.compile(
    _PLATE_BOUNDARY_BEFORE
    + "(?:"
    + "|".join(_sidecode_regex(s, "-") for s in _SIDECODES)
    + ")"
    + _PLATE_BOUNDARY_AFTER,
    re.IGNORECASE,
)
_PLATE_COMPACT = re.compile(
    _PLATE_BOUNDARY_BEFORE + "(?:" + "|".join(_sidecode_regex(s, "") for s in _SIDECODES) + ")" + _PLATE_BOUNDARY_AFTER
)

# Plates of the countries most foreign victims in Dutch signals come from, in capitals (with
# their Cyrillic look-alikes), without the word "kenteken" before them. Each format mixes letters
# and digits in a fixed order, which prose in capitals ("AVG 2018", "CAO 2024") does not.
_CAPITAL = "A-ZА-ЯІЇЄҐ"
_PLATE_FOREIGN = re.compile(
    _PLATE_BOUNDARY_BEFORE
    + "(?:"
    + "|".join(
        (
            rf"[{_CAPITAL}]{{1,2}} ?\d{{2,3}} ?[{_CAPITAL}]{{3}}",  # Romania: B 920 BXK, CJ 12 ABC
            rf"[{_CAPITAL}]{{1,2}} ?\d{{4}} ?[{_CAPITAL}]{{2}}",  # Bulgaria, Ukraine: CA 1234 AB, АА 1234 ВВ
            # Poland: two letters and five characters from a digit on (WZ 12345, PO 4XY12), or three
            # letters and four or five with a letter among them (KRA 12AB): four digits alone are a year.
            r"[A-Z]{2}[ -]?\d[A-Z0-9]{4}",
            r"[A-Z]{3}[ -]?(?=\d)(?=[0-9]*[A-Z])[A-Z0-9]{4,5}",
            r"[A-ZÄÖÜ]{1,3}-[A-Z]{1,2} ?\d{1,4}[EH]?",  # Germany: B-AB 1234
            r"(?:0[1-9]|[1-7]\d|8[01]) ?[A-Z]{1,3} ?\d{2,4}",  # Turkey: a province 01-81 first, 34 KLM 281
        )
    )
    + ")"
    + _PLATE_BOUNDARY_AFTER
)

_BSN_LIKE = re.compile(r"(?<![\d.])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}([ .])\d{3}\1\d{3})(?![\d])")

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
# Month names in the languages of the public form, and Russian and Turkish, as they stand in a date
# ("14 lutego 1998", "3 март 2004", "14 лютого 1961 року", "1 مارس 2005", "2 شباط 1999").
# Only with a year: "mai" and "maj" are ordinary words too ("2 mai multe").
_FOREIGN_MONTHS = [
    *(
        "stycznia styczeń styczen lutego luty marca marzec kwietnia kwiecień kwiecien maja maj czerwca czerwiec "
        "lipca lipiec sierpnia sierpień sierpien września wrzesnia wrzesień wrzesien października pazdziernika "
        "październik pazdziernik listopada listopad grudnia grudzień grudzien "
        "ianuarie februarie martie aprilie mai iunie iulie august septembrie octombrie noiembrie decembrie "
        "януари февруари март април май юни юли август септември октомври ноември декември "
        "січня лютого березня квітня травня червня липня серпня вересня жовтня листопада грудня "
        "січень лютий березень квітень травень червень липень серпень вересень жовтень листопад грудень "
        "января февраля марта апреля мая июня июля августа сентября октября ноября декабря "
        "ocak şubat subat mart nisan mayıs mayis haziran temmuz ağustos agustos eylül eylul ekim kasım kasim "
        "aralık aralik "
        "يناير فبراير مارس أبريل ابريل إبريل مايو ماي يونيو يونيه يوليو يوليوز أغسطس اغسطس غشت سبتمبر شتنبر "
        "أكتوبر اكتوبر نوفمبر نونبر ديسمبر دجنبر شباط آذار اذار نيسان أيار ايار حزيران تموز آب اب أيلول ايلول"
    ).split(),
    *("كانون الثاني", "كانون الأول", "تشرين الأول", "تشرين الثاني", "كانون الاول", "تشرين الاول"),
]
_DATES = (
    re.compile(r"(?<![\w.,/-])\d{1,2}([-/.])\d{1,2}\1(?:\d{4}|\d{2})(?![\w/-]|[.,]\d)"),
    re.compile(r"(?<![\w.,/-])\d{4}-\d{1,2}-\d{1,2}(?![\w/-])"),
    re.compile(
        # The dot of an abbreviation ("1 jul. 1990") only counts before a year; elsewhere
        # it ends the sentence.
        rf"(?<![\w.,])\d{{1,2}}(?:st|nd|rd|th|e|ste|de)?\s+(?:of\s+)?(?:{_MONTH_NAMES})\b"
        r"(?:\.?,?\s+(?:\d{4}|'\d{2})(?!\w))?",
        re.IGNORECASE,
    ),
    re.compile(
        rf"(?<!\w)(?:{_MONTH_NAMES})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s+\d{{4}})?(?!\w)",
        re.IGNORECASE,
    ),
    re.compile(
        r"(?<![\w.,])\d{1,2}\.?\s+(?:"
        + "|".join(re.escape(m).replace(r"\ ", r"\s+") for m in sorted(_FOREIGN_MONTHS, key=len, reverse=True))
        # A year with its abbreviation joined: "1998r.", "2004г.", "1961р.".
        + r")\s+\d{4}(?:[rгр]\.?)?(?!\w)",
        re.IGNORECASE,
    ),
)

# Safety net for international numbers phonenumbers does not recognise (new or unusual
# ranges): a + or 00 followed by 8-15 digits in the usual groupings.
_INTERNATIONAL_PHONE = re.compile(r"(?<![\w+])(?:\+|00)[1-9](?:[ .\-/]?\(?\d+\)?){1,7}(?![\w])")


def _phone_spans(text: str) -> Iterator[Span]:
    for match in phonenumbers.PhoneNumberMatcher(text, "NL", leniency=phonenumbers.Leniency.POSSIBLE):
        digits = sum(ch.isdigit() for ch in match.raw_string)
        # POSSIBLE also matches counts like "12.000" and year ranges like "2018-2020";
        # a real number has nine digits or more, or is valid for its country.
        if digits >= 9 or phonenumbers.is_valid_number(match.number):
            # "(06-12345678" is matched with the bracket of the surrounding sentence.
            start = match.start
            if match.raw_string.startswith("(") and ")" not in match.raw_string:
                start += 1
            yield Span(
                start,
                match.end,
                "TELEFOONNUMMER",
                phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164),
            )
    for match in _INTERNATIONAL_PHONE.finditer(text):
        if 8 <= sum(ch.isdigit() for ch in match.group()) <= 15:
            # "(tel. +48 512 345 678)": the closing bracket is the sentence's, not the number's.
            end = match.end() - (match.group().endswith(")") and "(" not in match.group())
            yield Span(match.start(), end, "TELEFOONNUMMER", _key(text[match.start() : end]))


# A phone number written in words, as a reporter who fears a filter (or a speech-to-text app) writes
# it: "nul zes twaalf drie vier vijf zes zeven acht", "zero six one two three four five six seven
# eight". The rule: a run of Dutch or English number words from 0 to 99, apart by spaces, commas or
# hyphens, that spells at least eight digits (a word for 0-9 is one digit, for 10-99 two), as a
# Dutch number has ten and the shortest foreign ones eight. Fewer is a count ("drie of vier
# mannen"), and one or two number words in a sentence never come near.
_UNITS = {
    **dict.fromkeys(("nul", "zero", "oh"), 0),
    **{word: n for n, word in enumerate("een twee drie vier vijf zes zeven acht negen".split(), 1)},
    **{word: n for n, word in enumerate("one two three four five six seven eight nine".split(), 1)},
    "één": 1,
}
_DUTCH_TENS = "twintig dertig veertig vijftig zestig zeventig tachtig negentig".split()
_ENGLISH_TENS = "twenty thirty forty fifty sixty seventy eighty ninety".split()
_TWO_DIGIT_WORDS = frozenset(
    [
        *"tien elf twaalf dertien veertien vijftien zestien zeventien achttien negentien".split(),
        *"ten eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen".split(),
        *_DUTCH_TENS,
        *_ENGLISH_TENS,
        # "vierendertig", "tweeëntwintig"; "twenty-four" (also "twenty four", two words of one number)
        *(
            unit + ("ën" if unit.endswith("e") else "en") + tens
            for unit in "een twee drie vier vijf zes zeven acht negen".split()
            for tens in _DUTCH_TENS
        ),
        *(
            tens + "-" + unit
            for tens in _ENGLISH_TENS
            for unit in "one two three four five six seven eight nine".split()
        ),
    ]
)
_NUMBER_WORD = "|".join(sorted([*_UNITS, *_TWO_DIGIT_WORDS], key=len, reverse=True))
_SPELLED_PHONE = re.compile(
    rf"(?i)(?<![\w-])(?:{_NUMBER_WORD})(?:(?:[ \t]*+[,\-–][ \t]*+|[ \t]++)(?:{_NUMBER_WORD})(?![\w-]))+"
)


def _spelled_phone_spans(text: str) -> Iterator[Span]:
    for match in _SPELLED_PHONE.finditer(text):
        words = re.findall(r"[^\W\d_]+(?:-[^\W\d_]+)?", match.group().casefold())
        digits = 0
        for index, word in enumerate(words):
            # "twenty four" is one number: the unit after English tens adds no digit.
            after_tens = index > 0 and words[index - 1] in _ENGLISH_TENS and word in _UNITS and word != "oh"
            digits += 0 if after_tens else 2 if word in _TWO_DIGIT_WORDS else 1
        if digits >= 8:
            yield Span(match.start(), match.end(), "TELEFOONNUMMER", _key(match.group()))


# Name particles are never removed on their own: "van" or "der" are everywhere in Dutch.
_NAME_PARTICLES = frozenset(
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


def _fold(text: str) -> str:
    """Case-fold and strip diacritics, keeping exactly one character per input character."""
    # Character by character, each looked up once per process: a text has few distinct ones.
    return "".join(map(_fold_character, text.translate(_STROKED)))


def _name_forms(name: str) -> list[str]:
    """The full name and each part of three letters or more, folded, longest first."""
    full = " ".join(_fold(name).split())
    forms = {full} if full else set()
    for part in re.split(r"[\s\-]+", full):
        part = part.strip(".,'")
        if sum(ch.isalpha() for ch in part) >= 3 and part not in _NAME_PARTICLES:
            forms.add(part)
    return sorted(forms, key=len, reverse=True)


_ARABIC_LETTER = re.compile(r"[\u0600-\u06ff]")
# Names decline in Polish, Ukrainian, Russian and (a little) Romanian: "Zbigniew", "Zbigniewa";
# "Сергій", "Сергія"; "Oksana", "Oksanę"; "Maria", "Mariei". The endings of their cases, folded
# as `_fold` folds ("ę" is "e", "й" is "и"). A name part then also stands for its stem with any of
# them (`_stems`): a final vowel comes off ("oksan" + "e"), a dropped e goes (`_FLEETING_E`), an
# adjective's ending goes. Stems under four letters are left alone: "Tina" would take "tiny".
_CASE_ENDINGS = frozenset(
    "a e i o u y em om ie iem owi ego emu iego iemu iej ej im ei ului "
    "а я у ю о е и і ом ем єм ою ею єю ові еві єві ого его ому ему ои еи им ім ых их ы ым ии іи ыи оі ую".split()
)
# Found in another case ("Олега", "Zbigniewa"), the name may also be there without an ending.
_ENDINGS_AFTER_VOWEL = _CASE_ENDINGS | {""}
# Not a bare "-e" after a consonant: in Dutch that is an adjective ("de Jong", "een jonge vrouw").
_ENDINGS_AFTER_CONSONANT = _CASE_ENDINGS - {"e"}
# The stem and up to as many letters as the longest ending; `_declined_form` checks which ending.
_AFTER_STEM = rf"[^\W\d_]{{0,{max(map(len, _CASE_ENDINGS))}}}"
_CYRILLIC_STEM_VOWELS = frozenset("аяоеиіюєь")
# The e that Polish, Ukrainian and Russian drop before the ending: "Marek", "Marka"; "Maciek",
# "Maćka"; "Kacper", "Kacprowi"; "Paweł", "Pawła"; "Кравець", "Кравця"; "Павел", "Павла".
_FLEETING_E = re.compile(r"(?:i?e|е)(?P<consonant>[kcrlкцрл])ь?$")
# Surnames declined as adjectives, folded: "Вишневський", "Вишневському"; "Ковальська", "Ковальській".
# Only "-ський", "-цький", "-ский" and the like: "Сергій" and "Андрій" are nouns ("Сергія").
_ADJECTIVE_ENDINGS = ("ськии", "цькии", "зькии", "скии", "цкии", "зкии")
_MIN_STEM = 4


def _stems(part: str) -> dict[str, frozenset[str]]:
    """The stems of a folded name part with the endings each takes: none where the part is not a
    single word of Latin or Cyrillic letters long enough to guess a stem from."""
    if not part.isalpha() or _ARABIC_LETTER.search(part):
        return {}
    if fleeting := _FLEETING_E.search(part):
        stems = [part[: fleeting.start()] + fleeting.group("consonant")]
        stems += [] if part.endswith("ь") else [part]
        endings = _ENDINGS_AFTER_CONSONANT
    elif part.endswith(_ADJECTIVE_ENDINGS):
        stems, endings = [part[:-2]], _ENDINGS_AFTER_VOWEL
    elif part[-1] in _CYRILLIC_STEM_VOWELS:
        stems, endings = [part[:-1]], _ENDINGS_AFTER_VOWEL
    elif part[-1] in "aoiy":
        # "Zbigniewa", "Oksana", "Marko", "Jerzy". Not a Dutch name on -e or -u: without its -e
        # it is often a word ("Bente", "bent"; "de Jonge", "jong"), with another one too ("Lotte", "lotto").
        stems, endings = [part[:-1]], _ENDINGS_AFTER_VOWEL if part[-1] == "a" else _CASE_ENDINGS
    else:
        stems, endings = [part], _ENDINGS_AFTER_CONSONANT
    return {stem: endings for stem in stems if len(stem) >= _MIN_STEM}


def _declined_form(word: str, stems: dict[str, frozenset[str]]) -> bool:
    """Whether `word` is a name part in another case, and no ordinary Dutch word: "Bente" and
    "de Lange" must not take "bent" and "lang" with them."""
    return (
        any(word.startswith(stem) and word[len(stem) :] in endings for stem, endings in stems.items())
        and word not in _common_words()
    )


def _name_spans(
    text: str,
    known_names: Iterable[str],
    undeclined: Container[str] = (),
    nicknames: Mapping[str, Sequence[str]] | None = None,
) -> tuple[list[Span], dict[str, str]]:
    """Spans of the known names, and a map from each folded name form to its person key.

    The names in `undeclined` are found only as written, not in their other cases. `nicknames`:
    other names of a person, by their name ("Anna Kowalska": "Ania").
    """
    known_names = list(known_names)
    if not known_names:
        return [], {}
    folded = _fold(text)
    spans: list[Span] = []
    person_of: dict[str, str] = {}
    nicknames = nicknames or {}
    forms_of = [
        sorted(
            dict.fromkeys(
                [*_name_forms(name), *(form for nick in nicknames.get(name, ()) for form in _name_forms(nick))]
            ),
            key=len,
            reverse=True,
        )
        for name in known_names
    ]
    # A form that is another name as written stays that person's: with "Karel" and "Karla" both
    # named, "Karla" is not Karel in the genitive.
    as_written = {form for forms in forms_of for form in forms}
    for index, (name, forms) in enumerate(zip(known_names, forms_of, strict=True)):
        if not forms:
            continue
        key = f"person:{index}"
        for form in forms:
            person_of.setdefault(form, key)
        parts = [] if name in undeclined else [form for form in forms if " " not in form]
        stems = {stem: endings for part in parts for stem, endings in _stems(part).items()}
        alternatives = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
        alternatives += [re.escape(stem) + _AFTER_STEM for stem in stems]
        # In Arabic "and", "with", "for" and "like" are written joined to the name: "ولمازن", "بمازن".
        pattern = re.compile(r"(?:(?<!\w)|(?<=[وفبلك]))(?:" + "|".join(alternatives) + r")(?!\w)")
        spans.extend(
            Span(m.start(), m.end(), "PERSOON", key)
            for m in pattern.finditer(folded)
            if m.group() in forms
            or not m.group().isalpha()
            or (m.group() not in as_written and _declined_form(m.group(), stems))
        )
    return spans, person_of


# A plate written with spaces in capitals ("PG 06 54"); in lower case "10 en 12" would be one.
_PLATE_SPACED = re.compile(
    _PLATE_BOUNDARY_BEFORE + "(?:" + "|".join(_sidecode_regex(s, " ") for s in _SIDECODES) + ")" + _PLATE_BOUNDARY_AFTER
)
# After the word for it, any plate: foreign ones ("kenteken TM-49-TCB", "B 920 BXK") and Dutch ones
# in lower case without dashes ("kenteken gk01xz"): up to four groups, holding a digit.
# Between the word and the plate a reporter may hedge ("kenteken, iets met cb 4418", "something like")
# or name the vehicle first, up to a colon in the same sentence ("Kenteken van zijn bus is: dw 7k221").
_PLATE_CUED = re.compile(
    r"(?i)(?<!\w)(?:kentekenplaat|kentekens?|nummerbord|nummerplaat|plates?|numery)(?!\w)\s*(?:nr\.?|nummer)?"
    r"(?:[^.:;!?\n\d]{1,40}:|\s*,?\s*(?:iets|zoiets|something)\s+(?:met|van|als|zoals|like)|\s*,?\s*begint\s+met)?"
    r"\s*:?\s*(?P<plate>[a-z0-9]{5,8}|[a-z0-9]{1,4}(?:[ -][a-z0-9]{1,5}){1,3})(?![\w-])"
)


def _cued_plate_spans(text: str) -> Iterator[Span]:
    for match in _PLATE_CUED.finditer(text):
        groups = re.split(r"([ -])", match.group("plate"))
        # "kenteken 12 is ..." : a trailing lower-case word is the sentence, not the plate.
        while len(groups) > 1 and not any(ch.isdigit() for ch in groups[-1]) and groups[-1].islower():
            groups = groups[:-2]
        # "kenteken is 12-ABC-3", "plate was B 123 ABC": so is a leading one before a space.
        start = match.start("plate")
        while len(groups) > 2 and groups[1] == " " and groups[0].islower() and _is_ordinary(groups[0]):
            start += len(groups[0]) + 1
            groups = groups[2:]
        plate = "".join(groups)
        if any(ch.isdigit() for ch in plate):
            yield Span(start, start + len(plate), "KENTEKEN", _key(plate))


# An account on a platform: "@sweet.mariya30", or "wechat id wxid_fatima26" / "Instagram-account
# jr_on_the_grind" / "snapchat name souf_1020" after the platform's name.
_HANDLE = re.compile(r"(?<![\w@.])@[A-Za-z0-9_](?:[A-Za-z0-9_.]{0,38}[A-Za-z0-9_])?")
_HANDLE_CUED = re.compile(
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


def _handle_spans(text: str) -> Iterator[Span]:
    if "_" in text:
        for match in _TOKEN.finditer(text):
            if "_" in match.group() and any(ch.isalpha() for ch in match.group()):
                yield Span(match.start(), match.end(), "ACCOUNT", _key(match.group()))
    for match in _QUOTED_TOKEN.finditer(text):
        handle = match.group("handle")
        if _is_handle(handle) and _PLATFORM.search(text, max(0, match.start() - _PLATFORM_REACH), match.start()):
            yield Span(match.start("handle"), match.end("handle"), "ACCOUNT", _key(handle))


# A link without "www." or a scheme, as copied from an app: a domain and a path
# ("t.me/robota_niderlandy", "olx.ro/d/oferta/..."). deduce finds only links with either.
_URL_BARE = re.compile(
    # The look-ahead, a quick test for a slash, is bounded by the longest domain name (253): with
    # "[\w.-]*[^\W\d_][\w.-]*/" a long word without one ("a_a_a_...") took minutes.
    r"(?<![\w@./-])(?=[\w.-]{1,253}/)(?:[A-Za-z0-9-]+\.)+[a-z]{2,}/[^\s)\]'\"”’,;]+(?<![.!?:])"
)  # the top-level domain in lower case: "2023.Het/ze" is a missing space, not a link
# A link with a scheme or "www.": deduce knows a fixed list of top-level domains, and let
# "https://rabota-bg.eu/obiava/48213", "https://t.me/..." and "www.praca-holandia.pl" through.
# Up to the first space or bracket; punctuation that ends the sentence is not part of it.
_URL_MARKED = re.compile(r"(?i)(?<![\w@/.-])(?:(?:https?|ftp)://|www\.)[^\s<>()\[\]{}'\"“”‘’«»,;]+(?<![.!?:])")
# A nickname in quotes: "voor 'Tomek' werken", "Ploegbaas 'Nelu'", "bij 'Tata'". Short and with
# a capital: the quotes reporters put around a word they distrust ('bemiddelaar', 'kosten')
# hold a lower-case word, and a quoted sentence is longer.
_QUOTED_NAME = re.compile(r"(?<!\w)['‘\"“](?P<name>[^\W\d_][\w’.-]*(?:\s[\w’.-]+){0,2})['’\"”](?!\w)")
# Any quoted name before the words that say it is one: "een man die 'Wujek' wordt genoemd",
# "die ze 'meneer ali' noemen".
_NAME_BEFORE_CUE = re.compile(
    r"(?i)(?<!\w)['‘\"“](?!(?:mijn|my|haar|zijn)\s)(?P<name>[^\W\d_][\w’.-]*(?:\s[\w’.-]+){0,2})['’\"”]\s+"
    r"(?:wordt\s+|werd\s+)?(?:genoemd|noemen|noemt|heet|heten)(?!\w)"
)
# A single capitalised name after the word for someone's role: "de baas Florin", "'bemiddelaar'
# Zoltan", "young man Serhii". A capital there, not at the start of a sentence, is a name.
# The same after a relative or "one of them", and in apposition: "mijn zusje lisa", "Eén van de
# vrouwen, Iryna, is 17", "een nieuwe vriend, stefan, die". In lower case only a first name that
# deduce's list knows ("lisa", "stefan"): "de baas zegt", "een van de jongens vertelde" stay.
_ROLE_NAME = re.compile(
    r"(?<!\w)(?i:\w*baas|boss|chef|szef|bemiddelaar|co[öo]rdinator|ronselaar|pooier|uitbater|voorman|eigenaar|"
    r"vriend(?:je|in)?|loverboy|young[ \t]+man|jongen|man|bekend[ \t]+als|known[ \t]+as|"
    r"knows?[ \t]+(?:(?:him|her)[ \t]+)?as|"
    r"broer(?:tje)?|zus(?:je|ter)?|neef(?:je)?|nicht(?:je)?|dochter|zoon|collega|buurman|buurvrouw|"
    r"brother|sister|cousin|friend|colleague|daughter|son|goes[ \t]+by|"
    # The same in the victims' languages: Polish, Romanian, Bulgarian, Ukrainian and Russian.
    r"wujek|wujka|brat|brata|siostra|siostry|kolega|kolegi|kole[żz]anka|s[ąa]siad(?:ka)?|kierowca|"
    r"w[łl]a[śs]ciciel|brygadzista|ch[łl]opak|kuzyn(?:ka)?|syn(?:a|owi|em)?|c[óo]rk[aięą]|m[ąa][żz]|m[ęe][żz](?:a|em)|"
    r"[żz]on[ayą]|zwan[yaą]|zwanym|"
    r"koordynator(?:a|owi)?|po[śs]rednik(?:a|owi)?|"
    r"[șşs]eful|patronul|fratele|sora|v[ăa]rul|unchiul|prietenul|prietena|iubitul|vecinul|vecina|[șşs]oferul|"
    r"colegul|fiul|fiica|so[țţt]ul|so[țţt]ia|porecli?t[ăa]?|zis[ăa]?|"
    r"(?:[iî]l|o|[iî]i)[ \t]+(?:nume[sșş]te|numesc|zice|zic|spune|spun)(?:[ \t]+doar)?|"
    r"шеф(?:ът|а)?|брат(?:а|ом)?|сестра|сестру|съсед(?:ът|ка)?|приятел(?:ят|ка)?|шофьор(?:ът)?|братовчед|"
    r"колега|чичо|сусід(?:а|ка)?|начальник|водій|друг|хлопець|дядько|дядька|бригадир|сосед|приятеля|"
    # "син" alone is Bulgarian "blue" too ("син Мерцедес"): "son" only with "my" or an article.
    r"(?:мій|мой|моят|наш|нашият)[ \t]+син|син(?:ът|а|у)|дъщеря|съпруг(?:ът|а|ата)?|жена(?:та)?[ \t]+му|"
    r"донька|доньку|дочка|посередник(?:а|ом|у)?|учень|учня|"
    r"нарича(?:т|ме|ха)?(?:[ \t]+(?:го|я))?|називають(?:[ \t]+(?:його|її))?|"
    r"(?:é[eé]n|e[eé]n|one)[ \t]+(?:van|of)[ \t]+(?:hen|hun|them|(?:de|the)[ \t]+[^\W\d_]{2,20}))"
    # A possessive after the relative, in Romanian and Bulgarian: "sora mea Maria", "брат ми Иван".
    r"(?:[ \t]+(?i:meu|mea|mei|mele|lui|ei|nostru|noastr[ăa]|lor|ми|ни|му|ѝ|й|си))?['’]?,?[ \t]+"
    # An apostrophe inside the name ("D'Souza"), not the closing quote after it ("'de baas Nelu'").
    r"(?P<name>[^\W\d_][\w-]*(?:['’][\w-]+)*)(?![\w-])"
)
_PRONOUNS = frozenset("ik jij je u hij zij ze wij we jullie zij het i he she they we you".split())
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
_DOCUMENT = re.compile(
    r"(?i)(?<!\w)"
    + _DOCUMENT_WORDS
    + _DOCUMENT_NUMBER_WORD
    + r"(?P<number>[a-zа-яіїєґ]{0,3}\s?\d{5,10}|(?=[a-zа-яіїєґ]*\d)[a-zа-яіїєґ0-9]{6,10})(?!\w)"
)
# Up to three words between the document and its number ("ID card KX 482913", "паспорт
# громадянина України FT183402"), then only a number that starts with capitals: with digits alone
# "paspoort moest hij 15000 euro betalen" would lose the debt.
_DOCUMENT_AFTER_WORDS = re.compile(
    r"(?<!\w)(?i:" + _DOCUMENT_WORDS + r"(?:\s++[^\W\d_]{2,20}+(?!\w)){1,3}" + _DOCUMENT_NUMBER_WORD + r")"
    # Not an amount in a currency's code: "paspoort moest hij EUR 15000 betalen".
    r"(?!(?:EUR|USD|GBP|PLN|RON|BGN|UAH|CHF)\s?\d)(?P<number>[A-ZА-ЯІЇЄҐ]{1,3}\s?\d{5,10})(?!\w)"
)
# An e-mail address written to dodge spam filters: "yulia.tkachenko (at) outlook.com".
# The parts are bounded as in an address (64 characters before the @, 63 per label): unbounded,
# a long run like "a-a-a-..." took seconds, every start rescanning the rest of the text.
_EMAIL_SPELLED = re.compile(
    r"(?i)(?<![\w.])[\w.%+-]{1,64}\s*[(\[{]\s*(?:at|@|apestaart)\s*[)\]}]\s*[\w-]{1,63}"
    r"(?:(?:\.|\s*[(\[{]\s*(?:dot|punt)\s*[)\]}]\s*)[\w-]{1,63})+"
)
# The same said out loud, without brackets: "jan at gmail dot com", "info apestaart bedrijf punt nl",
# "jan (at) gmail dot com". Bare "at" and "dot" are English words ("look at the house", "she worked
# at booking.com"), so `_spoken_email_spans` takes a match only when its last part is a top-level
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


def _spoken_email_spans(text: str) -> Iterator[Span]:
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
        yield Span(match.start(), end, "EMAILADRES", _key(text[match.start() : end]))


# A street and house number in lower case ("noordeinde 44d"), which deduce's capitalised lists miss
# (public: `identifier_kinds` reads it in any case, where there is no deduce).
_STREET_SUFFIXES = "straat|weg|laan|plein|kade|gracht|dijk|singel|steeg|pad|dreef|baan|einde|markt|wal|allee|boulevard"
STREET = re.compile(rf"(?<![\w-])[a-z][a-z'\-]*(?:{_STREET_SUFFIXES})\s+\d{{1,4}}(?:\s?[a-z]\b|-\d+)?(?![\w-])")
# An address as written at home, the word for street first: Romanian "Str. Florilor nr. 17, bl. C3,
# ap. 12", Polish "ul. Długa 5/12", Bulgarian "ул. „Васил Левски“ 12Б", Ukrainian "вул. Шевченка 3,
# кв. 5": up to three capitalised words of street name (`_foreign_street_spans` checks the
# capitals), then the number and its block, staircase, floor and flat. Lower case it would be
# prose: Dutch "woont daar al. Ze werkt 60 uur", Romanian "pe strada timp de 3 nopti".
_FOREIGN_STREET = re.compile(
    r"(?<![\w.])(?i:str\.|strada|bd\.|bulevardul|calea|aleea|ul\.|ulica|aleja|osiedle|"
    r"ул\.|улица|бул\.|булевард|ж\.к\.|вул\.|вулиця|просп\.|проспект)(?:(?<=\.)|(?!\w))"
    r"[ \t]*(?P<quote>[„\"“«])?(?P<street>[^\W\d_][\w'’-]{0,30}(?:[ \t]+[^\W\d_][\w'’-]{0,30}){0,2})[“\"”»]?,?[ \t]+"
    r"(?i:nr\.?[ \t]*|№[ \t]*)?\d{1,4}(?i:[a-zа-я])?(?:/\d{1,4})?(?![\w/])"
    r"(?:,?[ \t]*+(?i:bl|sc|et|ap|m|lok|кв|бл|вх|ет|ап)\.?[ \t]*+\w{1,4}(?!\w))*"
)
# In Arabic script, which has no capitals, only with "number": "شارع الحرية رقم 12".
_ARABIC_STREET = re.compile(r"(?<!\w)(?:شارع|زنقة)(?:[ \t]+[\u0600-\u06ff]{1,20}){1,3}[ \t]+رقم[ \t]*\d{1,4}(?!\w)")


def _foreign_street_spans(text: str) -> Iterator[Span]:
    for match in _FOREIGN_STREET.finditer(text):
        words = match.group("street").split()
        # A quoted name need only start with a capital: "бул. „Цариградско шосе“ 115".
        if all(word[0].isupper() for word in (words[:1] if match.group("quote") else words)):
            yield Span(match.start(), match.end(), "LOCATIE", _key(match.group()))
    for match in _ARABIC_STREET.finditer(text):
        yield Span(match.start(), match.end(), "LOCATIE", _key(match.group()))


# The words after which a reporter writes a name, in any case: "ze heet nataliia kravchuk",
# "alias Bossman", "noemt zich Cobra", "his name is ivaylo petkov", "numele meu este florin dumitru".
# Up to three words, ending at punctuation or a common word.
_NAME_CUE = re.compile(
    r"(?i)(?<!\w)(?:heet|heten|genaamd|genoemd|(?:mijn|zijn|haar|de)\s+naam\s+is|naam:|alias|bijnaam|roepnaam|"
    r"noemt\s+zich|noemen\s+(?:hem|haar|zich)|calls\s+(?:himself|herself)|called|named|nicknamed|(?:my|his|her|their)\s+name(?:\s+is)?|name\s+is|"
    # "my name is" as victims write it in their own language: Romanian, Polish, Bulgarian,
    # Ukrainian, Russian, Portuguese, Spanish, Turkish.
    r"numele\s+(?:meu|lui|ei)\s+(?:este|e)|nazywam\s+si[eę]|mam\s+na\s+imi[eę]|казвам\s+се|мене\s+звати|"
    r"меня\s+зовут|me\s+chamo|meu\s+nome\s+[eé]|me\s+llamo|mi\s+nombre\s+es|benim\s+ad[ıi]m|"
    # The same of someone else, and how others call them: Polish "nazywa się", "ma na imię", "mówią
    # na niego"; Romanian "se numește", "îl/o/mă cheamă", "i se zice"; Bulgarian "казва се", "на име",
    # "викат му"; Ukrainian and Russian "його/її звати", "звуть", "зовут", "на ім'я", "по имени",
    # "кличуть".
    r"nazywa\s+si[eę]|ma\s+na\s+imi[eę]|(?:m[oó]wi[aą]|wo[lł]aj[aą])\s+na\s+(?:niego|ni[aą])|"
    r"na\s+kt[oó]r(?:ego|[aą])\s+(?:wszyscy\s+)?(?:m[oó]wi[aą]|wo[lł]aj[aą])|"
    r"se\s+nume(?:[sș]|ş)te|(?:[iî]l|o|m[aă])\s+cheam[aă]|i\s+se\s+(?:zice|spune)|"
    r"се\s+казва|казва\s+се|на\s+име|вика(?:т|ме)\s+(?:му|й|ѝ)|"
    r"(?:його|її|ее|его)\s+(?:звати|звуть|зовут|звали)|на\s+ім['’ʼ]я|по\s+имени|кличуть(?:\s+(?:його|її))?|"
    # Arabic: "my/his/her (full, real) name (is)" (اسمي، اسمه، اسمها، also colloquial اسمو; الكامل،
    # الحقيقي), "is called" (يدعى،
    # تدعى، يسمى، تسمى; not "so-called", ما يسمى), "they call him/her" (يسمونه، ينادونه), "his/her
    # nickname" (لقبه، لقبها); in Moroccan Arabic "his/my name" (سميتو، سميتي), "they call him"
    # (كيسميوه), in Levantine (بيسموه).
    r"و?اسم(?:ي|ه|ها|هم|و)(?:\s+(?:ال)?(?:كامل|حقيقي)ة?)?(?:\s+هو|\s+هي)?|"
    r"[يت]ُ?دعى|(?<!ما )[يت]ُ?سمى|يسمون(?:ه|ها)|ينادون(?:ه|ها)|لقب(?:ه|ها)|"
    r"سميت(?:ي|و|ه|ها)(?:\s+(?:ال)?(?:كامل|حقيقي)ة?)?|[بك]?[يت]سمي?و(?:ه|ها))"
    r"(?:\s*[:：]\s*|\s+)['‘\"“«]?"
    r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})"
)
# The particles that are ordinary words too ("de", "van"): part of a name only inside one.
_SURNAME_PREFIXES = frozenset("de van der den ten ter da dos del el al".split())
_NOT_A_NAME = frozenset(
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
    """ meu mea mei mele nostru noastră noastra mój moj moja""".split()
)
# Built once: a union written in each check made a new set of some 300 words per word checked.
_NO_NAME = _NOT_A_NAME | _PRONOUNS
# What follows a name in the victims' languages, so a cued name ends there: Polish, Romanian,
# Bulgarian, Ukrainian and Arabic conjunctions, prepositions and verbs ("nazywa się marek i
# pracuje", "اسمها ليلى من سوريا", "i se spune că"). Apart from `_NOT_A_NAME`: some are first names
# too ("Ani", "Din", "Lat"), so a capitalised one right after a cue is still taken for a name.
_ENDS_A_NAME = frozenset(
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
# Arabic words that start with a verb's prefix or the article once "and" (و) is taken off them.
_ARABIC_AFTER_AND = re.compile(r"[يتنأ]|ال")


# A name before "heet" or "te heten", in a subordinate clause: "dat hij stoyan heet", "meisje zou
# jessy heten", "verklaart Youssef te heten", "een man die zich Nicu noemt". Not "hoe hij eigenlijk
# heet" or "die hij zijn baas noemt": an ordinary word is no name.
_NAME_BEFORE_HETEN = re.compile(
    r"(?i)(?<!\w)(?P<before>hij|zij|ze|ik|zou|die|dat|verklaart|verklaarde|zegt|zei|zich)\s+"
    r"(?P<name>[^\W\d_][\w'’-]*)\s+(?P<verb>te\s+heten|heet|heten|noemt|noemde|noemen)(?!\w)"
)
# A name after a form of address from the languages of most victims and suspects: Bulgarian "bai
# Georgi", Vietnamese "anh Long", "chú Minh", "bé Thảo", Arabic "abu Omar", Dutch "tante Hoa", "oom
# Kees", "mama Rita", English "auntie Grace". Capitalised, or a first name deduce knows ("baba ali",
# "zijn 'oom' khaled").
_HONORIFICS = frozenset(
    "bai bay kaka anh chị chi chú chu bác bé ông bà abu umm hadji hacı haci tante oom ome mama mamma papa baba "
    "uncle auntie aunty madam mister أبو ابو".split()
)
_HONORIFIC_NAME = re.compile(
    r"(?<!\w)(?i:" + "|".join(sorted(_HONORIFICS, key=len, reverse=True)) + r")['’]?[ \t]+"
    r"(?P<name>[^\W\d_][\w-]*(?:['’][\w-]+)*)(?![\w-])"
)
# Between commas, a first name deduce knows, in any case, and up to two more words: "een kok, rajesh
# kumar, zegt", "een jongen uit zijn klas, yusuf, omdat". Capitalised names deduce finds itself.
_BETWEEN_COMMAS = re.compile(r"(?<=,)[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})[ \t]*(?=,)")
# Weaker cues, where an ordinary word follows as often as a name ("ik ben bang", "een zekere mate"):
# only a first name deduce knows, with the surnames it knows after it.
_WEAK_NAME_CUE = re.compile(r"(?i)(?<!\w)(?:ik\s+ben|i\s+am|i['’]m|een\s+zekere)\s+(?P<name>[^\W\d_][\w'’-]*)(?![\w-])")


def _in_lookup(list_name: str, word: str) -> bool:
    """Whether deduce's list (first names, surnames) holds `word`, written as a name: "stefan" as "Stefan"."""
    written = word[:1].upper() + word[1:].lower()
    return bool(get_deduce().lookup_structs[list_name].longest_matching_prefix([written]))


def _is_first_name(word: str) -> bool:
    """A first name in deduce's list that is no ordinary word: "stefan", "Iryna"; not "mark" or "wil"."""
    return (
        len(word) >= 3
        and word.casefold() not in _NO_NAME
        and word.casefold() not in _ENDS_A_NAME
        and _fold(word) not in _common_words()
        and _in_lookup("first_name", word)
    )


def _caseless(word: str) -> bool:
    """A word of a script without capitals (Arabic): nothing but the words around it tells a name."""
    return not word[:1].isupper() and not word[:1].islower()


def _is_ordinary(word: str) -> bool:
    return word.casefold() in _NO_NAME or _fold(word) in _common_words()


# What stands between "hij" and "heet" when no name does: "hoe hij eigenlijk heet".
_ADVERBS = frozenset("eigenlijk echt nou precies werkelijk officieel toch misschien zelf really actually".split())


def _heten_name_spans(text: str) -> Iterator[Span]:
    if "hete" not in text and "heet" not in text and "noem" not in text:
        return
    for match in _NAME_BEFORE_HETEN.finditer(text):
        name = match.group("name")
        # What someone is called is as often a role as a name ("die ze oom noemen"): only with a capital.
        called = match.group("verb").casefold().startswith("noem")
        if called and not (name[0].isupper() or _caseless(name)):
            continue
        if not _is_ordinary(name) and name.casefold() not in _ADVERBS:
            yield Span(match.start("name"), match.end("name"), "PERSOON", _key(name))


def _honorific_name_spans(text: str) -> Iterator[Span]:
    for match in _HONORIFIC_NAME.finditer(text):
        name = match.group("name")
        capitalised = name[0].isupper() or _caseless(name)
        if (capitalised and name.casefold() not in _NO_NAME) or _is_first_name(name):
            yield Span(match.start("name"), match.end("name"), "PERSOON", _key(name))


def _lexicon_name_spans(text: str) -> Iterator[Span]:
    """First names deduce knows, in any case, where the sentence says one may stand (see above)."""
    for match in _BETWEEN_COMMAS.finditer(text):
        words = match.group("name").split()
        if _is_first_name(words[0]) and not any(_is_ordinary(word) for word in words[1:]):
            yield Span(match.start("name"), match.end("name"), "PERSOON", _key(match.group("name")))
    for match in _WEAK_NAME_CUE.finditer(text):
        if _is_first_name(match.group("name")):
            end = match.end("name")
            # "een zekere hakan öztürk": the surnames deduce knows after the first name.
            while (following := re.match(r"[ \t]+([^\W\d_][\w'’-]*)", text[end : end + 60])) and _in_lookup(
                "surname", following.group(1)
            ):
                end += following.end()
            yield Span(match.start("name"), end, "PERSOON", _key(text[match.start("name") : end]))


# The present tense of Moroccan (كيخدم) and Levantine (بيشتغل) Arabic; names seldom start so.
_ARABIC_COLLOQUIAL_VERB = re.compile(r"(?:كي|بي|بت|كت)[\u0600-\u06ff]{2,}")
_ARABIC_TITLES = frozenset("السيد السيدة الحاج الحاجة الشيخ الأستاذ الاستاذ الدكتور".split())
_ARABIC_NOT_COUNTED = _ARABIC_TITLES | {"عبد"}


def _cued_name_spans(text: str) -> Iterator[Span]:
    for match in _NAME_CUE.finditer(text):
        words = match.group("name").split()
        kept: list[str] = []
        for index, word in enumerate(words):
            # "heet lisa de jong": a particle between two words of the name is part of it.
            inside = kept and index + 1 < len(words) and words[index + 1].casefold() not in _NOT_A_NAME
            if word.casefold() in _NOT_A_NAME and not (inside and word.casefold() in _SURNAME_PREFIXES):
                break
            if word.casefold() in _ENDS_A_NAME and (kept or not word[0].isupper()):
                break
            if kept and kept[0][0].isupper() and not word[0].isupper() and word.casefold() not in _NAME_PARTICLES:
                break  # "genaamd Todorov int de huur": after a capitalised name a lower-case word is the sentence
            if kept and word[0] == "و" and (word[1:] in _ENDS_A_NAME or _ARABIC_AFTER_AND.match(word[1:])):
                # Arabic "and" joined to a verb or noun: "اسمها ليلى وعمرها" ends at the name; "سارة وهبة" does not
                break
            if _ARABIC_LETTER.match(word) and len([w for w in kept if w not in _ARABIC_NOT_COUNTED]) >= 3:
                # No capitals end a name in Arabic script: given name, father's name, family name;
                # "عبد الرحمن" is one of them.
                break
            if len(kept) >= 2 and _ARABIC_COLLOQUIAL_VERB.match(word):
                break  # "سميتو رشيد الزياني كيدي": a Moroccan or Levantine verb after the name
            kept.append(word)
        while kept and kept[-1].casefold() in _NAME_PARTICLES:
            kept.pop()
        if kept:
            start = match.start("name")
            end = start + len(re.match(r"\s*".join(re.escape(w) for w in kept), text[start:]).group())
            yield Span(start, end, "PERSOON", _key(" ".join(_fold(w) for w in kept)))


# A relative or a boss in Arabic, then a name: "خويا الصغير حمزة" (my little brother Hamza), "لابن
# عمي محمود" (for my cousin Mahmoud), "صاحب العمل محمد أحمد" (the employer Mohamed Ahmed). Arabic
# has no capitals, so the word after the role is a name only when it cannot be read as anything
# else: no article (an adjective, a noun), no verb's prefix (يشتغل، تعمل، كيخدم، بيشتغل), no word
# of `_ARABIC_NOT_A_NAME`.
_ARABIC_ROLE_NAME = re.compile(
    r"(?<![\u0600-\u06ff])[وبل]?(?:"
    r"[أا]?خ(?:ي|ويا)|[أا]?ختي|خت(?:ي|ي)|ابني|بنتي|(?:ابن|بنت)\s+(?:عمي|خالي|عمتي|خالتي)|جار(?:ي|تي)|"
    r"صاحب(?:ي|تي)|زوج(?:ي|تي)|جوزي|مراتي|المشغل|الكفيل|السمسار|الوسيط|المدير|"
    r"صاحب\s+(?:العمل|الشغل|المحل|المطعم|الفرن|الشركة|المنزل|البيت|المزرعة))"
    # Possessive runs of spaces, as elsewhere: "\s*،?\s+" before a long run of spaces is quadratic.
    r"(?:\s++(?:الصغير|الكبير|الصغيرة|الكبيرة))?(?:\s*+،)?\s++"
    r"(?P<name>[\u0600-\u06ff]{2,})(?![\u0600-\u06ff])"
)
_ARABIC_NOT_A_NAME = frozenset(
    """عم عمال راح رح كان كانت قال قالت ما لا مش مو بس هو هي هم اللي يلي الذي التي دلوقتي دابا عندو
    عندها عنده عندي معه معها معي اسمه اسمها اسمو سميتو كمان برضو كذلك أيضا ايضا قد لقد صار صارت ده دي
    هاد هادي هذا هذه ذلك وهو وهي فيه فيها فين وين منين حاليا الآن الان""".split()
)


# A family name after the first name, before a comma or a bracket: "صاحب العمل محمد أحمد، هاتفه".
_ARABIC_SECOND_NAME = re.compile(r"[ \t]+([\u0600-\u06ff]{2,})(?=[ \t]*[،(])")


def _could_be_arabic_name(word: str, *, family: bool = False) -> bool:
    """Whether `word` may be a name: a first name has no article; a family name may ("الحلبي")."""
    # "he/she does" (يشتغل، تعمل) is a verb; "I" or "we" (أ، ن) not: Ahmad, Anas, Nabil and Nour start so.
    verb = word[0] in "يت" or _ARABIC_COLLOQUIAL_VERB.match(word)
    ordinary = word in _ARABIC_NOT_A_NAME or word in _ENDS_A_NAME or word in _HONORIFICS
    return not ((word.startswith("ال") and not family) or verb or ordinary)


def _arabic_role_name_spans(text: str) -> Iterator[Span]:
    if not _ARABIC_LETTER.search(text):
        return
    for match in _ARABIC_ROLE_NAME.finditer(text):
        if not _could_be_arabic_name(match.group("name")):
            continue  # "أبو سمير" is a form of address: `_honorific_name_spans` takes the name
        end = match.end("name")
        second = _ARABIC_SECOND_NAME.match(text, end)
        if second and _could_be_arabic_name(second.group(1), family=True):
            end = second.end()
        yield Span(match.start("name"), end, "PERSOON", _key(text[match.start("name") : end]))


def _role_name_spans(text: str) -> Iterator[Span]:
    position = 0
    while match := _ROLE_NAME.search(text, position):
        name = match.group("name")
        if (name[0].isupper() or _is_first_name(name)) and name.casefold() not in _NO_NAME:
            yield Span(match.start("name"), match.end("name"), "PERSOON", _key(name))
        # The word after a role can itself start one: "een jongen bekend als Ace".
        position = match.start("name")


def _quoted_name_spans(text: str) -> Iterator[Span]:
    """Quoted words with a capital that are not all ordinary words: 'Tomek', not 'Ik wil weg'."""
    if not any(quote in text for quote in "'‘\"“"):
        return
    for match in _QUOTED_NAME.finditer(text):
        name = match.group("name")
        if name[0].isupper() and not all(_fold(word) in _common_words() for word in _WORD.findall(name)):
            yield Span(match.start("name"), match.end("name"), "PERSOON", _key(name))


def _foreign_plate_spans(text: str) -> Iterator[Span]:
    """Foreign plates, unless the words around them are capitals too, or the letters of one are a
    word: that is shouting, not a plate ("HIJ KOMT OM 12 UUR")."""
    for match in _PLATE_FOREIGN.finditer(text):
        before = _WORD.findall(text[max(0, match.start() - 30) : match.start()])[-1:]
        after = _WORD.findall(text[match.end() : match.end() + 30])[:1]
        shouting = any(len(word) > 1 and word.isupper() for word in before + after)
        words = [word for word in _WORD.findall(match.group()) if len(word) >= 3]
        if not shouting and not any(_fold(word) in _common_words() for word in words):
            yield Span(match.start(), match.end(), "KENTEKEN", _key(match.group()))


def _cued_spans(
    pattern: re.Pattern[str], group: str, tag: str, text: str, skip: frozenset[str] = frozenset()
) -> Iterator[Span]:
    for match in pattern.finditer(text):
        if match.group(group).casefold() not in skip:
            yield Span(match.start(group), match.end(group), tag, _key(match.group(group)))


def _introduced_name_spans(text: str) -> list[Span]:
    """Names the words around them announce: after a cue, a role, a form of address, before "heet"."""
    return [
        *_cued_name_spans(text),
        *_role_name_spans(text),
        *_arabic_role_name_spans(text),
        *_cued_spans(_NAME_BEFORE_CUE, "name", "PERSOON", text),
        *_heten_name_spans(text),
        *_honorific_name_spans(text),
        *_lexicon_name_spans(text),
    ]


_MAX_NAMES_ELSEWHERE = 50
# Built once, like `_NO_NAME`: the words of an introduced name that are not the name itself.
_NO_NAME_PART = _NAME_PARTICLES | _HONORIFICS


def _names_elsewhere(text: str, introduced: list[Span]) -> list[str]:
    """The introduced names, to be removed wherever else they stand ("named Haile ... Haile's
    phone"): their words that are no ordinary word, form of address or particle. A single word in
    lower case only when it is in deduce's lists of names: after a cue it may be no name ("se
    numește firma" would take "firma" from the whole text). Two or more are a first name and a
    surname in any case ("ze heet nataliia kravchuk ... belde nataliia")."""
    names = []
    for span in introduced:
        words = [
            word
            for word in _WORD.findall(text[span.start : span.end])
            if not _is_ordinary(word) and word.casefold() not in _NO_NAME_PART
        ]
        if len(words) < 2:
            words = [
                word
                for word in words
                if word[0].isupper() or _caseless(word) or _in_lookup("first_name", word) or _in_lookup("surname", word)
            ]
        if words:
            names.append(" ".join(words))
    # Each name is a pattern run over the whole text: once each, and no more than a signal holds.
    return list(dict.fromkeys(names))[:_MAX_NAMES_ELSEWHERE]


def find_own_identifiers(
    text: str, known_names: Iterable[str] = (), introduced: list[Span] | None = None
) -> list[Span]:
    """Spans found by Samen's own patterns (not deduce), unmerged and unsorted.

    `introduced` are the spans of `_introduced_name_spans(text)`, where the caller has them already.
    """
    spans, _person_of = _name_spans(text, known_names)
    spans.extend(Span(m.start(), m.end(), "EMAILADRES", _key(m.group())) for m in _EMAIL.finditer(text))
    spans.extend(Span(m.start(), m.end(), "EMAILADRES", _key(m.group())) for m in _EMAIL_SPELLED.finditer(text))
    spans.extend(_spoken_email_spans(text))
    spans.extend(Span(m.start(), m.end(), "ACCOUNT", _key(m.group())) for m in _HANDLE.finditer(text))
    spans.extend(_cued_spans(_HANDLE_CUED, "handle", "ACCOUNT", text))
    spans.extend(_handle_spans(text))
    spans.extend(_cued_plate_spans(text))
    for pattern in (_DOCUMENT, _DOCUMENT_AFTER_WORDS):
        spans.extend(_cued_spans(pattern, "number", "DOCUMENTNUMMER", text))
    spans.extend(Span(m.start(), m.end(), "LOCATIE", _key(m.group())) for m in STREET.finditer(text))
    spans.extend(_foreign_street_spans(text))
    spans.extend(_introduced_name_spans(text) if introduced is None else introduced)
    spans.extend(_quoted_name_spans(text))
    for pattern in (_URL_BARE, _URL_MARKED):
        spans.extend(Span(m.start(), m.end(), "URL", _key(m.group())) for m in pattern.finditer(text))
    spans.extend(_iban_spans(text))
    for pattern in (_PLATE_DASHED, _PLATE_COMPACT, _PLATE_SPACED):
        spans.extend(Span(m.start(), m.end(), "KENTEKEN", _key(m.group())) for m in pattern.finditer(text))
    spans.extend(_foreign_plate_spans(text))
    spans.extend(
        Span(m.start(), m.end(), "BSN", _key(m.group())) for m in _BSN_LIKE.finditer(text) if is_valid_bsn(m.group())
    )
    for pattern in _DATES:
        spans.extend(Span(m.start(), m.end(), "DATUM", _key(m.group())) for m in pattern.finditer(text))
    spans.extend(_phone_spans(text))
    spans.extend(_spelled_phone_spans(text))
    return spans


# English and Romanian words that deduce's list of first names holds ("My name is ..."): alone they
# are the word. Not "Can", a Turkish first name.
_FIRST_NAMES_THAT_ARE_WORDS = frozenset("my has him just said take mea".split())


# The initials deduce puts before a surname: "A. Bakker", "J.P. de Vries".
_INITIALS = re.compile(r"(?:[^\W\d_]\.[ \t]*)+[ \t]")


def _deduce_spans(text: str, reading: str | None = None) -> list[Span]:
    """deduce's spans in `text`, found in `reading` (`text` as deduce reads it best: `_for_deduce`)."""
    spans = []
    for annotation in get_deduce().deidentify(reading or text).annotations:
        tag = "PERSOON" if annotation.tag.upper() == "PATIENT" else annotation.tag.upper()
        start, end = annotation.start_char, annotation.end_char
        if tag == "PERSOON":
            if text[start:end].casefold() in _FIRST_NAMES_THAT_ARE_WORDS:
                continue
            if (initials := _INITIALS.match(text, start, end)) and not (
                start := _after_false_initial(text, start, initials.end(), end)
            ):
                continue
        spans.append(Span(start, end, tag, ""))
    return spans


def _after_false_initial(text: str, start: int, rest: int, end: int) -> int | None:
    """Where a name that deduce found after an initial starts, or None when it found no name.

    deduce reads a letter and a full stop as an initial, also where they end a plate or a sentence:
    "the plate is HX-123-Z. She sends money" gave the person "Z. She", and merged with the plate the
    tag took "She" away. A letter that ends a longer word is no initial: the name is what follows,
    if that is no ordinary word. After a letter on its own ("plan B. She said") the span is no name
    only when nothing but pronouns and function words follow: "A. de Jong" and "A. Bakker" are names.
    """
    words = _WORD.findall(text, rest, end)
    glued = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "-/")
    if glued:
        return rest if words and not all(map(_is_ordinary, words)) else None
    return start if not words or not all(word.casefold() in _NO_NAME for word in words) else None


def _keyed(text: str, spans: list[Span], person_of: dict[str, str]) -> Iterator[Span]:
    """deduce's spans with their keys; "Oksana" found by deduce shares the known "Oksana Kovalenko"'s."""
    for span in spans:
        found = text[span.start : span.end]
        key = _key(found)
        if span.tag == "PERSOON":
            key = person_of.get(" ".join(_fold(found).split()), key)
        yield Span(span.start, span.end, span.tag, key)


def _merge(spans: Iterable[Span]) -> list[Span]:
    """Merge overlapping spans; the longest (then highest-priority) one names the result."""
    merged: list[Span] = []
    cluster: list[Span] = []
    cluster_end = -1

    def close() -> None:
        if cluster:
            best = min(cluster, key=lambda s: (-(s.end - s.start), _priority(s.tag), s.start))
            merged.append(Span(cluster[0].start, cluster_end, best.tag, best.key))

    for span in sorted(spans, key=lambda s: (s.start, -s.end)):
        if span.start >= span.end:
            continue
        if cluster and span.start < cluster_end:
            cluster.append(span)
            cluster_end = max(cluster_end, span.end)
        else:
            close()
            cluster, cluster_end = [span], span.end
    close()
    return merged


@dataclass
class TagNumbers:
    """Which number each found value got per tag ("[PERSOON-2]"). Shared by the texts of one
    signal, so one person has one tag in all of them."""

    numbers: dict[tuple[str, str], int] = field(default_factory=dict)
    per_tag: dict[str, int] = field(default_factory=dict)


def _redact(text: str, spans: list[Span], tags: TagNumbers) -> str:
    numbers, per_tag = tags.numbers, tags.per_tag
    pieces: list[str] = []
    position = 0
    for span in spans:
        number = numbers.get((span.tag, span.key))
        if number is None:
            number = per_tag[span.tag] = per_tag.get(span.tag, 0) + 1
            numbers[(span.tag, span.key)] = number
        pieces.append(text[position : span.start])
        pieces.append(f"[{span.tag}-{number}]")
        position = span.end
    pieces.append(text[position:])
    return "".join(pieces)


_WORD = re.compile(r"[^\W\d_][\w'’-]*")


@functools.cache
def _common_words() -> frozenset[str]:
    """deduce's lists of ordinary Dutch words (stop words, common words, its whitelist), folded."""
    lists = get_deduce().lookup_structs
    return frozenset(_fold(word) for name in ("stop_word", "common_word", "whitelist") for word in lists[name].items())


def _is_capitalised(word: str) -> bool:
    """A word written as a name: "Mihai" or "Jean-Pierre"; not "NLA" (an abbreviation) or "P3562478" (a code)."""
    letters = word.replace("-", "").replace("'", "").replace("’", "")
    return word[0].isupper() and letters.isalpha() and (len(word) == 1 or not word[1:].isupper())


# Dutch and German name particles in Cyrillic, where deduce, which reads Latin script, does not see
# "Ян де Гроот" as a name.
_CYRILLIC_PARTICLES = frozenset("де ван дер ден фан фон".split())


def _capitalised_names(text: str) -> list[str]:
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
    for match in _WORD.finditer(text):
        joined = previous is not None and text[previous.end() : match.start()] == " "
        if not _is_capitalised(match.group()):
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
            while words and _fold(words[0]) in _common_words():
                words.pop(0)
        if len(words) >= 2 and not all(_fold(word) in _common_words() for word in words):
            names.append(" ".join(words))
    return names


@functools.lru_cache(maxsize=16384)
def _spelling_key(word: str) -> str:
    """One spelling for the ways a name is written: "Hany" and "Hani", "Йордан" and "Jordan"."""
    return fold_variants(normalise_text(word))


@functools.cache
def _first_name_keys() -> frozenset[str]:
    """The spelling keys of deduce's first names that are no ordinary word ("Mark", "Roos" are)."""
    trie = get_deduce().lookup_structs["first_name"]
    return frozenset(
        _spelling_key(name)
        for name, entry in trie.children.items()
        if entry.is_terminal and len(name) >= 3 and not _is_ordinary(name) and name.casefold() not in _ENDS_A_NAME
    )


@functools.cache
def _country_keys() -> frozenset[str]:
    """The spelling keys of the one-word names of countries in every language phonenumbers knows:
    "Libya", "China" and "Romania" are first names in deduce's list too. Not a word of a longer
    name: "Saint Helena" does not make "Helena" a place."""
    from phonenumbers.geodata.locale import LOCALE_DATA

    return frozenset(
        _spelling_key(name)
        for names in LOCALE_DATA.values()
        for name in names.values()
        if not name.startswith("*") and " " not in name.strip()
    )


# Polish consonants that change before the ending of the dative and locative: "Agnieszka",
# "Agnieszce"; "Olga", "Oldze"; "Barbara", "Barbarze"; "Marta", "Marcie".
_ALTERNATIONS = (("c", "ka"), ("dz", "ga"), ("rz", "ra"), ("ci", "ta"), ("dzi", "da"))


@functools.lru_cache(maxsize=4096)
def _nominatives(folded: str) -> frozenset[str]:
    """The spelling keys of what a folded word may be in the nominative: itself, and its stem
    before each case ending with the ending of a name ("Jackiem": "jack", "jacek"; "Дмитра": "дмитро")."""
    cyrillic = not folded.isascii() and folded[-1] in "абвгдежзийклмнопрстуфхцчшщъьюяєії"
    vowels = ("а", "о", "я", "и") if cyrillic else ("a", "o")
    forms = {folded}
    for ending in _CASE_ENDINGS:
        stem = folded[: -len(ending)]
        if not folded.endswith(ending) or len(stem) < _MIN_STEM:
            continue
        forms.add(stem)
        forms.update(stem + vowel for vowel in vowels)
        if stem[-1] in "kcrlкцрл" and stem[-2] not in "aeiouyаеиоуяюєії":
            forms.add(stem[:-1] + ("е" if cyrillic else "e") + stem[-1])  # "Jack" was "Jacek"
        forms.update(stem[: -len(before)] + after for before, after in _ALTERNATIONS if stem.endswith(before))
    return frozenset(map(_spelling_key, forms))


def _known_first_names(text: str, places: Container[str]) -> list[str]:
    """Capitalised words inside a sentence that are a first name deduce knows in another script,
    spelling or case: "Юрій", "Hany", "z Jackiem i Sebastianem", "bo Oldze zabrano telefon".

    deduce finds its first names as it has them, in Latin script and in the nominative; Polish,
    Ukrainian and Bulgarian reporters write them otherwise. Not at the start of a sentence, where
    any word has a capital; not a place deduce knows; not a country's name in any language, so
    "Йордан" (Jordan) stays, a name as often as a country.
    """
    keys, countries = _first_name_keys(), _country_keys()
    names = []
    for match in _WORD.finditer(text):
        word = match.group()
        if len(word) < 3 or not _is_capitalised(word) or word in places or _is_ordinary(word):
            continue
        # A window, not the whole text before the word: a slice per word would make this quadratic.
        before = text[max(0, match.start() - 40) : match.start()].rstrip()
        if not before or before[-1] in ".!?:;\n(“‘«„" or (before[-1] in "'\"" and not before[-2:-1].isalpha()):
            continue  # the start of a sentence or of a quote; not after one ("z 'przyjacielem' Adamem")
        if _spelling_key(word) not in countries and (_nominatives(_fold(word)) & keys) - countries:
            names.append(word)
    return list(dict.fromkeys(names))[:_MAX_NAMES_ELSEWHERE]


def deidentify_text(text: str, known_names: Iterable[str] = (), tags: TagNumbers | None = None) -> str:
    """Return `text` with names, contact details, identifiers and dates replaced by tags.

    `known_names` are the names of the persons on the signal; they are removed wherever
    they occur (case- and accent-insensitively), also as separate first or last names of
    three letters or more, even where deduce's Dutch name lists do not know them. `tags`: the
    numbering of texts de-identified before, to number on from (one per signal).
    """
    if not text or not text.strip():
        return text
    return _redact(text, _spans(text, known_names), tags or TagNumbers())


def deidentify_pieces(
    text: str, pieces: Sequence[tuple[int, int]], known_names: Iterable[str] = (), tags: TagNumbers | None = None
) -> list[str]:
    """The pieces `text[start:end]` of `text`, each de-identified as the whole text is.

    A name is often found from its context in one place only ("de baas heet Florin", "Mihai
    Ionescu") and then removed wherever it recurs in the same text ("Florin is lang"): pieces
    de-identified one by one would each miss what the others gave away. A span that crosses the
    edge of a piece is replaced in each piece it touches; what lies between the pieces (labels of
    our own) is context only.
    """
    tags = tags or TagNumbers()
    spans = _spans(text, known_names) if text.strip() else []
    found = []
    for start, end in pieces:
        inside = [
            Span(max(span.start, start) - start, min(span.end, end) - start, span.tag, span.key)
            for span in spans
            if span.start < end and span.end > start
        ]
        found.append(_redact(text[start:end], inside, tags))
    return found


# A word in capitals: "JAN", "AL-HASSAN"; letters only, so no plate, code or IBAN.
_WORD_IN_CAPITALS = re.compile(r"(?<![\w-])[^\W\d_a-zà-ÿ]{2,}(?:-[^\W\d_]{2,})?(?![\w-])")
# The particles between a first name and a surname: "JAN DE VRIES", "PIET VAN DER BERG".
_PARTICLES_IN_CAPITALS = re.compile(r"(?:[ \t]+(?:DE|VAN|DER|DEN|TEN|TER|HET|VON|EL|AL)(?![\w-])){0,3}[ \t]+")
# After these a word is a noun, though deduce's list has it as a first name too: "IN DE KAS".
_ARTICLES = frozenset("de het een the a an deze dit die dat this that".split())


def _for_deduce(text: str) -> str:
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

    for match in _WORD_IN_CAPITALS.finditer(text):
        word = match.group()
        if not word.isupper() or not _is_first_name(word):
            continue
        before = _WORD.findall(text, max(0, match.start() - 8), match.start())[-1:]
        if before and before[0].casefold() in _ARTICLES:
            continue
        write(match.start(), match.end(), word.title())
        position, surnames = match.end(), 0
        while (
            surnames < 2
            and (particles := _PARTICLES_IN_CAPITALS.match(text, position))
            and (surname := _WORD_IN_CAPITALS.match(text, particles.end()))
        ):
            if not (surname.group().isupper() and _in_lookup("surname", surname.group())):
                break
            write(particles.start(), particles.end(), particles.group().lower())
            write(surname.start(), surname.end(), surname.group().title())
            position, surnames = surname.end(), surnames + 1
    return "".join(pieces)


# A nickname in brackets between a first name and a surname: "Anna (Ania) Kowalska".
_NICKNAME_INSIDE = re.compile(r"(?<![\w-])([^\W\d_][\w'’-]*) \(([^\W\d_][\w'’-]*)\) ([^\W\d_][\w'’-]*)(?![\w-])")


def _nicknamed_names(text: str) -> list[tuple[str, str]]:
    """ "Anna (Ania) Kowalska" as the name "Anna Kowalska" with the nickname "Ania": the brackets
    break the run of capitalised words `_capitalised_names` looks for, and the surname got through."""
    if "(" not in text:
        return []
    return [
        (f"{first} {last}", nickname)
        for match in _NICKNAME_INSIDE.finditer(text)
        if all(map(_is_capitalised, (first := match.group(1), nickname := match.group(2), last := match.group(3))))
        and not all(map(_is_ordinary, (first, nickname, last)))
    ]


def _owner(name: str, names: Iterable[str]) -> str:
    """The first of `names` that holds every part of `name`: a known "Anna Maria Kowalska" for "Anna Kowalska"."""
    parts = {form for form in _name_forms(name) if " " not in form}
    return next((other for other in names if parts <= set(_name_forms(other))), name)


# What stands in brackets right after a name: "Mohammed Al-Hassan (محمد الحسن)", "Jan (Jantje)".
_BRACKETED = re.compile(r"[ \t]*\([ \t]*(?P<name>[^\W\d_][^()\d\n]{0,60}?)[ \t]*\)")


def _is_bracketed_name(words: list[str]) -> bool:
    """The same person's name in another script or a nickname: up to four words, each in a script
    without capitals (Arabic) or capitalised and no ordinary word or country ("Jan (Eigenaar)", "Ion
    (Moldova)" stay). In lower case it says what the person is: "Jan (de baas)", "(eigenaar)"."""
    return 1 <= len(words) <= 4 and all(
        re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", word)
        and (
            (_caseless(word) and word not in _ARABIC_NOT_A_NAME and word not in _ENDS_A_NAME)
            or (word[0].isupper() and not _is_ordinary(word) and _spelling_key(word) not in _country_keys())
        )
        for word in words
    )


def _with_bracketed_names(text: str, spans: list[Span]) -> list[Span]:
    """`spans` (merged, in order) with a name in brackets right after a person, as that person.

    Reporters add how a name is written in the person's own script, or what they are called:
    "Mohammed Al-Hassan (محمد الحسن)" came out as "[PERSOON-7] (محمد الحسن)"; the brackets hold the
    same name, so it gets the same tag. Found already ("Ivan Petrenko (Іван Петренко)", two runs
    of capitalised words), it gets that tag too.
    """
    result: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        result.append(span)
        index += 1
        if span.tag != "PERSOON" or not (match := _BRACKETED.match(text, span.end)):
            continue
        inside = []
        while index < len(spans) and spans[index].end <= match.end():
            inside.append(spans[index])
            index += 1
        if index < len(spans) and spans[index].start < match.end():
            result.extend(inside)
            continue  # a span that runs on out of the brackets: not a name in them
        if not inside and _is_bracketed_name(match.group("name").split()):
            result.append(Span(match.start("name"), match.end("name"), "PERSOON", span.key))
            continue
        between = zip(
            [match.start("name"), *(s.end for s in inside)],
            [*(s.start for s in inside), match.end("name")],
            strict=True,
        )
        same = (
            bool(inside)
            and all(s.tag == "PERSOON" for s in inside)
            and not "".join(text[a:b] for a, b in between).strip()
        )
        result.extend(Span(s.start, s.end, s.tag, span.key) if same else s for s in inside)
    return result


def _spans(text: str, known_names: Iterable[str]) -> list[Span]:
    """What `deidentify_text` replaces in `text`, in order and without overlaps."""
    known_names = [name for name in known_names if name and name.strip()]
    found = _deduce_spans(text, _for_deduce(text))
    # A run of capitalised words that deduce knows as a place ("Den Haag") stays a place.
    places = {text[span.start : span.end] for span in found if span.tag == "LOCATIE"}
    introduced = _introduced_name_spans(text)
    nicknamed = _nicknamed_names(text)
    runs = [run for run in [*_capitalised_names(text), *(name for name, _ in nicknamed)] if run not in places]
    elsewhere = [*_names_elsewhere(text, introduced), *_known_first_names(text, places)]
    names = [*known_names, *runs, *elsewhere]
    # A run of capitalised words with an ordinary Dutch word in it is as often a street or an
    # organisation as a name ("Nieuwe Binnenweg", "Nederlandse Arbeidsinspectie"): found only as
    # written, or "een nieuw telefoonnummer" would go with it. "Zbigniewa Nowaka" is declined.
    undeclined = {run for run in runs if any(map(_is_ordinary, run.split()))} - {*known_names, *elsewhere}
    # Each name is a pattern run over the whole text: a name repeated ("Ab Cd, Ab Cd, ...") once.
    names = list(dict.fromkeys(names))
    nicknames: dict[str, list[str]] = {}
    for name, nickname in nicknamed:
        nicknames.setdefault(_owner(name, names), []).append(nickname)
    spans, person_of = _name_spans(text, names, undeclined, nicknames)
    own = find_own_identifiers(text, introduced=introduced)
    return _with_bracketed_names(text, _merge([*spans, *own, *_keyed(text, found, person_of)]))
