//! Vocabulary of the synthetic workspace: cooperation topics, places,
//! bodies and people, in English and Arabic (pairs are translations).

/// Cooperation topics: theme names and the subjects of sentences.
pub const TOPICS: [(&str, &str); 20] = [
    ("cybercrime", "الجريمة السيبرانية"),
    ("maritime security", "الأمن البحري"),
    ("money laundering", "غسل الأموال"),
    ("human trafficking", "الاتجار بالبشر"),
    ("counter-terrorism", "مكافحة الإرهاب"),
    ("border management", "إدارة الحدود"),
    ("public health", "الصحة العامة"),
    ("emerging technology", "التكنولوجيا الناشئة"),
    ("drug trafficking", "الاتجار بالمخدرات"),
    ("firearms control", "مراقبة الأسلحة النارية"),
    ("environmental crime", "الجريمة البيئية"),
    ("corruption", "الفساد"),
    ("organized crime", "الجريمة المنظمة"),
    ("police training", "تدريب الشرطة"),
    ("data sharing", "تبادل البيانات"),
    ("forensic capacity", "القدرات الجنائية"),
    ("migrant smuggling", "تهريب المهاجرين"),
    ("cultural property", "الممتلكات الثقافية"),
    ("financial intelligence", "الاستخبارات المالية"),
    ("crisis response", "الاستجابة للأزمات"),
];

/// Extra keywords per topic (same order as [`TOPICS`]).
pub const KEYWORDS: [(&str, &str); 20] = [
    ("cyber attacks", "الهجمات الإلكترونية"),
    ("piracy", "القرصنة البحرية"),
    ("illicit finance", "التمويل غير المشروع"),
    ("forced labour", "العمل القسري"),
    ("violent extremism", "التطرف العنيف"),
    ("travel documents", "وثائق السفر"),
    ("pandemics", "الأوبئة"),
    ("artificial intelligence", "الذكاء الاصطناعي"),
    ("narcotics", "المخدرات"),
    ("small arms", "الأسلحة الصغيرة"),
    ("wildlife trafficking", "الاتجار بالأحياء البرية"),
    ("bribery", "الرشوة"),
    ("criminal networks", "الشبكات الإجرامية"),
    ("capacity building", "بناء القدرات"),
    ("databases", "قواعد البيانات"),
    ("fingerprints", "بصمات الأصابع"),
    ("irregular migration", "الهجرة غير النظامية"),
    ("stolen artefacts", "القطع الأثرية المسروقة"),
    ("asset recovery", "استرداد الأصول"),
    ("emergency coordination", "تنسيق الطوارئ"),
];

/// Kinds of bodies: English word, Arabic word (with its article), kind,
/// and whether the Arabic noun is feminine (for the adjective's agreement).
pub const BODIES: [(&str, &str, &str, bool); 12] = [
    ("Office", "المكتب", "office", false),
    ("Commission", "الهيئة", "body", true),
    ("Committee", "اللجنة", "committee", true),
    ("Council", "المجلس", "body", false),
    ("Agency", "الوكالة", "agency", true),
    ("Directorate", "المديرية", "directorate", true),
    ("Department", "الإدارة", "department", true),
    ("Centre", "المركز", "office", false),
    ("Institute", "المعهد", "institute", false),
    ("Network", "الشبكة", "organization", true),
    ("Task Force", "فرقة العمل", "body", true),
    ("Bureau", "الدائرة", "office", true),
];

/// Scopes of bodies: English, Arabic masculine, Arabic feminine.
pub const SCOPES: [(&str, &str, &str); 4] = [
    ("Regional", "الإقليمي", "الإقليمية"),
    ("National", "الوطني", "الوطنية"),
    ("Joint", "المشترك", "المشتركة"),
    ("Central", "المركزي", "المركزية"),
];

