"""Tests for de-identification of free text: real deduce plus Samen's own patterns."""

from __future__ import annotations

import gc
import itertools
import pickle
import re
import subprocess
import sys
import threading

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from samen.intake.deidentify import (
    DAMAGED_CACHE_ERRORS,
    Span,
    deidentify_text,
    ensure_lookup_cache,
    find_own_identifiers,
    get_deduce,
    is_loaded,
    lookup_cache_path,
    warm_up,
)
from samen.intake.deidentify.deduce_findings import LONGEST_NAME_RUN, deduce_pieces
from samen.intake.deidentify.deduce_instance import _deduce_despite_a_damaged_cache
from samen.intake.validators import bsn_checksum

# ----------------------------------------------------------------- helpers


def tags_covering(text: str, needle: str, spans: list[Span]) -> set[str]:
    """The tags of the spans that each cover the first occurrence of `needle` completely."""
    start = text.index(needle)
    end = start + len(needle)
    return {s.tag for s in spans if s.start <= start and s.end >= end}


def found_as(text: str, needle: str, tag: str, **kwargs: object) -> bool:
    return tag in tags_covering(text, needle, find_own_identifiers(text, **kwargs))  # type: ignore[arg-type]


def untouched(text: str, needle: str) -> bool:
    start = text.index(needle)
    end = start + len(needle)
    return not any(s.start < end and s.end > start for s in find_own_identifiers(text))


# ------------------------------------------------- own patterns (no deduce)

SIDECODE_EXAMPLES = [
    "AB-12-34",
    "12-34-AB",
    "12-AB-34",
    "AB-12-CD",
    "AB-CD-12",
    "12-AB-CD",
    "12-ABC-3",
    "1-ABC-23",
    "XX-123-Y",
    "X-123-YZ",
    "ABC-12-D",
    "A-12-BCD",
    "1-AB-234",
    "123-AB-4",
]


@pytest.mark.parametrize("plate", SIDECODE_EXAMPLES)
def test_licence_plates_of_every_dutch_sidecode_are_found(plate: str) -> None:
    text = f"Het busje met kenteken {plate} stond voor de deur."
    assert found_as(text, plate, "KENTEKEN")


@pytest.mark.parametrize("plate", ["xx-123-y", "XX123Y", "12ABC3"])
def test_licence_plates_are_found_in_lower_case_with_dashes_and_compact_in_capitals(plate: str) -> None:
    assert found_as(f"Kenteken {plate}.", plate, "KENTEKEN")


@pytest.mark.parametrize("word", ["COVID-19", "A4", "MP3", "24/7", "2671", "B1-niveau"])
def test_ordinary_codes_are_not_taken_for_licence_plates(word: str) -> None:
    text = f"Zij noemde {word} twee keer."
    assert "KENTEKEN" not in tags_covering(text, word, find_own_identifiers(text))


@pytest.mark.parametrize(
    "iban",
    [
        "NL91 ABNA 0417 1643 00",
        "NL91ABNA0417164300",
        "nl91abna0417164300",
        "PL61 1090 1014 0000 0712 1981 2874",
        "PL61109010140000071219812874",
        "RO49 AAAA 1B31 0075 9384 0000",
        "BG80 BNBG 9661 1020 3456 78",
        "UA21 3223 1300 0002 6007 2335 6600 1",
        "DE89 3704 0044 0532 0130 00",
        "NL91 ABNA 0417 1643 01",  # a typo: fails mod-97 but is still someone's account
        "NL 91 ABNA 0417 1643 00",  # the country apart
    ],
)
def test_ibans_of_any_country_with_and_without_spaces_are_found(iban: str) -> None:
    text = f"Het loon gaat naar {iban}, zegt ze."
    assert "IBAN" in tags_covering(text, iban, find_own_identifiers(text))


def test_an_iban_in_groups_of_four_does_not_swallow_the_next_word() -> None:
    text = "Ze betaalt naar BE68 5390 0754 7034 voor de huur."
    spans = [s for s in find_own_identifiers(text) if s.tag == "IBAN"]
    assert [text[s.start : s.end] for s in spans] == ["BE68 5390 0754 7034"]


def test_a_lower_case_word_shaped_like_an_iban_but_failing_the_check_is_left_alone() -> None:
    text = "De code ab12cdefghijklmnop staat op het pakket."
    assert untouched(text, "ab12cdefghijklmnop")


@pytest.mark.parametrize(
    "phone",
    [
        "06-12345678",
        "0612345678",
        "06 12 34 56 78",
        "+31 6 87654321",
        "+31 (0)6 1234 5678",
        "+31(0)6-12345678",
        "0031612345678",
        "070-1234567",
        "+48 512 345 678",
        "0048 512345678",
        "+40 721 234 567",
        "+359 88 123 4567",
        "+380 50 123 4567",
        "+44 7700 900123",
        "+1 (415) 555-2671",
    ],
)
def test_phone_numbers_in_many_formats_are_found_whole(phone: str) -> None:
    text = f"Ze is bereikbaar op {phone} of via haar zus."
    assert "TELEFOONNUMMER" in tags_covering(text, phone, find_own_identifiers(text))


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Ze verzorgen 12.000 planten per kas.", "12.000"),
        ("Ze werkte daar van 2018-2020 zonder contract.", "2018-2020"),
        ("Ze krijgt 400 euro per maand.", "400"),
        ("Ze werkt 12 uur per dag, 7 dagen per week.", "12 uur per dag, 7 dagen"),
        ("Ze moet 24/7 klaarstaan.", "24/7"),
        ("Ze werkt van 10-12 uur in de kas.", "10-12"),
        ("Er wonen 14 mensen in het huis.", "14 mensen"),
    ],
)
def test_counts_amounts_hours_and_ranges_are_not_redacted(text: str, needle: str) -> None:
    assert untouched(text, needle)


def test_a_nine_digit_number_is_a_bsn_only_when_it_passes_the_eleven_test() -> None:
    assert found_as("BSN 111222333.", "111222333", "BSN")
    assert found_as("Nummer 1112.22.333.", "1112.22.333", "BSN")
    assert not found_as("Nummer 123456789.", "123456789", "BSN")


@given(st.lists(st.integers(0, 9), min_size=8, max_size=8))
def test_any_valid_bsn_in_a_sentence_is_found(first_eight: list[int]) -> None:
    digits = "".join(map(str, first_eight))
    check = sum(int(d) * w for d, w in zip(digits, range(9, 1, -1), strict=True)) % 11
    assume(check != 10 and digits != "00000000")
    bsn = digits + str(check)
    assert bsn_checksum(bsn) == 0
    text = f"Haar nummer is {bsn} volgens de werkgever."
    assert "BSN" in tags_covering(text, bsn, find_own_identifiers(text))


@pytest.mark.parametrize(
    "date",
    [
        "12-05-1990",
        "12/05/1990",
        "12.05.1990",
        "1990-05-12",
        "12-05-90",
        "3 maart 2024",
        "3 maart",
        "14 juli",
        "1 jul. 1990",
        "14 July",
        "July 14",
        "July 14, 2023",
        "14th of July 2023",
        "1e mei",
    ],
)
def test_dates_with_and_without_a_year_are_found(date: str) -> None:
    assert found_as(f"Ze kwam op {date} aan in Nederland.", date, "DATUM")


@given(st.dates(), st.sampled_from(["{d:%d-%m-%Y}", "{d.day} {month} {d.year}", "{d.day} {month}"]))
def test_any_date_written_the_dutch_way_is_found(date: object, template: str) -> None:
    months = "januari februari maart april mei juni juli augustus september oktober november december"
    written = template.format(d=date, month=months.split()[date.month - 1])  # type: ignore[attr-defined]
    assume(len(str(date.year)) == 4)  # type: ignore[attr-defined]
    text = f"Sinds {written} werkt ze daar."
    assert "DATUM" in tags_covering(text, written, find_own_identifiers(text))


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("urodzona 14 lutego 1998 w Lublinie", "14 lutego 1998"),
        ("născută pe 14 februarie 2003, care", "14 februarie 2003"),
        ("родена съм на 3 март 2004. дойдох", "3 март 2004"),
        ("яка народилася 14 лютого 1961 року", "14 лютого 1961"),
        ("родился 5 мая 1988 года", "5 мая 1988"),
        ("تاريخ ميلادها 1 مارس 2005 حسب ما قالت", "1 مارس 2005"),
        ("مواليد ٢ شباط ١٩٩٩ في حلب", "٢ شباط ١٩٩٩"),
        ("ولد في 9 كانون الثاني 2001", "9 كانون الثاني 2001"),
        ("doğum tarihi 7 Ağustos 1995", "7 Ağustos 1995"),
    ],
)
def test_a_date_with_a_month_name_in_a_victims_language_and_a_year_is_found(text: str, date: str) -> None:
    assert found_as(text, date, "DATUM")


@pytest.mark.parametrize("text", ["am 2 mai multe joburi", "mam 3 maj wolne", "лише 5 май"])
def test_a_foreign_month_word_without_a_year_is_left_alone(text: str) -> None:
    assert "DATUM" not in {s.tag for s in find_own_identifiers(text)}


def test_the_sentence_full_stop_after_a_month_is_kept() -> None:
    text = "De afspraak is op 14 juli. Daarna belt ze."
    spans = [s for s in find_own_identifiers(text) if s.tag == "DATUM"]
    assert [text[s.start : s.end] for s in spans] == ["14 juli"]


def test_known_names_are_found_case_and_accent_insensitively_and_by_each_part() -> None:
    text = "OKSANA zei dat kovalenko en Stefan Ionescu samen werken; Ştefan belt later."
    spans = find_own_identifiers(text, known_names=["Oksana Kovalenko", "Ştefan Ionescu"])
    for needle in ["OKSANA", "kovalenko", "Stefan Ionescu", "Ştefan"]:
        assert "PERSOON" in tags_covering(text, needle, spans), needle


def test_name_particles_and_short_name_parts_are_not_removed_on_their_own() -> None:
    text = "Een van de collega's van Jan van der Berg, Li, zegt dat de baas der dingen boos is."
    spans = find_own_identifiers(text, known_names=["Jan van der Berg", "Li"])
    found = {text[s.start : s.end] for s in spans if s.tag == "PERSOON"}
    assert found == {"Jan van der Berg", "Li"}
    assert untouched(text, "Een van de collega's")


