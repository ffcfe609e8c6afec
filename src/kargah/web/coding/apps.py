from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CodingConfig(AppConfig):
    name = "kargah.web.coding"
    label = "coding"
    verbose_name = _("Thematic analysis")

    def ready(self) -> None:
        # coding depends on survey, never the other way: it listens to survey's hooks
        from kargah.web.coding.hooks import coding_sheets, segment_new_answers
        from kargah.web.survey import hooks

        hooks.answers_saved.connect(segment_new_answers, dispatch_uid="coding-segments")
        if coding_sheets not in hooks.export_sheets:
            hooks.export_sheets.append(coding_sheets)