/// Top-level organizations: id, English name, Arabic name, acronym.
pub const ROOTS: [(&str, &str, &str, &str); 5] = [
    ("un", "United Nations", "الأمم المتحدة", "UN"),
    (
        "interpol",
        "International Criminal Police Organization",
        "الإنتربول",
        "INTERPOL",
    ),
    ("au", "African Union", "الاتحاد الأفريقي", "AU"),
    ("las", "League of Arab States", "جامعة الدول العربية", "LAS"),
    ("eu", "European Union", "الاتحاد الأوروبي", "EU"),
];

/// Regions bodies work in.
pub const REGIONS: [(&str, &str); 20] = [
    ("West Africa", "غرب أفريقيا"),
    ("East Africa", "شرق أفريقيا"),
    ("North Africa", "شمال أفريقيا"),
    ("the Sahel", "منطقة الساحل"),
    ("the Gulf", "منطقة الخليج"),
    ("the Levant", "بلاد الشام"),
    ("the Red Sea", "البحر الأحمر"),
    ("the Mediterranean", "البحر المتوسط"),
    ("Central Asia", "آسيا الوسطى"),
    ("South Asia", "جنوب آسيا"),
    ("Southeast Asia", "جنوب شرق آسيا"),
    ("the Balkans", "البلقان"),
    ("the Caribbean", "منطقة البحر الكاريبي"),
    ("Latin America", "أمريكا اللاتينية"),
    ("the Horn of Africa", "القرن الأفريقي"),
    ("the Arab region", "المنطقة العربية"),
    ("Europe", "أوروبا"),
    ("the Pacific", "المحيط الهادئ"),
    ("Southern Africa", "الجنوب الأفريقي"),
    ("the Maghreb", "المغرب العربي"),
];

/// Cities where meetings happen.
pub const PLACES: [(&str, &str); 16] = [
    ("New York", "نيويورك"),
    ("Vienna", "فيينا"),
    ("Lyon", "ليون"),
    ("Geneva", "جنيف"),
    ("Nairobi", "نيروبي"),
    ("Cairo", "القاهرة"),
    ("Amman", "عمّان"),
    ("Beirut", "بيروت"),
    ("Tunis", "تونس"),
    ("Rabat", "الرباط"),
    ("Doha", "الدوحة"),
    ("Riyadh", "الرياض"),
    ("Abu Dhabi", "أبوظبي"),
    ("Baghdad", "بغداد"),
    ("Khartoum", "الخرطوم"),
    ("Algiers", "الجزائر"),
];

/// Given names of people.
pub const GIVEN: [(&str, &str); 20] = [
    ("Amina", "أمينة"),
    ("Omar", "عمر"),
    ("Layla", "ليلى"),
    ("Youssef", "يوسف"),
    ("Fatima", "فاطمة"),
    ("Karim", "كريم"),
    ("Nadia", "نادية"),
    ("Hassan", "حسن"),
    ("Salma", "سلمى"),
    ("Tariq", "طارق"),
    ("Maria", "ماريا"),
    ("Jonas", "يوناس"),
    ("Elena", "إيلينا"),
    ("David", "ديفيد"),
    ("Aisha", "عائشة"),
    ("Mustafa", "مصطفى"),
    ("Rania", "رانيا"),
    ("Ibrahim", "إبراهيم"),
    ("Sofia", "صوفيا"),
    ("Ahmed", "أحمد"),
];

/// Family names of people.
pub const FAMILY: [(&str, &str); 20] = [
    ("Haddad", "حداد"),
    ("Mansour", "منصور"),
    ("Khalil", "خليل"),
    ("Nasser", "ناصر"),
    ("Saleh", "صالح"),
    ("Aziz", "عزيز"),
    ("Rahman", "الرحمن"),
    ("Farouk", "فاروق"),
    ("Qasim", "قاسم"),
    ("Jaber", "جابر"),
    ("Novak", "نوفاك"),
    ("Lindqvist", "ليندكفيست"),
    ("Moreau", "مورو"),
    ("Okafor", "أوكافور"),
    ("Tanaka", "تاناكا"),
    ("Hamdan", "حمدان"),
    ("Yassin", "ياسين"),
    ("Barakat", "بركات"),
    ("Suleiman", "سليمان"),
    ("Darwish", "درويش"),
];

