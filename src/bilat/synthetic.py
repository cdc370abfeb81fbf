"""Synthetic articles in the genre, with their gold facts, for benchmarks at any size.

Each article is a visit between two countries whose leaders held office on its date (from
the knowledge base's dated offices), told with varied phrasings: the visit (announced, under
way or done), talks, an agreement, a level of relations, a trade figure, a commitment, and
background sentences with no fact. The gold facts follow FORMAT.md, so a benchmark can report
accuracy as well as speed. A feed also carries news of another kind (sport, weather, culture,
local life) that names no country and yields no fact: :func:`off_topic_articles` writes such
articles, :func:`feed` mixes them in. Seeded: the same seed gives the same corpus.
"""

from __future__ import annotations

import json
import random
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path
from typing import Any

from bilat.ingest import Document
from bilat.kb import KnowledgeBase

MONTHS = [
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
]
WEEKDAYS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]
TITLES = {"president": "Le président", "prime_minister": "Le Premier ministre"}
KINDS = {"state": "d'État", "official": "officielle", "working": "de travail"}
DOMAINS = {
    "energy": "de l'énergie",
    "agriculture": "de l'agriculture",
    "education": "de l'éducation",
    "health": "de la santé",
    "transport": "des transports",
    "digital": "du numérique",
    "culture": "de la culture",
    "tourism": "du tourisme",
    "defence": "de la défense",
    "trade": "du commerce",
}
LEVELS = {
    "strategic_partnership": "partenariat stratégique",
    "comprehensive_strategic_partnership": "partenariat stratégique global",
    "comprehensive_partnership": "partenariat global",
}
BACKGROUND = [
    "La rencontre s'est déroulée dans une atmosphère cordiale et constructive.",
    "Les deux délégations ont échangé sur les questions régionales et internationales d'intérêt commun.",
    "Les entretiens ont été suivis d'un déjeuner offert en l'honneur de la délégation.",
    "Plusieurs ministres et chefs d'entreprise accompagnaient la délégation.",
    "La presse locale a largement couvert l'événement.",
    "Le programme prévoit également une visite d'un parc industriel et d'une université.",
]

# News of another kind, as a general feed carries it: no country, no fact.
OFF_TOPIC = {
    "sport": [
        "Le club de la ville a remporté dimanche son quatrième succès d'affilée devant un public enthousiaste.",
        "L'entraîneur a salué l'engagement de ses joueurs malgré une pelouse rendue glissante par la pluie.",
        "Le meneur de jeu, blessé à la cheville, devrait manquer les deux prochaines journées.",
        "La saison reprendra après la trêve hivernale avec un déplacement chez le leader.",
        "Les supporters ont longuement applaudi les joueurs à la fin de la partie.",
    ],
    "weather": [
        "De fortes pluies sont attendues dès mardi sur le littoral, avec des rafales de vent soutenues.",
        "Les températures resteront douces pour la saison, autour de dix-huit degrés l'après-midi.",
        "Les services de secours recommandent la prudence sur les routes de montagne.",
        "Une nette amélioration est annoncée pour le week-end, avec un ciel dégagé.",
        "Les agriculteurs espèrent que ces précipitations rempliront enfin les réservoirs.",
    ],
    "culture": [
        "Le festival de musique de la vallée a accueilli plus de visiteurs que l'an dernier.",
        "La pièce, montée par une jeune troupe, joue à guichets fermés depuis trois semaines.",
        "Le musée municipal rouvre ses portes après deux années de travaux de rénovation.",
        "Les organisateurs promettent une programmation plus ouverte aux jeunes talents.",
        "Le roman, récompensé la semaine dernière, s'est déjà vendu à des milliers d'exemplaires.",
    ],
    "local": [
        "Le conseil municipal a voté mercredi la rénovation de l'éclairage public du centre-ville.",
        "Les travaux sur la rocade devraient durer jusqu'à la fin du printemps.",
        "Une nouvelle boulangerie a ouvert ses portes près de la gare, au grand plaisir des riverains.",
        "Les habitants sont invités à trier davantage leurs déchets à partir du mois prochain.",
        "La bibliothèque prolonge ses horaires d'ouverture pendant la période des examens.",
    ],
}


