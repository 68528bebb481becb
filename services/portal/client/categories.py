"""The catalogue's category names in the page's language, by code: nearly every page names
categories, so they are fetched the same way everywhere (signed in, or the public list)."""

from __future__ import annotations

from services.portal.client.services import UserApi
from services.portal.i18n import current_language
from services.portal.i18n.labels import category_name


async def category_names(api: UserApi, *, public: bool = False) -> dict[str, str]:
    found = await api.intake.get("/v1/public/categories" if public else "/v1/categories")
    return {c["code"]: category_name(c, current_language()) for c in found}
