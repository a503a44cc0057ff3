"""Write eval/growth2/questions.jsonl (hand-written questions; this script only
serialises them and numbers the ids g2-001...).  python eval/growth2/make_questions.py"""
import json
D1="growth2-ar-boujdour-mindelo-2025"; D2="growth2-ar-haouza-council-2025-10"; D3="growth2-ar-foum-el-oued-vila-do-bispo-mou-2025"
D4="growth2-ar-laayoune-limbe-visit-2025"; D5="growth2-fr-dakhla-forum-bir-anzarane-jdiriya-2025"; D6="growth2-fr-tarfaya-saint-gilles-renouvellement-2025"
D7="growth2-fr-tichla-les-mees-lettre-intention-2025"; D8="growth2-en-el-marsa-buchanan-cooperation-2025"; D9="growth2-it-favignana-boujdour-gemellaggio-2025"
D10="growth2-es-san-fernando-amgala-hermanamiento-2025"; IS="ismaili-2025"; NP="noonpost-2025-10-31"
def ev(doc, s): return {"doc": doc, "contains": s}
Q=[]
def q(lang, kind, intent, question, answer_all, evidence, family=None):
    d={"id": f"g2-{len(Q)+1:03d}", "lang": lang, "kind": kind, "intent": intent}
    if family: d["family"]=family
    d.update(question=question, answer_all=answer_all, evidence=evidence)
    Q.append(d)
UN=lambda lang, intent, question: q(lang,"unanswerable",intent,question,[],[])

# ---------------- Arabic (16; Darija marked in comments)
q("ar","date","date","في أي يوم وقعت جماعة بوجدور اتفاقية التوأمة مع مينديلو؟",
  [["11"],["يونيو","juin","June","-06-","/06/"],["2025"]],
  [ev(D1,"احتضن مقر جماعة بوجدور، يوم الأربعاء الماضي، حفل توقيع اتفاقية توأمة"), ev(D1,"السبت 14 يونيو 2025")], family="g2fam-mindelo-date")
q("ar","fact","who","شكون اللي سينيا على اتفاقية التوأمة ديال بوجدور مع مينديلو من الجهتين؟",  # Darija
  [["ولد الصالح","Ould Salah","Ould Saleh"],["دا غراسا","da Graça","da Graca"]],
  [ev(D1,"ووقع الاتفاقية عن الجانب المغربي الخليل ولد الصالح، النائب الأول لرئيس المجلس الجماعي لبوجدور"), ev(D1,"أوغوستو دا غراسا، رئيس بلدية مينديلو")])
q("ar","fact","what_about","ما هي المجالات التي تغطيها مذكرة التفاهم الموقعة بين فم الواد وبلدية فيلا دو بيسبو البرتغالية؟",
  [["ركوب الأمواج","surf"],["الصيد التقليدي","الصيد","pêche","fishing"],["الإنقاذ","السلامة","sauvetage","rescue","safety","sécurité"]],
  [ev(D3,"وتهم المذكرة رياضة ركوب الأمواج وتكوين المدربين، والصيد التقليدي، والإنقاذ والسلامة بالشواطئ")])
q("ar","definition","definition","هل مذكرة التفاهم بين فم الواد وفيلا دو بيسبو هي نفسها اتفاقية توأمة؟ وما الفرق بينهما حسب المسؤول الذي وقعها؟",
  [["ليست اتفاقية توأمة","ليست توأمة","not a twinning","n'est pas un jumelage","pas un jumelage"],["خطوة أولى","first step","première étape"],["سنتين","عامين","two years","deux ans","2 ans","2 years"]],
  [ev(D3,"أن مذكرة التفاهم ليست اتفاقية توأمة، بل هي خطوة أولى تحدد مجالات العمل المشترك لمدة سنتين")], family="g2fam-mou-vs-twinning")
q("ar","fact","yes_no","واش جماعة العيون سينيات شي اتفاقية مع مدينة ليمبي ديال الكاميرون؟",  # Darija
  [["لم يتم","لم توقع","ما تسينيات","ما وقعات","ما كاينش","no agreement","not signed","aucun","aucune","لا"],["زيارة","visit","visite"]],
  [ev(D4,"ولم يتم خلال هذه الزيارة توقيع أي اتفاقية أو مذكرة تفاهم")], family="g2fam-limbe-visit")
q("ar","count","count","كم عدد أعضاء مجلس جماعة الحوزة الذين صوتوا لصالح مشروع التوأمة مع دوسو، وكم عدد الممتنعين؟",
  [["19"],["2","اثنان","اثنين","عضوان","two","deux"]],
  [ev(D2,"الموافقون: 19 – الرافضون: 0 – الممتنعون: 2")])
