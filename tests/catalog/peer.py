#!/usr/bin/env python3
"""The peer: a fake open-data catalog speaking udata's API v1 and CKAN's Action API.

Start it (standard library only)::

    python3 tests/catalog/peer.py --port 0 --datasets 50000 [--seed 1] [--orgs M]
        [--host 127.0.0.1] [--ckan-deleted forbidden|not-found]

It prints one line, ``listening on PORT``, once bound, then serves until killed. The datasets
are generated from the seed (same seed, same ids, slugs, titles and dates relative to the
start); ``--orgs`` defaults to max(1, N // 50).

What a client of the real portals sees:

- udata: ``GET /api/1/datasets/?page=&page_size=&sort=`` (sorts ``[-]created`` (the default is
  ``-created``), ``[-]last_update``, ``[-]title``; page_size 20 by default, at most 1000;
  neither deleted, archived nor private datasets; a page past the end is a 404, as udata's
  paginator answers), ``GET /api/1/datasets/<id or slug>/`` (410 once deleted, 404 for a
  former slug), ``GET /api/1/organizations/`` (paged, by name) and
  ``GET /api/1/organizations/<id or slug>/``. Dates are udata's: ISO 8601 with
  ``+00:00``, at MongoDB's precision (milliseconds).
- CKAN: ``/api/3/action/<name>`` (or ``/api/action/<name>``), GET query or POST JSON body:
  ``package_search`` (rows, start, sort, fq ``metadata_modified:[A TO B]`` with ``[]``/``{}``
  bounds, fl), ``package_show``, ``organization_list`` (``all_fields``: at most 25 a call, as CKAN),
  ``organization_show``, ``status_show``. As with Solr, ranges
  and sorts on dates are at millisecond precision and ties fall back to index order (an
  updated dataset is indexed last) unless the sort names a tiebreak; package dicts carry
  PostgreSQL's microseconds, without a zone. A deleted package is, for CKAN's anonymous
  callers, a 403 Authorization Error (``--ckan-deleted not-found``: a 404); a purged one is a
  404. Archived datasets are still active packages (CKAN has no archive).
- ``/logos/<org id>.png`` (a tiny PNG) and ``/datasets/<slug>/`` (the dataset's HTML page).

The control API, under ``/_peer/`` (JSON in and out; never logged, never faulted):

- ``POST /_peer/datasets`` {id, title?, slug?, description?, organization? (id, slug, null or
  an org object to create), license?, tags?, frequency?, private?, resources?}: creates or
  updates a dataset, returns the canonical record; ``GET /_peer/datasets/<id>`` returns it.
- ``POST /_peer/datasets/<id>/<action>``, action one of ``archive``, ``unarchive``, ``delete``,
  ``purge`` (gone for good), ``rename`` {slug}, ``rekey`` {id} (the same dataset and slug under
  a new id), ``license`` {license}, ``resources`` {id?, title, url, format, ...} (adds one,
  returns it), ``malformed`` (served broken in both dialects from then on), ``touch``;
  ``DELETE /_peer/datasets/<id>/resources/<rid>``. Each bumps the dataset's ``modified``.
- ``POST /_peer/touch`` {count}: bumps the ``count`` oldest-modified listed datasets.
- ``GET /_peer/ids``: [{id, slug, state}], state one of active, archived, private, deleted.
- ``POST /_peer/faults`` {fail: n, status}, {throttle: n, retry_after}, {hang: n, seconds},
  {down: bool}, {clear: true}: the next n catalog requests, in arrival order, fail, get a 429
  with Retry-After, or wait before answering; while down, every one gets a 503.
- ``GET /_peer/log``: the catalog requests [{method, path, query, user_agent, status, at}];
  ``POST /_peer/log/clear``. ``GET /_peer/stats``: counts.

``modified`` follows a clock that never goes back nor repeats: max(now, last + 1 µs).
"""

import argparse
import datetime as dt
import functools
import json
import random
import re
import sys
import threading
import time
import traceback
import unicodedata
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qsl, urlencode, urlsplit

UTC = dt.timezone.utc
EPOCH = dt.datetime(1970, 1, 1, tzinfo=UTC)
US = dt.timedelta(microseconds=1)
ETALAB = "https://www.etalab.gouv.fr/licence-ouverte-open-licence"
LICENSES = {  # id: (title, url, open)
    "lov2": ("Licence Ouverte / Open Licence version 2.0", ETALAB, True),
    "fr-lo": ("Licence Ouverte / Open Licence", ETALAB, True),
    "odc-odbl": ("Open Data Commons Open Database License (ODbL)",
                 "http://www.opendefinition.org/licenses/odc-odbl", True),
    "cc-by": ("Creative Commons Attribution", "http://www.opendefinition.org/licenses/cc-by", True),
    "notspecified": ("License not specified", "", False),
}
FREQUENCIES = ["daily", "weekly", "monthly", "quarterly", "annual", "irregular", "unknown",
               "unknown"]
