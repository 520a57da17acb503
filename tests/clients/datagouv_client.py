"""Drives Vitrine with data.gouv.fr's own Python client, datagouv-client (pinned in
`tests/clients/requirements-datagouv.txt`, installed by `scripts/test`), unchanged.

    datagouv_client.py BASE_URL API_KEY [--keep-going]

BASE_URL is the site's root (`http://127.0.0.1:8000`, without `/api/1`); API_KEY a site
admin's (datasets are pushed by site admins in Vitrine). Both may come from the environment
instead: VITRINE_UDATA_BASE_URL and VITRINE_UDATA_API_KEY.

The client is built for www.data.gouv.fr and pointed at Vitrine the way a portal does it, by
setting its `base_url` after construction. Its methods retry five times with waits of 4 to 10
seconds (tenacity): the retries are turned off here, so that a difference fails at once and a
create writes once.

What it does, in order: reads `/me/`; creates, reads and updates an organization; creates a
dataset in it, reads, updates and refreshes it; pushes enough datasets for the organization's
list to take two pages and lists them all; creates a reuse of the dataset published by the
organization and one of the caller's own, reads, updates and lists reuses page by page; opens a
discussion about the reuse and replies for the organization, lists discussions of the reuse;
follows the reuse twice, lists its followers, unfollows it; deletes a dataset, a reuse and an
organization. Along the way it checks the shapes the udata front end reads: user and
organization references, page envelopes, 24-hex ids of new objects, timestamps with at most
six fractional digits (in every JSON answer).

It prints one JSON object on stdout: what it created, counted and saw, the requests it sent
("METHOD path" → count) and `failures`. It stops at the first failure (exit 1, the failure on
stderr too) unless `--keep-going`, which carries on with every step whose inputs exist and
lists every failure.
"""

import json
import os
import re
import sys
import traceback
import uuid
from datetime import datetime
from urllib.parse import urlsplit

import tenacity
from datagouv import Client
from datagouv.api import dataset as dataset_module
from datagouv.api import organization as organization_module
from datagouv.api import resource as resource_module
from datagouv.api import topic as topic_module
from datagouv.api.dataset import Dataset
from datagouv.api.organization import Organization
from datagouv.api.resource import Resource
from datagouv.utils import base_object

OBJECT_ID = re.compile(r"[0-9a-f]{24}")
TIMESTAMP = re.compile(
    r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(?::\d{2}(?:\.(?P<fraction>\d+))?)?(?:Z|[+-]\d{2}:?\d{2})?"
)
PAGE_KEYS = ("data", "page", "page_size", "total", "next_page", "previous_page")
USER_REF_KEYS = (
    "id",
    "first_name",
    "last_name",
    "slug",
    "page",
    "uri",
    "avatar",
    "avatar_thumbnail",
)
ORG_REF_KEYS = ("id", "name", "acronym", "slug", "page", "uri", "logo", "logo_thumbnail", "badges")
# Datasets pushed besides the first, so that the organization's list takes more than a page.
EXTRA_DATASETS = 21


class Failure(Exception):
    """A difference from udata, worded for the report."""


class Skipped(Exception):
    """A step whose inputs an earlier failure did not produce."""


def expect(condition, message):
    """A condition the rest of the step needs: the step stops when it does not hold."""
    if not condition:
        raise Failure(message)


RUN = None  # the Run, for `check`


def check(condition, message):
    """A difference the rest of the step can go on after: with `--keep-going` it is listed and
    the step goes on; otherwise the run stops."""
    if not condition:
        if RUN is None or not RUN.keep_going:
            raise Failure(message)
        RUN.failures.append({"step": RUN.current, "error": message})


def no_retries():
    """Turns off the tenacity retries of every decorated method: one attempt, no wait."""
    patched = []
    modules = (base_object, dataset_module, organization_module, resource_module, topic_module)
    for module in modules:
        for cls in list(vars(module).values()):
            if not isinstance(cls, type) or cls.__module__ != module.__name__:
                continue
            for name, attr in list(vars(cls).items()):
                if callable(attr) and hasattr(attr, "retry_with"):
                    once = attr.retry_with(
                        stop=tenacity.stop_after_attempt(1), wait=tenacity.wait_none()
                    )
                    setattr(cls, name, once)
                    patched.append(f"{cls.__name__}.{name}")
    for needed in (
        "BaseObject.refresh",
        "BaseObject.update",
        "BaseObject.delete",
        "DatasetCreator.create",
        "OrganizationCreator.create",
    ):
        if needed not in patched:
            sys.exit(f"could not turn off the retries of {needed} (patched: {patched})")
    return sorted(patched)


