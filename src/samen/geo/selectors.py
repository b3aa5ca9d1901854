"""Finding municipalities and regions by what a person types."""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass, field

from django.db.models import Q, QuerySet

from samen.bidi import isolated
from samen.geo.index import fold_key, municipality_index
from samen.geo.models import Municipality, Region
from samen.geo.names import ABROAD, COUNTRY, PROVINCES, search_key
from samen.plain_digits import ascii_digits
from samen.transliteration import to_latin

# "1503 AB", "1503AB", and as Poles write it, "1503-AB".
_POSTCODE = re.compile(r"^\s*(?:(?i:NL)[\s-]*)?([1-9]\d{3})(?:[\s.-]*([A-Za-z]{2}))?\s*$")
# The last line of a Dutch address, the postcode before or after the place: "3011 AB Rotterdam",
# "2671 Naaldwijk", "Westland 2671". The letters in capitals or joined to the digits: in "1234 De
# Lier" they are a word of the place.
_CODE = r"(?:(?i:NL)[\s-]*)?[1-9]\d{3}(?:[A-Za-z]{2}|\s?[A-Z]{2})?"
_POSTCODE_AND_PLACE = re.compile(rf"^\s*({_CODE})\s+(\D.*?)\s*$|^\s*(\D.*?)\s+({_CODE})\s*$")
# Digits, perhaps with letters after them, that are not a Dutch postcode.
_POSTCODE_LIKE = re.compile(r"^\s*(\d+)(?:[\s.-]*[A-Za-z]{1,3})?\s*$")
# A CBS municipality code as registers write it: "GM0363", "GM 0363", "gm-0363", and its four digits
# alone, "0363", which no postcode is (they begin at 1000).
_CBS_CODE = re.compile(r"(?i)(?:gm[\s-]?(\d{4})|(0\d{3}))")
# The word "municipality" before its name: "Gemeente Amsterdam", "gem. Utrecht".
_MUNICIPALITY_WORD = re.compile(r"(?i)^(?:gemeente|gem\.)\s+(?=\S)")
# A place typed with more than one name: "Naaldwijk, Westland", "روتردام، هولندا".
_PARTS = re.compile(r"[,،;/()]")


@dataclass(frozen=True)
class MunicipalityLookup:
    """The outcome of resolving free text to a municipality.

    `municipality` is set when the text names exactly one; `candidates` holds the options when
    it is ambiguous, only partly typed or spelled like one or more names; `error` says in words
    why nothing was found, and is set with the candidates when the text names none of them.
    """

    query: str
    municipality: Municipality | None = None
    candidates: list[Municipality] = field(default_factory=list)
    # The candidates by the names the text starts ("Den Haag ('s-Gravenhage)"), in the same order.
    candidate_names: list[str] = field(default_factory=list)
    via_postcode: str = ""
    error: str = ""


def municipalities_with_regions() -> QuerySet[Municipality]:
    return Municipality.objects.select_related("province", "safety_region", "police_unit", "riec")


def is_postcode(text: str) -> bool:
    return bool(_POSTCODE.match(text))


def lookup_municipality(text: str) -> MunicipalityLookup:
    """Resolve a name, an alias ('Den Haag'), a CBS code or a postcode ('1503 AB', '1503').

    A text of several names ("Naaldwijk, Westland") or with the country ("Venlo Holandia") that
    names no municipality as a whole is read part by part, without the country.

    Reads the per-process index (`samen.geo.index`): intake resolves a place for every signal.
    """
    whole = _lookup_one(text)
    if whole.municipality is not None or (whole.candidates and not whole.error):
        return whole
    parts = _named_parts(whole.query)
    abroad = [part for part in parts if search_key(part) in ABROAD or search_key(to_latin(part)) in ABROAD]
    if abroad and not any(_named_exactly(part) for part in parts):  # "Aachen, Duitsland"
        return MunicipalityLookup(query=whole.query, error=_abroad(abroad[0]))
    if parts:
        return _by_parts(whole, parts)
    if whole.candidates:
        return whole
    # "Almere Buiten": a municipality's name, then perhaps a district of it, perhaps a village
    # elsewhere ("Hengelo Gld"): offered, not taken.
    words = whole.query.split()
    for end in range(len(words) - 1, 0, -1):
        start = " ".join(words[:end])
        municipality = _exactly_named(search_key(start), search_key(to_latin(start)))
        if municipality is not None:
            name = municipality_index().known_as(municipality, search_key(start))
            return dataclasses.replace(
                whole, candidates=[municipality], candidate_names=[name], error=_did_you_mean(whole.query, [name])
            )
    return whole


