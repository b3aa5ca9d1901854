"""The names of the persons on the signal, found in every form and case."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable, Mapping, Sequence

from samen.intake.deidentify.declension import AFTER_STEM, declined_form, stems_of
from samen.intake.deidentify.spans import Span
from samen.intake.deidentify.words import NAME_PARTICLES, fold


def name_forms(name: str) -> list[str]:
    """The full name and each part of three letters or more, folded, longest first."""
    full = " ".join(fold(name).split())
    forms = {full} if full else set()
    for part in re.split(r"[\s\-]+", full):
        part = part.strip(".,'")
        if sum(ch.isalpha() for ch in part) >= 3 and part not in NAME_PARTICLES:
            forms.add(part)
    return sorted(forms, key=len, reverse=True)


def name_spans(
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
    folded = fold(text)
    spans: list[Span] = []
    person_of: dict[str, str] = {}
    nicknames = nicknames or {}
    forms_of = [
        sorted(
            dict.fromkeys(
                [*name_forms(name), *(form for nick in nicknames.get(name, ()) for form in name_forms(nick))]
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
        stems = {stem: endings for part in parts for stem, endings in stems_of(part).items()}
        alternatives = [r"\s+".join(re.escape(word) for word in form.split()) for form in forms]
        alternatives += [re.escape(stem) + AFTER_STEM for stem in stems]
        # In Arabic "and", "with", "for" and "like" are written joined to the name: "ولمازن", "بمازن".
        pattern = re.compile(r"(?:(?<!\w)|(?<=[وفبلك]))(?:" + "|".join(alternatives) + r")(?!\w)")
        spans.extend(
            Span(m.start(), m.end(), "PERSOON", key)
            for m in pattern.finditer(folded)
            if m.group() in forms
            or not m.group().isalpha()
            or (m.group() not in as_written and declined_form(m.group(), stems))
        )
    return spans, person_of
