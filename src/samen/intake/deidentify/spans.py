"""Spans: a piece of the text to be replaced by a tag, and the key that numbers equal values alike."""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Span:
    """A piece of `text[start:end]` to be replaced by `[TAG-n]`.

    Spans with the same `tag` and `key` get the same number.
    """

    start: int
    end: int
    tag: str
    key: str


_SEPARATORS = re.compile(r"[\s.\-/()]")


def value_key(text: str) -> str:
    return _SEPARATORS.sub("", text.casefold())


def cued_spans(
    pattern: re.Pattern[str], group: str, tag: str, text: str, skip: frozenset[str] = frozenset()
) -> Iterator[Span]:
    for match in pattern.finditer(text):
        if match.group(group).casefold() not in skip:
            yield Span(match.start(group), match.end(group), tag, value_key(match.group(group)))
