"""Online, a Wednesday afternoon: the 3rd KOMM coalition meeting; the link goes to confirmed people only."""

from .specs import ChoiceSpec, EventSpec, FormSpec, PartnerSpec, QuestionSpec, ScheduleSpec, SessionSpec

LANGUAGE_SUPPORT = {
    "pl": "Czy potrzebujesz wsparcia językowego?",
    "uk": "Чи потрібна вам мовна підтримка?",
    "en": "Do you need language support?",
}
YES = {"pl": "Tak", "uk": "Так", "en": "Yes"}
NO = {"pl": "Nie", "uk": "Ні", "en": "No"}

VOIVODESHIPS = (
    {"pl": "dolnośląskie", "uk": "Нижньосілезьке", "en": "Lower Silesian"},
    {"pl": "kujawsko-pomorskie", "uk": "Куявсько-Поморське", "en": "Kuyavian-Pomeranian"},
    {"pl": "lubelskie", "uk": "Люблінське", "en": "Lublin"},
    {"pl": "lubuskie", "uk": "Любуське", "en": "Lubusz"},
    {"pl": "łódzkie", "uk": "Лодзинське", "en": "Łódź"},
    {"pl": "małopolskie", "uk": "Малопольське", "en": "Lesser Poland"},
    {"pl": "mazowieckie", "uk": "Мазовецьке", "en": "Masovian"},
    {"pl": "opolskie", "uk": "Опольське", "en": "Opole"},
    {"pl": "podkarpackie", "uk": "Підкарпатське", "en": "Subcarpathian"},
    {"pl": "podlaskie", "uk": "Підляське", "en": "Podlaskie"},
    {"pl": "pomorskie", "uk": "Поморське", "en": "Pomeranian"},
    {"pl": "śląskie", "uk": "Сілезьке", "en": "Silesian"},
    {"pl": "świętokrzyskie", "uk": "Свентокшиське", "en": "Holy Cross"},
    {"pl": "warmińsko-mazurskie", "uk": "Вармінсько-Мазурське", "en": "Warmian-Masurian"},
    {"pl": "wielkopolskie", "uk": "Великопольське", "en": "Greater Poland"},
    {"pl": "zachodniopomorskie", "uk": "Західнопоморське", "en": "West Pomeranian"},
)

