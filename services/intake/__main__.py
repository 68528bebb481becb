"""``python -m services.intake``: the intake API with its relay, consumers and workers."""

from services.intake.bootstrap import bootstrap
from services.intake.config import IntakeSettings
from shared.service.main import serve

if __name__ == "__main__":
    settings = IntakeSettings()
    serve(settings, bootstrap, settings.http_host, settings.intake_port)
