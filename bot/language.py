"""Which language a question is in, and what to say when it is not English.

The embedder, the parser and the checker read English only, so a question in another language
gets a plain notice in that language, never a guess or an off-topic quote. The language is told
by its script (Chinese, Japanese, Korean, Cyrillic, Arabic...) or, in Latin script, by its
function words: every question has some ("what", "the", "does"; "qué", "el"; "wie", "der").
"""

from __future__ import annotations

import re
import unicodedata

# The commonest function words of each language (those English shares are taken out below).
_FUNCTION_WORDS = {
    "en": set("what which who whom whose when where why how is are was were do does did the a an of to in on "
              "for with and or not has have had will would can could should many much this that these those it its "
              "they their he she his her there about by from than".split()),
    "es": set("qué cuál cuáles quién quiénes cuándo dónde por porque cómo cuántos cuántas cuánto cuánta el la los "
              "las un una del al es son fue era está están tiene tienen y o en con para sobre".split()),
    "de": set("was welche welcher welches wer wann wo warum wie viele viel der die das ein eine einen des dem den "
              "ist sind war hat haben wird und oder nicht mit für über von zu im auf".split()),
    "fr": set("quel quelle quels quelles qui quand où pourquoi comment combien le la les un une des du est sont "
              "était a ont et ou pas avec pour sur dans que qu d l".split()),
    "it": set("che quale quali chi quando dove perché come quanti quante quanto il lo la gli le un una del della "
              "è sono era ha hanno e o non con per su di".split()),
    "pt": set("que qual quais quem quando onde porque como quantos quantas quanto o os as um uma do da dos das é "
              "são foi era tem têm e ou não com para sobre em".split()),
}
for _code, _words in _FUNCTION_WORDS.items():  # a word English has too ("was", "a") tells nothing
    if _code != "en":
        _words -= _FUNCTION_WORDS["en"]
_SCRIPTS = [("zh", "CJK UNIFIED"), ("ja", "HIRAGANA"), ("ja", "KATAKANA"), ("ko", "HANGUL"), ("ru", "CYRILLIC"),
            ("ar", "ARABIC"), ("he", "HEBREW"), ("el", "GREEK"), ("hi", "DEVANAGARI"), ("th", "THAI")]

NOTICE = {
    "en": "Please ask in English: the sources and the checks that verify answers are in English.",
    "es": "Por favor, pregunte en inglés: las fuentes y las comprobaciones de las respuestas están en inglés.",
    "de": "Bitte fragen Sie auf Englisch: Die Quellen und die Prüfung der Antworten sind auf Englisch.",
    "fr": "Merci de poser la question en anglais : les sources et la vérification des réponses sont en anglais.",
    "it": "Per favore, fai la domanda in inglese: le fonti e le verifiche delle risposte sono in inglese.",
    "pt": "Por favor, pergunte em inglês: as fontes e a verificação das respostas estão em inglês.",
    "zh": "请用英语提问：资料来源和答案核查都是英文的。",
    "ja": "英語で質問してください。資料と回答の確認は英語で行われます。",
    "ko": "영어로 질문해 주세요. 자료와 답변 검증은 영어로 이루어집니다.",
    "ru": "Пожалуйста, задайте вопрос по-английски: источники и проверка ответов на английском языке.",
}


def language_of(text: str) -> str:
    """"en", or the code of the language `text` is in ("es", "zh"...) when it is clearly another.

    Unclear text (a bare name, a few words) counts as English: it is better to try than to refuse.
    """
    letters = [c for c in text if c.isalpha()]
    if not letters:
        return "en"
    for code, script in _SCRIPTS:
        share = sum(1 for c in letters if unicodedata.name(c, "").startswith(script)) / len(letters)
        if share >= 0.3:
            return code
    words = re.findall(r"[^\W\d_]+", text.lower())
    hits = {code: sum(w in found for w in words) for code, found in _FUNCTION_WORDS.items()}
    best = max(hits, key=lambda code: (hits[code], code == "en"))
    return best if best != "en" and hits[best] >= 2 and hits[best] > hits["en"] else "en"


def notice(code: str) -> str:
    """What to say to a question in language `code`: ask in English, in that language if we can."""
    return NOTICE.get(code, NOTICE["en"])
