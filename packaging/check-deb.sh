#!/usr/bin/env bash
# packaging/check-deb.sh: builds the .deb (Release) and checks it the way a distribution would:
# lintian on both packages (no errors), desktop-file-validate, appstreamcli validate, then installs it with apt into a
# clean Debian 12 root made by debootstrap (cached in build/debroot) and runs hivepost-cli there.
# Needs root (chroot) and the network (the Debian mirror). Not part of ./test.sh.
set -euo pipefail
cd "$(dirname "$0")/.."

build=${HIVEPOST_PACKAGE_BUILD_DIR:-build/release}
root=${HIVEPOST_DEBROOT:-build/debroot}
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}

packaging/deps-debian.sh build
missing=()
for tool in lintian desktop-file-validate appstreamcli debootstrap; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [[ ${#missing[@]} -gt 0 ]]; then
  apt-get install -y -qq --no-install-recommends lintian desktop-file-utils appstream debootstrap
fi

cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF -DCMAKE_INSTALL_PREFIX=/usr
cmake --build "$build"
(cd "$build" && rm -f hivepost_*.deb && cpack -G DEB >/dev/null)
deb=$(ls "$build"/hivepost_*.deb)
echo "== $deb"

relay_deb=$(ls "$build"/hivepost-relay_*.deb)
for package in "$deb" "$relay_deb"; do
  echo "== lintian $package"
  lintian --tag-display-limit 0 "$package" | tee "$build/lintian.txt" || true
  if grep -q '^E:' "$build/lintian.txt"; then echo "lintian reports errors" >&2; exit 1; fi
done

echo "== desktop-file-validate"
desktop-file-validate packaging/linux/io.hivepost.Hivepost.desktop
echo "== appstreamcli validate"
appstreamcli validate --no-net packaging/linux/io.hivepost.Hivepost.metainfo.xml

echo "== clean Debian 12 root: $root"
if [[ ! -x $root/usr/bin/apt-get ]]; then
  rm -rf "$root"
  debootstrap --variant=minbase bookworm "$root" "$mirror"
fi
cp "$deb" "$root/tmp/hivepost.deb"
mount --bind /proc "$root/proc"
trap 'umount "$root/proc" || true' EXIT
chroot "$root" /bin/sh -c 'apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq /tmp/hivepost.deb >/dev/null'
chroot "$root" hivepost-cli --version
chroot "$root" sh -c 'cd /tmp && hivepost-cli --db /tmp/check.db db info >/dev/null && echo "hivepost-cli runs: ok"'
chroot "$root" sh -c 'dpkg -r hivepost >/dev/null && echo "removed: ok"'
