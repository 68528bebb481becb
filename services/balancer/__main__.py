"""``python -m services.balancer``: the balancer API with its relay, consumer and workers."""

import uvicorn

from services.balancer.bootstrap import bootstrap
from services.balancer.config import BalancerSettings
from shared.logging import configure_logging


def main() -> None:
    settings = BalancerSettings()
    configure_logging("balancer", settings.log_level)
    uvicorn.run(
        bootstrap(settings), host=settings.http_host, port=settings.balancer_port, log_config=None
    )


if __name__ == "__main__":
    main()