@dataclass
class SyntheticArticle:
    document: Document
    gold: list[dict[str, Any]] = field(default_factory=list)


def _leaders(kb: KnowledgeBase, year: int) -> list[tuple[str, str, str]]:
    """(country, office, name) of heads of state or government in office on 1 June ``year``."""
    on = f"{year}-06-01"
    found = []
    for person in kb.persons.values():
        if (
            person.country in kb.countries
            and kb.countries[person.country].capitals
            and kb.countries[person.country].adjectives
        ):
            for office in ("president", "prime_minister"):
                if any(o.office == office and o.holds_on(on) for o in person.offices):
                    found.append((person.country, office, person.name))
    return sorted(found)


def articles(kb: KnowledgeBase, count: int, seed: int = 7) -> Iterator[SyntheticArticle]:
    rng = random.Random(seed)
    by_year = {year: _leaders(kb, year) for year in range(2016, 2026)}
    for n in range(count):
        year = rng.randint(2016, 2025)
        leaders = by_year[year]
        (a, office_a, guest), (b, office_b, host) = rng.sample(leaders, 2)
        while a == b:
            (b, office_b, host) = rng.choice(leaders)
        yield _article(kb, rng, n, year, (a, office_a, guest), (b, office_b, host))


def _adj(kb: KnowledgeBase, code: str) -> str:
    return kb.countries[code].adjectives[0]


def _article(
    kb: KnowledgeBase, rng: random.Random, n: int, year: int, guest_side: tuple, host_side: tuple
) -> SyntheticArticle:
    (a, office_a, guest), (b, office_b, host) = guest_side, host_side
    month = rng.randint(1, 12)
    day = rng.randint(2, 24)
    start, end = f"{year}-{month:02d}-{day:02d}", f"{year}-{month:02d}-{day + 2:02d}"
    capital = kb.countries[b].capitals[0]
    kind = rng.choice(list(KINDS))
    status = rng.choice(["announced", "ongoing", "done"])
    doc_date = start if status != "announced" else f"{year}-{month:02d}-{day - 1:02d}"
    title_a, title_b = TITLES[office_a], TITLES[office_b].lower()
    opening = {
        "announced": f"{title_a} {_adj(kb, a)}, {guest}, effectuera du {day} au {day + 2} {MONTHS[month - 1]} {year} une visite {KINDS[kind]} à {capital}, à l'invitation de son homologue {_adj(kb, b)}, {host}.",
        "ongoing": f"{title_a} {_adj(kb, a)}, {guest}, effectue du {day} au {day + 2} {MONTHS[month - 1]} {year} une visite {KINDS[kind]} à {capital}, à l'invitation de son homologue {_adj(kb, b)}, {host}.",
        "done": f"{title_a} {_adj(kb, a)}, {guest}, a effectué du {day} au {day + 2} {MONTHS[month - 1]} {year} une visite {KINDS[kind]} à {capital}, à l'invitation de son homologue {_adj(kb, b)}, {host}.",
    }[status]
    gold: list[dict[str, Any]] = [
        {
            "type": "visit",
            "guest": guest,
            "guest_country": a,
            "host_country": b,
            "kind": kind,
            "start": start,
            "end": end,
            "status": status,
        },
    ]
    sentences = [opening]
    sentences += rng.sample(BACKGROUND, rng.randint(1, 3))
    if status != "announced":
        sentences.append(
            f"{guest} s'est entretenu avec {title_b} {host} sur l'ensemble de la coopération bilatérale."
        )
        gold.append(
            {
                "type": "meeting",
                "participants": [guest, host],
                "countries": [a, b],
                "kind": "talks",
                "date": None,
            }
        )
        domain = rng.choice(list(DOMAINS))
        sentences.append(
            f"Les deux parties ont signé un accord de coopération dans le domaine {DOMAINS[domain]}."
        )
        gold.append(
            {
                "type": "agreement",
                "title": f"accord de coopération dans le domaine {DOMAINS[domain]}",
                "parties": [a, b],
                "action": "signed",
                "date": start,
                "domains": [domain],
            }
        )
        level = rng.choice(list(LEVELS))
        sentences.append(
            f"Les deux pays ont décidé d'élever leurs relations au rang de {LEVELS[level]}."
        )
        gold.append(
            {
                "type": "relation",
                "countries": [a, b],
                "level": level,
                "action": "established",
                "date": start[:7],
            }
        )
    value = rng.randint(2, 95)
    sentences.append(
        f"Les échanges commerciaux entre les deux pays ont atteint {value / 10:.1f} milliards de dollars en {year - 1}.".replace(
            ".", ",", 1
        )
    )
    gold.append(
        {
            "type": "indicator",
            "metric": "trade_volume",
            "value": value * 10**8,
            "unit": "USD",
            "period": str(year - 1),
            "countries": [a, b],
        }
    )
    picked = rng.sample(list(DOMAINS), 3)
    sentences.append(
        f"Les deux parties ont convenu de renforcer la coopération dans les domaines {DOMAINS[picked[0]]}, {DOMAINS[picked[1]]} et {DOMAINS[picked[2]]}."
    )
    gold.append(
        {
            "type": "commitment",
            "parties": [a, b],
            "modality": "agreed",
            "domains": sorted(picked),
            "text": sentences[-1],
        }
    )
    name = f"synthetic_{n:07d}"
    text = " ".join(sentences)
    document = Document(name=name, source=f"synthetic/{name}", text=text, date=doc_date)
    return SyntheticArticle(document, [{"doc": name, **fact, "evidence": ""} for fact in gold])


