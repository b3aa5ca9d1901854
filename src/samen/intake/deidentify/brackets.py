"""A name or nickname in brackets after a name: "Anna (Ania) Kowalska", "Mohammed Al-Hassan (محمد الحسن)"."""

from __future__ import annotations

import re
from collections.abc import Container, Iterable

from samen.intake.deidentify.persons import name_forms
from samen.intake.deidentify.role_names import ARABIC_NOT_A_NAME
from samen.intake.deidentify.spans import Span
from samen.intake.deidentify.words import (
    ENDS_A_NAME,
    WORD,
    caseless,
    country_keys,
    fold,
    is_capitalised,
    is_ordinary,
    spelling_key,
)

# A nickname in brackets between a first name and a surname: "Anna (Ania) Kowalska".
_NICKNAME_INSIDE = re.compile(r"(?<![\w-])([^\W\d_][\w'’-]*) \(([^\W\d_][\w'’-]*)\) ([^\W\d_][\w'’-]*)(?![\w-])")


def nicknamed_names(text: str) -> list[tuple[str, str]]:
    """ "Anna (Ania) Kowalska" as the name "Anna Kowalska" with the nickname "Ania": the brackets
    break the run of capitalised words `capitalised_names` looks for, and the surname got through."""
    if "(" not in text:
        return []
    return [
        (f"{first} {last}", nickname)
        for match in _NICKNAME_INSIDE.finditer(text)
        if all(map(is_capitalised, (first := match.group(1), nickname := match.group(2), last := match.group(3))))
        and not all(map(is_ordinary, (first, nickname, last)))
    ]


def owner_of(name: str, names: Iterable[str]) -> str:
    """The first of `names` that holds every part of `name`: a known "Anna Maria Kowalska" for "Anna Kowalska"."""
    parts = {form for form in name_forms(name) if " " not in form}
    return next((other for other in names if parts <= set(name_forms(other))), name)


# What stands in brackets right after a name: "Mohammed Al-Hassan (محمد الحسن)", "Jan (Jantje)".
_BRACKETED = re.compile(r"[ \t]*\([ \t]*(?P<name>[^\W\d_][^()\d\n]{0,60}?)[ \t]*\)")


# What a reporter writes in brackets after a name to say who the person is, capitalised or not: a
# role, a relation, a nationality ("Marek (Eigenaar)", "Piotr (Pools)", "Ion (Șeful)", "Іван
# (Бригадир)"). Folded; in Dutch, English, Polish, Romanian, Bulgarian, Ukrainian and Russian.
_WHO_THEY_ARE = frozenset(
    fold(word)
    for word in """eigenaar eigenares baas bazin voorman ploegbaas ploegleider teamleider leidinggevende chef
    uitbater werkgever werknemer collega uitzendkracht chauffeur bestuurder schoonmaker schoonmaakster
    kok tolk klant slachtoffer dader verdachte melder getuige minderjarige meerderjarige pooier loverboy
    ronselaar bemiddelaar coördinator coordinator manager supervisor broer zus zuster moeder vader zoon
    dochter neef nicht oom tante opa oma vriend vriendin vriendje vriendinnetje partner echtgenoot
    echtgenote man vrouw buurman buurvrouw huisbaas verhuurder
    owner boss foreman driver cook employer employee colleague victim suspect witness recruiter pimp
    interpreter brother sister mother father son daughter cousin uncle aunt friend boyfriend girlfriend
    husband wife neighbour neighbor landlord
    szef szefowa właściciel właścicielka kierowca brygadzista brygadzistka pracodawca brat siostra kuzyn
    kuzynka mąż żona syn córka kolega koleżanka sąsiad sąsiadka
    șeful şeful seful patron patronul patroana șofer şofer sofer șoferul şoferul soferul fratele sora
    vărul varul verișoara unchiul mătușa matusa prietenul prietena iubitul iubita soțul sotul soția sotia
    шеф шефът собственик бригадир шофьор брат сестра братовчед чичо леля съпруг съпруга приятел
    приятелка власник водій начальник сестра дядько тітка чоловік дружина друг подруга хлопець
    владелец водитель муж жена
    pools poolse pool polen polish polak polka roemeens roemeense roemeen romanian român româncă
    bulgaars bulgaarse bulgaar bulgarian oekraïens oekraïense oekraïner ukrainian moldavisch moldavische
    moldaviër moldovan litouws litouwse litouwer lithuanian lets letse let latvian slowaaks slowaakse
    slowaak slovak hongaars hongaarse hongaar hungarian tsjechisch tsjechische tsjech czech marokkaans
    marokkaanse marokkaan moroccan turks turkse turk turkish syrisch syrische syriër syrian eritrees
    eritrese eritreeër eritrean nigeriaans nigeriaanse nigeriaan nigerian vietnamees vietnamese chinees
    chinese braziliaans braziliaanse albanees albanese albanian nederlands nederlandse nederlander dutch""".split()
)


