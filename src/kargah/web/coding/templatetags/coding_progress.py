"""``{% coder_progress survey %}``: the signed-in coder's progress bar in the survey
(``coding/progress.html``), for pages whose view does not compute it (the coding screen)."""

from __future__ import annotations

from typing import Any

from django import template

from kargah.web.coding.progress import for_coder

register = template.Library()


@register.inclusion_tag("coding/progress.html", takes_context=True)
def coder_progress(context: Any, survey: Any) -> dict[str, Any]:
    user = context["request"].user
    return {"progress": for_coder(survey, user), "LANGUAGE_CODE": context.get("LANGUAGE_CODE")}
