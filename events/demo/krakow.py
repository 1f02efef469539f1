"""Kraków, a Wednesday and Thursday: the conference of open places.

Day 1 (index 0): parallel study visits at their hosts' own addresses, a workshop and an evening meeting.
Day 2 (index 1): the conference at Zabłocie 22 with a nested block and three parallel sessions per slot.
"""

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

DAY_1, DAY_2 = 0, 1
TRACK_A, TRACK_B, TRACK_C = "Ścieżka A", "Ścieżka B", "Ścieżka C"
VISIT_CAPACITY = 20

# Venues ---------------------------------------------------------------------------------------------------

ZABLOCIE = VenueSpec(
    name="Klaster Innowacji Społeczno-Gospodarczych Zabłocie 20.22",
    address="ul. Zabłocie 22",
    postal_code="30-701",
    city="Kraków",
    region="malopolskie",
    directions={
        "pl": "Zabłocie leży po prawej stronie Wisły, naprzeciw Kazimierza. Z Dworca Głównego dojedziesz "
        "tramwajem w stronę Zabłocia (przystanek Zabłocie) albo koleją aglomeracyjną do stacji Kraków "
        "Zabłocie, skąd do budynku jest kilka minut pieszo.",
        "en": "Zabłocie is on the right bank of the Vistula, across from Kazimierz. Take a tram to the "
        "Zabłocie stop or a suburban train to Kraków Zabłocie station; the building is a few minutes' walk "
        "away.",
    },
)
NAD_POTOKIEM = VenueSpec(
    name="Program Aktywności Lokalnej „Nad Potokiem”",
    address="ul. Józefińska 14",
    postal_code="30-529",
    city="Kraków",
    region="malopolskie",
    directions={
        "pl": "Zbiórka przy siedzibie MOPS w Krakowie; stamtąd przejdziemy razem na miejsce spotkania.",
        "en": "We meet at the Kraków social welfare centre (MOPS) office and walk to the place together.",
    },
)
KOZLOWKA = VenueSpec(
    name="Miejsce Aktywności Mieszkańców na Kozłówce",
    address="ul. Na Kozłówce 25",
    city="Kraków",
    region="malopolskie",
)
SKAWINA = VenueSpec(
    name="Miejska Biblioteka Publiczna w Skawinie",
    address="ul. Sikorskiego 18",
    postal_code="32-050",
    city="Skawina",
    region="malopolskie",
    directions={
        "pl": "Biblioteka mieści się w dawnym budynku dworca kolejowego, więc najwygodniej przyjechać "
        "pociągiem: z Krakowa Głównego jazda trwa około 25 minut, wysiadasz na stacji Skawina. Można też "
        "dojechać autobusami miejskimi z pętli Czerwone Maki lub Borek Fałęcki – wysiądź na przystanku "
        "Skawina Rynek albo Skawina Szkoła.",
        "uk": "Бібліотека розташована в колишній будівлі вокзалу: потягом з Krakow Główny близько 25 хвилин "
        "до станції Skawina. Також можна доїхати міськими автобусами від кінцевих Czerwone Maki або Borek "
        "Fałęcki до зупинки Skawina Rynek або Skawina Szkoła.",
        "en": "The library is in the former railway station, so the train is easiest: about 25 minutes from "
        "Kraków Główny to Skawina station. City buses from the Czerwone Maki or Borek Fałęcki terminals "
        "also go there – get off at Skawina Rynek or Skawina Szkoła.",
    },
)
NASZA_SCIANA = VenueSpec(
    name="Nasza Ściana – Stowarzyszenie Zacięcie",
    address="ul. Lipińskiego 2",
    city="Kraków",
    region="malopolskie",
)
DEBNI = VenueSpec(
    name="Świetlica Dębni – Fundacja Kocham Dębni",
    address="ul. Konfederacka 4",
    city="Kraków",
    region="malopolskie",
    directions={"pl": "Wejście od podwórka.", "en": "The entrance is from the courtyard."},
)
MIEJSCE_OTWARTE = VenueSpec(
    name="Miejsce Otwarte – Centrum Integracji Międzykulturowej",
    address="ul. prof. Michała Życzkowskiego 19",
    city="Kraków",
    region="malopolskie",
)

