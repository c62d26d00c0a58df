import json

import pytest

from benchmarks import recipe_search


def test_parse_config_rejects_a_short_spec():
    with pytest.raises(ValueError, match="comma-separated"):
        recipe_search.parse_config("128,0.008")


def test_committed_report_matches_the_records():
    records = [json.loads(line) for line in recipe_search.RECORDS.read_text().splitlines() if line]
    assert recipe_search.summarise(records) in recipe_search.REPORT.read_text()
