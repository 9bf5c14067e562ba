#!/usr/bin/env bash
# Create the project's virtual environment. Stock Debian/Ubuntu ship Python without the
# venv module's pip bootstrap (package python3-venv); install it from apt when missing, so
# `make site` needs nothing installed by hand.
set -euo pipefail
python=${1:-python3}
venv=${2:-.venv}

[ -x "$venv/bin/python" ] && exit 0
if ! "$python" -m venv "$venv" 2>/dev/null; then
  rm -rf "$venv"
  version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo="sudo"
  echo "安裝 Python 虛擬環境套件（apt）：python3-venv python${version}-venv"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv "python${version}-venv" >/dev/null \
    || DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq python3-venv >/dev/null
  "$python" -m venv "$venv"
fi
