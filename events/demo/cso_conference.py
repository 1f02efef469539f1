"""Warsaw, Monday to Wednesday some weeks back: the international CSO conference in English (archive)."""

from .specs import (
    ChoiceSpec,
    EventSpec,
    FormSpec,
    PartnerSpec,
    PersonSpec,
    QuestionSpec,
    RoleSpec,
    ScheduleSpec,
    SessionSpec,
    VenueSpec,
)

HEIMISSON = PersonSpec(
    "Hannes Heimisson",
    "Ambasada Islandii w Polsce",
    {"pl": "Ambasador Islandii w Polsce", "en": "Ambassador of Iceland to Poland"},
)
BO = PersonSpec(
    "Øystein Bø",
    "Ambasada Królestwa Norwegii w Polsce",
    {"pl": "Ambasador Królestwa Norwegii w Polsce", "en": "Ambassador of Norway to Poland"},
)
ALLEN = PersonSpec(
    "Kevin J. Allen",
    "UNHCR",
    {"pl": "Przedstawiciel UNHCR w Polsce", "en": "UNHCR Representative in Poland"},
    organization="unhcr-poland",
)

VENUE = VenueSpec(
    name={"pl": "Miejsce konferencji w Warszawie", "en": "Conference venue in Warsaw"},
    city="Warszawa",
    region="mazowieckie",
    directions={
        "pl": "Dokładny adres otrzymali zarejestrowani uczestnicy.",
        "en": "The exact address was sent to registered participants.",
    },
)

