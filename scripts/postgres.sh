#!/usr/bin/env bash
# Start a throwaway PostgreSQL server for the tests (sourced by scripts/test.sh).
# Installs Debian's postgresql when it is missing and we are root; exports
# TEST_DATABASE_URL and registers a trap that stops the server and deletes it.
# Prints why and returns non-zero when no server can be had (the postgres tests
# are then skipped, not failed).
# Test-only settings (trust auth, fsync off): never use them for real data.

# shellcheck source=scripts/system-deps.sh
source "$(dirname "${BASH_SOURCE[0]}")/system-deps.sh"

kasip_pg_start() {
    local pgbin
    if ! ls -d /usr/lib/postgresql/*/bin >/dev/null 2>&1; then
        # Shares one `apt-get update` with the other test packages.
        kasip_apt_install postgresql \
            || { echo "postgres.sh: PostgreSQL is not installed and cannot be installed here" >&2; return 1; }
    fi
    pgbin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
    # A free port, so that a leftover or parallel test server does not collide.
    KASIP_PGPORT=${KASIP_PGPORT:-$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')}
    KASIP_PGDATA=$(mktemp -d -t kasip-pg.XXXXXX)
    chown postgres:postgres "$KASIP_PGDATA" 2>/dev/null || true
    local as_pg=(su postgres -s /bin/sh -c)
    [ "$(id -u)" = 0 ] || as_pg=(sh -c)
    (cd / && "${as_pg[@]}" "$pgbin/initdb -D $KASIP_PGDATA -U postgres -A trust -E UTF8 --locale=C.UTF-8 --no-sync" >/dev/null) || return 1
    (cd / && "${as_pg[@]}" "$pgbin/pg_ctl -D $KASIP_PGDATA -l $KASIP_PGDATA/log -w -o '-p $KASIP_PGPORT -k $KASIP_PGDATA -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off -c full_page_writes=off' start" >/dev/null) || return 1
    (cd / && "${as_pg[@]}" "$pgbin/createdb -h 127.0.0.1 -p $KASIP_PGPORT -U postgres kasiptest") || return 1
    export TEST_DATABASE_URL="postgresql://postgres@127.0.0.1:$KASIP_PGPORT/kasiptest"
    KASIP_PGSTOP="cd / && ${as_pg[*]@Q} '$pgbin/pg_ctl -D $KASIP_PGDATA -m fast -w stop' >/dev/null; rm -rf '$KASIP_PGDATA'"
    trap 'eval "$KASIP_PGSTOP"' EXIT
    echo "postgres.sh: PostgreSQL test server at $TEST_DATABASE_URL" >&2
}
