"""``python -m services.portal``: the web pages on port 8000."""

from services.portal.bootstrap import bootstrap
from services.portal.config import PortalSettings
from shared.service.main import serve

if __name__ == "__main__":
    settings = PortalSettings()
    serve(settings, bootstrap, settings.http_host, settings.portal_port)
