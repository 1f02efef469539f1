"""Kielce, a Tuesday: the first meeting of the campaign "Otwarte Miasta i Wsie"."""

from .specs import (
    AttachmentSpec,
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

MILOWSKA = PersonSpec(
    "Monika Miłowska",
    "Fundacja CultureLab / Mapuj Pomoc",
    "Prezeska Fundacji CultureLab",
    organization="fundacja-culturelab",
    bio={
        "pl": "Prezeska Fundacji CultureLab, która prowadzi kampanię „Otwarte Miasta i Wsie” i narzędzie "
        "Mapuj Pomoc. Otwiera spotkanie w Kielcach.",
        "uk": "Голова Фундації CultureLab, яка веде кампанію «Відкриті міста і села» та інструмент "
        "Mapuj Pomoc. Відкриває зустріч у Кельцах.",
        "en": "President of the CultureLab Foundation, which runs the “Open Cities and Villages” campaign "
        "and the Mapuj Pomoc tool. She opens the meeting in Kielce.",
    },
)
WENTA = PersonSpec(
    "Bogdan Wenta", "Urząd Miasta Kielce", "Prezydent Miasta Kielce", organization="urzad-miasta-kielce"
)
ZWARYCZ = PersonSpec("Wasyl Zwarycz", "Ambasada Ukrainy w Polsce", "Ambasador Ukrainy w Polsce")
OBEIDAT = PersonSpec(
    "Enas Obeidat",
    "UNICEF Refugee Response Office in Poland",
    "Deputy Country Coordinator",
    organization="unicef-poland",
)
IOM_REPRESENTATIVE = PersonSpec(
    "Przedstawiciel(ka) IOM",
    "Międzynarodowa Organizacja ds. Migracji (IOM)",
    organization="iom-poland",
)
FIJOLEK = PersonSpec(
    "Tomasz Fijołek",
    "Unia Metropolii Polskich",
    "Dyrektor Zarządzający UMP",
    organization="unia-metropolii-polskich",
)
PORAWSKI = PersonSpec(
    "Andrzej Porawski", "Związek Miast Polskich", "Dyrektor Biura", organization="zwiazek-miast-polskich"
)
KUBALSKI = PersonSpec(
    "Grzegorz P. Kubalski",
    "Związek Powiatów Polskich",
    "Zastępca Dyrektora Biura",
    organization="zwiazek-powiatow-polskich",
)
BOCHENEK = PersonSpec(
    "Julia Bochenek",
    "Fundacja CultureLab / Mapuj Pomoc",
    organization="fundacja-culturelab",
    bio={
        "pl": "Z zespołu Mapuj Pomoc w Fundacji CultureLab. W Kielcach prowadzi warsztat o Mapuj Pomoc jako "
        "narzędziu społecznej odpowiedzialności administracji publicznej.",
        "uk": "З команди Mapuj Pomoc у Фундації CultureLab. У Кельцах проводить воркшоп про Mapuj Pomoc як "
        "інструмент соціальної відповідальності публічної адміністрації.",
        "en": "Part of the Mapuj Pomoc team at the CultureLab Foundation. In Kielce she leads the workshop "
        "on Mapuj Pomoc as a tool of public administration's social responsibility.",
    },
)
SZULIK_SZARECKI = PersonSpec(
    "Szulik-Szarecki", "Fundacja Schumana / Wojownicy Klawiatury", organization="fundacja-schumana"
)

VENUE = VenueSpec(
    name="Urząd Miasta Kielce",
    address="Rynek 1",
    postal_code="25-303",
    city="Kielce",
    region="swietokrzyskie",
    directions={
        "pl": "Ratusz stoi przy Rynku, w ścisłym centrum. Z dworca PKP i dworca autobusowego dojdziesz "
        "pieszo w około 15 minut ulicą Sienkiewicza. W okolicy Rynku obowiązuje strefa płatnego parkowania.",
        "en": "The town hall is on the Market Square in the city centre, about 15 minutes on foot from the "
        "railway and bus stations along Sienkiewicza street. Parking nearby is paid.",
    },
)

EVENT = EventSpec(
    slug="otwarte-miasta-i-wsie-kielce",
    organization="fundacja-culturelab",
    series="otwarte-miasta-i-wsie",
    title={
        "pl": "Otwarte Miasta i Wsie – pierwsze spotkanie kampanii w Kielcach",
        "uk": "Відкриті міста і села – перша зустріч кампанії в Кельцях",
        "en": "Open Cities and Villages – the campaign's first meeting in Kielce",
    },
    summary={
        "pl": "Dyrektorzy i pracownicy ośrodków pomocy społecznej, urzędów pracy i organizacji "
        "pozarządowych spotykają się, by wymienić się wiedzą o wsparciu dla osób uchodźczych i otworzyć "
        "kampanię.",
        "uk": "Керівники та працівники соціальних служб, центрів зайнятості та громадських організацій "
        "зустрічаються, щоб обмінятися досвідом підтримки біженців і відкрити кампанію.",
        "en": "Heads and staff of social welfare centres, job centres and NGOs meet to share what they know "
        "about supporting refugees and to open the campaign.",
    },
    description={
        "pl": "Spotkanie w Kielcach otwiera cykl regionalnych spotkań kampanii **„Otwarte miasta i wsie – "
        "mapowanie i współpraca dla Ukrainy”**, którą Fundacja CultureLab prowadzi razem z Urzędem Miasta "
        "Kielce, a patronatem głównym objęła ją Unia Metropolii Polskich.\n\nPrzedstawimy plan kampanii i "
        "kolejnych spotkań, podsumujemy to, co w regionie zrobiono dotąd dla osób uchodźczych, a w debacie "
        "porozmawiamy o tym, jak globalne wyzwania wyglądają z perspektywy metropolii, miast, miasteczek i "
        "wsi. Po przerwie – dwa krótkie warsztaty: o narzędziu Mapuj Pomoc i o rozpoznawaniu dezinformacji.",
        "en": "The Kielce meeting opens the regional cycle of the campaign “Open Cities and Villages – "
        "mapping and cooperation for Ukraine”, run by the CultureLab Foundation with Kielce City Hall under "
        "the main patronage of the Union of Polish Metropolises. We present the campaign plan, sum up what "
        "the region has done for refugees so far, debate local answers to global challenges and close with "
        "two short workshops.",
    },
    goals={
        "pl": "- wymiana informacji, które usprawnią wsparcie osób uchodźczych z Ukrainy,\n- zbudowanie "
        "bazy kontaktów między instytucjami i organizacjami regionu,\n- łatwiejszy przepływ informacji we "
        "współpracy międzysektorowej.",
        "en": "- share information that makes support for refugees from Ukraine work better,\n- build a "
        "network of contacts across the region's institutions and NGOs,\n- make information flow more "
        "easily between sectors.",
    },
    topics=("refugee-support", "cross-sector-cooperation", "local-government", "disinformation"),
    venue=VENUE,
    languages="pl",
    capacity=120,
    contact_email="otwartemiasta@example.org",
    schedule=ScheduleSpec(weekday=1, days_from_today=21, start="09:30", end="13:30", closes_days_before=1),
    partners=(
        PartnerSpec("urzad-miasta-kielce", "co_organizer"),
        PartnerSpec("unia-metropolii-polskich", "main_patron", {"pl": "Patron główny kampanii"}),
    ),
    attachments=(
        AttachmentSpec(
            {"pl": "Agenda spotkania (PDF)", "uk": "Програма зустрічі (PDF)", "en": "Meeting agenda (PDF)"},
            "https://example.org/otwarte-miasta-i-wsie/kielce-agenda.pdf",
        ),
        AttachmentSpec(
            {
                "pl": "Materiały z warsztatów (dla uczestników)",
                "uk": "Матеріали з воркшопів (для учасників)",
                "en": "Workshop materials (for participants)",
            },
            is_public=False,
            document="kielce-materialy",
        ),
    ),
    sessions=(
        SessionSpec(
            {"pl": "Rejestracja i networking", "en": "Registration and networking"},
            "registration",
            "09:30",
            "10:00",
        ),
        SessionSpec(
            {"pl": "Oficjalne otwarcie spotkania", "en": "Official opening"},
            "opening",
            "10:00",
            "10:05",
            roles=(RoleSpec(MILOWSKA, "speaker"), RoleSpec(WENTA, "speaker")),
        ),
        SessionSpec(
            {
                "pl": "Prezentacja spotu otwierającego kampanię „Mapowanie pomocy”",
                "en": "Premiere of the campaign video “Mapping help”",
            },
            "other",
            "10:05",
            "10:15",
        ),
        SessionSpec(
            {"pl": "Wystąpienia gości honorowych", "en": "Honorary guests"},
            "keynote",
            "10:15",
            "11:00",
            roles=(
                RoleSpec(ZWARYCZ, "honorary_guest", False, "Solidarność Polaków na rzecz Ukraińców"),
                RoleSpec(
                    OBEIDAT, "honorary_guest", True, "Współpraca i partnerstwa UNICEF z miastami w Polsce"
                ),
                RoleSpec(IOM_REPRESENTATIVE, "honorary_guest", False, "Pomoc humanitarna i integracja"),
            ),
        ),
        SessionSpec(
            {
                "pl": "Debata: Globalne wyzwania – lokalne działania. Perspektywa metropolii, miast, "
                "miasteczek i wsi",
                "en": "Debate: Global challenges, local action – the view from metropolises, towns and "
                "villages",
            },
            "debate",
            "11:00",
            "11:55",
            description="Przedstawiciele związków samorządowych i gospodarz spotkania rozmawiają o tym, "
            "czym różni się pomoc osobom uchodźczym w dużym mieście, w powiecie i w gminie wiejskiej, i "
            "czego każdy z tych szczebli potrzebuje od pozostałych.",
            roles=(
                RoleSpec(FIJOLEK, "panelist"),
                RoleSpec(PORAWSKI, "panelist"),
                RoleSpec(KUBALSKI, "panelist", confirmed=False),
                RoleSpec(WENTA, "panelist"),
                RoleSpec(MILOWSKA, "moderator"),
            ),
        ),
        SessionSpec(
            {
                "pl": "Solidarne działania i potrzeba współpracy międzysektorowej – partnerstwa w czasach "
                "kryzysu",
                "en": "Acting together: cross-sector partnerships in times of crisis",
            },
            "talk",
            "11:50",
            "12:00",
            roles=(RoleSpec(MILOWSKA, "speaker"),),
        ),
        SessionSpec({"pl": "Przerwa kawowa", "en": "Coffee break"}, "break", "12:00", "12:15"),
        SessionSpec(
            {
                "pl": "Mapuj Pomoc – narzędzie społecznej odpowiedzialności administracji publicznej",
                "en": "Mapuj Pomoc – a social responsibility tool for public administration",
            },
            "workshop",
            "12:15",
            "12:45",
            description="Jak zaznaczyć na mapie punkty pomocy w swojej gminie i jak korzystać z mapy, "
            "kierując osoby uchodźcze do właściwego miejsca.",
            roles=(RoleSpec(BOCHENEK, "host"),),
        ),
        SessionSpec(
            {
                "pl": "Dezinformacja w czasach kryzysu – stop fake newsom",
                "en": "Disinformation in times of crisis – stop fake news",
            },
            "workshop",
            "12:45",
            "13:15",
            description="Praktyczne sposoby rozpoznawania fałszywych informacji, które krążą wokół wojny i "
            "pomocy uchodźcom.",
            roles=(RoleSpec(SZULIK_SZARECKI, "host"),),
        ),
        SessionSpec(
            {"pl": "Wspólne zdjęcie i zakończenie spotkania", "en": "Group photo and closing"},
            "other",
            "13:15",
            "13:30",
        ),
    ),
    form=FormSpec(
        intro={
            "pl": "Spotkanie jest bezpłatne. Zarejestruj się, żebyśmy mogli przygotować salę i materiały.",
            "en": "The meeting is free of charge. Register so that we can prepare the room and materials.",
        },
        confirmation_message={
            "pl": "Dziękujemy! Do zobaczenia w Kielcach.",
            "uk": "Дякуємо! До зустрічі в Кельцях.",
            "en": "Thank you! See you in Kielce.",
        },
        questions=(
            QuestionSpec(
                {"pl": "Gdzie pracujesz?", "uk": "Де ви працюєте?", "en": "Where do you work?"},
                "single_choice",
                required=True,
                per_person=True,
                choices=(
                    ChoiceSpec({"pl": "Ośrodek pomocy społecznej / rodzinie", "en": "Social welfare centre"}),
                    ChoiceSpec({"pl": "Urząd pracy", "en": "Job centre"}),
                    ChoiceSpec({"pl": "Urząd gminy, miasta lub powiatu", "en": "Local government office"}),
                    ChoiceSpec({"pl": "Organizacja pozarządowa", "en": "NGO"}),
                    ChoiceSpec({"pl": "Inne", "uk": "Інше", "en": "Other"}),
                ),
            ),
            QuestionSpec(
                {
                    "pl": "Pytanie do uczestników debaty (opcjonalnie)",
                    "en": "A question for the debate panel (optional)",
                },
                "long_text",
                max_length=1000,
            ),
        ),
    ),
)
