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
    Text,
    VenueSpec,
)

DAY_1, DAY_2 = 0, 1
TRACK_A, TRACK_B, TRACK_C = "Ścieżka A", "Ścieżka B", "Ścieżka C"
VISIT_CAPACITY = 20
# Each day-two track has its own room at Zabłocie: the main hall, a seminar room and a workshop room.
ROOM_CAPACITY = {TRACK_A: 80, TRACK_B: 50, TRACK_C: 30}

# Venues ---------------------------------------------------------------------------------------------------

ZABLOCIE = VenueSpec(
    name={
        "pl": "Klaster Innowacji Społeczno-Gospodarczych Zabłocie 20.22",
        "uk": "Кластер соціально-економічних інновацій Zabłocie 20.22",
        "en": "Zabłocie 20.22 Social and Economic Innovation Cluster",
    },
    address="ul. Zabłocie 22",
    postal_code="30-701",
    city="Kraków",
    region="malopolskie",
    directions={
        "pl": "Zabłocie leży po prawej stronie Wisły, naprzeciw Kazimierza. Z Dworca Głównego dojedziesz "
        "tramwajem w stronę Zabłocia (przystanek Zabłocie) albo koleją aglomeracyjną do stacji Kraków "
        "Zabłocie, skąd do budynku jest kilka minut pieszo.",
        "uk": "Заблоце лежить на правому березі Вісли, навпроти Казімежа. Від головного вокзалу доїдете "
        "трамваєм у бік Заблоця (зупинка Zabłocie) або приміським поїздом до станції Kraków Zabłocie, "
        "звідки до будівлі кілька хвилин пішки.",
        "en": "Zabłocie is on the right bank of the Vistula, across from Kazimierz. Take a tram to the "
        "Zabłocie stop or a suburban train to Kraków Zabłocie station; the building is a few minutes' walk "
        "away.",
    },
)
NAD_POTOKIEM = VenueSpec(
    name={
        "pl": "Program Aktywności Lokalnej „Nad Potokiem”",
        "uk": "Програма місцевої активності «Nad Potokiem»",
        "en": "“Nad Potokiem” Local Activity Programme",
    },
    address="ul. Józefińska 14",
    postal_code="30-529",
    city="Kraków",
    region="malopolskie",
    directions={
        "pl": "Zbiórka przy siedzibie MOPS w Krakowie; stamtąd przejdziemy razem na miejsce spotkania.",
        "uk": "Збираємося біля офісу MOPS (міського центру соціальної допомоги) у Кракові; звідти разом "
        "підемо на місце зустрічі.",
        "en": "We meet at the Kraków social welfare centre (MOPS) office and walk to the place together.",
    },
)
KOZLOWKA = VenueSpec(
    name={
        "pl": "Miejsce Aktywności Mieszkańców na Kozłówce",
        "uk": "Простір активності мешканців на Kozłówce",
        "en": "Residents' Activity Place at Kozłówka",
    },
    address="ul. Na Kozłówce 25",
    city="Kraków",
    region="malopolskie",
)
SKAWINA = VenueSpec(
    name={
        "pl": "Miejska Biblioteka Publiczna w Skawinie",
        "uk": "Міська публічна бібліотека у Скавіні",
        "en": "Skawina Public Library",
    },
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
    name={
        "pl": "Nasza Ściana – Stowarzyszenie Zacięcie",
        "uk": "Nasza Ściana – асоціація «Zacięcie»",
        "en": "Nasza Ściana – Zacięcie Association",
    },
    address="ul. Lipińskiego 2",
    city="Kraków",
    region="malopolskie",
)
DEBNI = VenueSpec(
    name={
        "pl": "Świetlica Dębni – Fundacja Kocham Dębni",
        "uk": "Клуб Dębni – фонд «Kocham Dębni»",
        "en": "Dębni Community Room – Kocham Dębni Foundation",
    },
    address="ul. Konfederacka 4",
    city="Kraków",
    region="malopolskie",
    directions={
        "pl": "Wejście od podwórka.",
        "uk": "Вхід з подвір'я.",
        "en": "The entrance is from the courtyard.",
    },
)
MIEJSCE_OTWARTE = VenueSpec(
    name={
        "pl": "Miejsce Otwarte – Centrum Integracji Międzykulturowej",
        "uk": "Відкритий простір – Центр міжкультурної інтеграції",
        "en": "Open Place – Intercultural Integration Centre",
    },
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
    {
        "pl": "Dyrektor Wolskiego Centrum Kultury",
        "uk": "директор Вольського центру культури",
        "en": "Director of the Wola Culture Centre",
    },
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
    {
        "pl": "dr; autorka książki „Walcz, protestuj, zmieniaj świat! Psychologia aktywizmu”",
        "uk": "д-р; авторка книжки «Walcz, protestuj, zmieniaj świat! Psychologia aktywizmu» "
        "(«Борися, протестуй, змінюй світ! Психологія активізму»)",
        "en": "PhD; author of “Walcz, protestuj, zmieniaj świat! Psychologia aktywizmu” "
        "(“Fight, protest, change the world! The psychology of activism”)",
    },
)
GLINSKA = PersonSpec(
    "Olga Glińska",
    "Fundacja Biuro Inicjatyw Społecznych",
    {
        "pl": "animatorka i liderka zespołu Miejsc Aktywności Mieszkańców",
        "uk": "аніматорка й керівниця команди Просторів активності мешканців",
        "en": "community worker and leader of the Residents' Activity Places team",
    },
    organization=BIS,
)
JANKOWSKI = PersonSpec(
    "Wojtek Jankowski",
    "OWIES ESWIP",
    {
        "pl": "animator, doradca; doradca JST UM Ława",
        "uk": "аніматор, консультант; радник органів місцевого самоврядування, міська рада Лави",
        "en": "community worker and adviser; adviser to local government, Ława town hall",
    },
)
DZIEWITEK = PersonSpec("Agnieszka Dziewitek", "Fundacja Biuro Inicjatyw Społecznych (BIS)", organization=BIS)
PIKSA = PersonSpec("Iwona Piksa", "Urząd Miasta w Chrzanowie")
PANFIL = PersonSpec("Krzysztof Panfil", "Urząd Miejski w Ławie, Ośrodek Psychoedukacji")
WOLLMAN = PersonSpec("Magdalena Wollman", "Stowarzyszenie Wieś Jabłkowych Smaków, Stare Jabłonki")
MATEJKO = PersonSpec(
    "Wojciech Matejko", "Partnerstwo Otwarty Jazdów", organization="partnerstwo-otwarty-jazdow"
)
CYWINSKI = PersonSpec("Marek Cywiński", "Fundacja Stocznia", organization="fundacja-stocznia")
PIETRZAK = PersonSpec(
    "Adam Pietrzak",
    "Centrum Promocji i Rozwoju Inicjatyw Obywatelskich OPUS",
    {"pl": "animator", "uk": "аніматор", "en": "community worker"},
)
CIOCH = PersonSpec(
    "Anna Cioch",
    "Fundacja Biuro Inicjatyw Społecznych",
    {"pl": "animatorka", "uk": "аніматорка", "en": "community worker"},
    organization=BIS,
)
MARKUSZEWSKI = PersonSpec("Adam Markuszewski")
ZDRODOWSKA = PersonSpec(
    "Karolina Zdrodowska",
    "Warszawa",
    {
        "pl": "Dyrektorka Koordynatorka ds. przedsiębiorczości i dialogu społecznego",
        "uk": "директорка-координаторка з питань підприємництва та соціального діалогу",
        "en": "Director and Coordinator for Entrepreneurship and Social Dialogue",
    },
    organization="miasto-stoleczne-warszawa",
)
GDANSK_REPRESENTATIVE = PersonSpec("Przedstawiciel(ka) Miasta Gdańska", "Gdańsk")
PLOSKONKA = PersonSpec(
    "Mateusz Płoskonka",
    "Urząd Miasta Krakowa",
    {
        "pl": "zastępca Dyrektora Wydziału Polityki Społecznej i Zdrowia",
        "uk": "заступник директора Департаменту соціальної політики та охорони здоров'я",
        "en": "Deputy Director of the Department of Social Policy and Health",
    },
    organization="urzad-miasta-krakowa",
)
SEKUTOWICZ = PersonSpec(
    "Katarzyna Sekutowicz",
    "Stowarzyszenie BORIS",
    {"pl": "antropolożka kultury", "uk": "культурна антропологиня", "en": "cultural anthropologist"},
    organization="stowarzyszenie-boris",
    bio={
        "pl": "Od lat 90. związana ze Stowarzyszeniem BORIS. Wspiera liderki i liderów lokalnych, "
        "organizacje, grupy nieformalne i samorządy; zajmuje się planowaniem, ewaluacją i politykami "
        "równościowymi, prowadzi superwizje dla animatorów sieci Miejsc Aktywności Lokalnej w Warszawie.",
        "uk": "З 1990-х років пов'язана з асоціацією BORIS. Підтримує місцевих лідерок і лідерів, "
        "організації, неформальні групи та органи самоврядування; займається плануванням, оцінюванням і "
        "політикою рівності, проводить супервізії для аніматорів мережі Просторів місцевої активності у "
        "Варшаві.",
        "en": "With the BORIS association since the 1990s. She supports local leaders, NGOs, informal groups "
        "and local governments, works on planning, evaluation and equality policies, and supervises the "
        "community workers of Warsaw's network of Local Activity Centres.",
    },
)
STREFA_HOSTS = PersonSpec(
    "Zespół Strefy Aktywności Sąsiedzkiej",
    "instytucja kultury – do potwierdzenia",
    {
        "pl": "zespół prowadzący warsztat",
        "uk": "команда, що веде майстер-клас",
        "en": "the team running the workshop",
    },
)