# People ---------------------------------------------------------------------------------------------------

BIS = "fundacja-biuro-inicjatyw-spolecznych"
JORDAN = PersonSpec(
    "Paweł Jordan", "Biuro Obsługi Ruchu Inicjatyw Społecznych – BORIS", organization="stowarzyszenie-boris"
)
CZARNIK = PersonSpec("Joanna Czarnik", "Biuro Inicjatyw Społecznych BIS, Kraków", organization=BIS)
MIKOLAJEWSKI = PersonSpec(
    "Krzysztof Mikołajewski",
    "Wolskie Centrum Kultury, Warszawa",
    "Dyrektor Wolskiego Centrum Kultury",
    organization="wolskie-centrum-kultury",
)
SKRZYPCZAK = PersonSpec(
    "Bohdan Skrzypczak",
    "Centrum Wspierania Aktywności Lokalnej CAL, Warszawa",
    organization="centrum-wspierania-aktywnosci-lokalnej-cal",
)
WARECKA = PersonSpec("Joanna Warecka", "Sieć Centrów Aktywności Lokalnej, Wrocław")
JASKOLOWSKI = PersonSpec(
    "Jakub Jaskółowski",
    "Centrum Komunikacji Społecznej Urzędu m.st. Warszawy",
    organization="miasto-stoleczne-warszawa",
)
GRZYMALA_MOSZCZYNSKA = PersonSpec(
    "Joanna Grzymała-Moszczyńska",
    "Uniwersytet Jagielloński",
    "dr; autorka książki „Walcz, protestuj, zmieniaj świat! Psychologia aktywizmu”",
)
GLINSKA = PersonSpec(
    "Olga Glińska",
    "Fundacja Biuro Inicjatyw Społecznych",
    "animatorka i liderka zespołu Miejsc Aktywności Mieszkańców",
    organization=BIS,
)
JANKOWSKI = PersonSpec("Wojtek Jankowski", "OWIES ESWIP", "animator, doradca; doradca JST UM Ława")
DZIEWITEK = PersonSpec("Agnieszka Dziewitek", "Fundacja Biuro Inicjatyw Społecznych (BIS)", organization=BIS)
PIKSA = PersonSpec("Iwona Piksa", "Urząd Miasta w Chrzanowie")
PANFIL = PersonSpec("Krzysztof Panfil", "Urząd Miejski w Ławie, Ośrodek Psychoedukacji")
WOLLMAN = PersonSpec("Magdalena Wollman", "Stowarzyszenie Wieś Jabłkowych Smaków, Stare Jabłonki")
MATEJKO = PersonSpec(
    "Wojciech Matejko", "Partnerstwo Otwarty Jazdów", organization="partnerstwo-otwarty-jazdow"
)
CYWINSKI = PersonSpec("Marek Cywiński", "Fundacja Stocznia", organization="fundacja-stocznia")
PIETRZAK = PersonSpec("Adam Pietrzak", "Centrum Promocji i Rozwoju Inicjatyw Obywatelskich OPUS", "animator")
CIOCH = PersonSpec("Anna Cioch", "Fundacja Biuro Inicjatyw Społecznych", "animatorka", organization=BIS)
MARKUSZEWSKI = PersonSpec("Adam Markuszewski")
ZDRODOWSKA = PersonSpec(
    "Karolina Zdrodowska",
    "Warszawa",
    "Dyrektorka Koordynatorka ds. przedsiębiorczości i dialogu społecznego",
    organization="miasto-stoleczne-warszawa",
)
GDANSK_REPRESENTATIVE = PersonSpec("Przedstawiciel(ka) Miasta Gdańska", "Gdańsk")
PLOSKONKA = PersonSpec(
    "Mateusz Płoskonka",
    "Urząd Miasta Krakowa",
    "zastępca Dyrektora Wydziału Polityki Społecznej i Zdrowia",
    organization="urzad-miasta-krakowa",
)
SEKUTOWICZ = PersonSpec(
    "Katarzyna Sekutowicz",
    "Stowarzyszenie BORIS",
    "antropolożka kultury",
    organization="stowarzyszenie-boris",
    bio="Od lat 90. związana ze Stowarzyszeniem BORIS. Wspiera liderki i liderów lokalnych, organizacje, "
    "grupy nieformalne i samorządy; zajmuje się planowaniem, ewaluacją i politykami równościowymi, prowadzi "
    "superwizje dla animatorów sieci Miejsc Aktywności Lokalnej w Warszawie.",
)
STREFA_HOSTS = PersonSpec("Zespół Strefy Aktywności Sąsiedzkiej", "instytucja kultury – do potwierdzenia")