MIMES = {"csv": "text/csv", "json": "application/json", "geojson": "application/geo+json",
         "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
         "zip": "application/zip", "pdf": "application/pdf", "xml": "application/xml",
         "shp": "application/octet-stream"}
FORMATS = list(MIMES)
TOPICS = ["Qualité de l'air", "Budget primitif", "Horaires des bus", "Arbres d'alignement",
          "Défibrillateurs", "Bornes de recharge", "Consommation d'électricité", "Parkings",
          "Marchés publics", "Population légale", "Subventions aux associations", "Écoles",
          "Pistes cyclables", "Collecte des déchets", "Qualité de l'eau", "Accidents de la route"]
PLACES = ["Lyon", "Rennes", "Nantes", "Bordeaux", "Lille", "Toulouse", "Grenoble", "Besançon",
          "Strasbourg", "Montpellier", "Brest", "Dijon", "Angers", "Nancy", "Metz", "Caen"]
KINDS = ["Ville de", "Métropole de", "Département de", "Syndicat des eaux de", "Agglomération de"]
TAGS = ["environnement", "transport", "budget", "energie", "sante", "education", "mobilite",
        "urbanisme", "eau", "dechets", "population", "velo", "air", "securite", "culture", "bus"]
PNG = bytes.fromhex("89504e470d0a1a0a0000000d4948445200000001000000010806000000"
                    "1f15c4890000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")
FIXED = ("id", "created", "last_modified")  # What a resource's fields never set.
NOT_FOUND = ("The requested URL was not found on the server. If you entered the URL manually "
             "please check your spelling and try again.")


def slugify(text):
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", text).strip("-") or "dataset"


def object_id(rng, when):
    """A MongoDB ObjectId-like id: the creation second, then 8 random bytes."""
    return f"{int(when.timestamp()):08x}{rng.getrandbits(64):016x}"


def new_uuid(rng):
    h = f"{rng.getrandbits(128):032x}"
    return f"{h[:8]}-{h[8:12]}-4{h[13:16]}-{'89ab'[int(h[16], 16) & 3]}{h[17:20]}-{h[20:]}"


@functools.cache
def tag_id(name):
    return str(uuid.uuid5(uuid.NAMESPACE_URL, f"tag:{name}"))


def to_ms(t):
    return (t - EPOCH) // dt.timedelta(milliseconds=1)