EVENT = EventSpec(
    slug="csos-at-the-forefront-of-refugees-support",
    organization="aktywni-obywatele-fundusz-regionalny",
    title={
        "pl": "Organizacje pozarządowe jako pierwszoplanowe wsparcie dla uchodźców – wspólne wyzwania i "
        "rozwiązania",
        "uk": "Громадські організації на передовій підтримки біженців – спільні виклики та рішення",
        "en": "CSOs at the forefront of refugees support. Common challenges and solutions",
    },
    summary={
        "pl": "Trzydniowa międzynarodowa konferencja o migracji i uchodźstwie z perspektywy organizacji "
        "społecznych, prowadzona po angielsku.",
        "uk": "Триденна міжнародна конференція англійською мовою про міграцію та біженство з погляду "
        "громадських організацій.",
        "en": "A three-day international conference, in English, on migration and refuge as civil society "
        "organizations see them.",
    },
    description={
        "pl": "Konferencja zebrała organizacje z Polski, Rumunii, Grecji, Litwy, Chorwacji, Słowenii i "
        "innych krajów, które od 2022 roku wspierają osoby uchodźcze. Sesje plenarne przeplatały się z "
        "równoległymi panelami o partnerstwach, integracji i odporności organizacji.",
        "en": "Organizations from Poland, Romania, Greece, Lithuania, Croatia, Slovenia and beyond that "
        "have supported refugees since 2022 met for plenaries and parallel panels on partnerships, "
        "integration and the resilience of civil society.",
    },
    topics=("refugee-support", "integration", "civil-society", "cross-sector-cooperation"),
    venue=VENUE,
    languages="en",
    capacity=120,
    contact_email="conference@example.org",
    schedule=ScheduleSpec(
        weekday=0, days_from_today=-60, start="09:30", end="14:00", days=3, closes_days_before=7
    ),
    report={
        "pl": "W konferencji wzięło udział ponad 100 osób. Otwarcie poprowadzili ambasadorowie Islandii i "
        "Norwegii oraz przedstawiciel UNHCR w Polsce. W panelu o partnerstwach międzysektorowych Miejska "
        "Biblioteka Publiczna w Chrzanowie opowiedziała o projekcie „Razem w bibliotece” dla osób z Ukrainy "
        "i mieszkańców gminy; głos zabrali też przedstawiciele Stowarzyszenia Homo Faber, Fundacji Zagłębie "
        "Folkloru, rumuńskiej Asociatia Comunitatile Viitorului i Centrum Współpracy Międzynarodowej "
        "lubelskiego ratusza. Rozmowa dotyczyła wniosków z dotychczasowej pracy, barier w integracji i "
        "tego, co trzeba jeszcze zmienić. Publiczność aktywnie dzieliła się własnymi "
        "doświadczeniami.\n\nZdjęcia i materiały opublikował organizator na swoim kanale.",
        "uk": "У конференції взяли участь понад 100 осіб з багатьох країн. Учасники обговорили уроки "
        "підтримки біженців, бар’єри інтеграції та міжсекторальні партнерства.",
        "en": "More than 100 people took part. The ambassadors of Iceland and Norway and the UNHCR "
        "Representative in Poland opened the conference. In the panel on cross-sector partnerships the "
        "Chrzanów public library presented its project “Together in the library” for people from Ukraine "
        "and local residents, alongside Homo Faber, Zagłębie Folkloru, Asociatia Comunitatile Viitorului "
        "(Romania) and Lublin City Hall's international cooperation centre. The audience joined in with "
        "their own experience and questions.\n\nPhotos and materials are on the organizer's channel.",
    },
    partners=(
        PartnerSpec(
            "fundusze-eog",
            "funder",
            {
                "pl": "Program Aktywni Obywatele – Fundusz Regionalny, finansowany z Funduszy EOG",
                "en": "Active Citizens Fund – Regional, funded by the EEA Grants",
            },
        ),
        PartnerSpec("unhcr-poland", "partner"),
        PartnerSpec("mbp-chrzanow", "partner"),
        PartnerSpec("stowarzyszenie-homo-faber", "partner"),
        PartnerSpec("fundacja-zaglebie-folkloru", "partner"),
        PartnerSpec("asociatia-comunitatile-viitorului", "partner"),
        PartnerSpec("um-lublin-centrum-wspolpracy-miedzynarodowej", "partner"),
    ),
    tracks=({"pl": "Sala plenarna", "en": "Plenary hall"}, {"pl": "Sala panelowa", "en": "Panel room"}),
    sessions=(
        SessionSpec(
            {"pl": "Rejestracja", "en": "Registration"}, "registration", "09:30", "10:00", language="en"
        ),
        SessionSpec(
            {"pl": "Otwarcie konferencji", "en": "Opening of the conference"},
            "opening",
            "10:00",
            "10:45",
            language="en",
            track="Sala plenarna",
            roles=(
                RoleSpec(HEIMISSON, "honorary_guest"),
                RoleSpec(BO, "honorary_guest"),
                RoleSpec(ALLEN, "honorary_guest"),
            ),
        ),
        SessionSpec(
            {
                "pl": "Partnerstwa międzysektorowe na rzecz integracji i włączenia społecznego",
                "en": "Cross-sector partnerships for integration and social inclusion",
            },
            "panel",
            "11:00",
            "12:30",
            language="en",
            track="Sala panelowa",
            description={
                "pl": "Biblioteka, organizacje pozarządowe i samorząd o tym, czego nauczyły ich wspólne "
                "działania z osobami uchodźczymi i mieszkańcami.",
                "en": "A library, NGOs and a city hall on what working together with refugees and local "
                "residents has taught them.",
            },
        ),
        SessionSpec(
            {
                "pl": "Rola organizacji społecznych w pierwszej odpowiedzi na kryzys",
                "en": "Civil society in the first response to the crisis",
            },
            "panel",
            "11:00",
            "12:30",
            language="en",
            track="Sala plenarna",
        ),
        SessionSpec({"pl": "Lunch", "en": "Lunch"}, "meal", "12:30", "13:30", language="en"),
        SessionSpec(
            {
                "pl": "Sesja plenarna: od pomocy doraźnej do długofalowej integracji",
                "en": "Plenary: from emergency aid to long-term integration",
            },
            "panel",
            "09:30",
            "11:00",
            day=1,
            language="en",
            track="Sala plenarna",
        ),
        SessionSpec(
            {
                "pl": "Organizacje tworzone przez osoby uchodźcze i migranckie",
                "en": "Refugee-led and migrant-led organizations",
            },
            "panel",
            "11:30",
            "13:00",
            day=1,
            language="en",
            track="Sala panelowa",
        ),
        SessionSpec(
            {
                "pl": "Odporność organizacji i dobrostan zespołów",
                "en": "Organizational resilience and staff well-being",
            },
            "panel",
            "11:30",
            "13:00",
            day=1,
            language="en",
            track="Sala plenarna",
        ),
        SessionSpec(
            {"pl": "Wnioski i zamknięcie konferencji", "en": "Conclusions and closing"},
            "other",
            "10:00",
            "12:00",
            day=2,
            language="en",
            track="Sala plenarna",
        ),
    ),
    form=FormSpec(
        intro={
            "pl": "Konferencja odbywa się po angielsku.",
            "uk": "Конференція відбувається англійською мовою.",
            "en": "The conference is held in English.",
        },
        confirmation_message={"pl": "Dziękujemy za rejestrację.", "en": "Thank you for registering."},
        asks_interpretation=False,
        questions=(
            QuestionSpec(
                {"pl": "Kraj", "uk": "Країна", "en": "Country"},
                "short_text",
                required=True,
                max_length=100,
                per_person=True,
            ),
            QuestionSpec(
                {"pl": "Rodzaj organizacji", "en": "Type of organization"},
                "dropdown",
                required=True,
                choices=(
                    ChoiceSpec({"pl": "Organizacja społeczna", "en": "Civil society organization"}),
                    ChoiceSpec(
                        {"pl": "Samorząd lub instytucja publiczna", "en": "Local or public authority"}
                    ),
                    ChoiceSpec({"pl": "Organizacja międzynarodowa", "en": "International organization"}),
                    ChoiceSpec({"pl": "Inna", "en": "Other"}),
                ),
            ),
        ),
    ),
)