# Day 1 ----------------------------------------------------------------------------------------------------


def _visit(
    title: dict[str, str],
    host: str,
    venue: VenueSpec,
    start: str,
    end: str,
    description: Text,
    audience: Text = "",
):
    return SessionSpec(
        {
            "pl": f"Wizyta studyjna: {title['pl']}",
            "uk": f"Навчальний візит: {title['uk']}",
            "en": f"Study visit: {title['en']}",
        },
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
        {
            "pl": "Popołudniowe wizyty studyjne i warsztaty",
            "uk": "Післяобідні навчальні візити та майстер-класи",
            "en": "Afternoon study visits and workshops",
        },
        "other",
        "15:00",
        "18:00",
        day=DAY_1,
        description={
            "pl": "Poznaj miejsca otwarte działające w Krakowie i okolicy, wymień się doświadczeniami i "
            "uzupełnij swój warsztat animatora. Wizyty odbywają się równolegle w różnych miejscach – przy "
            "rejestracji wybierz te, na które chcesz pojechać.",
            "uk": "Познайомтеся з відкритими просторами Кракова та околиць, обміняйтеся досвідом і поповніть "
            "свій інструментарій аніматора. Візити відбуваються одночасно в різних місцях – під час "
            "реєстрації оберіть ті, на які хочете поїхати.",
            "en": "See open places in and around Kraków, swap experience and add to your community-work "
            "toolkit. The visits run at the same time in different places – choose the ones you want when "
            "you register.",
        },
        children=(
            _visit(
                {
                    "pl": "Program Aktywności Lokalnej „Nad Potokiem”",
                    "uk": "Програма місцевої активності «Nad Potokiem»",
                    "en": "“Nad Potokiem” Local Activity Programme",
                },
                "mops-krakow",
                NAD_POTOKIEM,
                "15:00",
                "16:00",
                {
                    "pl": "Jak miejski ośrodek pomocy społecznej prowadzi program aktywności lokalnej i "
                    "angażuje w niego mieszkańców.",
                    "uk": "Як міський центр соціальної допомоги веде програму місцевої активності й залучає "
                    "до "
                    "неї мешканців.",
                    "en": "How the city's social welfare centre runs a local activity programme and gets "
                    "residents involved.",
                },
            ),
            _visit(
                {
                    "pl": "Miejsce Aktywności Mieszkańców na Kozłówce",
                    "uk": "Простір активності мешканців на Kozłówce",
                    "en": "Residents' Activity Place at Kozłówka",
                },
                BIS,
                KOZLOWKA,
                "15:00",
                "16:00",
                {
                    "pl": "Zobaczysz, jak na co dzień działa Miejsce Aktywności Mieszkańców: jak jest "
                    "urządzone, co się w nim dzieje i jak animatorka zaprasza sąsiadów do współtworzenia "
                    "tego "
                    "miejsca. Usłyszysz też historię MAM-u i wnioski z pracy ze społecznością.",
                    "uk": "Ви побачите, як щодня працює Простір активності мешканців: як він облаштований, "
                    "що "
                    "в ньому відбувається і як аніматорка запрошує сусідів разом творити це місце. Почуєте "
                    "також історію простору та висновки з роботи з громадою.",
                    "en": "See how a Residents' Activity Place works day to day: how it is set up, what "
                    "happens there and how its community worker invites neighbours to shape it. You will "
                    "also hear its story and what working with the community has taught the team.",
                },
                {
                    "pl": "Osoby, które pracują z mieszkańcami albo chcą zacząć, szukają inspiracji i "
                    "sprawdzonych metod, oraz wszyscy ciekawi metody Miejsc Aktywności Mieszkańców.",
                    "uk": "Ті, хто працює з мешканцями або хоче почати, шукає натхнення й перевірених "
                    "методів, "
                    "а також усі, кому цікавий метод Просторів активності мешканців.",
                    "en": "People who work with residents or want to start, who look for inspiration and "
                    "proven methods, and anyone curious about the Residents' Activity Places method.",
                },
            ),
            _visit(
                {
                    "pl": "Centra Aktywności Kulturalnej, Gmina Skawina",
                    "uk": "Центри культурної активності, гміна Скавіна",
                    "en": "Cultural Activity Centres, Skawina municipality",
                },
                "gmina-skawina",
                SKAWINA,
                "15:00",
                "16:00",
                {
                    "pl": "Prezentacja tego, jak gmina – przez rewitalizację, współpracę z instytucjami "
                    "kultury i jednostkami pomocniczymi oraz partnerstwo z Fundacją BIS – stworzyła miejsca, "
                    "w których mieszkańcy sami organizują swoje działania. Na koniec lokalni liderzy "
                    "opowiedzą o sąsiedzkich inicjatywach, które powstały dzięki grantowi.",
                    "uk": "Презентація того, як гміна – через ревіталізацію, співпрацю з установами культури "
                    "та допоміжними одиницями, а також партнерство з фондом BIS – створила місця, де "
                    "мешканці "
                    "самі організовують свою діяльність. Наприкінці місцеві лідери розкажуть про сусідські "
                    "ініціативи, що з'явилися завдяки гранту.",
                    "en": "How the municipality – through regeneration, work with cultural institutions and "
                    "village councils, and a partnership with the BIS Foundation – created places where "
                    "residents organise their own activities. Local leaders then talk about the "
                    "neighbourhood "
                    "initiatives a grant made possible.",
                },
                {
                    "pl": "Animatorki i animatorzy, przedstawiciele samorządów i instytucji kultury.",
                    "uk": "Аніматорки й аніматори, представники органів самоврядування та установ культури.",
                    "en": "Community workers and people from local governments and cultural institutions.",
                },
            ),
            _visit(
                {
                    "pl": "Nasza Ściana, Stowarzyszenie Zacięcie",
                    "uk": "Nasza Ściana, асоціація «Zacięcie»",
                    "en": "Nasza Ściana, Zacięcie Association",
                },
                "stowarzyszenie-zaciecie",
                NASZA_SCIANA,
                "15:30",
                "16:30",
                {
                    "pl": "Mało slajdów, dużo rozmowy i mini warsztatów: droga stowarzyszenia do własnego "
                    "miejsca – ścianki wspinaczkowej połączonej z miejscem otwartym przy szkole – z "
                    "sukcesami, trudnymi decyzjami i porażkami, z których można się uczyć.",
                    "uk": "Мало слайдів, багато розмови й міні-майстер-класів: шлях асоціації до власного "
                    "місця – скеледрому, поєднаного з відкритим простором при школі, – з успіхами, складними "
                    "рішеннями та невдачами, на яких можна вчитися.",
                    "en": "Few slides, plenty of talk and mini workshops: how the association got a place of "
                    "its own – a climbing wall combined with an open place at a school – with the successes, "
                    "hard decisions and failures worth learning from.",
                },
                {
                    "pl": "Osoby, które prowadzą albo chcą stworzyć miejsce otwarte, animatorki i animatorzy "
                    "ze wszystkich sektorów oraz wszyscy, którzy szukają niestandardowych narzędzi pracy "
                    "społecznej.",
                    "uk": "Ті, хто веде або хоче створити відкритий простір, аніматорки й аніматори з усіх "
                    "секторів і всі, хто шукає нестандартних інструментів соціальної роботи.",
                    "en": "People who run or want to start an open place, community workers from every "
                    "sector, and anyone looking for unusual tools for social work.",
                },
            ),
            _visit(
                {
                    "pl": "Świetlica Dębni, Fundacja Kocham Dębni",
                    "uk": "Клуб Dębni, фонд «Kocham Dębni»",
                    "en": "Dębni Community Room, Kocham Dębni Foundation",
                },
                "fundacja-kocham-debni",
                DEBNI,
                "15:30",
                "16:30",
                {
                    "pl": "Fundacja, która wyrosła z sąsiedzkiej grupy pomocowej, pokaże świetlicę dla "
                    "rodzin "
                    "uchodźczych, punkt pomocy rzeczowej i sąsiedzki dom kultury otwarty na pomysły "
                    "mieszkańców.",
                    "uk": "Фонд, що виріс із сусідської групи допомоги, покаже клуб для родин біженців, "
                    "пункт "
                    "речової допомоги та сусідський будинок культури, відкритий для ідей мешканців.",
                    "en": "A foundation that grew out of a neighbourhood help group shows its room for "
                    "refugee "
                    "families, its donations point and a neighbourhood culture house open to residents' "
                    "ideas.",
                },
            ),
            SessionSpec(
                {
                    "pl": "Warsztat „People meet People”",
                    "uk": "Майстер-клас «People meet People»",
                    "en": "Workshop “People meet People”",
                },
                "workshop",
                "17:00",
                "18:00",
                day=DAY_1,
                venue=KOZLOWKA,
                host="osrodek-wspierania-organizacji-pozarzadowych",
                description={
                    "pl": "Metoda z Norwegii, w której mieszkańcy i osoby z doświadczeniem migracji spędzają "
                    "godzinę na rozmowie twarzą w twarz z kimś, kogo inaczej by nie poznali. Bez "
                    "przygotowania i bez zobowiązań – wystarczy ciekawość drugiego człowieka. Warsztat "
                    "działa "
                    "najlepiej w grupie od 12 do 20 osób.",
                    "uk": "Метод із Норвегії: мешканці та люди з досвідом міграції годину розмовляють "
                    "віч-на-віч "
                    "із кимось, кого інакше не зустріли б. Без підготовки і без зобов'язань – досить "
                    "цікавості до іншої людини. Майстер-клас найкраще працює в групі від 12 до 20 осіб.",
                    "en": "A method from Norway: residents and people with migration experience spend an "
                    "hour "
                    "talking face to face with someone they would not otherwise meet. No preparation and no "
                    "commitment – curiosity about the other person is enough. It works best with 12 to 20 "
                    "people.",
                },
                audience={
                    "pl": "Animatorki i animatorzy, którzy chcą przenieść metodę na swoje osiedle.",
                    "uk": "Аніматорки й аніматори, які хочуть перенести метод у свій район.",
                    "en": "Community workers who want to bring the method to their neighbourhood.",
                },
                capacity=20,
                selectable=True,
            ),
            _visit(
                {
                    "pl": "Miejsce Otwarte – Centrum Integracji Międzykulturowej",
                    "uk": "Відкритий простір – Центр міжкультурної інтеграції",
                    "en": "Open Place – Intercultural Integration Centre",
                },
                "fundacja-internationaler-bund-polska",
                MIEJSCE_OTWARTE,
                "17:30",
                "18:00",
                {
                    "pl": "Krótka prezentacja centrum prowadzonego z partnerami w ramach sieci Miejsc "
                    "Otwartych UNHCR; można też dołączyć do warsztatów, które odbywają się tego dnia w "
                    "centrum.",
                    "uk": "Коротка презентація центру, який працює з партнерами в мережі Відкритих просторів "
                    "УВКБ ООН; можна також долучитися до майстер-класів, що відбуваються цього дня в центрі.",
                    "en": "A short presentation of the centre run with partners in UNHCR's network of Open "
                    "Places; you can also join the workshops held there that day.",
                },
            ),
        ),
    ),
    SessionSpec(
        {
            "pl": "Wieczorne spotkanie inspiracyjno-integracyjne",
            "uk": "Вечірня зустріч для натхнення та знайомств",
            "en": "Evening inspiration and networking",
        },
        "networking",
        "19:00",
        "20:40",
        day=DAY_1,
        description={
            "pl": "Sieciowanie społeczności Miejsc Otwartych i krótkie sesje inspiracyjne:\n\n- 10 lat sieci "
            "MAL w Warszawie\n- Senior/-ka w Miejscu Otwartym – jak współpracować z osobami starszymi\n- "
            "Osiedle Otwarte Jazdów jako laboratorium miejskiej odporności\n- Świetlica mobilna i świetlica "
            "modułowa – jak radzą sobie małe społeczności",
            "uk": "Знайомства в спільноті Відкритих просторів і короткі надихаючі виступи:\n\n- 10 років "
            "мережі Просторів місцевої активності у Варшаві\n- Людина старшого віку у Відкритому просторі – "
            "як співпрацювати з літніми людьми\n- Відкрите селище Язьдув як лабораторія міської стійкості\n"
            "- Мобільний і модульний клуб – як дають собі раду малі громади",
            "en": "Networking for the open places community and short inspiration talks:\n\n- Ten years of "
            "Warsaw's Local Activity Centres network\n- Older people in an open place – how to work "
            "together\n- Jazdów Open Estate as a laboratory of urban resilience\n- Mobile and modular "
            "community rooms – how small communities manage",
        },
    ),
)

