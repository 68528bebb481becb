"""The demo region is deterministic and follows the case's geography."""

from collections import Counter

from services.cli import demo_names, demo_providers, demo_region
from services.portal import demo_logins
from shared.region import County, Market, transport_cost_fen


def test_the_region_is_the_same_every_time_with_unique_ids() -> None:
    first, second = demo_providers.providers(), demo_providers.providers()
    assert [p.body for p in first] == [p.body for p in second]
    assert len(first) == 100 and len({p.id for p in first}) == 100


def test_offices_cover_the_nine_counties_in_yiwu_and_some_in_wenzhou() -> None:
    offices = demo_region.offices()
    assert {o.county for o in offices if o.market == "yiwu"} == set(demo_region.COUNTIES)
    assert "缙云县驻温州联络处" in {o.name for o in offices}
    assert all(len(o.clients) == 3 for o in offices)


def test_ids_stay_those_of_the_first_seeding_when_the_names_became_chinese() -> None:
    """A stack seeded with the English names finds the same organisations (uuid5 keys)."""
    jinyun = next(o for o in demo_region.offices() if o.name == "缙云县驻温州联络处")
    assert jinyun.id == demo_region.org_id("Jinyun County Wenzhou Liaison Office")
    first = demo_providers.providers()[0]
    assert first.id == str(demo_region.org_id("Bihu Meiling Processing Factory No. 1 (Liandu)"))
    assert first.name.endswith("（莲都区）") and first.body["township"] == "碧湖镇"


def test_the_portals_demo_sign_ins_name_organisations_of_the_region() -> None:
    assert demo_logins.OFFICE in {o.name for o in demo_region.offices()}
    assert demo_logins.FEDERATION == demo_names.FEDERATION


def test_specialities_sit_in_their_counties() -> None:
    where: dict[str, set[str]] = {}
    for p in demo_providers.providers():
        for category in p.body["categories"]:
            where.setdefault(category, set()).add(p.county)
    assert where["pearl_embroidery"] <= {"jinyun", "qingyuan", "longquan"}
    assert "suichang" in where["bead_work"] and "songyang" in where["bead_work"]
    assert "jinyun" in where["crochet"]


def test_workforces_include_the_groups_the_case_names() -> None:
    totals: Counter[str] = Counter()
    for p in demo_providers.providers():
        totals.update(p.body["workforce"])
    assert all(totals[k] > 0 for k in ("low_income", "reservoir_migrants", "relocated_farmers"))
    assert totals["disabled"] > 0


def test_transport_is_about_five_percent_of_a_typical_fee() -> None:
    # 1,000 units at 1 yuan from Liandu to Yiwu and back: the case's ~5% of fee income
    assert transport_cost_fen(1000, County.LIANDU, Market.YIWU) * 100 // 100_000 in range(3, 6)
