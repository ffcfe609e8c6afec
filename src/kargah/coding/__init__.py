"""``kargah.coding``: thematic analysis — agreement between coders (Cohen's kappa, Krippendorff's
alpha), theme frequencies and the challenge → solution matrix, REFI-QDA ``.qdpx`` exchange, and
the synthetic demo study built to the Guilan paper's published figures."""

from kargah.coding._agreement import Agreement, cohen_kappa, krippendorff_alpha, read_codings
from kargah.coding._exchange import CodedStudy, from_project, study_records, to_project
from kargah.coding._frequencies import (
    SEGMENT_COLUMNS,
    challenge_solution_matrix,
    frequency_records,
    read_segments,
    theme_frequencies,
)
from kargah.coding._qdpx import (
    QdaCase,
    QdaCode,
    QdaCoding,
    QdaNote,
    QdaProject,
    QdaSelection,
    QdaSource,
    QdaUser,
    new_guid,
    read_qdpx,
    write_qdpx,
)
from kargah.coding._study import Study, demo_study

__all__ = [
    "SEGMENT_COLUMNS",
    "Agreement",
    "CodedStudy",
    "QdaCase",
    "QdaCode",
    "QdaCoding",
    "QdaNote",
    "QdaProject",
    "QdaSelection",
    "QdaSource",
    "QdaUser",
    "Study",
    "challenge_solution_matrix",
    "cohen_kappa",
    "demo_study",
    "frequency_records",
    "from_project",
    "krippendorff_alpha",
    "new_guid",
    "read_codings",
    "read_qdpx",
    "read_segments",
    "study_records",
    "theme_frequencies",
    "to_project",
    "write_qdpx",
]
