"""Drives Vitrine's CKAN Action API with CKAN's own client, ckanapi (pinned in
`tests/clients/requirements-ckanapi.txt`, installed by `scripts/test`), unchanged: its Python
API (`ckanapi.RemoteCKAN`) and its command line (`ckanapi action …`).

    ckanapi_client.py BASE_URL API_KEY DATASET_1 DATASET_2 ADMIN_KEY [--keep-going]
    ckanapi_client.py BASE_URL API_KEY DATASET_1 DATASET_2 ADMIN_KEY --delete SHOWCASE

BASE_URL is the site's root (`http://127.0.0.1:8000`, where ckanapi appends `api/action/`);
API_KEY a plain user's, who writes the showcase; DATASET_1 and DATASET_2 two datasets of the
same organization (by id or name); ADMIN_KEY a site admin's, who manages the showcase admins.
Each may come from the environment instead: VITRINE_CKAN_BASE_URL, VITRINE_CKAN_API_KEY,
VITRINE_CKAN_DATASET_1, VITRINE_CKAN_DATASET_2, VITRINE_CKAN_ADMIN_KEY.

The first form, as the user: reads `status_show` and both datasets (`package_show`); creates a
showcase (`ckanext_showcase_create`, with tags and a `reuse_type` extra); links both datasets
(`ckanext_showcase_package_association_create`, by the showcase's name then its id, the second
dataset by name), and is refused linking one twice; shows it, and updates it the way CKAN
clients do, sending back what `ckanext_showcase_show` gave with a new title; lists the
showcases, the showcase's datasets and the first dataset's showcases; searches packages (`q`,
`fq=organization:…`, `fq=tags:…`, `rows`/`start` page by page, `sort`); runs the command line
(`ckanapi action ckanext_showcase_show … -a KEY`, `ckanapi action package_search … ` by POST and
the same with `-g`, by GET); checks CKAN's errors as the client raises them (`NotFound`,
`ValidationError`, `NotAuthorized` with a wrong key and with none, `SearchQueryError`); as the
admin, appoints the user showcase admin, lists, dismisses them.

The second form, which the caller runs once it has looked at what the first wrote: shows the
showcase SHOWCASE (as the other faces may have changed it), deletes it
(`ckanext_showcase_delete`), and checks it is gone (`NotFound`, and out of the lists).

Either prints one JSON object on stdout: what it created and saw (ids, names, lists), the
requests the client sent ("METHOD path" → count) and `failures`. It stops at the first failure
(exit 1, the failure on stderr too) unless `--keep-going`, which carries on with every step
whose inputs exist and lists every failure.
"""

import json
import os
import subprocess
import sys
import traceback
import uuid
from pathlib import Path
from urllib.parse import urlsplit

import ckanapi
import requests

# What CKAN's clients read of a showcase (ckanext-showcase's package dict).
SHOWCASE_KEYS = (
    "id",
    "name",
    "title",
    "type",
    "notes",
    "url",
    "tags",
    "extras",
    "num_datasets",
    "metadata_created",
    "metadata_modified",
    "private",
    "state",
)
# What ckanapi raises for an answer it reads as a failure (ServerIncompatibleError when the
# answer is not CKAN's envelope).
CLIENT_ERRORS = (ckanapi.CKANAPIError, ckanapi.ServerIncompatibleError)
PACKAGE_KEYS = (
    "id",
    "name",
    "title",
    "type",
    "notes",
    "organization",
    "owner_org",
    "tags",
    "resources",
)


class Failure(Exception):
    """A difference from CKAN, worded for the report."""


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


