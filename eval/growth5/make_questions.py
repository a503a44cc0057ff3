"""Write eval/growth5/questions.jsonl (40 questions) from the table below.

    python eval/growth5/make_questions.py

Schema as eval/questions.jsonl and eval/growth{,3,4}/questions.jsonl: id g5-NNN, lang,
kind, intent, optional family (g5fam-...: the same question in several languages),
question, answer_all (list of groups; each group is a list of alternative spellings,
any one of which must appear in the answer; every group is required), evidence
[{doc, contains}].  Unanswerable questions have kind "unanswerable" and empty
answer_all / evidence.  Check with eval/growth5/check_labels.py.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)

D = {
    "m01": "growth5-ar-el-marsa-mbour-twinning-2026",
    "m02": "growth5-ar-boujdour-council-session-2026-05",
    "m03": "growth5-ar-smara-abeche-visit-2026",
    "m04": "growth5-ar-tifariti-bir-moghrein-cooperation-2026",
    "m05": "growth5-fr-mbour-el-marsa-jumelage-2026",
    "m06": "growth5-fr-lorient-dakhla-renouvellement-2026",
    "m07": "growth5-fr-foum-el-oued-kribi-annonce-2026",
    "m08": "growth5-en-laayoune-monrovia-mou-2026",
    "m09": "growth5-it-sciacca-boujdour-patto-amicizia-2026",
    "m10": "growth5-es-smara-camel-milk-2026",
}

QS = growthkit.Questions("g5", D)
ev, q, U = QS.ev, QS.q, QS.unanswerable


# ------------------------------------------------ spellings shared by several questions
MAY = ["ماي", "مايو", "May", "mai", "maggio", "-05-", "/05/"]
JUNE = ["يونيو", "يونيه", "June", "juin", "-06-", "/06/"]
MBOUR = ["Mbour", "M'bour", "امبور", "مبور", "إمبور"]
LORIENT = ["Lorient", "لوريان"]
MONROVIA = ["Monrovia", "مونروفيا"]
SCIACCA = ["Sciacca", "شاكا", "شياكا", "تشاكا"]
NAZARE = ["Nazaré", "Nazare", "نازاري", "نازاريه"]

# ------------------------------------------------ shared answers of the paraphrase families
# g5fam-mbour-date: El Marsa - Mbour twinning; "أمس الخميس" in m01 (dated Fri 15 May),
# explicit in m05
A_MBOUR_DATE = [["14"], MAY, ["2026"]]
E_MBOUR_DATE = ev(
    ("m01", "شهد القصر البلدي للمرسى، أمس الخميس، توقيع اتفاقية توأمة بين جماعة المرسى وبلدية امبور السنغالية"),
    ("m01", "الجمعة 15 ماي 2026"),
    ("m05", "a signé le jeudi 14 mai 2026, au palais municipal d'El Marsa, un accord de jumelage"),
)
# g5fam-nazare-status: approved as a draft by the Boujdour council, not signed, no date
A_NAZARE = [
    [
        "الموافقة",
        "وافق",
        "صادق",
        "مصادقة",
        "approuv",
        "approved",
        "approval",
        "approvato",
        "approvata",
        "adopté",
        "adopted",
    ],
    [
        "لم يحدد",
        "لم يوقع",
        "لم توقع",
        "لم يتم التوقيع",
        "ماشي موقعة",
        "مازال",
        "باقي",
        "not signed",
        "not been signed",
        "not yet",
        "unsigned",
        "no date",
        "pas encore",
        "pas été signé",
        "non signé",
        "aucune date",
        "non ha ancora",
    ],
]
E_NAZARE = ev(
    ("m02", "قرر المجلس بالأغلبية الموافقة على مشروع اتفاقية التوأمة مع بلدية نازاري البرتغالية"),
    ("m02", "وأنه لم يحدد بعد أي موعد للتوقيع"),
    ("m09", "la cui firma non ha ancora una data"),
)
# g5fam-tifariti-themes: the four strands of the Tifariti - Bir Moghrein convention
A_TIFARITI = [
    ["الآبار", "water", "wells", "l'eau", "points d'eau", "puits"],
    [
        "الإبل",
        "الماعز",
        "التلقيح",
        "livestock",
        "camel",
        "goat",
        "vaccin",
        "bétail",
        "élevage",
        "cheptel",
        "dromadaire",
        "chameau",
    ],
    ["تمدرس", "أقسام متنقلة", "school", "education", "scolar", "éducation", "enseignement", "école"],
    ["الطاقة الشمسية", "solar", "solaire"],
]
E_TIFARITI = ev(
    (
        "m04",
        "وتشمل أربعة محاور: تهيئة الآبار الرعوية وصيانتها وتجهيز بعضها بمضخات تعمل بالطاقة الشمسية، وتنظيم حملات مشتركة لتلقيح الإبل والماعز ومحاربة أمراضها، ودعم تمدرس أبناء الرحل عبر أقسام متنقلة تتبع مسارات الترحال",
    ),
)
# the instruments signed in May 2026 (Nazaré, approved on 4 May, is not one of them)
E_MAY_SIGNED = ev(
    ("m06", "ont renouvelé, mercredi 6 mai, la convention de coopération"),
    ("m01", "شهد القصر البلدي للمرسى، أمس الخميس، توقيع اتفاقية توأمة"),
    ("m05", "a signé le jeudi 14 mai 2026"),
    ("m08", "The document was signed on Tuesday, May 19, at the Laayoune municipal palace"),
    ("m09", "hanno sottoscritto venerdì 22 maggio"),
    ("m02", "وأنه لم يحدد بعد أي موعد للتوقيع"),
)

# ------------------------------------------------------------------ Arabic (16, 6 in Darija)
q(
    "ar",
    "date",
    "date",
    "في أي تاريخ بالضبط جرى توقيع التوأمة بين المرسى ومدينة امبور السنغالية؟",
    A_MBOUR_DATE,
    E_MBOUR_DATE,
    "g5fam-mbour-date",
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش بوجدور سنيات التوأمة مع نازاري البرتغالية ولا غير المجلس اللي وافق على المشروع؟",
    A_NAZARE,
    E_NAZARE,
    "g5fam-nazare-status",
)
q(
    "ar",
    "fact",
    "what_about",
    "على ماذا تنص اتفاقية التعاون التي أبرمتها تفاريتي مع بلدية بئر أم كرين؟",
    A_TIFARITI,
    E_TIFARITI,
    "g5fam-tifariti-themes",
)
q(
    "ar",
    "fact",
    "who",
    "شكون اللي سنيا اتفاقية التوأمة بين المرسى وامبور من الجهتين؟",
    [["ولد لحبيب", "Ould Lahbib"], ["انداو فاي", "عليو", "Ndao", "Faye"]],
    ev(
        ("m01", "ووقع الوثيقة كل من إبراهيم ولد لحبيب، رئيس المجلس الجماعي للمرسى، وعليو انداو فاي، عمدة امبور"),
        ("m05", "le maire de Mbour, Aliou Ndao Faye, a signé"),
    ),
)
q(
    "ar",
    "fact",
    "who",
    "من مثل العيون ومونروفيا في توقيع مذكرة التفاهم بينهما؟",
    [["ولد سيدي", "Ould Sidi"], ["Kollie", "كولي"]],
    ev(
        (
            "m08",
            "by Monrovia's mayor, Esther M. Kollie, and by Mohamed Lamine Ould Sidi, first vice-president of the Laayoune communal council",
        )
    ),
)
q(
    "ar",
    "filter",
    "list",
    "حسب هذه الوثائق، مع أي مدن أجنبية تعاملت جماعة بوجدور خلال شهر ماي 2026، وما هو وضع كل ملف؟",
    [SCIACCA, NAZARE],
    ev(
        ("m09", "A firmare il documento sono stati il sindaco di Sciacca, Gaspare Licata"),
        ("m02", "قرر المجلس بالأغلبية الموافقة على مشروع اتفاقية التوأمة مع بلدية نازاري البرتغالية"),
    ),
)
q(
    "ar",
    "date",
    "date",
    "متى جددت الداخلة اتفاقية التعاون التي تجمعها بمدينة لوريان الفرنسية؟",
    [["6 mai", "6 May", "May 6", "6 ماي", "6 مايو", "06/05", "-05-06", "السادس من ماي"], ["2026"]],
    ev(
        ("m06", "ont renouvelé, mercredi 6 mai, la convention de coopération"),
        ("m06", "mardi 12 mai 2026"),
    ),
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش فم الواد راه وقعات التوأمة مع كريبي الكاميرونية ولا مازال؟",
    [
        [
            "لم توقع",
            "لم يتم",
            "مازال",
            "باقي",
            "ماشي",
            "not yet",
            "not been signed",
            "pas encore",
            "sera signée",
            "will be signed",
            "سيتم",
            "ستوقع",
        ],
        ["27"],
        JUNE,
    ],
    ev(
        ("m07", "une convention de jumelage qui sera signée le samedi 27 juin prochain à Kribi"),
        ("m07", "la lettre d'intention signée le 9 mars dernier à Foum El Oued"),
    ),
)
q(
    "ar",
    "multi_doc_count",
    "count",
    "كم عدد الاتفاقيات التي وقعتها جماعات الأقاليم الجنوبية مع مدن أجنبية خلال شهر ماي 2026 حسب هذه الوثائق؟",
    [["4", "أربع", "four", "quatre"]],
    E_MAY_SIGNED,
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش السمارة وقعات شي اتفاقية مع أبشة التشادية فاش جا الوفد ديالها؟",
    [
        [
            "لم توقع",
            "لم يتم توقيع",
            "لم يوقع",
            "دون توقيع",
            "بدون توقيع",
            "أي وثيقة",
            "ما وقعات",
            "no document",
            "nothing was signed",
            "not signed",
            "did not sign",
            "no agreement",
            "aucun document",
            "aucune signature",
            "rien n'a été signé",
        ],
        ["لجنة تقنية", "technical committee", "comité technique", "commission technique"],
    ],
    ev(("m03", "ولم توقع خلال الزيارة أي وثيقة، حيث اكتفى الطرفان بالاتفاق على تشكيل لجنة تقنية مشتركة")),
)
q(
    "ar",
    "multi_doc",
    "list",
    "ما هي دول المدن الأجنبية التي وقعت وثائق مع جماعات الأقاليم الجنوبية في ماي 2026؟",
    [
        ["السنغال", "Senegal", "Sénégal"],
        ["فرنسا", "فرنسية", "France", "française", "French"],
        ["ليبيريا", "Liberia", "Libéria"],
        ["إيطاليا", "Italy", "Italie", "Italia", "Sicily", "Sicile", "Sicilia", "صقلية"],
    ],
    E_MAY_SIGNED,
)
q(
    "ar",
    "fact",
    "what_about",
    "شنو هي المجالات اللي كتغطيها مذكرة التفاهم بين العيون ومونروفيا؟",
    [
        ["النفايات", "waste", "garbage", "landfill", "déchets"],
        ["الأسواق", "markets", "marchés"],
        ["الإنارة", "lighting", "éclairage", "solar", "solaire", "الطاقة الشمسية"],
        ["كرة القدم", "football"],
    ],
    ev(
        (
            "m08",
            "Under the memorandum, the two cities will exchange experience on solid waste collection and the management of controlled landfills, on the modernisation of urban markets, and on solar street lighting for poor neighbourhoods",
        ),
        ("m08", "A fourth strand covers youth football"),
    ),
)
U("ar", "who", "من هو عمدة بلدية نازاري البرتغالية التي تسعى بوجدور إلى التوأمة معها؟")
U("ar", "count", "شحال دارو ديال الفلوس لاتفاقية التعاون بين تفاريتي وبئر أم كرين؟")
U("ar", "count", "كم كان عدد أعضاء وفد أبشة الذي زار السمارة في ماي 2026؟")
U("ar", "date", "متى ستوقع الداخلة اتفاقية التعاون مع جماعة لانستير الفرنسية؟")

# ------------------------------------------------------------------ French (14)
q(
    "fr",
    "date",
    "date",
    "Quel jour le jumelage entre El Marsa et Mbour a-t-il été signé ?",
    A_MBOUR_DATE,
    E_MBOUR_DATE,
    "g5fam-mbour-date",
)
q(
    "fr",
    "fact",
    "yes_no",
    "Le jumelage entre Boujdour et Nazaré est-il signé, ou le conseil communal l'a-t-il seulement approuvé ?",
    A_NAZARE,
    E_NAZARE,
    "g5fam-nazare-status",
)
q(
    "fr",
    "fact",
    "what_about",
    "Quels domaines couvre la convention de coopération passée entre Tifariti et Bir Moghrein ?",
    A_TIFARITI,
    E_TIFARITI,
    "g5fam-tifariti-themes",
)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé l'avenant prolongeant la coopération entre Lorient et Dakhla ?",
    [["Le Dantec"], ["Dlimi", "الدليمي"]],
    ev(
        (
            "m06",
            "Le maire de Lorient, Hervé Le Dantec, et le premier vice-président du conseil communal de Dakhla, Mohamed Salem Dlimi, ont signé un avenant",
        )
    ),
)
q(
    "fr",
    "date",
    "date",
    "À quelle date Foum El Oued et Kribi ont-elles signé leur lettre d'intention ?",
    [["9 mars", "9 March", "March 9", "9 مارس", "09/03", "-03-09"], ["2026"]],
    ev(
        ("m07", "la lettre d'intention signée le 9 mars dernier à Foum El Oued"),
        ("m07", "mercredi 3 juin 2026"),
    ),
)
q(
    "fr",
    "date",
    "date",
    "Pour quand la signature du jumelage entre Foum El Oued et Kribi est-elle programmée ?",
    [["27"], JUNE, ["2026"]],
    ev(
        ("m07", "une convention de jumelage qui sera signée le samedi 27 juin prochain à Kribi"),
        ("m07", "mercredi 3 juin 2026"),
    ),
)
q(
    "fr",
    "fact",
    "yes_no",
    "Dakhla a-t-elle conclu une convention avec Lanester pendant le séjour de sa délégation à Lorient ?",
    [
        ["proposition", "proposal", "مقترح", "اقتراح"],
        ["pas encore", "n'a pas", "not yet", "not signed", "aucune date", "no date", "لم يوقع", "لم توقع"],
    ],
    ev(
        ("m06", "a remis au maire de la commune voisine de Lanester, Gilles Kervadec, une proposition de convention"),
        ("m06", "Le conseil municipal de Lanester ne l'a pas encore examinée"),
    ),
)
q(
    "fr",
    "fact",
    "what_about",
    "Sur quels domaines porte le pacte d'amitié conclu entre Sciacca et Boujdour ?",
    [
        ["pesce azzurro", "acciughe", "sarde", "pêche", "poisson", "fish", "الصيد", "السمك"],
        ["ceramica", "céramique", "ceramic", "artisanat", "craft", "الخزف"],
        [
            "istituto nautico",
            "scuole marittime",
            "nautique",
            "maritime",
            "school",
            "écoles",
            "scolaire",
            "التعليم",
            "المدارس",
        ],
        ["turistica", "touris", "السياحة", "السياحي"],
    ],
    ev(
        (
            "m09",
            "Il patto individua quattro campi di collaborazione: la pesca e la lavorazione del pesce azzurro",
        ),
        ("m09", "la ceramica e l'artigianato artistico"),
        (
            "m09",
            "gli scambi tra l'istituto nautico di Sciacca e le scuole marittime di Boujdour; e la promozione turistica delle due città",
        ),
    ),
)
q(
    "fr",
    "multi_doc",
    "date",
    "D'après ces documents, quel est le premier texte signé en mai 2026 entre une commune du Sud et une ville étrangère ?",
    [LORIENT, ["Dakhla", "الداخلة"]],
    E_MAY_SIGNED,
)
q(
    "fr",
    "filter",
    "list",
    "Avec quelles villes européennes des communes du Sud ont-elles effectivement signé un document en mai 2026 ?",
    [LORIENT, SCIACCA],
    ev(
        ("m06", "ont renouvelé, mercredi 6 mai, la convention de coopération"),
        ("m09", "hanno sottoscritto venerdì 22 maggio"),
        ("m02", "وأنه لم يحدد بعد أي موعد للتوقيع"),
    ),
)
q(
    "fr",
    "date",
    "date",
    "Depuis quand Dakhla et Lorient sont-elles liées par une convention de coopération ?",
    [["juin", "June", "يونيو", "يونيه", "-06"], ["2023"]],
    ev(("m06", "la convention de coopération qu'elles avaient conclue en juin 2023")),
)
U("fr", "who", "Qui est le maire d'Abéché, dont une délégation s'est rendue à Smara ?")
U("fr", "count", "Combien de jeunes pêcheurs d'El Marsa seront formés chaque année à Mbour ?")
U("fr", "what_about", "Sur quoi porte l'accord conclu entre Boujdour et Marsala ?")

# ------------------------------------------------------------------ English (10)
q(
    "en",
    "date",
    "date",
    "On what date did El Marsa and the Senegalese town of Mbour sign their twinning?",
    A_MBOUR_DATE,
    E_MBOUR_DATE,
    "g5fam-mbour-date",
)
q(
    "en",
    "fact",
    "yes_no",
    "Has Boujdour actually signed its twinning with Nazaré, or has the council only approved a draft?",
    A_NAZARE,
    E_NAZARE,
    "g5fam-nazare-status",
)
q(
    "en",
    "fact",
    "what_about",
    "What does the cooperation agreement between Tifariti and Bir Moghrein in Mauritania deal with?",
    A_TIFARITI,
    E_TIFARITI,
    "g5fam-tifariti-themes",
)
q(
    "en",
    "fact",
    "who",
    "Who signed the Tifariti–Bir Moghrein cooperation agreement?",
    [
        ["ولد اعلي", "Ould Ali", "Ould Aly", "Ould Ely"],
        ["ولد ببكر", "Ould Bebacar", "Ould Babacar", "Ould Boubacar", "Ould Bebakar"],
    ],
    ev(("m04", "ووقع الاتفاقية محمد المختار ولد اعلي، رئيس جماعة تفاريتي، وسيد أحمد ولد ببكر، عمدة بلدية بئر أم كرين")),
)
q(
    "en",
    "fact",
    "who",
    "Whose signatures are on the friendship pact between Sciacca and Boujdour?",
    [["Licata"], ["Ould Bibout", "ولد بيبوط"]],
    ev(
        (
            "m09",
            "A firmare il documento sono stati il sindaco di Sciacca, Gaspare Licata, e il presidente del consiglio comunale di Boujdour, Hamadi Ould Bibout",
        )
    ),
)
q(
    "en",
    "fact",
    "yes_no",
    "Did Dakhla sign anything with Monrovia when the Liberian delegation stopped there?",
    [
        [
            "no agreement",
            "not sign",
            "did not",
            "didn't",
            "nothing was signed",
            "no document",
            "لم توقع",
            "لم يتم",
            "aucun accord",
            "pas signé",
        ],
        ["Laayoune", "Laâyoune", "العيون"],
    ],
    ev(
        ("m08", "No agreement was signed there."),
        ("m08", "has entered into a memorandum of understanding with the communal council of Laayoune"),
    ),
)
q(
    "en",
    "multi_doc",
    "list",
    "Which foreign cities concluded an agreement of some kind with a southern Moroccan commune in May 2026?",
    [MBOUR, LORIENT, MONROVIA, SCIACCA],
    E_MAY_SIGNED,
)
U("en", "date", "When is the Boujdour–Nazaré twinning going to be signed?")
U("en", "count", "For how many years does the Monrovia–Laayoune memorandum run?")
U("en", "date", "When did El Marsa sign its agreement with Rufisque?")

QS.write(HERE / "questions.jsonl")
