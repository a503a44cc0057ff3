"""Write eval/growth3/questions.jsonl (50 questions) from the table below.

    python eval/growth3/make_questions.py

Schema as eval/questions.jsonl and eval/growth/questions.jsonl: id g3-NNN, lang,
kind, intent, optional family (g3fam-...: the same question in several languages),
question, answer_all (list of groups; each group is a list of alternative
spellings, any one of which must appear in the answer; every group is required),
evidence [{doc, contains}].  Unanswerable questions have kind "unanswerable" and
empty answer_all / evidence.  Check with eval/growth3/check_labels.py.
"""

import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
import growthkit  # noqa: E402  (eval/ on the path first)

D = {
    "h01": "growth3-ar-boujdour-nouadhibou-2026",
    "h02": "growth3-ar-smara-council-2026-02",
    "h03": "growth3-ar-laayoune-forum-thies-2025",
    "h04": "growth3-ar-assa-festival-2026",
    "h05": "growth3-ar-tarfaya-lanzarote-intent-2025",
    "h06": "growth3-ar-amgala-sedhiou-twinning-2026",
    "h07": "growth3-fr-smara-bazas-reconduction-2026",
    "h08": "growth3-fr-foum-el-oued-sables-pacte-2025",
    "h09": "growth3-fr-nouadhibou-boujdour-suivi-2026",
    "h10": "growth3-fr-laayoune-cocody-memorandum-2025",
    "h11": "growth3-en-dakhla-san-pedro-mou-2025",
    "h12": "growth3-en-cooperation-digest-2026-q1",
    "h13": "growth3-it-boujdour-favignana-patto-2026",
    "h14": "growth3-es-akhfennir-tinajo-hermanamiento-2025",
    "ismaili": "ismaili-2025",
}

QS = growthkit.Questions("g3", D)
ev, q, U = QS.ev, QS.q, QS.unanswerable


# shared answers / evidence of the paraphrase families
A_NOUA_SIG = [["ولد الخليل", "Ould El Khalil", "Ould Khalil"], ["منت سيدي", "Mint Sidi"]]
E_NOUA_SIG = ev(
    (
        "h01",
        "النائب الأول لرئيس المجلس الجماعي لبوجدور، إبراهيم ولد الخليل، فيما وقعتها عن الجانب الموريتاني عمدة نواذيبو، مريم منت سيدي",
    ),
    (
        "h09",
        "la maire de Nouadhibou, Mariem Mint Sidi, qui avait signé la convention à Boujdour avec Brahim Ould El Khalil",
    ),
)
A_KIFFA = [
    ["صادق", "مصادقة", "approuv", "approved", "approval", "adopté"],
    [
        "لم يحدد",
        "لم يتم التوقيع",
        "لم توقع",
        "لم يوقع",
        "رهينا",
        "مازال",
        "ماشي موقعة",
        "not signed",
        "not been signed",
        "not yet",
        "pas encore",
        "pas été signé",
        "non signé",
        "unsigned",
    ],
]
E_KIFFA = ev(
    ("h02", "صادق المجلس بالأغلبية على مشروع اتفاقية التعاون مع بلدية كيفة"),
    ("h02", "ولم يحدد بعد موعد توقيعها"),
    ("h12", "As of 31 March 2026, it had not been signed."),
)
A_BAZAS_DATE = [["3"], ["مارس", "March", "mars", "-03-", "/03/"], ["2026"]]
E_BAZAS_DATE = ev(
    ("h07", "a paraphé le 3 mars dernier l'avenant qui reconduit pour cinq ans le jumelage conclu en septembre 2019"),
    ("h07", "lundi 16 mars 2026"),
    ("h12", "renewal, on 3 March 2026, of the twinning first signed in September 2019"),
)
A_LANZ = [
    ["رسالة نوايا", "letter of intent", "lettre d'intention", "lettre d'intentions", "carta de intenciones"],
    [
        "لا ترقى",
        "ليست اتفاقية",
        "لا تعد",
        "not a cooperation agreement",
        "not an agreement",
        "does not amount",
        "pas une convention",
        "n'est pas une convention",
        "ne constitue pas",
        "إطار",
        "framework",
        "cadre",
    ],
]
E_LANZ = ev(
    ("h05", "رسالة نوايا تحدد المجالات التي يعتزم الطرفان التعاون فيها"),
    ("h05", "ولا ترقى رسالة النوايا إلى اتفاقية تعاون"),
    ("h14", "la carta de intenciones que el Cabildo de Lanzarote y el Consejo Provincial de Tarfaya"),
)
A_BOUJ26 = [["نواذيبو", "Nouadhibou", "Nuadibú"], ["فافينيانا", "Favignana"]]
E_BOUJ26 = ev(
    ("h01", "أبرمت بلدية نواذيبو"),
    ("h13", "il patto di amicizia tra il Comune di Favignana – Isole Egadi e la città marocchina di Boujdour"),
    ("h12", "Boujdour – Nouadhibou (Mauritania): cooperation agreement signed on 14 January 2026"),
    ("h12", "Boujdour – Favignana (Italy): friendship pact signed on 28 February 2026"),
)
A_SANPEDRO = [["كوت ديفوار", "ساحل العاج", "Côte d'Ivoire", "Cote d'Ivoire", "Ivory Coast"]]
E_SANPEDRO = ev(("h11", "the port city in south-western Côte d'Ivoire"))

