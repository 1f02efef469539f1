"""Organizations, topics and the series shared by the demo events."""

from .specs import OrganizationSpec, SeriesSpec, TopicSpec

NGO = "ngo"
LOCAL_GOVERNMENT = "local_government"
PUBLIC_INSTITUTION = "public_institution"
INTERNATIONAL = "international"
COALITION = "coalition"
CULTURE_EDUCATION = "culture_education"

ORGANIZATIONS = (
    # Kielce, "Otwarte Miasta i Wsie"
    OrganizationSpec(
        "fundacja-culturelab",
        "Fundacja CultureLab",
        NGO,
        "Warszawa",
        "mazowieckie",
        description={
            "pl": "Fundacja prowadząca kampanię „Otwarte miasta i wsie” i narzędzie Mapuj Pomoc, które "
            "pokazuje, kto i gdzie pomaga osobom uchodźczym.",
            "en": "The foundation behind the “Open Cities and Villages” campaign and the Mapuj Pomoc map of "
            "who helps refugees where.",
        },
    ),
    OrganizationSpec(
        "urzad-miasta-kielce",
        "Urząd Miasta Kielce",
        LOCAL_GOVERNMENT,
        "Kielce",
        "swietokrzyskie",
        "https://www.kielce.eu",
    ),
    OrganizationSpec(
        "unia-metropolii-polskich",
        "Unia Metropolii Polskich (UMP)",
        COALITION,
        "Warszawa",
        "mazowieckie",
        "https://metropolie.pl",
    ),
    OrganizationSpec(
        "zwiazek-miast-polskich", "Związek Miast Polskich", COALITION, "Poznań", "wielkopolskie"
    ),
    OrganizationSpec(
        "zwiazek-powiatow-polskich", "Związek Powiatów Polskich", COALITION, "Warszawa", "mazowieckie"
    ),
    OrganizationSpec(
        "unicef-poland", "UNICEF Refugee Response Office in Poland", INTERNATIONAL, "Warszawa", "mazowieckie"
    ),
    OrganizationSpec(
        "iom-poland",
        "Międzynarodowa Organizacja ds. Migracji (IOM)",
        INTERNATIONAL,
        "Warszawa",
        "mazowieckie",
    ),
    OrganizationSpec("fundacja-schumana", "Fundacja Schumana", NGO, "Warszawa", "mazowieckie"),
    # Warsaw districts' working conference
    OrganizationSpec(
        "centrum-wsparcia-koordynacji",
        "Centrum Wsparcia Koordynacji (CWK)",
        COALITION,
        "Warszawa",
        "mazowieckie",
        description={
            "pl": "Centrum założone przez organizacje pozarządowe z Branżowej Komisji Dialogu Społecznego "
            "ds. Cudzoziemców razem z władzami Warszawy, by łączyć i koordynować pomoc dla osób uchodźczych.",
            "en": "A centre set up by the NGOs of Warsaw's social dialogue commission on foreigners "
            "together with the city, to connect and coordinate refugee support.",
        },
    ),
    OrganizationSpec(
        "miasto-stoleczne-warszawa",
        "Miasto Stołeczne Warszawa",
        LOCAL_GOVERNMENT,
        "Warszawa",
        "mazowieckie",
        "https://um.warszawa.pl",
    ),
    # International CSO conference
    OrganizationSpec(
        "aktywni-obywatele-fundusz-regionalny",
        "Aktywni Obywatele – Fundusz Regionalny",
        NGO,
        "Warszawa",
        "mazowieckie",
        "https://aktywniobywatele-regionalny.org.pl",
        description={
            "pl": "Program grantowy wspierający organizacje społeczne w mniejszych miejscowościach, "
            "finansowany z Funduszy EOG.",
            "en": "A grant programme for civil society organizations outside the big cities, funded by the "
            "EEA Grants (Active Citizens Fund – Regional).",
        },
    ),
    OrganizationSpec(
        "fundusze-eog",
        "Fundusze EOG i Fundusze norweskie",
        INTERNATIONAL,
        "",
        "abroad",
        "https://eeagrants.org",
    ),
    OrganizationSpec("unhcr-poland", "UNHCR Polska", INTERNATIONAL, "Warszawa", "mazowieckie"),
    OrganizationSpec(
        "mbp-chrzanow",
        "Miejska Biblioteka Publiczna w Chrzanowie",
        CULTURE_EDUCATION,
        "Chrzanów",
        "malopolskie",
    ),
    OrganizationSpec("stowarzyszenie-homo-faber", "Stowarzyszenie Homo Faber", NGO, "Lublin", "lubelskie"),
    OrganizationSpec("fundacja-zaglebie-folkloru", "Fundacja Zagłębie Folkloru", NGO, "", "slaskie"),
    OrganizationSpec(
        "asociatia-comunitatile-viitorului", "Asociatia Comunitatile Viitorului", NGO, "", "abroad"
    ),
    OrganizationSpec(
        "um-lublin-centrum-wspolpracy-miedzynarodowej",
        "Centrum Współpracy Międzynarodowej Urzędu Miasta Lublin",
        LOCAL_GOVERNMENT,
        "Lublin",
        "lubelskie",
    ),
    # KOMM online meeting
    OrganizationSpec(
        "fundacja-kalejdoskop-kultur",
        "Fundacja Kalejdoskop Kultur",
        NGO,
        "Wrocław",
        "dolnoslaskie",
        "https://kalejdoskopkultur.pl",
        description={
            "pl": "Organizacja działająca z mniejszościami i migrantami; koordynuje Koalicję KOMM.",
            "en": "An organization working with minorities and migrants; it coordinates the KOMM coalition.",
        },
    ),
    OrganizationSpec(
        "koalicja-komm",
        "Koalicja Organizacji Mniejszościowych i Migranckich (KOMM)",
        COALITION,
        website="https://komm.org.pl",
        description={
            "pl": "Ogólnopolska, otwarta koalicja organizacji, liderów i grup nieformalnych mniejszości "
            "narodowych i etnicznych oraz migrantów.",
            "en": "An open, nationwide coalition of minority and migrant organizations, leaders and "
            "informal groups.",
        },
    ),
    OrganizationSpec(
        "aktywni-obywatele-fundusz-krajowy",
        "Aktywni Obywatele – Fundusz Krajowy",
        NGO,
        "Warszawa",
        "mazowieckie",
    ),
    # Kraków conference of open places
    OrganizationSpec(
        "urzad-miasta-krakowa",
        "Urząd Miasta Krakowa",
        LOCAL_GOVERNMENT,
        "Kraków",
        "malopolskie",
        "https://www.krakow.pl",
    ),
    OrganizationSpec(
        "mops-krakow",
        "Miejski Ośrodek Pomocy Społecznej w Krakowie",
        PUBLIC_INSTITUTION,
        "Kraków",
        "malopolskie",
    ),
    OrganizationSpec(
        "fundacja-biuro-inicjatyw-spolecznych",
        "Fundacja Biuro Inicjatyw Społecznych (BIS)",
        NGO,
        "Kraków",
        "malopolskie",
        description={
            "pl": "Fundacja prowadząca w Krakowie Miejsca Aktywności Mieszkańców – otwarte centra "
            "sąsiedzkie.",
            "en": "A foundation running neighbourhood community centres (MAM) in Kraków.",
        },
    ),
    OrganizationSpec("gmina-skawina", "Gmina Skawina", LOCAL_GOVERNMENT, "Skawina", "malopolskie"),
    OrganizationSpec("stowarzyszenie-zaciecie", "Stowarzyszenie Zacięcie", NGO, "Kraków", "malopolskie"),
    OrganizationSpec("fundacja-kocham-debni", "Fundacja Kocham Dębni", NGO, "Kraków", "malopolskie"),
    OrganizationSpec(
        "osrodek-wspierania-organizacji-pozarzadowych",
        "Ośrodek Wspierania Organizacji Pozarządowych (OWOP)",
        NGO,
        "Kraków",
        "malopolskie",
    ),
    OrganizationSpec(
        "fundacja-internationaler-bund-polska",
        "Fundacja Internationaler Bund Polska",
        NGO,
        "Kraków",
        "malopolskie",
    ),
    OrganizationSpec("stowarzyszenie-boris", "Stowarzyszenie BORIS", NGO, "Warszawa", "mazowieckie"),
    OrganizationSpec(
        "wolskie-centrum-kultury", "Wolskie Centrum Kultury", CULTURE_EDUCATION, "Warszawa", "mazowieckie"
    ),
    OrganizationSpec(
        "centrum-wspierania-aktywnosci-lokalnej-cal",
        "Centrum Wspierania Aktywności Lokalnej CAL",
        NGO,
        "Warszawa",
        "mazowieckie",
    ),
    OrganizationSpec("fundacja-stocznia", "Fundacja Stocznia", NGO, "Warszawa", "mazowieckie"),
    OrganizationSpec(
        "partnerstwo-otwarty-jazdow", "Partnerstwo Otwarty Jazdów", COALITION, "Warszawa", "mazowieckie"
    ),
)

