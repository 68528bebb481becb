#!/usr/bin/env bash
# Install the CJK font the Chinese PDFs are set in (settlement's statements, fulfilment's
# 来料签收单 and 送货单): Noto Sans CJK from Debian's fonts-noto-cjk. Idempotent: does nothing
# when the font is there.
set -euo pipefail
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

FONT="${PROCNET_CJK_FONT:-/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc}"

if [[ -f "$FONT" ]]; then
  log "cjk font: $FONT already installed"
else
  apt_install fonts-noto-cjk
  [[ -f "$FONT" ]] || die "fonts-noto-cjk installed but $FONT is missing"
  log "cjk font: installed $FONT"
fi
