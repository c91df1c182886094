"""Realistic synthetic Kamerbrieven about the Sahel missions, for benchmarks and crash tests.

Written from the genre, not from the seeds: a letterhead (chamber, session year, dossier and
number), a dated opening, paragraphs of contributions, mandates, attacks, relations between armed
groups and funding, and the signatures. Entities, numbers (digits and Dutch number words), dates
("jl.", "a.s.", spans) and the order of paragraphs vary with the seed; some names are invented so
that the extractor meets unknown actors too. ``generate(n, seed)`` is deterministic.

    python benchmarks/synthetic_letters.py OUT_DIR N [--seed S]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
from pathlib import Path

MONTHS = ["januari", "februari", "maart", "april", "mei", "juni", "juli", "augustus", "september",
          "oktober", "november", "december"]
STATES = ["Duitsland", "Frankrijk", "België", "Zweden", "Noorwegen", "Denemarken", "Ierland", "Spanje", "Italië",
          "Estland", "Tsjechië", "Portugal", "Finland", "Oostenrijk", "Litouwen", "Senegal", "Niger", "Tsjaad",
          "Burkina Faso", "Togo", "Bangladesh", "Egypte", "Canada", "het Verenigd Koninkrijk"]
MISSIONS = ["MINUSMA", "EUTM Mali", "EUCAP Sahel Mali", "EUCAP Sahel Niger", "Operatie Barkhane",
            "Task Force Takuba", "AFISMA", "de G5 Sahel Joint Force"]
GROUPS = ["JNIM", "AQIM", "ISGS", "Ansar Dine", "MUJAO", "Al Mourabitoun", "de Katiba Macina", "ISWAP"]
MOVEMENTS = ["de CMA", "het Platform", "de MNLA", "de HCUA", "de GATIA"]
PLACES = ["Gao", "Kidal", "Timboektoe", "Mopti", "Ménaka", "Bamako", "Ségou", "Tessalit", "Aguelhok", "Douentza",
          "Niono", "Sévaré", "Ansongo", "Bourem"]
FUNDS = ["het Trust Fund voor Vrede en Veiligheid in Mali", "het Stabiliteitsfonds", "het EU Trust Fund for Africa",
         "het Peacebuilding Fund van de VN"]
UNITS = ["militairen", "politiefunctionarissen", "trainers", "stafofficieren", "marechaussees", "adviseurs"]
NUMBER_WORDS = {2: "twee", 3: "drie", 4: "vier", 5: "vijf", 6: "zes", 7: "zeven", 8: "acht", 10: "tien",
                12: "twaalf", 15: "vijftien", 20: "twintig", 25: "vijfentwintig", 30: "dertig", 40: "veertig",
                50: "vijftig", 60: "zestig", 75: "vijfenzeventig", 100: "honderd"}
FIRST = ["Amadou", "Moussa", "Fatoumata", "Ibrahim", "Aminata", "Oumar", "Souleymane", "Mariam", "Hamadoun",
         "Boubacar", "Ilse", "Joost", "Marieke", "Pieter", "Anouk", "Ruben", "Sanne", "Bram"]
LAST = ["Traoré", "Keïta", "Diarra", "Coulibaly", "Maïga", "Touré", "Cissé", "Ag Ghaly", "de Vries", "Jansen",
        "van Leeuwen", "Bakker", "Visser", "Smit", "Mulder", "de Boer"]
TITLES = ["generaal", "kolonel", "minister", "president", "commandant", "luitenant-kolonel"]
MINISTERS = ["De Minister van Buitenlandse Zaken", "De Minister van Defensie",
             "De Minister voor Buitenlandse Handel en Ontwikkelingssamenwerking",
             "De Minister van Justitie en Veiligheid"]


def _date(d: dt.date) -> str:
    return f"{d.day} {MONTHS[d.month - 1]} {d.year}"


def _count(rng: random.Random, n: int) -> str:
    return NUMBER_WORDS[n] if n in NUMBER_WORDS and rng.random() < 0.4 else str(n)


def _money(rng: random.Random) -> str:
    m = rng.choice([0.5, 1, 1.5, 2, 2.4, 3, 3.8, 5, 7.5, 10, 12, 20])
    s = f"{m:g}".replace(".", ",")
    return rng.choice([f"EUR {s} miljoen", f"€ {s} miljoen", f"{s} miljoen euro", f"USD {s} miljoen"])


def _person(rng: random.Random) -> str:
    return f"{rng.choice(TITLES)} {rng.choice(FIRST)} {rng.choice(LAST)}"


def _rel_date(rng: random.Random, letter: dt.date) -> str:
    d = letter - dt.timedelta(days=rng.randint(1, 25))
    if d.month == letter.month and rng.random() < 0.5:
        return f"{d.day} jl."
    return _date(d)


def _contribution(rng, letter):
    state, mission, unit = rng.choice(STATES), rng.choice(MISSIONS), rng.choice(UNITS)
    n = rng.choice([2, 3, 4, 5, 6, 8, 10, 12, 15, 20, 25, 30, 40, 50, 60, 75, 100, 120, 150, 250, 400])
    q = rng.choice(["", "circa ", "ongeveer ", "maximaal ", "ten minste ", "ruim "])
    end = dt.date(letter.year + rng.choice([0, 1]), 12, 31)
    forms = [
        f"{state} levert {q}{_count(rng, n)} {unit} aan {mission}.",
        f"Ook {state} draagt bij aan {mission} met {q}{_count(rng, n)} {unit}, tot en met {_date(end)}.",
        f"De bijdrage van {state} aan {mission} bestaat uit {q}{_count(rng, n)} {unit} en een transporthelikopter.",
        f"Nederland stelt tot {_date(end)} {q}{_count(rng, n)} {unit} beschikbaar voor {mission}.",
    ]
    return rng.choice(forms)


def _funding(rng, letter):
    return rng.choice([
        f"Nederland draagt {_money(rng)} bij aan {rng.choice(FUNDS)} voor de periode {letter.year}-{letter.year + 2}.",
        f"Voor {letter.year + 1} is {_money(rng)} gereserveerd voor {rng.choice(FUNDS)}.",
        f"{rng.choice(STATES)} heeft in {letter.year} {_money(rng)} toegezegd aan {rng.choice(FUNDS)}.",
    ])


def _mandate(rng, letter):
    res = rng.randint(2085, 2690)
    ceiling = rng.choice([11200, 13289, 15209, 12000, 14800])
    end = rng.choice([dt.date(letter.year + 1, 6, 30), dt.date(letter.year + 1, 12, 31)])
    return rng.choice([
        f"Met resolutie {res} heeft de VN-Veiligheidsraad het mandaat van MINUSMA verlengd tot {_date(end)}; "
        f"het plafond bedraagt {ceiling} militairen.",
        f"Het kabinet heeft besloten de Nederlandse bijdrage aan {rng.choice(MISSIONS)} te verlengen tot {_date(end)}.",
        f"De Raad van de EU verlengde het mandaat van {rng.choice(['EUTM Mali', 'EUCAP Sahel Mali'])} "
        f"tot {_date(end)}.",
    ])


def _attack(rng, letter):
    place, group = rng.choice(PLACES), rng.choice(GROUPS)
    k = rng.choice([1, 2, 3, 4, 5, 7, 9, 12, 15, 20, 27, 40])
    victims = rng.choice(["blauwhelmen", "Malinese militairen", "burgers", "personen", "militairen"])
    when = _rel_date(rng, letter)
    return rng.choice([
        f"Op {when} kwamen bij een aanslag in {place} {_count(rng, k)} {victims} om het leven; {group} eiste de aanslag op.",
        f"Bij een aanval op een kamp van MINUSMA nabij {place} op {when} vielen {k} doden.",
        f"{group} pleegde op {when} een aanslag op een konvooi bij {place}, waarbij {_count(rng, k)} {victims} omkwamen.",
    ])


def _relation(rng, letter):
    a, b = rng.sample(GROUPS, 2)
    return rng.choice([
        f"{a} is in {letter.year - 1} opgegaan in {b}.",
        f"{a} is gelieerd aan {b} en opereert voornamelijk in de regio rond {rng.choice(PLACES)}.",
        f"{rng.choice(MOVEMENTS)} en {rng.choice(MOVEMENTS)} hebben het vredesakkoord van Algiers ondertekend.",
        f"De groep onder leiding van {_person(rng)} heeft zich aangesloten bij {b}.",
    ])


def _context(rng, letter):
    return rng.choice([
        "De veiligheidssituatie in het noorden en midden van Mali blijft zorgelijk.",
        "Het kabinet blijft de ontwikkelingen nauwgezet volgen en zal uw Kamer informeren over relevante wijzigingen.",
        f"Zoals gemeld in de brief van {_date(letter - dt.timedelta(days=rng.randint(30, 300)))} "
        f"(Kamerstuk 29 521, nr. {rng.randint(200, 460)}) is de inzet geëvalueerd.",
        f"Tijdens het bezoek van {_person(rng)} aan Den Haag is de samenwerking besproken.",
        f"In de komende maanden, in elk geval tot {_date(letter + dt.timedelta(days=rng.randint(20, 200)))} a.s., "
        "wordt de inzet bezien.",
    ])


PARAGRAPHS = [_contribution, _contribution, _funding, _mandate, _attack, _relation, _context]


def letter_text(i: int, seed: int = 0) -> str:
    """The text of synthetic letter ``i`` (deterministic for ``(i, seed)``)."""
    rng = random.Random(seed * 1_000_003 + i)
    letter = dt.date(2013, 1, 1) + dt.timedelta(days=rng.randint(0, 365 * 10))
    chamber = rng.choice(["Tweede Kamer der Staten-Generaal", "Eerste Kamer der Staten-Generaal"])
    year = letter.year if letter.month >= 9 else letter.year - 1
    dossier, nr = rng.choice(["29 521", "27 925", "21 501-02"]), rng.randint(150, 480)
    ministers = rng.sample(MINISTERS, rng.randint(1, 3))
    lines = [chamber, f"Vergaderjaar {year}–{year + 1}", "", f"{dossier} Nr. {nr}", "",
             "BRIEF VAN " + " EN VAN ".join(m.upper() for m in ministers), "",
             f"Aan de Voorzitter van de {chamber}", "", f"Den Haag, {_date(letter)}", ""]
    lines.append(rng.choice([
        "Met deze brief informeert het kabinet uw Kamer over de stand van zaken van de Nederlandse inzet in de Sahel.",
        "Hierbij bericht het kabinet u over de voortgang van de missies in Mali.",
        "In deze brief gaat het kabinet in op de ontwikkelingen in Mali en de regio.",
    ]))
    for _ in range(rng.randint(6, 16)):
        para = [rng.choice(PARAGRAPHS)(rng, letter) for _ in range(rng.randint(1, 4))]
        para = [p[0].upper() + p[1:] for p in para]
        lines += ["", " ".join(para)]
    lines += ["", *[m + ",\n" + rng.choice(FIRST) + " " + rng.choice(LAST) for m in ministers]]
    return "\n".join(lines) + "\n"


def generate(out: str | Path, n: int, seed: int = 0) -> list[Path]:
    """Write letters ``synth_<seed>_<i>.txt`` (i < n) into ``out``; returns their paths."""
    out = Path(out)
    out.mkdir(parents=True, exist_ok=True)
    paths = []
    for i in range(n):
        p = out / f"synth_{seed}_{i:05d}.txt"
        p.write_text(letter_text(i, seed), encoding="utf-8")
        paths.append(p)
    return paths


if __name__ == "__main__":
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("out")
    ap.add_argument("n", type=int)
    ap.add_argument("--seed", type=int, default=0)
    a = ap.parse_args()
    print(len(generate(a.out, a.n, a.seed)))
