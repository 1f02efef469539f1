#!/usr/bin/env bash
# Restore a dump made by scripts/backup.sh into a new, empty database, check it, and erase again the people
# erased since the dump was made.
#   scripts/restore.sh DUMP TARGET_DATABASE_URL [ERASURE_LOG...]
# TARGET_DATABASE_URL must name a database that does not exist yet: a restore never overwrites one.
# Each ERASURE_LOG is a file written by `manage.py export_erasure_log` on the database being replaced.
set -euo pipefail
dump="${1:?usage: scripts/restore.sh DUMP TARGET_DATABASE_URL [ERASURE_LOG...]}"
target="${2:?usage: scripts/restore.sh DUMP TARGET_DATABASE_URL [ERASURE_LOG...]}"
shift 2
cd "$(dirname "$0")/.."
python="${PYTHON:-.venv/bin/python}"
name="${target##*/}"
name="${name%%\?*}"
server="${target%/*}/postgres"

createdb --maintenance-db="$server" "$name"
pg_restore --exit-on-error --no-owner --no-privileges --dbname="$target" "$dump"
DATABASE_URL="$target" "$python" manage.py migrate --check
DATABASE_URL="$target" "$python" manage.py reapply_erasures "$@"
echo "Restored $dump into $name."
