"""De-identified copies of the free texts in a signal.

`deidentify_text` combines two detectors on the *original* text:

* `deduce` (Dutch names, addresses, dates, phone numbers, BSN, e-mail, URLs, ages);
* our own patterns for what deduce misses or only half-catches: international phone
  numbers, IBANs, Dutch licence plates, e-mail, BSN-like numbers that pass the
  eleven-test, dates with or without a year, and the names of the persons on the signal.

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
import logging
import os
import pickle
import re
import subprocess
import sys
import tempfile
import threading
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import phonenumbers

from samen.intake.validators import MONTHS, is_valid_bsn

if TYPE_CHECKING:
    from deduce import Deduce

__all__ = [
    "Span",
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

_BSN_LIKE = re.compile(r"(?<![\d.])(?:\d{9}|\d{4}\.\d{2}\.\d{3}|\d{3}([ .])\d{3}\1\d{3})(?![\d])")

_MONTH_NAMES = "|".join(sorted(MONTHS, key=len, reverse=True))
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
            yield Span(match.start(), match.end(), "TELEFOONNUMMER", _key(match.group()))


# Name particles are never removed on their own: "van" or "der" are everywhere in Dutch.
_NAME_PARTICLES = frozenset(
    "van von der den het ten ter des del della dos das bin ibn bint abu ben vom zum zur".split()
)


def _fold(text: str) -> str:
    """Case-fold and strip diacritics, keeping exactly one character per input character."""
    out = []
    for ch in text:
        base = "".join(c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c))
        folded = base.casefold() if len(base) == 1 else ch.casefold()
        out.append(folded if len(folded) == 1 else ch)
    return "".join(out)


def _name_forms(name: str) -> list[str]:
    """The full name and each part of three letters or more, folded, longest first."""
    full = " ".join(_fold(name).split())
    forms = {full} if full else set()
    for part in re.split(r"[\s\-]+", full):
        part = part.strip(".,'")
        if sum(ch.isalpha() for ch in part) >= 3 and part not in _NAME_PARTICLES:
            forms.add(part)
    return sorted(forms, key=len, reverse=True)


def _name_spans(text: str, known_names: Iterable[str]) -> tuple[list[Span], dict[str, str]]:
    """Spans of the known names, and a map from each folded name form to its person key."""
    folded = _fold(text)
    spans: list[Span] = []
    person_of: dict[str, str] = {}
    for index, name in enumerate(known_names):
        forms = _name_forms(name)
        if not forms:
            continue
        key = f"person:{index}"
        for form in forms:
            person_of.setdefault(form, key)
        alternatives = (r"\s+".join(re.escape(word) for word in form.split()) for form in forms)
        pattern = re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)")
        spans.extend(Span(m.start(), m.end(), "PERSOON", key) for m in pattern.finditer(folded))
    return spans, person_of


def find_own_identifiers(text: str, known_names: Iterable[str] = ()) -> list[Span]:
    """Spans found by Samen's own patterns (not deduce), unmerged and unsorted."""
    spans, _person_of = _name_spans(text, known_names)
    spans.extend(Span(m.start(), m.end(), "EMAILADRES", _key(m.group())) for m in _EMAIL.finditer(text))
    spans.extend(_iban_spans(text))
    for pattern in (_PLATE_DASHED, _PLATE_COMPACT):
        spans.extend(Span(m.start(), m.end(), "KENTEKEN", _key(m.group())) for m in pattern.finditer(text))
    spans.extend(
        Span(m.start(), m.end(), "BSN", _key(m.group())) for m in _BSN_LIKE.finditer(text) if is_valid_bsn(m.group())
    )
    for pattern in _DATES:
        spans.extend(Span(m.start(), m.end(), "DATUM", _key(m.group())) for m in pattern.finditer(text))
    spans.extend(_phone_spans(text))
    return spans


def _deduce_spans(text: str, person_of: dict[str, str]) -> Iterator[Span]:
    document = get_deduce().deidentify(text)
    for annotation in document.annotations:
        tag = annotation.tag.upper()
        if tag == "PATIENT":
            tag = "PERSOON"
        key = _key(annotation.text)
        if tag == "PERSOON":
            # Let "Oksana" found by deduce share the number of the known "Oksana Kovalenko".
            key = person_of.get(" ".join(_fold(annotation.text).split()), key)
        yield Span(annotation.start_char, annotation.end_char, tag, key)


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


def _redact(text: str, spans: list[Span]) -> str:
    numbers: dict[tuple[str, str], int] = {}
    per_tag: dict[str, int] = {}
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


def deidentify_text(text: str, known_names: Iterable[str] = ()) -> str:
    """Return `text` with names, contact details, identifiers and dates replaced by tags.

    `known_names` are the names of the persons on the signal; they are removed wherever
    they occur (case- and accent-insensitively), also as separate first or last names of
    three letters or more, even where deduce's Dutch name lists do not know them.
    """
    if not text or not text.strip():
        return text
    known_names = [name for name in known_names if name and name.strip()]
    spans, person_of = _name_spans(text, known_names)
    own = find_own_identifiers(text)
    return _redact(text, _merge([*spans, *own, *_deduce_spans(text, person_of)]))
