#!/usr/bin/env bash
# A compressed custom-format dump of the portal's PostgreSQL database (DATABASE_URL) into BACKUP_DIR
# (default var/backups), named by UTC time; prints the file's path. Restore it with scripts/restore.sh.
set -euo pipefail
: "${DATABASE_URL:?DATABASE_URL must point at the PostgreSQL database to back up}"
dir="${BACKUP_DIR:-var/backups}"
mkdir -p "$dir"
umask 077
file="$dir/portal-$(date -u +%Y%m%dT%H%M%SZ).dump"
pg_dump --format=custom --no-owner --no-privileges --file="$file.partial" "$DATABASE_URL"
mv "$file.partial" "$file"
echo "$file"
