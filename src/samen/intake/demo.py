"""Demo step: a few hundred realistic signals across the country, deterministic and idempotent.

Signals go through `signal_submit` like real ones, and get their de-identified copies at once.
"""

from __future__ import annotations

import datetime
import hashlib
import random
from typing import Any

from django.utils import timezone

from samen.accounts.models import Role, User
from samen.geo.models import Municipality
from samen.intake.api_tokens import api_token_create, token_hash
from samen.intake.demo_languages import in_reporters_language
from samen.intake.indicators import SITUATION_QUESTIONS, indicator_ids_for_answers, load_indicators
from samen.intake.models import ApiToken, Channel, Gender, PersonRole, ReporterType, Sector, Signal
from samen.intake.services import (
    IdentityInput,
    PersonInput,
    SignalInput,
    fingerprint_of,
    signal_deidentify,
    signal_submit,
)
from samen.intake.validators import bsn_checksum
from samen.partners.models import Organisation

DEMO_COUNT = 300
SEED = 20260315
_KEY = "demo:signal:"

# Per nationality: women's first names, men's first names, family names.
NAMES = {
    "Nederlands": (["Sanne", "Lotte", "Fleur"], ["Daan", "Bram", "Thijs"], ["de Vries", "Jansen", "Bakker", "Visser"]),
    "Pools": (["Agnieszka", "Katarzyna", "Marta"], ["Piotr", "Tomasz"], ["Kowalczyk", "Nowak", "Wójcik", "Mazur"]),
    "Roemeens": (["Ioana", "Elena", "Alina"], ["Andrei", "Mihai"], ["Popescu", "Ionescu", "Dumitru", "Stan"]),
    "Bulgaars": (["Desislava", "Mariya"], ["Georgi", "Ivan"], ["Petrov", "Dimitrov", "Ivanov", "Georgiev"]),
    "Oekraïens": (["Oksana", "Iryna"], ["Taras", "Dmytro"], ["Kovalenko", "Shevchenko", "Bondarenko", "Tkachenko"]),
    "Eritrees": (["Semhar", "Helen"], ["Yonas", "Tesfay"], ["Tesfamariam", "Ghebremedhin", "Haile", "Kidane"]),
    "Nigeriaans": (["Blessing", "Joy"], ["Chinedu", "Emeka"], ["Okafor", "Adeyemi", "Eze", "Obi"]),
    "Vietnamees": (["Linh", "Thu"], ["Minh", "Quang"], ["Nguyen", "Tran", "Le", "Pham"]),
}

# The demo's texts say where people come from ("uit Polen"), the person rows their nationality.
COUNTRY = {
    "Nederlands": "Nederland",
    "Pools": "Polen",
    "Roemeens": "Roemenië",
    "Bulgaars": "Bulgarije",
    "Oekraïens": "Oekraïne",
    "Eritrees": "Eritrea",
    "Nigeriaans": "Nigeria",
    "Vietnamees": "Vietnam",
}

