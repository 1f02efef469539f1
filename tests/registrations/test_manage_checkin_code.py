import pytest

from registrations import services, tokens
from registrations.tokens import manage_path_for
from tests.factories import EventFactory

from ._registration_data import consent, person

pytestmark = pytest.mark.django_db


def test_manage_page_shows_the_check_in_qr_code_to_confirmed_people(client):
    registration = services.register(event=EventFactory(), contact=person(), consent=consent()).registration

    page = client.get(manage_path_for(registration)).content.decode()

    section = page[page.index('id="checkin-code"') :]
    assert section.index("<svg") < section.index("</section>")
    assert "<script" not in section[: section.index("</section>")]
    assert tokens.checkin_code(registration) in section


def test_manage_page_has_no_check_in_code_while_waitlisted(client):
    event = EventFactory(capacity=1)
    services.register(event=event, contact=person(1), consent=consent())
    waiting = services.register(event=event, contact=person(2), consent=consent()).registration

    page = client.get(manage_path_for(waiting)).content.decode()

    assert waiting.status == "waitlisted"
    assert 'id="checkin-code"' not in page
    assert tokens.checkin_code(waiting) not in page
