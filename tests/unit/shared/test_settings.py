import pytest
from pydantic import ValidationError

from shared.settings import CommonSettings


def test_service_role_and_password_default_to_service_name() -> None:
    s = CommonSettings(service_name="intake", pg_port=5555)
    assert s.database_url == "postgresql+asyncpg://intake:intake@127.0.0.1:5555/procnet"


def test_production_refuses_the_development_secret(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PROCNET_ENV", "production")
    monkeypatch.delenv("PROCNET_JWT_SECRET", raising=False)
    with pytest.raises(ValidationError, match="PROCNET_JWT_SECRET"):
        CommonSettings()
    monkeypatch.setenv("PROCNET_JWT_SECRET", "x" * 40)
    assert CommonSettings().env == "production"
