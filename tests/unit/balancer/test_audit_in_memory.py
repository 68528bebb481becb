"""The balancer's audit records in memory (issue 17): the receiver's answer and an
opt-in/out are recorded as the provider's own acts, in the command's transaction; no
admin act on another organisation is possible here, so ``record_write`` refuses one."""

from __future__ import annotations

import pytest

from services.balancer.handlers.audit import audit_records
from services.balancer.handlers.loans import opt_in, opt_out
from services.balancer.handlers.transfers import answer_transfer
from services.balancer.schemas import OptInCreate
from shared.audit.recorder import record_write
from shared.identity import Principal, Role
from tests.unit.balancer.builders import CAT, day, uid
from tests.unit.balancer.memory import MemoryUnitOfWork
from tests.unit.balancer.test_saga_in_memory import LENDER, NOW, propose, tea_region


async def test_a_decline_and_an_opt_in_and_out_are_the_providers_records() -> None:
    uow = MemoryUnitOfWork(tea_region())
    proposal = await propose(uow)
    lender = Principal(LENDER, Role.PROVIDER)
    await answer_transfer(uow, lender, proposal.transfer_id, False, "busy", NOW)
    opt_in_id = await opt_in(
        uow, lender, OptInCreate.model_construct(category=CAT, start=day(0), end=day(9))
    )
    await opt_out(uow, lender, opt_in_id)

    mine = await audit_records(uow, lender, 100)
    assert [(r.action, r.object_id) for r in mine] == [
        ("receiver.opt_out", opt_in_id),
        ("receiver.opt_in", opt_in_id),
        ("transfer.decline", proposal.transfer_id),
    ]
    assert {(r.actor_id, r.actor_role, r.owner_id) for r in mine} == {
        (LENDER, Role.PROVIDER, LENDER)
    }
    assert await audit_records(uow, Principal(uid("stranger"), Role.PROVIDER), 100) == []
    everyone = await audit_records(uow, Principal(uid("admin"), Role.ADMIN), 100)
    assert len(everyone) == 3


async def test_an_admins_act_for_another_organisation_without_an_event_is_refused() -> None:
    uow = MemoryUnitOfWork(tea_region())
    admin = Principal(uid("admin"), Role.ADMIN)
    async with uow:
        with pytest.raises(RuntimeError, match="no event"):
            await record_write(uow, admin, LENDER, "loan.offer", "loan", uid("loan"))
    assert uow.state.audit == []