def test_a_name_part_inside_a_longer_word_is_not_a_match() -> None:
    text = "Ionescu en de regionale ionen."
    spans = find_own_identifiers(text, known_names=["Ion Popescu"])
    assert spans == []


@pytest.mark.parametrize(
    ("name", "text", "declined"),
    [
        (
            "Zbigniew Kowalski",
            "Dałem Zbigniewowi pieniądze, paszport jest u Kowalskiego.",
            ["Zbigniewowi", "Kowalskiego"],
        ),
        ("Marek", "Boję się Marka, rozmawiałam z Markiem wczoraj.", ["Marka", "Markiem"]),
        ("Oksana", "Ik heb Oksanę gezien; de telefoon van Oksany is uit.", ["Oksanę", "Oksany"]),
        ("Сергій", "номер Сергія 063 942 1775, я боюся Сергієм", ["Сергія", "Сергієм"]),
        ("Дмитро", "Мого брата Дмитра забрали, Дмитрові 19 років.", ["Дмитра", "Дмитрові"]),
        ("Maria Popa", "Telefonul Mariei este închis.", ["Mariei"]),
        ("Андрій Вишневський", "гроші Вишневському, паспорт у Вишневського", ["Вишневському", "Вишневського"]),
        ("Оксана Ковальська", "сказала Ковальській", ["Ковальській"]),
        ("Іван Кравець", "номер Кравця", ["Кравця"]),
        ("Павел", "телефонът на Павла", ["Павла"]),
        ("Maciek", "Boję się Maćka.", ["Maćka"]),
    ],
)
def test_a_known_name_is_found_in_the_other_cases_of_slavic_and_romanian(
    name: str, text: str, declined: list[str]
) -> None:
    spans = find_own_identifiers(text, known_names=[name])
    for needle in declined:
        assert "PERSOON" in tags_covering(text, needle, spans), needle


@pytest.mark.parametrize(
    ("names", "text"),
    [
        (["Karel", "Karla"], "Karel sloeg Karla; Karla belde later Karel."),
        (["Петро", "Петра"], "Петро бив Петра. Петра боїться Петро."),
        (["Marek Nowak", "Marka Nowak"], "Marka Nowak pracuje u Marek Nowak."),
    ],
)
def test_two_people_whose_names_are_cases_of_each_other_keep_their_own_tags(
    deduce_loaded: None, names: list[str], text: str
) -> None:
    first, second = (name.split()[0] for name in names)
    copy = deidentify_text(text, known_names=names)
    tags = re.findall(r"\[PERSOON-\d+\]", copy)
    words = [w for w in re.findall(r"\w+", text) if w in (first, second)]
    assert len(tags) == len(words), copy
    tag_of = list(zip(words, tags, strict=True))
    first_tags = {tag for word, tag in tag_of if word == first}
    assert first_tags.isdisjoint({tag for word, tag in tag_of if word == second}), copy


@pytest.mark.parametrize(
    ("name", "text", "kept"),
    [
        ("Peter de Jong", "Een jonge vrouw werkt er; Jong is de baas.", "jonge"),
        ("Bente Jansen", "Zij zei: je bent van mij.", "bent"),
        ("Anna de Lange", "Hoe lang werkt ze al?", "lang"),
        ("Sanne de Jonge", "Een jong meisje.", "jong"),
        ("Julia", "Sinds juli werkt ze daar.", "juli"),
        ("Lotte van de Velde", "Ze werkt op het veld.", "veld"),
        ("Anna Klein", "Een kleine kamer voor Anna.", "kleine"),
        ("Tina", "Een tiny house op het erf van Tina.", "tiny"),
        ("Ion", "De ionen en Ion.", "ionen"),
    ],
)
def test_a_dutch_adjective_ending_or_a_short_name_does_not_take_ordinary_words_with_it(
    name: str, text: str, kept: str
) -> None:
    spans = find_own_identifiers(text, known_names=[name])
    start = text.index(kept)
    assert not any(s.start < start + len(kept) and s.end > start for s in spans)


def test_letters_with_a_stroke_match_their_plain_letter() -> None:
    text = "lukasz werkt met Dorde; Łukasz belt later."
    spans = find_own_identifiers(text, known_names=["Łukasz Szymański", "Đorđe"])
    for needle in ["lukasz", "Dorde", "Łukasz"]:
        assert "PERSOON" in tags_covering(text, needle, spans), needle


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Haar snapchat is @sweet.mariya30 en ze reageert snel.", "@sweet.mariya30"),
        ("WeChat ID wxid_fatima26, daar komen de klanten binnen.", "wxid_fatima26"),
        ("Op Telegram: boss_ivan.77 voor de afspraken.", "boss_ivan.77"),
    ],
)
def test_accounts_on_social_media_are_found(text: str, needle: str) -> None:
    assert found_as(text, needle, "ACCOUNT")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("De bus had kenteken PG 06 54.", "PG 06 54"),
        ("Kenteken 64 FH RX stond er.", "64 FH RX"),
        ("kenteken gk01xz, een witte bus", "gk01xz"),
        ("Roemeens kenteken TM-49-TCB gezien.", "TM-49-TCB"),
        ("Nummerplaat: B 920 BXK", "B 920 BXK"),
    ],
)
def test_plates_written_with_spaces_in_lower_case_or_foreign_are_found(text: str, needle: str) -> None:
    assert found_as(text, needle, "KENTEKEN")


@pytest.mark.parametrize(
    ("text", "needle"),
    [
        ("Een Roemeense bus, B 920 BXK, haalt ze op.", "B 920 BXK"),
        ("De auto (CJ12ABC) staat bij het pand.", "CJ12ABC"),
        ("Bulgaarse wagen CA 1234 AB voor de deur.", "CA 1234 AB"),
        ("Oekraïense bus АА 1234 ВВ gezien.", "АА 1234 ВВ"),
        ("Poolse busjes WZ 12345 en PO 4XY12.", "PO 4XY12"),
        ("Een Duitse auto, B-AB 1234, rijdt ze rond.", "B-AB 1234"),
        ("Auto z tablicą 1-ABC-123 stoi przed domem.", "1-ABC-123"),
    ],
)
def test_foreign_plates_in_capitals_are_found_without_the_word_kenteken(text: str, needle: str) -> None:
    assert found_as(text, needle, "KENTEKEN")


@pytest.mark.parametrize(
    ("text", "needle", "tag"),
    [
        # Relatives, go-betweens and what others call someone, in the victims' languages.
        ("Mój syn Dawid pojechał do Holandii.", "Dawid", "PERSOON"),
        ("kartę trzyma 'koordynator' Bartek od maja", "Bartek", "PERSOON"),
        ("Brygadzista, na którego wszyscy mówią Byku, nie płaci.", "Byku", "PERSOON"),
        ("un vecin din sat, zis Pițu, l-a dus acolo", "Pițu", "PERSOON"),
        ("un bărbat pe care îl numește doar Sandu", "Sandu", "PERSOON"),
        ("замина с приятеля си Любомир", "Любомир", "PERSOON"),
        ("преводачът, викаме му Гошо, взима парите", "Гошо", "PERSOON"),
        ("когото всички наричат Бобъра", "Бобъра", "PERSOON"),
        ("гроші платить через посередника Тараса", "Тараса", "PERSOON"),
        ("mieszka z żoną Anną i synem Kacprem", "Anną", "PERSOON"),
        ("Ion Popescu zis Bursucul ia banii", "Bursucul", "PERSOON"),
        ("un tip poreclit Bebe îi ia banii", "Bebe", "PERSOON"),
        ("Съпругата му Мария събира парите", "Мария", "PERSOON"),
        ("Його звали Тарас, він забирав паспорти", "Тарас", "PERSOON"),
        ("the driver goes by Vova on the app", "Vova", "PERSOON"),
        ("the main guy calls himself Frosty", "Frosty", "PERSOON"),
        ("a man she only knows as Tewolde", "Tewolde", "PERSOON"),
        # A document's number a word or two after the document, addresses written the foreign way.
        ("Patient's ID card RX 731904 was taken.", "RX 731904", "DOCUMENTNUMMER"),
        ("her ID card number is KX 482913", "KX 482913", "DOCUMENTNUMMER"),
        ("паспорт громадянина України ЕК718243 у нього", "ЕК718243", "DOCUMENTNUMMER"),
        ("adresa mea e Str. Teilor nr. 4, bl. B2, ap. 31, Iași", "Str. Teilor nr. 4, bl. B2, ap. 31", "LOCATIE"),
        ("mieszkam przy ul. Długa 15/3 w Łodzi", "ul. Długa 15/3", "LOCATIE"),
        ("ul. Długa 12A, Łódź", "ul. Długa 12A", "LOCATIE"),
        ("бул. „Цариградско шосе“ 115, София", "бул. „Цариградско шосе“ 115", "LOCATIE"),
        ("живее на ул. Васил Левски 27 в Пловдив", "ул. Васил Левски 27", "LOCATIE"),
        ("вул. Шевченка 12, кв. 5, Луцьк", "вул. Шевченка 12, кв. 5", "LOCATIE"),
        ("ساكن في شارع الحرية رقم 18 بطنجة", "شارع الحرية رقم 18", "LOCATIE"),
        ("الحساب ديالو hamid.x21 فالسناب", "hamid.x21", "ACCOUNT"),
        ("الحساب ديالو هو rami.2020", "rami.2020", "ACCOUNT"),
    ],
)
def test_names_documents_addresses_and_accounts_after_the_cues_of_the_victims_languages_are_found(
    text: str, needle: str, tag: str
) -> None:
    assert found_as(text, needle, tag)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("a zis că vine mâine", "că vine"),
        ("îi spune că trebuie să plătească", "că trebuie"),
        ("mój syn jest w Holandii", "jest"),
        ("паспорт забрав бригадир 3 тижні тому", "забрав бригадир"),
        ("Paspoort FG 582208 ingehouden.", "Paspoort"),
        ("حسابه في البنك فارغ", "في البنك"),
        ("Strada e lungă și ul. to ulica", "lungă"),
        # Found in a review: amounts after a document, prose after a street's abbreviation, "blue".
        ("Voor zijn paspoort moest hij 15000 euro betalen.", "15000 euro"),
        ("paszport oddadzą za 10000 zł", "za 10000 zł"),
        ("Ze woont daar al. Ze werkt 60 uur per week.", "Ze werkt 60 uur"),
        ("Dat wist de politie al. Sinds 2019 woont ze in Venlo.", "Sinds 2019"),
        ("mieszka 12 os. na 3 pokoje", "na 3 pokoje"),
        ("a dormit pe strada timp de 3 nopti", "timp de 3 nopti"),
        ("نام في شارع مظلم 3 ساعات", "مظلم 3 ساعات"),
        ("Една кола, син Мерцедес бус, чака отпред.", "Мерцедес"),
        ("i call him Monday, Monday is payday", "Monday is payday"),
        ("Voor zijn paspoort moest hij EUR 15000 betalen.", "EUR 15000"),
        ("Ma męża, ale mąż pracuje w Holandii.", "ale mąż"),
        ("a zis asta ieri", "asta ieri"),
        ("A zis fara contract. Lucram fara contract.", "Lucram fara contract"),
        ("Patronul ii zice lei 500 pe luna, doar 300 lei.", "doar 300 lei"),
    ],
)
def test_ordinary_words_after_the_new_cues_stay(text: str, words: str) -> None:
    assert untouched(text, words)


