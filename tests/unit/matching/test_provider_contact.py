"""A provider's contact goes to the portal on ``matching.contacts`` when PATCH changes it,
and only then (a PATCH that leaves it as it was, or changes only auto-accept, publishes
nothing). Before this, no event carried a contact at all."""

from __future__ import annotations

from services.matching import providers
from shared.contracts.contacts import ProviderContactChanged
from tests.support.order_journey import CATEGORY
from tests.unit.journey.memory_world import MemoryWorld


def contacts(world: MemoryWorld) -> list[ProviderContactChanged]:
    return [p for p in world.bus.payloads() if isinstance(p, ProviderContactChanged)]


async def test_a_changed_contact_is_published_once() -> None:
    world = MemoryWorld()
    pid = await world.provider(CATEGORY, 10)
    async with world.matching as uow:
        await providers.update_profile(uow, pid, auto_accept=None, contact="13905781234")
        await uow.commit()
    assert [(p.provider_id, p.contact) for p in contacts(world)] == [(pid, "13905781234")]
    assert world.matching.state.providers[pid].contact == "13905781234"


async def test_an_unchanged_contact_or_auto_accept_alone_publishes_nothing() -> None:
    world = MemoryWorld()
    pid = await world.provider(CATEGORY, 10)
    async with world.matching as uow:
        await providers.update_profile(uow, pid, auto_accept=True, contact=None)
        await providers.update_profile(uow, pid, auto_accept=None, contact="")
        await uow.commit()
    assert contacts(world) == []
    assert world.matching.state.providers[pid].auto_accept is True
