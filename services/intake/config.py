"""Intake settings: the common ones plus what only intake needs."""

from shared.settings import CommonSettings


class IntakeSettings(CommonSettings):
    service_name: str = "intake"
    http_host: str = "127.0.0.1"
    intake_port: int = 8001
