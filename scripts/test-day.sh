#!/usr/bin/env bash
# The day `make test` runs as of, on standard output.
#
#   scripts/test-day.sh              a day drawn at random from today (London's, read once here) to three years ahead
#   scripts/test-day.sh YYYY-MM-DD   that day, once checked to be one
set -euo pipefail

day=${1:-}
if [ -z "$day" ]; then
    first=$(TZ=Europe/London date +%F)
    span=$((($(TZ=UTC date -d "$first +3 years" +%s) - $(TZ=UTC date -d "$first" +%s)) / 86400))
    day=$(TZ=UTC date -d "$first +$(((RANDOM * 32768 + RANDOM) % (span + 1))) days" +%F)
fi
if ! [[ $day =~ ^[0-9]{4}-[0-9]{2}-[0-9]{2}$ ]] || [ "$(TZ=UTC date -d "$day" +%F 2>/dev/null || true)" != "$day" ]; then
    echo "test-day: \"$day\" is not a day (expected YYYY-MM-DD, as in TODAY=2028-02-29)" >&2
    exit 2
fi
echo "$day"
