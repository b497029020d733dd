#!/bin/sh
# with_keyring.sh COMMAND...: runs COMMAND inside a private D-Bus session with an unlocked
# gnome-keyring (Secret Service) that lives exactly as long as the command. No display needed.
# Called by CTest through dbus-run-session.
set -u
mkdir -p "$HOME"
printf test | gnome-keyring-daemon --foreground --unlock --components=secrets >/dev/null 2>&1 &
keyring=$!
# Wait until the Secret Service answers on the bus (at most 5 s).
i=0
while [ $i -lt 50 ]; do
  if dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
       org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true; then
    break
  fi
  i=$((i + 1))
  sleep 0.1
done
"$@"
rc=$?
kill $keyring 2>/dev/null
wait $keyring 2>/dev/null
exit $rc
