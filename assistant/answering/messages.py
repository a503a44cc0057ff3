"""The assistant's own words, in the asker's language. Quotations stay in the
language of their source; only this framing is translated."""

MESSAGES = {
    "lead_in": {
        "ar": "هذا ما تقوله الوثائق في هذا الشأن:",
        "fr": "Voici ce que disent les documents (citations dans leur langue d'origine) :",
        "en": "Here is what the documents say (quoted in their original language):",
    },
    "abstain": {
        "ar": "لا تجيب الوثائق المتوفرة عن هذا السؤال.",
        "fr": "Les documents disponibles ne répondent pas à cette question.",
        "en": "The available documents do not answer this question.",
    },
    "related": {
        "ar": "قراءات ذات صلة:",
        "fr": "Lectures connexes :",
        "en": "Related reading:",
    },
    "llm_fallback": {
        "ar": "تعذر استعمال النموذج اللغوي ({reason})؛ هذه إجابة مقتطفة من الوثائق.",
        "fr": "Le modèle de langue n'a pas pu être utilisé ({reason}) ; voici une réponse extraite des documents.",
        "en": "The language model could not be used ({reason}); this answer is extracted from the documents.",
    },
    "dropped": {
        "ar": "حُذفت {n} جملة لم تدعمها المصادر المذكورة.",
        "fr": "{n} phrase(s) non étayée(s) par les sources citées ont été retirée(s).",
        "en": "{n} sentence(s) not supported by the cited sources were removed.",
    },
    "no_index": {
        "ar": "الفهرس فارغ: أضف وثائق أولاً.",
        "fr": "L'index est vide : ajoutez d'abord des documents.",
        "en": "The index is empty: add documents first.",
    },
}

MESSAGES.update(
    {
        "understood": {
            "ar": "فُهم السؤال كالتالي: {question}",
            "fr": "Compris comme : {question}",
            "en": "Understood as: {question}",
        },
        "also_passages": {
            "ar": "وفي نصوص الوثائق:",
            "fr": "Et dans le texte des documents :",
            "en": "And in the text of the documents:",
        },
        "registry_lead": {
            "ar": "حسب سجل الاتفاقيات المستخرج من الوثائق{scope}: {summary}:",
            "fr": "D'après le registre des accords tiré des documents{scope} : {summary} :",
            "en": "According to the agreements registry built from the documents{scope}: {summary}:",
        },
        "registry_other_commune": {
            "ar": "لا تذكر الوثائق أي اتفاقية بين {commune} و{partner}؛ وهي تربط {partner} بـ{others}:",
            "fr": "Les documents ne mentionnent aucun accord entre {commune} et {partner} ; ils relient {partner} à {others} :",
            "en": "The documents mention no agreement between {commune} and {partner}; they link {partner} to {others}:",
        },
        "registry_none": {
            "ar": "لا تذكر الوثائق أي اتفاقية توأمة تطابق هذا السؤال ({filters}).",
            "fr": "Les documents ne mentionnent aucun accord de jumelage correspondant ({filters}).",
            "en": "The documents mention no twinning agreement matching this question ({filters}).",
        },
        "count_source": {
            "ar": "{n} في {source}",
            "fr": "{n} dans {source}",
            "en": "{n} in {source}",
        },
        "count_total": {
            "ar": "المجموع {n} اتفاقية",
            "fr": "{n} accords en tout",
            "en": "{n} agreements in all",
        },
        "count_announced": {
            "ar": "إضافة إلى اتفاقيات معلن عنها لم توقع بعد",
            "fr": "plus des accords annoncés, pas encore signés",
            "en": "plus agreements announced but not yet signed",
        },
        "study_states": {
            "ar": "يذكر نص {source} نفسه: {quote}",
            "fr": "Le texte de {source} indique lui-même : « {quote} »",
            "en": "The text of {source} itself says: “{quote}”",
        },
        "reference": {
            "ar": "المرجع {n} في {source}:",
            "fr": "Référence {n} de {source} :",
            "en": "Reference {n} of {source}:",
        },
        "unspecified": {"ar": "جماعة غير محددة", "fr": "commune non précisée", "en": "commune not named"},
        "agreements_word": {"ar": "اتفاقية", "fr": "accord(s)", "en": "agreement(s)"},
        "announced": {
            "ar": "معلن عنها، لم توقع بعد",
            "fr": "annoncé, pas encore signé",
            "en": "announced, not yet signed",
        },
        "approved": {
            "ar": "صادق عليها المجلس، لم توقع بعد",
            "fr": "approuvé par le conseil, pas encore signé",
            "en": "approved by the council, not yet signed",
        },
        "renewed": {"ar": "تجديد", "fr": "renouvelé", "en": "renewed"},
        # instrument kinds (extraction vocabulary) other than a twinning, named in registry answers
        "kind_cooperation": {"ar": "اتفاقية تعاون", "fr": "convention de coopération", "en": "cooperation agreement"},
        "kind_friendship": {"ar": "ميثاق صداقة", "fr": "pacte d'amitié", "en": "friendship pact"},
        "kind_letter_of_intent": {"ar": "رسالة نوايا", "fr": "lettre d'intention", "en": "letter of intent"},
        "kind_mou": {"ar": "مذكرة تفاهم", "fr": "mémorandum d'entente", "en": "memorandum of understanding"},
        "kind_council_approval": {
            "ar": "مصادقة المجلس على مشروع اتفاقية",
            "fr": "projet approuvé par le conseil",
            "en": "draft approved by the council",
        },
        "signed_by": {"ar": "وقعها: {names}", "fr": "signé par : {names}", "en": "signed by: {names}"},
        "discrepancy": {
            "ar": "تنبيه — تعارض بين المصادر: {text}",
            "fr": "Attention — les sources divergent : {text}",
            "en": "Note — the sources disagree: {text}",
        },
        "oldest": {"ar": "الأقدم", "fr": "les plus anciens", "en": "the earliest"},
        "newest": {"ar": "الأحدث", "fr": "les plus récents", "en": "the most recent"},
    }
)

