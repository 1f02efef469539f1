"""The demo's pictures and registrants-only document, drawn in code with Pillow: nothing is downloaded.

They stand in for what the announcements show: KOMM's header photo (with its credit), the CSO conference's
report photos, organization logos and speaker photos. Logos and portraits are plain initials on a colour,
never an imitation of a real logo or face. Everything goes through the upload fields organizers use.
"""

import hashlib
import io
from dataclasses import dataclass

from django.core.files.base import ContentFile
from PIL import Image, ImageDraw, ImageFont

from agenda.models import Person
from events.models import Event, ReportPhoto
from organizations.models import Organization

from .specs import Text

PALETTE = ("#1f5f8b", "#2a7f62", "#8c4a2f", "#6b4c9a", "#a23b5b", "#3d6b35", "#9a6a00", "#2f4f6f")


@dataclass(frozen=True)
class HeaderImage:
    alt: Text
    credit: str
    colours: tuple[str, str]


@dataclass(frozen=True)
class ReportPhotoSpec:
    caption: Text
    colours: tuple[str, str]
    credit: str = ""


HEADER_IMAGES = {
    # The announcement credits its header photo: "Zdjęcie nagłówkowe: Adam Jaremko".
    "komm-iii-spotkanie-koalicji": HeaderImage(
        alt={
            "pl": "Kolorowe koła połączone liniami – sieć organizacji koalicji",
            "uk": "Кольорові кола, з’єднані лініями, – мережа організацій коаліції",
            "en": "Coloured circles joined by lines: the coalition's network of organizations",
        },
        credit="Adam Jaremko",
        colours=("#1f5f8b", "#f2b134"),
    ),
}

REPORT_PHOTOS = {
    "csos-at-the-forefront-of-refugees-support": (
        ReportPhotoSpec(
            {"pl": "Sesja plenarna pierwszego dnia", "en": "The first day's plenary session"},
            ("#2f4f6f", "#e0a458"),
            credit="Aktywni Obywatele – Fundusz Regionalny",
        ),
        ReportPhotoSpec(
            {"pl": "Panel o partnerstwach międzysektorowych", "en": "The panel on cross-sector partnerships"},
            ("#6b4c9a", "#f4d35e"),
            credit="Aktywni Obywatele – Fundusz Regionalny",
        ),
        ReportPhotoSpec(
            {"pl": "Rozmowy w przerwie", "en": "Talking during the break"},
            ("#2a7f62", "#f7ede2"),
            credit="Aktywni Obywatele – Fundusz Regionalny",
        ),
        ReportPhotoSpec(
            {"pl": "Uczestniczki i uczestnicy z wielu krajów", "en": "Participants from many countries"},
            ("#a23b5b", "#ffd6a5"),
            credit="Aktywni Obywatele – Fundusz Regionalny",
        ),
    ),
}

# The lines printed on each demo document (AttachmentSpec.document names one).
DOCUMENTS = {
    "kielce-materialy": (
        "Otwarte Miasta i Wsie – Kielce",
        "Materiały z warsztatów dla uczestników spotkania",
        "",
        "1. Mapuj Pomoc – jak dodać swoją organizację do mapy",
        "2. Dezinformacja w czasach kryzysu – lista kontrolna",
        "",
        "Dokument przykładowy wygenerowany przez portal.",
    ),
}


def add_logos(organizations: list[Organization]) -> None:
    """An initials badge for every demo organization that has no logo yet."""
    for organization in organizations:
        if not organization.logo:
            organization.logo = _initials_badge(organization.name, size=(400, 200), transparent=True)
            organization.save(update_fields=["logo", "logo_width", "logo_height", "updated_at"])


def add_portraits(people: list[Person]) -> None:
    """A portrait placeholder (initials on a colour) for the speakers whose page has a bio."""
    for person in people:
        if person.bio and not person.photo:
            person.photo = _initials_badge(person.name, size=(480, 480), transparent=False)
            person.save(update_fields=["photo", "photo_width", "photo_height", "updated_at"])


def add_event_pictures(event: Event) -> None:
    """The header image and the report gallery the event's announcement has, where they are missing."""
    header = HEADER_IMAGES.get(event.slug)
    if header and not event.image:
        event.image = _network_picture(header.colours)
        event.image_credit = header.credit
        for language, text in _by_language(header.alt).items():
            setattr(event, f"image_alt_{language}", text)
        event.save()
    photos = REPORT_PHOTOS.get(event.slug, ())
    if photos and not event.report_photos.exists():
        for order, spec in enumerate(photos):
            captions = {f"caption_{language}": text for language, text in _by_language(spec.caption).items()}
            ReportPhoto.objects.create(
                event=event,
                image=_hall_picture(spec.colours, seed=order),
                credit=spec.credit,
                order=order,
                **captions,
            )


