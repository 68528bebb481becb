"""Portal settings: where the services are, and how the session cookie is signed."""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import SecretStr

from shared.security.secrets import ROOT, secrets_dir
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

    # Live updates and notifications (services/portal/live). Off: no consumer, no sinks.
    portal_live: bool = True
    # Where notifications go out besides the list: comma-separated sink names (file,
    # webhook); empty for none.
    portal_notify_sinks: str = "file"
    # The file sink's JSON-lines file; empty: <state dir>/portal/notifications.jsonl.
    portal_notify_file: str = ""
    # The webhook sink POSTs each notification as JSON here.
    portal_notify_webhook_url: str = ""
    portal_notify_webhook_timeout_s: float = 5.0
    # Notifications kept per organisation (the oldest go first).
    portal_notify_cap: int = 100
    # How long an event id is remembered, so a redelivered event is not notified again.
    portal_notify_dedupe_ttl_s: int = 14 * 24 * 3600
    # Events older than this at first reading (a new consumer group replays the topics)
    # only teach the portal which office owns an order; nobody is notified of them.
    portal_notify_max_age_s: int = 24 * 3600

    @property
    def notify_sinks(self) -> tuple[str, ...]:
        return tuple(s.strip() for s in self.portal_notify_sinks.split(",") if s.strip())

    @property
    def notify_file(self) -> Path:
        if self.portal_notify_file:
            return Path(self.portal_notify_file)
        state = Path(self.state_dir) if self.state_dir else ROOT / ".state" / "dev"
        return state / "portal" / "notifications.jsonl"

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
