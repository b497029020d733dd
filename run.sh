#!/usr/bin/env bash
# ./run.sh           installs what is missing, builds (Release) and starts the Hivepost window on the
#                    default database in your data folder (~/.local/share/hivepost/hivepost.db).
# ./run.sh --demo    runs the main job headless: import a sample list, send a sample campaign to a
#                    built-in loopback SMTP server, print the report.
# ./run.sh ARGS      passes ARGS to hivepost (e.g. --db FILE, --lang zh_CN).
set -euo pipefail
cd "$(dirname "$0")"

if [[ "${1:-}" == "--help" || "${1:-}" == "-h" ]]; then
  sed -n '2,6s/^# \{0,1\}//p' "$0"
  echo "./run.sh --help    this help. Tests: ./test.sh. Without a display, use --demo or hivepost-cli."
  exit 0
fi

packaging/deps-debian.sh build

build=${HIVEPOST_BUILD_DIR:-build/release}
if [[ ! -f "$build/build.ninja" ]]; then
  cmake -S . -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=Release -DHIVEPOST_BUILD_TESTS=OFF
fi
cmake --build "$build"

if [[ "${1:-}" == "--demo" ]]; then
  shift
  exec "$build/app/hivepost-cli" demo "$@"
fi
exec "$build/app/hivepost" "$@"