class Run:
    def __init__(self, base_url, api_key, keep_going):
        self.base = base_url.rstrip("/")
        self.keep_going = keep_going
        self.client = Client(environment="www", api_key=api_key)
        self.client.base_url = self.base
        self.session = self.client.session
        self.log = []  # (method, path, status, response)
        self.checked = 0  # responses whose timestamps were checked
        self.session.hooks["response"].append(self.record)
        self.state = {}
        self.seen = {"retries_turned_off": no_retries()}
        self.failures = []
        self.current = None

    # -- what went over the wire -------------------------------------------------------------

    def record(self, response, *args, **kwargs):
        request = response.request
        self.log.append(
            (request.method, urlsplit(request.url).path, response.status_code, response)
        )
        return response

    def last_request(self):
        if not self.log:
            return "no request sent"
        method, path, status, response = self.log[-1]
        return f"last request {method} {path} → {status}: {response.text[:600]}"

    def last_json(self, method, path):
        """The JSON of the last answer to `method path`."""
        for seen_method, seen_path, _, response in reversed(self.log):
            if seen_method == method and seen_path == path:
                return response.json()
        raise Failure(f"no answer to {method} {path} was seen")

    def count(self, method, path):
        return sum(1 for m, p, _, _ in self.log if m == method and p == path)

    def check_timestamps(self):
        """Every JSON answer since the last check: timestamps of at most 6 fractional digits
        that Python parses (udata's are microseconds)."""
        problems = []
        for method, path, _, response in self.log[self.checked :]:
            if "json" not in (response.headers.get("content-type") or "") or not response.content:
                continue
            try:
                body = response.json()
            except ValueError:
                problems.append(f"{method} {path}: the JSON answer does not parse")
                continue
            for where, value in walk(body, "$"):
                if not isinstance(value, str):
                    continue
                match = TIMESTAMP.fullmatch(value)
                if not match:
                    continue
                fraction = match.group("fraction") or ""
                if len(fraction) > 6:
                    problems.append(
                        f"{method} {path} {where} = {value!r}: {len(fraction)} fractional "
                        "digits (udata gives at most 6)"
                    )
                try:
                    datetime.fromisoformat(value)
                except ValueError:
                    problems.append(f"{method} {path} {where} = {value!r}: not ISO 8601")
        self.checked = len(self.log)
        expect(not problems, "; ".join(problems[:5]))

    # -- calls --------------------------------------------------------------------------------

    def http(self, method, path, status, body=None):
        """The client's own session: `path` under the site (or a full URL); the answer's JSON."""
        url = path if path.startswith("http") else f"{self.base}{path}"
        response = self.session.request(method, url, json=body)
        expected = status if isinstance(status, tuple) else (status,)
        expect(
            response.status_code in expected,
            f"{method} {urlsplit(url).path}: udata answers {' or '.join(map(str, expected))}, "
            f"Vitrine answered {response.status_code}: {response.text[:600]}",
        )
        if not response.content:
            return None
        try:
            return response.json()
        except ValueError:
            raise Failure(
                f"{method} {urlsplit(url).path}: the answer is not JSON: {response.text[:300]}"
            )

    def using_client(self, label, call):
        """`call()`, a method of datagouv-client; what it raises becomes a worded failure."""
        try:
            return call()
        except Failure:
            raise
        except KeyError as error:
            raise Failure(
                f"{label} raised KeyError {error}: the client reads that key and Vitrine's "
                f"answer lacks it ({self.last_request()})"
            ) from error
        except Exception as error:  # the client raises Exception(response text)
            raise Failure(
                f"{label} raised {type(error).__name__}: {str(error)[:600]} ({self.last_request()})"
            ) from error

    def created_id(self, path):
        """The id in the last 201 answer to `POST path`, when the client failed after it."""
        for method, seen_path, status, response in reversed(self.log):
            if method == "POST" and seen_path == path and status == 201:
                try:
                    return response.json().get("id")
                except ValueError:
                    return None
        return None

    def need(self, *keys):
        missing = [key for key in keys if not self.state.get(key)]
        if missing:
            raise Skipped(f"needs {', '.join(missing)}, which an earlier step did not produce")
        return [self.state[key] for key in keys]

    # -- the run ------------------------------------------------------------------------------

    def step(self, name, function):
        self.current = name
        try:
            function()
            self.check_timestamps()
        except Skipped as why:
            self.failures.append({"step": name, "skipped": str(why)})
        except Failure as failure:
            self.fail(name, str(failure))
        # A bug of this script, or an answer of an unexpected shape: reported like the rest.
        except Exception as error:  # noqa: BLE001
            detail = "".join(traceback.format_exception_only(type(error), error)).strip()
            self.fail(name, f"{detail} ({self.last_request()})")

    def fail(self, name, message):
        self.failures.append({"step": name, "error": message})
        if not self.keep_going:
            self.finish()

    def finish(self):
        requests = {}
        for method, path, _, _ in self.log:
            key = f"{method} {path}"
            requests[key] = requests.get(key, 0) + 1
        self.seen["requests"] = requests
        self.seen["failures"] = self.failures
        print(json.dumps(self.seen, indent=2, ensure_ascii=False, sort_keys=True))
        errors = [f for f in self.failures if "error" in f]
        if errors:
            for failure in self.failures:
                what = failure.get("error") or f"skipped: {failure['skipped']}"
                print(f"FAILED {failure['step']}: {what}", file=sys.stderr)
            sys.exit(1)
        sys.exit(0)