class Run:
    def __init__(self, base_url, api_key, admin_key, keep_going):
        self.base = base_url.rstrip("/")
        self.api_key = api_key
        self.keep_going = keep_going
        self.log = []  # (method, path, status, response)
        self.session = requests.Session()
        self.session.hooks["response"].append(self.record)
        self.user = self.client(api_key)
        self.admin = self.client(admin_key)
        self.anonymous = self.client(None)
        self.state = {}
        self.seen = {"ckanapi_version": ckanapi.version.__version__}
        self.failures = []
        self.current = None

    def client(self, key):
        """ckanapi's RemoteCKAN at the site, with `key`, on the run's (recorded) session."""
        return ckanapi.RemoteCKAN(self.base, apikey=key, session=self.session)

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

    # -- calls --------------------------------------------------------------------------------

    def call(self, label, call):
        """`call()`, a call of ckanapi; what it raises becomes a worded failure."""
        try:
            return call()
        except Failure:
            raise
        except CLIENT_ERRORS as error:
            raise Failure(
                f"{label} raised ckanapi.{type(error).__name__}: {str(error)[:600]} "
                f"({self.last_request()})"
            ) from error

    def refused(self, label, wanted, call):
        """`call()` must raise `wanted` (a ckanapi error class); returns the error."""
        try:
            result = call()
        except wanted as error:
            return error
        except CLIENT_ERRORS as error:
            raise Failure(
                f"{label}: ckanapi raised {type(error).__name__} ({str(error)[:300]}), "
                f"CKAN's answer makes it raise {wanted.__name__} ({self.last_request()})"
            ) from error
        raise Failure(
            f"{label}: expected ckanapi.{wanted.__name__}, the call succeeded: {str(result)[:300]}"
        )

    def cli(self, *args):
        """ckanapi's command line, with `args`; its JSON output."""
        command = [*ckanapi_command(), *args]
        done = subprocess.run(command, capture_output=True, text=True, timeout=120)
        shown = " ".join(args)
        expect(
            done.returncode == 0,
            f"`ckanapi {shown}` exited {done.returncode}: {done.stderr[-800:]}{done.stdout[-400:]}",
        )
        try:
            return json.loads(done.stdout)
        except ValueError:
            raise Failure(f"`ckanapi {shown}` printed no JSON: {done.stdout[:400]}")

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
        sent = {}
        for method, path, _, _ in self.log:
            key = f"{method} {path}"
            sent[key] = sent.get(key, 0) + 1
        self.seen["requests"] = sent
        self.seen["failures"] = self.failures
        print(json.dumps(self.seen, indent=2, ensure_ascii=False, sort_keys=True))
        errors = [f for f in self.failures if "error" in f]
        if errors:
            for failure in self.failures:
                what = failure.get("error") or f"skipped: {failure['skipped']}"
                print(f"FAILED {failure['step']}: {what}", file=sys.stderr)
            sys.exit(1)
        sys.exit(0)


def ckanapi_command():
    """The `ckanapi` command of this virtualenv (`python -m ckanapi.cli.main` without it)."""
    script = Path(sys.executable).with_name("ckanapi")
    if script.exists():
        return [str(script)]
    return [
        sys.executable,
        "-c",
        "import sys; from ckanapi.cli.main import main; sys.exit(main())",
    ]


def showcase_dict(value, where):
    expect(isinstance(value, dict), f"{where}: expected a showcase, got {str(value)[:300]}")
    missing = [key for key in SHOWCASE_KEYS if key not in value]
    check(not missing, f"{where}: the showcase lacks {missing}: {sorted(value)}")
    check(value.get("type") == "showcase", f"{where}: type {value.get('type')!r}")
    return value


def package_dict(value, where):
    expect(isinstance(value, dict), f"{where}: expected a package, got {str(value)[:300]}")
    missing = [key for key in PACKAGE_KEYS if key not in value]
    check(not missing, f"{where}: the package lacks {missing}: {sorted(value)}")
    return value


def extras_of(value):
    return {extra["key"]: extra["value"] for extra in value.get("extras") or []}


def tags_of(value):
    return sorted(tag["name"] for tag in value.get("tags") or [])


