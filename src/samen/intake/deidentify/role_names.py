"""A name after the word for someone's role or relation: "de baas Florin", "sora mea Maria", "خويا حمزة"."""

from __future__ import annotations

import re
from collections.abc import Iterator

from samen.intake.deidentify.name_cues import ARABIC_COLLOQUIAL_VERB, ARABIC_NAMES_BEGUN_AS_VERBS, HONORIFICS
from samen.intake.deidentify.spans import Span, value_key
from samen.intake.deidentify.words import (
    ARABIC_LETTER,
    ENDS_A_NAME,
    NO_NAME,
    is_first_name,
    is_ordinary_in_capitals,
)
from samen.transliteration import to_latin

# A single capitalised name after the word for someone's role: "de baas Florin", "'bemiddelaar'
# Zoltan", "young man Serhii". A capital there, not at the start of a sentence, is a name.
# The same after a relative or "one of them", and in apposition: "mijn zusje lisa", "Eén van de
# vrouwen, Iryna, is 17", "een nieuwe vriend, stefan, die". In lower case only a first name that
# deduce's list knows ("lisa", "stefan"): "de baas zegt", "een van de jongens vertelde" stay.
_ROLE_NAME = re.compile(
    r"(?<!\w)(?i:\w*baas|boss|chef|szef|bemiddelaar|co[öo]rdinator|ronselaar|pooier|uitbater|voorman|eigenaar|"
    r"vriend(?:je|in)?|loverboy|(?:mensen)?handelaar|trafficker|traff?icant(?:ul|a)|"
    r"young[ \t]+man|jongen|man|bekend[ \t]+als|known[ \t]+as|"
    r"knows?[ \t]+(?:(?:him|her)[ \t]+)?as|"
    r"broer(?:tje)?|zus(?:je|ter)?|neef(?:je)?|nicht(?:je)?|dochter|zoon|collega|buurman|buurvrouw|"
    r"brother|sister|cousin|friend|colleague|daughter|son|wife|husband|echtgeno(?:ot|te)|goes[ \t]+by|"
    # The same in the victims' languages: Polish, Romanian, Bulgarian, Ukrainian and Russian.
    r"wujek|wujka|brat|brata|siostra|siostry|kolega|kolegi|kole[żz]anka|s[ąa]siad(?:ka)?|kierowca|"
    r"w[łl]a[śs]ciciel|brygadzista|ch[łl]opak|kuzyn(?:ka)?|syn(?:a|owi|em)?|c[óo]rk[aięą]|m[ąa][żz]|m[ęe][żz](?:a|em)|"
    r"[żz]on[ayą]|zwan[yaą]|zwanym|"
    r"koordynator(?:a|owi)?|po[śs]rednik(?:a|owi)?|"
    r"[șşs]eful|patronul|fratele|sora|v[ăa]rul|unchiul|prietenul|prietena|iubitul|vecinul|vecina|[șşs]oferul|"
    r"colegul|fiul|fiica|so[țţt]ul|so[țţt]ia|porecli?t[ăa]?|zis[ăa]?|"
    r"(?:[iî]l|o|[iî]i)[ \t]+(?:nume[sșş]te|numesc|zice|zic|spune|spun)(?:[ \t]+doar)?|"
    r"шеф(?:ът|а)?|брат(?:а|ом)?|сестра|сестру|съсед(?:ът|ка)?|приятел(?:ят|ка)?|шофьор(?:ът)?|братовчед|"
    r"колега|чичо|сусід(?:а|ка)?|начальник|водій|друг|хлопець|дядько|дядька|бригадир|сосед|приятеля|"
    # "син" alone is Bulgarian "blue" too ("син Мерцедес"): "son" only with "my" or an article.
    r"(?:мій|мой|моят|наш|нашият)[ \t]+син|син(?:ът|а|у)|дъщеря|съпруг(?:ът|а|ата)?|жена(?:та)?[ \t]+му|"
    r"донька|доньку|дочка|посередник(?:а|ом|у)?|учень|учня|"
    r"нарича(?:т|ме|ха)?(?:[ \t]+(?:го|я))?|називають(?:[ \t]+(?:його|її))?|"
    r"(?:é[eé]n|e[eé]n|one)[ \t]+(?:van|of)[ \t]+(?:hen|hun|them|(?:de|the)[ \t]+[^\W\d_]{2,20}))"
    # A possessive after the relative, in Romanian and Bulgarian: "sora mea Maria", "брат ми Иван".
    r"(?:[ \t]+(?i:meu|mea|mei|mele|lui|ei|nostru|noastr[ăa]|lor|ми|ни|му|ѝ|й|си))?['’]?(?:,|(?P<colon>:))?[ \t]+"
    # "his brother is ahmed", "mijn vriendin was Olena", "fratele meu este Ion", "szef jest Marek".
    r"(?:(?P<copula>(?i:is|was|este|jest))[ \t]+)?"
    # An apostrophe inside the name ("D'Souza"), not the closing quote after it ("'de baas Nelu'").
    r"(?P<name>[^\W\d_][\w-]*(?:['’][\w-]+)*)(?![\w-])"
)

