#!/usr/bin/env bash
# Install what the portal's browser tests need, from Debian packages: Chromium
# (driven by Playwright through its executable path; Playwright's own browser
# download is not reachable here) and Noto CJK fonts (Chinese pages render with
# real glyphs in screenshots). Idempotent: a no-op when both are there.
#
#   bash infra/install-browser.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CHROMIUM="${PROCNET_CHROMIUM:-/usr/lib/chromium/chromium}"

missing=()
[[ -x "$CHROMIUM" ]] || missing+=(chromium)
dpkg-query -W -f='${Status}' fonts-noto-cjk 2>/dev/null | grep -q "ok installed" ||
  missing+=(fonts-noto-cjk)
((${#missing[@]} == 0)) && exit 0

command -v apt-get >/dev/null || die "need ${missing[*]} and apt-get is not available"
SUDO=""
((EUID == 0)) || SUDO="sudo"
log "installing ${missing[*]} from Debian packages"
# Another apt-get may hold the lock for a while (a shared machine): wait for it.
$SUDO apt-get -o DPkg::Lock::Timeout=600 update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get -o DPkg::Lock::Timeout=600 install -y -qq \
  --no-install-recommends "${missing[@]}" >/dev/null
[[ -x "$CHROMIUM" ]] || die "chromium installed but $CHROMIUM is missing"
log "browser ready: $("$CHROMIUM" --version 2>/dev/null || echo "$CHROMIUM")"
