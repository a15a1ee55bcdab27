#!/usr/bin/env bash
# Install the Debian packages given as arguments, only those missing; `apt-get update` only when needed.
#
#   scripts/system-packages.sh PACKAGE[=PATH-GLOB]...
#
# A package counts as present when dpkg says it is installed or, with =PATH-GLOB, when the glob matches a file
# (so a PostgreSQL server of any version satisfies `postgresql=/usr/lib/postgresql/*/bin/initdb`).
# As root the missing packages are installed; otherwise the command to run is printed and the script fails.
set -euo pipefail

missing=()
for spec in "$@"; do
    package=${spec%%=*}
    if [ "$spec" != "$package" ]; then
        # shellcheck disable=SC2086 # the glob is meant to expand
        if compgen -G "${spec#*=}" >/dev/null; then
            continue
        fi
    elif [ "$(dpkg-query -W -f='${db:Status-Status}' "$package" 2>/dev/null || true)" = "installed" ]; then
        continue
    fi
    missing+=("$package")
done

[ ${#missing[@]} -eq 0 ] && exit 0

if ! command -v apt-get >/dev/null; then
    echo "system-packages: missing ${missing[*]} and no apt-get here; install them by hand" >&2
    exit 1
fi
if [ "$(id -u)" -ne 0 ]; then
    echo "system-packages: missing ${missing[*]}; run as root:" >&2
    echo "  apt-get update && apt-get install -y --no-install-recommends ${missing[*]}" >&2
    exit 1
fi

echo "system-packages: installing ${missing[*]}" >&2
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
