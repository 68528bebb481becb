"""One function per command, query or event: open the unit of work, load through its
repositories, call one domain method, ``uow.publish`` what it recorded, commit."""

from services.intake.handlers.audit import audit_records, record_rotation
from services.intake.handlers.directory import (
    add_client,
    change_office_contact,
    define_category,
    list_categories,
    list_clients,
    list_offices,
    register_admin,
    register_office,
)
from services.intake.handlers.orders import (
    amend_order,
    cancel_order,
    find_order,
    list_orders,
    on_matching_fact,
    submit_order,
)

__all__ = [
    "add_client",
    "amend_order",
    "audit_records",
    "cancel_order",
    "change_office_contact",
    "define_category",
    "find_order",
    "list_categories",
    "list_clients",
    "list_offices",
    "list_orders",
    "on_matching_fact",
    "record_rotation",
    "register_admin",
    "register_office",
    "submit_order",
]
