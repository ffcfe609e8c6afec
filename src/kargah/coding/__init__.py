"""``kargah.coding``: thematic analysis — agreement between coders (Cohen's kappa, Krippendorff's
alpha), theme frequencies and the challenge → solution matrix, REFI-QDA ``.qdpx`` exchange, and
the synthetic study of the demo (built to the Guilan paper's published marginals; its other themes
and all answers are synthetic), and machine help: themes suggested for uncoded answers, candidate
codes grouped from answers not coded yet; the runs of text the coding screen highlights."""

from kargah.coding._agreement import (
    Agreement,
    code_agreement,
    cohen_kappa,
    krippendorff_alpha,
    percent_agreement,
    read_codings,
)
from kargah.coding._clusters import CandidateCode, cluster_answers
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
from kargah.coding._spans import SpanRun, span_runs
from kargah.coding._study import Study, synthetic_study
from kargah.coding._suggest import ThemeSuggester, read_coded_texts, read_texts

__all__ = [
    "SEGMENT_COLUMNS",
    "Agreement",
    "CandidateCode",
    "CodedStudy",
    "QdaCase",
    "QdaCode",
    "QdaCoding",
    "QdaNote",
    "QdaProject",
    "QdaSelection",
    "QdaSource",
    "QdaUser",
    "SpanRun",
    "Study",
    "ThemeSuggester",
    "challenge_solution_matrix",
    "cluster_answers",
    "code_agreement",
    "cohen_kappa",
    "frequency_records",
    "from_project",
    "krippendorff_alpha",
    "new_guid",
    "percent_agreement",
    "read_coded_texts",
    "read_codings",
    "read_qdpx",
    "read_segments",
    "read_texts",
    "span_runs",
    "study_records",
    "synthetic_study",
    "theme_frequencies",
    "to_project",
    "write_qdpx",
]
