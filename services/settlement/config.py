"""Settlement settings: the common ones plus its port and the default policy."""

from pathlib import Path

from services.settlement.adapters.policy_files import POLICY_DIR
from shared.settings import CommonSettings


class SettlementSettings(CommonSettings):
    service_name: str = "settlement"
    http_host: str = "127.0.0.1"
    settlement_port: int = 8004
    # The policy a county without a policy file of its own follows.
    default_policy: str = "suichang-2009"
    # Where the policy files are (one per county and year of effect).
    policy_dir: Path = POLICY_DIR
    # The CJK font the Chinese PDF statement is set in (infra/install-cjk-fonts.sh).
    cjk_font: Path = Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc")