# Day 1 ----------------------------------------------------------------------------------------------------


def _visit(
    title: str, host: str, venue: VenueSpec, start: str, end: str, description: str, audience: str = ""
):
    return SessionSpec(
        {"pl": f"Wizyta studyjna: {title}", "en": f"Study visit: {title}"},
        "study_visit",
        start,
        end,
        day=DAY_1,
        venue=venue,
        host=host,
        description=description,
        audience=audience,
        capacity=VISIT_CAPACITY,
        selectable=True,
    )


DAY_1_SESSIONS = (
    SessionSpec(
        {"pl": "Popołudniowe wizyty studyjne i warsztaty", "en": "Afternoon study visits and workshops"},
        "other",
        "15:00",
        "18:00",
        day=DAY_1,
        description="Poznaj miejsca otwarte działające w Krakowie i okolicy, wymień się doświadczeniami i "
        "uzupełnij swój warsztat animatora. Wizyty odbywają się równolegle w różnych miejscach – przy "
        "rejestracji wybierz te, na które chcesz pojechać.",
        children=(
            _visit(
                "Program Aktywności Lokalnej „Nad Potokiem”",
                "mops-krakow",
                NAD_POTOKIEM,
                "15:00",
                "16:00",
                "Jak miejski ośrodek pomocy społecznej prowadzi program aktywności lokalnej i angażuje w "
                "niego mieszkańców.",
            ),
            _visit(
                "Miejsce Aktywności Mieszkańców na Kozłówce",
                BIS,
                KOZLOWKA,
                "15:00",
                "16:00",
                "Zobaczysz, jak na co dzień działa Miejsce Aktywności Mieszkańców: jak jest urządzone, co "
                "się w nim dzieje i jak animatorka zaprasza sąsiadów do współtworzenia tego miejsca. "
                "Usłyszysz też historię MAM-u i wnioski z pracy ze społecznością.",
                "Osoby, które pracują z mieszkańcami albo chcą zacząć, szukają inspiracji i sprawdzonych "
                "metod, oraz wszyscy ciekawi metody Miejsc Aktywności Mieszkańców.",
            ),
            _visit(
                "Centra Aktywności Kulturalnej, Gmina Skawina",
                "gmina-skawina",
                SKAWINA,
                "15:00",
                "16:00",
                "Prezentacja tego, jak gmina – przez rewitalizację, współpracę z instytucjami kultury i "
                "jednostkami pomocniczymi oraz partnerstwo z Fundacją BIS – stworzyła miejsca, w których "
                "mieszkańcy sami organizują swoje działania. Na koniec lokalni liderzy opowiedzą o "
                "sąsiedzkich inicjatywach, które powstały dzięki grantowi.",
                "Animatorki i animatorzy, przedstawiciele samorządów i instytucji kultury.",
            ),
            _visit(
                "Nasza Ściana, Stowarzyszenie Zacięcie",
                "stowarzyszenie-zaciecie",
                NASZA_SCIANA,
                "15:30",
                "16:30",
                "Mało slajdów, dużo rozmowy i mini warsztatów: droga stowarzyszenia do własnego miejsca – "
                "ścianki wspinaczkowej połączonej z miejscem otwartym przy szkole – z sukcesami, trudnymi "
                "decyzjami i porażkami, z których można się uczyć.",
                "Osoby, które prowadzą albo chcą stworzyć miejsce otwarte, animatorki i animatorzy ze "
                "wszystkich sektorów oraz wszyscy, którzy szukają niestandardowych narzędzi pracy "
                "społecznej.",
            ),
            _visit(
                "Świetlica Dębni, Fundacja Kocham Dębni",
                "fundacja-kocham-debni",
                DEBNI,
                "15:30",
                "16:30",
                "Fundacja, która wyrosła z sąsiedzkiej grupy pomocowej, pokaże świetlicę dla rodzin "
                "uchodźczych, punkt pomocy rzeczowej i sąsiedzki dom kultury otwarty na pomysły mieszkańców.",
            ),
            SessionSpec(
                {"pl": "Warsztat „People meet People”", "en": "Workshop “People meet People”"},
                "workshop",
                "17:00",
                "18:00",
                day=DAY_1,
                venue=KOZLOWKA,
                host="osrodek-wspierania-organizacji-pozarzadowych",
                description="Metoda z Norwegii, w której mieszkańcy i osoby z doświadczeniem migracji "
                "spędzają godzinę na rozmowie twarzą w twarz z kimś, kogo inaczej by nie poznali. Bez "
                "przygotowania i bez zobowiązań – wystarczy ciekawość drugiego człowieka. Warsztat działa "
                "najlepiej w grupie od 12 do 20 osób.",
                audience="Animatorki i animatorzy, którzy chcą przenieść metodę na swoje osiedle.",
                capacity=20,
                selectable=True,
            ),
            _visit(
                "Miejsce Otwarte – Centrum Integracji Międzykulturowej",
                "fundacja-internationaler-bund-polska",
                MIEJSCE_OTWARTE,
                "17:30",
                "18:00",
                "Krótka prezentacja centrum prowadzonego z partnerami w ramach sieci Miejsc Otwartych "
                "UNHCR; można też dołączyć do warsztatów, które odbywają się tego dnia w centrum.",
            ),
        ),
    ),
    SessionSpec(
        {"pl": "Wieczorne spotkanie inspiracyjno-integracyjne", "en": "Evening inspiration and networking"},
        "networking",
        "19:00",
        "20:40",
        day=DAY_1,
        description="Sieciowanie społeczności Miejsc Otwartych i krótkie sesje inspiracyjne:\n\n- 10 lat "
        "sieci MAL w Warszawie\n- Senior/-ka w Miejscu Otwartym – jak współpracować z osobami starszymi\n- "
        "Osiedle Otwarte Jazdów jako laboratorium miejskiej odporności\n- Świetlica mobilna i świetlica "
        "modułowa – jak radzą sobie małe społeczności",
    ),
)