SCENARIOS = [
    (
        "ARBEID",
        Sector.AGRICULTURE,
        ["housing", "long_hours", "low_pay", "documents"],
        "Op een kwekerij werken {n} mensen uit {land} zeven dagen per week. "
        "{naam} zegt dat de baas hun paspoorten heeft.",
    ),
    (
        "ARBEID",
        Sector.CONSTRUCTION,
        ["debt", "low_pay", "deceived"],
        "Bouwvakkers uit {land} moeten een schuld afbetalen aan een bemiddelaar. {naam} kreeg maanden geen loon.",
    ),
    (
        "ARBEID",
        Sector.BEAUTY,
        ["movement", "housing", "fear"],
        "In een nagelsalon werken jonge vrouwen die nooit alleen naar buiten gaan. Eén van hen heet {naam}.",
    ),
    (
        "SEKS",
        Sector.SEX_WORK,
        ["sex", "hand_over_money", "threats"],
        "Een vrouw uit {land}, {naam}, wordt elke avond naar verschillende adressen "
        "gebracht en moet haar geld afgeven.",
    ),
    (
        "SEKS",
        Sector.ONLINE,
        ["sex", "fear", "minor"],
        "Er staan advertenties online met steeds andere namen maar hetzelfde telefoonnummer; het meisje lijkt jong.",
    ),
    (
        "CRIM",
        Sector.CRIME,
        ["crime", "minor", "threats"],
        "Een jongen van ongeveer 15 verkoopt drugs bij het station in opdracht van oudere mannen. "
        "Hij noemde zich {naam}.",
    ),
    (
        "CRIM",
        Sector.RETAIL,
        ["crime", "debt"],
        "Een groep uit {land} steelt in winkels; {naam} vertelde dat ze een reisschuld moeten terugbetalen.",
    ),
    (
        "ARBEID",
        Sector.DOMESTIC,
        ["movement", "contact", "long_hours"],
        "Een huishoudster uit {land} mag het huis niet uit en heeft geen telefoon. Ze heet {naam}.",
    ),
    (
        "ARBEID",
        Sector.MEAT,
        ["housing", "hand_over_money", "deceived"],
        "Uitzendkrachten in een slachterij betalen een groot deel van hun loon aan huur voor een overvol huis.",
    ),
]
# A text that speaks of a woman, a girl or a boy gives the victim that gender.
_GENDER_IN_TEXT = {
    text: gender
    for *_, text in SCENARIOS
    for word, gender in (
        ("vrouw", Gender.FEMALE),
        ("meisje", Gender.FEMALE),
        ("Ze heet", Gender.FEMALE),
        ("jongen", Gender.MALE),
    )
    if word in text
}
# Texts about several people, of whom a professional may name more than one.
_GROUPS_IN_TEXT = ("{n} mensen", "Bouwvakkers", "jonge vrouwen", "Een groep", "Uitzendkrachten")

# Ages a text speaks of: "een jongen van ongeveer 15", "jonge vrouwen", "een vrouw" (an adult).
_AGES_IN_TEXT = (("jongen van ongeveer 15", 14, 16), ("jonge vrouwen", 18, 29), ("vrouw", 19, 45))


def _age_that_fits(text: str, drawn: int) -> int:
    """The drawn age, moved into the range the text speaks of (the draw itself keeps the demo's
    other random choices as they were)."""
    for words, low, high in _AGES_IN_TEXT:
        if words in text:
            return low + drawn % (high - low + 1)
    return drawn


CHANNELS = [Channel.PUBLIC_WEB] * 5 + [Channel.PROFESSIONAL_WEB] * 3 + [Channel.PHONE, Channel.EMAIL, Channel.API]


# Streets that exist in many Dutch places; the house numbers are made up.
_STREETS = ["Dorpsstraat", "Kerkstraat", "Molenweg", "Stationsweg", "Industrieweg", "Schoolstraat", "Havenkade"]


def _fake_bsn(rng: random.Random) -> str:
    """Nine digits that pass the eleven-test: made up, as every other demo identity."""
    while True:
        digits = f"{rng.randint(10_000_000, 99_999_999):08d}"
        for last in "0123456789":
            if bsn_checksum(digits + last) == 0:
                return digits + last


def _identity(
    rng: random.Random, name: str, age: int, municipality: Municipality, today: datetime.date
) -> IdentityInput:
    """What a professional often knows of a victim: a name, and now and then a date of birth,
    a phone number, an address or a BSN."""
    identity = IdentityInput(name=name, normalised=True)
    if rng.random() < 0.6:
        # `age` on the day of the report (`today`): the birthday is up to a year before it.
        birthday = today - datetime.timedelta(days=rng.randint(1, 364))
        if (birthday.month, birthday.day) == (2, 29):
            birthday -= datetime.timedelta(days=1)
        identity.birth_date = birthday.replace(year=birthday.year - age)
    if rng.random() < 0.5:
        identity.phone = f"+316{rng.choice('12345')}{rng.randint(0, 9_999_999):07d}"
    if rng.random() < 0.4:
        place = municipality.plain_name or municipality.name
        identity.address = f"{rng.choice(_STREETS)} {rng.randint(1, 180)}, {place}"
    if rng.random() < 0.25:
        identity.bsn = _fake_bsn(rng)
    return identity


