"""About a hundred processing enterprises spread over the nine counties, deterministically.

Counts, specialities and modes follow the case: pearl embroidery in Jinyun,
Qingyuan and Longquan; crochet in Jinyun; bead work in Suichang and Songyang;
garments in Suichang; sewing, knitting and welding/assembly elsewhere.
Factories in suburban Liandu, home-work networks in remote Qingyuan and
Jingning, centres for relocated farmers and reservoir migrants.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any

from services.cli import demo_names
from services.cli.demo_region import org_id

# county: (providers, category weights, (factory, centre, home) weights, townships)
COUNTY_PROFILE: dict[str, tuple[int, dict[str, int], tuple[int, int, int], tuple[str, ...]]] = {
    "liandu": (12, {"welding_assembly": 4, "garment_sewing": 3, "knitting": 2}, (6, 3, 1),
               ("Bihu", "Zhuyang", "Laozhu")),
    "longquan": (10, {"pearl_embroidery": 4, "welding_assembly": 3, "garment_sewing": 2},
                 (3, 4, 3), ("Badu", "Xiaomei", "Anren")),
    "qingtian": (10, {"garment_sewing": 3, "knitting": 3, "welding_assembly": 3}, (4, 4, 2),
                 ("Wenxi", "Hecheng", "Youzhu")),
    "yunhe": (10, {"knitting": 3, "garment_sewing": 3, "bead_work": 2, "welding_assembly": 2},
              (3, 4, 3), ("Chongtou", "Jinshuitan", "Shitang")),
    "qingyuan": (10, {"pearl_embroidery": 5, "knitting": 2, "crochet": 1}, (1, 3, 6),
                 ("Songyuan", "Huangtian", "Jushui")),
    "jinyun": (14, {"pearl_embroidery": 4, "crochet": 4, "garment_sewing": 2}, (5, 5, 4),
               ("Hukou", "Dongdu", "Xinjian", "Huzhen")),
    "suichang": (14, {"bead_work": 5, "garment_sewing": 4, "knitting": 1}, (5, 5, 4),
                 ("Miaogao", "Yunfeng", "Jiaotan", "Longyang")),
    "songyang": (12, {"bead_work": 5, "garment_sewing": 2, "knitting": 2}, (3, 5, 4),
                 ("Xiping", "Xiangxi", "Gucheng")),
    "jingning": (8, {"knitting": 3, "crochet": 2, "garment_sewing": 2}, (1, 3, 4),
                 ("Hexi", "Dongkeng", "Jingnan")),
}  # fmt: skip
# Units one worker makes a day (about 150 yuan of fee a day at the demo fees).
PER_WORKER_DAY = {
    "bead_work": 450,
    "pearl_embroidery": 50,
    "crochet": 70,
    "garment_sewing": 35,
    "knitting": 55,
    "welding_assembly": 100,
}
MODES = ("factory", "centre", "home")
WORKERS = {"factory": (80, 300), "centre": (30, 120), "home": (10, 60)}
RESERVOIR_COUNTIES = ("qingtian", "yunhe", "jinyun", "liandu")
VILLAGES = ("Xiayang", "Shangyuan", "Houshan", "Dongcun", "Xikeng", "Baishi", "Longtan", "Meiling")
SURNAMES = ("Zhou", "Ye", "Wu", "Lan", "Chen", "Mao", "Liu", "Zheng", "Pan", "Xu")
GIVEN = ("Lihua", "Jianming", "Xiaoyan", "Guofu", "Meifang", "Haiyan", "Jun", "Yuying")
KIND = {"factory": "Processing Factory", "centre": "Processing Centre", "home": "Home-work Network"}


@dataclass(frozen=True)
class DemoProvider:
    name: str
    county: str
    mode: str
    body: dict[str, Any]  # the POST /v1/providers body

    @property
    def id(self) -> Any:
        return self.body["id"]


def _workforce(rng: random.Random, county: str, mode: str) -> dict[str, int]:
    total = rng.randint(*WORKERS[mode])
    low = int(total * rng.uniform(0.1, 0.5)) if rng.random() < 0.7 or mode == "home" else 0
    migrants = int(total * rng.uniform(0.1, 0.4)) if county in RESERVOIR_COUNTIES else 0
    relocated = int(total * rng.uniform(0.2, 0.6)) if mode == "centre" else 0
    disabled = int(total * (rng.uniform(0.05, 0.3) if mode == "home" else rng.uniform(0, 0.03)))
    return {"total": total, "low_income": low, "reservoir_migrants": migrants,
            "relocated_farmers": relocated, "disabled": disabled}  # fmt: skip


def _categories(rng: random.Random, weights: dict[str, int], total: int) -> dict[str, int]:
    names, w = list(weights), list(weights.values())
    first = rng.choices(names, w)[0]
    chosen = [first]
    if rng.random() < 0.35:
        others = [n for n in names if n != first]
        chosen.append(rng.choice(others))
    share = 0.8 / len(chosen)  # not every worker is on one product every day
    return {c: max(10, int(total * PER_WORKER_DAY[c] * share) // 10 * 10) for c in chosen}


def _one(rng: random.Random, county: str, k: int) -> DemoProvider:
    _, cats, mode_w, towns = COUNTY_PROFILE[county]
    mode = rng.choices(MODES, mode_w)[0]
    town, village = towns[k % len(towns)], rng.choice(VILLAGES)
    workforce = _workforce(rng, county, mode)
    surname, given = rng.choice(SURNAMES), rng.choice(GIVEN)
    broker = demo_names.SURNAME[surname] + demo_names.GIVEN[given]
    key = f"{town} {village} {KIND[mode]} No. {k + 1} ({county.capitalize()})"  # the id's key
    name = demo_names.provider(town, village, mode, k + 1, county)
    body = {
        "id": str(org_id(key)),
        "name": name,
        "broker_name": broker,
        "contact": f"{broker} 1390578{rng.randint(1000, 9999)}",
        "county": county,
        "township": f"{demo_names.TOWN[town]}镇",
        "village": f"{demo_names.VILLAGE[village]}村",
        "mode": mode,
        "categories": _categories(rng, cats, workforce["total"]),
        "workforce": workforce,
        "auto_accept": False,
    }
    return DemoProvider(name, county, mode, body)


def providers() -> list[DemoProvider]:
    rng = random.Random(2010)  # the case's base year; any fixed seed keeps ids stable
    return [_one(rng, c, k) for c, prof in COUNTY_PROFILE.items() for k in range(prof[0])]
