"""The de-identification corpus: fictional signal texts with the values that must (not) survive.

`data/deidentify_corpus.json` holds about 150 texts as reporters, care workers, police and labour
inspectors write them, each with the names a signal would carry (`known_names`) and its values:
identifiers in a category (`phone`, `full_name_foreign`, ...) that must be gone from the
de-identified copy, and words of category `keep` that must still be there. Shared by
`test_deidentify_corpus.py` (a regression guard) and `benchmarks/deidentify_quality.py` (the report).
`data/deidentify_heldout.json` (about 60 texts, `HELDOUT_PATH`) has the same format; it was written
apart from the patterns, to measure how well they do on texts they were not tuned on
(guarded in the same test module).
"""

from __future__ import annotations

import json
import re
import statistics
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path

CORPUS_PATH = Path(__file__).parent / "data" / "deidentify_corpus.json"
# About 60 further texts in the same format, written apart from the patterns of deidentify/, which
# were tuned on the corpus above: a held-out check of how well they generalise.
HELDOUT_PATH = Path(__file__).parent / "data" / "deidentify_heldout.json"
# 40 texts in the public form's other languages (Arabic, Polish, Romanian, Bulgarian, Ukrainian),
# written apart from the patterns too: how well they do where deduce, which reads Dutch, does not help.
LANGUAGES_PATH = Path(__file__).parent / "data" / "deidentify_languages.json"
# 56 texts in all seven languages of the public form, written apart from the patterns after the
# other three had been tuned on: the freshest measure of how well the patterns generalise.
FRESH_PATH = Path(__file__).parent / "data" / "deidentify_fresh.json"
# 60 more texts in the seven languages, written apart from the patterns after all four above had
# been tuned on, with ordinary words that look like names and places among the words to keep.
FIFTH_PATH = Path(__file__).parent / "data" / "deidentify_fifth.json"

IDENTIFYING_CATEGORIES = (
    "full_name_dutch",
    "full_name_foreign",
    "first_name_alone",
    "nickname",
    "phone",
    "email",
    "iban",
    "bsn",
    "passport_or_id",
    "plate_dutch",
    "plate_foreign",
    "address",
    "postcode",
    "date_of_birth",
    "social_account",
    "url",
)
KEEP = "keep"
NAME_CATEGORIES = ("full_name_dutch", "full_name_foreign")
_PARTICLES = frozenset("van von der den de het ten ter del la le da dos el al bin".split())


@dataclass(frozen=True, slots=True)
class Value:
    signal_id: str
    category: str
    value: str


@dataclass(frozen=True, slots=True)
class Signal:
    id: str
    kind: str
    text: str
    known_names: tuple[str, ...]
    values: tuple[Value, ...]


def load_corpus(path: Path = CORPUS_PATH) -> list[Signal]:
    data = json.loads(path.read_text(encoding="utf-8"))
    return [
        Signal(
            id=item["id"],
            kind=item["kind"],
            text=item["text"],
            known_names=tuple(item["known_names"]),
            values=tuple(Value(item["id"], v["category"], v["value"]) for v in item["values"]),
        )
        for item in data["signals"]
    ]


def _squashed(text: str) -> str:
    return re.sub(r"\s+", "", text.casefold())


def survives(value: str, output: str) -> bool:
    """Whether `value` is still in `output`: case-insensitively, and ignoring spaces when it holds a digit.

    A value without digits must be there as a whole word ("Ana" is not in "Banaan"); one with digits
    ("+31 6 5318 2749", "2651 BE") counts however it is spaced in the output.
    """
    if any(ch.isdigit() for ch in value):
        return _squashed(value) in _squashed(output)
    words = (re.escape(word) for word in value.casefold().split())
    return re.search(r"(?<!\w)" + r"\s+".join(words) + r"(?!\w)", output.casefold()) is not None


def surviving_name_parts(value: str, output: str) -> list[str]:
    """The parts of a full name (three letters or more, no particle) still in `output` as a word."""
    parts = [p.strip(".,'") for p in re.split(r"[\s\-]+", value)]
    return [p for p in parts if len(p) >= 3 and p.casefold() not in _PARTICLES and survives(p, output)]


def iban_checks(iban: str) -> bool:
    """Whether `iban` passes the mod-97 check of ISO 13616 (the corpora hold only IBANs that do)."""
    compact = iban.replace(" ", "").upper()
    return int("".join(str(int(ch, 36)) for ch in compact[4:] + compact[:4])) % 97 == 1


def describe(values: Iterable[Value]) -> str:
    """`'value' [signal id]; ...`, for a test's failure message."""
    return "; ".join(f"{v.value!r} [{v.signal_id}]" for v in values)


@dataclass
class CorpusRun:
    """The de-identified copy of every text, and what got through."""

    outputs: dict[str, str] = field(default_factory=dict)
    seconds: list[float] = field(default_factory=list)
    totals: dict[str, int] = field(default_factory=dict)
    leaked: list[Value] = field(default_factory=list)  # identifiers still in the copy
    over_redacted: list[Value] = field(default_factory=list)  # `keep` words gone from the copy
    partly_leaked: list[tuple[Value, list[str]]] = field(default_factory=list)  # a full name, part still there

    def leaks_in(self, category: str) -> list[Value]:
        return [v for v in self.leaked if v.category == category]

    @property
    def median_ms(self) -> float:
        return statistics.median(self.seconds) * 1000 if self.seconds else 0.0

    @property
    def identifiers(self) -> int:
        return sum(n for category, n in self.totals.items() if category != KEEP)


def run_corpus(deidentify: Callable[..., str], signals: Iterable[Signal] | None = None) -> CorpusRun:
    """Run every text through `deidentify(text, known_names=...)` and check its values."""
    run = CorpusRun()
    for signal in load_corpus() if signals is None else signals:
        start = time.perf_counter()
        output = deidentify(signal.text, known_names=list(signal.known_names))
        run.seconds.append(time.perf_counter() - start)
        run.outputs[signal.id] = output
        for value in signal.values:
            run.totals[value.category] = run.totals.get(value.category, 0) + 1
            if value.category == KEEP:
                if not survives(value.value, output):
                    run.over_redacted.append(value)
            elif survives(value.value, output):
                run.leaked.append(value)
            elif value.category in NAME_CATEGORIES and (parts := surviving_name_parts(value.value, output)):
                run.partly_leaked.append((value, parts))
    return run