def _is_bracketed_name(words: list[str]) -> bool:
    """The same person's name in another script or a nickname: up to four words, each in a script
    without capitals (Arabic) or capitalised and no ordinary word, country, role, relation or
    nationality ("Jan (Eigenaar)", "Marek (Pools)", "Ion (Moldova)" stay). In lower case it says what
    the person is: "Jan (de baas)", "(eigenaar)"."""
    return 1 <= len(words) <= 4 and all(
        re.fullmatch(r"[^\W\d_]+(?:['’-][^\W\d_]+)*", word)
        and (
            (caseless(word) and word not in ARABIC_NOT_A_NAME and word not in ENDS_A_NAME)
            or (
                word[0].isupper()
                and not is_ordinary(word)
                and fold(word) not in _WHO_THEY_ARE
                and spelling_key(word) not in country_keys()
            )
        )
        for word in words
    )


# A word, then something in brackets: "Olena (Oekraïens)", "Ion (de baas)".
_BEFORE_BRACKETS = re.compile(
    r"(?<![\w-])(?P<name>[^\W\d_][\w'’-]*)[ \t]*\([ \t]*(?P<who>[^\W\d_][^()\d\n]{0,40}?)[ \t]*\)"
)


def names_before_who_they_are(text: str, places: Container[str] = ()) -> list[str]:
    """Capitalised words with who the person is in brackets after them: "Olena (Oekraïens)", "Ion
    (Șeful)", "Іван (Бригадир)", "Marek (de baas)". The brackets say a person stands before them, which
    for a name deduce does not know, at the start of a sentence, nothing else said. Not a place deduce
    knows (`places`), an ordinary word or a country."""
    if "(" not in text:
        return []
    names = []
    for match in _BEFORE_BRACKETS.finditer(text):
        name, who = match.group("name"), [fold(word) for word in WORD.findall(match.group("who"))]
        if (
            is_capitalised(name)
            and len(name) >= 3
            and name not in places
            and not is_ordinary(name)
            and fold(name) not in _WHO_THEY_ARE
            and spelling_key(name) not in country_keys()
            and who
            and any(word in _WHO_THEY_ARE for word in who)
            and all(word in _WHO_THEY_ARE or is_ordinary(word) for word in who)
        ):
            names.append(name)
    return list(dict.fromkeys(names))


def with_bracketed_names(text: str, spans: list[Span]) -> list[Span]:
    """`spans` (merged, in order) with a name in brackets right after a person, as that person.

    Reporters add how a name is written in the person's own script, or what they are called:
    "Mohammed Al-Hassan (محمد الحسن)" came out as "[PERSOON-7] (محمد الحسن)"; the brackets hold the
    same name, so it gets the same tag. Found already ("Ivan Petrenko (Іван Петренко)", two runs
    of capitalised words), it gets that tag too. Who the person is stays: "Marek (Eigenaar)", "(Baas)".
    """
    result: list[Span] = []
    index = 0
    while index < len(spans):
        span = spans[index]
        result.append(span)
        index += 1
        if span.tag != "PERSOON" or not (match := _BRACKETED.match(text, span.end)):
            continue
        inside = []
        while index < len(spans) and spans[index].end <= match.end():
            inside.append(spans[index])
            index += 1
        if index < len(spans) and spans[index].start < match.end():
            result.extend(inside)
            continue  # a span that runs on out of the brackets: not a name in them
        # deduce knows "Baas" and "Visser" as surnames; in brackets after a name they say who it is.
        inside = [s for s in inside if s.tag != "PERSOON" or fold(text[s.start : s.end]) not in _WHO_THEY_ARE]
        if not inside and _is_bracketed_name(match.group("name").split()):
            result.append(Span(match.start("name"), match.end("name"), "PERSOON", span.key))
            continue
        between = zip(
            [match.start("name"), *(s.end for s in inside)],
            [*(s.start for s in inside), match.end("name")],
            strict=True,
        )
        same = (
            bool(inside)
            and all(s.tag == "PERSOON" for s in inside)
            and not "".join(text[a:b] for a, b in between).strip()
        )
        result.extend(Span(s.start, s.end, s.tag, span.key) if same else s for s in inside)
    return result
