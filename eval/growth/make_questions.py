"""Write eval/growth/questions.jsonl (54 questions) from the table below.

    python eval/growth/make_questions.py

Ids gr-NNN, families gfam-...; the schema is eval/questions.jsonl's.  Check with
eval/growth/check_labels.py.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)

SL = "growth-ar-dakhla-saint-louis-2025"
CM = "growth-ar-dakhla-council-2025-05"
OV = "growth-ar-smara-ouagadougou-visit-2025"
TL = "growth-ar-tarfaya-letter-of-intent-2025"
BL = "growth-ar-boujdour-libreville-convention-2025"
TT = "growth-ar-tantan-moussem-2025"
SO = "growth-fr-laayoune-sorrente-renouvellement-2025"
EM = "growth-fr-el-marsa-concarneau-pacte-2024"
FK = "growth-fr-foum-el-oued-kaolack-convention-2025"
BG = "growth-fr-bir-gandouz-lancones-annonce-2025"
KO = "growth-en-laayoune-kochi-mou-2025"
RV = "growth-en-territorial-diplomacy-review-2025"
AO = "growth-it-amgala-orgosolo-gemellaggio-2025"
VA = "growth-it-dakhla-vasto-protocollo-2025"
BT = "growth-es-boujdour-trujillo-hermanamiento-2025"
AP = "growth-es-aousserd-puerto-del-rosario-convenio-2025"
IS = "ismaili-2025"
NP = "noonpost-2025-10-31"

QS = growthkit.Questions("gr")
ev, q, U = QS.ev, QS.q, QS.unanswerable


# shared answers
A_SL_DATE = [["11"], ["février", "February", "فبراير", "-02-", "/02/"], ["2025"]]
E_SL_DATE = ev(
    (SL, "يوم الثلاثاء الماضي بمقر الجماعة"),
    (SL, "الجمعة 14 فبراير 2025"),
    (RV, "twinning agreement signed on 11 February 2025"),
)
A_MAZ = [
    ["approuv", "approved", "approval", "adopté", "صادق", "مصادقة"],
    [
        "pas encore",
        "pas été signé",
        "non signé",
        "not yet",
        "not been signed",
        "not signed",
        "unsigned",
        "لم يوقع",
        "لم توقع",
        "لم يتم التوقيع",
        "لم يحدد",
        "رهينا",
        "ماشي موقعة",
        "مازال",
    ],
]
E_MAZ = ev(
    (CM, "صادق المجلس بالإجماع على مشروع اتفاقية التوأمة مع جماعة مازارا ديل فالو"),
    (CM, "يبقى توقيع الاتفاقيتين رهينا باستكمال المساطر الإدارية"),
    (RV, "neither had been signed"),
)
A_BOU = [
    ["Battipaglia", "باتياغليا"],
    ["Lazio", "Lozio", "لاتسيو"],
    ["Libreville", "ليبرفيل"],
    ["Trujillo", "تروخيو", "تروخيلو"],
]
E_BOU = ev(
    (IS, "باتياغليا، إيطاليا"),
    (IS, "لاتسيو، إيطاليا"),
    (BL, "بين جماعة بوجدور وبلدية ليبرفيل"),
    (BT, "La comuna marroquí de Bojador y la ciudad peruana de Trujillo"),
)
A_LAN = [["février", "February", "فبراير", "febrero"], ["2026"]]
E_LAN = ev(
    (BG, "devrait signer en février 2026 un accord de jumelage avec Lancones"),
    (RV, "twinning announced for February 2026"),
)
A_ORG = [["Mele", "ميلي"], ["Ould Mbarek", "ولد مبارك", "Ould M'barek"]]
E_ORG = ev(
    (
        AO,
        "il sindaco di Orgosolo, Giovanni Mele, e il vicepresidente del consiglio comunale di Amgala, Salek Ould Mbarek",
    )
)
A_KOCHI = [["مذكرة تفاهم", "memorandum", "MoU", "mémorandum", "protocole d'accord", "protocole d'entente"]]
E_KOCHI = ev(
    (KO, "signed a memorandum of understanding on Tuesday, 14 October 2025"),
    (KO, "does not yet amount to a twinning agreement"),
)
A_OUA = [
    ["زيارة", "زار", "visite", "visit"],
    [
        "لم تسفر",
        "لم يتم",
        "لم يوقع",
        "لم توقع",
        "ماشي",
        "دون توقيع",
        "بدون توقيع",
        "no agreement",
        "did not",
        "not sign",
        "not been signed",
        "aucun",
        "aucune",
        "pas signé",
        "n'a pas",
        "no, ",
        "No.",
    ],
]
E_OUA = ev((OV, "ولم تسفر الزيارة عن توقيع أي اتفاقية"), (RV, "No agreement was signed during the visit."))

# ---------------- fr
q(
    "fr",
    "date",
    "date",
    "Quand Dakhla a-t-elle signé son accord de jumelage avec Saint-Louis du Sénégal ?",
    A_SL_DATE,
    E_SL_DATE,
    "gfam-saint-louis-date",
)
q(
    "fr",
    "fact",
    "yes_no",
    "Dakhla a-t-elle signé son jumelage avec Mazara del Vallo ?",
    A_MAZ,
    E_MAZ,
    "gfam-mazara-status",
)
q(
    "fr",
    "date_figure",
    "count",
    "Lors de la session de mai 2025 du conseil communal de Dakhla, combien de conseillers ont voté pour le projet de jumelage avec Arica, et combien se sont abstenus ?",
    [["24"], ["3", "trois", "three", "ثلاثة"]],
    ev((CM, "الموافقون: 24 – الرافضون: 0 – الممتنعون: 3")),
)
q(
    "fr",
    "list",
    "list",
    "Avec quelles villes étrangères Boujdour a-t-elle conclu des accords, en réunissant l'étude d'Ismaili et les nouveaux articles ?",
    A_BOU,
    E_BOU,
    "gfam-boujdour-partners",
)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé le renouvellement du jumelage entre Laâyoune et Sorrente en avril 2025 ?",
    [["Ould Sidi", "ولد سيدي"], ["Russo", "روسو"]],
    ev(
        (
            SO,
            "par Mohamed Lamine Ould Sidi, premier vice-président du conseil communal de Laâyoune, et par Carlo Russo, maire de Sorrente",
        )
    ),
)
q(
    "fr",
    "multi_doc",
    "date",
    "Depuis quand Laâyoune est-elle jumelée avec Sorrente, et en quelles années le jumelage a-t-il été reconduit ?",
    [["2009"], ["2017"], ["2025"]],
    ev(
        (SO, "qui les unit depuis avril 2009"),
        (SO, "après une première reconduction intervenue en 2017"),
        (SO, "ont renouvelé samedi 19 avril 2025"),
        (IS, "تجديد التوأمة بين بلدية العيون وبلدية سورينطو الإيطالية"),
    ),
)
q(
    "fr",
    "fact",
    "what_about",
    "Quel type d'accord El Marsa a-t-elle signé avec Concarneau, et s'agit-il d'un jumelage ?",
    [
        ["pacte d'amitié", "pacte d’amitié", "friendship pact", "ميثاق صداقة", "ميثاق الصداقة"],
        [
            "première étape",
            "éventuel jumelage",
            "futur jumelage",
            "pas un jumelage",
            "first step",
            "possible twinning",
            "future twinning",
            "not a twinning",
            "خطوة أولى",
            "ليس توأمة",
        ],
    ],
    ev(
        (
            EM,
            "ont signé vendredi dernier un pacte d'amitié, présenté par les deux parties comme une première étape vers un éventuel jumelage",
        )
    ),
)
q(
    "fr",
    "fact",
    "yes_no",
    "El Marsa est-elle jumelée avec la ville portugaise de Peniche ?",
    [["proposition", "proposal", "مقترح", "proposé"]],
    ev(
        (EM, "une proposition de convention de jumelage entre El Marsa et la cité portugaise"),
        (EM, "qui ne s'est pas encore prononcée"),
    ),
)
q(
    "fr",
    "fact",
    "where",
    "Dans quel pays se trouve la ville de Trujillo jumelée avec Boujdour ?",
    [["Pérou", "Peru", "Perú", "البيرو", "بيرو"]],
    ev((BT, "la ciudad peruana de Trujillo, capital de la región La Libertad")),
)
q(
    "fr",
    "date",
    "date",
    "Quand l'accord de jumelage entre Bir Gandouz et Lancones doit-il être signé ?",
    A_LAN,
    E_LAN,
    "gfam-lancones-date",
)
q(
    "fr",
    "fact",
    "what_about",
    "Sur quels domaines porte la convention entre Foum El Oued et Kaolack ?",
    [
        ["agroalimentaire", "agro-alimentaire", "agri-food", "agrifood", "الصناعات الغذائية"],
        ["solaire", "solar", "الشمسية"],
        ["formation", "training", "التكوين", "تكوين"],
    ],
    ev(
        (
            FK,
            "la valorisation des produits agroalimentaires, l'électrification solaire des équipements publics et la formation des agents communaux",
        )
    ),
)
q(
    "fr",
    "fact",
    "who",
    "Quel rôle l'ambassadeur du Maroc en Italie a-t-il joué lors du jumelage entre Amgala et Orgosolo ?",
    [["témoin", "witness", "testimone", "شاهد"]],
    ev((AO, "che ha sottoscritto il documento in qualità di testimone")),
)
q(
    "fr",
    "filter",
    "list",
    "D'après les nouveaux articles, quelles conventions de coopération (et non des jumelages) des communes du Sud ont-elles signées en 2025 avec des villes étrangères ?",
    [["Libreville", "ليبرفيل"], ["Kaolack", "كاولاك"], ["Puerto del Rosario", "بويرتو ديل روساريو"]],
    ev(
        (BL, "حفل توقيع اتفاقية شراكة وتعاون بين جماعة بوجدور وبلدية ليبرفيل"),
        (FK, "une convention de coopération décentralisée"),
        (AP, "firmaron en julio de 2025 un convenio marco de cooperación"),
    ),
)
U("fr", "who", "Comment s'appelle le président du conseil communal de Dakhla ?")
U("fr", "count", "Quel budget la commune d'Aousserd a-t-elle consacré à sa convention avec Puerto del Rosario ?")
U("fr", "date", "À quelle date Smara et Ouagadougou ont-elles signé leur accord de jumelage ?")
q(
    "fr",
    "definition",
    "definition",
    "Selon l'article sur Tarfaya, en quoi la lettre d'intention signée avec Saint-Maurice-de-Rémens diffère-t-elle d'un accord de jumelage ?",
    [
        ["إطارا أوليا", "cadre", "framework", "préliminaire", "preliminary", "initial"],
        ["مشروع اتفاقية توأمة", "projet", "draft", "ultérieur", "later", "لاحقة"],
    ],
    ev((TL, "ولا تعد رسالة النوايا اتفاقية توأمة، بل إطارا أوليا")),
)
q(
    "fr",
    "date",
    "date",
    "Quel jour El Marsa et Concarneau ont-elles signé leur pacte d'amitié ?",
    [["8"], ["novembre", "November", "نونبر", "نوفمبر"], ["2024"]],
    ev((EM, "ont signé vendredi dernier un pacte d'amitié"), (EM, "Publié le mardi 12 novembre 2024")),
)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé l'acte de jumelage entre Amgala et Orgosolo ?",
    A_ORG,
    E_ORG,
    "gfam-orgosolo-signatories",
)

# ---------------- ar
q(
    "ar",
    "date",
    "date",
    "إمتى وقعات الداخلة التوأمة مع سان لوي ديال السنغال؟",
    A_SL_DATE,
    E_SL_DATE,
    "gfam-saint-louis-date",
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش الداخلة وقعات اتفاقية التوأمة مع مازارا ديل فالو الإيطالية؟",
    A_MAZ,
    E_MAZ,
    "gfam-mazara-status",
)
q(
    "ar",
    "list",
    "list",
    "ما هي المدن الإفريقية التي وقعت معها جماعة الداخلة اتفاقيات توأمة حسب مجموع الوثائق؟",
    [["بيساو", "Bissau"], ["سان لوي", "Saint-Louis", "Saint Louis", "سانت لويس"]],
    ev(
        (SL, "وقعت جماعة الداخلة ومدينة سان لوي السنغالية"),
        (SL, "بعد اتفاقية التوأمة التي وقعتها مع بيساو"),
        (IS, "بيساو، غينيا بيساو"),
    ),
)
q(
    "ar",
    "fact",
    "who",
    "من وقع اتفاقية الشراكة والتعاون بين بوجدور وليبرفيل؟",
    [["ولد بيبوط", "Ould Bibout"], ["مبا ندونغ", "Mba Ndong"]],
    ev((BL, "ووقع الاتفاقية حمادي ولد بيبوط، رئيس المجلس الجماعي لبوجدور، وكريستين مبا ندونغ، عمدة ليبرفيل")),
)
q(
    "ar",
    "fact",
    "what_about",
    "ما هي مجالات رسالة النوايا الموقعة بين طرفاية وسان موريس دو ريمان؟",
    [
        ["تلاميذ", "التعليمية", "scolaire", "school", "pupils", "élèves"],
        ["سانت إكزوبيري", "Saint-Exupéry", "ثقافية", "cultur"],
        ["سياحة", "السياحة", "touris"],
    ],
    ev((TL, "تبادل الزيارات بين تلاميذ المؤسسات التعليمية في البلدتين"), (TL, "لجعله رافعة للسياحة الثقافية بالمنطقة")),
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش السمارة وقعات شي اتفاقية مع واغادوغو ملي جا الوفد ديالها؟",
    A_OUA,
    E_OUA,
    "gfam-ouagadougou-visit",
)
q(
    "ar",
    "date",
    "date",
    "متى ستوقع جماعة بئر كندوز اتفاقية التوأمة مع لانكونيس البيروفية؟",
    A_LAN,
    E_LAN,
    "gfam-lancones-date",
)
q(
    "ar",
    "date_figure",
    "count",
    "شحال من عضو حضر الدورة ديال ماي 2025 ديال المجلس الجماعي للداخلة؟",
    [["27"]],
    ev((CM, "27 عضوا من أصل 33")),
)
q(
    "ar",
    "fact",
    "where",
    "فين كاينة سان موريس دو ريمان اللي وقعات معاها طرفاية رسالة النوايا؟",
    [["فرنسا", "France", "الفرنسية"], ["ليون", "Lyon", "لان", "Ain"]],
    ev((TL, "شرق فرنسا، غير بعيد عن مدينة ليون")),
)
q(
    "ar",
    "list",
    "list",
    "ما هي المدن الإيطالية المرتبطة بجماعة الداخلة، سواء بتوأمة موقعة أو بمشروع توأمة أو بمذكرة تفاهم، حسب جميع الوثائق؟",
    [
        ["فيبو فالنسيا", "Vibo Valentia"],
        ["فاستو", "Vasto"],
        ["كروتوني", "Crotone"],
        ["مازارا ديل فالو", "Mazara del Vallo", "Mazara"],
    ],
    ev(
        (IS, "فيبو فالنسيا، إيطاليا"),
        (IS, "فاستو، إيطاليا"),
        (IS, "كروتوني، إيطاليا"),
        (CM, "مازارا ديل فالو (صقلية، إيطاليا)"),
        (VA, "hanno firmato un protocollo d'intesa"),
    ),
)
q(
    "ar",
    "fact",
    "what_about",
    "شنو هي المجالات اللي غادي تتعاون فيها العيون مع كوتشي الهندية؟",
    [
        ["الصيد", "fisheries", "fishing", "blue economy", "الاقتصاد الأزرق", "pêche"],
        ["النفايات", "waste", "déchets"],
        ["سياحة", "السياحة", "touris"],
    ],
    ev((KO, "the blue economy and fisheries, coastal tourism and solid-waste management")),
)
q("ar", "fact", "yes_no", "هل العيون متوأمة مع مدينة كوتشي الهندية؟", A_KOCHI, E_KOCHI, "gfam-kochi-twinned")
q(
    "ar",
    "fact",
    "who",
    "من وقع اتفاقية التوأمة بين أمكالة وأورغوزولو الإيطالية؟",
    A_ORG,
    E_ORG,
    "gfam-orgosolo-signatories",
)
q(
    "ar",
    "multi_doc_count",
    "count",
    "كم عدد اتفاقيات التوأمة التي وقعتها جماعة أمكالة مع مدن أجنبية سنة 2025 حسب جميع الوثائق؟",
    [["4", "أربع", "quatre", "four"]],
    ev((NP, "أبرمت جماعة أمكالة ثلاث اتفاقيات"), (AO, "è stato firmato l'atto di gemellaggio tra Orgosolo e Amgala")),
)
q(
    "ar",
    "fact",
    "date",
    "في أي سنة أعلنت اليونسكو موسم طانطان ضمن روائع التراث الشفهي واللامادي؟",
    [["2005"]],
    ev((TT, "أعلنتها منظمة اليونسكو سنة 2005")),
)
U("ar", "date", "متى وقعت جماعة طانطان اتفاقية توأمة مع لاس بالماس دي غران كناريا؟")
U("ar", "count", "شحال عدد السكان ديال قرية سان موريس دو ريمان؟")
U("ar", "count", "شحال من زائر حضر موسم طانطان هاد العام؟")
U("ar", "count", "ما هي الميزانية المخصصة لاتفاقية التعاون بين فم الواد وكاولاك السنغالية؟")
q(
    "ar",
    "list",
    "list",
    "مع أي مدن أجنبية وقعات بوجدور اتفاقيات، فالدراسة وفالمقالات الجديدة؟",
    A_BOU,
    E_BOU,
    "gfam-boujdour-partners",
)
q(
    "ar",
    "date_figure",
    "count",
    "ما هي مدة اتفاقية الشراكة بين بوجدور وليبرفيل؟",
    [["ثلاث سنوات", "3", "three", "trois"]],
    ev((BL, "الممتدة على ثلاث سنوات قابلة للتجديد الضمني")),
)
q(
    "ar",
    "filter",
    "list",
    "شنو هي الجماعات ديال الجنوب اللي عندها اتفاقية ولا مشروع اتفاقية فيه تحلية مياه البحر؟",
    [["أوسرد", "Aousserd", "Auserd"], ["الداخلة", "Dakhla"]],
    ev((AP, "intercambio de técnicos en desalación de agua de mar"), (CM, "التعاون في تحلية مياه البحر")),
)

# ---------------- en
q(
    "en",
    "date",
    "date",
    "When did Dakhla and Saint-Louis in Senegal sign their twinning agreement?",
    A_SL_DATE,
    E_SL_DATE,
    "gfam-saint-louis-date",
)
q(
    "en",
    "fact",
    "yes_no",
    "Has Dakhla signed its twinning agreement with Mazara del Vallo?",
    A_MAZ,
    E_MAZ,
    "gfam-mazara-status",
)
q(
    "en",
    "list",
    "list",
    "Which foreign cities does Boujdour have agreements with, across the study and the new articles?",
    A_BOU,
    E_BOU,
    "gfam-boujdour-partners",
)
q(
    "en",
    "fact",
    "who",
    "Who signed the twinning deed between Amgala and Orgosolo?",
    A_ORG,
    E_ORG,
    "gfam-orgosolo-signatories",
)
q("en", "fact", "yes_no", "Is Laâyoune twinned with Kochi?", A_KOCHI, E_KOCHI, "gfam-kochi-twinned")
q(
    "en",
    "date",
    "date",
    "When is Bir Gandouz expected to sign its twinning agreement with Lancones?",
    A_LAN,
    E_LAN,
    "gfam-lancones-date",
)
q(
    "en",
    "fact",
    "what_about",
    "What does the cooperation agreement between Aousserd and Puerto del Rosario cover?",
    [
        ["desal", "dessal", "تحلية"],
        ["solar", "renewable", "renovables", "eólic", "wind", "solaires", "الطاقات المتجددة"],
        ["goat", "cabra", "camel", "camell", "ganad", "livestock", "élevage", "الماشية"],
    ],
    ev(
        (
            AP,
            "El convenio prevé el intercambio de técnicos en desalación de agua de mar y en instalaciones solares y eólicas",
        )
    ),
)
q(
    "en",
    "count",
    "count",
    "According to the Observatory's 2025 review, how many of the signed instruments it lists are twinning agreements?",
    [["three", "3", "trois", "ثلاث"]],
    ev((RV, "three are twinning agreements")),
)
q(
    "en",
    "filter",
    "list",
    "Which Moroccan local authorities have signed or planned agreements with Peruvian localities, across all documents?",
    [
        ["Boujdour", "Bojador", "بوجدور"],
        ["Bir Gandouz", "Bir Guendouz", "بئر كندوز", "بير كندوز"],
        ["Laâyoune", "Laayoune", "العيون"],
        ["Dakhla-Oued Eddahab", "Dakhla", "الداخلة"],
    ],
    ev(
        (IS, "بويلو ليبري، البيرو"),
        (BT, "la ciudad peruana de Trujillo"),
        (BG, "devrait signer en février 2026 un accord de jumelage avec Lancones"),
        (BG, "entre le conseil régional de Dakhla-Oued Eddahab et le gouvernement régional de Piura"),
    ),
)
q(
    "en",
    "fact",
    "yes_no",
    "Did Smara sign an agreement with Ouagadougou during the delegation's November 2025 visit?",
    A_OUA,
    E_OUA,
    "gfam-ouagadougou-visit",
)
U("en", "other", "What did the mayor of Peniche say when he signed the twinning agreement with El Marsa?")
U("en", "who", "Who is the mayor of Lancones?")
U("en", "count", "How many Vasto city councillors voted in favour of the protocol with Dakhla?")

# beside this script (it named /work/main/eval/growth/questions.jsonl, the same file there)
QS.write(HERE / "questions.jsonl", counts=True)
