# Sourced by scripts/test and scripts/bench: the local peers, started or installed when missing.
# Each function returns non-zero when its peer cannot be had.

start_postgres() {
  pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
  if command -v pg_ctlcluster >/dev/null && [ -d /etc/postgresql ]; then
    for version in $(ls /etc/postgresql); do
      pg_ctlcluster --skip-systemctl-redirect "$version" main start 2>/dev/null || true
    done
  fi
  for _ in $(seq 1 30); do
    pg_isready -q -h 127.0.0.1 -p 5432 2>/dev/null && return 0
    sleep 1
  done
  return 1
}

start_redis() {
  redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
  if command -v redis-server >/dev/null; then
    mkdir -p /var/lib/redis /var/log/redis 2>/dev/null || true
    redis-server --daemonize yes --bind 127.0.0.1 -::1 --port 6379 --save "" --appendonly no \
      --dir /var/lib/redis --logfile /var/log/redis/ci.log >/dev/null 2>&1 || true
  fi
  for _ in $(seq 1 20); do
    redis-cli -h 127.0.0.1 -p 6379 ping >/dev/null 2>&1 && return 0
    sleep 0.5
  done
  return 1
}

# A real SMTP server for the mail tests: Python's aiosmtpd in a virtualenv under target/.
install_smtp_server() {
  local venv=target/smtp-venv
  if [ ! -x "$venv/bin/python" ] || ! "$venv/bin/python" -c 'import aiosmtpd' 2>/dev/null; then
    command -v python3 >/dev/null || return 1
    if ! python3 -m venv "$venv" >&2; then
      command -v apt-get >/dev/null || return 1
      apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-venv >/dev/null
      python3 -m venv "$venv" >&2 || return 1
    fi
    "$venv/bin/pip" install --quiet --disable-pip-version-check -r tests/smtp/requirements.txt >&2 || return 1
  fi
  export VITRINE_TEST_SMTP_PYTHON="$PWD/$venv/bin/python"
}
