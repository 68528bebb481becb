#!/usr/bin/env bash
# Keep a few of the screenshots the browser tests write (results/screenshots, git-ignored)
# in docs/screenshots for the README. Run the page tests first:
#   make test TESTS=tests/integration/portal/test_every_page.py && make screenshots
set -euo pipefail
cd "$(dirname "$0")/.."
from=results/screenshots
to=docs/screenshots
mkdir -p "$to"
keep() {  # <file written by tests/integration/portal/test_every_page.py> <name in docs>
  if [[ ! -f "$from/$1" ]]; then
    echo "missing $from/$1: run tests/integration/portal/test_every_page.py first" >&2
    exit 1
  fi
  cp "$from/$1" "$to/$2"
  echo "kept $to/$2"
}
keep office-zh-desktop-office_orders.png office-orders.png
keep provider-zh-phone-broker_offers.png broker-offers-phone.png
keep public-zh-desktop-brokers.png public-brokers.png
keep provider-zh-desktop-broker_capacity.png broker-capacity.png