def arguments():
    args, delete, rest = [], None, sys.argv[1:]
    while rest:
        arg = rest.pop(0)
        if arg == "--delete":
            expect(rest, "--delete needs the showcase")
            delete = rest.pop(0)
        elif not arg.startswith("--"):
            args.append(arg)
    names = (
        "VITRINE_CKAN_BASE_URL",
        "VITRINE_CKAN_API_KEY",
        "VITRINE_CKAN_DATASET_1",
        "VITRINE_CKAN_DATASET_2",
        "VITRINE_CKAN_ADMIN_KEY",
    )
    values = [
        args[index] if len(args) > index else os.environ.get(name)
        for index, name in enumerate(names)
    ]
    if not all(values):
        sys.exit(__doc__)
    return values, delete


def main():
    (base_url, api_key, dataset_1, dataset_2, admin_key), delete = arguments()
    global RUN
    run = RUN = Run(base_url, api_key, admin_key, "--keep-going" in sys.argv[1:])
    user, admin, anonymous = run.user, run.admin, run.anonymous
    state, seen = run.state, run.seen
    if delete:
        state["showcase_name"] = delete
        delete_steps(run, dataset_1)
        run.finish()
    mark = uuid.uuid4().hex[:8]
    names = {
        "showcase": f"carte-des-captages-{mark}",
        "title": f"Carte des captages {mark}",
        "title_updated": f"Carte des captages et rivieres {mark}",
        "url": f"https://carte.example.org/{mark}",
    }
    seen["names"] = names

    def status():
        found = run.call("status_show", lambda: anonymous.action.status_show())
        expect(isinstance(found, dict), f"status_show: {found!r}")
        check(
            "showcase" in (found.get("extensions") or []),
            f"status_show lists the showcase extension: {found.get('extensions')!r}",
        )
        check(bool(found.get("ckan_version")), f"status_show: ckan_version {found!r}")
        seen["status"] = {key: found.get(key) for key in ("ckan_version", "extensions")}

    def datasets():
        found = []
        for wanted in (dataset_1, dataset_2):
            package = package_dict(
                run.call("package_show", lambda wanted=wanted: user.action.package_show(id=wanted)),
                f"package_show {wanted}",
            )
            expect(
                wanted in (package["id"], package["name"]),
                f"package_show {wanted} gave {package['id']} ({package['name']})",
            )
            found.append(package)
        orgs = {(package.get("organization") or {}).get("name") for package in found}
        expect(len(orgs) == 1 and None not in orgs, f"the two datasets' organizations: {orgs}")
        state["dataset_ids"] = [package["id"] for package in found]
        state["dataset_names"] = [package["name"] for package in found]
        state["organization"] = orgs.pop()
        seen["datasets"] = [
            {"id": p["id"], "name": p["name"], "title": p["title"]} for p in found
        ]
        seen["organization"] = state["organization"]

    def create():
        body = {
            "name": names["showcase"],
            "title": names["title"],
            "notes": "Les **captages** d'eau potable et leurs relevés.",
            "url": names["url"],
            "tags": [{"name": "eau"}, {"name": "carte"}],
            "extras": [{"key": "reuse_type", "value": "visualization"}],
        }
        created = run.call(
            "ckanext_showcase_create", lambda: user.action.ckanext_showcase_create(**body)
        )
        showcase_dict(created, "ckanext_showcase_create")
        state["showcase_id"] = created["id"]
        state["showcase_name"] = created["name"]
        state["user_id"] = created.get("creator_user_id")
        for key in ("name", "title", "notes", "url"):
            check(
                created.get(key) == body[key],
                f"ckanext_showcase_create .{key}: sent {body[key]!r}, got {created.get(key)!r}",
            )
        check(tags_of(created) == ["carte", "eau"], f"created tags {created.get('tags')!r}")
        extras = extras_of(created)
        check(extras.get("reuse_type") == "visualization", f"created extras {extras}")
        check(extras.get("reuse_topic") == "others", f"the default topic: {extras}")
        check(created.get("num_datasets") == 0, f"num_datasets {created.get('num_datasets')!r}")
        seen["created"] = {
            "id": created["id"],
            "name": created["name"],
            "title": created["title"],
            "creator_user_id": created.get("creator_user_id"),
            "extras": extras,
            "tags": tags_of(created),
        }

    def associate():
        showcase_id, showcase_name, dataset_ids, dataset_names = run.need(
            "showcase_id", "showcase_name", "dataset_ids", "dataset_names"
        )
        # The showcase by name then by id; the first dataset by id, the second by name.
        pairs = [(showcase_name, dataset_ids[0]), (showcase_id, dataset_names[1])]
        linked = []
        for showcase, package in pairs:
            result = run.call(
                "ckanext_showcase_package_association_create",
                lambda showcase=showcase, package=package: (
                    user.action.ckanext_showcase_package_association_create(
                        showcase_id=showcase, package_id=package
                    )
                ),
            )
            expect(isinstance(result, dict), f"association_create gave {result!r}")
            check(
                result.get("showcase_id") == showcase_id,
                f"association_create .showcase_id {result.get('showcase_id')!r}",
            )
            linked.append(result.get("package_id"))
        check(linked == dataset_ids, f"association_create .package_id: {linked}")
        error = run.refused(
            "the same association twice",
            ckanapi.ValidationError,
            lambda: user.action.ckanext_showcase_package_association_create(
                showcase_id=showcase_id, package_id=dataset_ids[0]
            ),
        )
        seen["associations"] = {"package_ids": linked, "twice": error.error_dict}

    def show():
        showcase_id, showcase_name = run.need("showcase_id", "showcase_name")
        by_name = showcase_dict(
            run.call(
                "ckanext_showcase_show", lambda: user.action.ckanext_showcase_show(id=showcase_name)
            ),
            "ckanext_showcase_show",
        )
        expect(by_name["id"] == showcase_id, f"show by name gave {by_name['id']}")
        check(by_name.get("num_datasets") == 2, f"num_datasets {by_name.get('num_datasets')!r}")
        by_id = run.call(
            "ckanext_showcase_show (anonymous, by id)",
            lambda: anonymous.action.ckanext_showcase_show(id=showcase_id),
        )
        check(by_id.get("name") == showcase_name, f"show by id gave {by_id.get('name')!r}")
        seen["shown"] = {"id": by_name["id"], "num_datasets": by_name.get("num_datasets")}

    def update():
        (showcase_name,) = run.need("showcase_name")
        # As CKAN clients update: what show gave, changed, sent back whole.
        current = run.call(
            "ckanext_showcase_show", lambda: user.action.ckanext_showcase_show(id=showcase_name)
        )
        current["title"] = names["title_updated"]
        updated = showcase_dict(
            run.call(
                "ckanext_showcase_update", lambda: user.action.ckanext_showcase_update(**current)
            ),
            "ckanext_showcase_update",
        )
        check(updated.get("title") == names["title_updated"], f"updated title {updated!r}")
        for key in ("name", "url", "notes"):
            check(
                updated.get(key) == current.get(key),
                f"ckanext_showcase_update changed .{key}: {current.get(key)!r} → "
                f"{updated.get(key)!r}",
            )
        check(tags_of(updated) == ["carte", "eau"], f"updated tags {updated.get('tags')!r}")
        check(
            extras_of(updated).get("reuse_type") == "visualization",
            f"updated extras {updated.get('extras')!r}",
        )
        check(updated.get("num_datasets") == 2, f"num_datasets {updated.get('num_datasets')!r}")
        seen["updated"] = {"title": updated.get("title")}

    def showcase_list():
        (showcase_id,) = run.need("showcase_id")
        listed = run.call(
            "ckanext_showcase_list", lambda: anonymous.action.ckanext_showcase_list()
        )
        expect(isinstance(listed, list), f"ckanext_showcase_list gave {str(listed)[:300]}")
        for index, item in enumerate(listed):
            showcase_dict(item, f"ckanext_showcase_list[{index}]")
        ids = [item["id"] for item in listed]
        check(showcase_id in ids, f"ckanext_showcase_list lacks {showcase_id}: {ids}")
        check(len(ids) == len(set(ids)), f"ckanext_showcase_list lists one twice: {ids}")
        seen["showcase_list"] = [{"id": item["id"], "name": item["name"]} for item in listed]

    def showcase_packages():
        showcase_name, dataset_ids = run.need("showcase_name", "dataset_ids")
        listed = run.call(
            "ckanext_showcase_package_list",
            lambda: anonymous.action.ckanext_showcase_package_list(showcase_id=showcase_name),
        )
        expect(isinstance(listed, list), f"ckanext_showcase_package_list gave {listed!r}")
        for index, item in enumerate(listed):
            package_dict(item, f"ckanext_showcase_package_list[{index}]")
        ids = [item["id"] for item in listed]
        check(sorted(ids) == sorted(dataset_ids), f"the showcase's datasets: {ids}")
        seen["showcase_package_list"] = ids

    def package_showcases():
        showcase_id, dataset_ids, dataset_names = run.need(
            "showcase_id", "dataset_ids", "dataset_names"
        )
        lists = {}
        for key, package in (("first", dataset_ids[0]), ("second", dataset_names[1])):
            listed = run.call(
                "ckanext_package_showcase_list",
                lambda package=package: anonymous.action.ckanext_package_showcase_list(
                    package_id=package
                ),
            )
            expect(isinstance(listed, list), f"ckanext_package_showcase_list gave {listed!r}")
            for index, item in enumerate(listed):
                showcase_dict(item, f"ckanext_package_showcase_list[{index}]")
            ids = [item["id"] for item in listed]
            check(showcase_id in ids, f"the showcases of {package} lack {showcase_id}: {ids}")
            lists[key] = ids
        seen["package_showcase_list"] = lists

    def search():
        organization, dataset_ids = run.need("organization", "dataset_ids")
        fq = f"organization:{organization}"
        pages, found, total = [], [], None
        for start in range(0, 50, 2):
            result = run.call(
                "package_search",
                lambda start=start: user.action.package_search(
                    q="eau", fq=fq, rows=2, start=start, sort="name asc"
                ),
            )
            expect(isinstance(result, dict), f"package_search gave {str(result)[:300]}")
            expect(
                isinstance(result.get("results"), list) and isinstance(result.get("count"), int),
                f"package_search: results and count: {sorted(result)}",
            )
            total = result["count"] if total is None else total
            check(result["count"] == total, f"the count changed page to page: {result['count']}")
            check(len(result["results"]) <= 2, f"rows=2 gave {len(result['results'])}")
            for index, item in enumerate(result["results"]):
                package_dict(item, f"package_search results[{index}]")
                check(
                    (item.get("organization") or {}).get("name") == organization,
                    f"fq={fq} found {item['name']} of {item.get('organization')!r}",
                )
            pages.append(len(result["results"]))
            found.extend(item["id"] for item in result["results"])
            if start + 2 >= total:
                break
        check(len(found) == total, f"{total} found, {len(found)} read page by page")
        check(len(found) == len(set(found)), f"a dataset came twice page by page: {found}")
        check(all(ds in found for ds in dataset_ids), f"{dataset_ids} not all in {found}")
        names_in_order = [
            item["name"]
            for item in run.call(
                "package_search (all)",
                lambda: user.action.package_search(q="eau", fq=fq, rows=1000, sort="name asc"),
            )["results"]
        ]
        check(names_in_order == sorted(names_in_order), f"sort=name asc gave {names_in_order}")
        tagged = run.call(
            "package_search fq=tags:", lambda: user.action.package_search(fq="tags:captages")
        )
        everything = run.call("package_search q=eau", lambda: user.action.package_search(q="eau"))
        seen["search"] = {
            "organization": {"count": total, "ids": found, "pages": pages},
            "tags_captages": [item["id"] for item in tagged["results"]],
            "q_eau_count": everything["count"],
        }

    def command_line():
        showcase_name, showcase_id = run.need("showcase_name", "showcase_id")
        base = run.base
        shown = run.cli(
            "action", "ckanext_showcase_show", f"id={showcase_name}", "-r", base, "-a", api_key
        )
        expect(isinstance(shown, dict), f"the CLI's showcase: {str(shown)[:300]}")
        check(shown.get("id") == showcase_id, f"the CLI's showcase id {shown.get('id')!r}")
        by_get = run.cli("action", "ckanext_showcase_show", f"id={showcase_id}", "-r", base, "-g")
        check(by_get.get("name") == showcase_name, f"`-g` showcase name {by_get.get('name')!r}")
        posted = run.cli("action", "package_search", "q=eau", "rows=2", "-r", base)
        got = run.cli("action", "package_search", "q=eau", "rows=2", "-r", base, "-g")
        for label, result in (("POST", posted), ("GET", got)):
            expect(isinstance(result, dict), f"the CLI's package_search ({label}): {result!r}")
            check(
                len(result.get("results") or []) == min(2, result.get("count") or 0),
                f"the CLI's package_search ({label}) rows=2: {len(result.get('results') or [])} "
                f"of {result.get('count')}",
            )
        check(
            [item["id"] for item in posted["results"]] == [item["id"] for item in got["results"]],
            "package_search by POST and by GET differ",
        )
        listed = run.cli("action", "ckanext_showcase_list", "-r", base, "-j")
        check(
            showcase_id in [item["id"] for item in listed],
            "the CLI's ckanext_showcase_list lacks the showcase",
        )
        seen["cli"] = {
            "show": shown.get("id"),
            "show_get": by_get.get("id"),
            "search_count": posted.get("count"),
            "search_ids": [item["id"] for item in posted["results"]],
        }

    def errors():
        refusals = {}
        error = run.refused(
            "ckanext_showcase_show of no showcase",
            ckanapi.NotFound,
            lambda: user.action.ckanext_showcase_show(id=f"no-such-showcase-{mark}"),
        )
        refusals["not_found"] = str(error)
        error = run.refused(
            "ckanext_showcase_create without url",
            ckanapi.ValidationError,
            lambda: user.action.ckanext_showcase_create(
                name=f"sans-adresse-{mark}", title="Sans adresse", notes="Une carte."
            ),
        )
        check(
            isinstance(error.error_dict, dict) and "url" in error.error_dict,
            f"the ValidationError names url: {error.error_dict!r}",
        )
        refusals["validation"] = error.error_dict
        error = run.refused(
            "ckanext_showcase_create with a wrong key",
            ckanapi.NotAuthorized,
            lambda: run.client(f"wrong-{mark}").action.ckanext_showcase_create(
                name=f"mauvaise-cle-{mark}",
                title="Mauvaise clé",
                notes="Une carte.",
                url=f"https://mauvaise.example.org/{mark}",
            ),
        )
        refusals["wrong_key"] = error.extra_msg
        error = run.refused(
            "ckanext_showcase_create without a key",
            ckanapi.NotAuthorized,
            lambda: anonymous.action.ckanext_showcase_create(
                name=f"sans-cle-{mark}",
                title="Sans clé",
                notes="Une carte.",
                url=f"https://sans-cle.example.org/{mark}",
            ),
        )
        refusals["no_key"] = error.extra_msg
        error = run.refused(
            "package_search on a field Vitrine cannot search",
            ckanapi.SearchQueryError,
            lambda: user.action.package_search(q="res_format:CSV"),
        )
        refusals["search_query"] = str(error)
        error = run.refused(
            "ckanext_showcase_admin_list by a plain user",
            ckanapi.NotAuthorized,
            lambda: user.action.ckanext_showcase_admin_list(),
        )
        refusals["admin_list_by_user"] = error.extra_msg
        seen["errors"] = refusals

    def showcase_admins():
        (user_id,) = run.need("user_id")
        before = run.call(
            "ckanext_showcase_admin_list", lambda: admin.action.ckanext_showcase_admin_list()
        )
        expect(isinstance(before, list), f"ckanext_showcase_admin_list gave {before!r}")
        expect(
            user_id not in [item.get("id") for item in before],
            f"the plain user is already a showcase admin: {before}",
        )
        added = run.call(
            "ckanext_showcase_admin_add",
            lambda: admin.action.ckanext_showcase_admin_add(username=user_id),
        )
        check(added.get("id") == user_id, f"ckanext_showcase_admin_add gave {added!r}")
        during = run.call(
            "ckanext_showcase_admin_list", lambda: admin.action.ckanext_showcase_admin_list()
        )
        check(user_id in [item.get("id") for item in during], f"after add, the admins: {during}")
        run.call(
            "ckanext_showcase_admin_remove",
            lambda: admin.action.ckanext_showcase_admin_remove(username=user_id),
        )
        after = run.call(
            "ckanext_showcase_admin_list", lambda: admin.action.ckanext_showcase_admin_list()
        )
        check(user_id not in [item.get("id") for item in after], f"after remove: {after}")
        seen["showcase_admins"] = {
            "before": len(before),
            "during": len(during),
            "after": len(after),
        }

    for name, function in [
        ("status_show", status),
        ("package_show", datasets),
        ("ckanext_showcase_create", create),
        ("ckanext_showcase_package_association_create", associate),
        ("ckanext_showcase_show", show),
        ("ckanext_showcase_update (show, change, send back)", update),
        ("ckanext_showcase_list", showcase_list),
        ("ckanext_showcase_package_list", showcase_packages),
        ("ckanext_package_showcase_list", package_showcases),
        ("package_search", search),
        ("the ckanapi command line", command_line),
        ("CKAN's errors through ckanapi", errors),
        ("ckanext_showcase_admin_add/list/remove", showcase_admins),
    ]:
        run.step(name, function)
    run.finish()


