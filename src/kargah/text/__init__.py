"""``kargah.text``: Persian text made comparable (search keys), displayable (Persian digits), and
read as yes or no."""

from kargah.text._normalise import ascii_digits, normalise, persian_digits
from kargah.text._yes_no import yes_no

__all__ = ["ascii_digits", "normalise", "persian_digits", "yes_no"]