# ------------------------------------------------------------------ Arabic (20)
q(
    "ar",
    "fact",
    "who",
    "من وقع اتفاقية التعاون بين جماعة بوجدور وبلدية نواذيبو؟",
    A_NOUA_SIG,
    E_NOUA_SIG,
    "g3fam-nouadhibou-signatories",
)
q(
    "ar",
    "fact",
    "yes_no",
    "واش السمارة وقعات اتفاقية التعاون مع كيفة الموريتانية ولا مازال؟",
    A_KIFFA,
    E_KIFFA,
    "g3fam-kiffa-status",
)
q(
    "ar",
    "date",
    "date",
    "متى تم تجديد اتفاقية التوأمة بين جماعة السمارة وبلدية بازاس الفرنسية؟",
    A_BAZAS_DATE,
    E_BAZAS_DATE,
    "g3fam-bazas-renewal-date",
)
q(
    "ar",
    "fact",
    "what_about",
    "ما نوع الوثيقة التي وقعها المجلس الإقليمي لطرفاية مع مجلس جزيرة لانثاروتي، وهل هي اتفاقية تعاون؟",
    A_LANZ,
    E_LANZ,
    "g3fam-lanzarote-kind",
)
q(
    "ar",
    "list",
    "list",
    "مع أشمن مدن أجنبية وقعات بوجدور اتفاقيات فعام 2026؟",
    A_BOUJ26,
    E_BOUJ26,
    "g3fam-boujdour-2026",
)
q(
    "ar",
    "fact",
    "where",
    "في أي بلد توجد سان بيدرو التي وقع معها مجلس جهة الداخلة وادي الذهب مذكرة تفاهم؟",
    A_SANPEDRO,
    E_SANPEDRO,
    "g3fam-san-pedro-country",
)
q(
    "ar",
    "date_figure",
    "count",
    "في دورة فبراير 2026، كم عدد أعضاء مجلس جماعة السمارة الذين صوتوا لصالح مشروع ملحق تجديد التوأمة مع بازاس، وكم عدد الممتنعين؟",
    [["25"], ["2", "اثنان", "عضوان", "two", "deux"]],
    ev(("h02", "الموافقون: 25 – الرافضون: 0 – الممتنعون: 2")),
)
q(
    "ar",
    "fact",
    "what_about",
    "ما المحوران الجديدان اللذان أضافهما ملحق تجديد التوأمة بين السمارة وبازاس؟",
    [
        ["المهن الفلاحية", "الثانوية الفلاحية", "lycée agricole", "agricultural", "agricole"],
        ["الإبل", "camel", "dromadaire", "chamel"],
    ],
    ev(
        (
            "h02",
            "مع إضافة محورين جديدين: تكوين الشباب في المهن الفلاحية بشراكة مع الثانوية الفلاحية لبازاس، وتثمين منتجات الإبل",
        ),
        (
            "h07",
            "l'accueil de jeunes Smaris en stage au lycée agricole de Bazas, et un programme commun de valorisation du lait et de la viande de dromadaire",
        ),
    ),
)
q(
    "ar",
    "date",
    "date",
    "إمتى وقعات أمكالة اتفاقية التوأمة مع سيدهيو السنغالية؟",
    [["23", "الثالث والعشرين"], ["يناير", "January", "janvier", "-01-", "/01/"], ["2026"]],
    ev(
        ("h06", "يوم الجمعة الثالث والعشرين من يناير 2026، اتفاقية توأمة"),
        ("h12", "Amgala – Sédhiou (Senegal): twinning agreement signed on 23 January 2026"),
    ),
)
q(
    "ar",
    "fact",
    "who",
    "من وقع اتفاقية التوأمة بين جماعة أمكالة وبلدية سيدهيو؟",
    [["فاطمة سيدة", "Fatma Sida", "Fatima Sida", "Fatma Saida", "Fatima Saida"], ["سانيا", "Sagna"]],
    ev(("h06", "رئيسة جماعة أمكالة فاطمة سيدة وعمدة سيدهيو عبدولاي سانيا يتبادلان نسختي الاتفاقية عقب التوقيع")),
)
q(
    "ar",
    "list",
    "list",
    "ما الوثيقتان اللتان وقعتا في ختام منتدى الجماعات الترابية الأطلسية بالعيون، ومع أي شريكين سنغاليين؟",
    [
        ["تييس", "Thiès", "Thies"],
        ["جوال فاديوث", "Joal-Fadiouth", "Joal"],
        ["مذكرة تفاهم", "memorandum", "mémorandum", "MoU"],
    ],
    ev(
        ("h03", "وهكذا وقع المجلس الإقليمي للعيون والمجلس الإقليمي لتييس بالسنغال"),
        ("h03", "أبرمت جماعة المرسى وبلدية جوال فاديوث السنغالية مذكرة تفاهم"),
    ),
)
q(
    "ar",
    "multi_doc",
    "date",
    "أيهما وقع أولا: ميثاق الصداقة بين بوجدور وفافينيانا أم تجديد التوأمة بين السمارة وبازاس؟",
    [["فافينيانا", "Favignana"]],
    ev(
        ("h13", "È stato firmato sabato 28 febbraio"),
        ("h07", "a paraphé le 3 mars dernier"),
        ("h12", "friendship pact signed on 28 February 2026"),
        ("h12", "renewal, on 3 March 2026"),
    ),
)
q(
    "ar",
    "date",
    "date",
    "متى يرتقب أن توقع جماعة أسا اتفاقية التوأمة مع بلدية وادان الموريتانية؟",
    [["مارس", "March", "mars"], ["2026"]],
    ev(
        ("h04", "الجماعة تعتزم توقيع اتفاقية توأمة مع بلدية وادان الموريتانية خلال شهر مارس المقبل"),
        ("h04", "الإثنين 9 فبراير 2026"),
    ),
)
q(
    "ar",
    "fact",
    "yes_no",
    "هل وقعت جماعة أسا اتفاقية مع مدينة كاي المالية خلال مهرجان التراث الواحي؟",
    [["فرقة", "troupe", "folk", "الفنون الشعبية"]],
    ev(("h04", "فرقة للفنون الشعبية قدمت من مدينة كاي المالية")),
)
q(
    "ar",
    "fact",
    "what_about",
    "حسب المقال، ما هي مجالات اتفاقية الشراكة بين المجلس الإقليمي للعيون والمجلس الإقليمي لتييس؟",
    [["النفايات", "waste", "déchets"], ["النقل", "transport"], ["تكوين", "training", "formation"]],
    ev(("h03", "تهم تدبير النفايات الصلبة، والنقل الحضري بين المراكز القروية، وتكوين الأطر الإدارية للمجلسين")),
)
q(
    "ar",
    "fact",
    "who",
    "شكون وقع مذكرة التفاهم بين المرسى وجوال فاديوث؟",
    [["ولد لحبيب", "Ould Lahbib"], ["ديوم", "Diome", "Diom"]],
    ev(("h03", "ووقع المذكرة رئيس المجلس الجماعي للمرسى، إبراهيم ولد لحبيب، وعمدة جوال فاديوث، عيساتو ديوم")),
)
q(
    "ar",
    "date_figure",
    "count",
    "شحال هي المدة ديال اتفاقية التعاون بين بوجدور ونواذيبو؟",
    [["أربع سنوات", "أربع", "4", "four", "quatre"]],
    ev(
        ("h01", "اتفاقية تعاون وشراكة تمتد على أربع سنوات"),
        ("h12", "cooperation agreement signed on 14 January 2026 for four years"),
    ),
)
U("ar", "who", "من هو عمدة بلدية كيفة الموريتانية؟")
U("ar", "count", "شحال الميزانية اللي تخصصات لاتفاقية التعاون بين بوجدور ونواذيبو؟")
U("ar", "count", "كم يبلغ عدد سكان مدينة سيدهيو السنغالية؟")

