"""Reference data: every row says where it comes from."""

from kargah.stats import reference_tables


def test_every_reference_row_has_a_source() -> None:
    tables = reference_tables()
    assert {"iran_census_workshops", "iran_textile_share", "cross_country_sme_shares"} <= set(
        tables
    )
    for name, frame in tables.items():
        assert "source" in frame.columns, name
        assert frame["source"].notna().all() and (frame["source"].str.len() > 5).all(), name


def test_cross_country_table_has_the_five_countries() -> None:
    frame = reference_tables()["cross_country_sme_shares"]
    assert {"Japan", "Taiwan", "Iran", "Singapore", "South Korea"} <= set(frame["country"])
    iran = frame.query("country == 'Iran'").set_index("indicator")["share_pct"]
    assert iran["units"] == 92 and iran["employment"] == 56
