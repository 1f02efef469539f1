"""The pictures people expect on public pages, each with its size set and loaded lazily below the top."""

import re

import pytest
from django.urls import reverse

from events.models import EventPartner, ReportPhoto
from tests.factories import (
    EventFactory,
    EventPartnerFactory,
    OrganizationFactory,
    PersonFactory,
    SessionRoleFactory,
    in_days,
)
from tests.uploads import image_bytes, upload

pytestmark = pytest.mark.django_db


def _img_tags(html: str) -> list[str]:
    return re.findall(r"<img [^>]*>", html)


def _with_logo(organization):
    organization.logo = upload("logo.png", image_bytes(600, 300, image_format="PNG", mode="RGBA"))
    organization.save()
    return organization


def test_event_page_shows_the_header_image_with_its_credit_and_size(client):
    event = EventFactory(image_alt="Uczestnicy spotkania przy stole", image_credit="Adam Jaremko")
    event.image = upload("naglowek.jpg", image_bytes(3000, 2000))
    event.save()

    html = client.get(event.get_absolute_url()).content.decode()

    header = next(tag for tag in _img_tags(html) if event.image.url in tag)
    assert 'width="1600" height="1067"' in header
    assert 'alt="Uczestnicy spotkania przy stole"' in header
    assert 'fetchpriority="high"' in header and "lazy" not in header
    assert '<figcaption class="photo-credit">Fot. Adam Jaremko</figcaption>' in html


def test_event_page_shows_logos_next_to_the_organizer_and_partners(client):
    organizer = _with_logo(OrganizationFactory(name="Fundacja Ocalenie"))
    event = EventFactory(organization=organizer)
    partner = EventPartnerFactory(event=event, organization=_with_logo(OrganizationFactory()))
    EventPartnerFactory(event=event, role=EventPartner.Role.FUNDER)  # no logo: name only

    html = client.get(event.get_absolute_url()).content.decode()

    logos = [tag for tag in _img_tags(html) if "org-logo" in tag]
    assert [organizer.logo.url in logos[0], partner.organization.logo.url in logos[1]] == [True, True]
    assert len(logos) == 2
    for tag in logos:
        assert 'width="400" height="200"' in tag and 'loading="lazy"' in tag and 'alt=""' in tag


def test_event_page_without_pictures_has_no_img(client):
    event = EventFactory()

    html = client.get(event.get_absolute_url()).content.decode()

    assert _img_tags(html) == []


def test_report_gallery_shows_lazy_webp_thumbnails_linking_to_the_photos(client):
    event = EventFactory(starts_at=in_days(-30, 9), ends_at=in_days(-28, 17), report="Ponad 100 osób.")
    first = ReportPhoto.objects.create(
        event=event, image=upload("a.jpg", image_bytes(4000, 3000)), caption="Panel o mieszkalnictwie"
    )
    ReportPhoto.objects.create(event=event, image=upload("b.jpg", image_bytes(3000, 4000)), credit="CSO")

    html = client.get(event.get_absolute_url()).content.decode()

    thumbnails = [tag for tag in _img_tags(html) if ".webp" in tag]
    assert len(thumbnails) == 2
    assert 'alt="Panel o mieszkalnictwie"' in thumbnails[0] and 'width="480" height="360"' in thumbnails[0]
    assert 'alt="Zdjęcie 2 z wydarzenia"' in thumbnails[1] and 'width="360" height="480"' in thumbnails[1]
    assert all('loading="lazy"' in tag for tag in thumbnails)
    assert f'<a href="{first.image.url}">' in html
    assert "Fot. CSO" in html


def test_speaker_page_shows_the_photo_and_the_bio(client):
    person = PersonFactory(bio="Koordynatorka **programu** dla osób z Ukrainy.")
    person.photo = upload("portret.jpg", image_bytes(1200, 1600))
    person.save()
    SessionRoleFactory(person=person)

    html = client.get(reverse("events:person_detail", kwargs={"slug": person.slug})).content.decode()

    [photo] = _img_tags(html)
    assert person.photo.url in photo and 'width="450" height="600"' in photo
    assert "Koordynatorka <strong>programu</strong> dla osób z Ukrainy." in html
