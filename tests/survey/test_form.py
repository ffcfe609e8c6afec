"""The shipped Guilan form loads as written."""

from kargah.survey import load_form


def test_area_names_keep_their_commas() -> None:
    # An unquoted comma inside a YAML flow mapping once cut "Marketing, sales and trade" short.
    names = {area.id: area.en for area in load_form("guilan").areas}
    assert names["marketing"] == "Marketing, sales and trade"
