from django.urls import path

from kargah.web.coding import assign, assist_views, results, retrieve, tree, views, workbench

app_name = "coding"
urlpatterns = [
    path("", views.index, name="index"),
    path("import/", views.import_qdpx, name="import"),
    path("<int:survey_id>/code/", views.code_screen, name="code"),
    path("<int:survey_id>/segments/<int:segment_id>/split/", workbench.split_segment, name="split"),
    path("<int:survey_id>/span/", workbench.code_span, name="span"),
    path("<int:survey_id>/uncode/", workbench.remove_coding, name="uncode"),
    path("<int:survey_id>/undo/", workbench.undo_coding, name="undo"),
    path(
        "<int:survey_id>/respondents/<int:respondent_id>/",
        workbench.respondent_view,
        name="respondent",
    ),
    path("<int:survey_id>/codebook/", views.codebook_page, name="codebook"),
    path("<int:survey_id>/codes/<int:code_id>/edit/", views.code_edit, name="code_edit"),
    path("<int:survey_id>/results/", results.results, name="results"),
    path("<int:survey_id>/agreement/", views.agreement, name="agreement"),
    path("<int:survey_id>/disagreements/", views.disagreement_screen, name="disagreements"),
    path("<int:survey_id>/export.qdpx", views.export_qdpx, name="export"),
    path("<int:survey_id>/assign/", assign.assign_page, name="assign"),
    path("<int:survey_id>/retrieve/", retrieve.retrieve, name="retrieve"),
    path("<int:survey_id>/tree/", tree.tree_change, name="tree"),
    path("<int:survey_id>/suggestions/accept/", assist_views.accept, name="suggestion_accept"),
    path("<int:survey_id>/suggestions/reject/", assist_views.reject, name="suggestion_reject"),
    path("<int:survey_id>/suggestions/", assist_views.settings_page, name="assist"),
    path("<int:survey_id>/candidates/", assist_views.candidates_page, name="candidates"),
]
