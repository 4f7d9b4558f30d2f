#!/usr/bin/env bash
# Check the system libraries the portal and its PDFs need; install them when root.
#   pango (WeasyPrint's text layout), DejaVu, Noto CJK and Noto for other scripts (partner names such as
#   浙江省, embedded in the PDFs), gettext (compiles the Indonesian translations).
# --for-tests adds poppler-utils (the tests read the PDFs with pdftotext and pdffonts);
# --with-browser adds Debian's Chromium too, for the browser tests.
set -euo pipefail

packages=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-cjk fonts-noto-core gettext)
case "${1:-}" in
  --for-tests) packages+=(poppler-utils) ;;
  --with-browser) packages+=(poppler-utils chromium) ;;
esac

missing=()
for package in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$package")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  exit 0
fi

if [ "$(id -u)" -eq 0 ]; then
  echo "Installing system packages: ${missing[*]}"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}"
else
  echo "Missing system packages: ${missing[*]}" >&2
  echo "Install them with:" >&2
  echo "  sudo apt-get install ${missing[*]}" >&2
  exit 1
fi