TOPICS = (
    TopicSpec(
        "refugee-support", {"pl": "Pomoc uchodźcom", "uk": "Допомога біженцям", "en": "Refugee support"}
    ),
    TopicSpec("integration", {"pl": "Integracja", "uk": "Інтеграція", "en": "Integration"}),
    TopicSpec(
        "cross-sector-cooperation",
        {
            "pl": "Współpraca międzysektorowa",
            "uk": "Міжсекторальна співпраця",
            "en": "Cross-sector cooperation",
        },
    ),
    TopicSpec(
        "local-government",
        {"pl": "Samorząd lokalny", "uk": "Місцеве самоврядування", "en": "Local government"},
    ),
    TopicSpec(
        "civil-society",
        {"pl": "Organizacje społeczne", "uk": "Громадські організації", "en": "Civil society organizations"},
    ),
    TopicSpec(
        "open-places",
        {
            "pl": "Miejsca otwarte i centra społecznościowe",
            "uk": "Відкриті простори та громадські центри",
            "en": "Open places and community centres",
        },
    ),
    TopicSpec(
        "disinformation",
        {
            "pl": "Przeciwdziałanie dezinformacji",
            "uk": "Протидія дезінформації",
            "en": "Countering disinformation",
        },
    ),
    TopicSpec("education", {"pl": "Edukacja", "uk": "Освіта", "en": "Education"}),
    TopicSpec("labour-market", {"pl": "Rynek pracy", "uk": "Ринок праці", "en": "Labour market"}),
    TopicSpec("housing", {"pl": "Mieszkalnictwo", "uk": "Житло", "en": "Housing"}),
    TopicSpec(
        "mental-health",
        {
            "pl": "Zdrowie psychiczne i dobrostan",
            "uk": "Психічне здоров’я та добробут",
            "en": "Mental health and well-being",
        },
    ),
    TopicSpec(
        "minorities-and-migrants",
        {"pl": "Mniejszości i migranci", "uk": "Меншини та мігранти", "en": "Minorities and migrants"},
    ),
    TopicSpec("volunteering", {"pl": "Wolontariat", "uk": "Волонтерство", "en": "Volunteering"}),
)

SERIES = (
    SeriesSpec(
        "otwarte-miasta-i-wsie",
        "fundacja-culturelab",
        {"pl": "Otwarte Miasta i Wsie", "uk": "Відкриті міста і села", "en": "Open Cities and Villages"},
        {
            "pl": "Cykl regionalnych spotkań kampanii „Otwarte miasta i wsie – mapowanie i współpraca dla "
            "Ukrainy”. W każdym województwie samorządy, ośrodki pomocy społecznej, urzędy pracy i "
            "organizacje pozarządowe porównują, co już zrobiły dla osób uchodźczych, i umawiają się na "
            "dalszą współpracę.",
            "uk": "Цикл регіональних зустрічей кампанії «Відкриті міста і села – картування та співпраця "
            "для України»: органи самоврядування, соціальні служби, центри зайнятості та громадські "
            "організації діляться досвідом підтримки біженців і домовляються про співпрацю.",
            "en": "A cycle of regional meetings of the campaign “Open Cities and Villages – mapping and "
            "cooperation for Ukraine”: local governments, social services, job centres and NGOs share what "
            "they have done for refugees and agree on working together.",
        },
    ),
)
