"""The interface is Dutch first: every string has a Dutch translation, and Django can read it.

Django reads only the compiled `.mo`. One that is not recompiled after its `.po` changes, or a
new string that no catalogue translates, shows English on a Dutch page; nothing else notices.
"""

from __future__ import annotations

import gettext
import io
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.utils import translation

import samen

PACKAGE = Path(samen.__file__).parent
CATALOGUES = sorted(PACKAGE.glob("**/locale/*/LC_MESSAGES/django.po"))
# Strings that Dutch writes the same way: names, loanwords and the Dutch terms of the glossary.
SAME_IN_DUTCH = frozenset(
    {
        ", ", "%(form)s in %(region)s", "%(person)s", "%(subject)s per %(level)s", "Accounts", "Agenda", "BSN",
        "CoMensha", "Contact", "Filter", "Home", "Object", "Partners", "Privacy", "Professional", "RIEC", "Samen",
        "Sector", "Signaaltafel", "Significant", "Site", "Status", "Status:", "Veilig Thuis", "Website", "code",
        "e-mail", "export", "indicator", "object", "online", "open", "postcode", "professional", "sector", "slug",
        "status", "website",
    }
)  # fmt: skip

pytestmark = pytest.mark.skipif(
    not all(shutil.which(tool) for tool in ("msgfmt", "msgen", "xgettext")),
    reason="needs GNU gettext (Debian package gettext)",
)


def _name(po: Path) -> str:
    return str(po.relative_to(PACKAGE))


def _catalogue(mo: bytes) -> dict:
    return dict(gettext.GNUTranslations(io.BytesIO(mo))._catalog)


def _compile(po: Path | bytes) -> subprocess.CompletedProcess:
    source = ["-"] if isinstance(po, bytes) else [str(po)]
    return subprocess.run(  # noqa: S603
        ["msgfmt", "-c", "-o", "-", *source],  # noqa: S607
        input=po if isinstance(po, bytes) else None,
        capture_output=True,
        check=False,
    )


def _strings_in_the_source(tmp_path: Path) -> set[tuple[str, str]]:
    """(context, text) of every translatable string in the code and templates (`makemessages`)."""
    copy = tmp_path / "samen"
    shutil.copytree(PACKAGE, copy, ignore=shutil.ignore_patterns("tests", "static", "__pycache__", "*.mo"))
    subprocess.run(
        [sys.executable, "-m", "django", "makemessages", "-l", "xx", "-e", "html,txt,py", "--keep-pot"],
        cwd=copy,
        # Without the settings: their LOCALE_PATHS would point makemessages at the real tree.
        env={k: v for k, v in os.environ.items() if k != "DJANGO_SETTINGS_MODULE"},
        check=True,
        capture_output=True,
    )
    strings = set()
    for pot in copy.glob("**/locale/django.pot"):
        header = b"nplurals=INTEGER; plural=EXPRESSION;"
        english = subprocess.run(["msgen", str(pot)], capture_output=True, check=True).stdout  # noqa: S603, S607
        english = english.replace(header, b"nplurals=2; plural=(n != 1);").replace(b"CHARSET", b"UTF-8")
        for key in _catalogue(_compile(english).stdout):
            text = key[0] if isinstance(key, tuple) else key  # a plural form: (text, n)
            context, _separator, text = text.rpartition("\x04")
            if text:
                strings.add((context, text))
    return strings


def test_there_are_catalogues_to_check():
    assert len(CATALOGUES) >= 10


@pytest.mark.parametrize("po", CATALOGUES, ids=_name)
def test_the_committed_mo_holds_what_its_po_says(po: Path):
    fresh = _compile(po)
    assert fresh.returncode == 0, fresh.stderr.decode()
    assert fresh.stderr == b"", f"msgfmt warns about {_name(po)}:\n{fresh.stderr.decode()}"
    committed = po.with_suffix(".mo")
    assert committed.exists(), f"{_name(committed)} is missing: run `samen compilemessages`"
    assert _catalogue(committed.read_bytes()) == _catalogue(fresh.stdout), (
        f"{_name(committed)} is stale: run `samen compilemessages`"
    )


def test_every_string_of_the_interface_has_a_dutch_translation(tmp_path: Path):
    strings = _strings_in_the_source(tmp_path)
    assert len(strings) > 1000  # makemessages found the code and the templates
    with translation.override("nl"):
        untranslated = sorted(
            text
            for context, text in strings
            if (translation.pgettext(context, text) if context else translation.gettext(text)) == text
            and text not in SAME_IN_DUTCH
        )
    assert untranslated == []