# The national reporting point: its intake officers take the calls and e-mails.
INTAKE_ORGANISATION = "comensha"


def _who_enters(organisations: list[Organisation]) -> tuple[Any, dict[int, Any], Organisation | None]:
    """(the intake officer who takes calls and e-mails, a professional per organisation who reports
    for it, the organisation whose partner system posts through the API), from the accounts there
    are: without accounts, signals are stored as before, entered by nobody."""
    users = (
        User.objects.filter(is_active=True, organisation__isnull=False)
        .select_related("organisation")
        .prefetch_related("role_assignments")
    )
    officer, reporters = None, {}
    for user in users.order_by("username"):
        roles = {assignment.role for assignment in user.role_assignments.all()}
        if Role.INTAKE_OFFICER in roles and officer is None and user.organisation.slug == INTAKE_ORGANISATION:
            officer = user
        # The national fallback's case worker reports nothing of her own (the intake officer does).
        if (
            roles & {Role.CASE_WORKER, Role.COORDINATOR, Role.TABLE_MEMBER}
            and user.organisation.slug != INTAKE_ORGANISATION
        ):
            reporters.setdefault(user.organisation_id, user)
    api = next((o for o in organisations if o.slug == DEMO_API_ORGANISATION), None)
    return officer, reporters, api


def _privacy_officers_organisation() -> Organisation | None:
    """The organisation of the first privacy officer (the demo account "privacy")."""
    officer = (
        User.objects.filter(role_assignments__role=Role.PRIVACY_OFFICER, organisation__isnull=False, is_active=True)
        .select_related("organisation")
        .order_by("pk")
        .first()
    )
    return officer.organisation if officer is not None else None