def walk(value, where):
    yield where, value
    if isinstance(value, dict):
        for key, item in value.items():
            yield from walk(item, f"{where}.{key}")
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from walk(item, f"{where}[{index}]")


def object_id(value, what):
    check(
        isinstance(value, str) and OBJECT_ID.fullmatch(value),
        f"{what}: udata's ids are ObjectIds (24 hex digits), Vitrine gave {value!r}",
    )
    return value


def user_ref(value, where):
    expect(isinstance(value, dict), f"{where}: expected a user reference, got {value!r}")
    missing = [key for key in USER_REF_KEYS if key not in value]
    check(not missing, f"{where}: the user reference lacks {missing}: {sorted(value)}")
    check(
        isinstance(value.get("first_name"), str) and isinstance(value.get("last_name"), str),
        f"{where}: first_name and last_name must be strings: {value}",
    )
    return {
        "id": value.get("id"),
        "first_name": value.get("first_name"),
        "last_name": value.get("last_name"),
    }


def org_ref(value, where):
    expect(isinstance(value, dict), f"{where}: expected an organization reference, got {value!r}")
    missing = [key for key in ORG_REF_KEYS if key not in value]
    check(not missing, f"{where}: the organization reference lacks {missing}: {sorted(value)}")
    check(
        isinstance(value.get("badges"), list),
        f"{where}: badges must be a list: {value.get('badges')!r}",
    )
    return {"id": value.get("id"), "name": value.get("name"), "badges": value.get("badges")}


def client_reads(body, cls, where):
    """The keys `cls` copies from an answer (its `_attributes`, each always in udata's answers:
    flask-restx marshals every field, null when unset); a missing one reaches the caller as
    None instead of udata's value."""
    expect(isinstance(body, dict), f"{where}: expected an object, got {str(body)[:200]}")
    missing = [key for key in cls._attributes if key not in body]
    check(not missing, f"{where}: lacks {missing}, which datagouv-client's {cls.__name__} reads")


def dataset_answer(body, where):
    client_reads(body, Dataset, where)
    for index, resource in enumerate(body.get("resources") or []):
        client_reads(resource, Resource, f"{where} .resources[{index}]")


def page_envelope(value, where):
    expect(
        isinstance(value, dict), f"{where}: expected udata's page envelope, got {str(value)[:200]}"
    )
    missing = [key for key in PAGE_KEYS if key not in value]
    check(not missing, f"{where}: the page envelope lacks {missing}: {sorted(value)}")
    expect(isinstance(value.get("data"), list), f"{where}: data must be a list")
    return value


