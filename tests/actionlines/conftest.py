import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _empty_page_cache():
    """Each test reads pages rendered from its own data, never one cached by another test."""
    cache.clear()
    yield
    cache.clear()
