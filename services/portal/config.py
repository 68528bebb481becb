"""Portal settings: where the services are, and how the session cookie is signed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from shared.security.secrets import secrets_dir
from shared.settings import CommonSettings


def stack_session_secret(folder: Path) -> str:
    """The stack's own cookie-signing secret, made on first use (0600 in a 0700 folder).

    Created with O_EXCL so portal processes starting together agree on one secret."""
    path = folder / "portal" / "session"
    if not path.exists():
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        try:
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        except FileExistsError:
            pass
        else:
            with os.fdopen(fd, "w") as f:
                f.write(secrets.token_hex(32))
    return path.read_text().strip()


class PortalSettings(CommonSettings):
    service_name: str = "portal"
    http_host: str = "127.0.0.1"
    portal_port: int = 8000

    # The services' own ports (the same variables infra/services.sh reads); a full URL in
    # PROCNET_INTAKE_URL etc. wins, e.g. for services on other hosts.
    intake_port: int = 8001
    matching_port: int = 8002
    balancer_port: int = 8003
    settlement_port: int = 8004
    fulfilment_port: int = 8005
    intake_url: str = ""
    matching_url: str = ""
    balancer_url: str = ""
    settlement_url: str = ""
    fulfilment_url: str = ""
    backend_timeout_s: float = 10.0

    # Signs the session cookie. Empty: the stack's own, generated in its secrets folder.
    portal_session_secret: SecretStr = SecretStr("")
    # Set in production behind HTTPS so the cookie never travels in clear.
    portal_cookie_secure: bool = False
    default_language: str = "zh"

    def service_url(self, service: str) -> str:
        explicit = str(getattr(self, f"{service}_url"))
        if explicit:
            return explicit.rstrip("/")
        return f"http://127.0.0.1:{getattr(self, f'{service}_port')}"

    @property
    def session_key(self) -> str:
        own = self.portal_session_secret.get_secret_value()
        if own:
            return own
        return stack_session_secret(secrets_dir())
