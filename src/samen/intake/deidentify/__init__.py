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
  deduce reads as names (`deduce_findings.for_deduce`); foreign ones ("PIOTR NOWAK") we find
  (`in_capitals.names_in_capitals`). `benchmarks/deidentify_quality.py` measures what still
  leaks on a corpus of 150 signals (`tests/data/deidentify_corpus.json`).

Both produce character spans; overlapping spans are merged into one (so `+31 6 87654321`,
of which deduce tags only the last digits, disappears as a whole) and every merged span is
replaced by a tag in deduce's style, `[TELEFOONNUMMER-1]`, numbered per tag so that the
same value gets the same tag throughout the text. Running our patterns on deduce's output
instead would leave half-redacted numbers like `NL91ABNA[ID-1]` behind.

Loading deduce takes seconds and about a gigabyte, so there is exactly one instance per
process, created under a lock by `warm_up()` at worker start (or lazily on first use).

The modules: `deduce_instance` (the one deduce and its lookup cache), `deduce_findings` (what
deduce finds, in the text as it reads it best), `words` (folding, and which words are ordinary),
`spans` and `redaction` (spans, their merging, the tags); our patterns by what they find:
`phones`, `emails`, `online` (accounts, links), `identity_numbers` (IBAN, BSN, passports),
`dates`, `plates`, `addresses`; and names: `persons` (the known names, declined as
`declension` says), `name_cues` and `role_names` (names the words around them announce,
gathered in `introduced_names`), `capitalised` (runs of capitalised words, first names deduce
knows in other spellings), `in_capitals` (names written in capitals), `brackets` (a name or
nickname in brackets). `own_patterns` runs all of ours; this module puts deduce and ours together."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from samen.intake.deidentify.addresses import STREET
from samen.intake.deidentify.brackets import (
    names_before_who_they_are,
    nicknamed_names,
    owner_of,
    with_bracketed_names,
)
from samen.intake.deidentify.capitalised import capitalised_names, known_first_names
from samen.intake.deidentify.deduce_findings import deduce_spans, for_deduce, keyed
from samen.intake.deidentify.deduce_instance import (
    DAMAGED_CACHE_ERRORS,
    ensure_lookup_cache,
    get_deduce,
    is_loaded,
    lookup_cache_path,
)
from samen.intake.deidentify.in_capitals import names_in_capitals
from samen.intake.deidentify.introduced_names import introduced_name_spans, names_elsewhere
from samen.intake.deidentify.own_patterns import find_own_identifiers
from samen.intake.deidentify.persons import name_spans
from samen.intake.deidentify.redaction import TagNumbers, merge_spans, redact
from samen.intake.deidentify.spans import Span
from samen.intake.deidentify.words import is_ordinary

__all__ = [
    "DAMAGED_CACHE_ERRORS",
    "STREET",
    "Span",
    "TagNumbers",
    "deidentify_pieces",
    "deidentify_text",
    "ensure_lookup_cache",
    "find_own_identifiers",
    "get_deduce",
    "is_loaded",
    "lookup_cache_path",
    "warm_up",
]


def warm_up() -> None:
    """Load deduce (building its on-disk cache if needed) and run it once.

    `samen worker` calls this at start so the first signal does not pay for loading.
    """
    deidentify_text("Warm-up: Jan Jansen belde op 1 januari 2024 met 06-12345678.")


def deidentify_text(text: str, known_names: Iterable[str] = (), tags: TagNumbers | None = None) -> str:
    """Return `text` with names, contact details, identifiers and dates replaced by tags.

    `known_names` are the names of the persons on the signal; they are removed wherever
    they occur (case- and accent-insensitively), also as separate first or last names of
    three letters or more, even where deduce's Dutch name lists do not know them. `tags`: the
    numbering of texts de-identified before, to number on from (one per signal).
    """
    if not text or not text.strip():
        return text
    return redact(text, _spans(text, known_names), tags or TagNumbers())


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
        found.append(redact(text[start:end], inside, tags))
    return found


def _spans(text: str, known_names: Iterable[str]) -> list[Span]:
    """What `deidentify_text` replaces in `text`, in order and without overlaps."""
    known_names = [name for name in known_names if name and name.strip()]
    found = deduce_spans(text, for_deduce(text))
    # A run of capitalised words that deduce knows as a place ("Den Haag") stays a place.
    places = {text[span.start : span.end] for span in found if span.tag == "LOCATIE"}
    introduced = introduced_name_spans(text)
    nicknamed = nicknamed_names(text)
    runs = [
        run
        for run in [*capitalised_names(text), *names_in_capitals(text, places), *(name for name, _ in nicknamed)]
        if run not in places
    ]
    elsewhere = [
        *names_elsewhere(text, introduced),
        *known_first_names(text, places),
        *names_before_who_they_are(text, places),
    ]
    names = [*known_names, *runs, *elsewhere]
    # A run of capitalised words with an ordinary Dutch word in it is as often a street or an
    # organisation as a name ("Nieuwe Binnenweg", "Nederlandse Arbeidsinspectie"): found only as
    # written, or "een nieuw telefoonnummer" would go with it. "Zbigniewa Nowaka" is declined.
    undeclined = {run for run in runs if any(map(is_ordinary, run.split()))} - {*known_names, *elsewhere}
    # Each name is a pattern run over the whole text: a name repeated ("Ab Cd, Ab Cd, ...") once.
    names = list(dict.fromkeys(names))
    nicknames: dict[str, list[str]] = {}
    for name, nickname in nicknamed:
        nicknames.setdefault(owner_of(name, names), []).append(nickname)
    spans, person_of = name_spans(text, names, undeclined, nicknames)
    own = find_own_identifiers(text, introduced=introduced)
    return with_bracketed_names(text, merge_spans([*spans, *own, *keyed(text, found, person_of)]))
