"""``python -m services.fulfilment``: the fulfilment API with its relay and consumer."""

from services.fulfilment.bootstrap import bootstrap
from services.fulfilment.config import FulfilmentSettings
from shared.service.main import serve

if __name__ == "__main__":
    settings = FulfilmentSettings()
    serve(settings, bootstrap, settings.http_host, settings.fulfilment_port)
