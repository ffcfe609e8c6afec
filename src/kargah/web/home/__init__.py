"""The home page at ``/``: one dashboard per role (``views.home``), from figures the other parts
compute (``figures``)."""