q("ar","fact","yes_no","واش الحوزة ودوسو النيجرية سينياو اتفاقية التوأمة ولا مازال؟",  # Darija
  [["صادق","مصادقة","المصادقة","approuv","approved","approval"],["لم توقع","لم يتم التوقيع","ما تسينيات","مازال","not yet","not been signed","not signed","pas encore","pas été signée"]],
  [ev(D2,"صادق المجلس بالأغلبية على مشروع اتفاقية التوأمة مع بلدية دوسو الحضرية"), ev(D2,"لم توقع الاتفاقية بعد")], family="g2fam-dosso-status")
q("ar","multi_doc","list","ما هي المدن الأجنبية التي ترتبط بها جماعة بوجدور باتفاقيات توأمة؟",
  [["باتياغليا","باتيباغليا","Battipaglia"],["لاتسيو","Lazio","Lozio","لوزيو"],["مينديلو","Mindelo"]],
  [ev(IS,"باتياغليا، إيطاليا"), ev(IS,"لاتسيو، إيطاليا"), ev(D1,"حفل توقيع اتفاقية توأمة بين جماعة بوجدور ومدينة مينديلو")], family="g2fam-boujdour-partners")
q("ar","filter","list","أي جماعة من الأقاليم الجنوبية وقعت اتفاقية تعاون مع شريك موريتاني، ومع أي مدينة؟",
  [["بئر أنزران","بير أنزران","بئر انزران","بير انزران","Bir Anzarane","Bir Anzaran"],["Tidjikja","Tijikja","تجكجة","تيجكجة","تيجيكجا"]],
  [ev(D5,"a d'abord signé une convention de coopération avec la commune de Tidjikja, chef-lieu de la wilaya du Tagant, en Mauritanie"), ev(D8,"concluded a three-year cooperation agreement with Tijikja, an oasis town in central Mauritania")])
q("ar","fact","who","شكون اللي كان كيترأس الوفد ديال ليمبي اللي جا للعيون، وشنو هي الصفة ديالو؟",  # Darija
  [["نجومو","إيفامبي","Njomo","Efambe"],["نائب عمدة","نائب العمدة","deputy mayor","adjoint","vice-maire"]],
  [ev(D4,"وترأس الوفد بول إيفامبي نجومو، نائب عمدة مدينة ليمبي المكلف بالتخطيط الحضري")])
q("ar","date","date","متى جددت طرفاية اتفاقية التعاون مع مدينة سان جيل كروا دو في الفرنسية؟",
  [["16"],["أكتوبر","octobre","October","-10-","/10/"],["2025"]],
  [ev(D6,"C'était jeudi dernier, dans la salle du conseil de l'hôtel de ville"), ev(D6,"lundi 20 octobre 2025")], family="g2fam-tarfaya-renewal")
q("ar","fact","what_about","على ماذا تنص اتفاقية التوأمة بين أمكالة ومدينة سان فرناندو الشيلية؟",
  [["ganadería","الماشية","livestock","élevage","bétail","الثروة الحيوانية"],["agua","riego","الماء","المياه","السقي","الري","water","irrigation","eau"],["láctea","lácteo","lecheras","الحليب","الألبان","dairy","laitier","lait"]],
  [ev(D10,"ambas comunas cooperarán en ganadería y sanidad animal, en el manejo del agua para riego en zonas de sequía y en la agroindustria láctea")])
q("ar","multi_doc","list","شناهوما المدن الأجنبية اللي توأمات معاها جماعة أمكالة؟",  # Darija
  [["كور ماسار","Keur Massar"],["باراكو","Parakou"],["بريكاما","Brikama"],["سان فرناندو","San Fernando"]],
  [ev(NP,"أبرمت جماعة أمكالة ثلاث اتفاقيات مع مدن"), ev(NP,"كور ماسار (السنغال)، باراكو (البنين)، وبريكاما (غامبيا)"), ev(D10,"un acuerdo de hermanamiento con la comuna de Amgala")], family="g2fam-amgala-partners")
UN("ar","other","شحال الميزانية اللي خصصات جماعة فم الواد لمذكرة التفاهم مع فيلا دو بيسبو؟")  # Darija
UN("ar","who","ما اسم عمدة بلدية دوسو الذي سيوقع اتفاقية التوأمة مع جماعة الحوزة؟")
UN("ar","who","شكون هو رئيس جماعة الجديرية اللي وقعات ميثاق الصداقة مع غوروم غوروم؟")  # Darija

# ---------------- French (14)
q("fr","fact","who","Qui a signé la convention de coopération entre Bir Anzarane et Tidjikja, et en quelle qualité ?",
  [["Ould Sidi Mohamed"],["président","رئيس","president"],["Ould Ahmedou"],["maire","mayor","عمدة"]],
  [ev(D5,"Le document a été paraphé par Mbarek Ould Sidi Mohamed, président du conseil communal de Bir Anzarane, et par Cheikh Ould Ahmedou, maire de Tidjikja.")])