def off_topic_articles(count: int, seed: int = 11) -> Iterator[Document]:
    """Articles of another kind (sport, weather, culture, local life): no country, no fact."""
    rng = random.Random(seed)
    for n in range(count):
        topic = rng.choice(sorted(OFF_TOPIC))
        sentences = rng.sample(OFF_TOPIC[topic], rng.randint(3, 5))
        year, month, day = rng.randint(2016, 2025), rng.randint(1, 12), rng.randint(1, 28)
        name = f"synthetic_other_{n:07d}"
        yield Document(
            name=name,
            source=f"synthetic/{name}",
            text="\n\n".join(sentences),
            date=f"{year}-{month:02d}-{day:02d}",
        )


def feed(
    kb: KnowledgeBase, count: int, off_topic: float = 0.0, seed: int = 7
) -> Iterator[SyntheticArticle]:
    """``count`` articles, a share ``off_topic`` of them of another kind (with no gold)."""
    rng = random.Random(seed)
    in_genre = articles(kb, count, seed)
    others = off_topic_articles(count, seed + 1)
    for _ in range(count):
        if rng.random() < off_topic:
            yield SyntheticArticle(next(others))
        else:
            yield next(in_genre)


def write_jsonl(documents: Iterable[Document], folder: Path, per_file: int) -> list[Path]:
    """Write documents as the JSONL the readers take (``id``, ``text``, ``date``), ``per_file``
    a file, streamed; return the files in order."""
    folder.mkdir(parents=True, exist_ok=True)
    iterator = iter(documents)
    paths: list[Path] = []
    while batch := list(islice(iterator, per_file)):
        path = folder / f"part-{len(paths):05d}.jsonl"
        with path.open("w", encoding="utf-8") as handle:
            for d in batch:
                line = {"id": d.name, "text": d.text, "date": d.date}
                handle.write(json.dumps(line, ensure_ascii=False) + "\n")
        paths.append(path)
    return paths
