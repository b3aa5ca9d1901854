"""The demo's public reports in the reporter's own language, and the language each was sent in.

Most public reports come in Dutch. A relative or a compatriot of a victim from a country whose
language the public form speaks may write in that language, and the signal records it
(`Signal.language`), so the handling organisation sees that its messages to the reporter are best
written in it.
"""

from __future__ import annotations

from samen.intake.inputs import SignalInput
from samen.intake.models import PersonRole, ReporterType

LANGUAGE_OF_LAND = {"Pools": "pl", "Roemeens": "ro", "Bulgaars": "bg", "Oekraïens": "uk", "Nigeriaans": "en"}
# A relative of a victim from a country whose language the public form speaks writes in that
# language; anyone else in Dutch. The same facts as the scenario whose text holds the words, told by
# the relative. Only scenarios whose text fixes the victim's gender (a woman), so that the
# relative's words fit her.
BY_RELATIVES = {
    "nagelsalon": {
        "pl": "Moja siostrzenica {naam} pracuje w Holandii w salonie paznokci razem z innymi młodymi kobietami. "
        "Nigdy nie wychodzą same na zewnątrz, śpią nad salonem, a ona boi się powiedzieć mi więcej.",
        "ro": "Nepoata mea {naam} lucrează într-un salon de manichiură din Olanda, împreună cu alte fete tinere. "
        "Nu ies niciodată singure afară, dorm deasupra salonului și îi este frică să-mi spună mai mult.",
        "bg": "Племенницата ми {naam} работи в салон за маникюр в Холандия заедно с други млади жени. "
        "Никога не излизат сами навън, спят над салона и тя се страхува да ми каже повече.",
        "uk": "Моя племінниця {naam} працює в манікюрному салоні в Нідерландах разом з іншими молодими жінками. "
        "Вони ніколи не виходять на вулицю самі, сплять над салоном, і вона боїться розповісти мені більше.",
        "en": "My niece {naam} works in a nail salon in the Netherlands with other young women. "
        "They never go outside alone, they sleep above the salon and she is afraid to tell me more.",
    },
    "verschillende adressen": {
        "pl": "Moja siostra {naam} pojechała do Holandii do pracy. Teraz co wieczór jest wożona pod różne adresy "
        "i musi oddawać wszystkie pieniądze. Mężczyzna, z którym jest, grozi jej.",
        "ro": "Sora mea {naam} a plecat în Olanda la muncă. Acum este dusă în fiecare seară la alte adrese "
        "și trebuie să dea toți banii. Bărbatul cu care este o amenință.",
        "bg": "Сестра ми {naam} замина за Холандия на работа. Сега всяка вечер я карат на различни адреси "
        "и трябва да дава всичките си пари. Мъжът, с когото е, я заплашва.",
        "uk": "Моя сестра {naam} поїхала до Нідерландів на роботу. Тепер її щовечора возять різними адресами, "
        "і вона мусить віддавати всі гроші. Чоловік, з яким вона, їй погрожує.",
        "en": "My sister {naam} went to the Netherlands for work. Now she is driven to different addresses "
        "every evening and has to hand over all her money. The man she is with threatens her.",
    },
    "huishoudster": {
        "pl": "Moja kuzynka {naam} pracuje jako pomoc domowa u rodziny w Holandii. Nie wolno jej wychodzić z domu, "
        "zabrali jej telefon i pracuje od rana do późnej nocy. Raz zadzwoniła do mnie z telefonu sąsiadki.",
        "ro": "Verișoara mea {naam} lucrează ca menajeră la o familie din Olanda. Nu are voie să iasă din casă, "
        "i-au luat telefonul și muncește de dimineața până noaptea târziu. "
        "M-a sunat o singură dată de pe telefonul unei vecine.",
        "bg": "Братовчедка ми {naam} работи като домашна помощница при едно семейство в Холандия. "
        "Не ѝ позволяват да излиза от къщата, взели са ѝ телефона и работи от сутрин до късно през нощта. "
        "Веднъж ми се обади от телефона на една съседка.",
        "uk": "Моя двоюрідна сестра {naam} працює хатньою робітницею в одній родині в Нідерландах. "
        "Їй не дозволяють виходити з дому, у неї забрали телефон, і вона працює з раннього ранку до пізньої "
        "ночі. Одного разу вона подзвонила мені з телефону сусідки.",
        "en": "My cousin {naam} works as a housekeeper for a family in the Netherlands. She is not allowed to leave "
        "the house, they took her phone and she works from early morning until late at night. "
        "She called me once from a neighbour's phone.",
    },
}
# The scenarios a compatriot tells as the Dutch text does (a fellow worker who saw it, or a relative),
# in the workers' language.
BY_COMPATRIOTS = {
    "kwekerij": {
        "pl": "Na szklarni pracuje wiele osób z Polski, siedem dni w tygodniu. {naam} mówi, że szef ma ich paszporty.",
        "ro": "La o seră lucrează mulți oameni din România, șapte zile pe săptămână. "
        "{naam} spune că șeful le ține pașapoartele.",
        "bg": "В една оранжерия работят много хора от България, седем дни в седмицата. "
        "{naam} казва, че шефът държи паспортите им.",
        "uk": "В одній теплиці працює багато людей з України, сім днів на тиждень. "
        "{naam} каже, що бос тримає їхні паспорти.",
    },
}
# "When", as the reporter writes it.
WHEN_IN = {
    "vorige week": {
        "pl": "w zeszłym tygodniu",
        "ro": "săptămâna trecută",
        "bg": "миналата седмица",
        "uk": "минулого тижня",
        "en": "last week",
    },
    "sinds de zomer": {"pl": "od lata", "ro": "din vară", "bg": "от лятото", "uk": "з літа", "en": "since the summer"},
    "elk weekend": {
        "pl": "w każdy weekend",
        "ro": "în fiecare weekend",
        "bg": "всеки уикенд",
        "uk": "щовихідних",
        "en": "every weekend",
    },
}
# The demo's Bulgarian and Ukrainian names as their compatriots write them.
_CYRILLIC = {
    "Desislava": "Десислава",
    "Mariya": "Мария",
    "Georgi": "Георги",
    "Ivan": "Иван",
    "Petrov": "Петров",
    "Dimitrov": "Димитров",
    "Ivanov": "Иванов",
    "Georgiev": "Георгиев",
    "Oksana": "Оксана",
    "Iryna": "Ірина",
    "Taras": "Тарас",
    "Dmytro": "Дмитро",
    "Kovalenko": "Коваленко",
    "Shevchenko": "Шевченко",
    "Bondarenko": "Бондаренко",
    "Tkachenko": "Ткаченко",
}


