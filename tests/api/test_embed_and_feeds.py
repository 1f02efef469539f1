import pytest
from django.core.exceptions import ValidationError

from events.models import Event
from organizations.models import Membership
from organizations.permissions import ensure_organizer_group
from tests.factories import EventFactory, MembershipFactory, OrganizationFactory, SeriesFactory

pytestmark = pytest.mark.django_db


def frame_ancestors(response) -> str:
    policy = dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";"))
    return policy["frame-ancestors"]


def test_embed_lists_upcoming_events_and_may_be_framed_by_the_organizations_sites(client):
    organization = OrganizationFactory(embed_origins="https://www.krakow.pl\nhttp://localhost:8123")
    event = EventFactory(organization=organization, title="Spotkanie w Krakowie")
    EventFactory(organization=organization, status=Event.Status.DRAFT, title="Szkic")

    response = client.get(f"/embed/organizations/{organization.slug}/")
    page = client.get(f"/organizations/{organization.slug}/")

    html = response.content.decode()
    assert response.status_code == 200
    assert "Spotkanie w Krakowie" in html and "Szkic" not in html
    assert f'href="http://127.0.0.1:8000/events/{event.slug}/"' in html
    assert frame_ancestors(response) == "https://www.krakow.pl http://localhost:8123"
    assert "X-Frame-Options" not in response
    assert frame_ancestors(page) == "'none'"
    assert page["X-Frame-Options"] == "DENY"


def test_embed_without_named_sites_may_be_framed_anywhere_and_series_embed_follows_its_organization(client):
    series = SeriesFactory(organization=OrganizationFactory(embed_origins="https://koalicja.example.org"))
    EventFactory(organization=series.organization, series=series, title="Spotkanie cyklu")
    open_organization = OrganizationFactory()

    series_embed = client.get(f"/embed/series/{series.slug}/")
    open_embed = client.get(f"/uk/embed/organizations/{open_organization.slug}/")

    assert "Spotkanie cyklu" in series_embed.content.decode()
    assert frame_ancestors(series_embed) == "https://koalicja.example.org"
    assert frame_ancestors(open_embed) == "*"
    assert 'lang="uk"' in open_embed.content.decode()


def test_embed_origins_accept_only_bare_site_addresses():
    organization = OrganizationFactory.build(embed_origins="https://ok.example.org/path")

    with pytest.raises(ValidationError) as error:
        organization.full_clean(exclude=["slug", "logo"])

    assert "embed_origins" in error.value.message_dict


def test_organization_admin_shows_the_copy_paste_snippet(client):
    owner = MembershipFactory(role=Membership.Role.OWNER)
    ensure_organizer_group().user_set.add(owner.user)
    client.force_login(owner.user)

    html = client.get(f"/admin/organizations/organization/{owner.organization.pk}/change/").content.decode()

    expected = f"/embed/organizations/{owner.organization.slug}/"
    assert f"&lt;iframe src=&quot;http://127.0.0.1:8000{expected}&quot;" in html


@pytest.mark.parametrize("suffix", ["rss", "atom"])
def test_feeds_list_upcoming_public_events_beside_the_ical_feeds(client, suffix):
    organization = OrganizationFactory()
    event = EventFactory(organization=organization, title="Spotkanie kwartalne")
    EventFactory(status=Event.Status.DRAFT, organization=organization, title="Szkic")
    other = EventFactory(title="Inne wydarzenie")

    everything = client.get(f"/calendar/events.{suffix}").content.decode()
    own = client.get(f"/organizations/{organization.slug}/events.{suffix}")
    page = client.get(f"/organizations/{organization.slug}/").content.decode()

    assert "Spotkanie kwartalne" in everything and other.title in everything and "Szkic" not in everything
    assert own["Content-Type"].startswith(f"application/{suffix}+xml")
    body = own.content.decode()
    assert f"http://127.0.0.1:8000/events/{event.slug}/" in body
    assert other.title not in body
    assert f'href="/organizations/{organization.slug}/events.{suffix}"' in page
