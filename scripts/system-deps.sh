#!/usr/bin/env bash
# Installs the Debian packages the test suite drives: Chromium (browser tests), LibreOffice
# Calc (exports opened by a real spreadsheet program) and gettext (the translation catalogue test
# runs makemessages). Does nothing when they are present.
set -euo pipefail
missing=()
[ -x /usr/bin/chromium ] || missing+=(chromium)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-calc)
command -v xgettext >/dev/null 2>&1 || missing+=(gettext)
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" -ne 0 ] || ! command -v apt-get >/dev/null; then
  echo "Please install: ${missing[*]} (Debian: apt-get install ${missing[*]})" >&2
  exit 1
fi
echo "Installing ${missing[*]} from Debian…"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" fonts-dejavu-core >/dev/null
