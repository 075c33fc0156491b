#!/usr/bin/env bash
# Debian packages the tests need beyond Python (sourced by scripts/test.sh and
# scripts/postgres.sh). Installs what is missing when we are root and have
# apt-get, running `apt-get update` at most once per test run.
# Playwright drives Debian's Chromium: never `playwright install` (its browser
# download fails on the CI machines; docs: platform-notes.md §1).

# Chromium for tests/browser; WeasyPrint's Pango and HarfBuzz libraries and the
# DejaVu fonts (the Kazakh letters) for the card PDF; poppler-utils to inspect it.
KASIP_TEST_PACKAGES=(chromium poppler-utils libpango-1.0-0 libpangoft2-1.0-0
    libharfbuzz-subset0 fonts-dejavu-core)

# Print the packages among the arguments that are not installed.
kasip_missing_packages() {
    local pkg
    for pkg in "$@"; do
        dpkg-query -W -f='${Status}\n' "$pkg" 2>/dev/null | grep -q 'install ok installed' \
            || echo "$pkg"
    done
}

# apt-get install the arguments, quietly; non-zero (with a reason) when we can't.
kasip_apt_install() {
    if [ "$(id -u)" != 0 ] || ! command -v apt-get >/dev/null; then
        echo "system-deps.sh: cannot install $* here (needs root and apt-get)" >&2
        return 1
    fi
    if [ -z "${KASIP_APT_UPDATED:-}" ]; then
        apt-get update -qq >/dev/null || { echo "system-deps.sh: apt-get update failed" >&2; return 1; }
        KASIP_APT_UPDATED=1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null \
        || { echo "system-deps.sh: apt-get install $* failed" >&2; return 1; }
}

# Make sure the browser and PDF tests' packages are here; non-zero when some
# are missing and could not be installed (those tests then skip).
kasip_test_packages() {
    local missing
    if ! command -v dpkg-query >/dev/null; then
        # Not Debian: nothing to install with; the tests look for what they need.
        command -v chromium >/dev/null && command -v pdftoppm >/dev/null && return 0
        echo "system-deps.sh: not a Debian system; install Chromium, poppler-utils, Pango and DejaVu fonts yourself" >&2
        return 1
    fi
    missing=$(kasip_missing_packages "${KASIP_TEST_PACKAGES[@]}")
    [ -z "$missing" ] && return 0
    # shellcheck disable=SC2086  # one word per package
    kasip_apt_install $missing
}
