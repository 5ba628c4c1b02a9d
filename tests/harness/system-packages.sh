#!/usr/bin/env bash
# Makes sure the system programs the test suite needs are present. Installs the missing ones with
# apt-get where that is possible (root, or passwordless sudo); otherwise stops naming the package.
set -euo pipefail

declare -A need=(
  [chromium]=chromium
  [redis-server]=redis-server
  [pdftotext]=poppler-utils
  [msgfmt]=gettext
)
missing=()
for cmd in "${!need[@]}"; do
  command -v "$cmd" >/dev/null 2>&1 || missing+=("${need[$cmd]}")
done
if ! command -v initdb >/dev/null 2>&1 && ! ls /usr/lib/postgresql/*/bin/initdb >/dev/null 2>&1; then
  missing+=(postgresql)
fi
# WeasyPrint needs Pango; fonts make PDFs readable.
if ! ldconfig -p 2>/dev/null | grep -q libpango-1.0; then missing+=(libpango-1.0-0 libpangoft2-1.0-0); fi
if ! fc-list 2>/dev/null | grep -qi dejavu; then missing+=(fonts-dejavu-core); fi

[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -eq 0 ]; then sudo=""; elif sudo -n true 2>/dev/null; then sudo="sudo -n"; else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
  echo "Missing system packages (no apt-get here): ${missing[*]}" >&2
  exit 1
fi
echo "Installing system packages: ${missing[*]}"
export DEBIAN_FRONTEND=noninteractive
$sudo apt-get update -qq
$sudo apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