def main():
    args = [arg for arg in sys.argv[1:] if not arg.startswith("--")]
    keep_going = "--keep-going" in sys.argv[1:]
    base_url = args[0] if len(args) > 0 else os.environ.get("VITRINE_UDATA_BASE_URL")
    api_key = args[1] if len(args) > 1 else os.environ.get("VITRINE_UDATA_API_KEY")
    if not base_url or not api_key:
        sys.exit(__doc__)
    global RUN
    run = RUN = Run(base_url, api_key, keep_going)
    client, state, seen = run.client, run.state, run.seen
    mark = uuid.uuid4().hex[:8]
    names = {
        "organization": f"Observatoire {mark}",
        "dataset": f"Qualité de l'eau {mark}",
        "dataset_updated": f"Qualité de l'eau potable {mark}",
        "reuse": f"Carte de l'eau {mark}",
        "reuse_updated": f"Carte de l'eau potable {mark}",
        "personal_reuse": f"Mon tableau {mark}",
        "discussion": f"Une question {mark}",
        "scratch_organization": f"Brouillon {mark}",
        "scratch_dataset": f"Jeu à supprimer {mark}",
    }
    seen["names"] = names

    def me():
        found = run.http("GET", "/api/1/me/", 200)
        ref = user_ref(found, "GET /api/1/me/")
        expect(
            isinstance(found.get("organizations"), list),
            f"GET /api/1/me/: udata lists the caller's organizations: {sorted(found)}",
        )
        seen["me"] = ref
        state["me_id"] = found["id"]

    def organization_create():
        payload = {"name": names["organization"], "description": "Mesures *publiques*."}
        try:
            org = run.using_client(
                "client.create_organization", lambda: client.create_organization(payload)
            )
        finally:
            state["org_id"] = run.created_id("/api/1/organizations/")
        object_id(org.id, "POST /api/1/organizations/ id")
        expect(org.name == payload["name"], f"created organization name: {org.name!r}")
        expect(
            org.description == payload["description"],
            f"created organization description: {org.description!r}",
        )
        expect(
            run.count("POST", "/api/1/organizations/") == 1,
            "the organization was posted more than once",
        )
        client_reads(
            run.last_json("POST", "/api/1/organizations/"),
            Organization,
            "POST /api/1/organizations/",
        )
        state["org_id"] = org.id
        seen["organization"] = {"id": org.id, "name": org.name}

    def organization_read():
        (org_id,) = run.need("org_id")
        org = run.using_client("client.organization", lambda: client.organization(org_id))
        expect(org.name == names["organization"], f"client.organization name: {org.name!r}")
        client_reads(
            run.last_json("GET", f"/api/1/organizations/{org_id}/"),
            Organization,
            "GET /api/1/organizations/{id}/",
        )
        members = org.members or []
        expect(isinstance(members, list), f"organization members: {members!r}")
        roles = {}
        for index, member in enumerate(members):
            ref = user_ref(member.get("user"), f"GET organization members[{index}].user")
            roles[ref["id"]] = member.get("role")
        seen.setdefault("organization", {})["members"] = roles
        state["caller_is_member"] = state.get("me_id") in roles
        expect(
            roles.get(state.get("me_id")) == "admin",
            f"udata makes the creator the organization's admin; members: {roles}",
        )

    def organization_update():
        (org_id,) = run.need("org_id")
        org = Organization(org_id, fetch=False, _client=client)
        description = "Mesures publiques, mises à jour chaque jour."
        run.using_client("Organization.update", lambda: org.update({"description": description}))
        expect(org.description == description, f"after update, description {org.description!r}")
        expect(org.name == names["organization"], f"after update, name {org.name!r}")
        client_reads(
            run.last_json("PUT", f"/api/1/organizations/{org_id}/"),
            Organization,
            "PUT /api/1/organizations/{id}/",
        )
        stored = run.http("GET", f"/api/1/organizations/{org_id}/", 200)
        expect(
            stored["description"] == description, f"stored description {stored['description']!r}"
        )

    def dataset_create():
        (org_id,) = run.need("org_id")
        payload = {
            "title": names["dataset"],
            "description": "Relevés **mensuels** des captages.",
            "organization": org_id,
            "tags": ["eau", "environnement"],
            "frequency": "monthly",
            "license": "lov2",
            "resources": [
                {
                    "title": "Relevés 2024",
                    "description": "Un fichier par mois.",
                    "url": f"https://eau.example.org/{mark}/releves-2024.csv",
                    "type": "main",
                    "filetype": "remote",
                    "format": "csv",
                    "mime": "text/csv",
                    "filesize": 1234,
                }
            ],
        }
        try:
            ds = run.using_client("client.create_dataset", lambda: client.create_dataset(payload))
        finally:
            state["dataset_id"] = run.created_id("/api/1/datasets/")
            seen["dataset_posts"] = run.count("POST", "/api/1/datasets/")
            if state["dataset_id"]:
                posted = run.last_json("POST", "/api/1/datasets/")
                state["resource_id"] = ((posted.get("resources") or [{}])[0]).get("id")
        expect(seen["dataset_posts"] == 1, "the dataset was posted more than once")
        object_id(ds.id, "POST /api/1/datasets/ id")
        expect(ds.title == names["dataset"], f"created dataset title {ds.title!r}")
        expect(
            ds.organization is not None and ds.organization.id == org_id,
            f"created dataset organization {ds.organization!r}",
        )
        dataset_answer(run.last_json("POST", "/api/1/datasets/"), "POST /api/1/datasets/")
        expect(len(ds.resources) == 1, f"the created dataset's resources: {ds.resources!r}")
        resource = ds.resources[0]
        expect(
            isinstance(resource, Resource) and resource.dataset_id == ds.id,
            f"the client's Resource: {resource!r}",
        )
        wanted = payload["resources"][0]
        for key in (
            "title",
            "description",
            "url",
            "type",
            "format",
            "filetype",
            "mime",
            "filesize",
        ):
            check(
                getattr(resource, key, None) == wanted[key],
                f"POST /api/1/datasets/ .resources[0].{key}: sent {wanted[key]!r}, "
                f"the answer has {getattr(resource, key, None)!r}",
            )
        try:
            uuid.UUID(resource.id)
            is_uuid = True
        except (TypeError, ValueError):
            is_uuid = False
        check(
            is_uuid,
            f"POST /api/1/datasets/ .resources[0].id: udata's resource ids are UUIDs, "
            f"Vitrine gave {resource.id!r}",
        )
        seen["dataset"] = {
            "id": ds.id,
            "title": ds.title,
            "organization": ds.organization.id,
            "resource": resource.id,
        }
        expect(
            sorted(ds.tags or []) == ["eau", "environnement"], f"created dataset tags {ds.tags!r}"
        )
        state["dataset_id"] = ds.id

    def dataset_read():
        org_id, dataset_id = run.need("org_id", "dataset_id")
        ds = run.using_client("client.dataset", lambda: client.dataset(dataset_id))
        expect(ds.title == names["dataset"], f"client.dataset title {ds.title!r}")
        expect(
            ds.organization is not None and ds.organization.id == org_id,
            f"client.dataset organization {ds.organization!r}",
        )
        expect(isinstance(ds.resources, list), f"client.dataset resources {ds.resources!r}")
        expect(
            [r.id for r in ds.resources] == [state.get("resource_id")],
            f"client.dataset resources {ds.resources!r}",
        )
        found = run.http("GET", f"/api/1/datasets/{dataset_id}/", 200)
        dataset_answer(found, "GET /api/1/datasets/{id}/")
        org_ref(found["organization"], "GET dataset .organization")
        seen.setdefault("dataset", {})["owner"] = found.get("owner")
        seen.setdefault("dataset", {})["license"] = found.get("license")
        seen.setdefault("dataset", {})["frequency"] = found.get("frequency")

    def dataset_update():
        org_id, dataset_id = run.need("org_id", "dataset_id")
        ds = Dataset(dataset_id, fetch=False, _client=client)
        run.using_client("Dataset.update", lambda: ds.update({"title": names["dataset_updated"]}))
        expect(ds.title == names["dataset_updated"], f"after update, title {ds.title!r}")
        expect(
            ds.organization is not None and ds.organization.id == org_id,
            f"after a title-only update the organization stays: {ds.organization!r}",
        )
        expect(
            sorted(ds.tags or []) == ["eau", "environnement"],
            f"after a title-only update the tags stay: {ds.tags!r}",
        )
        expect(
            [r.id for r in ds.resources] == [state.get("resource_id")],
            f"after a title-only update the resources stay: {ds.resources!r}",
        )
        dataset_answer(
            run.last_json("PUT", f"/api/1/datasets/{dataset_id}/"), "PUT /api/1/datasets/{id}/"
        )
        seen.setdefault("dataset", {})["title"] = ds.title

    def dataset_refresh():
        (dataset_id,) = run.need("dataset_id")
        ds = Dataset(dataset_id, fetch=False, _client=client)
        run.using_client("Dataset.refresh", ds.refresh)
        expect(ds.title == names["dataset_updated"], f"refreshed title {ds.title!r}")

    def organization_datasets():
        org_id, dataset_id = run.need("org_id", "dataset_id")
        org = Organization(org_id, fetch=False, _client=client)
        pushed = [dataset_id]
        for index in range(EXTRA_DATASETS):
            payload = {"title": f"Relevé {index + 1} {mark}", "description": "Un relevé."}
            try:
                ds = run.using_client(
                    "Organization.create_dataset",
                    lambda payload=payload: org.create_dataset(payload),
                )
                pushed.append(ds.id)
            except Failure:
                created = run.created_id("/api/1/datasets/")
                if created and created not in pushed:
                    pushed.append(created)
                raise
        first = page_envelope(
            run.http("GET", f"/api/1/organizations/{org_id}/datasets/", 200),
            f"GET /api/1/organizations/{org_id}/datasets/",
        )
        expect(
            first["total"] == len(pushed),
            f"organization datasets total {first['total']}, pushed {len(pushed)}",
        )
        expect(
            first["next_page"],
            f"{len(pushed)} datasets of page size {first['page_size']}: no next_page",
        )
        dataset_answer(first["data"][0], "GET /api/1/organizations/{id}/datasets/ data[0]")
        listed = run.using_client("list(Organization.datasets)", lambda: list(org.datasets))
        ids = [ds.id for ds in listed]
        expect(
            sorted(ids) == sorted(pushed),
            f"list(org.datasets) gave {len(ids)} ({len(set(ids))} distinct) of the {len(pushed)} pushed",
        )
        expect(
            all(ds.organization and ds.organization.id == org_id for ds in listed),
            "every listed dataset has the organization",
        )
        pages = run.count("GET", f"/api/1/organizations/{org_id}/datasets/") - 1
        seen["organization_datasets"] = {"pushed": len(pushed), "listed": len(ids), "pages": pages}

    def reuse_create():
        org_id, dataset_id = run.need("org_id", "dataset_id")
        body = {
            "title": names["reuse"],
            "description": "Une carte des captages et de leurs relevés.",
            "url": f"https://carte.example.org/{mark}",
            "type": "visualization",
            "topic": "others",
            "tags": ["eau"],
            "datasets": [{"id": dataset_id}],
            "organization": {"id": org_id},
        }
        try:
            created = run.http("POST", "/api/1/reuses/", 201, body)
        finally:
            state["reuse_id"] = run.created_id("/api/1/reuses/")
        object_id(created["id"], "POST /api/1/reuses/ id")
        organization = org_ref(created["organization"], "POST /api/1/reuses/ .organization")
        expect(organization["id"] == org_id, f"the reuse's organization {organization}")
        expect(
            created["owner"] is None,
            f"udata leaves owner null on a reuse an organization publishes: {created['owner']}",
        )
        linked = [item["id"] if isinstance(item, dict) else item for item in created["datasets"]]
        expect(linked == [dataset_id], f"the reuse's datasets {linked}")
        seen["reuse"] = {"id": created["id"], "organization": organization, "datasets": linked}

    def personal_reuse():
        (dataset_id,) = run.need("dataset_id")
        body = {
            "title": names["personal_reuse"],
            "description": "Le tableau de bord de mes relevés.",
            "url": f"https://tableau.example.org/{mark}",
            "type": "application",
            "topic": "others",
            "datasets": [dataset_id],
        }
        try:
            created = run.http("POST", "/api/1/reuses/", 201, body)
        finally:
            state["personal_reuse_id"] = run.created_id("/api/1/reuses/")
        object_id(created["id"], "POST /api/1/reuses/ id")
        owner = user_ref(created["owner"], "POST /api/1/reuses/ .owner")
        expect(owner["id"] == state.get("me_id"), f"the reuse's owner {owner}")
        expect(
            created["organization"] is None,
            f"a personal reuse's organization {created['organization']}",
        )
        seen["personal_reuse"] = {"id": created["id"], "owner": owner}

    def reuse_read():
        org_id, dataset_id, reuse_id = run.need("org_id", "dataset_id", "reuse_id")
        found = run.http("GET", f"/api/1/reuses/{reuse_id}/", 200)
        org_ref(found["organization"], f"GET /api/1/reuses/{reuse_id}/ .organization")
        expect(found["organization"]["id"] == org_id, "the reuse's organization")
        linked = [item["id"] for item in found["datasets"]]
        expect(linked == [dataset_id], f"GET reuse datasets {linked}")
        for key in (
            "metrics",
            "badges",
            "permissions",
            "created_at",
            "last_modified",
            "page",
            "uri",
        ):
            expect(key in found, f"GET /api/1/reuses/{reuse_id}/ lacks {key!r}")

    def reuse_update():
        (reuse_id,) = run.need("reuse_id")
        updated = run.http(
            "PUT", f"/api/1/reuses/{reuse_id}/", 200, {"title": names["reuse_updated"]}
        )
        expect(updated["title"] == names["reuse_updated"], f"PUT reuse title {updated['title']!r}")
        expect(
            updated["organization"] and updated["organization"]["id"] == state["org_id"],
            "a title-only PUT keeps the organization",
        )
        seen.setdefault("reuse", {})["title"] = updated["title"]

    def reuse_list():
        (reuse_id,) = run.need("reuse_id")
        url = "/api/1/reuses/?page_size=1000"
        ids, pages = [], 0
        while url:
            page = page_envelope(run.http("GET", url, 200), f"GET {url}")
            ids.extend(item["id"] for item in page["data"])
            pages += 1
            expect(pages <= 50, "next_page never ends")
            url = page["next_page"]
        expect(len(ids) == len(set(ids)), f"walking next_page listed a reuse twice: {ids}")
        wanted = [reuse_id] + (
            [state["personal_reuse_id"]] if state.get("personal_reuse_id") else []
        )
        expect(
            all(wanted_id in ids for wanted_id in wanted), f"the reuses list lacks {wanted}: {ids}"
        )
        seen["reuses_listed"] = {"count": len(ids), "pages": pages}

    def discussion_create():
        (reuse_id,) = run.need("reuse_id")
        body = {
            "title": names["discussion"],
            "comment": "Les relevés de mars manquent-ils ?",
            "subject": {"class": "Reuse", "id": reuse_id},
        }
        try:
            created = run.http("POST", "/api/1/discussions/", 201, body)
        finally:
            state["discussion_id"] = run.created_id("/api/1/discussions/")
        object_id(created["id"], "POST /api/1/discussions/ id")
        author = user_ref(created["user"], "POST /api/1/discussions/ .user")
        expect(author["id"] == state.get("me_id"), f"the discussion's user {author}")
        expect(
            created["subject"] == {"class": "Reuse", "id": reuse_id},
            f"subject {created['subject']}",
        )
        expect(len(created["discussion"]) == 1, f"messages {created['discussion']}")
        user_ref(created["discussion"][0]["posted_by"], "discussion[0].posted_by")
        seen["discussion"] = {"id": created["id"], "user": author}

    def discussion_reply():
        org_id, discussion_id = run.need("org_id", "discussion_id")
        me = run.http("GET", "/api/1/me/", 200)
        member = any(org.get("id") == org_id for org in me.get("organizations") or [])
        seen.setdefault("discussion", {})["caller_is_member"] = member
        expect(member, "GET /api/1/me/ does not list the organization the caller created")
        body = {"comment": "Ils arrivent la semaine prochaine.", "organization": {"id": org_id}}
        replied = run.http("POST", f"/api/1/discussions/{discussion_id}/", 200, body)
        messages = replied["discussion"]
        expect(len(messages) == 2, f"after the reply, {len(messages)} messages")
        spoke_for = messages[-1].get("posted_by_organization")
        org_ref(spoke_for, "discussion[1].posted_by_organization")
        expect(spoke_for["id"] == org_id, f"the reply spoke for {spoke_for}")
        seen.setdefault("discussion", {})["messages"] = len(messages)

    def discussion_list():
        reuse_id, discussion_id = run.need("reuse_id", "discussion_id")
        page = page_envelope(
            run.http("GET", f"/api/1/discussions/?for={reuse_id}", 200),
            "GET /api/1/discussions/?for=",
        )
        ids = [item["id"] for item in page["data"]]
        expect(ids == [discussion_id], f"discussions for the reuse: {ids}")
        expect(page["total"] == 1, f"total {page['total']}")
        seen.setdefault("discussion", {})["listed"] = len(ids)

    def follow():
        (reuse_id,) = run.need("reuse_id")
        path = f"/api/1/reuses/{reuse_id}/followers/"
        first = run.http("POST", path, 201)
        expect(first == {"followers": 1}, f"POST {path} first: {first}")
        again = run.http("POST", path, 200)
        expect(again == {"followers": 1}, f"POST {path} again: {again}")
        page = page_envelope(run.http("GET", path, 200), f"GET {path}")
        expect(len(page["data"]) == 1 and page["total"] == 1, f"followers {page}")
        follower = page["data"][0]
        object_id(follower.get("id"), f"GET {path} data[0].id")
        ref = user_ref(follower.get("follower"), f"GET {path} data[0].follower")
        expect(ref["id"] == state.get("me_id"), f"the follower {ref}")
        expect("since" in follower, f"GET {path} data[0] lacks since: {sorted(follower)}")
        gone = run.http("DELETE", path, 200)
        expect(gone == {"followers": 0}, f"DELETE {path}: {gone}")
        seen["follow"] = {"first": 201, "again": 200, "listed": 1, "after_unfollow": 0}

    def scratch():
        payload = {"name": names["scratch_organization"], "description": "À supprimer."}
        try:
            org = run.using_client(
                "client.create_organization", lambda: client.create_organization(payload)
            )
        finally:
            state["scratch_org_id"] = run.created_id("/api/1/organizations/")
        state["scratch_org_id"] = org.id
        try:
            ds = run.using_client(
                "Organization.create_dataset",
                lambda: org.create_dataset({"title": names["scratch_dataset"], "description": "."}),
            )
        finally:
            state["scratch_dataset_id"] = run.created_id("/api/1/datasets/")
        state["scratch_dataset_id"] = ds.id
        seen["scratch"] = {"organization": org.id, "dataset": ds.id}

    def dataset_delete():
        (dataset_id,) = run.need("scratch_dataset_id")
        ds = Dataset(dataset_id, fetch=False, _client=client)
        response = run.using_client("Dataset.delete", ds.delete)
        expect(
            response.status_code == 204,
            f"DELETE dataset: udata answers 204, Vitrine {response.status_code}",
        )
        seen.setdefault("scratch", {})["dataset_deleted"] = response.status_code

    def reuse_delete():
        (reuse_id,) = run.need("personal_reuse_id")
        run.http("DELETE", f"/api/1/reuses/{reuse_id}/", 204)
        seen.setdefault("personal_reuse", {})["deleted"] = 204

    def organization_delete():
        (org_id,) = run.need("scratch_org_id")
        org = Organization(org_id, fetch=False, _client=client)
        response = run.using_client("Organization.delete", org.delete)
        expect(
            response.status_code == 204,
            f"DELETE organization: udata answers 204, Vitrine {response.status_code}",
        )
        seen.setdefault("scratch", {})["organization_deleted"] = response.status_code

    for name, function in [
        ("GET /me/", me),
        ("client.create_organization", organization_create),
        ("client.organization", organization_read),
        ("Organization.update", organization_update),
        ("client.create_dataset", dataset_create),
        ("client.dataset", dataset_read),
        ("Dataset.update", dataset_update),
        ("Dataset.refresh", dataset_refresh),
        ("Organization.create_dataset + list(Organization.datasets)", organization_datasets),
        ("POST /reuses/ (organization)", reuse_create),
        ("POST /reuses/ (personal)", personal_reuse),
        ("GET /reuses/{id}/", reuse_read),
        ("PUT /reuses/{id}/", reuse_update),
        ("GET /reuses/ walking next_page", reuse_list),
        ("POST /discussions/", discussion_create),
        ("POST /discussions/{id}/ for the organization", discussion_reply),
        ("GET /discussions/?for=", discussion_list),
        ("POST, GET, DELETE /reuses/{id}/followers/", follow),
        ("scratch organization and dataset", scratch),
        ("Dataset.delete", dataset_delete),
        ("DELETE /reuses/{id}/", reuse_delete),
        ("Organization.delete", organization_delete),
    ]:
        run.step(name, function)
    run.finish()


if __name__ == "__main__":
    main()
