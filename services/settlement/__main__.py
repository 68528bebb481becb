"""``python -m services.settlement``: the settlement API with its relay and consumer."""

import sys

from services.settlement.adapters.policy_files import PolicyFileError, load_policies
from services.settlement.bootstrap import bootstrap
from services.settlement.config import SettlementSettings
from shared.service.main import serve

if __name__ == "__main__":
    settings = SettlementSettings()
    try:
        load_policies(
            settings.policy_dir, settings.default_policy
        )  # a bad file stops the start, clearly
    except PolicyFileError as exc:
        sys.exit(f"settlement: {exc}")
    serve(settings, bootstrap, settings.http_host, settings.settlement_port)
