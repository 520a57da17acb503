"""The impact indicators' part of scripts/bench: the job that counts them, then the reads of
what it wrote (the API's metrics and the impact pages) under load.

The job (`vitrine impact`) runs twice on the seeded catalog: first on an empty
`impact_figures` (every scope's twelve months written, as at a portal's first run), then again
at once (the hourly run: the current and the last month rewritten). Each is timed, with its
peak resident memory. Its counts of reuse links need the link checker's states: when the
database has none (ONLY=impact, without the linkcheck part before it), the part writes them as a
pass would have left them (9 in 10 working), due at once, so that a later pass checks them all.

Then VACUUM ANALYZE (this machine's PostgreSQL runs without autovacuum) and a checkpoint, and
the release server (VITRINE_IMPACT_INTERVAL=0: it does not count again during the loads) is
driven by wrk with the scenarios below (scripts/bench.lua), each against the issue's target:
p99 under 30 ms. Before each, one request tells whether the path exists yet: a scenario whose path
answers 404 is still run, and reported as such.
"""

import json
import os
import sys
import urllib.error
import urllib.request

# (scenario of scripts/bench.lua, what it measures, target as in scripts/bench's SCENARIOS).
SCENARIOS = [
    ("site_metrics", "site metrics (API)", ("p99_ms", 30)),
    ("org_metrics", "organization metrics (API), random", ("p99_ms", 30)),
    ("dataset_metrics", "dataset metrics (API), random", ("p99_ms", 30)),
    ("impact_page", "impact page (HTML, site)", ("p99_ms", 30)),
    ("impact_org_page", "organization impact page, random", ("p99_ms", 30)),
]
# A path of each scenario, asked once before it runs: does it answer?
PROBES = {"site_metrics": ("/api/1/site/metrics/", None),
          "org_metrics": ("/api/1/organizations/{}/metrics/", "org-ids"),
          "dataset_metrics": ("/api/1/datasets/{}/metrics/", "dataset-ids"),
          "impact_page": ("/impact/", None),
          "impact_org_page": ("/impact/organizations/{}/", "org-slugs")}


def fill_links(psql, db_url):
    """The reuse links' states a pass of the checker would have left, if none is stored;
    returns how many were written."""
    if int(psql(db_url, "select count(*) from links where kind = 'reuse'")) > 0:
        return 0
    return int(psql(db_url, """
        with written as (
          insert into links (id, kind, target_id, url, state, failures, failing_since,
                             last_checked_at, last_reason, next_check_at)
          select 'reuse:' || id, 'reuse', id, url, s.state,
                 case when s.state = 'works' then 0 else 3 end,
                 case when s.state = 'works' then null else now() - interval '3 days' end,
                 now() - interval '1 hour',
                 case when s.state = 'works' then null else 'status 404' end,
                 now()
          from reuses,
               lateral (select case when ('x' || substr(md5('link' || id), 1, 8))::bit(32)::int
                                         % 10 = 0
                                    then 'failing' else 'works' end as state) as s
          where not private and archived is null and deleted is null
          returning 1)
        select count(*) from written"""))


def job(db, data_dir, b):
    """The first run on an empty table, then the hourly run; each with its figures."""
    env = b.vitrine_env(db, data_dir)
    runs = []
    b.psql(db.url, "delete from impact_figures")
    for name in ("first", "again"):
        seconds, rss, out = b.watched([b.BIN, "impact"], env)
        figures = json.loads(out.strip().splitlines()[-1])
        runs.append({"run": name, "seconds": round(seconds, 2), "peak_rss_mb": round(rss, 1),
                     **figures})
    # What autovacuum would have done after the job's writes on a live portal.
    b.psql(db.url, "VACUUM ANALYZE")
    b.psql(db.url, "checkpoint")
    return runs


def status_of(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as answer:
            answer.read()
            return answer.status
    except urllib.error.HTTPError as error:
        return error.code


def probe(server, scenario, lists):
    path, listed = PROBES[scenario]
    if listed:
        with open(os.path.join(lists, listed)) as names:
            path = path.format(names.readline().strip())
    return path, status_of(server.url + path)


def measure(db, data_dir, lists, b):
    """The whole part; `b` holds scripts/bench's helpers and settings. Returns the figures."""
    b.say("impact indicators: the job, then the metrics API and the impact pages")
    filled = fill_links(b.psql, db.url)
    runs = job(db, data_dir, b)
    rows = int(b.psql(db.url, "select count(*) from impact_figures"))
    server = b.Server(db, data_dir)
    scenarios = {}
    try:
        for scenario, label, _ in SCENARIOS:
            path, status = probe(server, scenario, lists)
            b.say(f"{label}: {path} answers {status}; {b.WARMUP} s warm-up, {b.DURATION} s "
                  f"measured, {b.CONNECTIONS} connections")
            b.wrk(server, scenario, b.WARMUP, lists, "")
            scenarios[scenario] = dict(b.wrk(server, scenario, b.DURATION, lists, ""),
                                       probe_path=path, probe_status=status)
            print(json.dumps(scenarios[scenario]), file=sys.stderr)
        rss = server.rss_mb()
    finally:
        server.stop()
    return {"links_filled": filled, "rows": rows, "job": runs, "scenarios": scenarios,
            "server_rss_mb": round(rss, 1)}


def report_lines(figures, verdict):
    """(targets met, lines of the results table)."""
    checks = []
    lines = ["", f"{'impact scenario':<38} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} "
                 f"{'errors':>6}  target"]
    for scenario, label, (_, limit) in SCENARIOS:
        row = figures["scenarios"].get(scenario)
        if row is None:
            continue
        if row["probe_status"] == 404:
            lines.append(f"{label:<38} {row['rps']:>9.0f} {row['p50_ms']:>8.2f} "
                         f"{row['p99_ms']:>8.2f} {row['errors']:>6}  {row['probe_path']} "
                         f"answers 404 (not built yet): no verdict")
            continue
        ok = row["p99_ms"] < limit and row["errors"] == 0
        checks.append(ok)
        lines.append(f"{label:<38} {row['rps']:>9.0f} {row['p50_ms']:>8.2f} "
                     f"{row['p99_ms']:>8.2f} {row['errors']:>6}  p99 < {limit} ms: {verdict(ok)}")
    for run in figures["job"]:
        lines.append(
            f"impact job ({run['run']}): {run['scopes']} scopes, {run['months']} months, "
            f"{run['rows']} rows in {run['seconds']} s (counted {run['counted_ms']} ms, "
            f"written {run['written_ms']} ms), peak RSS {run['peak_rss_mb']} MB")
    lines.append(f"impact_figures: {figures['rows']} rows; reuse links written for the job: "
                 f"{figures['links_filled']}; server's resident memory after the loads: "
                 f"{figures['server_rss_mb']:.0f} MB")
    return all(checks), lines
