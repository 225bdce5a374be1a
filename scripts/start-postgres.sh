#!/usr/bin/env bash
# Makes sure a PostgreSQL server answers on 127.0.0.1:5432 for the platform tests (trust auth for the local
# "postgres" user, as Debian's cluster is set up here): installs Debian's postgresql package when missing,
# creates and starts its cluster when stopped. The tests create (and drop) databases of their own.
# Loopback only. Safe to run repeatedly.
set -euo pipefail
ready() { pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null; }
if command -v pg_isready >/dev/null 2>&1 && ready; then
  echo "PostgreSQL answers on 127.0.0.1:5432"
  exit 0
fi
SUDO=""
if [ "$(id -u)" != 0 ]; then SUDO="sudo"; fi
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  if ! command -v apt-get >/dev/null 2>&1; then
    echo "warning: no PostgreSQL and no apt-get; the platform tests will run on the embedded database only" >&2
    exit 0
  fi
  echo "installing postgresql"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends postgresql postgresql-client >/dev/null
fi
version=$(ls /etc/postgresql 2>/dev/null | sort -V | tail -1)
if [ -z "$version" ]; then
  version=$(ls /usr/lib/postgresql | sort -V | tail -1)
  $SUDO pg_createcluster "$version" main >/dev/null
fi
conf="/etc/postgresql/$version/main"
# Listen on loopback only, and let the local postgres user in without a password from loopback.
if ! grep -q "^listen_addresses = '127.0.0.1'" "$conf/postgresql.conf" 2>/dev/null; then
  echo "listen_addresses = '127.0.0.1'" | $SUDO tee -a "$conf/postgresql.conf" >/dev/null
fi
if ! grep -q "^host all all 127.0.0.1/32 trust" "$conf/pg_hba.conf" 2>/dev/null; then
  { echo "host all all 127.0.0.1/32 trust"; cat "$conf/pg_hba.conf"; } | $SUDO tee "$conf/pg_hba.conf.new" >/dev/null
  $SUDO mv "$conf/pg_hba.conf.new" "$conf/pg_hba.conf"
fi
$SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || $SUDO pg_ctlcluster --skip-systemctl-redirect "$version" main reload
for _ in $(seq 1 30); do
  if ready; then echo "PostgreSQL $version answers on 127.0.0.1:5432"; exit 0; fi
  sleep 1
done
echo "error: PostgreSQL did not start on 127.0.0.1:5432" >&2
exit 1
