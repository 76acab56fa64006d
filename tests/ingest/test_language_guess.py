"""The cheap language guess: one invented sentence per language of languages.json."""

from __future__ import annotations

import json
from importlib import resources

import pytest

from claimgraph.ingest import read_text
from claimgraph.ingest.language import guess_language
from tests.ingest.helpers import NOW

SENTENCES = {
    "en": "The harbour office said that the ferry to the island was cancelled because of the storm.",
    "de": "Die Stadt hat mitgeteilt, dass die Fähre zur Insel wegen des Sturms nicht fahren wird.",
    "fr": "Le port a annoncé que le bac pour l'île est annulé à cause de la tempête, selon la mairie.",
    "es": "El puerto anunció que el ferry a la isla fue cancelado por la tormenta, según el alcalde.",
    "it": "Il porto ha detto che il traghetto per l'isola non partirà per la tempesta, come previsto.",
    "nl": "De haven heeft gezegd dat de veerboot naar het eiland niet vaart vanwege de storm.",
    "pt": "O porto disse que a balsa para a ilha foi cancelada por causa da tempestade, segundo o prefeito.",
    "pl": "Port poinformował, że prom na wyspę nie popłynie z powodu burzy, jak podał burmistrz.",
    "ru": "Порт сообщил, что паром на остров не пойдёт из-за шторма, как сказал мэр.",
    "uk": "Порт повідомив, що пором на острів не піде через шторм, як сказав мер, і це вже відомо.",
    "ja": "港の事務所は、嵐のため島へのフェリーは欠航すると発表しました。",
    "ko": "항구 사무소는 폭풍 때문에 섬으로 가는 여객선이 결항된다고 밝혔다.",
    "zh": "港口办公室表示，由于暴风雨，前往岛屿的渡轮已经取消。",
    "ar": "قال مكتب الميناء إن العبارة إلى الجزيرة ألغيت بسبب العاصفة.",
    "he": "משרד הנמל אמר שהמעבורת לאי בוטלה בגלל הסערה.",
    "el": "Το γραφείο του λιμανιού είπε ότι το πλοίο για το νησί ακυρώθηκε λόγω της καταιγίδας.",
    "hi": "बंदरगाह कार्यालय ने कहा कि तूफान के कारण द्वीप जाने वाली नौका रद्द कर दी गई है।",
    "th": "สำนักงานท่าเรือกล่าวว่าเรือข้ามฟากไปยังเกาะถูกยกเลิกเนื่องจากพายุ",
}


def test_every_language_has_a_sentence() -> None:
    raw = resources.files("claimgraph.ingest").joinpath("data/languages.json").read_text(encoding="utf-8")
    data = json.loads(raw)
    assert set(data["stopwords"]) | set(data["scripts"]) == set(SENTENCES)


@pytest.mark.parametrize(("code", "sentence"), sorted(SENTENCES.items()))
def test_language_of_sentence(code: str, sentence: str) -> None:
    assert guess_language(sentence) == code


@pytest.mark.parametrize("text", ["12345 678", "Xyqz blorf wump", "Eastbrook"])
def test_unclear_text_is_undetermined(text: str) -> None:
    assert guess_language(text) == "und"


def test_non_english_article_is_read_not_refused() -> None:
    text = "Fähre fällt aus\n" + SENTENCES["de"] + "\nDer Bürgermeister sagte, dass die Insel nicht erreichbar ist."
    article = read_text(text, now=NOW)
    assert article.language == "de"
    assert article.text == text