def udate(t):
    """udata's spelling of a date, as read back from MongoDB (milliseconds)."""
    return t.replace(microsecond=t.microsecond // 1000 * 1000).isoformat() if t else None


def cdate(t):
    """CKAN's spelling of a date: naive UTC with PostgreSQL's microseconds."""
    return t.replace(tzinfo=None).isoformat() if t else None


def solr_date(t):
    """A date as Solr returns a stored one (milliseconds when not zero, then `Z`)."""
    ms = t.microsecond // 1000
    return t.strftime("%Y-%m-%dT%H:%M:%S") + (f".{ms:03d}" if ms else "") + "Z"


def plain(record):
    """A record with its dates in ISO 8601 (microseconds) and without its private keys."""
    return {k: v.isoformat() if isinstance(v, dt.datetime) else v
            for k, v in record.items() if not k.startswith("_")}


def parse_iso(text):
    """A date bound of a range query (quoted or not, `Z` or offset, any fraction); `*` is None."""
    text = text.strip().strip('"')
    if text == "*":
        return None
    m = re.fullmatch(r"(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d)(?:\.(\d+))?([Zz]|[+-]\d\d:?\d\d)?", text)
    if not m:
        raise ValueError(f"Invalid Date String:'{text}'")
    zone = "+00:00" if m.group(3) in (None, "Z", "z") else m.group(3)
    fraction = (m.group(2) or "")[:6].ljust(6, "0")
    return dt.datetime.fromisoformat(f"{m.group(1)}.{fraction}{zone}").astimezone(UTC)


class Problem(Exception):
    """An answer other than 200: its status and body."""

    def __init__(self, status, body):
        super().__init__(status)
        self.status, self.body = status, body


class Store:
    """The canonical catalog, the faults and the log; every access holds `lock`."""

    def __init__(self, n, seed, n_orgs, ckan_deleted):
        self.lock = threading.RLock()
        self.ckan_deleted = ckan_deleted
        self.rng = rng = random.Random(seed)
        self.version, self.views, self.log, self.faults, self.down = 0, {}, [], [], False
        self.datasets, self.by_slug, self.slug_next, self.orgs, self.org_keys = {}, {}, {}, [], {}
        self.last = now = dt.datetime.now(UTC)
        self.creator = new_uuid(rng)
        for i in range(n_orgs):
            name = f"{KINDS[i // len(PLACES) % len(KINDS)]} {PLACES[i % len(PLACES)]}"
            if i >= len(PLACES) * len(KINDS):
                name += f" {i // (len(PLACES) * len(KINDS)) + 1}"
            created = now - dt.timedelta(days=400 + rng.randrange(2000))
            self.add_org({"id": object_id(rng, created), "name": name, "created": created,
                          "acronym": "".join(w[0] for w in name.split()).upper(),
                          "description": f"Les données publiques de {name}."})
        for offset in rng.sample(range(365 * 86400 * 10**6), n):
            self.generate(now - offset * US)

    def add_org(self, fields):
        org = self.org_keys.get(fields["id"])
        if org is None:
            org = {"acronym": None, "description": "", "url": None, "created": self.tick()}
            self.orgs.append(org)
        org.update(fields)
        org.setdefault("slug", slugify(org["name"]))
        self.org_keys[org["id"]] = self.org_keys[org["slug"]] = org
        return org

    def generate(self, modified):
        """A dataset modified then, all else drawn from the seed."""
        bits = self.rng.getrandbits(64)
        created = modified - dt.timedelta(microseconds=bits % (2 * 365 * 86400 * 10**6))
        title = f"{TOPICS[bits >> 26 & 15]} — {PLACES[bits >> 30 & 15]} {2012 + (bits >> 34) % 13}"
        rec = {"id": object_id(self.rng, created), "slug": self.free_slug(slugify(title)),
               "title": title, "description": f"Jeu de données « {title} ».",
               "organization": self.orgs[(bits >> 40) % len(self.orgs)]["id"] if self.orgs
               else None,
               "license": list(LICENSES)[(bits >> 50) % len(LICENSES)],
               "frequency": FREQUENCIES[bits >> 53 & 7],
               "tags": sorted({TAGS[bits >> 56 & 15], TAGS[bits >> 60 & 15]}),
               "created": created, "modified": modified, "archived": None, "deleted": None,
               "private": False, "malformed": False, "resources": []}
        for i in range(1 + (bits >> 20 & 3) % 3):
            when = created + (modified - created) * ((bits >> (8 * i) & 255) / 256)
            rec["resources"].append(self.resource(rec, {}, when))
        self.put(rec)

    def resource(self, rec, fields, when):
        rid = fields.get("id") or new_uuid(self.rng)
        fmt = str(fields.get("format") or FORMATS[self.rng.getrandbits(3)]).lower()
        res = {"id": rid, "title": f"{rec['slug']}.{fmt}", "description": "",
               "url": f"https://static.peer.example/{rec['id']}/{rid}.{fmt}", "format": fmt,
               "filetype": "file", "type": "main", "filesize": self.rng.randrange(1000, 10**8),
               "mime": MIMES.get(fmt, "application/octet-stream"), "created": when,
               "last_modified": when}
        res.update({k: v for k, v in fields.items() if k in res and k not in FIXED})
        res["format"] = fmt
        return res

    def put(self, rec):
        """(Re)indexes a record, last in index order as Solr does on an update."""
        self.datasets.pop(rec["id"], None)
        self.datasets[rec["id"]] = rec
        self.by_slug[rec["slug"]] = rec["id"]
        rec["last_update"] = max([rec["modified"]] + [r["last_modified"] for r in rec["resources"]])
        # The dates as MongoDB and Solr compare them: whole milliseconds.
        rec["_ms"] = {k: to_ms(rec[k]) for k in ("created", "modified", "last_update")}
        self.version += 1

    def free_slug(self, slug, owner=None):
        """`slug`, or `slug-1`, `slug-2`… when taken, as udata's SlugField does."""
        if self.by_slug.get(slug, owner) == owner:
            return slug
        n = self.slug_next.get(slug, 1)
        while f"{slug}-{n}" in self.by_slug:
            n += 1
        self.slug_next[slug] = n + 1
        return f"{slug}-{n}"

    def tick(self):
        """Now, in a later millisecond than any change before: the catalogs compare
        whole milliseconds, and a tie would leave "newest first" to the index order."""
        self.last = max(dt.datetime.now(UTC), self.last + dt.timedelta(milliseconds=1))
        return self.last

    def find(self, key):
        return self.datasets.get(key) or self.datasets.get(self.by_slug.get(key))

    def listed(self, dialect):
        """What a dialect lists (CKAN shows archived datasets), in index order."""
        archived = "archived" if dialect == "udata" else "private"
        return [r for r in self.datasets.values()
                if not (r["deleted"] or r["private"] or r[archived])]

    def view(self, dialect, sort):
        """`listed(dialect)` sorted by `sort`, [(name, key function, descending)]; cached."""
        key = (dialect, tuple((name, desc) for name, _, desc in sort))
        cached = self.views.get(key)
        if cached and cached[0] == self.version:
            return cached[1]
        items = self.listed(dialect)
        for _, fn, desc in reversed(sort):
            items.sort(key=fn, reverse=desc)
        self.views[key] = (self.version, items)
        return items

    def per_org(self):
        cached = self.views.get("per_org")
        if cached and cached[0] == self.version:
            return cached[1]
        counts = {}
        for r in self.listed("udata"):
            counts[r["organization"]] = counts.get(r["organization"], 0) + 1
        self.views["per_org"] = (self.version, counts)
        return counts

    # --- the control API -----------------------------------------------------------------------

    def canonical(self, rec):
        out = plain(rec)
        out["deleted"], out["deleted_at"] = bool(rec["deleted"]), out["deleted"]
        out["resources"] = [plain(r) for r in rec["resources"]]
        return out

    def org_id(self, value):
        if value is None:
            return None
        if isinstance(value, dict):
            if not value.get("id") or not value.get("name"):
                raise Problem(400, {"error": "an organization needs an id and a name"})
            return self.add_org(dict(value))["id"]
        if value not in self.org_keys:
            raise Problem(400, {"error": f"unknown organization {value}"})
        return self.org_keys[value]["id"]

    def upsert(self, body):
        if not isinstance(body, dict) or not body.get("id"):
            raise Problem(400, {"error": "a dataset needs an id"})
        now = self.tick()
        rec = self.datasets.get(body["id"])
        if rec is None:
            title = body.get("title") or f"Dataset {body['id']}"
            rec = {"id": body["id"], "slug": None, "title": title, "description": "",
                   "organization": None, "license": "notspecified", "frequency": "unknown",
                   "tags": [], "created": now, "archived": None, "deleted": None,
                   "private": False, "malformed": False, "resources": []}
            body["slug"] = body.get("slug") or self.free_slug(slugify(title))
        for key in ("title", "description", "license", "frequency", "private", "tags"):
            if key in body:
                rec[key] = body[key]
        if "organization" in body:
            rec["organization"] = self.org_id(body["organization"])
        if body.get("slug"):
            self.set_slug(rec, body["slug"])
        if "resources" in body:
            old = {r["id"]: r for r in rec["resources"]}
            rec["resources"] = []
            for fields in body["resources"]:
                res = self.resource(rec, fields, now)
                if fields.get("id") in old:
                    res = dict(old[fields["id"]], **{k: v for k, v in res.items()
                                                     if k in fields and k not in FIXED})
                    res["last_modified"] = now
                rec["resources"].append(res)
        rec["modified"] = now
        self.put(rec)
        return rec

    def set_slug(self, rec, slug):
        owner = self.by_slug.get(slug)
        if owner not in (None, rec["id"]):
            raise Problem(409, {"error": f"slug {slug} is taken by {owner}"})
        if rec["slug"] and self.by_slug.get(rec["slug"]) == rec["id"]:
            del self.by_slug[rec["slug"]]
        rec["slug"] = slug

    def act(self, rec, action, body):
        """A change to `rec`; returns it (the new resource for `resources`)."""
        now, done = self.tick(), rec
        if action in ("archive", "unarchive"):
            rec["archived"] = now if action == "archive" else None
        elif action == "delete":
            rec["deleted"] = now
        elif action == "purge":
            del self.datasets[rec["id"]]
            if self.by_slug.get(rec["slug"]) == rec["id"]:
                del self.by_slug[rec["slug"]]
            self.version += 1
            return rec
        elif action == "rename":
            self.set_slug(rec, body["slug"])
        elif action == "rekey":
            if body["id"] in self.datasets:
                raise Problem(409, {"error": f"id {body['id']} is taken"})
            del self.datasets[rec["id"]]
            rec["id"] = body["id"]
        elif action == "license":
            rec["license"] = body["license"]
        elif action == "resources":
            done = self.resource(rec, body, now)
            rec["resources"].append(done)
        elif action == "malformed":
            rec["malformed"] = True
        elif action != "touch":
            raise Problem(404, {"error": f"no action {action}"})
        rec["modified"] = now
        self.put(rec)
        return done

    def touch(self, count):
        oldest = sorted(self.listed("udata"), key=lambda r: r["modified"])[:count]
        return [self.act(rec, "touch", {})["id"] for rec in oldest]

    def add_faults(self, body):
        if body.get("clear"):
            self.faults, self.down = [], False
        if "down" in body:
            self.down = bool(body["down"])
        for kind in [k for k in body if k in ("fail", "throttle", "hang")]:  # In body order.
            if body[kind]:
                self.faults.append({"kind": kind, "left": int(body[kind]),
                                    "status": int(body.get("status", 503)),
                                    "retry_after": str(body.get("retry_after", 1)),
                                    "seconds": float(body.get("seconds", 1))})
        return {"pending": [dict(f) for f in self.faults], "down": self.down}

    def next_fault(self):
        if self.down:
            return {"kind": "fail", "status": 503}
        if not self.faults:
            return None
        fault = self.faults[0]
        fault["left"] -= 1
        if fault["left"] <= 0:
            self.faults.pop(0)
        return fault


def int_arg(args, name, default, low, error):
    value = args.get(name)
    if value in (None, ""):
        return default
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise Problem(*error(name, "Invalid integer")) from None
    if number < low:
        raise Problem(*error(name, "Must be a natural number" if low == 0 else "Must be positive"))
    return number


class Udata:
    """udata's API v1."""

    SORTS = {"created": lambda r: r["_ms"]["created"], "title": lambda r: r["title"],
             "last_update": lambda r: r["_ms"]["last_update"], "reuses": lambda r: 0,
             "followers": lambda r: 0, "views": lambda r: 0}

    def __init__(self, store, base):
        self.store, self.base = store, base

    @staticmethod
    def error(status, message):
        return Problem(status, {"message": message, "status": status})

    @staticmethod
    def bad_arg(name, message):
        return 400, {"errors": {name: message}, "message": "Input payload validation failed"}

    def org_ref(self, org):
        return {"name": org["name"], "acronym": org["acronym"], "slug": org["slug"],
                "uri": f"{self.base}/api/1/organizations/{org['slug']}/",
                "page": f"{self.base}/organizations/{org['slug']}/",
                "logo": f"{self.base}/logos/{org['id']}.png",
                "logo_thumbnail": f"{self.base}/logos/{org['id']}-100.png",
                "class": "Organization", "id": org["id"], "badges": []}

    def organization(self, org):
        return dict(self.org_ref(org), **{
            "description": org["description"], "url": org["url"], "image_url": None,
            "created_at": udate(org["created"]), "last_modified": udate(org["created"]),
            "deleted": None, "business_number_id": None, "members": [], "teams": [],
            "extras": {}, "ext": {}, "zone": None,
            "metrics": {"datasets": self.store.per_org().get(org["id"], 0), "members": 0,
                        "followers": 0, "reuses": 0, "views": 0, "dataservices": 0}})

    def resource(self, r):
        return {"id": r["id"], "title": r["title"], "description": r["description"],
                "filetype": r["filetype"], "type": r["type"], "format": r["format"],
                "url": r["url"], "latest": f"{self.base}/api/1/datasets/r/{r['id']}",
                "checksum": None, "filesize": r["filesize"], "mime": r["mime"],
                "created_at": udate(r["created"]), "last_modified": udate(r["last_modified"]),
                "metrics": {"views": 0}, "harvest": None, "extras": {}, "preview_url": None,
                "schema": {"name": None, "url": None, "version": None},
                "internal": {"created_at_internal": udate(r["created"]),
                             "last_modified_internal": udate(r["last_modified"])}}

    def dataset(self, rec):
        org, slug = self.store.org_keys.get(rec["organization"]), rec["slug"]
        out = {
            "id": rec["id"], "title": rec["title"], "acronym": None, "slug": slug,
            "description": rec["description"], "description_short": rec["description"][:200],
            "created_at": udate(rec["created"]), "last_modified": udate(rec["modified"]),
            "last_update": udate(rec["last_update"]), "deleted": udate(rec["deleted"]),
            "archived": udate(rec["archived"]), "featured": False, "private": rec["private"],
            "tags": list(rec["tags"]), "badges": [],
            "resources": [self.resource(r) for r in rec["resources"]],
            "community_resources": [], "frequency": rec["frequency"], "frequency_date": None,
            "extras": {}, "harvest": None,
            "metrics": {"discussions": 0, "followers": 0, "reuses": 0, "views": 0,
                        "resources_downloads": 0},
            "organization": self.org_ref(org) if org else None, "owner": None, "schema": None,
            "temporal_coverage": None, "spatial": None, "license": rec["license"],
            "access_type": "open", "access_audiences": [], "authorization_request_url": None,
            "access_type_reason_category": None, "access_type_reason": None,
            "uri": f"{self.base}/api/1/datasets/{slug}/", "page": f"{self.base}/datasets/{slug}/",
            "quality": {"license": rec["license"] != "notspecified",
                        "has_resources": bool(rec["resources"]),
                        "update_frequency": rec["frequency"] != "unknown"},
            "internal": {"created_at_internal": udate(rec["created"]),
                         "last_modified_internal": udate(rec["modified"])},
            "contact_points": [],
            "permissions": {"delete": False, "edit": False, "edit_resources": False}}
        if rec["malformed"]:
            out.update({"resources": "not a list", "created_at": "not a date"})
        return out

    def list(self, path, args):
        page = int_arg(args, "page", 1, 1, self.bad_arg)
        size = min(int_arg(args, "page_size", 20, 1, self.bad_arg), 1000)
        sort = args.get("sort") or "-created"
        if sort.lstrip("-") not in self.SORTS:
            raise Problem(*self.bad_arg("sort", "The field (and direction) on which sorting "
                                        f"apply The value '{sort}' is not a valid choice for "
                                        "'sort'."))
        name = sort.lstrip("-")
        items = self.store.view("udata", [(name, self.SORTS[name], sort.startswith("-"))])
        chunk = items[(page - 1) * size:page * size]
        if not chunk and page != 1:
            raise self.error(404, NOT_FOUND)

        def link(number):  # Flask's url_for: the request's arguments, page replaced in place.
            return f"{self.base}{path}?{urlencode(dict(args, page=str(number)))}"

        return {"data": [self.dataset(r) for r in chunk], "page": page, "page_size": size,
                "total": len(items),
                "next_page": link(page + 1) if page * size < len(items) else None,
                "previous_page": link(page - 1) if page > 1 else None}

    def show(self, key):
        rec = self.store.find(key)
        if rec is None or rec["private"]:
            raise self.error(404, NOT_FOUND)
        if rec["deleted"]:
            raise self.error(410, "Dataset has been deleted")
        return self.dataset(rec)

    def org(self, key):
        org = self.store.org_keys.get(key)
        if org is None:
            raise self.error(404, NOT_FOUND)
        return self.organization(org)

    def orgs(self, path, args):
        """`/api/1/organizations/`: every organization, by name, in udata's pages."""
        page = int_arg(args, "page", 1, 1, self.bad_arg)
        size = min(int_arg(args, "page_size", 20, 1, self.bad_arg), 1000)
        items = sorted(self.store.orgs, key=lambda org: org["name"])
        chunk = items[(page - 1) * size:page * size]
        if not chunk and page != 1:
            raise self.error(404, NOT_FOUND)
        link = lambda number: f"{self.base}{path}?{urlencode(dict(args, page=str(number)))}"
        return {"data": [self.organization(org) for org in chunk], "page": page,
                "page_size": size, "total": len(items),
                "next_page": link(page + 1) if page * size < len(items) else None,
                "previous_page": link(page - 1) if page > 1 else None}


class Ckan:
    """CKAN 2.10's Action API."""

    SORTS = {"metadata_modified": lambda r: r["_ms"]["modified"], "id": lambda r: r["id"],
             "metadata_created": lambda r: r["_ms"]["created"], "name": lambda r: r["slug"],
             "title_string": lambda r: r["title"], "score": lambda r: 0}
    RANGE = re.compile(r'metadata_modified:\s*([\[{])\s*("[^"]*"|\S+)\s+TO\s+'
                       r'("[^"]*"|[^\s\]}]+)\s*([\]}])')
    SOLR = {"metadata_modified": "modified", "metadata_created": "created"}

    def __init__(self, store, base):
        self.store, self.base = store, base

    @staticmethod
    def bad_arg(name, message):
        return 409, {"success": False, "error": {"__type": "Validation Error", name: [message]}}

    @staticmethod
    def failure(status, kind, message):
        return Problem(status, {"success": False, "error": {"__type": kind, "message": message}})

    def org(self, org, full=False):
        out = {"id": org["id"], "name": org["slug"], "title": org["name"], "type": "organization",
               "description": org["description"],
               "image_url": f"{self.base}/logos/{org['id']}.png",
               "created": cdate(org["created"]), "is_organization": True,
               "approval_status": "approved", "state": "active"}
        if full:
            out.update({"display_name": org["name"], "image_display_url": out["image_url"],
                        "package_count": self.store.per_org().get(org["id"], 0),
                        "num_followers": 0, "extras": [], "tags": [], "groups": [], "users": []})
        return out

    def package(self, rec):
        org = self.store.org_keys.get(rec["organization"])
        title, url, is_open = LICENSES.get(rec["license"], (rec["license"], "", False))
        out = {
            "author": None, "author_email": None, "creator_user_id": self.store.creator,
            "id": rec["id"], "isopen": is_open, "license_id": rec["license"],
            "license_title": title, "license_url": url, "maintainer": None,
            "maintainer_email": None, "metadata_created": cdate(rec["created"]),
            "metadata_modified": cdate(rec["modified"]), "name": rec["slug"],
            "notes": rec["description"], "num_resources": len(rec["resources"]),
            "num_tags": len(rec["tags"]), "organization": self.org(org) if org else None,
            "owner_org": org["id"] if org else None, "private": rec["private"],
            "state": "deleted" if rec["deleted"] else "active", "title": rec["title"],
            "type": "dataset", "url": "", "version": None,
            "extras": [{"key": "frequency", "value": rec["frequency"]}],
            "resources": [{
                "cache_last_updated": None, "cache_url": None, "created": cdate(r["created"]),
                "datastore_active": False, "description": r["description"],
                "format": r["format"].upper(), "hash": "", "id": r["id"],
                "last_modified": cdate(r["last_modified"]),
                "metadata_modified": cdate(r["last_modified"]), "mimetype": r["mime"],
                "mimetype_inner": None, "name": r["title"], "package_id": rec["id"],
                "position": i, "resource_type": None, "size": r["filesize"], "state": "active",
                "url": r["url"], "url_type": None} for i, r in enumerate(rec["resources"])],
            "tags": [{"id": tag_id(t), "name": t, "display_name": t, "state": "active",
                      "vocabulary_id": None} for t in rec["tags"]],
            "groups": [], "relationships_as_object": [], "relationships_as_subject": []}
        if rec["malformed"]:
            out.update({"resources": "not a list", "metadata_created": "not a date"})
        return out

    def search(self, args):
        rows = min(int_arg(args, "rows", 10, 0, self.bad_arg), 1000)
        start = int_arg(args, "start", 0, 0, self.bad_arg)
        sort_text = args.get("sort") or "score desc, metadata_modified desc"
        sort = []
        for clause in str(sort_text).split(","):
            parts = clause.split()
            if len(parts) != 2 or parts[0] not in self.SORTS or parts[1] not in ("asc", "desc"):
                raise self.failure(409, "Search Query Error", "Search error: Can't determine a "
                                   f"Sort Order in sort spec '{sort_text}'")
            sort.append((parts[0], self.SORTS[parts[0]], parts[1] == "desc"))
        items = self.store.view("ckan", sort)
        for low, lo, hi, high in self.RANGE.findall(str(args.get("fq") or "")):
            try:
                lo, hi = parse_iso(lo), parse_iso(hi)
            except ValueError as err:
                raise self.failure(409, "Search Query Error", f"Search error: {err}") from None
            lo = -1 if lo is None else to_ms(lo) + (low == "{")
            hi = 1 << 62 if hi is None else to_ms(hi) - (high == "}")
            items = [r for r in items if lo <= r["_ms"]["modified"] <= hi]
        page = items[start:start + rows]
        fl = args.get("fl")
        if fl:  # Fields as the index stores them (dates in Solr's form).
            fl = [f for f in re.split(r"[,\s]+", fl if isinstance(fl, str) else " ".join(fl)) if f]
            results = []
            for rec in page:
                pkg = self.package(rec)
                results.append({f: solr_date(rec[self.SOLR[f]]) if f in self.SOLR else pkg.get(f)
                                for f in fl})
        else:
            results = [self.package(rec) for rec in page]
        return {"count": len(items), "facets": {}, "results": results, "sort": sort_text,
                "search_facets": {}}

    def show(self, args):
        rec = self.store.find(str(args.get("id") or args.get("name_or_id") or ""))
        if rec is None or (rec["deleted"] and self.store.ckan_deleted == "not-found"):
            raise self.failure(404, "Not Found Error", "Not found")
        if rec["private"] or rec["deleted"]:
            raise self.failure(403, "Authorization Error", "Access denied: User  not "
                               f"authorized to read package {rec['id']}")
        return self.package(rec)

    def action(self, name, args):
        if name == "package_search":
            return self.search(args)
        if name == "package_show":
            return self.show(args)
        if name == "organization_show":
            org = self.store.org_keys.get(str(args.get("id") or ""))
            if org is None:
                raise self.failure(404, "Not Found Error", "Not found: Group was not found")
            return self.org(org, full=True)
        if name == "organization_list":
            # As CKAN: names by default; dicts with all_fields, at most 25 of them
            # (ckan.group_and_organization_list_all_fields_max).
            full = str(args.get("all_fields", "")).lower() in ("true", "1")
            limit = int_arg(args, "limit", 25 if full else 1000, 0, self.bad_arg)
            offset = int_arg(args, "offset", 0, 0, self.bad_arg)
            items = sorted(self.store.orgs, key=lambda org: org["slug"])
            chunk = items[offset:offset + min(limit, 25 if full else 1000)]
            return [self.org(org) if full else org["slug"] for org in chunk]
        if name == "status_show":
            return {"ckan_version": "2.10.4", "site_title": "Peer", "site_url": self.base,
                    "site_description": "", "locale_default": "fr", "extensions": []}
        raise Problem(400, f"Bad request - Action name not known: {name}")


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    disable_nagle_algorithm = True
    store = None

    def log_message(self, *args):
        pass

    def do_GET(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length) if length else b""
        parts = urlsplit(self.path)
        host = self.headers.get("Host") or "%s:%d" % self.server.server_address[:2]
        try:
            body = json.loads(raw) if raw.strip() else {}
            body = {} if body is None else body  # A JSON null is no body.
        except ValueError:
            body = None  # Not JSON.
        if parts.path.startswith("/_peer/"):
            self.guarded(lambda: self.control(parts.path, body))
            return
        with self.store.lock:
            fault = self.store.next_fault()
        status = self.guarded(lambda: self.catalog(fault, parts.path, parts.query, body,
                                                   f"http://{host}"))
        with self.store.lock:
            self.store.log.append({
                "method": self.command, "path": parts.path, "query": parts.query,
                "user_agent": self.headers.get("User-Agent"), "status": status,
                "at": dt.datetime.now(UTC).isoformat()})

    do_POST = do_DELETE = do_PUT = do_GET

    def guarded(self, answer):
        """Sends what `answer()` gives: (status, body[, headers, content type]) or a Problem."""
        try:
            reply = answer()
        except Problem as problem:
            reply = (problem.status, problem.body)
        except Exception:
            traceback.print_exc()
            reply = (500, {"message": "Internal Server Error", "status": 500})
        status, body, headers, content_type = reply + (None, "application/json")[len(reply) - 2:]
        if not isinstance(body, bytes):
            text = json.dumps(body, ensure_ascii=False) if content_type.endswith("json") else body
            body = text.encode()
            content_type += "; charset=utf-8"
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        for key, value in (headers or {}).items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(body)
        return status

    def catalog(self, fault, path, query, body, base):
        if fault and fault["kind"] == "fail":
            code = fault["status"]
            return code, f"<html><body><h1>{code} Service Unavailable</h1></body></html>", \
                None, "text/html"
        if fault and fault["kind"] == "throttle":
            return 429, {"message": "Too Many Requests", "status": 429}, \
                {"Retry-After": fault["retry_after"]}
        if fault and fault["kind"] == "hang":
            time.sleep(fault["seconds"])
        args, store = dict(parse_qsl(query, keep_blank_values=True)), self.store
        m = re.fullmatch(r"/api/(?:3/)?action/(\w+)", path)
        if m:
            envelope = {"help": f"{base}/api/3/action/help_show?name={m.group(1)}"}
            if body is None:
                return 400, "Bad request - JSON Error: Invalid request body"
            args.update(body if isinstance(body, dict) else {})
            try:
                with store.lock:
                    result = Ckan(store, base).action(m.group(1), args)
                return 200, dict(envelope, success=True, result=result)
            except Problem as problem:
                if isinstance(problem.body, dict):
                    problem.body = dict(envelope, **problem.body)
                raise
        udata = Udata(store, base)
        with store.lock:
            if path == "/api/1/datasets/":
                return 200, udata.list(path, args)
            if path == "/api/1/organizations/":
                return 200, udata.orgs(path, args)
            m = re.fullmatch(r"/api/1/(datasets|organizations)/([^/]+)/?", path)
            if m:
                return 200, udata.show(m[2]) if m[1] == "datasets" else udata.org(m[2])
            m = re.fullmatch(r"/logos/([0-9a-f]+)(?:-\d+)?\.png", path)
            if m and m[1] in store.org_keys:
                return 200, PNG, None, "image/png"
            m = re.fullmatch(r"/datasets/([^/]+)/?", path)
            rec = store.find(m[1]) if m else None
            if rec and rec["slug"] == m[1] and not (rec["deleted"] or rec["private"]):
                title = rec["title"].replace("&", "&amp;").replace("<", "&lt;")
                return 200, f"<!doctype html><title>{title}</title><h1>{title}</h1>", None, \
                    "text/html"
        return 404, {"message": NOT_FOUND, "status": 404}

    def control(self, path, body):
        with self.store.lock:
            return self.control_locked(path, body)

    def control_locked(self, path, body):
        store, method = self.store, self.command
        if body is None:
            raise Problem(400, {"error": "the body is not JSON"})
        m = re.fullmatch(r"/_peer/datasets/([^/]+)(?:/(\w+))?(?:/([^/]+))?", path)
        if m:
            rec = store.datasets.get(m[1])
            if rec is None:
                raise Problem(404, {"error": f"unknown dataset {m[1]}"})
            if method == "GET" and not m[2]:
                return 200, store.canonical(rec)
            if method == "DELETE" and m[2] == "resources" and m[3]:
                kept = [r for r in rec["resources"] if r["id"] != m[3]]
                if len(kept) == len(rec["resources"]):
                    raise Problem(404, {"error": f"unknown resource {m[3]}"})
                rec["resources"] = kept
                return 200, store.canonical(store.act(rec, "touch", {}))
            if method == "POST" and m[2] and not m[3]:
                done = store.act(rec, m[2], body)
                return 200, plain(done) if m[2] == "resources" else store.canonical(done)
        routes = {
            ("POST", "/_peer/datasets"): lambda: store.canonical(store.upsert(body)),
            ("POST", "/_peer/touch"): lambda: {"touched": store.touch(int(body.get("count", 1)))},
            ("POST", "/_peer/faults"): lambda: store.add_faults(body),
            ("GET", "/_peer/log"): lambda: list(store.log),
            ("POST", "/_peer/log/clear"): lambda: store.log.clear() or {"cleared": True},
            ("GET", "/_peer/ids"): lambda: [{"id": r["id"], "slug": r["slug"], "state": state(r)}
                                            for r in store.datasets.values()],
            ("GET", "/_peer/stats"): lambda: {
                "datasets": len(store.datasets), "active": len(store.listed("udata")),
                "ckan_active": len(store.listed("ckan")), "organizations": len(store.orgs),
                "faults_pending": sum(f["left"] for f in store.faults), "down": store.down},
        }
        route = routes.get((method, path.rstrip("/")))
        if route is None:
            raise Problem(404, {"error": f"no control route {method} {path}"})
        return 200, route()


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 128

    def handle_error(self, request, client_address):
        if not isinstance(sys.exc_info()[1], ConnectionError):  # A client that gave up is fine.
            super().handle_error(request, client_address)


def state(rec):
    if rec["deleted"]:
        return "deleted"
    return "private" if rec["private"] else "archived" if rec["archived"] else "active"


def main():
    parser = argparse.ArgumentParser(description="A fake udata and CKAN catalog.")
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--datasets", type=int, default=100)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--orgs", type=int)
    parser.add_argument("--ckan-deleted", choices=["forbidden", "not-found"], default="forbidden")
    args = parser.parse_args()
    orgs = args.orgs if args.orgs is not None else max(1, args.datasets // 50)
    Handler.store = Store(args.datasets, args.seed, orgs, args.ckan_deleted)
    server = Server((args.host, args.port), Handler)
    print(f"listening on {server.server_address[1]}", flush=True)
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    main()
