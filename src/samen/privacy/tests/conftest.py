import pytest


@pytest.fixture
def world(db):
    from samen.privacy.tests.world import build_world

    return build_world()
