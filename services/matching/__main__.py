"""``python -m services.matching``: the matching API with its relay, consumers and workers."""

from services.matching.bootstrap import bootstrap
from services.matching.config import MatchingSettings
from shared.service.main import serve

if __name__ == "__main__":
    settings = MatchingSettings()
    serve(settings, bootstrap, settings.http_host, settings.matching_port)
