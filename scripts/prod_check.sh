#!/usr/bin/env bash
# `make prod-check`: the production path end to end, on this machine, without touching your data.
#  1. `check --deploy` with DEBUG=0 and a throwaway key must report nothing (warnings fail it);
#  2. collectstatic into a temporary folder (WhiteNoise's manifest: hashed, compressed names);
#  3. gunicorn (gunicorn.conf.py, sync workers) on 127.0.0.1:<free port>;
#  4. GET /healthz must answer 200 {"status": "ok"}; the login page (as if through nginx over HTTPS)
#     must carry the security headers and link a hashed stylesheet that WhiteNoise serves;
#  5. gunicorn is stopped (by its pid) whatever happened.
# DATABASE_URL is used if set; otherwise a throwaway SQLite file in the temporary folder.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PY:-.venv/bin/python}
WORK=$(mktemp -d)
GUNICORN_PID=""
cleanup() {
  if [ -n "$GUNICORN_PID" ] && kill -0 "$GUNICORN_PID" 2>/dev/null; then
    kill -TERM "$GUNICORN_PID"; wait "$GUNICORN_PID" 2>/dev/null || true
  fi
  rm -rf "$WORK"
}
trap cleanup EXIT

export DEBUG=0 ALLOWED_HOSTS=127.0.0.1 STATIC_ROOT="$WORK/static"
SECRET_KEY=$("$PY" -c "import secrets; print(secrets.token_urlsafe(50))")
export SECRET_KEY
export DATABASE_URL=${DATABASE_URL:-sqlite:///$WORK/db.sqlite3}
PORT=$("$PY" -c "import socket; s = socket.socket(); s.bind(('127.0.0.1', 0)); print(s.getsockname()[1])")
BASE="http://127.0.0.1:$PORT"

echo "== check --deploy (DEBUG=0)"
"$PY" manage.py check --deploy --fail-level WARNING
echo "== migrate + collectstatic"
"$PY" manage.py migrate --noinput -v0
"$PY" manage.py collectstatic --noinput -v0

echo "== gunicorn on $BASE"
GUNICORN_BIND="127.0.0.1:$PORT" WEB_CONCURRENCY=2 GUNICORN_ACCESSLOG="$WORK/access.log" \
  "$(dirname "$PY")/gunicorn" -c gunicorn.conf.py >"$WORK/gunicorn.log" 2>&1 &
GUNICORN_PID=$!

for _ in $(seq 1 60); do
  if curl -s -o /dev/null "$BASE/healthz"; then break; fi
  kill -0 "$GUNICORN_PID" 2>/dev/null || { cat "$WORK/gunicorn.log"; echo "gunicorn died"; exit 1; }
  sleep 0.25
done

fail() { echo "FAIL: $*"; cat "$WORK/gunicorn.log"; exit 1; }
HEALTH=$(curl -s -w ' %{http_code}' "$BASE/healthz")
echo "/healthz -> $HEALTH"
[[ "$HEALTH" == *'"status": "ok"'*' 200' ]] || fail "/healthz did not answer 200 ok"

# As nginx would forward an HTTPS request (SECURE_PROXY_SSL_HEADER), so no redirect to https.
curl -s -D "$WORK/login.headers" -o "$WORK/login.html" -H 'X-Forwarded-Proto: https' "$BASE/accounts/login/"
head -1 "$WORK/login.headers" | grep -q ' 200' || fail "login page: $(head -1 "$WORK/login.headers")"
for header in 'content-security-policy:' 'strict-transport-security:' 'x-frame-options: DENY' \
  'x-content-type-options: nosniff' 'referrer-policy: same-origin'; do
  grep -qi "^$header" "$WORK/login.headers" || fail "login page lacks header $header"
done
CSS=$(grep -o '/static/vendor/bootstrap/bootstrap\.min\.[0-9a-f]\{12\}\.css' "$WORK/login.html" | head -1)
[ -n "$CSS" ] || fail "login page does not link the hashed (manifest) Bootstrap stylesheet"
CSS_STATUS=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "$BASE$CSS")
echo "$CSS -> $CSS_STATUS"
[ "$CSS_STATUS" = 200 ] || fail "WhiteNoise did not serve $CSS"
PLAIN=$(curl -s -o /dev/null -w '%{http_code}' "$BASE/accounts/login/")
echo "plain-HTTP /accounts/login/ -> $PLAIN (redirect to HTTPS expected)"
[ "$PLAIN" = 301 ] || fail "plain HTTP was not redirected to HTTPS"
echo "prod-check: OK"