def document_file(key: str) -> ContentFile:
    """A one-page PDF for a demo attachment, drawn as an image and saved by Pillow's PDF writer."""
    page = Image.new("L", (827, 1169), "white")  # A4 at 100 dpi
    draw = ImageDraw.Draw(page)
    top = 90
    for number, line in enumerate(DOCUMENTS[key]):
        draw.text((80, top), line, fill=33, font=_font(30 if number == 0 else 20))
        top += 52 if number == 0 else 34
    buffer = io.BytesIO()
    page.save(buffer, "PDF", resolution=100)
    return ContentFile(buffer.getvalue(), name=f"{key}.pdf")


def _by_language(text: Text) -> dict[str, str]:
    return {"pl": text} if isinstance(text, str) else text


def _font(size: int) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)


def _colour_for(name: str) -> str:
    return PALETTE[hashlib.sha256(name.encode()).digest()[0] % len(PALETTE)]


def _initials(name: str) -> str:
    words = [word for word in name.replace("(", " ").replace("–", " ").split() if word[:1].isalpha()]
    return "".join(word[0].upper() for word in words[:3]) or "?"


def _saved(image: Image.Image, image_format: str, name: str) -> ContentFile:
    buffer = io.BytesIO()
    image.save(buffer, image_format, **({"quality": 85} if image_format == "JPEG" else {}))
    return ContentFile(buffer.getvalue(), name=name)


def _initials_badge(name: str, *, size: tuple[int, int], transparent: bool) -> ContentFile:
    width, height = size
    image = Image.new("RGBA" if transparent else "RGB", size, (0, 0, 0, 0) if transparent else "#e9ecef")
    draw = ImageDraw.Draw(image)
    colour = _colour_for(name)
    if transparent:
        draw.rounded_rectangle((0, 0, width - 1, height - 1), radius=height // 5, fill=colour)
    else:
        draw.ellipse((width * 0.1, height * 0.1, width * 0.9, height * 0.9), fill=colour)
    draw.text(
        (width / 2, height / 2), _initials(name), fill="white", font=_font(int(height * 0.42)), anchor="mm"
    )
    return _saved(image, "PNG" if transparent else "JPEG", "picture.png" if transparent else "picture.jpg")


def _network_picture(colours: tuple[str, str]) -> ContentFile:
    """A wide banner: circles (the coalition's organizations) joined by lines on a dark ground."""
    width, height = 1600, 640
    ground, accent = colours
    image = Image.new("RGB", (width, height), ground)
    draw = ImageDraw.Draw(image)
    points = [
        (120 + (index * 211) % (width - 240), 90 + (index * 137) % (height - 180)) for index in range(14)
    ]
    for index, (x, y) in enumerate(points):
        for other_x, other_y in points[index + 1 : index + 3]:
            draw.line((x, y, other_x, other_y), fill="#ffffff", width=3)
    for index, (x, y) in enumerate(points):
        radius = 22 + (index * 7) % 30
        draw.ellipse(
            (x - radius, y - radius, x + radius, y + radius), fill=accent if index % 3 else "#ffffff"
        )
    return _saved(image, "JPEG", "header.jpg")


def _hall_picture(colours: tuple[str, str], *, seed: int) -> ContentFile:
    """A conference hall as shapes: a lit stage and rows of heads, different for each seed."""
    width, height = 1200, 800
    wall, light = colours
    image = Image.new("RGB", (width, height), wall)
    draw = ImageDraw.Draw(image)
    stage_left = 220 + seed * 70
    draw.rectangle((stage_left, 90, stage_left + 520, 390), fill=light)
    draw.rectangle((stage_left + 30, 120, stage_left + 490, 315), fill="#ffffff")
    for row in range(5):
        y = 465 + row * 72
        for column in range(14):
            x = 45 + column * 84 + (row % 2) * 42
            radius = 22 + row * 3
            shade = 40 + ((row * 14 + column + seed) * 37) % 90
            draw.ellipse((x - radius, y - radius, x + radius, y + radius), fill=(shade, shade, shade + 20))
    return _saved(image, "JPEG", "photo.jpg")
