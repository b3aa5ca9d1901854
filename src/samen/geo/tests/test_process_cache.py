"""A ProcessCache builds once, rechecks the version now and then, and never makes a reader queue behind a check."""

from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from samen.process_cache import ProcessCache


class _Tables:
    """A version to check and data to build, counting both; a check can be held halfway."""

    def __init__(self) -> None:
        self.version, self.builds, self.checks = 1, 0, 0
        self.hold = threading.Event()
        self.holding, self.release = threading.Event(), threading.Event()

    def build(self) -> str:
        self.builds += 1
        return f"data of version {self.version}"

    def check(self) -> int:
        self.checks += 1
        if self.hold.is_set():
            self.holding.set()
            assert self.release.wait(5)
        return self.version


def test_the_data_is_built_once_and_not_checked_again_within_the_recheck_time():
    tables = _Tables()
    cache = ProcessCache(tables.build, tables.check, recheck_seconds=60)
    assert [cache.get() for _ in range(3)] == ["data of version 1"] * 3
    assert (tables.builds, tables.checks) == (1, 1)


def test_after_the_recheck_time_a_new_version_is_built_and_an_unchanged_one_is_not():
    tables = _Tables()
    cache = ProcessCache(tables.build, tables.check, recheck_seconds=0)
    cache.get()
    assert cache.get() == "data of version 1" and tables.builds == 1
    tables.version = 2
    assert cache.get() == "data of version 2" and tables.builds == 2


def test_while_one_thread_checks_the_version_the_others_go_on_with_the_data_they_have():
    tables = _Tables()
    cache = ProcessCache(tables.build, tables.check, recheck_seconds=0)
    cache.get()
    tables.version = 2
    tables.hold.set()
    with ThreadPoolExecutor(1) as pool:
        checking = pool.submit(cache.get)
        assert tables.holding.wait(5)
        # The check is held halfway: this read does not wait for it.
        assert cache.get() == "data of version 1"
        tables.release.set()
        assert checking.result(5) == "data of version 2"
    assert cache.get() == "data of version 2"


def test_a_thread_without_data_waits_for_the_build_under_way():
    tables = _Tables()
    tables.hold.set()
    cache = ProcessCache(tables.build, tables.check, recheck_seconds=60)
    with ThreadPoolExecutor(2) as pool:
        first = pool.submit(cache.get)
        assert tables.holding.wait(5)
        second = pool.submit(cache.get)
        tables.release.set()
        assert first.result(5) == second.result(5) == "data of version 1"
    assert tables.builds == 1


def test_invalidate_forgets_the_data_at_once():
    tables = _Tables()
    cache = ProcessCache(tables.build, tables.check, recheck_seconds=60)
    cache.get()
    tables.version = 3
    cache.invalidate()
    assert cache.get() == "data of version 3"


@pytest.mark.django_db
def test_the_geography_tokens_and_forms_are_each_checked_with_one_plain_statement():
    """Through the ORM the three checks cost 3-15 ms of a worker's CPU every second."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from samen.geo import index
    from samen.intake import selectors
    from samen.partners import selectors as partners_selectors

    for version in (index._version, selectors._tokens_version, partners_selectors._exploitation_forms_version):
        version()  # the statement's text is built on the first call
        with CaptureQueriesContext(connection) as queries:
            version()
        assert len(queries) == 1, queries.captured_queries


@pytest.mark.django_db
def test_a_version_of_counts_and_last_keys_moves_with_a_row_added_and_with_one_removed():
    from samen.geo.models import Municipality, MunicipalityAlias
    from samen.process_cache import counts_and_last_keys

    version = counts_and_last_keys(MunicipalityAlias)
    before = version()
    zaanstad = Municipality.objects.get(name="Zaanstad")
    alias = MunicipalityAlias.objects.create(municipality=zaanstad, name="Testdorp", search_name="testdorp")
    added = version()
    assert added != before
    alias.delete()
    assert version() != added