def delete_steps(run, dataset):
    user, anonymous, state, seen = run.user, run.anonymous, run.state, run.seen

    def before():
        (showcase_name,) = run.need("showcase_name")
        found = showcase_dict(
            run.call(
                "ckanext_showcase_show", lambda: user.action.ckanext_showcase_show(id=showcase_name)
            ),
            "ckanext_showcase_show",
        )
        state["showcase_id"] = found["id"]
        seen["before_delete"] = {
            "id": found["id"],
            "name": found["name"],
            "title": found["title"],
            "num_datasets": found.get("num_datasets"),
        }

    def delete():
        (showcase_name,) = run.need("showcase_name")
        result = run.call(
            "ckanext_showcase_delete",
            lambda: user.action.ckanext_showcase_delete(id=showcase_name),
        )
        check(result is None, f"ckanext_showcase_delete gave {result!r} (CKAN gives null)")
        seen["deleted"] = showcase_name

    def gone():
        showcase_id, showcase_name = run.need("showcase_id", "showcase_name")
        for key in (showcase_name, showcase_id):
            run.refused(
                f"ckanext_showcase_show {key} once deleted",
                ckanapi.NotFound,
                lambda key=key: anonymous.action.ckanext_showcase_show(id=key),
            )
        listed = run.call(
            "ckanext_showcase_list", lambda: anonymous.action.ckanext_showcase_list()
        )
        check(
            showcase_id not in [item["id"] for item in listed],
            "ckanext_showcase_list still lists the deleted showcase",
        )
        of_dataset = run.call(
            "ckanext_package_showcase_list",
            lambda: anonymous.action.ckanext_package_showcase_list(package_id=dataset),
        )
        check(
            showcase_id not in [item["id"] for item in of_dataset],
            "ckanext_package_showcase_list still lists the deleted showcase",
        )
        run.refused(
            "ckanext_showcase_delete twice",
            ckanapi.NotFound,
            lambda: user.action.ckanext_showcase_delete(id=showcase_id),
        )
        seen["after_delete"] = {
            "showcase_list": [item["id"] for item in listed],
            "package_showcase_list": [item["id"] for item in of_dataset],
        }

    for name, function in [
        ("ckanext_showcase_show before deleting", before),
        ("ckanext_showcase_delete", delete),
        ("the showcase is gone", gone),
    ]:
        run.step(name, function)


if __name__ == "__main__":
    main()