q("fr","multi_doc","yes_no","Un article en anglais parle d'un accord entre Bir Anzarane et « Tijikja » : s'agit-il de la même convention que celle signée avec Tidjikja à Dakhla, et pour quelle durée ?",
  [["oui","même","yes","same","نفس","نعم"],["trois ans","3 ans","three years","three-year","ثلاث سنوات"]],
  [ev(D5,"pour une durée initiale de trois ans"), ev(D8,"On 13 November, at a forum in Dakhla, the rural commune of Bir Anzarane concluded a three-year cooperation agreement with Tijikja")], family="g2fam-tidjikja-same")
q("fr","list","list","Quels accords ont été signés à la clôture des Rencontres atlantiques des collectivités territoriales de Dakhla en novembre 2025 ?",
  [["Tidjikja","Tijikja","تجكجة"],["Gorom-Gorom","Gorom Gorom","غوروم غوروم"]],
  [ev(D5,"se sont achevées jeudi 13 novembre 2025 par la signature de deux documents"), ev(D5,"a d'abord signé une convention de coopération avec la commune de Tidjikja"), ev(D5,"a conclu un pacte d'amitié avec Gorom-Gorom")])
q("fr","count","count","Combien de documents ont été signés lors de la journée de clôture du forum de Dakhla du 13 novembre 2025 ?",
  [["2","deux","two","اثنين","وثيقتين"]],
  [ev(D5,"par la signature de deux documents")])
q("fr","definition","definition","Quelle différence y a-t-il entre la lettre d'intention signée par Tichla et Les Mées et une convention de coopération ?",
  [["budget","financ","ميزانية"],["douze mois","12 mois","twelve months","12 months","اثني عشر شهرا","12 شهرا"]],
  [ev(D7,"Une lettre d'intention n'est pas une convention : elle n'engage ni budget ni calendrier. Elle ouvre une phase d'étude de douze mois")], family="g2fam-letter-vs-convention")
q("fr","fact","yes_no","Boujdour a-t-elle déjà signé son jumelage avec Favignana ?",
  [["pas encore","pas été signé","non signé","n'a pas","not yet","not been signed","non è ancora","لم يوقع","لم يتم","ليس بعد","non"],["avril","April","aprile","أبريل","-04"],["2026"]],
  [ev(D9,"Il patto non è ancora stato firmato."), ev(D9,"La sottoscrizione è prevista ad aprile 2026 a Favignana")], family="g2fam-favignana-status")
q("fr","fact","where","De quel Buchanan parle-t-on dans l'accord signé par El Marsa ?",
  [["Liberia","Libéria","ليبيريا"],["Grand Bassa"]],
  [ev(D8,"with Buchanan, the port city in Liberia's Grand Bassa County")], family="g2fam-buchanan-where")
q("fr","filter","list","Quelles villes françaises ont signé un document avec une commune du Sud marocain en septembre ou en octobre 2025 ?",
  [["Saint-Gilles-Croix-de-Vie","Saint-Gilles","سان جيل"],["Les Mées","Mées","ليه ميه"]],
  [ev(D6,"Saint-Gilles-Croix-de-Vie et la commune marocaine de Tarfaya ont renouvelé la convention"), ev(D7,"ont signé samedi 6 septembre 2025 une lettre d'intention de coopération")])
q("fr","fact","what_about","Qu'apporte de nouveau l'avenant signé en 2025 entre Tarfaya et Saint-Gilles-Croix-de-Vie ?",
  [["déchets","waste","النفايات"],["filets","nets","الشباك"],["collège","scolaire","school","établissement","مدرسة","مؤسسة"]],
  [ev(D6,"Les deux ports ajoutent cette fois un volet consacré à la gestion des déchets portuaires et au recyclage des filets usagés, ainsi que des échanges entre le collège de Saint-Gilles et un établissement de Tarfaya.")])
q("fr","fact","yes_no","Tarfaya et Saint-Gilles-Croix-de-Vie sont-elles jumelées ?",
  [["convention de coopération","cooperation agreement","اتفاقية تعاون","coopération décentralisée"],["aucune charte","pas un jumelage","non un jumelage","n'est pas un jumelage","not a twinning","ليست توأمة","au sens juridique","pas de jumelage","no twinning"]],
  [ev(D6,"Le texte renouvelé reste une convention de coopération et non un jumelage au sens juridique : aucune charte de jumelage n'a été signée entre les deux villes")])
q("fr","fact","who","Qui a signé l'accord entre El Marsa et Buchanan ?",
  [["Boukhris","بوخريص"],["Gbessay"]],
  [ev(D8,"The agreement was signed by Lahcen Boukhris, first vice-president of the El Marsa communal council, and by Ruth K. Gbessay, City Mayor of Buchanan")])