@pytest.mark.parametrize("words", ["AVG 2018", "CAO 2024", "WK 2026", "EUR 1500", "AVIM 12", "KVK 12345678"])
def test_capitals_and_a_number_in_prose_are_not_taken_for_a_foreign_plate(words: str) -> None:
    text = f"Volgens de {words} is dat geregeld."
    assert "KENTEKEN" not in tags_covering(text, words, find_own_identifiers(text))


@pytest.mark.parametrize(
    ("text", "needle", "tag"),
    [
        ("De baas Florin houdt het loon in.", "Florin", "PERSOON"),
        ("Schuld bij de 'bemiddelaar' Zoltan.", "Zoltan", "PERSOON"),
        ("Every evening young man Serhii takes the money.", "Serhii", "PERSOON"),
        ("Ze werken voor 'Tomek' en wonen in een loods.", "Tomek", "PERSOON"),
        ("Een man die 'Wujek' wordt genoemd haalt het geld op.", "Wujek", "PERSOON"),
        ("Een man die ze 'meneer ali' noemen.", "meneer ali", "PERSOON"),
        ("De beheerder noemt zich 'kingmo'.", "kingmo", "PERSOON"),
        ("Een oudere jongen bekend als 'Ace'.", "Ace", "PERSOON"),
        ("Een Pools ID-bewijs met nummer AYD 548221.", "AYD 548221", "DOCUMENTNUMMER"),
        ("Szef zabrał mi dowód osobisty (CBA 214587).", "CBA 214587", "DOCUMENTNUMMER"),
        ("geb 14-7-1990 / pasp. FE 482193 / tel", "FE 482193", "DOCUMENTNUMMER"),
        ("Ea are buletin românesc seria CT nr. 482915. Cristian", "482915", "DOCUMENTNUMMER"),
        ("забрав мій закордонний паспорт FX 482917 «для оформлення»", "FX 482917", "DOCUMENTNUMMER"),
        ("أخذ جواز سفرها رقم N0348217 منها", "N0348217", "DOCUMENTNUMMER"),
        ("Foto's via Snapchat (snap: lilly.xoxo07).", "lilly.xoxo07", "ACCOUNT"),
        ("zijn snap is tonnyb_3000", "tonnyb_3000", "ACCOUNT"),
        ("Het Telegram-kanaal t.me/robota_niderlandy bood werk.", "t.me/robota_niderlandy", "URL"),
        ("Advertentie (olx.ro/d/oferta/munca-IDk4821) wierf ze.", "olx.ro/d/oferta/munca-IDk4821", "URL"),
        ("Обявата: https://rabota-bg.eu/obiava/48213. Обещаха", "https://rabota-bg.eu/obiava/48213", "URL"),
        ("Groep: https://t.me/+Xk4mPq, daar", "https://t.me/+Xk4mPq", "URL"),
        ("Zie WWW.Praca-Holandia.pl voor meer", "WWW.Praca-Holandia.pl", "URL"),
        ("Poolse kentekenplaat gd 4t812.", "gd 4t812", "KENTEKEN"),
    ],
)
def test_names_documents_accounts_links_and_plates_found_by_their_cues(text: str, needle: str, tag: str) -> None:
    assert found_as(text, needle, tag)


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("De baas Paweł houdt het loon in.", "Paweł"),
        ("De baas Ștefan betaalt niet.", "Ștefan"),
        ("Hij werkt voor de ploegbaas Grzegorz.", "Grzegorz"),
        ("Een jongen bekend als Ace.", "Ace"),
        ("Mój wujek Zbigniew (58 lat) pił", "Zbigniew"),
        ("patronul Costel ne ia banii", "Costel"),
        ("Моят съсед Пламен (45 г.) е доведен", "Пламен"),
        ("Мого брата Дмитра тримають на плантації", "Дмитра"),
        ("his brother is ahmed and he works there", "ahmed"),
        ("her husband was ali, he took the money", "ali"),
        ("Начальник: Петро. Водій: Микола.", "Петро"),
        ("Начальник: Петро. Водій: Микола.", "Микола"),
        ("Szef: Marek, kierowca: Tomasz", "Tomasz"),
        ("De mensenhandelaar Dragan haalt ze op.", "Dragan"),
        ("мій брат іван працює там без вихідних", "іван"),
        ("шеф саша забрав паспорт", "саша"),
    ],
)
def test_a_role_name_in_latin_or_cyrillic_script_and_after_a_compound_role_is_found(text: str, name: str) -> None:
    assert found_as(text, name, "PERSOON")


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("De 'coördinator' int de 'kosten'.", "kosten"),
        ("Een man die haar 'mijn schatje' noemt.", "mijn schatje"),
        ("Ze riep 'Ik wil weg' en liep.", "Ik wil weg"),
        ("'Welkom' stond op de deur.", "Welkom"),
        ("Ze sprak met de man\nHij zei niets.", "Hij"),
        ("Hij staat bekend als gewelddadig.", "gewelddadig"),
        ("Mój brat pracuje w Venlo.", "pracuje"),
        ("брат каже, що все добре", "каже"),
        ("Het pand staat bekend als drugspand.", "drugspand"),
        ("My brother is Polish.", "Polish"),
        ("De baas is Nederlander.", "Nederlander"),
        ("mijn vriend is ziek", "ziek"),
        ("Broer: Werkt in de kas.", "Werkt"),
        ("Man: Groot, donker haar.", "Groot"),
        ("Водій: Невідомий", "Невідомий"),
        ("брат каже, що все добре", "каже"),
    ],
)
def test_words_in_quotes_or_after_a_role_that_are_no_name_stay(text: str, word: str) -> None:
    assert "PERSOON" not in tags_covering(text, word, find_own_identifiers(text))


@pytest.mark.parametrize(
    ("text", "words", "tag"),
    [
        ("HIJ KOMT OM 12 UUR AAN", "OM 12 UUR", "KENTEKEN"),
        ("Route A B 12 volgen", "A B 12", "KENTEKEN"),
        ("Polish plates DW 9G335 and more.", "s DW", "KENTEKEN"),
        ("Ik snap 10 dingen niet.", "10", "ACCOUNT"),
        ("Telegram heeft 12 groepen.", "12", "ACCOUNT"),
        ("Sinds 2023.Het/ze weet het.", "2023.Het/ze", "URL"),
    ],
)
def test_capitals_numbers_and_missing_spaces_are_not_taken_for_plates_accounts_or_links(
    text: str, words: str, tag: str
) -> None:
    assert tag not in tags_covering(text, words, find_own_identifiers(text))


def test_a_link_ends_before_the_punctuation_that_ends_its_sentence() -> None:
    text = "De advertentie (https://werk.eu/vacature?id=9) en www.werk.eu. Daarna"
    assert [text[s.start : s.end] for s in find_own_identifiers(text) if s.tag == "URL"] == [
        "https://werk.eu/vacature?id=9",
        "www.werk.eu",
    ]


def test_a_plate_after_its_word_does_not_take_the_sentence_with_it() -> None:
    text = "Ze noemde kenteken 12 is fout, tussen 10 en 12 uur."
    assert untouched(text, "is fout") and untouched(text, "tussen 10 en 12 uur")


@pytest.mark.parametrize(
    ("text", "needle"),
    [("Haar paspoort (FE783756) ligt bij de baas.", "FE783756"), ("Paspoort FG 582208 ingehouden.", "FG 582208")],
)
def test_passport_numbers_after_their_word_are_found(text: str, needle: str) -> None:
    assert found_as(text, needle, "DOCUMENTNUMMER")
    assert untouched("Haar paspoort ligt bij de baas.", "paspoort ligt bij de baas")


def test_an_e_mail_address_spelled_out_is_found_without_the_next_sentence() -> None:
    text = "Mail yulia.tkachenko (at) outlook.com. Hij betaalt de huur."
    assert found_as(text, "yulia.tkachenko (at) outlook.com", "EMAILADRES")
    assert untouched(text, "Hij betaalt")


def test_a_street_and_number_in_lower_case_is_found() -> None:
    assert found_as("Huisvesting: noordeinde 44d, in een schuur.", "noordeinde 44d", "LOCATIE")
    assert untouched("Ze werkt 60 uur per week.", "60 uur per week")


@pytest.mark.parametrize(
    ("text", "name", "after"),
    [
        ("Ze heet nataliia kravchuk en werkt in de kas.", "nataliia kravchuk", "en werkt"),
        ("Een vrouw genaamd ahmed abu bakr moet voor hem werken.", "ahmed abu bakr", "moet voor"),
        ("Een man genaamd Todorov int de huur.", "Todorov", "int de huur"),
        ("De baas (alias Bossman) komt elke dag.", "Bossman", "komt elke dag"),
        ("Hij noemt zich Cobra.", "Cobra", "Hij noemt zich"),
    ],
)
def test_a_name_after_the_words_that_introduce_one_is_found_in_any_case(text: str, name: str, after: str) -> None:
    assert found_as(text, name, "PERSOON")
    assert untouched(text, after)


def test_heet_as_in_hot_is_not_a_name_cue() -> None:
    text = "Het was heet in de kas en er was geen water."
    assert find_own_identifiers(text) == []


# ------------------------------- what the held-out corpus showed (data/deidentify_heldout.json)
# Some of these patterns accept a lower-case word only when deduce's list of first names knows it
# ("stefan", not "bang"), so they load deduce.