# ------------------------------------------------------------------ French (18)
q(
    "fr",
    "date",
    "date",
    "Quand Smara et Bazas ont-elles reconduit leur jumelage ?",
    A_BAZAS_DATE,
    E_BAZAS_DATE,
    "g3fam-bazas-renewal-date",
)
q(
    "fr",
    "fact",
    "yes_no",
    "La commune de Smara a-t-elle déjà signé sa convention de coopération avec Kiffa ?",
    A_KIFFA,
    E_KIFFA,
    "g3fam-kiffa-status",
)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé la convention de coopération entre Boujdour et Nouadhibou ?",
    A_NOUA_SIG,
    E_NOUA_SIG,
    "g3fam-nouadhibou-signatories",
)
q(
    "fr",
    "fact",
    "what_about",
    "Quel type de document le conseil provincial de Tarfaya a-t-il signé avec le Cabildo de Lanzarote, et s'agit-il d'une convention de coopération ?",
    A_LANZ,
    E_LANZ,
    "g3fam-lanzarote-kind",
)
q(
    "fr",
    "fact",
    "where",
    "Dans quel pays se trouve San-Pédro, partenaire du conseil régional de Dakhla-Oued Eddahab ?",
    A_SANPEDRO,
    E_SANPEDRO,
    "g3fam-san-pedro-country",
)
q(
    "fr",
    "fact",
    "who",
    "Qui a signé le mémorandum d'entente entre Laâyoune et Cocody ?",
    [["Ould Bachir", "ولد البشير", "ولد بشير"], ["Kouassi", "كواسي"]],
    ev(
        ("h10", "Sidi Mohamed Ould Bachir, deuxième vice-président du conseil communal"),
        ("h10", "Serge-Alain Kouassi, maire de Cocody"),
    ),
)
q(
    "fr",
    "date",
    "date",
    "À quelle date Laâyoune et Cocody ont-elles paraphé leur mémorandum d'entente ?",
    [["27"], ["novembre", "November", "نونبر", "نوفمبر", "/11/", "-11-"], ["2025"]],
    ev(("h10", "Un mémorandum d'entente a été paraphé le 27/11/2025")),
)
q(
    "fr",
    "fact",
    "yes_no",
    "Foum El Oued est-elle jumelée avec Saint-Gilles-Croix-de-Vie ?",
    [["proposition", "proposal", "مقترح", "proposé"]],
    ev(("h08", "une proposition de convention de jumelage"), ("h08", "sans qu'aucun calendrier n'ait été fixé")),
)
q(
    "fr",
    "fact",
    "what_about",
    "Quel type d'accord Foum El Oued a-t-elle conclu avec Les Sables-d'Olonne, et à quelle date ?",
    [
        ["pacte d'amitié", "pacte d’amitié", "friendship pact", "ميثاق صداقة", "ميثاق الصداقة"],
        ["18"],
        ["octobre", "October", "أكتوبر"],
    ],
    ev(("h08", "ont scellé samedi 18 octobre un pacte d'amitié"), ("h08", "mardi 21 octobre 2025")),
)
q(
    "fr",
    "multi_doc",
    "date",
    "Depuis quand Smara est-elle jumelée avec Bazas, et quand ce jumelage a-t-il été reconduit ?",
    [["2019"], ["2026"]],
    ev(
        ("ismaili", "بازاس، فرنسا"),
        ("h02", "اتفاقية التوأمة الموقعة مع بلدية بازاس في شتنبر 2019"),
        (
            "h07",
            "a paraphé le 3 mars dernier l'avenant qui reconduit pour cinq ans le jumelage conclu en septembre 2019",
        ),
        ("h07", "lundi 16 mars 2026"),
    ),
)
q(
    "fr",
    "filter",
    "list",
    "D'après les nouveaux documents, quelles collectivités des provinces du Sud ont conclu un accord avec une collectivité sénégalaise ?",
    [["Laâyoune", "Laayoune", "العيون"], ["El Marsa", "المرسى"], ["Amgala", "أمكالة"]],
    ev(
        ("h03", "وهكذا وقع المجلس الإقليمي للعيون والمجلس الإقليمي لتييس بالسنغال"),
        ("h03", "أبرمت جماعة المرسى وبلدية جوال فاديوث السنغالية مذكرة تفاهم"),
        ("h06", "عقدت جماعة أمكالة وبلدية سيدهيو، عاصمة جهة سيدهيو بجنوب السنغال"),
        ("h12", "Laâyoune province – Thiès (Senegal)"),
    ),
)
q(
    "fr",
    "count",
    "count",
    "Selon le bulletin de coopération décentralisée du premier trimestre 2026, combien d'instruments ont été effectivement signés pendant le trimestre ?",
    [["4", "quatre", "four", "أربع"]],
    ev(("h12", "four instruments were signed")),
)
q(
    "fr",
    "fact",
    "what_about",
    "Selon l'article de Nouadhibou Info, quel nouvel accord la municipalité de Nouadhibou prévoit-elle de signer, avec qui et quand ?",
    [["mémorandum", "memorandum", "مذكرة تفاهم"], ["Dakhla", "الداخلة"], ["avril", "April", "أبريل"]],
    ev(
        ("h09", "la municipalité prévoit de signer en avril prochain un mémorandum d'entente avec la commune de Dakhla")
    ),
)
q(
    "fr",
    "fact",
    "what_about",
    "Avec quelle administration nationale le conseil communal de Smara a-t-il approuvé une convention de partenariat en février 2026, et pour quel projet ?",
    [
        ["وزارة الشباب والثقافة والتواصل", "ministère de la Jeunesse", "Ministry of Youth", "قطاع الثقافة"],
        ["المركز الثقافي", "centre culturel", "cultural centre", "cultural center"],
    ],
    ev(
        (
            "h02",
            "اتفاقية شراكة بين جماعة السمارة ووزارة الشباب والثقافة والتواصل (قطاع الثقافة) لتأهيل المركز الثقافي بالسمارة",
        )
    ),
)
q(
    "fr",
    "fact",
    "where",
    "Où a été signé le pacte d'amitié entre Boujdour et Favignana ?",
    [["Palazzo Florio", "Favignana", "فافينيانا"]],
    ev(("h13", "nella sala consiliare di Palazzo Florio")),
)
U("fr", "date", "Quand la convention de coopération entre Smara et Kiffa sera-t-elle signée ?")
U("fr", "count", "Quel montant la commune de Laâyoune a-t-elle alloué au mémorandum d'entente avec Cocody ?")
U("fr", "who", "Qui préside le conseil provincial de Laâyoune ?")

