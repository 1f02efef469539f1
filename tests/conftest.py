import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _polish_by_default():
    """Each test starts in the site's default language, whatever the previous test activated."""
    with translation.override("pl"):
        yield
