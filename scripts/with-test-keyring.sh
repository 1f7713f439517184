#!/usr/bin/env bash
# Runs a command inside a private D-Bus session with a fresh, unlocked gnome-keyring, so tests never
# touch the keychain of the person running them. Without gnome-keyring the command still runs (tests
# that need the real keychain then skip locally, and fail when CI=true).
set -euo pipefail
if [ "${ROLECALL_TEST_KEYRING:-}" = "ready" ] || [ "${ROLECALL_TEST_KEYRING:-}" = "absent" ]; then exec "$@"; fi
if ! command -v dbus-run-session >/dev/null 2>&1 || ! command -v gnome-keyring-daemon >/dev/null 2>&1; then
  echo "with-test-keyring: dbus-run-session or gnome-keyring-daemon not found (apt-get install gnome-keyring dbus-x11 libsecret-tools)" >&2
  export ROLECALL_TEST_KEYRING=absent
  exec "$@"
fi
XDG_DATA_HOME=$(mktemp -d); XDG_RUNTIME_DIR=$(mktemp -d); chmod 700 "$XDG_RUNTIME_DIR"
export XDG_DATA_HOME XDG_RUNTIME_DIR
trap 'rm -rf "$XDG_DATA_HOME" "$XDG_RUNTIME_DIR"' EXIT
# The keyring password is only for this throwaway test keyring.
dbus-run-session -- bash -c '
  echo -n rolecall-test | gnome-keyring-daemon --unlock --components=secrets >/dev/null
  export ROLECALL_TEST_KEYRING=ready
  exec "$@"' bash "$@"