@pytest.mark.parametrize(
    ("text", "plate", "kept"),
    [
        ("bulgaars kenteken, iets met cb 4418 ... en neemt het geld", "cb 4418", "en neemt het geld"),
        ("poolse nummerplaat, iets met wx 4821. groet", "wx 4821", "groet"),
        ("duits kenteken, iets van kle ab 217. zijn naam", "kle ab 217", "zijn naam"),
        ("Kenteken van zijn bus is een pools: dw 7k221", "dw 7k221", "Kenteken van zijn bus is een pools"),
        ("Zijn bus: 34 KLM 281 (Turks kenteken).", "34 KLM 281", "Zijn bus"),
    ],
)
def test_a_plate_after_a_hedge_or_a_colon_and_a_turkish_plate_are_found(text: str, plate: str, kept: str) -> None:
    assert found_as(text, plate, "KENTEKEN")
    assert untouched(text, kept)


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Kenteken onbekend, iets met een 7 denk ik.", "iets met een 7 denk ik"),
        ("Kenteken van de bus: weet ik niet.", "weet ik niet"),
        ("Ze kwam om 12 UUR 30 aan.", "12 UUR 30"),
    ],
)
def test_a_hedge_without_a_plate_and_a_time_in_capitals_are_no_plate(text: str, words: str) -> None:
    assert "KENTEKEN" not in tags_covering(text, words, find_own_identifiers(text))


def test_a_plate_after_its_word_is_found_though_a_colon_follows_later() -> None:
    text = "kenteken cb 4418, eigenaar: onbekend"
    assert found_as(text, "cb 4418", "KENTEKEN")
    assert untouched(text, "eigenaar: onbekend")


@pytest.mark.parametrize(
    ("text", "account"),
    [
        ("Hij heeft een Instagram-account serkan.k_026 en een scooter.", "serkan.k_026"),
        ("He uses snapchat name souf_1020 and drives a scooter.", "souf_1020"),
        ("Ze wordt op TikTok benaderd door 'sugardaddy_ams', die geld biedt.", "sugardaddy_ams"),
        ("Op onlyfans staan video's van haar, later ook onder 'jessyyy.nl'.", "jessyyy.nl"),
        ("Hij heet daar jr_on_the_grind.", "jr_on_the_grind"),
    ],
)
def test_an_account_after_platform_account_or_in_quotes_near_a_platform_or_with_an_underscore_is_found(
    text: str, account: str
) -> None:
    assert found_as(text, account, "ACCOUNT")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Op Telegram draait versie 'v1.2' van de app.", "v1.2"),
        ("Ze verdiende 'maar 12.000' per jaar.", "12.000"),
        ("Ze noemt hem 'Tomek', niet 'tomek.' zoals op Instagram.", "Tomek"),
    ],
)
def test_a_version_an_amount_or_a_name_in_quotes_is_no_account(text: str, words: str) -> None:
    assert "ACCOUNT" not in tags_covering(text, words, find_own_identifiers(text))


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Zijn achternaam is NOWAK, hij komt uit Polen.", "NOWAK"),
        ("Haar voornaam is Oksana.", "Oksana"),
        ("Achternaam: kowalczyk", "kowalczyk"),
        ("Her surname is Petrenko and she is 19.", "Petrenko"),
        ("his last name is shevchenko, he drives", "shevchenko"),
    ],
)
def test_a_surname_or_first_name_after_its_cue_is_found(text: str, name: str) -> None:
    assert found_as(text, name, "PERSOON")


@pytest.mark.parametrize(
    "text",
    ["De naam is onbekend.", "Naam: onbekend", "Zijn achternaam is onbekend.", "Her name is unknown to me."],
)
def test_a_name_that_is_not_known_is_no_name(text: str) -> None:
    assert not any(span.tag == "PERSOON" for span in find_own_identifiers(text)), find_own_identifiers(text)


@pytest.mark.parametrize(
    ("text", "name", "kept"),
    [
        ("my name is bogdan, i work in greenhouse", "bogdan", "i work in greenhouse"),
        ("his name is ivaylo petkov, he call me", "ivaylo petkov", "he call me"),
        ("boss name is viktor, he is from moldova", "viktor", "he is from moldova"),
        ("my name Kalina Georgieva, i live in aalsmeer", "Kalina Georgieva", "i live"),
        ("Mijn naam is Ewa Kowalska, ik werk in Limburg.", "Ewa Kowalska", "ik werk"),
        ("numele meu este florin dumitru, telefon 0040", "florin dumitru", "telefon"),
        ("Dzień dobry, nazywam się marta nowak i pracuję", "marta nowak", "Dzień dobry"),
        ("haar naam is lisa de jong en ze woont in purmerend", "lisa de jong", "en ze woont"),
        ("szef nazywa się marek zieliński i zabiera paszporty", "marek zieliński", "i zabiera paszporty"),
        ("ta dziewczyna ma na imię Ola, pracuje w Venlo", "Ola", "pracuje w Venlo"),
        ("patronul se numește Costel și ne ia banii", "Costel", "și ne ia banii"),
        ("o cheama ana maria si are 19 ani", "ana maria", "si are 19 ani"),
        ("шефът се казва Пламен и взима парите", "Пламен", "и взима парите"),
        ("момиче на име Десислава работи там", "Десислава", "работи там"),
        ("його звати Богдан, він забрав паспорти", "Богдан", "він забрав паспорти"),
        ("її звуть оксана і вона плаче", "оксана", "і вона плаче"),
        ("اسمها ليلى وعمرها 17 سنة", "ليلى", "وعمرها 17"),
        ("المدير اسمه هو سامر الخطيب ويأخذ جوازات السفر", "سامر الخطيب", "ويأخذ جوازات السفر"),
        ("اسمي: أمينة حداد", "أمينة حداد", "اسمي"),
        ("صاحب العمل يدعى كريم من المغرب", "كريم", "من المغرب"),
        ("نحن نسميه، يسمونه الريس", "الريس", "نحن نسميه"),
        ("الشركة ديال واحد سميتو رشيد الزياني كيدي الباسبور", "رشيد الزياني", "كيدي الباسبور"),
        ("الشخص يلي جابه بيسموه أبو جاسم، ما بعرف", "أبو جاسم", "ما بعرف"),
        ("المشرف اسمه محمد بن علي يأخذ الرواتب", "محمد بن علي", "يأخذ الرواتب"),
        ("اسمه أحمد يأخذ المال كل أسبوع", "أحمد", "يأخذ المال"),
        ("اسمها ليلى تعمل في المزرعة", "ليلى", "تعمل في المزرعة"),
        ("اسمه أحمد تامر الحسن، من سوريا", "أحمد تامر الحسن", "من سوريا"),
        ("dziewczyne z polski, wolaja na nia Kasia. pracuje", "Kasia", "pracuje"),
        ("всі кличуть його Сірий. живе в готелі", "Сірий", "живе в готелі"),
    ],
)
def test_a_name_after_my_name_is_or_is_called_in_english_dutch_arabic_and_the_victims_languages_is_found(
    text: str, name: str, kept: str
) -> None:
    assert found_as(text, name, "PERSOON")
    assert untouched(text, kept)


@pytest.mark.parametrize("text", ["My name is on the list.", "Her name there is unknown.", "Their name is the same."])
def test_my_name_is_before_an_ordinary_word_finds_no_name(text: str) -> None:
    assert not [s for s in find_own_identifiers(text) if s.tag == "PERSOON"]


@pytest.mark.parametrize(
    "text",
    ["той казва че няма пари", "o cheamă la muncă noaptea", "لم يذكر اسمه في الرسالة", "îi spune că pleacă"],
)
def test_says_or_calls_without_a_name_finds_no_name(text: str) -> None:
    assert not [s for s in find_own_identifiers(text) if s.tag == "PERSOON"]


def test_a_particle_is_part_of_a_name_only_inside_it() -> None:
    text = "hij heet piet en de rest weet ik niet"
    assert found_as(text, "piet", "PERSOON")
    assert untouched(text, "en de rest")


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("man zelf zegt alleen dat hij stoyan heet", "stoyan"),
        ("een meisje zei dat ze linh heet en 16 is", "linh"),
        ("meisje zou jessy heten en in lelystad wonen", "jessy"),
        ("Jongen verklaart Youssef te heten, geen ID.", "Youssef"),
    ],
)
def test_a_name_before_heet_or_te_heten_is_found(text: str, name: str) -> None:
    assert found_as(text, name, "PERSOON")


@pytest.mark.parametrize("text", ["Ik weet niet hoe hij eigenlijk heet.", "Ze zegt dat het zo heet.", "Het was heet."])
def test_an_ordinary_word_before_heet_is_no_name(text: str) -> None:
    assert not [s for s in find_own_identifiers(text) if s.tag == "PERSOON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("de chauffeur noemen ze 'bai Georgi'.", "Georgi"),
        ("de eigenaar is een man die ze anh Long noemen", "Long"),
        ("haar collega noemt haar 'bé Thảo'.", "Thảo"),
        ("de man heet volgens de jongens 'baba ali'.", "ali"),
        ("de bus staat op naam van zijn 'oom' khaled.", "khaled"),
        ("werkt in een nagelstudio, 'bij tante Hoa'.", "Hoa"),
    ],
)
def test_a_name_after_a_form_of_address_is_found_without_the_closing_quote(
    deduce_loaded: None, text: str, name: str
) -> None:
    assert name in {text[s.start : s.end] for s in find_own_identifiers(text) if s.tag == "PERSOON"}


@pytest.mark.parametrize(
    "text", ["Mama is ziek en papa werkt.", "De oom zei niets, tante ook niet.", "uncle said nothing"]
)
def test_a_form_of_address_before_an_ordinary_word_finds_no_name(deduce_loaded: None, text: str) -> None:
    assert not [s for s in find_own_identifiers(text) if s.tag == "PERSOON"]


@pytest.mark.parametrize(
    ("text", "name"),
    [
        ("Eén van de vrouwen, Iryna, is 17 jaar.", "Iryna"),
        ("Een van hun, Yonas, spreekt een beetje Nederlands.", "Yonas"),
        ("een van de jongens emre vertelde dat", "emre"),
        ("mijn zusje lisa is 17 en verliefd", "lisa"),
        ("jacek en zijn broer piotr werken weer", "piotr"),
        ("cliënte heeft een nieuwe vriend, stefan, die haar uitkering", "stefan"),
        ("een kok, rajesh kumar, zegt dat hij nooit vrij heeft", "rajesh kumar"),
        ("een jongen uit zijn klas, yusuf, omdat die", "yusuf"),
        ("de aannemer is een zekere hakan öztürk, zijn bus", "hakan öztürk"),
        ("ik ben marta z polen ik werk in kas", "marta"),
        ("my boss is called mike and his wife sarah", "sarah"),  # found by exploratory testing
        ("de echtgenote Ilona int het geld", "Ilona"),
    ],
)
def test_a_first_name_after_a_relative_one_of_them_in_apposition_or_after_ik_ben_is_found(
    deduce_loaded: None, text: str, name: str
) -> None:
    assert found_as(text, name, "PERSOON")


