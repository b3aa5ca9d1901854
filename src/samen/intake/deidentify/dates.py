"""Dates, with or without a year, in the languages of the public form and of most victims."""

from __future__ import annotations

import re

from samen.intake.validators import MONTHS

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
DATES = (
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
