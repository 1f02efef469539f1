"""Warsaw, a Friday: the working conference of Warsaw districts; each person ranks the working groups at
registration and the organizer allocates them (the workgroups app)."""

from .specs import (
    ChoiceSpec,
    EventSpec,
    FormSpec,
    PartnerSpec,
    QuestionSpec,
    ScheduleSpec,
    SessionSpec,
    VenueSpec,
)

GROUP_CAPACITY = 20

WORKING_GROUPS = (
    {
        "pl": "Ochrona / potrzeby podstawowe I – mieszkanie, wyżywienie, pomoc rzeczowa i socjalna",
        "uk": "Захист / базові потреби I – житло, харчування, матеріальна та соціальна допомога",
        "en": "Protection / basic needs I – housing, food, material and social assistance",
    },
    {
        "pl": "Ochrona / potrzeby podstawowe II – zdrowie, wsparcie psychologiczne, ochrona przed przemocą",
        "uk": "Захист / базові потреби II – здоров’я, психологічна підтримка, захист від насильства",
        "en": "Protection / basic needs II – health, psychological support, protection from violence",
    },
    {
        "pl": "Informacja, orientacja w mieście, nauka języka polskiego",
        "uk": "Інформація, орієнтація в місті, вивчення польської мови",
        "en": "Information, finding one's way in the city, learning Polish",
    },
    {
        "pl": "Aktywizacja / integracja I – rynek pracy i przedsiębiorczość",
        "uk": "Активізація / інтеграція I – ринок праці та підприємництво",
        "en": "Activation / integration I – jobs and entrepreneurship",
    },
    {
        "pl": "Aktywizacja / integracja II – działania obywatelskie, kultura, integracja sąsiedzka",
        "uk": "Активізація / інтеграція II – громадська діяльність, культура, сусідська інтеграція",
        "en": "Activation / integration II – civic action, culture, neighbourhood integration",
    },
    {
        "pl": "Edukacja dzieci i młodzieży oraz świadomość społeczna i edukacja antydyskryminacyjna",
        "uk": "Освіта дітей і молоді, суспільна обізнаність та антидискримінаційна освіта",
        "en": "Education of children and youth, public awareness and anti-discrimination education",
    },
    {
        "pl": "Sieciowanie i działania systemowe – partnerstwa, finansowanie, kadry, rekomendacje zmian",
        "uk": "Мережування та системні дії – партнерства, фінансування, кадри, рекомендації змін",
        "en": "Networking and systemic action – partnerships, funding, staff, policy recommendations",
    },
    {
        "pl": "Inny temat (opisz go w polu poniżej)",
        "uk": "Інша тема (опишіть її в полі нижче)",
        "en": "Another topic (describe it in the box below)",
    },
)

VENUE = VenueSpec(
    name={
        "pl": "Centrum Wsparcia Koordynacji – Warsaw Towers",
        "en": "Coordination Support Centre – Warsaw Towers",
    },
    address="ul. Sienna 39",
    postal_code="00-121",
    city="Warszawa",
    region="mazowieckie",
    directions={
        "pl": "Uwaga: to nowa siedziba CWK. Biurowiec Warsaw Towers stoi przy ul. Siennej 39, kilka minut "
        "pieszo od stacji metra Rondo ONZ (M2) i przystanków tramwajowych przy Rondzie ONZ. Na recepcji w "
        "holu powiedz, że idziesz na konferencję CWK.",
        "uk": "Увага: це нова адреса CWK. Бізнес-центр Warsaw Towers – вул. Сєнна 39, кілька хвилин пішки "
        "від станції метро Rondo ONZ (M2). На рецепції скажіть, що йдете на конференцію CWK.",
        "en": "Note: this is CWK's new address. The Warsaw Towers office building is at Sienna 39, a few "
        "minutes' walk from the Rondo ONZ metro station (M2). Tell the reception desk you are here for the "
        "CWK conference.",
    },
    accessibility={
        "pl": "Budynek z windami i toaletą dostosowaną do potrzeb osób z niepełnosprawnościami.",
        "en": "The building has lifts and an accessible toilet.",
    },
)

