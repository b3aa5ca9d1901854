"""Template source rules that Django does not enforce itself."""

from __future__ import annotations

from pathlib import Path

import samen

TEMPLATES = sorted(Path(samen.__file__).parent.rglob("templates/**/*.html"))


def test_there_are_templates_to_check():
    assert len(TEMPLATES) > 20


def test_no_template_comment_spans_lines():
    """`{# ... #}` is a one-line comment: spread over two lines Django prints it on the page."""
    broken = []
    for template in TEMPLATES:
        for number, line in enumerate(template.read_text().splitlines(), 1):
            start = line.find("{#")
            if start >= 0 and "#}" not in line[start:]:
                broken.append(f"{template.name}:{number}")
    assert not broken, broken