# A relative or a boss in Arabic, then a name: "خويا الصغير حمزة" (my little brother Hamza), "لابن
# عمي محمود" (for my cousin Mahmoud), "صاحب العمل محمد أحمد" (the employer Mohamed Ahmed). Arabic
# has no capitals, so the word after the role is a name only when it cannot be read as anything
# else: no article (an adjective, a noun), no verb's prefix (يشتغل، تعمل، كيخدم، بيشتغل), no word
# of `ARABIC_NOT_A_NAME`.
_ARABIC_ROLE_NAME = re.compile(
    r"(?<![\u0600-\u06ff])[وبل]?(?:"
    r"[أا]?خ(?:ي|ويا)|[أا]?ختي|خت(?:ي|ي)|ابني|بنتي|(?:ابن|بنت)\s+(?:عمي|خالي|عمتي|خالتي)|جار(?:ي|تي)|"
    r"صاحب(?:ي|تي)|زوج(?:ي|تي)|جوزي|مراتي|المشغل|الكفيل|السمسار|الوسيط|المدير|"
    # His or her wife, husband, brother, sister, son, daughter, neighbour: "زوجته فاطمة".
    r"(?:زوجت?|[أا]خو|[أا]خي|[أا]خت|ابنت?|بنت|جارت?|صاحبت?)(?:ه|ها)|"
    r"صاحب\s+(?:العمل|الشغل|المحل|المطعم|الفرن|الشركة|المنزل|البيت|المزرعة))"
    # Possessive runs of spaces, as elsewhere: "\s*،?\s+" before a long run of spaces is quadratic.
    r"(?:\s++(?:الصغير|الكبير|الصغيرة|الكبيرة))?(?:\s*+،)?\s++"
    r"(?P<name>[\u0600-\u06ff]{2,})(?![\u0600-\u06ff])"
)
ARABIC_NOT_A_NAME = frozenset(
    """عم عمال راح رح كان كانت قال قالت ما لا مش مو بس هو هي هم اللي يلي الذي التي دلوقتي دابا عندو
    عندها عنده عندي معه معها معي اسمه اسمها اسمو سميتو كمان برضو كذلك أيضا ايضا قد لقد صار صارت ده دي
    هاد هادي هذا هذه ذلك وهو وهي فيه فيها فين وين منين حاليا الآن الان""".split()
)


# A family name after the first name, before a comma, a bracket, the sentence's end or a verb (a
# name is the subject: "صاحب العمل محمد أحمد، هاتفه", "زوجته فاطمة الزهراء تجمع المال").
_ARABIC_SECOND_NAME = re.compile(
    r"[ \t]+([\u0600-\u06ff]{2,})(?=[ \t]*[،(.؛:!؟]|[ \t]*$|[ \t]+[يت][\u0600-\u06ff]{2,})"
)


def _could_be_arabic_name(word: str, *, family: bool = False) -> bool:
    """Whether `word` may be a name: a first name has no article; a family name may ("الحلبي")."""
    # "he/she does" (يشتغل، تعمل) is a verb; "I" or "we" (أ، ن) not: Ahmad, Anas, Nabil and Nour start so.
    verb = (word[0] in "يت" and word not in ARABIC_NAMES_BEGUN_AS_VERBS) or ARABIC_COLLOQUIAL_VERB.match(word)
    ordinary = word in ARABIC_NOT_A_NAME or word in ENDS_A_NAME or word in HONORIFICS
    return not ((word.startswith("ال") and not family) or verb or ordinary)


def arabic_role_name_spans(text: str) -> Iterator[Span]:
    if not ARABIC_LETTER.search(text):
        return
    for match in _ARABIC_ROLE_NAME.finditer(text):
        if not _could_be_arabic_name(match.group("name")):
            continue  # "أبو سمير" is a form of address: `honorific_name_spans` takes the name
        end = match.end("name")
        second = _ARABIC_SECOND_NAME.match(text, end)
        if second and _could_be_arabic_name(second.group(1), family=True):
            end = second.end()
        yield Span(match.start("name"), end, "PERSOON", value_key(text[match.start("name") : end]))


_CYRILLIC = re.compile(r"[\u0400-\u04ff]")


def _is_first_name(word: str) -> bool:
    """A first name of deduce's list, also written in Cyrillic: "бос петро", "брат іван" (Petro, Ivan)."""
    if _CYRILLIC.match(word):
        return is_first_name(to_latin(word))
    return is_first_name(word)


def is_role_word(word: str) -> bool:
    """A word that says someone's role or relation before their name: "BAAS", "BROER", "SZEF"."""
    return _ROLE_NAME.fullmatch(f"{word} X") is not None


def after_leading_role(text: str, start: int, end: int) -> int:
    """Where a name found as `text[start:end]` begins when its first word is a role before it:
    "Broer Karim Haddad", "Koleżanka Anna Nowak" at the start of a sentence, which has its capital.
    The role stays in the copy, as it does in "mijn broer Karim"."""
    word, space, rest = text[start:end].partition(" ")
    if space and rest.strip() and is_role_word(word):
        return start + len(word) + len(space) + (len(rest) - len(rest.lstrip()))
    return start


def role_name_spans(text: str) -> Iterator[Span]:
    position = 0
    while match := _ROLE_NAME.search(text, position):
        name = match.group("name")
        if match.group("copula"):
            # After "is" a word says what someone is as often as who, and a capital is no proof
            # ("my brother is Polish", "de baas is Nederlander"): only a first name deduce's list knows.
            is_name = _is_first_name(name)
        elif match.group("colon"):
            # After a colon a capital may start a sentence ("Broer: Werkt in de kas", "Man: Groot"),
            # and our lists of ordinary words are short: in Latin script only a first name deduce's
            # list knows; in Cyrillic ("Водій: Микола") a capitalised word of none of those lists.
            is_name = _is_first_name(name) or (
                name[0].isupper() and _CYRILLIC.match(name) is not None and not is_ordinary_in_capitals(name)
            )
        else:
            is_name = (name[0].isupper() or _is_first_name(name)) and name.casefold() not in NO_NAME
        if is_name:
            yield Span(match.start("name"), match.end("name"), "PERSOON", value_key(name))
        # The word after a role can itself start one: "een jongen bekend als Ace".
        position = match.start("name")