def seed_signals() -> str:
    if Signal.objects.filter(idempotency_key__startswith=_KEY).exists():
        return "already present"
    rng = random.Random(SEED)
    municipalities = list(Municipality.objects.order_by("code"))
    organisations = list(Organisation.objects.order_by("slug"))
    officer, reporters, api_organisation = _who_enters(organisations)
    privacy_organisation, privacy_reported = _privacy_officers_organisation(), False
    api_token = ApiToken.objects.filter(
        token_hash=token_hash(demo_api_token()), organisation=api_organisation, revoked_at__isnull=True
    ).first()
    indicator_ids = [i.id for i in load_indicators()]
    question_keys = [q.key for q in SITUATION_QUESTIONS]
    now = timezone.now()
    stored: list[int] = []
    for n in range(DEMO_COUNT):
        form, sector, answers, text = rng.choice(SCENARIOS)
        land = rng.choice(list(NAMES))
        women, men, family = NAMES[land]
        # The gender a text speaks of ("een vrouw", "een jongen"), or else a draw; the name fits it.
        gender = _GENDER_IN_TEXT.get(text) or rng.choice([Gender.FEMALE, Gender.MALE])
        surname = rng.choice(family)
        if gender == Gender.FEMALE and land == "Bulgaars":
            surname += "a"  # Petrov, Petrova
        name = f"{rng.choice(women if gender == Gender.FEMALE else men)} {surname}"
        channel = rng.choice(CHANNELS)
        professional = channel != Channel.PUBLIC_WEB and organisations
        extra = rng.sample(question_keys, k=rng.randint(0, 2))
        chosen = sorted(set(answers) | set(extra))
        age = _age_that_fits(text, rng.randint(15, 45) if "minor" not in chosen else rng.randint(13, 17))
        if age >= 18:
            chosen = [key for key in chosen if key != "minor"]
        victim = PersonInput(
            role=PersonRole.VICTIM,
            age=str(age),
            gender=gender,
            nationality=land,
            consent=rng.random() < 0.4 if professional else None,
        )
        perpetrator = PersonInput(
            role=PersonRole.PERPETRATOR,
            description=rng.choice(
                ["Man van rond de 40 met een zwarte Audi.", "Vrouw die het woord doet.", "Eigenaar van het bedrijf."]
            ),
        )
        data = SignalInput(
            what=text.format(n=rng.randint(3, 20), land=COUNTRY[land], naam=name),
            municipality=rng.choice(municipalities),
            reporter_type=ReporterType.PROFESSIONAL
            if professional
            else rng.choice(
                [ReporterType.WITNESS, ReporterType.RELATIVE, ReporterType.WITNESS]
            ),  # texts in the third person
            when=rng.choice(["", "vorige week", "sinds de zomer", "elk weekend"]),
            acute_danger=rng.random() < 0.05,
            persons=[victim, perpetrator],
            answers=chosen,
            indicator_ids=list(
                dict.fromkeys(
                    list(indicator_ids_for_answers(chosen))
                    + (rng.sample(indicator_ids, k=rng.randint(1, 4)) if professional else [])
                )
            ),
            form_codes=[form] if professional else [],
            sector=sector if professional else "",
            organisation=rng.choice(organisations) if professional else None,
            organisation_reference=f"DEMO-{n:04d}" if professional else "",
        )
        # Spread the demo over the past year so the insights have a history to show.
        created = now - datetime.timedelta(days=rng.randint(0, 365), minutes=rng.randint(0, 1440))
        if professional:
            # Its own generator: the identities' details leave the rest of the demo as it was.
            details = random.Random(f"{SEED}:{n}")
            victim.identity = _identity(details, name, age, data.municipality, timezone.localdate(created))
            if any(words in text for words in _GROUPS_IN_TEXT) and details.random() < 0.5:
                # A text about several people: the professional names a second of them.
                second_gender = _GENDER_IN_TEXT.get(text) or details.choice([Gender.FEMALE, Gender.MALE])
                first_names = women if second_gender == Gender.FEMALE else men
                second_name = f"{details.choice(first_names)} {details.choice(family)}"
                second_age = _age_that_fits(text, details.randint(18, 45))
                second = PersonInput(
                    role=PersonRole.VICTIM, age=str(second_age), gender=second_gender, nationality=land
                )
                second.identity = _identity(
                    details, second_name, second_age, data.municipality, timezone.localdate(created)
                )
                data.persons.insert(1, second)
        if channel == Channel.PUBLIC_WEB:  # after the draws too, which it leaves as they were
            in_reporters_language(data, text, land, name)
        # Chosen after the random draws, so who entered a signal leaves the rest of the demo as it was.
        actor = None
        if channel in (Channel.PHONE, Channel.EMAIL) and officer is not None:
            data.organisation, actor = officer.organisation, officer
        elif channel == Channel.API and api_organisation is not None:
            # Posted with the demo token where it exists, so its "last used" on the API links page is filled in.
            data.organisation, actor = api_organisation, api_token
        elif professional:
            if privacy_organisation is not None and not privacy_reported:
                # The privacy officer's municipality reports one, so that it holds a signal to place
                # its demo legal hold and access exemption on (`retention.demo`, `vault.demo`).
                data.organisation, privacy_reported = privacy_organisation, True
            elif n % 4 == 0 and reporters:
                # Every fourth comes from an organisation with a demo account, so each of them
                # finds its own reports under "Gemelde signalen".
                actor = list(reporters.values())[n // 4 % len(reporters)]
                data.organisation = actor.organisation
            else:
                actor = reporters.get(data.organisation.pk)
        key = f"{_KEY}{n}"
        result = signal_submit(
            data=data, channel=channel, actor=actor, idempotency_key=key, fingerprint=fingerprint_of(key)
        )
        Signal.objects.filter(pk=result.signal_id).update(created_at=created)
        stored.append(result.signal_id)
    stored += _seed_unknown_places(rng, now, officer)
    # In the running system the worker makes the de-identified copies seconds after intake; the demo
    # makes them now, so the pages that show them are complete from the first login.
    for signal_id in stored:
        signal_deidentify(signal_id=signal_id)
    return f"{DEMO_COUNT + len(UNKNOWN_PLACES)} signals, de-identified"


# Reporters who did not know the town: routed to the national fallback, which sets the municipality.
# The public form's reports in the language the reporter sent them in: a Bulgarian greenhouse worker,
# the sister of a Romanian woman; the caller, a Dutch lorry driver, spoke Dutch.
UNKNOWN_PLACES = [
    (
        Channel.PUBLIC_WEB,
        ReporterType.SELF,
        "Работим в голяма оранжерия. Всяка сутрин в 5 часа един бус ни взима и не виждаме накъде караме. "
        "Шефът държи паспортите ни и получаваме много по-малко от обещаното.",
        "Оранжерии покрай дълъг път, в далечината се вижда вятърна мелница. Спим на къмпинг с каравани.",
        "bg",
    ),
    (
        Channel.PUBLIC_WEB,
        ReporterType.RELATIVE,
        "Sora mea a plecat cu un bărbat în Olanda, pentru o slujbă la un hotel. Acum mă sună doar noaptea și "
        "șoptește că nu are voie să iasă din casă. Nu știe în ce oraș se află.",
        "Un bloc cu multe etaje; de la fereastră vede o gară și o autostradă.",
        "ro",
    ),
    (
        Channel.PHONE,
        ReporterType.WITNESS,
        "Beller is vrachtwagenchauffeur en zag op een parkeerplaats jonge meisjes in een busje stappen bij twee "
        "mannen. De meisjes leken bang. Beller weet niet meer bij welke plaats dit was.",
        "Parkeerplaats langs de A2, richting zuiden, met een tankstation.",
        "nl",
    ),
]


def _seed_unknown_places(rng: random.Random, now: datetime.datetime, officer) -> list[int]:
    stored = []
    for n, (channel, reporter_type, what, place, language) in enumerate(UNKNOWN_PLACES):
        actor = officer if channel == Channel.PHONE else None
        data = SignalInput(
            what=what,
            municipality=None,
            reporter_type=reporter_type,
            place=place,
            persons=[PersonInput(role=PersonRole.VICTIM, gender=Gender.FEMALE if n == 1 else "")],
            organisation=officer.organisation if actor else None,
            language=language,
        )
        key = f"{_KEY}unknown:{n}"
        result = signal_submit(
            data=data, channel=channel, actor=actor, idempotency_key=key, fingerprint=fingerprint_of(key)
        )
        created = now - datetime.timedelta(days=rng.randint(1, 20), minutes=rng.randint(0, 1440))
        Signal.objects.filter(pk=result.signal_id).update(created_at=created)
        stored.append(result.signal_id)
    return stored


# The partner system of the demo: the Labour Authority's case system posts its signals through the API.
DEMO_API_ORGANISATION = "nla"


def demo_api_token() -> str:
    """A fixed API token of the demo's partner system, printed by `samen demo` (like the TOTP secrets)."""
    return "samen_demo_" + hashlib.sha256(b"samen-demo-api-token").hexdigest()[:32]


def demo_api_token_revoked() -> bool:
    """Whether someone revoked the demo's token on the "API-koppelingen" page."""
    return ApiToken.objects.filter(token_hash=token_hash(demo_api_token()), revoked_at__isnull=False).exists()


def seed_api_token() -> str:
    """The demo partner system's token; stored as its hash, like every token."""
    organisation = Organisation.objects.filter(slug=DEMO_API_ORGANISATION).first()
    if organisation is None:
        return "no demo organisation for the API"
    if ApiToken.objects.filter(token_hash=token_hash(demo_api_token())).exists():
        return "already present"
    api_token_create(organisation=organisation, name="zaaksysteem (demo)", actor="system:demo", raw=demo_api_token())
    return f"token for {organisation.name}"
