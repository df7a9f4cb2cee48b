# Sourced by .ci/run: installs Debian's PostgreSQL when missing, starts a
# server on 127.0.0.1:5432 and exports LIWANBOT_TEST_POSTGRES for the
# feedback store's PostgreSQL tests. Where no server can be started, the
# variable stays unset and those tests skip with a message saying so.

postgres_setup() {
	local sudo=""
	if [ "$(id -u)" -ne 0 ]; then
		if command -v sudo >/dev/null 2>&1; then sudo="sudo"; else
			echo ".ci/postgres.sh: not root and no sudo: PostgreSQL tests will be skipped" >&2
			return 0
		fi
	fi
	if ! command -v pg_ctlcluster >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
		$sudo apt-get update
		$sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends postgresql
	fi
	local version
	version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
	if ! pg_lsclusters -h | awk '{print $1" "$2}' | grep -qx "$version main"; then
		$sudo pg_createcluster "$version" main
	fi
	$sudo pg_ctlcluster "$version" main start 2>/dev/null || true
	as_postgres() {
		if [ -z "$sudo" ]; then runuser -u postgres -- "$@"; else sudo -u postgres "$@"; fi
	}
	local psql=(psql -v ON_ERROR_STOP=1 -qc)
	for _ in $(seq 1 30); do
		if as_postgres "${psql[@]}" "SELECT 1" >/dev/null 2>&1; then break; fi
		sleep 1
	done
	as_postgres "${psql[@]}" "DO \$\$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'liwanbot') THEN CREATE ROLE liwanbot LOGIN PASSWORD 'liwanbot'; END IF; END\$\$;"
	if ! as_postgres psql -lqt | cut -d'|' -f1 | grep -qw liwanbot_test; then
		as_postgres createdb -O liwanbot liwanbot_test
	fi
	export LIWANBOT_TEST_POSTGRES="postgres://liwanbot:liwanbot@127.0.0.1:5432/liwanbot_test?sslmode=disable"
}

postgres_setup || echo ".ci/postgres.sh: PostgreSQL could not be started: its tests will be skipped" >&2
