"""Names the words around them announce: "heet", "alias", "my name is", a form of address, quotes."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samen.intake.deidentify.spans import Span, value_key
from samen.intake.deidentify.words import (
    ARABIC_LETTER,
    ENDS_A_NAME,
    NAME_PARTICLES,
    NO_NAME,
    NOT_A_NAME,
    WORD,
    caseless,
    common_words,
    fold,
    in_lookup,
    is_first_name,
    is_ordinary,
)

# A nickname in quotes: "voor 'Tomek' werken", "Ploegbaas 'Nelu'", "bij 'Tata'". Short and with
# a capital: the quotes reporters put around a word they distrust ('bemiddelaar', 'kosten')
# hold a lower-case word, and a quoted sentence is longer.
_QUOTED_NAME = re.compile(r"(?<!\w)['‘\"“](?P<name>[^\W\d_][\w’.-]*(?:\s[\w’.-]+){0,2})['’\"”](?!\w)")
# Any quoted name before the words that say it is one: "een man die 'Wujek' wordt genoemd",
# "die ze 'meneer ali' noemen".
NAME_BEFORE_CUE = re.compile(
    r"(?i)(?<!\w)['‘\"“](?!(?:mijn|my|haar|zijn)\s)(?P<name>[^\W\d_][\w’.-]*(?:\s[\w’.-]+){0,2})['’\"”]\s+"
    r"(?:wordt\s+|werd\s+)?(?:genoemd|noemen|noemt|heet|heten)(?!\w)"
)

# The words after which a reporter writes a name, in any case: "ze heet nataliia kravchuk",
# "alias Bossman", "noemt zich Cobra", "his name is ivaylo petkov", "numele meu este florin dumitru".
# Up to three words, ending at punctuation or a common word.
_NAME_CUE = re.compile(
    # "zijn achternaam is", "voornaam:", "her surname is", "his last name is".
    r"(?i)(?<!\w)(?:heet|heten|genaamd|genoemd|(?:mijn|zijn|haar|de)\s+(?:achter|voor)?naam\s+is|(?:achter|voor)?naam:|"
    r"alias|bijnaam|roepnaam|"
    r"noemt\s+zich|noemen\s+(?:hem|haar|zich)|calls\s+(?:himself|herself)|called|named|nicknamed|"
    r"(?:my|his|her|their)\s+(?:sur|(?:last|first|family)\s+)?name(?:\s+is)?|(?:sur)?name\s+is|"
    # "my name is" as victims write it in their own language: Romanian, Polish, Bulgarian,
    # Ukrainian, Russian, Portuguese, Spanish, Turkish.
    r"numele\s+(?:meu|lui|ei)\s+(?:este|e)|nazywam\s+si[eę]|mam\s+na\s+imi[eę]|казвам\s+се|мене\s+звати|"
    r"меня\s+зовут|me\s+chamo|meu\s+nome\s+[eé]|me\s+llamo|mi\s+nombre\s+es|benim\s+ad[ıi]m|"
    # The same of someone else, and how others call them: Polish "nazywa się", "ma na imię", "mówią
    # na niego"; Romanian "se numește", "îl/o/mă cheamă", "i se zice"; Bulgarian "казва се", "на име",
    # "викат му"; Ukrainian and Russian "його/її звати", "звуть", "зовут", "на ім'я", "по имени",
    # "кличуть".
    r"nazywa\s+si[eę]|ma\s+na\s+imi[eę]|(?:m[oó]wi[aą]|wo[lł]aj[aą])\s+na\s+(?:niego|ni[aą])|"
    r"na\s+kt[oó]r(?:ego|[aą])\s+(?:wszyscy\s+)?(?:m[oó]wi[aą]|wo[lł]aj[aą])|"
    r"se\s+nume(?:[sș]|ş)te|(?:[iî]l|o|m[aă])\s+cheam[aă]|i\s+se\s+(?:zice|spune)|"
    r"се\s+казва|казва\s+се|на\s+име|вика(?:т|ме)\s+(?:му|й|ѝ)|"
    r"(?:його|її|ее|его)\s+(?:звати|звуть|зовут|звали)|на\s+ім['’ʼ]я|по\s+имени|кличуть(?:\s+(?:його|її))?|"
    # Arabic: "my/his/her (full, real) name (is)" (اسمي، اسمه، اسمها، also colloquial اسمو; الكامل،
    # الحقيقي), "is called" (يدعى،
    # تدعى، يسمى، تسمى; not "so-called", ما يسمى), "they call him/her" (يسمونه، ينادونه), "his/her
    # nickname" (لقبه، لقبها); in Moroccan Arabic "his/my name" (سميتو، سميتي), "they call him"
    # (كيسميوه), in Levantine (بيسموه).
    r"و?اسم(?:ي|ه|ها|هم|و)(?:\s+(?:ال)?(?:كامل|حقيقي)ة?)?(?:\s+هو|\s+هي)?|"
    r"[يت]ُ?دعى|(?<!ما )[يت]ُ?سمى|يسمون(?:ه|ها)|ينادون(?:ه|ها)|لقب(?:ه|ها)|"
    r"سميت(?:ي|و|ه|ها)(?:\s+(?:ال)?(?:كامل|حقيقي)ة?)?|[بك]?[يت]سمي?و(?:ه|ها))"
    r"(?:\s*[:：]\s*|\s+)['‘\"“«]?"
    r"(?P<name>[^\W\d_][\w'’-]*(?:\s+[^\W\d_][\w'’-]*){0,3})"
)
# The particles that are ordinary words too ("de", "van"): part of a name only inside one.
_SURNAME_PREFIXES = frozenset("de van der den ten ter da dos del el al".split())

# Arabic words that start with a verb's prefix or the article once "and" (و) is taken off them.
_ARABIC_AFTER_AND = re.compile(r"[يتنأ]|ال")


# A name before "heet" or "te heten", in a subordinate clause: "dat hij stoyan heet", "meisje zou
# jessy heten", "verklaart Youssef te heten", "een man die zich Nicu noemt". Not "hoe hij eigenlijk
# heet" or "die hij zijn baas noemt": an ordinary word is no name.
_NAME_BEFORE_HETEN = re.compile(
    r"(?i)(?<!\w)(?P<before>hij|zij|ze|ik|zou|die|dat|verklaart|verklaarde|zegt|zei|zich)\s+"
    r"(?P<name>[^\W\d_][\w'’-]*)\s+(?P<verb>te\s+heten|heet|heten|noemt|noemde|noemen)(?!\w)"
)
# A name after a form of address from the languages of most victims and suspects: Bulgarian "bai
# Georgi", Vietnamese "anh Long", "chú Minh", "bé Thảo", Arabic "abu Omar", Dutch "tante Hoa", "oom
# Kees", "mama Rita", English "auntie Grace". Capitalised, or a first name deduce knows ("baba ali",
# "zijn 'oom' khaled").
HONORIFICS = frozenset(
    "bai bay kaka anh chị chi chú chu bác bé ông bà abu umm hadji hacı haci tante oom ome mama mamma papa baba "
    "uncle auntie aunty madam mister أبو ابو".split()
)
_HONORIFIC_NAME = re.compile(
    r"(?<!\w)(?i:" + "|".join(sorted(HONORIFICS, key=len, reverse=True)) + r")['’]?[ \t]+"
    r"(?P<name>[^\W\d_][\w-]*(?:['’][\w-]+)*)(?![\w-])"
)
# Between commas, a first name deduce knows, in any case, and up to two more words: "een kok, rajesh
# kumar, zegt", "een jongen uit zijn klas, yusuf, omdat". Capitalised names deduce finds itself.
_BETWEEN_COMMAS = re.compile(r"(?<=,)[ \t]*(?P<name>[^\W\d_][\w'’-]*(?:[ \t]+[^\W\d_][\w'’-]*){0,2})[ \t]*(?=,)")
# Weaker cues, where an ordinary word follows as often as a name ("ik ben bang", "een zekere mate"):
# only a first name deduce knows, with the surnames it knows after it.
_WEAK_NAME_CUE = re.compile(r"(?i)(?<!\w)(?:ik\s+ben|i\s+am|i['’]m|een\s+zekere)\s+(?P<name>[^\W\d_][\w'’-]*)(?![\w-])")

# What stands between "hij" and "heet" when no name does: "hoe hij eigenlijk heet".
_ADVERBS = frozenset("eigenlijk echt nou precies werkelijk officieel toch misschien zelf really actually".split())


def heten_name_spans(text: str) -> Iterator[Span]:
    if "hete" not in text and "heet" not in text and "noem" not in text:
        return
    for match in _NAME_BEFORE_HETEN.finditer(text):
        name = match.group("name")
        # What someone is called is as often a role as a name ("die ze oom noemen"): only with a capital.
        called = match.group("verb").casefold().startswith("noem")
        if called and not (name[0].isupper() or caseless(name)):
            continue
        if not is_ordinary(name) and name.casefold() not in _ADVERBS:
            yield Span(match.start("name"), match.end("name"), "PERSOON", value_key(name))


def honorific_name_spans(text: str) -> Iterator[Span]:
    for match in _HONORIFIC_NAME.finditer(text):
        name = match.group("name")
        capitalised = name[0].isupper() or caseless(name)
        if (capitalised and name.casefold() not in NO_NAME) or is_first_name(name):
            yield Span(match.start("name"), match.end("name"), "PERSOON", value_key(name))


def lexicon_name_spans(text: str) -> Iterator[Span]:
    """First names deduce knows, in any case, where the sentence says one may stand (see above)."""
    for match in _BETWEEN_COMMAS.finditer(text):
        words = match.group("name").split()
        if is_first_name(words[0]) and not any(is_ordinary(word) for word in words[1:]):
            yield Span(match.start("name"), match.end("name"), "PERSOON", value_key(match.group("name")))
    for match in _WEAK_NAME_CUE.finditer(text):
        if is_first_name(match.group("name")):
            end = match.end("name")
            # "een zekere hakan öztürk": the surnames deduce knows after the first name.
            while (following := re.match(r"[ \t]+([^\W\d_][\w'’-]*)", text[end : end + 60])) and in_lookup(
                "surname", following.group(1)
            ):
                end += following.end()
            yield Span(match.start("name"), end, "PERSOON", value_key(text[match.start("name") : end]))


# The present tense of Moroccan (كيخدم) and Levantine (بيشتغل) Arabic; names seldom start so.
ARABIC_COLLOQUIAL_VERB = re.compile(r"(?:كي|بي|بت|كت)[\u0600-\u06ff]{2,}")
# First names that begin as a verb does (يـ، تـ), which would otherwise be read as one:
# Yusuf, Yahya, Yassin, Yasser, Younes, Yazid, Yacoub, Yamen, Yasmin, Yusra, Tamer, Tawfiq, Taysir, Tasnim.
ARABIC_NAMES_BEGUN_AS_VERBS = frozenset(
    """يوسف يحيى يحيي ياسين ياسر يونس يزيد يعقوب يامن ياسمين يسرى يسرا يمنى يوسرا تامر توفيق تيسير تسنيم
    تقى تالا تاج""".split()
)
_ARABIC_TITLES = frozenset("السيد السيدة الحاج الحاجة الشيخ الأستاذ الاستاذ الدكتور".split())
_ARABIC_NOT_COUNTED = _ARABIC_TITLES | {"عبد"}


def cued_name_spans(text: str) -> Iterator[Span]:
    for match in _NAME_CUE.finditer(text):
        words = match.group("name").split()
        kept: list[str] = []
        for index, word in enumerate(words):
            # "heet lisa de jong": a particle between two words of the name is part of it.
            inside = kept and index + 1 < len(words) and words[index + 1].casefold() not in NOT_A_NAME
            if word.casefold() in NOT_A_NAME and not (inside and word.casefold() in _SURNAME_PREFIXES):
                break
            if word.casefold() in ENDS_A_NAME and (kept or not word[0].isupper()):
                break
            if kept and kept[0][0].isupper() and not word[0].isupper() and word.casefold() not in NAME_PARTICLES:
                break  # "genaamd Todorov int de huur": after a capitalised name a lower-case word is the sentence
            if kept and word[0] == "و" and (word[1:] in ENDS_A_NAME or _ARABIC_AFTER_AND.match(word[1:])):
                # Arabic "and" joined to a verb or noun: "اسمها ليلى وعمرها" ends at the name; "سارة وهبة" does not
                break
            if ARABIC_LETTER.match(word) and len([w for w in kept if w not in _ARABIC_NOT_COUNTED]) >= 3:
                # No capitals end a name in Arabic script: given name, father's name, family name;
                # "عبد الرحمن" is one of them.
                break
            if len(kept) >= 2 and ARABIC_COLLOQUIAL_VERB.match(word):
                break  # "سميتو رشيد الزياني كيدي": a Moroccan or Levantine verb after the name
            if kept and word[0] in "يت" and len(word) >= 3 and word not in ARABIC_NAMES_BEGUN_AS_VERBS:
                break  # "اسمه أحمد يأخذ المال": "takes" after the name, as a standard Arabic verb begins
            kept.append(word)
        while kept and kept[-1].casefold() in NAME_PARTICLES:
            kept.pop()
        if kept:
            start = match.start("name")
            end = start + len(re.match(r"\s*".join(re.escape(w) for w in kept), text[start:]).group())
            yield Span(start, end, "PERSOON", value_key(" ".join(fold(w) for w in kept)))


def quoted_name_spans(text: str) -> Iterator[Span]:
    """Quoted words with a capital that are not all ordinary words: 'Tomek', not 'Ik wil weg'."""
    if not any(quote in text for quote in "'‘\"“"):
        return
    for match in _QUOTED_NAME.finditer(text):
        name = match.group("name")
        if name[0].isupper() and not all(fold(word) in common_words() for word in WORD.findall(name)):
            yield Span(match.start("name"), match.end("name"), "PERSOON", value_key(name))
