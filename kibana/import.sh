#!/bin/sh
# Imports brainstem's Kibana saved objects (data views, dashboards) through Kibana's saved-objects API.
# Usage: KIBANA_URL=http://127.0.0.1:5601 [KIBANA_AUTH=user:password] kibana/import.sh
set -eu
here=$(cd "$(dirname "$0")" && pwd)
url=${KIBANA_URL:-http://127.0.0.1:5601}
auth=""
[ -n "${KIBANA_AUTH:-}" ] && auth="-u ${KIBANA_AUTH}"
for file in "$here"/*.ndjson; do
  [ -e "$file" ] || { echo "no saved objects in $here" >&2; exit 1; }
  echo "importing $(basename "$file") into $url"
  # shellcheck disable=SC2086
  curl -fsS $auth -X POST "$url/api/saved_objects/_import?overwrite=true" \
    -H 'kbn-xsrf: brainstem' --form "file=@$file" | grep -q '"success":true' \
    || { echo "import of $file failed" >&2; exit 1; }
done
echo "done"
