"""tdkt-eval: evaluate emulation movements (thi đua) and commendations (khen thưởng).

Examples
--------
>>> import tdkt_eval as te
>>> sorted(te.TABLES)[:3]
['citizen_responses', 'cluster_results', 'cluster_scores']
"""

from importlib.metadata import PackageNotFoundError, version

from ._validation import (
    AmbiguousDateError,
    DataQualityWarning,
    DateParseError,
    DuplicateColumnError,
    DuplicateKeyError,
    EmptyFileError,
    EncodingDetectionError,
    HeaderNotFoundError,
    InconsistentValuesError,
    InputFileNotFoundError,
    InvalidCategoryError,
    InvalidChoiceError,
    InvalidParameterError,
    MalformedFileError,
    MissingColumnError,
    MissingDependencyError,
    MissingItemError,
    MissingValueError,
    MixedTypeError,
    OutOfRangeError,
    SheetNotFoundError,
    SurveyLanguageError,
    SurveyMismatchError,
    TdktInputError,
    TruncatedFileError,
    UnknownColumnError,
    UnknownKindError,
    UnsupportedFormatError,
    WrongSeparatorError,
)
from .compliance import RuleFileError, RuleSet, check_compliance, load_rules, rules_table
from .design import CalibrationError, Design, DesignError, Estimate
from .factor import EFAResult, FactorAnalysisError, bartlett, efa, kmo, parallel_analysis
from .instruments import Instrument, codebook, load_instrument, validate_form
from .io import TABLES, check_directory, get_table, load_and_check, load_dataset, load_records, load_survey, validate
from .quality import QualityResult, screen
from .rewards import (
    campaign_impact,
    concordance,
    dossier_completeness,
    representation,
    representation_trend,
    reward_model,
    timeliness,
)

try:
    __version__ = version("tdkt-eval")
except PackageNotFoundError:  # running from a source tree without installation
    __version__ = "0+unknown"

__all__ = [
    "AmbiguousDateError",
    "bartlett",
    "CalibrationError",
    "campaign_impact",
    "check_compliance",
    "check_directory",
    "codebook",
    "concordance",
    "DataQualityWarning",
    "DateParseError",
    "Design",
    "DesignError",
    "dossier_completeness",
    "DuplicateColumnError",
    "DuplicateKeyError",
    "efa",
    "EFAResult",
    "EmptyFileError",
    "EncodingDetectionError",
    "Estimate",
    "FactorAnalysisError",
    "get_table",
    "HeaderNotFoundError",
    "InconsistentValuesError",
    "InputFileNotFoundError",
    "Instrument",
    "InvalidCategoryError",
    "InvalidChoiceError",
    "InvalidParameterError",
    "kmo",
    "load_and_check",
    "load_dataset",
    "load_instrument",
    "load_records",
    "load_rules",
    "load_survey",
    "MalformedFileError",
    "MissingColumnError",
    "MissingDependencyError",
    "MissingItemError",
    "MissingValueError",
    "MixedTypeError",
    "OutOfRangeError",
    "parallel_analysis",
    "QualityResult",
    "representation",
    "representation_trend",
    "reward_model",
    "RuleFileError",
    "rules_table",
    "RuleSet",
    "screen",
    "SheetNotFoundError",
    "SurveyLanguageError",
    "SurveyMismatchError",
    "TABLES",
    "TdktInputError",
    "timeliness",
    "TruncatedFileError",
    "UnknownColumnError",
    "UnknownKindError",
    "UnsupportedFormatError",
    "validate",
    "validate_form",
    "WrongSeparatorError",
    "__version__",
]