@pytest.mark.parametrize(
    "text",
    [
        "Ik ben bang dat ze niet terugkomt.",
        "Er is een zekere mate van dwang.",
        "i am worried, i am 17, i am from poland",
        "Ze werkten in Utrecht, Amersfoort, Zwolle en Breda.",
        "De man, kaal en groot, rijdt een bus.",
        "Haar zus is 16 en mijn broer werkt daar ook.",
        "Een van de meisjes, ongeveer 15, huilde.",
        "One of them showed ID: a card.",
        "the agency man take my id card",
        "Boss has her passport.",
        "een van de jongens vertelde dat de baas zegt dat",
    ],
)
def test_an_ordinary_word_in_those_places_is_no_name(deduce_loaded: None, text: str) -> None:
    assert not [s for s in find_own_identifiers(text) if s.tag == "PERSOON"]


@pytest.mark.parametrize(
    ("text", "role", "name"),
    [
        ("Broer Karim Haddad werkt daar zonder contract.", "Broer", "Karim Haddad"),
        ("Koleżanka Anna Nowak pracuje tam bez umowy.", "Koleżanka", "Anna Nowak"),
        ("Collega Jan de Vries zag het gebeuren.", "Collega", "Vries"),
        ("Baas Florin betaalt niet.", "Baas", "Florin"),
    ],
)
def test_a_role_at_the_start_of_a_sentence_stays_before_the_name_it_announces(
    deduce_loaded: None, text: str, role: str, name: str
) -> None:
    copy = deidentify_text(text)
    assert copy.startswith(f"{role} [PERSOON-1]") and name not in copy


def test_a_name_found_by_its_cue_is_removed_where_it_stands_again(deduce_loaded: None) -> None:
    text = "She says a man named Haile took her to Breda. Haile's phone is unknown; de baas weet het."
    copy = deidentify_text(text)
    assert "Haile" not in copy
    assert "de baas weet het" in copy and "phone is unknown" in copy


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        # Words that end a name in the victims' languages are first names too.
        ("Ze heet Ani en komt uit Armenië.", "Ani", "en komt uit"),
        ("De baas heet Lat en betaalt niet.", "Lat", "en betaalt niet"),
        ("Haar zus Ani werkt in Venlo.", "Ani", "werkt in"),
        # Arabic: three-part names, titles, a family name that starts with "و", joined prepositions.
        ("اسمي آمنة عثمان إبراهيم من السودان", "آمنة عثمان إبراهيم", "من السودان"),
        ("يدعى السيد كريم حداد من المغرب", "كريم حداد", "من المغرب"),
        ("اسمها سارة وهبة وتعمل في المطعم", "سارة وهبة", "وتعمل في المطعم"),
        ("اسمه مازن. اتصلت بمازن ولمازن أخ", "مازن", "اتصلت"),
        ("أخذ بجواز سفرها رقم N0348217 منها", "N0348217", "منها"),
        # A year with its abbreviation joined, a Cyrillic passport series, possessives after a relative.
        ("urodzona 14 lutego 1998r. w Lublinie", "14 lutego 1998", "w Lublinie"),
        ("народилася 14 лютого 1961р. в Києві", "14 лютого 1961", "в Києві"),
        ("паспорт серії КМ 482915 у нього", "482915", "у нього"),
        ("fratele meu Ion și sora mea Maria. Casa mea e mică.", "Maria", "Casa mea e mică"),
        ("брат ми Иван работи, шефът ни Пламен взима парите", "Пламен", "взима парите"),
        # A name found by its cue, found again in another case.
        ("його звати Сергій. номер Сергія 063 942 1775", "Сергія", "номер"),
        ("szef nazywa się Zbigniew. Boję się Zbigniewa.", "Zbigniewa", "Boję się"),
        ("платить через посередника Олега. Олег каже платити.", "Олег", "каже платити"),
        ("Mój syn Kacper pisze w nocy. Kacprowi grożą.", "Kacprowi", "grożą"),
        # A Dutch name in Cyrillic, its particle between two capitalised words.
        ("Бригадир — голландець Рюд де Бур. Рюд де Бур приїжджає вранці.", "Рюд Бур", "приїжджає вранці"),
    ],
)
def test_names_dates_and_numbers_in_the_victims_languages_go_and_the_sentence_stays(
    deduce_loaded: None, text: str, gone: str, kept: str
) -> None:
    copy = deidentify_text(text)
    assert not any(part in copy for part in gone.split()), copy
    assert kept in copy, copy


@pytest.mark.parametrize(
    "text",
    [
        "اسمه غير معروف لكن المكان غير بعيد ومعروف للجميع",
        "هذا ما يسمى مكتب التشغيل في المدينة",
        "i se spune că trebuie să plătească",
    ],
)
def test_ordinary_words_after_a_name_cue_in_arabic_and_romanian_stay(deduce_loaded: None, text: str) -> None:
    assert deidentify_text(text) == text


def test_a_run_of_capitalised_words_with_an_ordinary_word_is_not_found_in_other_cases_but_a_name_is(
    deduce_loaded: None,
) -> None:
    text = (
        "Ze woont aan de Nieuwe Binnenweg en heeft een nieuw telefoonnummer. Приятелят е Десислава Маринова."
        " Обади се на Десислави. Pracowałam u Zbigniewa Nowaka. Nowakowi oddałam paszport."
    )
    copy = deidentify_text(text)
    assert "een nieuw telefoonnummer" in copy
    assert "Десислав" not in copy and "Nowak" not in copy


def test_a_first_name_and_surname_in_lower_case_after_a_cue_go_wherever_they_stand(deduce_loaded: None) -> None:
    copy = deidentify_text("ze heet nataliia kravchuk. later belde nataliia weer op. se numește firma, firma e mare.")
    assert "nataliia" not in copy and "kravchuk" not in copy
    assert "firma e mare" in copy
    copy = deidentify_text("Nie wiem, jak nazywa się ta agencja, agencja zabiera. He calls himself boss. The boss")
    assert "agencja zabiera" in copy and "The boss" in copy


def test_a_name_in_arabic_script_found_by_its_cue_is_removed_where_it_stands_again(deduce_loaded: None) -> None:
    text = "المسؤول اسمه خالد العمر وهو ساحب جوازات السفر. رقم خالد معي. بيسموه أبو جاسم، بس أبو جاسم بيهدده"
    copy = deidentify_text(text)
    assert "خالد" not in copy and "العمر" not in copy and "جاسم" not in copy
    assert "وهو ساحب جوازات السفر" in copy and "بيهدده" in copy


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Twierdzi, że razem z Jackiem i Sebastianem pracują 60 godzin.", ["Jackiem", "Sebastianem"]),
        ("wyjechał do Holandii z 'przyjacielem' Adamem.", ["Adamem"]),
        ("Kontakt tylko przez koleżankę, bo Oldze zabrano telefon.", ["Oldze"]),
        ("Паспорт забрав Юрій, гроші теж у Олегом не бачив.", ["Юрій", "Олегом"]),
        ("Нас возеше Иван до оранжерията.", ["Иван"]),
        ("De tussenpersoon heette volgens hem Hany, nummer onbekend.", ["Hany"]),
    ],
)
def test_a_capitalised_first_name_in_another_case_script_or_spelling_is_removed(
    deduce_loaded: None, text: str, names: list[str]
) -> None:
    copy = deidentify_text(text)
    assert not [name for name in names if name in copy], copy


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("Een man die zich Nicu noemt haalt het geld.", ["Nicu"], ["haalt het geld"]),
        ("Ze zeggen dat ze Sami noemen wie de baas is; die hij baas noemt.", ["Sami"], ["baas noemt"]),
        ("عامل مصري اسمه أحمد عبد الرحمن السيد، يعمل في مطعم", ["أحمد", "الرحمن", "السيد"], ["يعمل في مطعم"]),
        ("صاحب الفرن (اسمو الكامل سمير الخطيب) ما عم يعطيه عقد", ["سمير", "الخطيب"], ["ما عم يعطيه عقد"]),
        ("عامل مصري، رقم جوازه A21587463، يعمل", ["A21587463", "21587463"], ["رقم جوازه"]),
    ],
)
def test_names_and_numbers_in_the_wordings_the_fifth_corpus_found(
    deduce_loaded: None, text: str, gone: list[str], kept: list[str]
) -> None:
    _assert_gone_and_kept(text, gone, kept)


def _assert_gone_and_kept(text: str, gone: list[str], kept: list[str]) -> None:
    copy = deidentify_text(text)
    assert not [value for value in gone if value in copy], copy
    assert all(words in copy for words in kept), copy


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("Zijn kenteken is 12-ABC-3 en hij rijdt rond.", "Zijn kenteken is [KENTEKEN-1] en hij rijdt rond."),
        ("the plate was B 123 ABC, a Dacia", "the plate was [KENTEKEN-1], a Dacia"),
        ("Bel mij (tel. +48 512 345 678) na acht uur.", "Bel mij (tel. [TELEFOONNUMMER-1]) na acht uur."),
        ("My name is John Smith and I work there.", "My name is [PERSOON-1] and I work there."),
        # deduce read the plate's last letter as an initial ("Z. She"), and the tag took "She" with it.
        (
            "She said the licence plate is HX-123-Z. She sends money home.",
            "She said the licence plate is [KENTEKEN-1]. She sends money home.",
        ),
        ("We have plan B. She said no.", "We have plan B. She said no."),
    ],
)
def test_the_words_around_a_plate_a_number_or_a_name_stay(deduce_loaded: None, text: str, copy: str) -> None:
    assert deidentify_text(text) == copy


