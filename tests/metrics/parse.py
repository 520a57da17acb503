"""Reads a Prometheus text exposition on stdin with prometheus-client's parser (the one of
Prometheus's Python client) and prints it as JSON: {"families": [{"name", "type", "help",
"unit", "samples": [{"name", "labels", "value"}]}]}. Exits non-zero on anything the parser
refuses, with its reason on stderr.

Run by the integration tests (tests/it/support/prometheus.rs), from the virtualenv that
scripts/test makes (tests/metrics/requirements.txt).
"""

import json
import math
import sys

from prometheus_client.parser import text_string_to_metric_families


def value(number):
    """Finite numbers as they are; infinities and NaN as Prometheus writes them."""
    if math.isnan(number):
        return "NaN"
    if math.isinf(number):
        return "+Inf" if number > 0 else "-Inf"
    return number


def main():
    text = sys.stdin.read()
    try:
        families = [
            {
                "name": family.name,
                "type": family.type,
                "help": family.documentation,
                "unit": family.unit,
                "samples": [
                    {
                        "name": sample.name,
                        "labels": dict(sample.labels),
                        "value": value(sample.value),
                    }
                    for sample in family.samples
                ],
            }
            for family in text_string_to_metric_families(text)
        ]
    except Exception as err:  # the parser raises ValueError, and others on odd input
        print(f"not a valid Prometheus exposition: {err!r}", file=sys.stderr)
        sys.exit(1)
    json.dump({"families": families}, sys.stdout, allow_nan=False)


if __name__ == "__main__":
    main()