# Day 2 ----------------------------------------------------------------------------------------------------


def _parallel(title: str, kind: str, start: str, end: str, track: str, description: str, roles, audience=""):
    return SessionSpec(
        title,
        kind,
        start,
        end,
        day=DAY_2,
        track=track,
        description=description,
        audience=audience,
        roles=roles,
    )


DAY_2_SESSIONS = (
    SessionSpec(
        {"pl": "Rejestracja", "uk": "Реєстрація", "en": "Registration"},
        "registration",
        "08:00",
        "09:00",
        day=DAY_2,
    ),
    SessionSpec(
        {"pl": "Inauguracja konferencji i sieciowanie uczestników", "en": "Opening and networking"},
        "opening",
        "09:00",
        "10:00",
        day=DAY_2,
    ),
    SessionSpec(
        {
            "pl": "Sesje inspiracyjne: Miejsca Otwarte na zmianę",
            "en": "Inspiration talks: places open to change",
        },
        "talk",
        "10:00",
        "10:55",
        day=DAY_2,
        children=(
            SessionSpec(
                {
                    "pl": "Trendy globalne, trendy lokalne. Jak przewidzieć i przygotować się na zmianę?",
                    "en": "Global trends, local trends: how to foresee and prepare for change",
                },
                "talk",
                "10:00",
                "10:20",
                day=DAY_2,
            ),
            SessionSpec(
                {
                    "pl": "Krakowscy sąsiedzi lat 20. XXI wieku – w realu i na Facebooku",
                    "en": "Kraków neighbours in the 2020s – offline and on Facebook",
                },
                "talk",
                "10:20",
                "10:40",
                day=DAY_2,
            ),
            SessionSpec({"pl": "Dyskusja", "en": "Discussion"}, "other", "10:40", "10:55", day=DAY_2),
        ),
    ),
    SessionSpec({"pl": "Przerwa kawowa", "en": "Coffee break"}, "break", "10:55", "11:15", day=DAY_2),
    _parallel(
        {
            "pl": "Tradycja community centers na świecie oraz rozwój i wyzwania centrów społecznościowych w "
            "Polsce",
            "en": "Community centres worldwide and their growth and challenges in Poland",
        },
        "panel",
        "11:15",
        "12:45",
        TRACK_A,
        "Skąd wzięły się centra społecznościowe, jakie formy przyjmują w Polsce i czy terytorium wciąż ma "
        "znaczenie w czasach internetu? Paneliści z wieloletnią praktyką pracy ze społecznością zastanowią "
        "się, czy centra potrzebują profesjonalnych animatorów, czy spontanicznej aktywności, i dokąd "
        "zmierzają. Będzie też czas na głosy z sali.",
        (
            RoleSpec(JORDAN, "moderator"),
            RoleSpec(CZARNIK, "panelist"),
            RoleSpec(MIKOLAJEWSKI, "panelist"),
            RoleSpec(SKRZYPCZAK, "panelist"),
            RoleSpec(WARECKA, "panelist"),
        ),
        audience="Wszyscy zainteresowani rozwojem centrów społecznościowych: mieszkańcy, organizacje, "
        "samorządy.",
    ),
    _parallel(
        {
            "pl": "Miejsca otwarte jako miejsca włączania osób z doświadczeniem migracji",
            "en": "Open places that include people with migration experience",
        },
        "workshop",
        "11:15",
        "12:45",
        TRACK_B,
        "Wymiana doświadczeń i rekomendacje: jakie kompetencje potrzebne są zespołowi, jakie bariery "
        "napotykają osoby z doświadczeniem migracji, jak przejść od działań „dla” do działań „z” i jak "
        "zaprosić nowych sąsiadów do miejsca otwartego.",
        (RoleSpec(JASKOLOWSKI, "host"),),
        audience="Animatorki i animatorzy miejsc otwartych.",
    ),
    _parallel(
        {
            "pl": "Odporna animatorka / odporny animator – jak dbać o swój dobrostan?",
            "en": "The resilient community worker – looking after your well-being",
        },
        "workshop",
        "11:15",
        "12:45",
        TRACK_C,
        "Warsztat i rozmowa o tym, jak praca animatora wpływa na nas samych, co w niej wspiera, a co "
        "wypala. Praktyczne sposoby radzenia sobie ze stresem, także przez pracę z ciałem, i pomysły na "
        "system, który wspiera animatorów.",
        (RoleSpec(GRZYMALA_MOSZCZYNSKA, "host"), RoleSpec(GLINSKA, "host")),
    ),
    _parallel(
        {
            "pl": "Lokalny samorząd jako kreator Miejsc Otwartych w małych gminach",
            "en": "Local government creating open places in small municipalities",
        },
        "panel",
        "12:50",
        "14:20",
        TRACK_A,
        "Modele miejsc otwartych w gminach do 40 tysięcy mieszkańców: wyzwania, sposoby radzenia sobie z "
        "nimi i finansowanie – od budżetu gminy po środki zewnętrzne dla organizacji. Prezentacje i rozmowa "
        "z publicznością.",
        (
            RoleSpec(JANKOWSKI, "moderator"),
            RoleSpec(DZIEWITEK, "guest"),
            RoleSpec(PIKSA, "guest"),
            RoleSpec(PANFIL, "guest"),
            RoleSpec(WOLLMAN, "guest"),
        ),
        audience="Przedstawiciele samorządów, które prowadzą lub planują Miejsce Otwarte.",
    ),
    _parallel(
        {
            "pl": "Kulturalne Centrum Samopomocy jako narzędzie budowania lokalnej rezyliencji",
            "en": "A cultural self-help centre as a tool for local resilience",
        },
        "workshop",
        "12:50",
        "14:20",
        TRACK_B,
        "Czym jest Kulturalne Centrum Samopomocy – współpraca grup samopomocowych z instytucjami kultury – "
        "i jak założyć je u siebie.",
        (RoleSpec(MATEJKO, "host"), RoleSpec(CYWINSKI, "host")),
        audience="Animatorki i animatorzy miejsc otwartych, instytucji i nie-instytucji kultury.",
    ),
    _parallel(
        {
            "pl": "Mieszkańcy mieszkańcom – jak wspieramy wolontariat sąsiedzki",
            "en": "Neighbours for neighbours – supporting local volunteering",
        },
        "panel",
        "12:50",
        "14:20",
        TRACK_C,
        "Jak wspierać mieszkańców, którzy chcą działać dla innych – od jednorazowej akcji po regularne "
        "zajęcia – i jak im przy tym nie przeszkadzać. Dobre praktyki, pułapki i sukcesy lokalnych grup.",
        (RoleSpec(PIETRZAK, "host"), RoleSpec(CIOCH, "host")),
        audience="Osoby, które pracują z wolontariuszami albo to planują.",
    ),
    SessionSpec({"pl": "Przerwa obiadowa", "en": "Lunch break"}, "meal", "14:20", "15:00", day=DAY_2),
    _parallel(
        {
            "pl": "Jak budować sieci miejsc otwartych w metropoliach?",
            "en": "Building networks of open places in big cities",
        },
        "panel",
        "15:00",
        "16:30",
        TRACK_A,
        "Po co, jak i za co rozwijać sieć miejsc otwartych w dużym mieście – perspektywa osób, które nimi "
        "zarządzają, różne modele sieci, ich korzyści i wyzwania.",
        (
            RoleSpec(MARKUSZEWSKI, "moderator"),
            RoleSpec(ZDRODOWSKA, "panelist", confirmed=False),
            RoleSpec(MIKOLAJEWSKI, "panelist"),
            RoleSpec(GDANSK_REPRESENTATIVE, "panelist", confirmed=False),
            RoleSpec(PLOSKONKA, "panelist"),
        ),
        audience="Urzędy i instytucje, które zarządzają miejscami otwartymi lub chcą tworzyć ich sieć.",
    ),
    _parallel(
        {
            "pl": "Czy działalność miejsc otwartych, centrów aktywności lokalnej ma sens?",
            "en": "Do open places and local activity centres make a difference?",
        },
        "workshop",
        "15:00",
        "16:30",
        TRACK_B,
        "Jaką zmianę mogą wprowadzić miejsca otwarte, jak zbierać dowody tej zmiany i jak refleksja nad nią "
        "sama staje się narzędziem zmiany.",
        (RoleSpec(SEKUTOWICZ, "moderator"),),
        audience="Osoby animujące i koordynujące Miejsca Otwarte, które chcą sprawdzić, czy ich praca "
        "przynosi rezultaty.",
    ),
    _parallel(
        {
            "pl": "Strefa Aktywności Sąsiedzkiej – włączanie instytucji kultury w działania na rzecz "
            "aktywizacji mieszkańców i budowania miejsc otwartych",
            "en": "Neighbourhood Activity Zone – bringing cultural institutions into community building",
        },
        "workshop",
        "15:00",
        "16:30",
        TRACK_C,
        "Jak dom kultury może stać się sąsiedzkim miejscem otwartym: przykłady stref aktywności, w których "
        "mieszkańcy sami planują program, i rozmowa o tym, co w instytucji musi się zmienić, żeby to "
        "działało.",
        (RoleSpec(STREFA_HOSTS, "host", confirmed=False),),
        audience="Pracownicy instytucji kultury i animatorzy współpracujący z nimi.",
    ),
    SessionSpec(
        {"pl": "Podsumowanie i zakończenie konferencji", "en": "Wrap-up and closing"},
        "other",
        "16:30",
        "17:00",
        day=DAY_2,
    ),
)

