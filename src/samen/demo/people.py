"""Fake people for the demo: deterministic, clearly invented, never a real person's data."""

from __future__ import annotations

import random

GIVEN_NAMES = [
    "Anouk",
    "Bram",
    "Charlotte",
    "Daan",
    "Eva",
    "Fatima",
    "Gijs",
    "Hanna",
    "Imane",
    "Jeroen",
    "Kim",
    "Lars",
    "Mila",
    "Noah",
    "Olga",
    "Pieter",
    "Quinten",
    "Rachid",
    "Sanne",
    "Tim",
    "Ursula",
    "Vera",
    "Wouter",
    "Yara",
    "Zeynep",
    "Anna",
    "Bas",
    "Derya",
    "Esther",
    "Femke",
    "Hamza",
    "Ilse",
    "Jasper",
    "Karin",
    "Lotte",
    "Mohamed",
    "Nadia",
    "Ruben",
    "Sophie",
    "Thijs",
]
FAMILY_NAMES = [
    "de Vries",
    "Jansen",
    "van den Berg",
    "Bakker",
    "Visser",
    "Smit",
    "Meijer",
    "de Boer",
    "Mulder",
    "de Groot",
    "Bos",
    "Vos",
    "Peters",
    "Hendriks",
    "van Leeuwen",
    "Dekker",
    "Brouwer",
    "de Wit",
    "Dijkstra",
    "Smits",
    "de Graaf",
    "van der Meer",
    "Kok",
    "Jacobs",
    "de Haan",
    "Vermeulen",
    "van Dijk",
    "Yilmaz",
    "El Amrani",
    "Schouten",
    "van der Linden",
    "Prins",
    "Huisman",
    "Kuipers",
    "Postma",
    "Willems",
]


class FakePeople:
    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)

    def name(self) -> str:
        return f"{self.rng.choice(GIVEN_NAMES)} {self.rng.choice(FAMILY_NAMES)}"

    def mobile(self) -> str:
        # 06-1xxxxxxx numbers are not issued as real mobile numbers in this demo's range check;
        # they only need to look Dutch.
        return f"06-{self.rng.randint(10000000, 19999999)}"

    def landline(self, area: str = "088") -> str:
        return f"{area}-{self.rng.randint(1000000, 9999999)}"