# Day 2 ----------------------------------------------------------------------------------------------------


def _parallel(
    title: Text, kind: str, start: str, end: str, track: str, description: Text, roles, audience: Text = ""
):
    """One of three sessions held at once in the track's room: chosen at registration, one per slot."""
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
        capacity=ROOM_CAPACITY[track],
        selectable=True,
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
        {
            "pl": "Inauguracja konferencji i sieciowanie uczestników",
            "uk": "Відкриття конференції та знайомство учасників",
            "en": "Opening and networking",
        },
        "opening",
        "09:00",
        "10:00",
        day=DAY_2,
    ),
    SessionSpec(
        {
            "pl": "Sesje inspiracyjne: Miejsca Otwarte na zmianę",
            "uk": "Надихаючі виступи: Відкриті простори, відкриті до змін",
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
                    "uk": "Глобальні тренди, місцеві тренди. Як передбачити зміни й підготуватися до них?",
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
                    "uk": "Краківські сусіди 2020-х – наживо і у Facebook",
                    "en": "Kraków neighbours in the 2020s – offline and on Facebook",
                },
                "talk",
                "10:20",
                "10:40",
                day=DAY_2,
            ),
            SessionSpec(
                {"pl": "Dyskusja", "uk": "Дискусія", "en": "Discussion"}, "other", "10:40", "10:55", day=DAY_2
            ),
        ),
    ),
    SessionSpec(
        {"pl": "Przerwa kawowa", "uk": "Перерва на каву", "en": "Coffee break"},
        "break",
        "10:55",
        "11:15",
        day=DAY_2,
    ),
    _parallel(
        {
            "pl": "Tradycja community centers na świecie oraz rozwój i wyzwania centrów społecznościowych w "
            "Polsce",
            "uk": "Традиція громадських центрів у світі та розвиток і виклики громадських центрів у Польщі",
            "en": "Community centres worldwide and their growth and challenges in Poland",
        },
        "panel",
        "11:15",
        "12:45",
        TRACK_A,
        {
            "pl": "Skąd wzięły się centra społecznościowe, jakie formy przyjmują w Polsce i czy "
            "terytorium wciąż ma znaczenie w czasach internetu? Paneliści z wieloletnią "
            "praktyką pracy ze społecznością zastanowią się, czy centra potrzebują "
            "profesjonalnych animatorów, czy spontanicznej aktywności, i dokąd zmierzają. "
            "Będzie też czas na głosy z sali.",
            "uk": "Звідки взялися громадські центри, яких форм вони набувають у Польщі і чи "
            "територія досі має значення в часи інтернету? Учасники панелі з багаторічною "
            "практикою роботи з громадою поміркують, чи потрібні центрам професійні "
            "аніматори, чи спонтанна активність, і куди вони рухаються. Буде також час для "
            "голосів із зали.",
            "en": "Where did community centres come from, what shapes do they take in Poland, and "
            "does territory still matter in the internet age? Panellists with years of "
            "community work ask whether centres need professional community workers or "
            "spontaneous activity, and where they are heading. There will be time for "
            "questions from the floor.",
        },
        (
            RoleSpec(JORDAN, "moderator"),
            RoleSpec(CZARNIK, "panelist"),
            RoleSpec(MIKOLAJEWSKI, "panelist"),
            RoleSpec(SKRZYPCZAK, "panelist"),
            RoleSpec(WARECKA, "panelist"),
        ),
        audience={
            "pl": "Wszyscy zainteresowani rozwojem centrów społecznościowych: "
            "mieszkańcy, organizacje, samorządy.",
            "uk": "Усі, кого цікавить розвиток громадських центрів: мешканці, "
            "організації, органи самоврядування.",
            "en": "Everyone interested in how community centres develop: residents, NGOs, local governments.",
        },
    ),
    _parallel(
        {
            "pl": "Miejsca otwarte jako miejsca włączania osób z doświadczeniem migracji",
            "uk": "Відкриті простори як місця включення людей з досвідом міграції",
            "en": "Open places that include people with migration experience",
        },
        "workshop",
        "11:15",
        "12:45",
        TRACK_B,
        {
            "pl": "Wymiana doświadczeń i rekomendacje: jakie kompetencje potrzebne są zespołowi, "
            "jakie bariery napotykają osoby z doświadczeniem migracji, jak przejść od "
            "działań „dla” do działań „z” i jak zaprosić nowych sąsiadów do miejsca "
            "otwartego.",
            "uk": "Обмін досвідом і рекомендації: яких компетенцій потребує команда, з якими "
            "бар'єрами стикаються люди з досвідом міграції, як перейти від дій «для» до дій "
            "«з» і як запросити нових сусідів до відкритого простору.",
            "en": "Sharing experience and recommendations: what skills a team needs, what "
            "barriers people with migration experience meet, how to move from working “for” "
            "to working “with”, and how to invite new neighbours into an open place.",
        },
        (RoleSpec(JASKOLOWSKI, "host"),),
        audience={
            "pl": "Animatorki i animatorzy miejsc otwartych.",
            "uk": "Аніматорки й аніматори відкритих просторів.",
            "en": "Community workers in open places.",
        },
    ),
    _parallel(
        {
            "pl": "Odporna animatorka / odporny animator – jak dbać o swój dobrostan?",
            "uk": "Стійка аніматорка / стійкий аніматор – як дбати про свій добробут?",
            "en": "The resilient community worker – looking after your well-being",
        },
        "workshop",
        "11:15",
        "12:45",
        TRACK_C,
        {
            "pl": "Warsztat i rozmowa o tym, jak praca animatora wpływa na nas samych, co w niej "
            "wspiera, a co wypala. Praktyczne sposoby radzenia sobie ze stresem, także "
            "przez pracę z ciałem, i pomysły na system, który wspiera animatorów.",
            "uk": "Майстер-клас і розмова про те, як робота аніматора впливає на нас самих, що в "
            "ній підтримує, а що виснажує. Практичні способи долати стрес, зокрема через "
            "роботу з тілом, та ідеї системи, яка підтримує аніматорів.",
            "en": "A workshop and conversation about how community work affects us, what sustains "
            "us and what burns us out. Practical ways of coping with stress, including body "
            "work, and ideas for a system that supports community workers.",
        },
        (RoleSpec(GRZYMALA_MOSZCZYNSKA, "host"), RoleSpec(GLINSKA, "host")),
    ),
    _parallel(
        {
            "pl": "Lokalny samorząd jako kreator Miejsc Otwartych w małych gminach",
            "uk": "Місцеве самоврядування як творець Відкритих просторів у малих гмінах",
            "en": "Local government creating open places in small municipalities",
        },
        "panel",
        "12:50",
        "14:20",
        TRACK_A,
        {
            "pl": "Modele miejsc otwartych w gminach do 40 tysięcy mieszkańców: wyzwania, sposoby "
            "radzenia sobie z nimi i finansowanie – od budżetu gminy po środki zewnętrzne "
            "dla organizacji. Prezentacje i rozmowa z publicznością.",
            "uk": "Моделі відкритих просторів у гмінах до 40 тисяч мешканців: виклики, способи з "
            "ними впоратися та фінансування – від бюджету гміни до зовнішніх коштів для "
            "організацій. Презентації та розмова з публікою.",
            "en": "Models of open places in municipalities of up to 40,000 people: the "
            "challenges, ways of meeting them and funding – from the municipal budget to "
            "outside money for NGOs. Presentations and a conversation with the audience.",
        },
        (
            RoleSpec(JANKOWSKI, "moderator"),
            RoleSpec(DZIEWITEK, "guest"),
            RoleSpec(PIKSA, "guest"),
            RoleSpec(PANFIL, "guest"),
            RoleSpec(WOLLMAN, "guest"),
        ),
        audience={
            "pl": "Przedstawiciele samorządów, które prowadzą lub planują Miejsce Otwarte.",
            "uk": "Представники органів самоврядування, які ведуть або планують Відкритий простір.",
            "en": "People from local governments that run or plan an open place.",
        },
    ),
    _parallel(
        {
            "pl": "Kulturalne Centrum Samopomocy jako narzędzie budowania lokalnej rezyliencji",
            "uk": "Культурний центр самодопомоги як інструмент місцевої стійкості",
            "en": "A cultural self-help centre as a tool for local resilience",
        },
        "workshop",
        "12:50",
        "14:20",
        TRACK_B,
        {
            "pl": "Czym jest Kulturalne Centrum Samopomocy – współpraca grup samopomocowych z "
            "instytucjami kultury – i jak założyć je u siebie.",
            "uk": "Що таке Культурний центр самодопомоги – співпраця груп самодопомоги з "
            "установами культури – і як заснувати такий у себе.",
            "en": "What a cultural self-help centre is – self-help groups working with cultural "
            "institutions – and how to start one where you live.",
        },
        (RoleSpec(MATEJKO, "host"), RoleSpec(CYWINSKI, "host")),
        audience={
            "pl": "Animatorki i animatorzy miejsc otwartych, instytucji i nie-instytucji kultury.",
            "uk": "Аніматорки й аніматори відкритих просторів, установ культури та "
            "неінституційних культурних ініціатив.",
            "en": "Community workers in open places, cultural institutions and grassroots culture.",
        },
    ),
    _parallel(
        {
            "pl": "Mieszkańcy mieszkańcom – jak wspieramy wolontariat sąsiedzki",
            "uk": "Мешканці – мешканцям: як ми підтримуємо сусідське волонтерство",
            "en": "Neighbours for neighbours – supporting local volunteering",
        },
        "panel",
        "12:50",
        "14:20",
        TRACK_C,
        {
            "pl": "Jak wspierać mieszkańców, którzy chcą działać dla innych – od jednorazowej "
            "akcji po regularne zajęcia – i jak im przy tym nie przeszkadzać. Dobre "
            "praktyki, pułapki i sukcesy lokalnych grup.",
            "uk": "Як підтримувати мешканців, які хочуть діяти для інших – від одноразової акції "
            "до регулярних занять, – і як їм при цьому не заважати. Добрі практики, пастки "
            "та успіхи місцевих груп.",
            "en": "How to support residents who want to do something for others – from a one-off "
            "action to regular activities – without getting in their way. Good practice, "
            "pitfalls and successes of local groups.",
        },
        (RoleSpec(PIETRZAK, "host"), RoleSpec(CIOCH, "host")),
        audience={
            "pl": "Osoby, które pracują z wolontariuszami albo to planują.",
            "uk": "Ті, хто працює з волонтерами або планує це робити.",
            "en": "People who work with volunteers or plan to.",
        },
    ),
    SessionSpec(
        {"pl": "Przerwa obiadowa", "uk": "Обідня перерва", "en": "Lunch break"},
        "meal",
        "14:20",
        "15:00",
        day=DAY_2,
    ),
    _parallel(
        {
            "pl": "Jak budować sieci miejsc otwartych w metropoliach?",
            "uk": "Як будувати мережі відкритих просторів у великих містах?",
            "en": "Building networks of open places in big cities",
        },
        "panel",
        "15:00",
        "16:30",
        TRACK_A,
        {
            "pl": "Po co, jak i za co rozwijać sieć miejsc otwartych w dużym mieście – "
            "perspektywa osób, które nimi zarządzają, różne modele sieci, ich korzyści i "
            "wyzwania.",
            "uk": "Навіщо, як і за які кошти розвивати мережу відкритих просторів у великому "
            "місті – погляд людей, які ними керують, різні моделі мереж, їхні переваги та "
            "виклики.",
            "en": "Why, how and with what money to grow a network of open places in a big city – "
            "the view of those who manage them, different network models, their benefits "
            "and challenges.",
        },
        (
            RoleSpec(MARKUSZEWSKI, "moderator"),
            RoleSpec(ZDRODOWSKA, "panelist", confirmed=False),
            RoleSpec(MIKOLAJEWSKI, "panelist"),
            RoleSpec(GDANSK_REPRESENTATIVE, "panelist", confirmed=False),
            RoleSpec(PLOSKONKA, "panelist"),
        ),
        audience={
            "pl": "Urzędy i instytucje, które zarządzają miejscami otwartymi lub chcą tworzyć ich sieć.",
            "uk": "Органи влади та установи, які керують відкритими просторами або "
            "хочуть створити їхню мережу.",
            "en": "Public offices and institutions that manage open places or want to "
            "build a network of them.",
        },
    ),
    _parallel(
        {
            "pl": "Czy działalność miejsc otwartych, centrów aktywności lokalnej ma sens?",
            "uk": "Чи має сенс діяльність відкритих просторів і центрів місцевої активності?",
            "en": "Do open places and local activity centres make a difference?",
        },
        "workshop",
        "15:00",
        "16:30",
        TRACK_B,
        {
            "pl": "Jaką zmianę mogą wprowadzić miejsca otwarte, jak zbierać dowody tej zmiany i "
            "jak refleksja nad nią sama staje się narzędziem zmiany.",
            "uk": "Яку зміну можуть принести відкриті простори, як збирати докази цієї зміни і як "
            "роздуми над нею самі стають інструментом змін.",
            "en": "What change open places can bring, how to gather evidence of it, and how "
            "reflecting on it becomes a tool for change in itself.",
        },
        (RoleSpec(SEKUTOWICZ, "moderator"),),
        audience={
            "pl": "Osoby animujące i koordynujące Miejsca Otwarte, które chcą sprawdzić, "
            "czy ich praca przynosi rezultaty.",
            "uk": "Ті, хто анімує та координує Відкриті простори й хоче перевірити, чи "
            "їхня робота дає результати.",
            "en": "People who run and coordinate open places and want to check whether "
            "their work brings results.",
        },
    ),
    _parallel(
        {
            "pl": "Strefa Aktywności Sąsiedzkiej – włączanie instytucji kultury w działania na rzecz "
            "aktywizacji mieszkańców i budowania miejsc otwartych",
            "uk": "Зона сусідської активності – залучення установ культури до активізації мешканців "
            "і створення відкритих просторів",
            "en": "Neighbourhood Activity Zone – bringing cultural institutions into community building",
        },
        "workshop",
        "15:00",
        "16:30",
        TRACK_C,
        {
            "pl": "Jak dom kultury może stać się sąsiedzkim miejscem otwartym: przykłady stref "
            "aktywności, w których mieszkańcy sami planują program, i rozmowa o tym, co w "
            "instytucji musi się zmienić, żeby to działało.",
            "uk": "Як будинок культури може стати сусідським відкритим простором: приклади зон "
            "активності, де мешканці самі планують програму, і розмова про те, що має "
            "змінитися в установі, щоб це працювало.",
            "en": "How a culture house can become a neighbourhood open place: examples of "
            "activity zones where residents plan the programme themselves, and a talk about "
            "what has to change in the institution for it to work.",
        },
        (RoleSpec(STREFA_HOSTS, "host", confirmed=False),),
        audience={
            "pl": "Pracownicy instytucji kultury i animatorzy współpracujący z nimi.",
            "uk": "Працівники установ культури та аніматори, які з ними співпрацюють.",
            "en": "Staff of cultural institutions and the community workers who work with them.",
        },
    ),
    SessionSpec(
        {
            "pl": "Podsumowanie i zakończenie konferencji",
            "uk": "Підсумки та закриття конференції",
            "en": "Wrap-up and closing",
        },
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
        "uk": "Конференція для аніматорок і аніматорів, органів самоврядування, установ культури та "
        "організацій, "
        "які ведуть відкриті простори – громадські центри, сусідські клуби, клуби за місцем проживання – або "
        "хочуть їх створити.\n\n**День I** – навчальні візити, що відбуваються одночасно за різними "
        "адресами, майстер-клас «People meet People» і вечірня зустріч для знайомств. **День II** – "
        "конференція на Заблоцю: надихаючі виступи, а потім три паралельні блоки панелей і майстер-класів "
        "про розвиток центрів, включення людей з досвідом міграції, добробут аніматорів, волонтерство та "
        "мережі відкритих просторів.",
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
            "pl": "Wybierz wizyty studyjne i warsztat pierwszego dnia, a drugiego dnia jedną z trzech "
            "równoległych sesji w każdym bloku – liczba miejsc w salach jest ograniczona.",
            "uk": "Оберіть навчальні візити та майстер-клас першого дня, а другого дня – одну з трьох "
            "паралельних сесій у кожному блоці: кількість місць у залах обмежена.",
            "en": "Choose the day-one study visits and workshop, and on day two one of the three parallel "
            "sessions in each slot – the rooms have limited places.",
        },
        confirmation_message={
            "pl": "Dziękujemy! Szczegóły dojazdu na wizyty studyjne znajdziesz w programie.",
            "uk": "Дякуємо! Як дістатися на навчальні візити, дивіться в програмі.",
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
                per_person=True,
                choices=(
                    ChoiceSpec(
                        {
                            "pl": "Dzień I – wizyty studyjne i warsztaty",
                            "uk": "День I – навчальні візити",
                            "en": "Day 1 – study visits and workshops",
                        },
                        day=0,
                    ),
                    ChoiceSpec(
                        {
                            "pl": "Dzień II – konferencja",
                            "uk": "День II – конференція",
                            "en": "Day 2 – conference",
                        },
                        day=1,
                    ),
                ),
            ),
            QuestionSpec(
                {"pl": "Sektor", "uk": "Сектор", "en": "Sector"},
                "single_choice",
                required=True,
                per_person=True,
                choices=(
                    ChoiceSpec(
                        {"pl": "Organizacja pozarządowa", "uk": "Громадська організація", "en": "NGO"}
                    ),
                    ChoiceSpec(
                        {"pl": "Samorząd", "uk": "Орган місцевого самоврядування", "en": "Local government"}
                    ),
                    ChoiceSpec(
                        {"pl": "Instytucja kultury", "uk": "Установа культури", "en": "Cultural institution"}
                    ),
                    ChoiceSpec(
                        {
                            "pl": "Grupa nieformalna / osoba prywatna",
                            "uk": "Неформальна група / приватна особа",
                            "en": "Informal group / individual",
                        }
                    ),
                    ChoiceSpec({"pl": "Inny", "uk": "Інше", "en": "Other"}),
                ),
            ),
        ),
    ),
)