EVENT = EventSpec(
    slug="warszawskie-dzielnice-dla-uchodzcow",
    organization="centrum-wsparcia-koordynacji",
    title={
        "pl": "Warszawskie dzielnice dla uchodźczyń i uchodźców – konferencja robocza",
        "uk": "Варшавські райони для біженок і біженців – робоча конференція",
        "en": "Warsaw districts for refugees – a working conference",
    },
    summary={
        "pl": "Praktyczna konferencja dzielnic, organizacji i partnerów międzynarodowych: krótkie sesje "
        "plenarne, a między nimi praca w tematycznych grupach roboczych wybieranych przy rejestracji.",
        "uk": "Практична конференція районів, організацій і міжнародних партнерів: короткі пленарні сесії, "
        "а між ними робота в тематичних групах, які обирають під час реєстрації.",
        "en": "A hands-on conference of districts, NGOs and international partners: short plenaries with "
        "thematic working groups in between, chosen when you register.",
    },
    description={
        "pl": "Od pierwszych dni wojny Warszawa przyjęła więcej osób uchodźczych niż jakiekolwiek inne "
        "miasto w Polsce. Dzielnice – ośrodki pomocy społecznej, urzędy, lokalne organizacje, firmy i "
        "wolontariusze – w kilka tygodni zbudowały własne sposoby wsparcia. Ta konferencja ma zebrać te "
        "doświadczenia w jednym miejscu i przekuć je w konkretne ustalenia.\n\n**Jak pracujemy:** sesje "
        "plenarne ograniczamy do wprowadzenia i podsumowania. Najwięcej czasu spędzimy w małych grupach "
        "tematycznych, które zapiszą ustalenia i podział zadań. Ostateczny skład grup zależy od tego, kto "
        "się zarejestruje i jakie potrzeby zgłosi – dlatego w formularzu prosimy o wybór grupy.",
        "en": "Warsaw has taken in more refugees than any other Polish city, and its districts built their "
        "own ways of helping within weeks. This working conference collects that experience and turns it "
        "into concrete agreements: plenaries are kept short, most of the day is spent in small thematic "
        "groups formed from the registrations.",
    },
    goals={
        "pl": "- lepsze wsparcie dla uchodźczyń i uchodźców na poziomie lokalnym,\n- lepsza integracja w "
        "poszczególnych dzielnicach,\n- nowe partnerstwa dzielnic z organizacjami lokalnymi i "
        "międzynarodowymi,\n- rekomendacje oparte na praktyce i przejście od pomocy „dla” do współpracy „z” "
        "osobami uchodźczymi.",
        "en": "- better local support for refugees,\n- better integration in each district,\n- new "
        "partnerships between districts, local and international organizations,\n- practice-based "
        "recommendations, moving from help *for* refugees to work *with* them.",
    },
    topics=(
        "refugee-support",
        "integration",
        "cross-sector-cooperation",
        "local-government",
        "housing",
        "labour-market",
        "education",
    ),
    venue=VENUE,
    capacity=150,
    contact_email="cwk@example.org",
    schedule=ScheduleSpec(
        weekday=4, days_from_today=14, start="10:00", end="15:00", closes_days_before=1, closes_at="14:00"
    ),
    partners=(PartnerSpec("miasto-stoleczne-warszawa", "partner"),),
    sessions=(
        SessionSpec(
            {"pl": "Sesja wprowadzająca (plenarna)", "uk": "Вступна пленарна сесія", "en": "Opening plenary"},
            "opening",
            "10:00",
            "10:45",
        ),
        SessionSpec(
            {
                "pl": "Praca w zadaniowych grupach roboczych",
                "uk": "Робота в тематичних робочих групах",
                "en": "Thematic working groups",
            },
            "working_group",
            "11:00",
            "12:45",
            description="Każda grupa pracuje nad jednym obszarem tematycznym wybranym przy rejestracji. "
            "Ustalenia zapisujemy na flipchartach i w notatkach, które po konferencji trafią do wszystkich "
            "uczestników.",
        ),
        SessionSpec(
            {"pl": "Przerwa na lunch", "uk": "Обідня перерва", "en": "Lunch break"}, "meal", "12:45", "13:15"
        ),
        SessionSpec(
            {
                "pl": "Sesja podsumowująca (plenarna)",
                "uk": "Підсумкова пленарна сесія",
                "en": "Closing plenary",
            },
            "other",
            "13:15",
            "15:00",
            description="Grupy przedstawiają swoje ustalenia i rekomendacje; umawiamy się na kolejne kroki.",
        ),
    ),
    form=FormSpec(
        intro={
            "pl": "Rejestracja zastępuje dotychczasowy formularz Google. Uszereguj grupy robocze od "
            "najbardziej interesującej – w każdej jest do 20 miejsc, a przydział uwzględni wybory "
            "wszystkich.",
            "uk": "Впорядкуйте робочі групи від найцікавішої – у кожній до 20 місць, розподіл враховує "
            "вибір усіх.",
            "en": "Rank the working groups, most interesting first – each has up to 20 places, and the "
            "allocation weighs everyone's choices.",
        },
        confirmation_message={
            "pl": "Dziękujemy za rejestrację. Przed konferencją prześlemy informację o składzie grup.",
            "en": "Thank you for registering. We will send the group line-up before the conference.",
        },
        asks_diet=True,
        questions=(
            QuestionSpec(
                {"pl": "Grupa robocza", "uk": "Робоча група", "en": "Working group"},
                "ranking",
                required=True,
                per_person=True,
                min_ranks=3,
                help_text={
                    "pl": "Wybierz co najmniej trzy obszary, od najbardziej interesującego.",
                    "uk": "Оберіть щонайменше три напрями, від найцікавішого.",
                    "en": "Choose at least three areas, most interesting first.",
                },
                # "Another topic" is a proposal, not a group with seats, so it has no seat count.
                choices=(
                    *(ChoiceSpec(label, capacity=GROUP_CAPACITY) for label in WORKING_GROUPS[:-1]),
                    ChoiceSpec(WORKING_GROUPS[-1], open_topic=True),
                ),
            ),
            QuestionSpec(
                {
                    "pl": "Jakie potrzeby lub pomysły chcesz wnieść do pracy grupy?",
                    "uk": "Які потреби чи ідеї ви хочете запропонувати групі?",
                    "en": "What needs or ideas would you bring to the group?",
                },
                "long_text",
                max_length=1500,
            ),
            QuestionSpec(
                {
                    "pl": "Którą dzielnicę lub instytucję reprezentujesz?",
                    "en": "Which district or institution do you represent?",
                },
                "short_text",
                max_length=200,
            ),
        ),
    ),
)
