#!/usr/bin/env bash
# Install (Debian's package), start and prepare a PostgreSQL server on loopback for the test
# suite; prints the database URL on its last line. Idempotent: safe to run twice.
set -euo pipefail
if ! command -v pg_ctlcluster >/dev/null 2>&1; then
  apt-get update -qq >/dev/null
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq postgresql >/dev/null
fi
version=$(ls /usr/lib/postgresql | sort -n | tail -1)
pg_lsclusters -h | grep -q "^$version main" || pg_createcluster "$version" main >/dev/null
pg_ctlcluster "$version" main start 2>/dev/null || true
for _ in $(seq 30); do pg_isready -q -h 127.0.0.1 && break; sleep 1; done
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_roles WHERE rolname='kargah'\"" | grep -q 1 \
  || su postgres -c "psql -qc \"CREATE ROLE kargah LOGIN PASSWORD 'kargah' CREATEDB\""
su postgres -c "psql -qtAc \"SELECT 1 FROM pg_database WHERE datname='kargah'\"" | grep -q 1 \
  || su postgres -c "createdb -O kargah kargah"
echo "postgres://kargah:kargah@127.0.0.1:5432/kargah"
