"""Portal settings: where the services are, and how the session cookie is signed."""

from __future__ import annotations

import hashlib
import hmac

from pydantic import SecretStr

from shared.settings import CommonSettings


class PortalSettings(CommonSettings):
    service_name: str = "portal"
    http_host: str = "127.0.0.1"
    portal_port: int = 8000

    # The services' own ports (the same variables infra/services.sh reads); a full URL in
    # PROCNET_INTAKE_URL etc. wins, e.g. for services on other hosts.
    intake_port: int = 8001
    matching_port: int = 8002
    balancer_port: int = 8003
    intake_url: str = ""
    matching_url: str = ""
    balancer_url: str = ""
    backend_timeout_s: float = 10.0

    # Signs the session cookie. Empty: derived from the JWT secret (one secret to set).
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
        jwt = self.jwt_secret.get_secret_value().encode()
        return hmac.new(jwt, b"procnet portal session", hashlib.sha256).hexdigest()
