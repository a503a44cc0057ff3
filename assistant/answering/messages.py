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