def _by_parts(whole: MunicipalityLookup, parts: list[str]) -> MunicipalityLookup:
    """A place typed as several parts, each part read exactly, never as the beginning of a name
    ("Zuid, Rotterdam" is not Zuidplas).

    Taken when every part names the same municipality ("Naaldwijk, Westland"), when its province
    is named with it ("Bergen (NH)"), or when it is named last, after a district or street ("Zuid,
    Rotterdam"). Another province rules it out: "Hengelo (Gld)" is a village of Bronckhorst, not
    Hengelo in Overijssel. Otherwise offered, several when the parts disagree.
    """
    named = [_named_exactly(part) for part in parts]
    found = list({m.pk: m for m in named if m is not None}.values())
    if len(found) == 1:
        municipality = found[0]
        provinces = [PROVINCES.get(search_key(part)) for part, m in zip(parts, named, strict=True) if m is None]
        if any(province not in (None, municipality.province.name) for province in provinces):
            return dataclasses.replace(whole, candidates=[], candidate_names=[], error=_not_known(whole.query))
        # Named last, as a place, not as a number: in "Hoofdweg 1234" the number may be the house's.
        named_last = named[-1] is not None and not _POSTCODE.match(parts[-1])
        # A postcode outside the place's postcode region: "3500 Hasselt" is in Belgium, not the village
        # Hasselt of Zwartewaterland (80xx), which took it without a word (found by exploratory
        # testing). "3500 AA Utrecht", a PO box the register lacks, is in Utrecht's region (found in review).
        foreign_postcode = any(
            m is None
            and (match := _POSTCODE.match(ascii_digits(part).strip()))
            and not municipality_index().in_postcode_region(municipality.pk, match.group(1))
            for part, m in zip(parts, named, strict=True)
        )
        taken = all(m is not None for m in named) or all(provinces) or named_last
        if taken and not foreign_postcode:
            return MunicipalityLookup(query=whole.query, municipality=municipality)
    if found:
        names = [m.name for m in found]
        return dataclasses.replace(
            whole, candidates=found, candidate_names=names, error=_did_you_mean(whole.query, names)
        )
    if len(parts) == 1:  # "Bergen, Nederland": the part's own choices, offered
        alone = _lookup_one(parts[0])
        offered = alone.candidates or ([alone.municipality] if alone.municipality else [])
        if offered:
            names = alone.candidate_names or [m.name for m in offered]
            error = alone.error or _did_you_mean(whole.query, names)
            return dataclasses.replace(whole, candidates=offered, candidate_names=names, error=error)
    return whole


def _named_exactly(part: str) -> Municipality | None:
    """The municipality `part` names by postcode, CBS code, name or alias; not by a part of one."""
    index = municipality_index()
    query = ascii_digits(part).strip()
    if match := _POSTCODE.match(query):
        pk = index.by_pc4.get(match.group(1))
        return index.by_pk[pk] if pk is not None else None
    if code := _cbs_code(query):
        pk = index.by_code.get(code)
        return index.by_pk[pk] if pk is not None else None
    return _exactly_named(search_key(query), search_key(to_latin(query)))


def _cbs_code(query: str) -> str:
    """The code as "GM0363" when `query` is a CBS code in any of its spellings; else ""."""
    match = _CBS_CODE.fullmatch(query)
    return f"GM{match.group(1) or match.group(2)}" if match else ""


