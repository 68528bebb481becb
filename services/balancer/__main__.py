"""``python -m services.balancer``: the balancer API with its relay, consumers and workers."""

from services.balancer.bootstrap import bootstrap
from services.balancer.config import BalancerSettings
from shared.service.main import serve

if __name__ == "__main__":
    settings = BalancerSettings()
    serve(settings, bootstrap, settings.http_host, settings.balancer_port)
