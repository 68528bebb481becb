"""``python -m services.matching``: the matching API with its relay, consumer and workers."""

import uvicorn

from services.matching.bootstrap import bootstrap
from services.matching.config import MatchingSettings
from shared.logging import configure_logging


def main() -> None:
    settings = MatchingSettings()
    configure_logging("matching", settings.log_level)
    uvicorn.run(
        bootstrap(settings), host=settings.http_host, port=settings.matching_port, log_config=None
    )


if __name__ == "__main__":
    main()
