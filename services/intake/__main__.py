"""``python -m services.intake``: the intake API with its relay and consumer."""

import uvicorn

from services.intake.bootstrap import bootstrap
from services.intake.config import IntakeSettings
from shared.logging import configure_logging


def main() -> None:
    settings = IntakeSettings()
    configure_logging("intake", settings.log_level)
    uvicorn.run(
        bootstrap(settings), host=settings.http_host, port=settings.intake_port, log_config=None
    )


if __name__ == "__main__":
    main()