@pytest.mark.parametrize(
    ("text", "gone", "kept"),
    [
        ("خويا الصغير حمزة عندو 14 عام", ["حمزة"], ["خويا الصغير", "عندو 14 عام"]),
        ("حصلت لابن عمي محمود. محمود دلوقتي في هولندا", ["محمود"], ["لابن عمي", "دلوقتي في هولندا"]),
        ("صاحب العمل محمد أحمد، هاتفه معي", ["محمد", "أحمد"], ["صاحب العمل", "هاتفه معي"]),
        ("ابن عمي مازن الحلبي، مواليد", ["مازن", "الحلبي"], ["ابن عمي", "مواليد"]),
        ("أخي أحمد يشتغل في مزرعة", ["أحمد"], ["يشتغل في مزرعة"]),
        ("سميتو الحقيقية بلال.", ["بلال"], ["سميتو الحقيقية"]),
        # Found by exploratory testing: a first name that begins as a verb does, "his wife", a family
        # name before a verb.
        ("صاحب العمل يوسف العلي يأخذ جوازات السفر.", ["يوسف", "العلي"], ["صاحب العمل", "يأخذ جوازات السفر"]),
        ("زوجته فاطمة الزهراء تجمع المال.", ["فاطمة", "الزهراء"], ["زوجته", "تجمع المال"]),
        ("أخوه تامر يسوق السيارة", ["تامر"], ["أخوه", "يسوق السيارة"]),
    ],
)
def test_a_name_after_an_arabic_relative_or_boss_is_found(
    deduce_loaded: None, text: str, gone: list[str], kept: list[str]
) -> None:
    _assert_gone_and_kept(text, gone, kept)


@pytest.mark.parametrize(
    "text",
    [
        "أختي تشتغل في فندق",  # a verb after the relative
        "أخي عم يشتغل بفرن",  # Levantine "is ...ing"
        "صاحب المطعم يحتفظ بجوازه",
        "خويا كيخدم فالفلاحة",  # a Moroccan verb
        "أخي الصغير في المدرسة",
    ],
)
def test_a_verb_or_a_word_after_an_arabic_relative_is_no_name(deduce_loaded: None, text: str) -> None:
    assert deidentify_text(text) == text


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("Ze komen uit Romania en werken voor een man uit China.", ["Romania", "China"]),
        ("Hij vluchtte via Libya naar Italië.", ["Libya"]),
        ("Het loon komt via een Tikkie binnen.", ["Tikkie"]),
        ("Pracował w Holandii i w Rumunii.", ["Holandii", "Rumunii"]),
        ("Вона з України, працювала в Польщі.", ["України"]),
        ("Marka to chyba Nike.", ["Marka"]),
    ],
)
def test_a_country_or_a_word_that_starts_a_sentence_is_not_taken_for_a_first_name(
    deduce_loaded: None, text: str, kept: list[str]
) -> None:
    copy = deidentify_text(text)
    assert all(word in copy for word in kept), copy


def test_a_name_after_an_initial_or_after_a_plate_is_still_found(deduce_loaded: None) -> None:
    assert deidentify_text("De heer A. Bakker belde.") == "[PERSOON-1] belde."
    assert "Bakker" not in deidentify_text("Hij reed in HX-123-Z. Bakker belde later.")


# ---------------------------------------- what exploratory testing of the de-identified copy found


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("JAN DE VRIES EN ZIJN BROER KLAAS kwamen langs.", "[PERSOON-1] EN ZIJN BROER [PERSOON-2] kwamen langs."),
        ("Dader: JAN DE VRIES, kaal, ongeveer 40.", "Dader: [PERSOON-1], kaal, ongeveer 40."),
        ("IK WERK MET PIET VAN DER BERG IN DE KAS", "IK WERK MET [PERSOON-1] IN DE KAS"),
        # A surname that is a word too stays a word in capitals, where no first name goes before it.
        ("DE MAN IS KAAL EN LANG", "DE MAN IS KAAL EN LANG"),
        # "Kas" is a first name in deduce's list too; after an article it is the greenhouse.
        ("WIJ WERKEN IN DE KAS", "WIJ WERKEN IN DE KAS"),
    ],
)
def test_a_name_in_capitals_is_removed_whole_and_the_words_in_capitals_stay(
    deduce_loaded: None, text: str, copy: str
) -> None:
    assert deidentify_text(text) == copy


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("Ik werk met PIOTR NOWAK in de kas.", "Ik werk met [PERSOON-1] in de kas."),
        ("MARIA IONESCU werkt 80 uur per week.", "[PERSOON-1] werkt 80 uur per week."),
        ("Ik ben bang. OLEKSANDR KOVALENKO komt elke dag.", "Ik ben bang. [PERSOON-1] komt elke dag."),
        ("The supervisor is DMYTRO SHEVCHENKO, he takes our passports.", "The supervisor is [PERSOON-1], he takes"),
        ("ПЕТРО КОВАЛЕНКО працює там", "[PERSOON-1] працює там"),
        # A first name as a name is written, the surname in capitals as on a form.
        ("Ik werk voor Piotr NOWAK en Maria IONESCU.", "Ik werk voor [PERSOON-1] en [PERSOON-2]."),
        # Found once, each part goes wherever else it stands.
        ("Probleem met MARIA IONESCU. Haar man is IONESCU.", "Probleem met [PERSOON-1]. Haar man is [PERSOON-1]."),
        # In a text in capitals: a first name and the word after it, and a label's value.
        ("SLACHTOFFER: PIOTR NOWAK, GEBOREN 12-03-1990", "SLACHTOFFER: [PERSOON-1], GEBOREN [DATUM-1]"),
        ("NAAM WERKGEVER: OLEKSANDR KOVALENKO", "NAAM WERKGEVER: [PERSOON-1]"),
        ("MIJN COLLEGA IONUT POPESCU EN ANNA NOWAK SLAPEN IN EEN CONTAINER", "EN [PERSOON-2] SLAPEN IN EEN"),
    ],
)
def test_a_foreign_name_in_capitals_is_removed_whole(deduce_loaded: None, text: str, copy: str) -> None:
    assert copy in deidentify_text(text), deidentify_text(text)


@pytest.mark.parametrize(
    "text",
    [
        "Ik werk met PIOTR NOWAK in de kas.",
        "MARIA IONESCU werkt 80 uur per week.",
        "De baas OLEKSANDR KOVALENKO houdt de paspoorten. KOVALENKO is boos.",
    ],
)
def test_a_known_foreign_name_in_capitals_is_removed_whole(deduce_loaded: None, text: str) -> None:
    known = {"PIOTR": "Piotr Nowak", "MARIA": "Maria Ionescu", "De baas": "Oleksandr Kovalenko"}
    name = next(name for start, name in known.items() if start in text)
    copy = deidentify_text(text, known_names=[name])
    assert not any(part.upper() in copy for part in name.split()), copy


@pytest.mark.parametrize(
    "text",
    [
        "Ze mag NIET naar buiten en moet ALLES afgeven aan de POLITIE.",
        "ZE MOETEN ALLES BETALEN AAN DE BAAS. NIET NAAR DE POLITIE GAAN ZEGT HIJ.",
        "HELP ONS ALSTUBLIEFT, WE KRIJGEN NIETS BETAALD.",
        "Mijn zus heeft het NIET MEER gezien.",
        # Abbreviations, and the letters of a postcode before a place.
        "Hij werkt via ABC BV en is lid van de FNV; de IND COA weet ervan.",
        "Woont op de Kerkstraat 12, 5928 AE Venlo.",
    ],
)
def test_ordinary_words_and_abbreviations_in_capitals_stay(deduce_loaded: None, text: str) -> None:
    copy = deidentify_text(text)
    assert "PERSOON" not in copy, copy


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        # A sentence in capitals: two words or more that are no ordinary word, with a surname's ending.
        ("ZE WERKT VOOR OLEKSANDR KOVALENKO.", "ZE WERKT VOOR [PERSOON-1]."),
        (
            "HE WORKS FOR OLEKSANDR KOVALENKO AND TAKES OUR PASSPORTS.",
            "HE WORKS FOR [PERSOON-1] AND TAKES OUR PASSPORTS.",
        ),
        ("PRACUJE DLA ZBIGNIEW BRZESKI, ON ZABRAŁ PASZPORT.", "PRACUJE DLA [PERSOON-1], ON ZABRAŁ PASZPORT."),
        ("LUCREZ PENTRU FLORIN DUMITRESCU ȘI NU PRIMESC BANI.", "LUCREZ PENTRU [PERSOON-1] ȘI NU PRIMESC BANI."),
        ("ПОСЛЕ АСЕН ПЕТКОВ НИ ВЗЕ КАРТИТЕ.", "ПОСЛЕ [PERSOON-1] НИ ВЗЕ КАРТИТЕ."),
        ("ВОНА ПРАЦЮЄ НА ОКСАНУ МЕЛЬНИЧУК БЕЗ ДОГОВОРУ.", "ВОНА ПРАЦЮЄ НА [PERSOON-1] БЕЗ ДОГОВОРУ."),
        # A first name deduce knows, alone in capitals, found once and removed wherever it recurs (deduce
        # takes one, not the other); the role before it stays.
        (
            "GISTEREN KWAM MAREK WEER. ZE ZEI DAT MAREK HUN PASPOORTEN HEEFT.",
            "GISTEREN KWAM [PERSOON-1] WEER. ZE ZEI DAT [PERSOON-1] HUN PASPOORTEN HEEFT.",
        ),
        (
            "gisteren kwam MAREK weer. ze zei dat MAREK hun paspoorten heeft.",
            "gisteren kwam [PERSOON-1] weer. ze zei dat [PERSOON-1] hun paspoorten heeft.",
        ),
        ("IK WERK VOOR BOGDAN EN HIJ BETAALT NIET.", "IK WERK VOOR [PERSOON-1] EN HIJ BETAALT NIET."),
        # After "dat" or "die" as a conjunction, as after any other word (they were taken for articles).
        ("ZE ZEI DAT MAREK HUN PASPOORTEN HEEFT.", "ZE ZEI DAT [PERSOON-1] HUN PASPOORTEN HEEFT."),
        ("ze zei dat MAREK hun paspoorten heeft", "ze zei dat [PERSOON-1] hun paspoorten heeft"),
        ("HE SAID THAT BOGDAN TOOK THEM.", "HE SAID THAT [PERSOON-1] TOOK THEM."),
        ("ik werk voor BOGDAN en hij betaalt niet", "ik werk voor [PERSOON-1] en hij betaalt niet"),
        ("MIJN BROER BOGDAN WERKT DAAR OOK.", "MIJN BROER [PERSOON-1] WERKT DAAR OOK."),
        # A name deduce does not know, alone: only the role before it tells, or in Dutch working for it.
        ("IK WERK VOOR ZBIGNIEW EN HIJ BETAALT NIET.", "IK WERK VOOR [PERSOON-1] EN HIJ BETAALT NIET."),
        ("we werken voor ZBIGNIEW", "we werken voor [PERSOON-1]"),
        ("DE BAAS ZBIGNIEW BETAALT NIET.", "DE BAAS [PERSOON-1] BETAALT NIET."),
        ("de baas ZBIGNIEW betaalt niet", "de baas [PERSOON-1] betaalt niet"),
    ],
)
def test_in_a_sentence_in_capitals_a_foreign_name_without_a_cue_is_removed(
    deduce_loaded: None, text: str, copy: str
) -> None:
    assert deidentify_text(text) == copy


