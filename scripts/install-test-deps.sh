#!/usr/bin/env bash
# Install what the tests need, only when missing: Debian's Chromium and CJK fonts, LibreOffice
# and qpdf (form regeneration: hrosite forms), and the npm packages pinned in package-lock.json
# (pa11y-ci, axe-core). Never downloads a browser.
set -euo pipefail
cd "$(dirname "$0")/.."

need_apt=()
command -v chromium >/dev/null 2>&1 || need_apt+=(chromium)
# grep without -q reads all of fc-list: with pipefail, -q would make fc-list die of SIGPIPE
# and the fonts look missing (a needless apt-get on every run).
fc-list 2>/dev/null | grep -i "Noto Sans CJK" >/dev/null || need_apt+=(fonts-noto-cjk)
command -v git >/dev/null 2>&1 || need_apt+=(git)
# Form regeneration (hrosite forms): LibreOffice Writer without recommends (no GUI, no Java).
need_lean=()
command -v soffice >/dev/null 2>&1 || need_lean+=(libreoffice-writer-nogui)
command -v qpdf >/dev/null 2>&1 || need_lean+=(qpdf)
if [ ${#need_apt[@]} -gt 0 ] || [ ${#need_lean[@]} -gt 0 ]; then
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "安裝測試所需套件（apt）：${need_apt[*]} ${need_lean[*]}"
  $sudo apt-get update -qq
  if [ ${#need_apt[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need_apt[@]}" >/dev/null
  fi
  if [ ${#need_lean[@]} -gt 0 ]; then
    DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need_lean[@]}" >/dev/null
  fi
fi

if [ -f package-lock.json ]; then
  stamp=node_modules/.package-lock.json
  if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
    echo "安裝測試所需套件（npm ci）"
    PUPPETEER_SKIP_DOWNLOAD=1 npm ci --no-audit --no-fund --loglevel=error
  fi
fi