def _unknown(query: str) -> str:
    from django.utils.translation import gettext as _

    return _("We do not know a municipality called “%(name)s”.") % {"name": isolated(query)}


def _not_known(query: str) -> str:
    from django.utils.translation import gettext as _

    # A reporter who does not know the place ("nie wiem") finds the intake form's own advice in its help.
    advice = _("You can also enter the postcode.")
    return f"{_unknown(query)} {advice}"


def _abroad(place: str) -> str:
    from django.utils.translation import gettext as _

    where = _("“%(name)s” is not in the Netherlands: give the place in the Netherlands where it happens.")
    advice = _("Do you not know the town? Then tick “I do not know in which town it is”.")
    return f"{where % {'name': isolated(place)}} {advice}"


def _did_you_mean(query: str, names: list[str]) -> str:
    from django.utils.text import get_text_list
    from django.utils.translation import gettext as _

    names = get_text_list([isolated(name) for name in names], _("or"))
    question = _("Did you mean %(names)s?") % {"names": names}
    return f"{_unknown(query)} {question}"


def _exactly_named(*keys: str) -> Municipality | None:
    """The one municipality whose name or alias is one of the search `keys`; else None."""
    index = municipality_index()
    for key in dict.fromkeys(keys):
        alias = index.by_alias.get(key)
        if alias is None:
            alias = index.by_place.get(key)  # "Giethoorn": a place of the postcode register
        exact = index.by_search_name.get(key) or ([] if alias is None else [alias])
        if len(exact) == 1:
            return index.by_pk[exact[0]]
    return None


def _named_parts(query: str) -> list[str]:
    """The parts of `query` that may name a place, without the country ("Holandia", "هولندا")."""
    parts = [part.strip() for part in _PARTS.split(query) if part.strip()]
    parts = [part for part in parts if search_key(part) not in COUNTRY]
    if len(parts) == 1:  # "Venlo Holandia", "Amsterdam The Netherlands", "2671 Naaldwijk Nederland"
        words = parts[0].split()
        for n in (3, 2, 1):
            if len(words) > n and search_key(" ".join(words[-n:])) in COUNTRY:
                parts = [" ".join(words[:-n])]
                break
    if len(parts) == 1 and (match := _POSTCODE_AND_PLACE.match(parts[0])):
        parts = _postcode_letters_in_lower_case([part for part in match.groups() if part])
    return parts if parts != [query] else []


def _postcode_letters_in_lower_case(parts: list[str]) -> list[str]:
    """["3011", "ab rotterdam"] as ["3011 ab", "rotterdam"]: the two letters after the digits are the
    postcode's when the rest names the municipality of that postcode. Otherwise a word of the place,
    as "de" in "2678 de lier"."""
    if len(parts) != 2 or not _POSTCODE.match(parts[0]):
        return parts
    letters, _space, rest = parts[1].partition(" ")
    if len(letters) != 2 or not letters.isascii() or not letters.isalpha() or not rest.strip():
        return parts
    by_code, by_rest = _named_exactly(parts[0]), _named_exactly(rest)
    if by_code is not None and by_code == by_rest:
        return [f"{parts[0]} {letters}", rest.strip()]
    return parts


