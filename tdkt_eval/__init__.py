"""tdkt-eval: evaluate emulation movements (thi đua) and commendations (khen thưởng).

Examples
--------
>>> import tdkt_eval as te
>>> sorted(te.TABLES)[:3]
['citizen_responses', 'cluster_results', 'cluster_scores']
"""

from importlib.metadata import PackageNotFoundError, version

from . import formality, indices, rewards
from ._validation import (
    AmbiguousDateError,
    AmbiguousNumberError,
    ArchiveError,
    FormulaWithoutValueError,
    InvalidArgumentTypeError,
    MixedEncodingError,
    PersonalDataError,
    ResourceLimitError,
    UnbalancedQuoteError,
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
from .agreement import AgreementError, AlphaResult, icc, krippendorff_alpha
from .compliance import RuleFileError, RuleSet, check_compliance, load_rules, rules_table
from .depth import DepthError, LadderResult, depth_ladder
from .design import CalibrationError, Design, DesignError, Estimate
from .factor import EFAResult, FactorAnalysisError, bartlett, efa, kmo, parallel_analysis
from .indices import DepthResult, IndicatorError, UncertaintyResult, depth_index, ranking_robustness
from .instruments import Instrument, codebook, load_instrument, validate_form
from .io import (
    TABLES,
    check_directory,
    get_table,
    load_and_check,
    load_dataset,
    load_records,
    load_survey,
    pseudonymise,
    validate,
)
from .perception import perception_gap
from .quality import QualityResult, screen
from .reliability import ReliabilityResult, ScaleError, reliability, scale_scores
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
    "AgreementError",
    "AlphaResult",
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
    "depth_index",
    "depth_ladder",
    "DepthError",
    "DepthResult",
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
    "formality",
    "get_table",
    "HeaderNotFoundError",
    "icc",
    "InconsistentValuesError",
    "IndicatorError",
    "indices",
    "InputFileNotFoundError",
    "Instrument",
    "InvalidCategoryError",
    "InvalidChoiceError",
    "InvalidParameterError",
    "AmbiguousNumberError",
    "ArchiveError",
    "FormulaWithoutValueError",
    "InvalidArgumentTypeError",
    "MixedEncodingError",
    "PersonalDataError",
    "ResourceLimitError",
    "UnbalancedQuoteError",
    "kmo",
    "krippendorff_alpha",
    "LadderResult",
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
    "perception_gap",
    "pseudonymise",
    "QualityResult",
    "ranking_robustness",
    "reliability",
    "ReliabilityResult",
    "representation",
    "representation_trend",
    "reward_model",
    "rewards",
    "RuleFileError",
    "rules_table",
    "RuleSet",
    "scale_scores",
    "ScaleError",
    "screen",
    "SheetNotFoundError",
    "SurveyLanguageError",
    "SurveyMismatchError",
    "TABLES",
    "TdktInputError",
    "timeliness",
    "TruncatedFileError",
    "UncertaintyResult",
    "UnknownColumnError",
    "UnknownKindError",
    "UnsupportedFormatError",
    "validate",
    "validate_form",
    "WrongSeparatorError",
    "__version__",
]
