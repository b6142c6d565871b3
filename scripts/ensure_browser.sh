#!/usr/bin/env bash
# Debian's chromium and a Chinese font for the browser tests (tests/browser). Playwright
# never downloads a browser here; without the font, Chinese renders as boxes in screenshots.
set -euo pipefail
missing=()
command -v chromium >/dev/null || missing+=(chromium)
dpkg -s fonts-wqy-microhei >/dev/null 2>&1 || missing+=(fonts-wqy-microhei)
[ ${#missing[@]} -eq 0 ] && exit 0
sudo=""
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null || {
    echo "error: the browser tests need: apt-get install ${missing[*]}" >&2
    exit 1
  }
  sudo=sudo
fi
echo "installing ${missing[*]} with apt (for the browser tests)"
$sudo apt-get update -qq
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
