"""Normalising place names so 'Den Haag', 'den  haag' and "'s-Gravenhage" can be compared."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"[\s\-]+")
_DROP = re.compile(r"[^\w ]")


def search_key(name: str) -> str:
    """Lowercase, without diacritics, punctuation or repeated spaces; hyphens become spaces."""
    decomposed = unicodedata.normalize("NFKD", name)
    without_marks = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    lowered = without_marks.casefold().replace("'", "")
    return _SPACES.sub(" ", _DROP.sub("", lowered.replace("-", " "))).strip()


# A province as written after a place name, in full or abbreviated: "Hengelo (Gld)", "Bergen (NH)".
PROVINCES = {
    key: province
    for province, keys in {
        "Groningen": ("gr", "gn", "gron"),
        "Fryslân": ("fryslan", "friesland", "fr", "f"),
        "Drenthe": ("drenthe", "dr"),
        "Overijssel": ("overijssel", "ov", "o"),
        "Flevoland": ("flevoland", "fl"),
        "Gelderland": ("gelderland", "gld", "gl", "g"),
        "Utrecht": ("ut", "u"),
        "Noord-Holland": ("noord holland", "nh", "n h"),
        "Zuid-Holland": ("zuid holland", "zh", "z h"),
        "Zeeland": ("zeeland", "zl", "z"),
        "Noord-Brabant": ("noord brabant", "nb", "n br", "n b", "brabant"),
        "Limburg": ("limburg", "lb", "l", "li"),
    }.items()
    for key in keys
}
# The country, as reporters add it in their own language: never a municipality's name.
COUNTRY = frozenset(
    {
        "nederland", "netherlands", "the netherlands", "holland", "holandia", "niderlandy", "olanda",
        "tarile de jos", "нидерландия", "холандия", "нидерландии", "нідерланди", "голландія", "هولندا",
        "nl", "holandii", "нидерланды", "голландия", "niederlande", "pays bas", "paises bajos",
    }
)  # fmt: skip

# Places abroad that reporters give as where it happens: the neighbouring countries' cities near
# the border and the countries and cities many victims come from, in the languages of the public
# form. "Aachen" was offered as "Arcen (Venlo)", "Gent" as "Gendt", "Polen" as "Tholen": a click
# that sent the signal to the wrong region (found by exploratory testing). Only consulted when no
# Dutch municipality, alias or place has the name (Hasselt and Mechelen are Dutch villages too).
ABROAD = frozenset(
    search_key(name)
    for name in """
    België Belgium Belgia Belgique Belgien Belgia Белгия Бельгія Бельгия بلجيكا
    Duitsland Germany Deutschland Niemcy Germania Германия Німеччина ألمانيا
    Frankrijk France Francja Franța Франция Франція فرنسا Luxemburg Luxembourg
    Polen Poland Polska Polonia Полша Польща Польша بولندا
    Roemenië Romania România Rumunia Румъния Румунія Румыния رومانيا
    Bulgarije Bulgaria Bułgaria България Болгарія Болгария بلغاريا
    Oekraïne Ukraine Ukraina Ucraina Украйна Україна Украина أوكرانيا
    Hongarije Hungary Węgry Ungaria Унгария Угорщина Litouwen Lithuania Letland Latvia Slowakije Slovakia
    Tsjechië Czechia Moldavië Moldova Albanië Albania Engeland England Spanje Spain Italië Italy Portugal
    Griekenland Greece Rusland Russia Marokko Morocco المغرب Turkije Turkey Türkiye تركيا Syrië Syria سوريا
    Nigeria Eritrea China Vietnam
    Antwerpen Anvers Antwerp Gent Gand Ghent Brussel Bruxelles Brussels Bruksela Брюксел Брюссель Luik Liège
    Genk Brugge Bruges Leuven Kortrijk Turnhout Lommel
    Aachen Aken Düsseldorf Keulen Köln Cologne Duisburg Dortmund Essen Kleve Kleef Emmerich Gronau Nordhorn Münster
    Mönchengladbach Krefeld Oberhausen Bocholt Berlijn Berlin Hamburg
    Warschau Warsaw Warszawa Варшава Kraków Krakau Wrocław Poznań Gdańsk Łódź Lublin Katowice Białystok
    Boekarest Bucharest București Bukareszt Букурещ Бухарест Iași Cluj Timișoara Constanța Craiova
    Sofia София Софія Пловдив Plovdiv Варна Varna Бургас Burgas
    Kyiv Kiev Київ Киев Lviv Львів Kharkiv Харків Odesa Odessa Одеса Одесса Dnipro Дніпро
    Casablanca Rabat Tanger Istanbul İstanbul Ankara Damascus دمشق
    """.split()
)
