"""``kargah.text``: Persian text made comparable (search keys) and displayable (Persian digits)."""

from kargah.text._normalise import ascii_digits, normalise, persian_digits

__all__ = ["ascii_digits", "normalise", "persian_digits"]