/// English sentence templates. `{o}` a body, `{p}` a person, `{t}` a topic,
/// `{c}` a city, `{y}` a year, `{n}` a number, `{d}` a date.
pub const EN_SENTENCES: [&str; 14] = [
    "{o} and {o} agreed to strengthen cooperation on {t} in {c}.",
    "Officials from {o} met in {c} on {d} to discuss {t}.",
    "According to {o}, {t} remains a priority for {n} member states.",
    "{p} said that joint work on {t} must continue beyond {y}.",
    "The review of {t} found that {n} cases had been referred to {o}.",
    "In {y}, {o} trained {n} officers in {c} on {t}.",
    "A joint statement by {o} and {p} called for more data on {t}.",
    "The meeting in {c} focused on {t} and on support from {o}.",
    "{o} published its annual report on {t} in {y}.",
    "Participants welcomed the role of {o} in {t} and in {t}.",
    "{p} of {o} presented {n} recommendations on {t}.",
    "The programme on {t}, run with {o}, reached {n} countries by {y}.",
    "Delegates in {c} reviewed progress on {t} since {y}.",
    "Further talks between {o} and {o} are planned for {y}.",
];

/// Arabic sentence templates; `{o}`, `{wo}` (و + body), `{bo}` (ب + body),
/// `{lo}` (ل + body, ل + ال → لل), `{t}`, `{p}`, `{c}`, `{y}`, `{n}`, `{d}`.
pub const AR_SENTENCES: [&str; 14] = [
    "اتفق {o} {wo} على تعزيز التعاون في مجال {t} في {c}.",
    "اجتمع مسؤولون من {o} في {c} يوم {d} لمناقشة {t}.",
    "ووفقا {lo}، يظل {t} أولوية لدى {n} دولة عضوا.",
    "وأكد {p} أن العمل المشترك بشأن {t} يجب أن يستمر بعد عام {y}.",
    "وخلص الاستعراض إلى أن {n} قضية في مجال {t} أحيلت إلى {o}.",
    "وفي عام {y}، درّب {o} {n} موظفا في {c} على {t}.",
    "ودعا بيان مشترك صادر عن {o} {wo} إلى مزيد من البيانات بشأن {t}.",
    "وركز الاجتماع في {c} على {t} وعلى الدعم المقدم من {o}.",
    "ونشر {o} تقريره السنوي عن {t} في عام {y}.",
    "ورحب المشاركون بدور {o} في {t} وفي {t}.",
    "وقدم {p} {n} توصيات بشأن {t} بالتعاون {bo}.",
    "وبلغ البرنامج المعني بـ{t}، الذي ينفذ بالشراكة مع {o}، {n} بلدا بحلول عام {y}.",
    "واستعرض المندوبون في {c} التقدم المحرز في {t} منذ عام {y}.",
    "ومن المقرر إجراء محادثات أخرى بين {o} {wo} في عام {y}.",
];

/// English headings (no final punctuation, so they load as headings).
pub const EN_HEADINGS: [&str; 6] = [
    "Cooperation on {t}",
    "Outcome of the meeting in {c}",
    "Next steps for {t}",
    "Background",
    "Partners and programmes",
    "The {y} review",
];

/// Arabic headings.
pub const AR_HEADINGS: [&str; 6] = [
    "التعاون في مجال {t}",
    "نتائج الاجتماع في {c}",
    "الخطوات التالية بشأن {t}",
    "معلومات أساسية",
    "الشركاء والبرامج",
    "استعراض عام {y}",
];

/// English month names for dates in running text.
pub const MONTHS_EN: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// Arabic month names.
pub const MONTHS_AR: [&str; 12] = [
    "يناير",
    "فبراير",
    "مارس",
    "أبريل",
    "مايو",
    "يونيو",
    "يوليو",
    "أغسطس",
    "سبتمبر",
    "أكتوبر",
    "نوفمبر",
    "ديسمبر",
];