@pytest.mark.parametrize(
    "text",
    [
        "He said PLEASE HURRY",
        "He wrote URGENT HELP NEEDED in the chat.",
        "Ze zei dat het DRINGEND NODIG was.",
        "Hij riep POMOCY PROSZĘ en rende weg.",
        "Pisała RATUNKU POMOCY w wiadomości.",
        "Ze schreef AJUTOR VĂ ROG op een briefje.",
        "Тя извика ПОМОЩ МОЛЯ и избяга.",
        "Вона написала ДОПОМОЖІТЬ БУДЬ ЛАСКА на папері.",
        # Sentences in capitals without a name.
        "THE BOSS TOOK OUR PASSPORTS AND SAID WE OWE HIM MONEY.",
        "ZE MOETEN ALLES BETALEN AAN DE BAAS EN SLAPEN MET ZES MANNEN IN EEN KAMER.",
        "NIE DOSTAJEMY PIENIĘDZY OD TRZECH MIESIĘCY.",
        "NU PRIMIM BANI DE TREI LUNI.",
        # After "working for", an ordinary word, an article, or a noun in a language other than Dutch.
        "IK WERK VOOR NIKS EN KRIJG GEEN LOON.",
        "ZE WERKEN VOOR EEN UITZENDBUREAU.",
        "WE WORK FOR COMPANY AND GET NO MONEY.",
    ],
)
def test_ordinary_words_in_capitals_of_the_languages_of_the_form_stay(deduce_loaded: None, text: str) -> None:
    assert deidentify_text(text) == text


def test_in_a_text_in_capitals_a_verb_after_a_first_name_stays(deduce_loaded: None) -> None:
    copy = deidentify_text("ANNA WERKT HARD EN MAREK KOWALSKI SLAAT HAAR. PIOTR SCHREEUWT.")
    assert copy == "[PERSOON-1] WERKT HARD EN [PERSOON-2] SLAAT HAAR. [PERSOON-3] SCHREEUWT.", copy


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        (
            "De baas is Mohammed Al-Hassan (محمد الحسن) uit Utrecht.",
            "De baas is [PERSOON-1] ([PERSOON-1]) uit [LOCATIE-1].",
        ),
        ("Ivan Petrenko (Іван Петренко) werkt daar.", "[PERSOON-1] ([PERSOON-1]) werkt daar."),
        (
            "Anna (Ania) Kowalska werkt hier. Ania belt.",
            "[PERSOON-1] ([PERSOON-1]) [PERSOON-1] werkt hier. [PERSOON-1] belt.",
        ),
        # What the person is or how old, not a name: it stays.
        ("Jan de Vries (de baas) en Piet (42) zijn er.", "[PERSOON-1] (de baas) en [PERSOON-2] (42) zijn er."),
        ("Wij zagen Anna (zie foto) gisteren.", "Wij zagen [PERSOON-1] (zie foto) gisteren."),
        ("Ion Popescu (Moldova) werkt er.", "[PERSOON-1] (Moldova) werkt er."),
    ],
)
def test_a_name_in_another_script_or_a_nickname_in_brackets_after_a_name_is_the_same_person(
    deduce_loaded: None, text: str, copy: str
) -> None:
    assert deidentify_text(text) == copy


@pytest.mark.parametrize(
    ("text", "copy"),
    [
        ("De baas is Marek (Eigenaar) van de kas.", "De baas is [PERSOON-1] (Eigenaar) van de kas."),
        ("Marek (Baas) en Piotr (Voorman) betalen niet.", "[PERSOON-1] (Baas) en [PERSOON-2] (Voorman) betalen niet."),
        ("Marek (Pools) en Ivan (Bulgaar) werken er.", "[PERSOON-1] (Pools) en [PERSOON-2] (Bulgaar) werken er."),
        ("Marek Nowak (Owner) and Anna (Driver) left.", "[PERSOON-1] (Owner) and [PERSOON-2] (Driver) left."),
        ("Marek (Szef) i Piotr (Kierowca) przyszli.", "[PERSOON-1] (Szef) i [PERSOON-2] (Kierowca) przyszli."),
        ("Marek (Mijn Baas) belt.", "[PERSOON-1] (Mijn Baas) belt."),
        # A nickname that is no such word, and a name in another script, are still the person's.
        ("Piotr Nowak (Pietrek) belt vaak.", "[PERSOON-1] ([PERSOON-1]) belt vaak."),
        ("Dragan Petrović (Cobra) rijdt.", "[PERSOON-1] ([PERSOON-1]) rijdt."),
    ],
)
def test_who_a_person_is_in_brackets_after_the_name_stays(deduce_loaded: None, text: str, copy: str) -> None:
    assert deidentify_text(text) == copy


def test_a_role_in_brackets_after_a_known_person_stays(deduce_loaded: None) -> None:
    copy = deidentify_text("Marek (Eigenaar) belt. Marek (eigenaar) ook.", known_names=["Marek Nowak"])
    assert copy == "[PERSOON-1] (Eigenaar) belt. [PERSOON-1] (eigenaar) ook."


def test_a_name_deduce_does_not_know_before_who_the_person_is_in_brackets_is_found(deduce_loaded: None) -> None:
    copy = deidentify_text("Olena (Oekraïens) en Ion (Șeful) werken daar. Іван (Бригадир) ook. Olena belt.")
    assert (
        copy
        == "[PERSOON-1] (Oekraïens) en [PERSOON-2] (Șeful) werken daar. [PERSOON-3] (Бригадир) ook. [PERSOON-1] belt."
    )


def test_a_place_before_brackets_stays_a_place(deduce_loaded: None) -> None:
    assert deidentify_text("Ze woont in Westland (Pools bedrijf).") == "Ze woont in [LOCATIE-1] (Pools bedrijf)."


def test_a_nickname_in_brackets_of_a_known_person_gets_that_persons_tag(deduce_loaded: None) -> None:
    copy = deidentify_text("Anna (Ania) Kowalska werkt hier. Ania belt.", known_names=["Anna Kowalska"])
    assert copy == "[PERSOON-1] ([PERSOON-1]) [PERSOON-1] werkt hier. [PERSOON-1] belt."


@pytest.mark.parametrize(
    ("text", "phone"),
    [
        ("Bel haar op nul zes twaalf drie vier vijf zes zeven acht.", "nul zes twaalf drie vier vijf zes zeven acht"),
        (
            "Call me on zero six one two three four five six seven eight please.",
            "zero six one two three four five six seven eight",
        ),
        (
            "nummer: nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig",
            "nul zes, twaalf, vierendertig, zesenvijftig, achtenzeventig",
        ),
        ("call oh seven seven one two three four five six seven", "oh seven seven one two three four five six seven"),
    ],
)
def test_a_phone_number_written_in_number_words_is_found(text: str, phone: str) -> None:
    assert found_as(text, phone, "TELEFOONNUMMER")


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Er waren drie of vier mannen en een twee drie vier vijf kinderen.", "een twee drie vier vijf"),
        ("Ze werkt zes dagen, twaalf uur per dag, voor twintig euro.", "zes dagen, twaalf uur"),
        ("twenty four seven, one two three", "twenty four seven, one two three"),
    ],
)
def test_counts_in_number_words_are_no_phone_number(text: str, words: str) -> None:
    assert untouched(text, words)


@pytest.mark.parametrize(
    ("text", "address", "after"),
    [
        ("Mail jan at gmail dot com voor info.", "jan at gmail dot com", "voor info"),
        ("Mail jan.devries AT hotmail DOT nl of bel.", "jan.devries AT hotmail DOT nl", "of bel"),
        ("info apestaart bedrijf punt nl is het adres", "info apestaart bedrijf punt nl", "is het adres"),
        ("jan (at) gmail dot com punt uit", "jan (at) gmail dot com", "punt uit"),
        ("schrijf naar jan at gmail.com of bel", "jan at gmail.com", "of bel"),
    ],
)
def test_an_e_mail_address_said_out_loud_is_found(text: str, address: str, after: str) -> None:
    assert found_as(text, address, "EMAILADRES")
    assert untouched(text, after)


@pytest.mark.parametrize(
    "text",
    [
        "Look at the house dot com.",
        "She worked at booking.com for a year.",
        "I looked at it dot by dot.",
        "at home. Dot said",
    ],
)
def test_at_and_dot_in_ordinary_english_are_no_e_mail_address(text: str) -> None:
    assert not [s for s in find_own_identifiers(text) if s.tag == "EMAILADRES"]


# ----------------------------------------------------- with the real deduce


SIGNAL_TEXT = """\
Melding van wijkagent Pieter Bakker, 3 maart 2024.
Oksana Kovalenko (geboren 12-05-1990, BSN 111222333) werkt sinds februari in de kassen in het \
Westland via een uitzendbureau. Ze woont met acht anderen aan de Kerkstraat 12, 2671 AB Naaldwijk; \
die woning regelt het uitzendbureau. Haar paspoort ligt bij de baas, Marek Nowak.
Oksana is bereikbaar op +31 6 87654321, haar zus in Polen op +48 512 345 678. Collega Ion Popescu \
heeft een Roemeens nummer, +40 721 234 567, en zijn broer belt vanaf 0031623456789. Ook het nummer \
06-34567890 werd genoemd.
Het loon gaat naar NL91 ABNA 0417 1643 00 (op naam van Nowak), niet naar haar eigen rekening \
PL61109010140000071219812874. Ze worden elke ochtend opgehaald met een busje, kenteken XX-123-Y.
E-mail: oksana.k1990@gmail.com. On 14 July she told me: "Marek keeps my passport and I must pay \
a debt of 2000 euro." Volgende afspraak op 21 juli.
"""

