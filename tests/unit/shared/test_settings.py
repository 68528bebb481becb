from shared.settings import CommonSettings


def test_service_role_and_password_default_to_service_name() -> None:
    s = CommonSettings(service_name="intake", pg_port=5555)
    assert s.database_url == "postgresql+asyncpg://intake:intake@127.0.0.1:5555/procnet"


def test_tokens_live_twelve_hours_by_default() -> None:
    assert CommonSettings().token_ttl_hours == 12