# ------------------------------------------------------------------ English (12)
q(
    "en",
    "date",
    "date",
    "When did Smara and Bazas renew their twinning agreement?",
    A_BAZAS_DATE,
    E_BAZAS_DATE,
    "g3fam-bazas-renewal-date",
)
q(
    "en",
    "fact",
    "yes_no",
    "Has Smara signed its cooperation agreement with Kiffa?",
    A_KIFFA,
    E_KIFFA,
    "g3fam-kiffa-status",
)
q(
    "en",
    "fact",
    "what_about",
    "What kind of document did Tarfaya's provincial council sign with the Lanzarote island council, and is it a cooperation agreement?",
    A_LANZ,
    E_LANZ,
    "g3fam-lanzarote-kind",
)
q(
    "en",
    "list",
    "list",
    "Which foreign towns did Boujdour sign agreements with in 2026?",
    A_BOUJ26,
    E_BOUJ26,
    "g3fam-boujdour-2026",
)
q(
    "en",
    "fact",
    "who",
    "Who signed the memorandum of understanding between the Dakhla-Oued Eddahab region and San-Pédro?",
    [["Ment Ely", "منت اعلي", "منت علي"], ["Kouamé Yao", "Kouame Yao", "Yao"]],
    ev(
        ("h11", "The memorandum was signed by Khadijetou Ment Ely"),
        ("h11", "Roger Kouamé Yao, president of the San-Pédro regional council"),
    ),
)
q(
    "en",
    "date",
    "date",
    "When was the memorandum between the Dakhla-Oued Eddahab regional council and San-Pédro signed?",
    [["December", "décembre", "دجنبر", "ديسمبر", "-12", "/12/"], ["2025"]],
    ev(
        ("h11", "Earlier this month, the Dakhla-Oued Eddahab regional council inked a memorandum of understanding"),
        ("h11", "Friday, 19 December 2025"),
    ),
)
q(
    "en",
    "fact",
    "what_about",
    "What does the twinning between Akhfennir and Tinajo provide for?",
    [
        ["pescadores", "fishers", "fishermen", "pêcheurs", "الصيادين", "fishing"],
        ["escolares", "school", "scolaire", "مدرسية"],
        ["surf"],
    ],
    ev(
        (
            "h14",
            "El acta prevé el intercambio de pescadores artesanales y de técnicos municipales, viajes escolares entre los colegios de las dos localidades y la promoción conjunta del turismo de surf y de naturaleza",
        )
    ),
)
q(
    "en",
    "fact",
    "who",
    "Who signed the twinning between Akhfennir and Tinajo?",
    [["Perdomo"], ["Ould Cheikh", "ولد الشيخ"]],
    ev(
        (
            "h14",
            "El alcalde de Tinajo, Tomás Perdomo Hernández, y el presidente del consejo comunal de Akhfennir, Mbarek Ould Cheikh, suscribieron",
        )
    ),
)
q(
    "en",
    "fact",
    "yes_no",
    "Is Boujdour twinned with the Tunisian town of Kelibia?",
    [["Favignana", "فافينيانا"], ["friendship pact", "patto di amicizia", "pacte d'amitié", "ميثاق صداقة"]],
    ev(
        ("h13", "Favignana è gemellata dal 2012 con la città tunisina di Kelibia"),
        ("h13", "il patto di amicizia tra il Comune di Favignana"),
    ),
)
q(
    "en",
    "filter",
    "list",
    "Which Mauritanian localities appear in the new documents as partners of southern Moroccan local authorities, whether the agreement is signed, approved or only planned?",
    [["Nouadhibou", "نواذيبو"], ["Kiffa", "كيفة"], ["Ouadane", "وادان", "Wadan"]],
    ev(
        ("h01", "أبرمت بلدية نواذيبو، العاصمة الاقتصادية للجمهورية الإسلامية الموريتانية"),
        ("h02", "صادق المجلس بالأغلبية على مشروع اتفاقية التعاون مع بلدية كيفة"),
        ("h04", "الجماعة تعتزم توقيع اتفاقية توأمة مع بلدية وادان الموريتانية"),
        ("h12", "Mauritanian partners appear in three entries"),
    ),
)
U("en", "count", "What is the population of Tinajo?")
U("en", "other", "What did the mayor of Kiffa say about the cooperation agreement with Smara?")

QS.write(HERE / "questions.jsonl")
