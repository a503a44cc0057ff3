"""Interface labels in Arabic, French and English.

`UI[key][lang]`; `t(key, lang)` falls back to English. Answers and source cards
follow the question's language (assistant.ui.render.LABELS); these labels follow
the interface language the user picked, and Arabic also mirrors the layout.
"""

from __future__ import annotations

LANGUAGES = [("العربية", "ar"), ("Français", "fr"), ("English", "en")]

UI: dict[str, dict[str, str]] = {
    "title": {"ar": "مساعد اتفاقيات التوأمة", "fr": "Assistant des jumelages", "en": "Twinning assistant"},
    "subtitle": {
        "ar": "أجوبة موثقة بالمصادر عن اتفاقيات التوأمة والتعاون لجماعات الأقاليم الجنوبية. اسأل بالعربية أو الفرنسية أو الإنجليزية.",
        "fr": "Réponses citées, tirées des documents sur les jumelages et accords de coopération des communes des "
        "provinces du Sud. Posez vos questions en arabe, en français ou en anglais.",
        "en": "Cited answers from the documents on the twinning and cooperation agreements of the southern-province "
        "communes. Ask in Arabic, French or English.",
    },
    "interface": {"ar": "لغة الواجهة", "fr": "Langue de l'interface", "en": "Interface language"},
    "tab_chat": {"ar": "المحادثة", "fr": "Questions", "en": "Chat"},
    "tab_agreements": {"ar": "الاتفاقيات", "fr": "Accords", "en": "Agreements"},
    "tab_briefing": {"ar": "مذكرة زيارة", "fr": "Note de briefing", "en": "Briefing"},
    "tab_sources": {"ar": "المصادر", "fr": "Sources", "en": "Sources"},
    "tab_settings": {"ar": "الإعدادات", "fr": "Paramètres", "en": "Settings"},
    "placeholder": {"ar": "اكتب سؤالك هنا…", "fr": "Posez votre question…", "en": "Ask a question…"},
    "send": {"ar": "إرسال", "fr": "Envoyer", "en": "Send"},
    "examples": {"ar": "أمثلة", "fr": "Exemples", "en": "Examples"},
    "clear": {"ar": "مسح المحادثة", "fr": "Effacer la conversation", "en": "Clear conversation"},
    "commune": {"ar": "الجماعة", "fr": "Commune", "en": "Commune"},
    "country": {"ar": "بلد الشريك", "fr": "Pays partenaire", "en": "Partner country"},
    "continent": {"ar": "القارة", "fr": "Continent", "en": "Continent"},
    "year": {"ar": "السنة", "fr": "Année", "en": "Year"},
    "theme": {"ar": "المجال", "fr": "Thème", "en": "Theme"},
    "status": {"ar": "الوضع", "fr": "Statut", "en": "Status"},
    "names_in": {"ar": "الأسماء بـ", "fr": "Noms en", "en": "Names in"},
    "unreviewed_only": {
        "ar": "المستخرجة غير المراجعة فقط",
        "fr": "Seulement les lignes extraites non vérifiées",
        "en": "Only extracted rows not yet reviewed",
    },
    "review_id": {"ar": "معرف السطر المستخرج", "fr": "Identifiant de la ligne extraite", "en": "Extracted row id"},
    "accept": {"ar": "قبول", "fr": "Accepter", "en": "Accept"},
    "reject": {"ar": "رفض", "fr": "Rejeter", "en": "Reject"},
    "all": {"ar": "— الكل —", "fr": "— tous —", "en": "— all —"},
    "agreements_count": {"ar": "{n} اتفاقية", "fr": "{n} accord(s)", "en": "{n} agreement(s)"},
    "no_filter": {"ar": "بدون تصفية", "fr": "sans filtre", "en": "no filter"},
    "download_csv": {"ar": "تنزيل CSV", "fr": "Télécharger CSV", "en": "Download CSV"},
    "download_xlsx": {"ar": "تنزيل XLSX", "fr": "Télécharger XLSX", "en": "Download XLSX"},
    "export": {"ar": "الملف", "fr": "Fichier", "en": "Export"},
    "charts": {"ar": "رسوم بيانية", "fr": "Graphiques", "en": "Charts"},
    "map": {"ar": "خريطة روابط التوأمة", "fr": "Carte des jumelages", "en": "Map of the twinning links"},
    "place": {"ar": "الجماعة أو المدينة الشريكة", "fr": "Commune ou ville partenaire", "en": "Commune or partner city"},
    "briefing_lang": {"ar": "لغة المذكرة", "fr": "Langue de la note", "en": "Briefing language"},
    "make_briefing": {"ar": "إعداد المذكرة", "fr": "Préparer la note", "en": "Prepare the briefing"},
    "briefing_files": {
        "ar": "التنزيلات (Markdown و DOCX و PDF)",
        "fr": "Téléchargements (Markdown, DOCX, PDF)",
        "en": "Downloads (Markdown, DOCX, PDF)",
    },
    "briefing_help": {
        "ar": "اختر جماعة مغربية أو مدينة شريكة: مذكرة من صفحة واحدة بالاتفاقيات وتواريخها، ومقاطع موثقة، وتوصيات "
        "الدراسة، والتعارضات بين المصادر، وقائمة المصادر.",
        "fr": "Choisissez une commune marocaine ou une ville partenaire : une note d'une page avec les accords et "
        "leurs dates, des passages cités, les recommandations de l'étude, les divergences entre sources et "
        "la liste des sources.",
        "en": "Choose a Moroccan commune or a partner city: a one-page briefing with the agreements and their "
        "dates, cited passages, the study's recommendations, discrepancies between sources and the sources "
        "list.",
    },
    "documents": {"ar": "الوثائق المفهرسة", "fr": "Documents indexés", "en": "Indexed documents"},
    "upload": {
        "ar": "إضافة وثائق ({types}؛ {mb} ميغابايت على الأكثر لكل ملف)",
        "fr": "Ajouter des documents ({types} ; {mb} Mo au plus chacun)",
        "en": "Add documents ({types}; at most {mb} MB each)",
    },
    "ingest": {"ar": "إضافة إلى الفهرس", "fr": "Ajouter à l'index", "en": "Add to the index"},
    "settings_help": {
        "ar": "للقراءة فقط. تُغيَّر الإعدادات بمتغيرات البيئة ‎ASSISTANT_*‎ أو بملف ‎.env‎.",
        "fr": "Lecture seule. Les paramètres se changent par les variables d'environnement `ASSISTANT_*` ou `.env`.",
        "en": "Read-only. Change settings with `ASSISTANT_*` environment variables or `.env`.",
    },
    "settings": {"ar": "الإعدادات", "fr": "Paramètres", "en": "Settings"},
    "index_status": {"ar": "حالة الفهرس", "fr": "État de l'index", "en": "Index status"},
    "refresh": {"ar": "تحديث", "fr": "Actualiser", "en": "Refresh"},
    "building": {
        "ar": "جارٍ بناء الفهرس من الوثائق ({done}/{total})… ستعمل الأسئلة عند انتهائه.",
        "fr": "Construction de l'index à partir des documents ({done}/{total})… Les questions "
        "fonctionneront dès qu'il sera prêt.",
        "en": "Building the index from the documents ({done}/{total})… Questions will work as soon as it is ready.",
    },
    "build_failed": {
        "ar": "تعذر بناء الفهرس: {error}",
        "fr": "La construction de l'index a échoué : {error}",
        "en": "Building the index failed: {error}",
    },
    "choose_files": {
        "ar": "اختر ملفا أو أكثر أولا.",
        "fr": "Choisissez d'abord un ou plusieurs fichiers.",
        "en": "Choose one or more files first.",
    },
    "not_added": {
        "ar": "لم تُضف (الفهرس لم يتغير بالنسبة لهذه الملفات)",
        "fr": "Non ajoutés (l'index reste inchangé pour ces fichiers)",
        "en": "Not added (the index is unchanged for these files)",
    },
    "indexing": {"ar": "الفهرسة", "fr": "Indexation", "en": "Indexing"},
}


def t(key: str, lang: str | None, **fields) -> str:
    entry = UI[key]
    text = entry.get(lang or "en") or entry["en"]
    return text.format(**fields) if fields else text


def direction(lang: str | None) -> str:
    return "rtl" if lang == "ar" else "ltr"


# Mirrors the whole page for Arabic (Gradio rows and tabs are flex boxes, so `dir`
# on the root reverses them); also remembers the choice for the next visit.
SET_DIRECTION_JS = """
(lang) => {
  const dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.documentElement.setAttribute('dir', dir);
  document.documentElement.setAttribute('lang', lang);
  const root = document.querySelector('.gradio-container');
  if (root) root.setAttribute('dir', dir);
  try { localStorage.setItem('assistant-ui-lang', lang); } catch (e) {}
  return lang;
}
"""