def _lookup_one(text: str) -> MunicipalityLookup:
    from django.utils.translation import gettext as _

    # A postcode typed on an Arabic keyboard (١٥٠٣) or pasted in full-width digits is a postcode.
    query = _MUNICIPALITY_WORD.sub("", ascii_digits(text or "").strip())
    if not query:
        return MunicipalityLookup(query=query, error=_("Enter a municipality or a postcode."))
    index = municipality_index()
    match = _POSTCODE.match(query)
    if match:
        pk = index.by_pc4.get(match.group(1))
        if pk is None:
            error = _("Postcode %(postcode)s is not known to us.") % {"postcode": isolated(match.group(1))}
            return MunicipalityLookup(query=query, error=error)
        return MunicipalityLookup(query=query, municipality=index.by_pk[pk], via_postcode=match.group(1))
    if code := _cbs_code(query):
        pk = index.by_code.get(code)
        if pk is not None:
            return MunicipalityLookup(query=query, municipality=index.by_pk[pk])
    if match := _POSTCODE_LIKE.match(query):  # "99999": a Ukrainian postcode has five digits
        digits = match.group(1)
        if len(digits) == 4:  # "3011 A": the letters do not matter here; "0000"
            pk = index.by_pc4.get(digits)
            if pk is not None:
                return MunicipalityLookup(query=query, municipality=index.by_pk[pk], via_postcode=digits)
            return MunicipalityLookup(
                query=query, error=_("Postcode %(postcode)s is not known to us.") % {"postcode": isolated(digits)}
            )
        return MunicipalityLookup(
            query=query, error=_("A Dutch postcode has four digits, for example 3011 or 3011 AB.")
        )
    key = search_key(query)
    if not key:
        return MunicipalityLookup(query=query, error=_("Enter a municipality or a postcode."))
    # "Роттердам", "Алмере": a name in Cyrillic that transliterates to the Dutch one.
    latin = search_key(to_latin(query))
    if key in COUNTRY:  # "Holland" is the country, not Hollands Kroon; "Nederland" not the village
        return MunicipalityLookup(query=query, error=_not_known(query))
    exact = _exactly_named(key, latin)
    if exact is not None:
        return MunicipalityLookup(query=query, municipality=exact)
    if key in ABROAD or latin in ABROAD:  # not offered a Dutch place spelled alike ("Aachen", "Arcen")
        return MunicipalityLookup(query=query, error=_abroad(query))
    partial = index.starting_with(key) or index.starting_with(latin)
    if len(partial) == 1 and _starts_with_words(partial[0], key, latin):
        return MunicipalityLookup(query=query, municipality=partial[0])
    if partial:
        names = [index.known_as(municipality, latin) for municipality in partial]
        # One that is not taken ("Amster", "Zuid" for Zuidplas) is a question, not a choice among several.
        error = _did_you_mean(query, names) if len(partial) == 1 else ""
        return MunicipalityLookup(query=query, candidates=partial, candidate_names=names, error=error)
    # "Ротердам", "Roterdam" name one. "Haag" (a word of "Den Haag") and "Amsterdm" (near one) are
    # offered, not taken: "Drenthe" is a province, not Midden-Drenthe.
    if fold_key(latin) in index.by_folded:
        alike = index.spelled_alike(latin)
        if len(alike) == 1:
            return MunicipalityLookup(query=query, municipality=alike[0][0])
    else:
        alike = index.with_word(latin) or index.spelled_alike(latin)
    if alike:
        # Offered, not taken: a name typed slightly wrong may be near another place than the one meant.
        names = [name for _municipality, name in alike]
        return MunicipalityLookup(
            query=query,
            candidates=[municipality for municipality, _name in alike],
            candidate_names=names,
            error=_did_you_mean(query, names),
        )
    return MunicipalityLookup(query=query, error=_not_known(query))


def _starts_with_words(municipality: Municipality, *keys: str) -> bool:
    """Whether a name of `municipality` begins with one of `keys` as whole words, give or take the
    last two letters of the last one: "Capelle" names Capelle aan den IJssel and "Maastrich"
    Maastricht, but "Twente" is a region, not Twenterand, and "Zuid" is not Zuidplas: those are
    offered, not taken."""
    names = [
        municipality.search_name,
        *(alias for alias, _name in municipality_index().aliases_of.get(municipality.pk, [])),
    ]
    return any(
        len(name[len(key) :].split(" ", 1)[0]) <= 2 for name in names for key in keys if key and name.startswith(key)
    )


def region_get(code: str) -> Region | None:
    return Region.objects.filter(code=code).first()


def region_municipalities(region: Region) -> QuerySet[Municipality]:
    return Municipality.objects.filter(
        Q(province=region) | Q(safety_region=region) | Q(police_unit=region) | Q(riec=region)
    ).order_by("name")
