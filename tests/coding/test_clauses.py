"""An answer read clause by clause: where clauses end, and a theme said in one clause of a long
answer found (ParsiNLU's food reviews: recall at 0.90 precision 0.780 → 0.810, twelve splits)."""

from __future__ import annotations

import numpy as np
import pandas as pd

from kargah.coding import ThemeSuggester
from kargah.coding._clauses import prepare, read
from kargah.coding._learners import confidence

from .test_suggest import coded_frame


def test_clauses_end_at_punctuation_and_joining_words() -> None:
    found = read(["طعمش خیلی خوب بود، ولی قیمتش بالاست و بسته‌بندی پاره بود!!! واقعا"])
    assert found[1] == [["طعمش خیلی خوب بود", "قیمتش بالاست", "بسته بندی پاره بود", "واقعا"]]
    # a word that only begins with a joining word ("وام", "همه") is not split; nor a text of none
    assert read(["وام همه را گرفت", ""])[1] == [["وام همه را گرفت"], [""]]
    assert read(["خوب.", "!!!"])[1] == [["خوب"], [""]]
    assert prepare(["خیییلی «خوب»"]) == ["خیلی خوب"]


def test_a_theme_said_in_one_clause_of_a_long_answer_is_suggested() -> None:
    model = ThemeSuggester().fit(coded_frame())
    filler = "کارگاه ما در این سال‌ها به نظر من مشکل اصلی واقعا همیشه امسال"
    text = f"{filler} {filler}. خاموشی. {filler}"
    result = model.suggest(pd.DataFrame({"segment": [1], "text": [text]}))
    assert [s["theme"] for s in result[0]["suggestions"]] == ["برق"]
    # read whole alone, the filler drowns it
    whole = model.vectoriser_.transform(prepare([text]))
    k = model.themes_.index("برق")
    assert confidence(model.models_[k], whole)[0] < model.threshold_
    assert np.isclose(
        result[0]["suggestions"][0]["confidence"], model.confidences([text]).iloc[0, k], atol=1e-4
    )
