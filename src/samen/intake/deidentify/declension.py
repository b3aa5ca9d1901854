"""Names in another grammatical case: "Zbigniewa" for "Zbigniew", "Сергія" for "Сергій"."""

from __future__ import annotations

import functools
import re

from samen.intake.deidentify.words import ARABIC_LETTER, common_words, spelling_key

# Names decline in Polish, Ukrainian, Russian and (a little) Romanian: "Zbigniew", "Zbigniewa";
# "Сергій", "Сергія"; "Oksana", "Oksanę"; "Maria", "Mariei". The endings of their cases, folded
# as `fold` folds ("ę" is "e", "й" is "и"). A name part then also stands for its stem with any of
# them (`stems_of`): a final vowel comes off ("oksan" + "e"), a dropped e goes (`_FLEETING_E`), an
# adjective's ending goes. Stems under four letters are left alone: "Tina" would take "tiny".
_CASE_ENDINGS = frozenset(
    "a e i o u y em om ie iem owi ego emu iego iemu iej ej im ei ului "
    "а я у ю о е и і ом ем єм ою ею єю ові еві єві ого его ому ему ои еи им ім ых их ы ым ии іи ыи оі ую".split()
)
# Found in another case ("Олега", "Zbigniewa"), the name may also be there without an ending.
_ENDINGS_AFTER_VOWEL = _CASE_ENDINGS | {""}
# Not a bare "-e" after a consonant: in Dutch that is an adjective ("de Jong", "een jonge vrouw").
_ENDINGS_AFTER_CONSONANT = _CASE_ENDINGS - {"e"}
# The stem and up to as many letters as the longest ending; `declined_form` checks which ending.
AFTER_STEM = rf"[^\W\d_]{{0,{max(map(len, _CASE_ENDINGS))}}}"
_CYRILLIC_STEM_VOWELS = frozenset("аяоеиіюєь")
# The e that Polish, Ukrainian and Russian drop before the ending: "Marek", "Marka"; "Maciek",
# "Maćka"; "Kacper", "Kacprowi"; "Paweł", "Pawła"; "Кравець", "Кравця"; "Павел", "Павла".
_FLEETING_E = re.compile(r"(?:i?e|е)(?P<consonant>[kcrlкцрл])ь?$")
# Surnames declined as adjectives, folded: "Вишневський", "Вишневському"; "Ковальська", "Ковальській".
# Only "-ський", "-цький", "-ский" and the like: "Сергій" and "Андрій" are nouns ("Сергія").
_ADJECTIVE_ENDINGS = ("ськии", "цькии", "зькии", "скии", "цкии", "зкии")
_MIN_STEM = 4


def stems_of(part: str) -> dict[str, frozenset[str]]:
    """The stems of a folded name part with the endings each takes: none where the part is not a
    single word of Latin or Cyrillic letters long enough to guess a stem from."""
    if not part.isalpha() or ARABIC_LETTER.search(part):
        return {}
    if fleeting := _FLEETING_E.search(part):
        stems = [part[: fleeting.start()] + fleeting.group("consonant")]
        stems += [] if part.endswith("ь") else [part]
        endings = _ENDINGS_AFTER_CONSONANT
    elif part.endswith(_ADJECTIVE_ENDINGS):
        stems, endings = [part[:-2]], _ENDINGS_AFTER_VOWEL
    elif part[-1] in _CYRILLIC_STEM_VOWELS:
        stems, endings = [part[:-1]], _ENDINGS_AFTER_VOWEL
    elif part[-1] in "aoiy":
        # "Zbigniewa", "Oksana", "Marko", "Jerzy". Not a Dutch name on -e or -u: without its -e
        # it is often a word ("Bente", "bent"; "de Jonge", "jong"), with another one too ("Lotte", "lotto").
        stems, endings = [part[:-1]], _ENDINGS_AFTER_VOWEL if part[-1] == "a" else _CASE_ENDINGS
    else:
        stems, endings = [part], _ENDINGS_AFTER_CONSONANT
    return {stem: endings for stem in stems if len(stem) >= _MIN_STEM}


def declined_form(word: str, stems: dict[str, frozenset[str]]) -> bool:
    """Whether `word` is a name part in another case, and no ordinary Dutch word: "Bente" and
    "de Lange" must not take "bent" and "lang" with them."""
    return (
        any(word.startswith(stem) and word[len(stem) :] in endings for stem, endings in stems.items())
        and word not in common_words()
    )


# Polish consonants that change before the ending of the dative and locative: "Agnieszka",
# "Agnieszce"; "Olga", "Oldze"; "Barbara", "Barbarze"; "Marta", "Marcie".
_ALTERNATIONS = (("c", "ka"), ("dz", "ga"), ("rz", "ra"), ("ci", "ta"), ("dzi", "da"))


@functools.lru_cache(maxsize=4096)
def nominatives(folded: str) -> frozenset[str]:
    """The spelling keys of what a folded word may be in the nominative: itself, and its stem
    before each case ending with the ending of a name ("Jackiem": "jack", "jacek"; "Дмитра": "дмитро")."""
    cyrillic = not folded.isascii() and folded[-1] in "абвгдежзийклмнопрстуфхцчшщъьюяєії"
    vowels = ("а", "о", "я", "и") if cyrillic else ("a", "o")
    forms = {folded}
    for ending in _CASE_ENDINGS:
        stem = folded[: -len(ending)]
        if not folded.endswith(ending) or len(stem) < _MIN_STEM:
            continue
        forms.add(stem)
        forms.update(stem + vowel for vowel in vowels)
        if stem[-1] in "kcrlкцрл" and stem[-2] not in "aeiouyаеиоуяюєії":
            forms.add(stem[:-1] + ("е" if cyrillic else "e") + stem[-1])  # "Jack" was "Jacek"
        forms.update(stem[: -len(before)] + after for before, after in _ALTERNATIONS if stem.endswith(before))
    return frozenset(map(spelling_key, forms))