EVENT = EventSpec(
    slug="komm-iii-spotkanie-koalicji",
    organization="fundacja-kalejdoskop-kultur",
    title={
        "pl": "SOS UA: III Spotkanie Koalicji KOMM – podsumowanie działań pomocowych i plany projektowe",
        "uk": "SOS UA: III зустріч коаліції KOMM – підсумки допомоги та проєктні плани",
        "en": "SOS UA: 3rd meeting of the KOMM coalition – relief work so far and project plans",
    },
    summary={
        "pl": "Spotkanie online liderów i organizacji mniejszościowych i migranckich: co zrobiliśmy dla "
        "osób uchodźczych z Ukrainy, czego potrzebują nasi odbiorcy i z kim napiszemy kolejne projekty.",
        "uk": "Онлайн-зустріч лідерів і організацій меншин та мігрантів: що ми зробили для біженців з "
        "України, чого потребують наші отримувачі допомоги і з ким писатимемо нові проєкти.",
        "en": "An online meeting of minority and migrant leaders and organizations: what we did for "
        "refugees from Ukraine, what the people we serve need, and who we will write the next projects with.",
    },
    description={
        "pl": "Członkowie Koalicji od pierwszych dni inwazji pomagają osobom uchodźczym i wspierają pomoc "
        "humanitarną w Ukrainie. Na tym spotkaniu chcemy:\n\n- zebrać wiedzę o tym, co liderzy i "
        "organizacje mniejszościowe i migranckie robią w swoich województwach – także o koordynacji pomocy, "
        "hubach pozarządowych i partnerstwach z samorządami,\n- nazwać długofalowe potrzeby osób, z którymi "
        "pracujemy, na które organizacje społeczne mogą odpowiedzieć,\n- ustalić priorytety: ścieżki "
        "grantowe, specjalizacje organizacji, uzupełnianie się w regionach,\n- na koniec – networking "
        "projektowy i szukanie partnerów do wspólnych wniosków.\n\nKoalicja jest otwarta: nie trzeba "
        "należeć do formalnej organizacji – wystarczy, że działasz w grupie migrantów i migrantek albo "
        "mniejszości narodowej lub etnicznej, albo na jej rzecz. Chcesz, żeby informacja o Twoich "
        "działaniach znalazła się na stronie komm.org.pl? Napisz do nas.",
        "uk": "Члени Коаліції з перших днів вторгнення допомагають біженцям і підтримують гуманітарну "
        "допомогу в Україні. На цій зустрічі ми хочемо:\n\n- зібрати знання про те, що лідери та "
        "організації меншин і мігрантів роблять у своїх воєводствах – також про координацію допомоги, "
        "громадські хаби та партнерства з органами самоврядування,\n- назвати довгострокові потреби людей, "
        "з якими ми працюємо і на які можуть відповісти громадські організації,\n- визначити пріоритети: "
        "грантові напрями, спеціалізації організацій, взаємодоповнення в регіонах,\n- наостанок – "
        "проєктний нетворкінг і пошук партнерів для спільних заявок.\n\nКоаліція відкрита: не обов'язково "
        "належати до формальної організації – досить того, що ви дієте в групі мігрантів і мігранток або "
        "національної чи етнічної меншини чи на її користь. Хочете, щоб інформація про вашу діяльність "
        "з'явилася на сайті komm.org.pl? Напишіть нам.",
        "en": "Coalition members have helped refugees and supported humanitarian aid to Ukraine since the "
        "invasion began. We will pool what we know about relief work in each region, name the long-term "
        "needs of the people we serve, agree on priorities and finish with project networking. The "
        "coalition is open: you do not need a formal organization – acting in or for a migrant or minority "
        "group is enough.",
    },
    topics=("refugee-support", "minorities-and-migrants", "civil-society"),
    format="online",
    online_url_prefix="https://meet.example.org/komm-",
    languages="pl",
    interpretation={
        "pl": "Spotkanie odbywa się po polsku. Jeśli potrzebujesz wsparcia językowego, zaznacz to w "
        "formularzu – poszukamy sposobu, żebyś mógł/mogła swobodnie uczestniczyć.",
        "uk": "Зустріч проходить польською мовою. Якщо вам потрібна мовна підтримка, позначте це у формі.",
        "en": "The meeting is in Polish. If you need language support, say so in the form and we will find "
        "a way for you to take part comfortably.",
    },
    contact_email="komm@example.org",
    email_paragraph={
        "pl": "Link do spotkania wysyłamy tylko osobom, które potwierdziły udział. Pytania: "
        "komm@example.org; informacje na stronę koalicji: strona@example.org.",
        "uk": "Посилання на зустріч ми надсилаємо лише тим, хто підтвердив участь. Запитання: "
        "komm@example.org; інформація для сайту коаліції: strona@example.org.",
        "en": "The meeting link goes only to people who confirmed attendance. Questions: komm@example.org; "
        "news for the coalition website: strona@example.org.",
    },
    schedule=ScheduleSpec(weekday=2, days_from_today=10, start="16:00", end="18:00"),
    partners=(
        PartnerSpec("koalicja-komm", "co_organizer"),
        PartnerSpec(
            "aktywni-obywatele-fundusz-krajowy",
            "funder",
            {
                "pl": "Projekt KOMM realizowany w ramach programu Aktywni Obywatele – Fundusz Krajowy, "
                "finansowanego z Funduszy EOG",
                "uk": "Проєкт KOMM реалізується в межах програми «Активні громадяни – Національний фонд», "
                "що фінансується з Фондів ЄЕЗ",
                "en": "The KOMM project is part of the Active Citizens Fund – National programme, funded by "
                "the EEA Grants",
            },
        ),
    ),
    sessions=(
        SessionSpec(
            {
                "pl": "Powitanie i przedstawienie się organizacji",
                "uk": "Привітання та представлення організацій",
                "en": "Welcome and introductions",
            },
            "opening",
            "16:00",
            "16:20",
        ),
        SessionSpec(
            {
                "pl": "Działania pomocowe w województwach – dobre praktyki",
                "uk": "Допомога у воєводствах – добрі практики",
                "en": "Relief work in the regions – good practice",
            },
            "talk",
            "16:20",
            "17:00",
        ),
        SessionSpec(
            {
                "pl": "Potrzeby odbiorców i priorytety Koalicji",
                "uk": "Потреби отримувачів допомоги та пріоритети Коаліції",
                "en": "Needs of the people we serve and the coalition's priorities",
            },
            "workshop",
            "17:00",
            "17:30",
        ),
        SessionSpec(
            {"pl": "Networking projektowy", "uk": "Проєктний нетворкінг", "en": "Project networking"},
            "networking",
            "17:30",
            "18:00",
        ),
    ),
    form=FormSpec(
        intro={
            "pl": "Potwierdź udział, a przed spotkaniem wyślemy Ci link.",
            "uk": "Підтвердіть участь, і перед зустріччю ми надішлемо вам посилання.",
            "en": "Confirm your attendance and we will send you the link before the meeting.",
        },
        confirmation_message={
            "pl": "Dziękujemy! Link do spotkania wyślemy e-mailem.",
            "uk": "Дякуємо! Посилання на зустріч надішлемо електронною поштою.",
            "en": "Thank you! We will e-mail you the meeting link.",
        },
        asks_interpretation=False,
        asks_accessibility=False,
        questions=(
            QuestionSpec(
                {"pl": "Organizacja lub grupa", "uk": "Організація або група", "en": "Organization or group"},
                "short_text",
                required=True,
                help_text={
                    "pl": "Może to być grupa nieformalna.",
                    "uk": "Це може бути неформальна група.",
                    "en": "An informal group is fine.",
                },
                max_length=200,
            ),
            QuestionSpec(
                {
                    "pl": "Województwo, w którym działasz",
                    "uk": "Воєводство, у якому ви дієте",
                    "en": "Voivodeship where you are active",
                },
                "dropdown",
                choices=tuple(ChoiceSpec(name) for name in VOIVODESHIPS),
            ),
            QuestionSpec(
                LANGUAGE_SUPPORT,
                "single_choice",
                required=True,
                choices=(ChoiceSpec(YES), ChoiceSpec(NO)),
                per_person=True,
            ),
            QuestionSpec(
                {"pl": "W jakim języku?", "uk": "Якою мовою?", "en": "Which language?"},
                "short_text",
                required=True,
                max_length=50,
                per_person=True,
                fills="interpretation_language",
                shown_if_question=LANGUAGE_SUPPORT["pl"],
                shown_if_answer=YES,
            ),
        ),
    ),
)
