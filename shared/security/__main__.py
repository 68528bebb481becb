"""``python -m shared.security principals kafka|postgres|redis``: one name a line (for infra/)."""

from __future__ import annotations

import sys

from shared.security.access import principals


def main(argv: list[str]) -> int:
    if len(argv) != 2 or argv[0] != "principals":
        print("usage: python -m shared.security principals kafka|postgres|redis", file=sys.stderr)
        return 2
    print("\n".join(principals(argv[1])))
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