KNOWN_NAMES = ["Oksana Kovalenko", "Ion Popescu", "Marek Nowak"]

NAMES = ["Pieter", "Bakker", "Oksana", "Kovalenko", "Ion", "Popescu", "Marek", "Nowak"]
PHONES = ["+31 6 87654321", "+48 512 345 678", "+40 721 234 567", "0031623456789", "06-34567890"]
OTHER_IDENTIFIERS = [
    "111222333",
    "NL91 ABNA 0417 1643 00",
    "NL91ABNA0417164300",
    "ABNA",
    "PL61109010140000071219812874",
    "XX-123-Y",
    "oksana.k1990@gmail.com",
    "12-05-1990",
    "3 maart 2024",
    "14 July",
    "21 juli",
    "Kerkstraat 12",
    "2671 AB",
]


@pytest.fixture(scope="module")
def deidentified_signal(deduce_loaded: None) -> str:
    # deduce_loaded (session-scoped, conftest.py) loads deduce once for all test modules.
    return deidentify_text(SIGNAL_TEXT, known_names=KNOWN_NAMES)


@pytest.mark.parametrize("name", NAMES)
def test_the_deidentified_signal_contains_none_of_the_names(deidentified_signal: str, name: str) -> None:
    assert not re.search(rf"(?<!\w){re.escape(name)}(?!\w)", deidentified_signal, re.IGNORECASE)


@pytest.mark.parametrize("phone", PHONES)
def test_the_deidentified_signal_contains_no_phone_number_in_any_notation(deidentified_signal: str, phone: str) -> None:
    assert phone not in deidentified_signal
    digits = re.sub(r"\D", "", phone)
    national = digits[-9:]
    squashed = re.sub(r"[\s\-.()/+]", "", deidentified_signal)
    assert digits not in squashed
    assert national not in squashed


@pytest.mark.parametrize("identifier", OTHER_IDENTIFIERS)
def test_the_deidentified_signal_contains_no_bsn_iban_plate_email_date_or_address(
    deidentified_signal: str, identifier: str
) -> None:
    assert identifier.casefold() not in deidentified_signal.casefold()
    assert identifier.replace(" ", "") not in deidentified_signal.replace(" ", "")


@pytest.mark.parametrize("word", ["kassen", "uitzendbureau", "paspoort", "busje", "passport", "debt", "2000 euro"])
def test_the_deidentified_signal_keeps_the_ordinary_words(deidentified_signal: str, word: str) -> None:
    assert word in deidentified_signal


@pytest.mark.parametrize(
    "tag",
    ["PERSOON", "TELEFOONNUMMER", "BSN", "IBAN", "KENTEKEN", "EMAILADRES", "DATUM", "LOCATIE"],
)
def test_the_deidentified_signal_uses_deduce_style_tags(deidentified_signal: str, tag: str) -> None:
    assert f"[{tag}-1]" in deidentified_signal


def test_no_half_redacted_identifiers_remain(deidentified_signal: str) -> None:
    # e.g. "NL91ABNA[ID-1]" or "+31 6 [ID-1]": an identifier with a tag glued to it.
    assert not re.search(r"[\w+]\[[A-Z]+-\d+\]|\[[A-Z]+-\d+\]\w", deidentified_signal)
    assert not re.search(r"\+\d+\s*\[", deidentified_signal)


def test_the_same_person_gets_the_same_tag_by_full_name_and_first_name(deduce_loaded: None) -> None:
    result = deidentify_text(
        "Oksana Kovalenko werkt in de kas. Volgens de buren is OKSANA erg moe.",
        known_names=["Oksana Kovalenko"],
    )
    assert result == "[PERSOON-1] werkt in de kas. Volgens de buren is [PERSOON-1] erg moe."


def test_foreign_names_that_deduce_does_not_know_are_found_as_capitalised_words(deduce_loaded: None) -> None:
    text = "Mijn bovenbuurvrouw Mihai Ionescu huilt vaak. Mihai werkt elke dag bij Chinedu Eze."
    result = deidentify_text(text)
    for name in ("Mihai", "Ionescu", "Chinedu", "Eze"):
        assert name not in result, result
    assert result.count("[PERSOON-1]") == 2  # the full name and the first name alone, one person
    assert "bovenbuurvrouw" in result and "werkt elke dag" in result


def test_a_capitalised_place_stays_a_place_and_a_code_is_not_a_name(deduce_loaded: None) -> None:
    result = deidentify_text("Ze woont in Den Haag. Paspoort P3562478 ingehouden door de werkgever.")
    assert "[LOCATIE-1]" in result and "PERSOON" not in result
    assert "Paspoort [DOCUMENTNUMMER-1] ingehouden" in result


def test_the_same_phone_number_in_two_notations_gets_the_same_tag(deduce_loaded: None) -> None:
    result = deidentify_text("Bel 06-12345678 of 0031612345678, niet +48 512 345 678.")
    assert result == "Bel [TELEFOONNUMMER-1] of [TELEFOONNUMMER-1], niet [TELEFOONNUMMER-2]."


def test_empty_and_blank_texts_are_returned_unchanged(deduce_loaded: None) -> None:
    assert deidentify_text("") == ""
    assert deidentify_text("  \n ") == "  \n "


def test_deduce_is_loaded_once_per_process(deduce_loaded: None) -> None:
    assert is_loaded()
    first = get_deduce()
    warm_up()
    assert get_deduce() is first
    instances = []
    threads = [threading.Thread(target=lambda: instances.append(get_deduce())) for _ in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert all(instance is get_deduce() for instance in instances)


def test_deduce_once_loaded_is_out_of_the_garbage_collectors_reach(deduce_loaded: None) -> None:
    instance = get_deduce()
    assert gc.get_freeze_count() > 0
    assert all(tracked is not instance for tracked in gc.get_objects())


def test_parallel_deidentification_gives_the_same_result_as_serial(deduce_loaded: None) -> None:
    expected = deidentify_text(SIGNAL_TEXT, known_names=KNOWN_NAMES)
    results: list[str] = []
    threads = [
        threading.Thread(target=lambda: results.append(deidentify_text(SIGNAL_TEXT, known_names=KNOWN_NAMES)))
        for _ in range(4)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert results == [expected] * 4


def test_importing_deduce_leaves_the_root_logger_as_it_was() -> None:
    # deduce configures logging when imported, so this needs a fresh interpreter.
    script = (
        "import logging\n"
        "from samen.intake.deidentify.deduce_instance import _import_deduce\n"
        "root = logging.getLogger()\n"
        "before = (list(root.handlers), root.level)\n"
        "_import_deduce()\n"
        "assert (list(root.handlers), root.level) == before, (root.handlers, root.level)\n"
        "logging.getLogger('samen.test').debug('must not be printed')\n"
    )
    result = subprocess.run(  # noqa: S603 - a fixed script run by this interpreter
        [sys.executable, "-c", script], capture_output=True, text=True, timeout=120, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "must not be printed" not in result.stdout + result.stderr


# ------------------------------------------------- a long run of names, which deduce reads in pieces


def test_a_text_without_a_long_run_of_names_goes_to_deduce_whole() -> None:
    text = "Jan de Vries en Piet Bakker werken voor Klaas van der Berg in Den Haag, zegt Anna."
    assert deduce_pieces(text) == [(0, len(text))]


def test_a_text_typed_in_capitals_goes_to_deduce_whole() -> None:
    # Cut every twelve words, a name could be cut in two ("JAN DE | VRIES"); deduce knows no name in capitals.
    text = "IK ZAG VORIGE WEEK DRIE MANNEN UIT EEN BUS STAPPEN BIJ DE KASSEN VAN DE KWEKERIJ IN HET WESTLAND"
    assert deduce_pieces(text) == [(0, len(text))]


def test_a_long_run_of_name_like_words_goes_to_deduce_in_pieces_that_cover_the_text() -> None:
    # deduce reads "Jan-Jan" as two words, and chains them into one name as it does across spaces.
    text = "Ze noemde " + "-".join(["Jan"] * 30) + " en nog meer"
    pieces = deduce_pieces(text)
    assert pieces[0][0] == 0 and pieces[-1][1] == len(text)
    assert all(left[1] == right[0] for left, right in itertools.pairwise(pieces))
    assert max(text[start:end].count("Jan") for start, end in pieces) == LONGEST_NAME_RUN


def test_a_thousand_names_in_a_row_are_de_identified_without_exhausting_deduce(deduce_loaded) -> None:
    # In one piece deduce went 1,000 levels deep and raised RecursionError: no copy was made.
    names = ["Jan", "Piet", "Anna", "Klaas"] * 250
    text = "Op de lijst staan " + " ".join(names) + ". Bel 06-12345678."
    result = deidentify_text(text)
    assert not re.search(r"Jan|Piet|Anna|Klaas|12345678", result)
    assert result.startswith("Op de lijst staan [PERSOON-1]")


# ------------------------------------------------------------ a damaged deduce cache


@pytest.mark.parametrize("kept", [0, 0.5], ids=["empty file", "cut off halfway"])
def test_deduce_reading_a_truncated_cache_raises_what_we_recover_from(tmp_path, kept: float) -> None:
    from deduce import lookup_structs

    whole = pickle.dumps({"deduce_version": "x", "lookup_structs": list(range(10_000))})
    cache = tmp_path / "cache" / "lookup_structs.pickle"
    cache.parent.mkdir()
    cache.write_bytes(whole[: int(len(whole) * kept)])

    with pytest.raises(DAMAGED_CACHE_ERRORS):
        lookup_structs.load_lookup_structs_from_cache(tmp_path, deduce_version="x")


def test_a_damaged_deduce_cache_is_built_again_instead_of_failing_for_good() -> None:
    # A stand-in for deduce's class: rebuilding the real cache takes one to two minutes.
    calls: list[bool] = []

    class DeduceWithADamagedCache:
        def __init__(self, build_lookup_structs: bool = False) -> None:
            calls.append(build_lookup_structs)
            if not build_lookup_structs:
                raise EOFError("Ran out of input")

    assert isinstance(_deduce_despite_a_damaged_cache(DeduceWithADamagedCache), DeduceWithADamagedCache)
    assert calls == [False, True]


def test_setup_finds_the_lookup_cache_that_deduce_loads(deduce_loaded: None) -> None:
    # deduce is loaded, so its cache exists where setup looks: setup leaves it as it is.
    assert lookup_cache_path().is_file()
    assert ensure_lookup_cache() == "present"
