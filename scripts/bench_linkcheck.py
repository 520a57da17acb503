"""The link checker's part of scripts/bench: one full pass over every public reuse of the
seeded catalog against a local website, timed, with the checker's peak resident memory.

The website answers on every address of 127.0.0.0/8 (it listens on 0.0.0.0), so the reuses'
links are spread over HOSTS host names as on a real portal and the checker's per-host pacing
(VITRINE_LINKCHECK_HOST_GAP, 1 s by default) is measured as it runs in production. One link in
ten answers 404 (HEAD, then GET: the failing path). The pass runs `vitrine linkcheck --once`
with VITRINE_LINKCHECK_ALLOW_PRIVATE=127.0.0.0/8, the one exception the guard is given; a second
run right after must visit nothing (each link at most once a day).
"""

import asyncio
import json
import os
import threading
import time

HOSTS = int(os.environ.get("LINKCHECK_HOSTS", 1000))


class Website:
    """A minimal HTTP/1.1 server (keep-alive) in a thread of its own, counting requests."""

    def __init__(self):
        self.requests = 0
        self.port = None
        self.loop = asyncio.new_event_loop()
        ready = threading.Event()
        threading.Thread(target=self._run, args=(ready,), daemon=True).start()
        ready.wait()

    def _run(self, ready):
        asyncio.set_event_loop(self.loop)
        server = self.loop.run_until_complete(
            asyncio.start_server(self._answer, "0.0.0.0", 0, backlog=1024))
        self.port = server.sockets[0].getsockname()[1]
        ready.set()
        self.loop.run_forever()

    async def _answer(self, reader, writer):
        try:
            while True:
                head = await reader.readuntil(b"\r\n\r\n")
                self.requests += 1
                path = head.split(b" ", 2)[1]
                status = b"404 Not Found" if path.startswith(b"/gone") else b"200 OK"
                writer.write(b"HTTP/1.1 " + status + b"\r\nContent-Length: 0\r\n\r\n")
                await writer.drain()
        except (asyncio.IncompleteReadError, ConnectionError, asyncio.LimitOverrunError):
            pass
        finally:
            writer.close()

    def stop(self):
        self.loop.call_soon_threadsafe(self.loop.stop)


def point_reuses_at(psql, db_url, port):
    """Gives every reuse a link on the local website, over HOSTS hosts, one in ten gone."""
    psql(db_url, f"""
        with numbered as (select id, row_number() over (order by id) as n from reuses)
        update reuses r set url = 'http://127.1.' || ((n % {HOSTS}) / 250) || '.'
                                  || ((n % {HOSTS}) % 250 + 1) || ':{port}/'
                                  || case when n % 10 = 0 then 'gone/' else 'ok/' end || n
        from numbered where numbered.id = r.id""")
    # What autovacuum would have done after such an update on a live portal.
    psql(db_url, "vacuum analyze reuses")
    return int(psql(db_url, "select count(*) from reuses where not private "
                            "and archived is null and deleted is null"))


def run(db, data_dir, binary, psql, watched, vitrine_env):
    """One full pass then an immediate second one; returns the figures."""
    site = Website()
    try:
        public = point_reuses_at(psql, db.url, site.port)
        env = vitrine_env(db, data_dir, VITRINE_LINKCHECK_ALLOW_PRIVATE="127.0.0.0/8",
                          VITRINE_PUBLIC_URL="https://bench.vitrine.example/")
        seconds, rss, out = watched([binary, "linkcheck", "--once"], env)
        tally = json.loads(out.strip().splitlines()[-1])
        requests = site.requests
        again_s, _, again = watched([binary, "linkcheck", "--once"], env)
        second = json.loads(again.strip().splitlines()[-1])
        recorded = int(psql(db.url, "select count(*) from link_checks"))
        failing = int(psql(db.url, "select count(*) from links where state = 'failing'"))
    finally:
        site.stop()
    return {"links": public, "hosts": HOSTS, "seconds": round(seconds, 1),
            "per_second": round(tally["checked"] / seconds, 1) if seconds else 0,
            "peak_rss_mb": round(rss, 1), "checked": tally["checked"], "works": tally["works"],
            "failed": tally["failed"], "requests": requests, "recorded": recorded,
            "failing": failing, "second_checked": second["checked"],
            "second_s": round(again_s, 2), "requests_after": site.requests}


def verdict_line(figures, verdict):
    ok = (figures["seconds"] < 600 and figures["peak_rss_mb"] < 200
          and figures["checked"] == figures["links"] == figures["recorded"]
          and figures["second_checked"] == 0
          and figures["requests_after"] == figures["requests"])
    line = (f"link check: {figures['checked']} of {figures['links']} links on "
            f"{figures['hosts']} hosts in {figures['seconds']} s ({figures['per_second']}/s), "
            f"peak RSS {figures['peak_rss_mb']} MB, {figures['failed']} failing, "
            f"{figures['requests']} requests; again at once: {figures['second_checked']} "
            f"visited in {figures['second_s']} s  (target < 600 s, bounded memory < 200 MB, "
            f"none twice: {verdict(ok)})")
    return ok, line


def measure_pass(db, data_dir, binary, psql, watched, vitrine_env, say):
    say("link check: one pass over every public reuse against a local website")
    started = time.perf_counter()
    figures = run(db, data_dir, binary, psql, watched, vitrine_env)
    figures["total_s"] = round(time.perf_counter() - started, 1)
    return figures
