"""Loading the reference data in `data/` into the database.

The load is an idempotent upsert keyed on the public codes, so running it again (every
`samen demo` does) changes nothing and duplicates nothing.
"""

from __future__ import annotations

import csv
from collections.abc import Iterator
from pathlib import Path

from django.db import transaction

from samen.geo import index
from samen.geo.models import Municipality, MunicipalityAlias, Postcode, Region, RegionKind
from samen.geo.names import search_key

DATA_DIR = Path(__file__).resolve().parent / "data"


def _rows(name: str) -> Iterator[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as handle:
        yield from csv.DictReader(handle)


def riec_code(police_unit_code: str) -> str:
    """RIEC regions follow the police units one to one (data/SOURCES.md)."""
    return f"RIEC-{police_unit_code}"


def _region(cache: dict[str, Region], kind: str, code: str, name: str, official: str = "") -> Region:
    if code not in cache:
        region, _ = Region.objects.update_or_create(
            code=code, defaults={"kind": kind, "name": name, "official_name": official}
        )
        cache[code] = region
    return cache[code]


@transaction.atomic
def load_geography() -> dict[str, int]:
    """Upsert regions, municipalities, aliases and PC4 postcodes; return counts."""
    regions: dict[str, Region] = {}
    official = {row["veiligheidsregio_code"]: row["veiligheidsregio_officieel"] for row in _rows("regions.csv")}
    existing = {m.code: m for m in Municipality.objects.all()}
    to_create, to_update = [], []
    aliases: list[tuple[str, str]] = []
    for row in _rows("municipalities.csv"):
        province = _region(regions, RegionKind.PROVINCE, row["provincie_code"], row["provincie"])
        safety = _region(
            regions,
            RegionKind.SAFETY_REGION,
            row["veiligheidsregio_code"],
            row["veiligheidsregio"],
            official.get(row["veiligheidsregio_code"], ""),
        )
        police = _region(regions, RegionKind.POLICE_UNIT, row["politie_eenheid_code"], row["politie_eenheid"])
        riec = _region(
            regions, RegionKind.RIEC, riec_code(row["politie_eenheid_code"]), row["riec"], row["riec_organisatie"]
        )
        values = {
            "name": row["gemeentenaam"],
            "plain_name": row["gemeentenaam_zonder_toevoeging"],
            "search_name": search_key(row["gemeentenaam_zonder_toevoeging"]),
            "province": province,
            "safety_region": safety,
            "police_unit": police,
            "riec": riec,
        }
        current = existing.get(row["gemeentecode"])
        if current is None:
            to_create.append(Municipality(code=row["gemeentecode"], **values))
        else:
            for field, value in values.items():
                setattr(current, field, value)
            to_update.append(current)
        for alias in filter(None, (row["alias"], row["gemeentenaam"])):
            aliases.append((row["gemeentecode"], alias))
    aliases += [(row["gemeentecode"], row["alias"]) for row in _rows("place_aliases.csv")]
    Municipality.objects.bulk_create(to_create)
    if to_update:
        Municipality.objects.bulk_update(
            to_update, ["name", "plain_name", "search_name", "province", "safety_region", "police_unit", "riec"]
        )
    by_code = {m.code: m for m in Municipality.objects.all()}
    known_aliases = set(MunicipalityAlias.objects.values_list("search_name", flat=True))
    new_aliases = []
    for code, alias in aliases:
        key = search_key(alias)
        if key not in known_aliases and key != by_code[code].search_name:
            known_aliases.add(key)
            new_aliases.append(MunicipalityAlias(municipality=by_code[code], name=alias, search_name=key))
    MunicipalityAlias.objects.bulk_create(new_aliases)

    known_pc4 = set(Postcode.objects.values_list("pc4", flat=True))
    Postcode.objects.bulk_create(
        [
            Postcode(pc4=row["pc4"], municipality=by_code.get(row["gemeentecode"]), place=row["woonplaats"])
            for row in _rows("pc4_gemeente.csv")
            if row["pc4"] not in known_pc4
        ]
    )
    # This process sees the new rows at once, every other one after the commit and its recheck.
    index.invalidate()
    transaction.on_commit(index.invalidate)
    return {
        "regions": Region.objects.count(),
        "municipalities": Municipality.objects.count(),
        "postcodes": Postcode.objects.count(),
    }