def _as_written(name: str, language: str) -> str:
    """A name in the script of the language: Cyrillic in Bulgarian and Ukrainian ("Petrova": "Петрова")."""
    if language not in ("bg", "uk"):
        return name
    words = []
    for word in name.split():
        if word not in _CYRILLIC and word.endswith("a") and word[:-1] in _CYRILLIC:
            word = _CYRILLIC[word[:-1]] + "а"
        words.append(_CYRILLIC.get(word, word))
    return " ".join(words)


def _texts_for(scenario: str, reporter_type: str) -> dict[str, str]:
    """The scenario's texts per language, as this kind of reporter writes them; none: Dutch only."""
    if reporter_type == ReporterType.RELATIVE:
        for words, texts in BY_RELATIVES.items():
            if words in scenario:
                return texts
    return next((texts for words, texts in BY_COMPATRIOTS.items() if words in scenario), {})


def in_reporters_language(data: SignalInput, scenario: str, land: str, name: str) -> None:
    """A public report as its reporter sent it: in Dutch, or by a relative or a compatriot of the
    victim, in the language of the victim's country when the public form speaks it. They describe
    no perpetrator: the demo's descriptions are Dutch."""
    data.language = "nl"
    language = LANGUAGE_OF_LAND.get(land, "")
    texts = _texts_for(scenario, data.reporter_type)
    if language not in texts:
        return
    data.language = language
    data.what = texts[language].format(naam=_as_written(name, language))
    data.when = WHEN_IN.get(data.when, {}).get(language, data.when)
    data.persons = [person for person in data.persons if person.role != PersonRole.PERPETRATOR]
