"""Write eval/growth4/questions.jsonl (40 questions) from the table below.

    python eval/growth4/make_questions.py

Schema as eval/questions.jsonl, eval/growth/questions.jsonl and
eval/growth3/questions.jsonl: id g4-NNN, lang, kind, intent, optional family
(g4fam-...: the same question in several languages), question, answer_all (list of
groups; each group is a list of alternative spellings, any one of which must appear
in the answer; every group is required), evidence [{doc, contains}].  Unanswerable
questions have kind "unanswerable" and empty answer_all / evidence.  Check with
eval/growth4/check_labels.py.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)

D = {
    "k01": "growth4-ar-aousserd-chami-twinning-2026",
    "k02": "growth4-ar-assa-zag-province-session-2026-02",
    "k03": "growth4-ar-dakhla-mindelo-visit-2026",
    "k04": "growth4-ar-el-marsa-port-gentil-cooperation-2026",
    "k05": "growth4-ar-laayoune-segou-intent-2026",
    "k06": "growth4-fr-douarnenez-boujdour-reconduction-2026",
    "k07": "growth4-fr-tarfaya-festival-cap-juby-2026",
    "k08": "growth4-fr-chami-aousserd-jumelage-2026",
    "k09": "growth4-en-dakhla-walvis-bay-mou-2026",
    "k10": "growth4-en-dakhla-desalination-farms-2026",
    "k11": "growth4-it-pollica-assa-carta-amicizia-2026",
    "k12": "growth4-es-merida-el-aaiun-hermanamiento-2026",
}

QS = growthkit.Questions("g4", D)
ev, q, U = QS.ev, QS.q, QS.unanswerable


# ------------------------------------------------ shared answers of the paraphrase families
# g4fam-chami-signatories: who signed Aousserd-Chami (ar + fr sources, two scripts)
A_CHAMI_SIG = [
    ["ولد السالك", "Ould Salek", "Ould Salck", "Ould Essalek"],
    ["ولد أحمد فال", "ولد احمد فال", "Ould Ahmed Vall", "Ould Ahmed Val", "Ould Ahmedou Vall"],
]
E_CHAMI_SIG = ev(
    (
        "k01",
        "ووقع عن الجانب المغربي رئيس المجلس الجماعي لأوسرد محمد يحظيه ولد السالك، بينما وقع عن الجانب الموريتاني سيدي ولد أحمد فال، النائب الأول لعمدة بلدية الشامي",
    ),
    ("k08", "premier adjoint au maire de Chami"),
    ("k08", "Mohamed Yahdih Ould Salek"),
)
# g4fam-adrar-status: approved as a draft, not signed, no date
A_ADRAR = [
    ["وافق", "صادق", "مصادقة", "الموافقة", "approuv", "approved", "approval", "adopté", "adopted"],
    [
        "لم يحدد",
        "لم يوقع",
        "لم توقع",
        "لم يتم التوقيع",
        "ماشي موقعة",
        "مازال",
        "not signed",
        "not been signed",
        "not yet",
        "unsigned",
        "pas encore",
        "pas été signé",
        "non signé",
        "n'a pas signé",
    ],
]
E_ADRAR = ev(
    ("k02", "وافق المجلس بالأغلبية على مشروع اتفاقية التعاون مع المجلس الجهوي لولاية آدرار"),
    ("k02", "ولذلك لم يحدد أي تاريخ للتوقيع"),
)
# g4fam-douarnenez-renewal-date: "le 12 courant" in a paper of 20 January 2026
A_DOUA_DATE = [["12"], ["يناير", "January", "janvier", "-01-", "/01/"], ["2026"]]
E_DOUA_DATE = ev(
    ("k06", "ont reconduit le 12 courant, dans le salon d'honneur de l'hôtel de ville"),
    ("k06", "mardi 20 janvier 2026"),
)

# ------------------------------------------------------------------ Arabic (16)
q(
    "ar",
    "fact",
    "who",
    "من وقع اتفاقية التوأمة بين جماعة أوسرد وبلدية الشامي الموريتانية؟",
    A_CHAMI_SIG,
    E_CHAMI_SIG,
    "g4fam-chami-signatories",
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش المجلس الإقليمي لآسا الزاك وقع الاتفاقية مع المجلس الجهوي لآدرار الموريتانية ولا غير صادق عليها؟",
    A_ADRAR,
    E_ADRAR,
    "g4fam-adrar-status",
)
q(
    "ar",
    "date",
    "date",
    "متى جددت جماعة بوجدور اتفاقية التعاون التي تربطها بمدينة دوارنونيه الفرنسية؟",
    A_DOUA_DATE,
    E_DOUA_DATE,
    "g4fam-douarnenez-renewal-date",
)
q(
    "ar",
    "date",
    "date",
    "في أي يوم وقعت جماعة أوسرد اتفاقية التوأمة مع بلدية الشامي؟",
    [["7"], ["مارس", "March", "mars", "-03-", "/03/"], ["2026"]],
    ev(
        ("k01", "احتضنت قاعة الاجتماعات بمقر جماعة أوسرد، أول أمس السبت، حفل توقيع اتفاقية توأمة"),
        ("k01", "الإثنين 9 مارس 2026"),
        ("k08", "a noué le 7 mars 2026 un jumelage"),
    ),
)
q(
    "ar",
    "fact",
    "who",
    "شكون اللي وقع اتفاقية التعاون بين المرسى وبور جنتيل؟",
    [["ولد لحبيب", "Ould Lahbib"], ["مومبو", "Moumbo", "Mombo"]],
    ev(("k04", "أمضى رئيس المجلس الجماعي للمرسى، إبراهيم ولد لحبيب، وعمدة بلدية بور جنتيل الغابونية، ألان بيير مومبو")),
)
q(
    "ar",
    "fact",
    "what_about",
    "ما المجالات التي تغطيها اتفاقية التعاون بين جماعة المرسى وبلدية بور جنتيل الغابونية؟",
    [
        ["المينائية", "الموانئ", "الميناء", "port"],
        ["التلوث", "الشواطئ", "pollution", "beach", "plages"],
        ["تكوين", "training", "formation"],
        ["التجارية", "تعاونيات الصيد", "trade", "commerc"],
    ],
    ev(
        (
            "k04",
            "تبادل الخبرات في تدبير الأنشطة المينائية واللوجستيك، والوقاية من التلوث البحري وتنظيف الشواطئ، وتكوين الأطر الإدارية والتقنية للجماعتين، وتشجيع المبادلات التجارية بين تعاونيات الصيد التقليدي",
        )
    ),
)
q(
    "ar",
    "fact",
    "yes_no",
    "هل وقعت جماعة الداخلة اتفاقية توأمة مع بلدية ميندلو خلال زيارة وفد هذه المدينة؟",
    [
        [
            "لم يسفر",
            "لم يتم توقيع",
            "لم توقع",
            "لم يوقع",
            "دون توقيع",
            "بدون توقيع",
            "أي وثيقة",
            "no document",
            "nothing was signed",
            "not signed",
            "did not sign",
            "no agreement",
            "aucun document",
            "aucune signature",
            "pas de signature",
        ],
        ["زيارة", "visit", "visite"],
    ],
    ev(("k03", "ولم يسفر اللقاء عن توقيع أي وثيقة"), ("k03", "وفدا عن بلدية ميندلو")),
)
q(
    "ar",
    "filter",
    "list",
    "مع أي جماعات فرنسية ترتبط جماعات الأقاليم الجنوبية بوثائق تعاون حسب هذه الوثائق الجديدة؟",
    [["دوارنونيه", "Douarnenez"], ["سان موريس دو ريمان", "Saint-Maurice-de-Rémens", "Saint-Maurice"]],
    ev(
        ("k06", "la convention de coopération signée en novembre 2022 entre les deux ports de pêche"),
        ("k07", "qui avait signé fin septembre 2025 une lettre d'intention avec Saint-Maurice-de-Rémens"),
    ),
)
q(
    "ar",
    "date_figure",
    "count",
    "في الدورة الاستثنائية للمجلس الإقليمي لآسا الزاك، كم عدد الأعضاء الذين وافقوا على مشروع الاتفاقية مع آدرار، وكم عدد الممتنعين؟",
    [["19"], ["1", "واحد", "عضو واحد", "one", "un"]],
    ev(("k02", "الموافقون: 19 – الرافضون: 0 – الممتنعون: 1")),
)
q(
    "ar",
    "fact",
    "what_about",
    "ما طبيعة الوثيقة التي وقعتها جماعة العيون مع بلدية سيغو المالية، وهل هي اتفاقية توأمة؟",
    [
        [
            "إعلان نوايا",
            "إعلان النوايا",
            "declaration of intent",
            "déclaration d'intention",
            "letter of intent",
            "lettre d'intention",
        ],
        [
            "لا يرتب",
            "التزام قانوني",
            "ليست اتفاقية",
            "ليس اتفاقية",
            "مشروع اتفاقية توأمة",
            "not a twinning",
            "no legal",
            "draft twinning",
            "pas un jumelage",
            "aucune obligation",
            "projet de jumelage",
        ],
    ],
    ev(
        ("k05", "إعلان نوايا يحدد المجالات التي يرغب الطرفان في التعاون فيها"),
        ("k05", "ويؤكد نص الإعلان أنه لا يرتب أي التزام قانوني على الطرفين، وأنه يمهد لإعداد مشروع اتفاقية توأمة"),
    ),
)
q(
    "ar",
    "date",
    "date",
    "إمتى توقع إعلان النوايا بين العيون وسيغو؟",
    [["28"], ["يناير", "January", "janvier", "-01-", "/01/"], ["2026"]],
    ev(("k05", "يوم 28 يناير الماضي بقصر المؤتمرات بالعيون"), ("k05", "الثلاثاء 3 فبراير 2026")),
)
q(
    "ar",
    "fact",
    "where",
    "في أي بلد توجد مدينة ميريدا التي توأمت معها جماعة العيون؟",
    [["المكسيك", "Mexico", "México", "Mexique"]],
    ev(("k12", "Se trata de la Mérida yucateca, capital del estado de Yucatán, en México")),
)
q(
    "ar",
    "multi_doc",
    "date",
    "أيهما وقع أولا: تجديد اتفاقية التعاون بين بوجدور ودوارنونيه أم إعلان النوايا بين العيون وسيغو؟",
    [["دوارنونيه", "Douarnenez"]],
    ev(
        ("k06", "ont reconduit le 12 courant"),
        ("k06", "mardi 20 janvier 2026"),
        ("k05", "يوم 28 يناير الماضي"),
        ("k05", "الثلاثاء 3 فبراير 2026"),
    ),
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش جماعة أوسرد وقعات شي اتفاقية مع بلدية بولنوار الموريتانية؟",
    [["مقترح", "اقتراح", "proposition", "proposal", "proposed"]],
    ev(
        (
            "k08",
            "a remis au maire de Boulanouar, commune voisine de Chami venue en observatrice, une proposition de convention de coopération",
        ),
        ("k08", "Le conseil municipal de Boulanouar ne l'a pas encore examinée"),
    ),
)
U("ar", "who", "من هو رئيس المجلس الجهوي لولاية آدرار الموريتانية؟")
U("ar", "count", "شحال الميزانية اللي تخصصات لاتفاقية التعاون بين المرسى وبور جنتيل؟")

# ------------------------------------------------------------------ French (14)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé le jumelage entre Aousserd et Chami ?",
    A_CHAMI_SIG,
    E_CHAMI_SIG,
    "g4fam-chami-signatories",
)
q(
    "fr",
    "fact",
    "yes_no",
    "Le conseil provincial d'Assa-Zag a-t-il déjà signé sa convention de coopération avec le conseil régional de l'Adrar ?",
    A_ADRAR,
    E_ADRAR,
    "g4fam-adrar-status",
)
q(
    "fr",
    "date",
    "date",
    "À quelle date Boujdour et Douarnenez ont-elles reconduit leur convention de coopération ?",
    A_DOUA_DATE,
    E_DOUA_DATE,
    "g4fam-douarnenez-renewal-date",
)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé l'acte de jumelage entre Laâyoune et Mérida ?",
    [["Ould Sidi", "ولد سيدي"], ["Canul"]],
    ev(
        (
            "k12",
            "Firmaron el acta el alcalde de Mérida, Alejandro Canul Poot, y el primer vicepresidente del consejo comunal de El Aaiún, Mohamed Lamine Ould Sidi",
        )
    ),
)
q(
    "fr",
    "date",
    "date",
    "Quand le mémorandum d'entente entre Dakhla et Walvis Bay a-t-il été signé ?",
    [["26"], ["février", "February", "فبراير", "-02-", "/02/"], ["2026"]],
    ev(
        ("k09", "put their names to a memorandum of understanding on February 26 at the Dakhla town hall"),
        ("k09", "Tuesday, 3 March 2026"),
    ),
)
q(
    "fr",
    "fact",
    "what_about",
    "Sur quels domaines porte la charte d'amitié signée entre Assa et Pollica ?",
    [
        ["prodotti tipici", "saperi alimentari", "dieta", "alimentai", "produits", "food", "diet"],
        ["scuole", "écoles", "scolaire", "schools"],
        ["turismo", "tourisme", "tourism"],
    ],
    ev(
        (
            "k11",
            "Il documento individua tre campi di lavoro: la valorizzazione dei prodotti tipici e dei saperi alimentari delle due comunità",
        ),
        ("k11", "gli scambi tra le scuole, con progetti sull'alimentazione e sull'acqua"),
        ("k11", "la promozione di un turismo lento"),
    ),
)
q(
    "fr",
    "fact",
    "yes_no",
    "Tarfaya et Saint-Maurice-de-Rémens sont-elles déjà jumelées ?",
    [["lettre d'intention", "letter of intent", "رسالة نوايا"], ["juin", "June", "يونيو", "يونيه"]],
    ev(
        ("k07", "qui avait signé fin septembre 2025 une lettre d'intention avec Saint-Maurice-de-Rémens"),
        ("k07", "compte signer avec ce village en juin prochain une convention de jumelage"),
    ),
)
q(
    "fr",
    "date_figure",
    "count",
    "Pour combien de temps la convention entre Boujdour et Douarnenez a-t-elle été reconduite ?",
    [["trois", "three", "3", "ثلاث"]],
    ev(("k06", "prolonge le partenariat pour trois nouvelles années")),
)
q(
    "fr",
    "filter",
    "list",
    "D'après ces documents, quelles collectivités étrangères ont signé un instrument avec une collectivité des provinces du Sud en février 2026 ?",
    [["Port-Gentil", "بور جنتيل", "Port Gentil"], ["Walvis Bay", "والفيس باي", "Walvis"]],
    ev(
        ("k04", "مساء الخميس 19 فبراير بمقر الجماعة، اتفاقية تعاون"),
        ("k04", "السبت 21 فبراير 2026"),
        ("k09", "put their names to a memorandum of understanding on February 26"),
    ),
)
q(
    "fr",
    "fact",
    "where",
    "Où la charte d'amitié entre Assa et Pollica a-t-elle été signée ?",
    [["Pioppi", "Capano", "castello", "château"]],
    ev(("k11", "nel castello dei Principi Capano di Pioppi, sede del Museo vivo della dieta mediterranea")),
)
q(
    "fr",
    "fact",
    "yes_no",
    "L'Adrar avec lequel la province d'Assa-Zag veut coopérer se trouve-t-il en Algérie ?",
    [["موريتاني", "Mauritanie", "Mauritania", "mauritanien"]],
    ev(("k02", "المقصود هو ولاية آدرار الموريتانية وعاصمتها أطار، لا ولاية أدرار الجزائرية")),
)
q(
    "fr",
    "multi_doc",
    "date",
    "Les deux articles qui rapportent le jumelage entre Aousserd et Chami donnent-ils la même date de signature ?",
    [["7"], ["mars", "March", "مارس"]],
    ev(
        ("k01", "أول أمس السبت"),
        ("k01", "الإثنين 9 مارس 2026"),
        ("k08", "a noué le 7 mars 2026 un jumelage"),
    ),
)
U("fr", "date", "À quelle date Dakhla et Mindelo signeront-elles leur accord de jumelage ?")
U("fr", "count", "Combien de jeunes de Boujdour seront accueillis chaque année en stage à Douarnenez ?")

# ------------------------------------------------------------------ English (10)
q(
    "en",
    "fact",
    "who",
    "Who signed the twinning agreement between Aousserd and Chami?",
    A_CHAMI_SIG,
    E_CHAMI_SIG,
    "g4fam-chami-signatories",
)
q(
    "en",
    "fact",
    "yes_no",
    "Has the Assa-Zag provincial council signed its cooperation agreement with Mauritania's Adrar regional council?",
    A_ADRAR,
    E_ADRAR,
    "g4fam-adrar-status",
)
q(
    "en",
    "date",
    "date",
    "When did Boujdour and Douarnenez renew their cooperation agreement?",
    A_DOUA_DATE,
    E_DOUA_DATE,
    "g4fam-douarnenez-renewal-date",
)
q(
    "en",
    "fact",
    "who",
    "Who signed the memorandum of understanding between Dakhla and Walvis Bay?",
    [["Dlimi", "الدليمي"], ["Haufiku"]],
    ev(
        (
            "k09",
            "The document was signed for Dakhla by the first vice-president of the Dakhla communal council, Mohamed Salem Dlimi, and for the Namibian side by the mayor of Walvis Bay, Selma Haufiku",
        )
    ),
)
q(
    "en",
    "fact",
    "what_about",
    "What does the declaration of intent between Laâyoune and Ségou cover?",
    [
        ["الصناعة التقليدية", "crafts", "handicraft", "artisan"],
        ["مهرجان", "festival"],
        ["الجمعيات الشبابية", "youth", "jeunes"],
    ],
    ev(
        (
            "k05",
            "ويشمل إعلان النوايا تبادل التجارب في مجال الصناعة التقليدية، ولا سيما النسيج والفخار والجلد، وتنظيم معارض مشتركة للحرفيين، ومشاركة فرق فنية من العيون في مهرجان سيغو السنوي على ضفاف نهر النيجر، إلى جانب تبادل الزيارات بين الجمعيات الشبابية",
        )
    ),
)
q(
    "en",
    "fact",
    "yes_no",
    "Did Aousserd sign an agreement with Nouadhibou at the Chami twinning ceremony?",
    [["ضيوف", "ضيوفا", "guest", "invité"]],
    ev(("k01", "وحضر الحفل ممثلون عن بلدية نواذيبو بصفتهم ضيوفا")),
)
q(
    "en",
    "fact",
    "where",
    "Which Mérida is Laâyoune's new twin town: the one in Spain, in Venezuela or in Mexico?",
    [["Mexico", "México", "Mexique", "المكسيك"], ["Yucatán", "Yucatan", "يوكاتان"]],
    ev(
        (
            "k12",
            "Se trata de la Mérida yucateca, capital del estado de Yucatán, en México, y no de la Mérida extremeña, en España, ni de la andina de Venezuela",
        )
    ),
)
q(
    "en",
    "multi_doc_count",
    "count",
    "According to these documents, how many different foreign local authorities signed an instrument with a southern Moroccan local authority between January and March 2026?",
    [["6", "six", "ستة", "ست"]],
    ev(
        ("k06", "ont reconduit le 12 courant"),
        ("k05", "يوم 28 يناير الماضي بقصر المؤتمرات بالعيون، إعلان نوايا"),
        ("k04", "مساء الخميس 19 فبراير بمقر الجماعة، اتفاقية تعاون"),
        ("k09", "put their names to a memorandum of understanding on February 26"),
        ("k08", "a noué le 7 mars 2026 un jumelage"),
        ("k12", "formalizaron el lunes 16 de marzo su hermanamiento"),
        ("k02", "ولذلك لم يحدد أي تاريخ للتوقيع"),
    ),
)
U("en", "who", "Who is the mayor of Chami?")
U(
    "en",
    "date",
    "When will the Assa-Zag provincial council sign its cooperation agreement with the Adrar regional council?",
)

QS.write(HERE / "questions.jsonl")