EVENT = EventSpec(
    slug="konferencja-miejsc-otwartych-krakow",
    organization="urzad-miasta-krakowa",
    title={
        "pl": "Miejsca Otwarte – konferencja centrów społecznościowych w Krakowie",
        "uk": "Відкриті простори – конференція громадських центрів у Кракові",
        "en": "Open Places – a conference of community centres in Kraków",
    },
    summary={
        "pl": "Dwa dni o miejscach otwartych: pierwszego dnia wizyty studyjne w krakowskich i "
        "podkrakowskich centrach, drugiego – konferencja z panelami i warsztatami w trzech równoległych "
        "ścieżkach.",
        "uk": "Два дні про відкриті простори: у перший день – навчальні візити до громадських центрів "
        "Кракова та околиць, у другий – конференція з панелями й майстер-класами у трьох паралельних треках.",
        "en": "Two days about open places: study visits to community centres in and around Kraków on day "
        "one, then a conference with panels and workshops in three parallel tracks.",
    },
    description={
        "pl": "Konferencja dla animatorek i animatorów, samorządów, instytucji kultury i organizacji, które "
        "prowadzą miejsca otwarte – centra społecznościowe, kluby sąsiedzkie, świetlice – albo chcą je "
        "stworzyć.\n\n**Dzień I** to wizyty studyjne odbywające się równolegle pod różnymi adresami, "
        "warsztat „People meet People” i wieczorne spotkanie sieciujące. **Dzień II** to konferencja na "
        "Zabłociu: sesje inspiracyjne, a potem trzy równoległe bloki paneli i warsztatów o rozwoju centrów, "
        "włączaniu osób z doświadczeniem migracji, dobrostanie animatorów, wolontariacie i sieciach miejsc "
        "otwartych.",
        "en": "For community workers, local governments, cultural institutions and NGOs that run open "
        "places – community centres, neighbourhood clubs, drop-in centres – or want to start one. Day one: "
        "parallel study visits, a workshop and an evening get-together; day two: the conference at Zabłocie.",
    },
    topics=("open-places", "integration", "local-government", "volunteering", "mental-health"),
    venue=ZABLOCIE,
    capacity=180,
    contact_email="miejscaotwarte@example.org",
    schedule=ScheduleSpec(
        weekday=2, days_from_today=17, start="15:00", end="17:00", days=2, closes_days_before=2
    ),
    partners=(
        PartnerSpec(BIS, "co_organizer"),
        PartnerSpec("osrodek-wspierania-organizacji-pozarzadowych", "partner"),
        PartnerSpec("mops-krakow", "partner"),
    ),
    tracks=(
        {"pl": TRACK_A, "uk": "Трек A", "en": "Track A"},
        {"pl": TRACK_B, "uk": "Трек B", "en": "Track B"},
        {"pl": TRACK_C, "uk": "Трек C", "en": "Track C"},
    ),
    sessions=DAY_1_SESSIONS + DAY_2_SESSIONS,
    form=FormSpec(
        intro={
            "pl": "Wybierz wizyty studyjne i warsztat pierwszego dnia – liczba miejsc jest ograniczona.",
            "uk": "Оберіть навчальні візити та майстер-клас першого дня – кількість місць обмежена.",
            "en": "Choose the day-one study visits and workshop – places are limited.",
        },
        confirmation_message={
            "pl": "Dziękujemy! Szczegóły dojazdu na wizyty studyjne znajdziesz w programie.",
            "en": "Thank you! Directions to the study visits are in the programme.",
        },
        asks_diet=True,
        questions=(
            QuestionSpec(
                {
                    "pl": "W których dniach weźmiesz udział?",
                    "uk": "У які дні ви візьмете участь?",
                    "en": "Which days will you attend?",
                },
                "multiple_choice",
                required=True,
                choices=(
                    ChoiceSpec(
                        {
                            "pl": "Dzień I – wizyty studyjne i warsztaty",
                            "uk": "День I – навчальні візити",
                            "en": "Day 1 – study visits and workshops",
                        }
                    ),
                    ChoiceSpec(
                        {
                            "pl": "Dzień II – konferencja",
                            "uk": "День II – конференція",
                            "en": "Day 2 – conference",
                        }
                    ),
                ),
            ),
            QuestionSpec(
                {"pl": "Sektor", "uk": "Сектор", "en": "Sector"},
                "single_choice",
                required=True,
                choices=(
                    ChoiceSpec({"pl": "Organizacja pozarządowa", "en": "NGO"}),
                    ChoiceSpec({"pl": "Samorząd", "en": "Local government"}),
                    ChoiceSpec({"pl": "Instytucja kultury", "en": "Cultural institution"}),
                    ChoiceSpec(
                        {"pl": "Grupa nieformalna / osoba prywatna", "en": "Informal group / individual"}
                    ),
                    ChoiceSpec({"pl": "Inny", "en": "Other"}),
                ),
            ),
        ),
    ),
)