UN("fr","count","Quel montant Saint-Gilles-Croix-de-Vie consacre-t-elle à la formation des sauveteurs de Tarfaya ?")
UN("fr","count","Combien de membres compte le comité mixte chargé d'évaluer le jumelage entre San Fernando et Amgala ?")
UN("fr","date","Pour combien d'années l'accord de jumelage entre Boujdour et Mindelo a-t-il été conclu ?")

# ---------------- English (10)
q("en","fact","what_about","What would the draft twinning between Haouza and Dosso cover?",
  [["camel","livestock","الإبل","الماشية","élevage","pastoral","grazing","المراعي"],["well","الآبار","puits"],["craft","الصناعة التقليدية","artisanat"]],
  [ev(D2,"يقترح التعاون في تربية الإبل والماشية وتنظيم المراعي، وحفر وصيانة الآبار الرعوية، ودعم تعاونيات الصناعة التقليدية النسائية")], family="g2fam-dosso-themes")
q("en","fact","yes_no","Has Tichla signed a cooperation agreement with Les Mées?",
  [["letter of intent","lettre d'intention","رسالة نوايا","رسالة النوايا"],["no","not","non","pas","لا","لم"]],
  [ev(D7,"ont signé samedi 6 septembre 2025 une lettre d'intention de coopération"), ev(D7,"Une lettre d'intention n'est pas une convention")], family="g2fam-letter-vs-convention")
q("en","date","date","When and where is the Boujdour–Favignana twinning expected to be signed?",
  [["April","avril","aprile","أبريل","-04"],["2026"],["Favignana","فافينيانا"]],
  [ev(D9,"La sottoscrizione è prevista ad aprile 2026 a Favignana")], family="g2fam-favignana-status")
q("en","filter","list","Which communes of the southern provinces have agreements with towns in Portuguese-speaking countries, and which towns?",
  [["Vila do Bispo","فيلا دو بيسبو"],["Mindelo","مينديلو"],["Bissau","بيساو"]],
  [ev(D3,"وقعت جماعة فم الواد وبلدية فيلا دو بيسبو"), ev(D1,"مدينة مينديلو، عاصمة جزيرة ساو فيسنتي بجمهورية الرأس الأخضر"), ev(IS,"بيساو، غينيا بيساو")])
q("en","fact","who","Who signed the San Fernando–Amgala twinning agreement on each side?",
  [["Orellana"],["Ould Mouloud","ولد مولود"]],
  [ev(D10,"por la alcaldesa de San Fernando, Marcela Orellana Díaz, y por Brahim Ould Mouloud, segundo vicepresidente del consejo comunal de Amgala")])
q("en","multi_doc","yes_no","Did Boujdour's delegation sign anything when it visited Favignana in September 2025, and which African city did Boujdour twin with earlier that year?",
  [["no","not","nothing","non","aucun","لم"],["Mindelo","مينديلو"]],
  [ev(D9,"In quell'occasione non è stato firmato alcun documento."), ev(D1,"حفل توقيع اتفاقية توأمة بين جماعة بوجدور ومدينة مينديلو")])
q("en","fact","where","Which Mindelo is Boujdour twinned with?",
  [["Cape Verde","Cabo Verde","Cap-Vert","الرأس الأخضر"],["São Vicente","Sao Vicente","ساو فيسنتي"]],
  [ev(D1,"مدينة مينديلو، عاصمة جزيرة ساو فيسنتي بجمهورية الرأس الأخضر"), ev(D1,"ولا يتعلق الأمر بمدينة مينديلو البرتغالية الصغيرة القريبة من بورتو")], family="g2fam-mindelo-date")
q("en","multi_doc","list","Which Latin American cities is Laâyoune twinned with, and did its talks with Limbe lead to a signed agreement?",
  [["Pueblo Libre","بويلو ليبري"],["Talcahuano","طاكاوانو"],["no","not","visit","زيارة","visite","لم"]],
  [ev(IS,"بويلو ليبري، البيرو"), ev(IS,"طاكاوانو، الشيلي"), ev(D4,"ولم يتم خلال هذه الزيارة توقيع أي اتفاقية أو مذكرة تفاهم")], family="g2fam-limbe-visit")
UN("en","who","Who chairs the joint working group set up by Laâyoune and Limbe after the December 2025 visit?")
UN("en","count","What is the population of Gorom-Gorom, Jdiriya's partner in Burkina Faso?")

with open(__import__("pathlib").Path(__file__).resolve().parent / "questions.jsonl","w",encoding="utf-8") as f:
    for d in Q: f.write(json.dumps(d, ensure_ascii=False)+"\n")
from collections import Counter
print(len(Q), Counter(d["lang"] for d in Q), Counter(d["kind"] for d in Q))
