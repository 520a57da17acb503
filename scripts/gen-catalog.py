#!/usr/bin/env python3
"""Writes a udata dataset CSV export of N rows (data.gouv.fr's layout), reproducibly from a seed.

Usage: scripts/gen-catalog.py N [--seed S] [--orgs K] > catalog.csv
"""
import argparse
import csv
import random
import sys

HEADER = ("id;title;slug;acronym;url;organization;organization_id;owner;owner_id;description;"
          "description_short;frequency;license;temporal_coverage.start;temporal_coverage.end;"
          "spatial.granularity;spatial.zones;spatial.geom;featured;created_at;last_modified;badges;"
          "tags;archived;resources_count;main_resources_count;resources_formats;harvest.backend;"
          "harvest.domain;harvest.remote_id;harvest.remote_url;harvest.uri;harvest.created_at;"
          "harvest.issued_at;harvest.modified_at;harvest.last_update;harvest.dct_identifier;"
          "quality_score;metric.discussions;metric.reuses;metric.followers;metric.views").split(";")

SUBJECTS = ["Qualité de l'air", "Bornes de recharge", "Accidents corporels", "Budget primitif",
            "Horaires des transports", "Équipements sportifs", "Prix des carburants", "Vaccination",
            "Consommation électrique", "Population légale", "Marchés publics", "Arbres d'alignement"]
PLACES = ["Lyon", "Paris", "Marseille", "Lille", "Nantes", "Bordeaux", "Toulouse", "Rennes",
          "Strasbourg", "Nice", "Montpellier", "Grenoble", "France"]
TAGS = ["environnement", "transport", "sante", "budget", "energie", "sport", "covid", "mobilite",
        "population", "finances", "air", "eau", "education", "logement"]
FREQUENCIES = ["daily", "weekly", "monthly", "annual", "irregular", "punctual"]
LICENSES = ["lov2", "odc-odbl", "cc-by", "fr-lo"]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("rows", type=int)
    parser.add_argument("--seed", type=int, default=42)
    parser.add_argument("--orgs", type=int, default=500)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    orgs = [(f"{rng.getrandbits(96):024x}", f"Organisation {i} de {rng.choice(PLACES)}")
            for i in range(args.orgs)]
    out = csv.writer(sys.stdout, delimiter=";", quoting=csv.QUOTE_ALL, lineterminator="\n")
    out.writerow(HEADER)
    for i in range(args.rows):
        org_id, org_name = rng.choice(orgs)
        title = f"{rng.choice(SUBJECTS)} — {rng.choice(PLACES)} ({i})"
        slug = f"dataset-{i}"
        day = rng.randint(1, 28)
        month = rng.randint(1, 12)
        year = rng.randint(2014, 2024)
        row = {name: "" for name in HEADER}
        row.update({
            "id": f"{rng.getrandbits(96):024x}",
            "title": title,
            "slug": slug,
            "url": f"https://www.data.gouv.fr/fr/datasets/{slug}/",
            "organization": org_name,
            "organization_id": org_id,
            "description": f"{title}.\n\nJeu de données publié par {org_name}.",
            "description_short": title,
            "frequency": rng.choice(FREQUENCIES),
            "license": rng.choice(LICENSES),
            "featured": "False",
            "created_at": f"{year}-{month:02d}-{day:02d}T09:00:00",
            "last_modified": f"{year + 1}-{month:02d}-{day:02d}T18:00:00",
            "tags": ",".join(sorted(rng.sample(TAGS, rng.randint(1, 4)))),
            "archived": "False",
            "resources_count": "1",
            "metric.discussions": "0", "metric.reuses": "0",
            "metric.followers": "0", "metric.views": "0",
        })
        out.writerow([row[name] for name in HEADER])


if __name__ == "__main__":
    main()
