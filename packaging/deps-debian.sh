#!/usr/bin/env bash
# Installs what Hivepost needs to build, test and run on Debian 12 (bookworm), and only what is missing.
# Usage: packaging/deps-debian.sh [build|test|dev]   (default: build)
#   build: compiler, CMake, Ninja, Qt 6 and OpenSSL; enough for ./run.sh
#   test:  build + clang-format, clang with libFuzzer, the real servers the tests talk to, and
#          headless Chromium with chromedriver and Selenium for the relay's pages
#   dev:   test + Xvfb and ImageMagick for screenshots
#   bench: build + the reference tools the benchmarks compare against (smtp-source, sqlite3, nginx, wrk)
set -euo pipefail

profile=${1:-build}

pkgs=(cmake ninja-build g++ pkg-config ccache libssl-dev
      qt6-base-dev qt6-base-dev-tools qt6-tools-dev qt6-tools-dev-tools qt6-l10n-tools
      qt6-translations-l10n libqt6sql6-sqlite libqt6svg6 qt6-svg-dev libqt6opengl6-dev
      libsqlite3-dev qtkeychain-qt6-dev fonts-noto-cjk qt6-httpserver-dev qt6-websockets-dev)
case "$profile" in
  build) ;;
  test) pkgs+=(clang-format clang libclang-rt-14-dev sqlite3 openssl postfix dovecot-imapd dovecot-pop3d python3 python3-dkim python3-nacl python3-aiosmtpd spamassassin dbus gnome-keyring
             chromium chromium-driver python3-selenium) ;;
  dev) pkgs+=(clang-format sqlite3 python3 python3-dkim python3-nacl python3-aiosmtpd spamassassin xvfb xauth imagemagick xdotool) ;;
  bench) pkgs+=(sqlite3 time bc postfix python3-aiosmtpd nodejs wrk nginx-light libcpp-httplib-dev curl) ;;
  *) echo "error: unknown profile '$profile' (build, test, dev or bench)" >&2; exit 2 ;;
esac

if ! command -v dpkg-query >/dev/null 2>&1 || ! command -v apt-get >/dev/null 2>&1; then
  echo "note: not a Debian system; install the equivalents of: ${pkgs[*]}" >&2
  exit 0
fi

missing=()
for p in "${pkgs[@]}"; do
  status=$(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true)
  [[ "$status" == "install ok installed" ]] || missing+=("$p")
done
[[ ${#missing[@]} -eq 0 ]] && exit 0

echo "Installing: ${missing[*]}"
sudo=()
if [[ $(id -u) -ne 0 ]]; then
  command -v sudo >/dev/null 2>&1 || { echo "error: need root or sudo to install: ${missing[*]}" >&2; exit 1; }
  sudo=(sudo)
fi
export DEBIAN_FRONTEND=noninteractive
# Postfix only for its smtp-sink and smtp-source tools: no configuration, no daemon.
if printf '%s\n' "${missing[@]}" | grep -qx postfix; then
  echo "postfix postfix/main_mailer_type select No configuration" | "${sudo[@]}" debconf-set-selections
fi
"${sudo[@]}" apt-get update -qq
"${sudo[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
