#!/usr/bin/env bash
# Install the CJK font fulfilment's documents (来料签收单, 送货单) are set in:
# Debian's fonts-noto-cjk (Noto Sans CJK SC). Idempotent: does nothing when present.
#
#   bash infra/install-cjk-fonts.sh
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FONT=/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc

if [[ -f "$FONT" ]]; then
  log "fonts-noto-cjk: present ($FONT)"
else
  apt_install fonts-noto-cjk
  [[ -f "$FONT" ]] || die "fonts-noto-cjk installed but $FONT is missing"
  log "fonts-noto-cjk: installed"
fi
