"""The municipalities, their aliases and PC4 postcodes as dictionaries, held per process.

Every signal names a place, and resolving it through the database cost more than storing the
signal. The geography is public reference data that changes when `load_geography` runs, so it
is read once into an `Index` (342 municipalities with their four regions, their aliases, 4,074
postcodes) and rebuilt when the tables change (`samen.process_cache`).

The municipalities in the index are shared by every request of the process: read them, never
change them.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import dataclass

from samen.geo.models import Municipality, MunicipalityAlias, Postcode
from samen.geo.names import COUNTRY, PROVINCES, search_key
from samen.process_cache import ProcessCache, counts_and_last_keys
from samen.transliteration import fold_variants

# A prefix search offers at most this many candidates, as the form has room for.
MAX_CANDIDATES = 10


@dataclass(frozen=True)
class Index:
    by_pk: dict[int, Municipality]
    by_code: dict[str, int]
    # Two municipalities can share a name without its suffix: Bergen (L.) and Bergen (NH.).
    by_search_name: dict[str, list[int]]
    by_alias: dict[str, int]
    by_pc4: dict[str, int | None]
    # (search name or alias, municipality pk), sorted, for prefix search.
    prefixes: list[tuple[str, int]]
    # Per municipality pk, its aliases as (search name, name as written).
    aliases_of: dict[int, list[tuple[str, str]]]
    # Per spelling-folded name or alias (`folded`), the municipalities it names as
    # (pk, "Alias (Official name)" or the name).
    by_folded: dict[str, list[tuple[int, str]]]
    # The same for each word of four letters or more of a name of several words ("haag").
    by_word: dict[str, list[tuple[int, str]]]
    # The places of the PC4 postcodes ("giethoorn", "weerselo") that lie in one municipality and are
    # no municipality's name or alias: found when typed in full, never by a prefix or a near spelling.
    by_place: dict[str, int]
    # Per municipality pk, the first two digits of its postcodes ("35" for Utrecht): a postcode the
    # register lacks (a PO box, one issued since) still lies in its municipality's postcode region.
    postcode_regions: dict[int, frozenset[str]]

    def in_postcode_region(self, pk: int, pc4: str) -> bool:
        """Whether `pc4` lies in the postcode region (its first two digits) of municipality `pk`."""
        return pc4[:2] in self.postcode_regions.get(pk, frozenset())

    def starting_with(self, key: str) -> list[Municipality]:
        """Municipalities whose name or an alias starts with `key`, by name, at most MAX_CANDIDATES."""
        found: set[int] = set()
        for name, pk in self.prefixes[bisect.bisect_left(self.prefixes, (key, -1)) :]:
            if not name.startswith(key):
                break
            found.add(pk)
        return sorted((self.by_pk[pk] for pk in found), key=lambda m: m.name)[:MAX_CANDIDATES]

    def known_as(self, municipality: Municipality, key: str) -> str:
        """The municipality by the name the typed `key` starts: "Den Haag ('s-Gravenhage)" for "den",
        so that a newcomer recognises what they meant."""
        if municipality.search_name.startswith(key):
            return municipality.name
        for search_name, name in self.aliases_of.get(municipality.pk, []):
            if search_name.startswith(key):
                return f"{name} ({municipality.name})"
        return municipality.name

    def with_word(self, key: str) -> list[tuple[Municipality, str]]:
        """Municipalities with `key` as one word of their name or an alias, spelled any way
        ("Haag" for Den Haag, "Bosch" for Den Bosch), each with the name it is known by."""
        return self._named(self.by_word.get(fold_key(key), []))

    def spelled_alike(self, key: str) -> list[tuple[Municipality, str]]:
        """Municipalities whose name is `key` spelled another way ("Ротердам", "Roterdam" for
        Rotterdam), or failing that typed slightly wrong ("Amsterdm"), nearest first, each with
        the name it is known by."""
        folded = fold_key(key)
        if not folded:
            return []
        keys = (
            [folded]
            if folded in self.by_folded
            # One wrong letter in a short name ("Hoorm") weighs more than in a long one.
            else difflib.get_close_matches(
                folded, self.by_folded, n=MAX_CANDIDATES, cutoff=0.75 if len(folded) <= 5 else 0.8
            )
        )
        return self._named([entry for near in keys for entry in self.by_folded[near]])

    def _named(self, entries: list[tuple[int, str]]) -> list[tuple[Municipality, str]]:
        """Each municipality once, by the first name it has in `entries`."""
        found: dict[int, str] = {}
        for pk, name in entries:
            found.setdefault(pk, name)
        return [(self.by_pk[pk], name) for pk, name in list(found.items())[:MAX_CANDIDATES]]


def fold_key(key: str) -> str:
    """A search key with spaces removed and transliteration variants folded: "den haag" and
    "denhag" become one key, as "rotterdam" and "roterdam" do."""
    return fold_variants(key.replace(" ", ""))


def _build() -> Index:
    municipalities = Municipality.objects.select_related("province", "safety_region", "police_unit", "riec")
    by_pk = {m.pk: m for m in municipalities}
    rows = list(MunicipalityAlias.objects.order_by("pk").values_list("search_name", "municipality_id", "name"))
    aliases = [(search_name, pk) for search_name, pk, _name in rows]
    aliases_of: dict[int, list[tuple[str, str]]] = {}
    for search_name, pk, name in rows:
        aliases_of.setdefault(pk, []).append((search_name, name))
    prefixes = sorted([(m.search_name, m.pk) for m in by_pk.values()] + aliases)
    by_search_name: dict[str, list[int]] = {}
    for m in by_pk.values():
        by_search_name.setdefault(m.search_name, []).append(m.pk)
    named = [(m.search_name, m.pk, m.name) for m in by_pk.values()] + [
        (search_name, pk, f"{name} ({by_pk[pk].name})") for search_name, pk, name in rows
    ]
    by_folded: dict[str, list[tuple[int, str]]] = {}
    by_word: dict[str, list[tuple[int, str]]] = {}
    for search_name, pk, name in named:
        by_folded.setdefault(fold_key(search_name), []).append((pk, name))
        words = search_name.split()
        for word in words if len(words) > 1 else ():
            if len(word) >= 4:
                by_word.setdefault(fold_key(word), []).append((pk, name))
    by_alias = dict(aliases)
    by_pc4 = dict(Postcode.objects.values_list("pc4", "municipality_id"))
    postcode_regions: dict[int, set[str]] = {}
    for pc4, pk in by_pc4.items():
        if pk is not None:
            postcode_regions.setdefault(pk, set()).add(pc4[:2])
    return Index(
        by_pk=by_pk,
        by_code={m.code: m.pk for m in by_pk.values()},
        by_search_name=by_search_name,
        by_alias=by_alias,
        by_pc4=by_pc4,
        postcode_regions={pk: frozenset(regions) for pk, regions in postcode_regions.items()},
        prefixes=prefixes,
        aliases_of=aliases_of,
        by_folded=by_folded,
        by_word=by_word,
        by_place=_places(by_search_name, by_alias),
    )


def _places(by_search_name: dict[str, list[int]], by_alias: dict[str, int]) -> dict[str, int]:
    """Each postcode area's place by its search key, when all its postcodes lie in one municipality
    and the name is not already a municipality's name or alias ("Hengelo" stays the municipality),
    nor the country's or a province's: the villages Nederland and Zeeland are not what a reporter
    who writes "Nederland" or "Middelburg, Zeeland" means (found in review)."""
    taken = {*by_search_name, *by_alias, *COUNTRY, *PROVINCES, *(search_key(p) for p in PROVINCES.values())}
    municipalities_of: dict[str, set[int]] = {}
    for place, pk in (
        Postcode.objects.exclude(place="").exclude(municipality=None).values_list("place", "municipality_id")
    ):
        municipalities_of.setdefault(search_key(place), set()).add(pk)
    return {
        key: next(iter(pks)) for key, pks in municipalities_of.items() if key and len(pks) == 1 and key not in taken
    }


_version = counts_and_last_keys(Municipality, MunicipalityAlias, Postcode)


_cache = ProcessCache(_build, _version)


def municipality_index() -> Index:
    return _cache.get()


def invalidate() -> None:
    _cache.invalidate()
