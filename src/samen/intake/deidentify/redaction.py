"""Merging overlapping spans, and replacing them by numbered tags."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from samen.intake.deidentify.spans import Span

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


def merge_spans(spans: Iterable[Span]) -> list[Span]:
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


def redact(text: str, spans: list[Span], tags: TagNumbers) -> str:
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
