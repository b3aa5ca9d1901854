"""Labels of the public form said two ways: of someone else, and to the reporter.

After "It is about me" the questions about the person concerned speak to the reporter ("Do you
earn very little?"), not of a third person. Both wordings are in the page; the class
`samen-about--self` on the form shows one (set by the server for a returned form, and by
`about-whom.js` when the reporter changes the answer). Without it, the page reads as before.
"""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.html import format_html
from django.utils.safestring import SafeString

__all__ = ["AboutWhom"]


class AboutWhom:
    """A label with a wording for someone else and one for the reporter.

    As text (an error summary, a log) it is the wording for someone else; in a template it
    renders both, each in the span that the form's class shows or hides.
    """

    def __init__(self, other: str | Promise, about_self: str | Promise) -> None:
        self.other = other
        self.about_self = about_self

    def __str__(self) -> str:
        return str(self.other)

    def __html__(self) -> SafeString:
        return format_html(
            '<span class="samen-about-other">{}</span><span class="samen-about-self">{}</span>',
            self.other,
            self.about_self,
        )
