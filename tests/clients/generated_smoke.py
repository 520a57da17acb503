"""Calls Vitrine through the Python client openapi-python-client generated from its document.

    generated_smoke.py PACKAGE_DIR BASE_URL API_KEY DATASET_ID

PACKAGE_DIR holds the generated package `vitrine_client`; BASE_URL is the API's (`…/api/1`).
Lists reuses anonymously, creates a reuse on DATASET_ID with the API key, opens a discussion on
it and lists reuses by the new reuse's tag; prints what it saw as one JSON object.
"""

import json
import sys
import uuid

package_dir, base_url, api_key, dataset_id = sys.argv[1:5]
sys.path.insert(0, package_dir)

from vitrine_client import AuthenticatedClient, Client  # noqa: E402
from vitrine_client.api.discussions import create_discussion  # noqa: E402
from vitrine_client.api.reuses import create_reuse, list_reuses  # noqa: E402
from vitrine_client.models import (  # noqa: E402
    ErrorBody,
    NewDiscussionInput,
    OrganizationRef,
    ReuseInput,
    SubjectInput,
    UserRef,
)


def parsed(response, status):
    """The answer's model, or exit naming the status and the body."""
    answer = response.parsed
    if response.status_code != status or answer is None or isinstance(answer, ErrorBody):
        sys.exit(f"expected {status}, got {response.status_code}: {response.content!r}")
    return answer


def id_of(reference, model):
    """A nullable reference's id: it must be the referenced model or None."""
    if reference is None:
        return None
    if isinstance(reference, model):
        return reference.id
    return f"not a {model.__name__}: {type(reference).__name__}"


anonymous = Client(base_url=base_url, raise_on_unexpected_status=True)
# Listing needs no tag: the generated function takes every filter as optional.
before = parsed(list_reuses.sync_detailed(client=anonymous), 200)

caller = AuthenticatedClient(
    base_url=base_url,
    token=api_key,
    prefix="",
    auth_header_name="X-API-KEY",
    raise_on_unexpected_status=True,
)
tag = f"generated-{uuid.uuid4().hex[:8]}"
created = create_reuse.sync_detailed(
    client=caller,
    body=ReuseInput(
        title="Made by a generated client",
        description="A map, created through the *generated* Python client.",
        url=f"https://generated.example.org/{tag}",
        type_="visualization",
        topic="others",
        tags=[tag],
        datasets=[dataset_id],
    ),
)
reuse = parsed(created, 201)

opened = create_discussion.sync_detailed(
    client=caller,
    body=NewDiscussionInput(
        title="Asked through the generated client",
        comment="Does the map follow the dataset's updates?",
        subject=SubjectInput(class_="Reuse", id=reuse.id),
    ),
)
discussion = parsed(opened, 201)

by_tag = parsed(list_reuses.sync_detailed(client=anonymous, tag=[tag]), 200)

print(
    json.dumps(
        {
            "listed_before": before.total,
            "reuse": {
                "status": created.status_code,
                "id": reuse.id,
                "title": reuse.title,
                "owner": id_of(reuse.owner, UserRef),
                "organization": id_of(reuse.organization, OrganizationRef),
                "datasets": [dataset.id for dataset in reuse.datasets],
            },
            "discussion": {
                "status": opened.status_code,
                "id": discussion.id,
                "subject": {"class": discussion.subject.class_, "id": discussion.subject.id},
                "author": id_of(discussion.user, UserRef),
            },
            "listed_by_tag": [item.id for item in by_tag.data],
        }
    )
)