MESSAGES.update(
    {
        "about_document": {"ar": "عن {source}:", "fr": "À propos de {source} :", "en": "About {source}:"},
        "meta_author": {"ar": "الكاتب", "fr": "Auteur", "en": "Author"},
        "meta_date": {"ar": "تاريخ النشر", "fr": "Date de publication", "en": "Published"},
        "meta_outlet": {"ar": "منبر النشر", "fr": "Publié dans", "en": "Published in"},
        "meta_doi": {"ar": "المعرف الرقمي", "fr": "DOI", "en": "DOI"},
    }
)

MONTHS = {
    "ar": ["يناير", "فبراير", "مارس", "أبريل", "ماي", "يونيو", "يوليوز", "غشت", "شتنبر", "أكتوبر", "نونبر", "دجنبر"],
    "fr": [
        "janvier",
        "février",
        "mars",
        "avril",
        "mai",
        "juin",
        "juillet",
        "août",
        "septembre",
        "octobre",
        "novembre",
        "décembre",
    ],
    "en": [
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
    ],
}


def format_date(iso: str | None, lang: str) -> str:
    """'2023-01' → 'janvier 2023'; '2026-01-15' → '15 January 2026'; '2009' → '2009'."""
    if not iso:
        return {"ar": "تاريخ غير مذكور", "fr": "date non précisée"}.get(lang, "date not given")
    parts = [int(p) for p in iso.split("-")]
    months = MONTHS.get(lang, MONTHS["en"])
    if len(parts) == 1:
        return str(parts[0])
    if len(parts) == 2:
        return f"{months[parts[1] - 1]} {parts[0]}"
    return f"{parts[2]} {months[parts[1] - 1]} {parts[0]}"


FALLBACK_REASONS = {
    "unreachable": {"ar": "الخادم غير متاح", "fr": "serveur injoignable", "en": "server unreachable"},
    "timeout": {"ar": "انتهت المهلة", "fr": "délai dépassé", "en": "timed out"},
    "invalid": {"ar": "استشهادات غير صالحة", "fr": "citations invalides", "en": "its citations failed validation"},
    "error": {"ar": "خطأ", "fr": "erreur", "en": "error"},
    "empty": {"ar": "إجابة فارغة", "fr": "réponse vide", "en": "empty reply"},
}


def message(key: str, lang: str, **kwargs) -> str:
    table = MESSAGES[key]
    return table.get(lang, table["en"]).format(**kwargs)


def reason(key: str, lang: str) -> str:
    table = FALLBACK_REASONS.get(key, FALLBACK_REASONS["error"])
    return table.get(lang, table["en"])
