"""tdkt-eval: evaluate emulation movements (thi đua) and commendations (khen thưởng).

The package imports in a blink: the error classes load at once, and every other name (and the
scientific stack behind it: scipy, statsmodels, matplotlib) loads on first use (PEP 562).

Examples
--------
>>> import tdkt_eval as te
>>> sorted(te.TABLES)[:3]
['admin_crosswalk', 'citizen_responses', 'cluster_results']
"""

from __future__ import annotations

import importlib
import sys
import types

from .errors import (
    AgreementError,
    AmbiguousDateError,
    AmbiguousNumberError,
    ArchiveError,
    CalibrationError,
    DataQualityWarning,
    DateParseError,
    DepthError,
    DesignError,
    DuplicateColumnError,
    DuplicateKeyError,
    EmptyFileError,
    EncodingDetectionError,
    FactorAnalysisError,
    FormError,
    FormulaWithoutValueError,
    HeaderNotFoundError,
    InconsistentValuesError,
    IndicatorError,
    InputFileNotFoundError,
    InvalidArgumentTypeError,
    InvalidCategoryError,
    InvalidChoiceError,
    InvalidParameterError,
    MalformedFileError,
    MissingColumnError,
    MissingDependencyError,
    MissingItemError,
    MissingValueError,
    MixedEncodingError,
    MixedTypeError,
    NotEstimableError,
    OutOfRangeError,
    PersonalDataError,
    ResourceLimitError,
    RuleFileError,
    ScaleError,
    SheetNotFoundError,
    SurveyLanguageError,
    SurveyMismatchError,
    TdktInputError,
    TruncatedFileError,
    UnbalancedQuoteError,
    UnknownColumnError,
    UnknownKindError,
    UnsupportedFormatError,
    WrongSeparatorError,
)

#: Public names that load on first use, by the module that defines them.
_LAZY: dict[str, tuple[str, ...]] = {
    "agreement": ("AlphaResult", "ICCResult", "icc", "krippendorff_alpha"),
    "areas": ("current_province", "to_current_map"),
    "compliance": ("RuleSet", "check_compliance", "load_rules", "rules_table"),
    "depth": ("DepthResult", "LadderResult", "depth_index", "depth_ladder", "perception_gap"),
    "design": ("Design", "DesignTest", "DomainResult", "Estimate", "GLMResult", "QuantileResult", "ReplicateDesign",
               "SampleSizeResult",
               "adjust_nonresponse", "allocate", "attach_design", "cluster_tradeoffs",
               "inclusion_probabilities",
               "pps_systematic", "sample_size", "select_sample"),
    "factor": ("CFAResult", "EFAResult", "InvarianceResult", "OmegaResult", "bartlett", "cfa", "efa", "invariance",
               "kmo", "omega", "parallel_analysis"),
    "indices": ("UncertaintyResult", "ranking_robustness"),
    "io.instruments": ("Instrument", "codebook", "load_instrument", "validate_form"),
    "io": ("TABLES", "check_directory", "check_folder", "get_table", "load_and_check", "load_dataset",
           "load_records", "load_survey", "pseudonymise", "validate"),
    "ordinal": ("OrdinalAlphaResult", "ordinal_alpha", "polychoric"),
    "quality": ("QualityResult", "screen"),
    "reliability": ("ReliabilityResult", "reliability", "scale_scores"),
    "rewards": ("campaign_impact", "concordance", "dossier_completeness", "representation",
                "representation_trend", "reward_model", "timeliness"),
}
_SUBPACKAGES = ("areas", "compliance", "depth", "design", "errors", "factor", "formality", "indices", "io", "plots",
                "reporting", "rewards", "synth")
_WHERE = {name: module for module, names in _LAZY.items() for name in names}

def __getattr__(name: str) -> object:
    """Import a public name, or a subpackage, the first time it is used."""
    if name in _WHERE:
        value = getattr(importlib.import_module(f".{_WHERE[name]}", __name__), name)
    elif name in _SUBPACKAGES:
        value = importlib.import_module(f".{name}", __name__)
    elif name == "__version__":
        value = _version()
    else:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    globals()[name] = value
    return value


class _Package(types.ModuleType):
    """This package's module type: a submodule named like a public function never hides it.

    Importing ``tdkt_eval.reliability`` (the module) would otherwise rebind
    ``tdkt_eval.reliability`` (the function) to the module.
    """

    def __setattr__(self, name: str, value: object) -> None:
        if name in _WHERE and isinstance(value, types.ModuleType):
            return
        super().__setattr__(name, value)


sys.modules[__name__].__class__ = _Package


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(__all__))


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("tdkt-eval")
    except PackageNotFoundError:  # running from a source tree without installation
        return "0+unknown"


__all__ = [
    "__version__",
    "adjust_nonresponse",
    "AgreementError",
    "allocate",
    "AlphaResult",
    "AmbiguousDateError",
    "AmbiguousNumberError",
    "ArchiveError",
    "areas",
    "attach_design",
    "bartlett",
    "CalibrationError",
    "campaign_impact",
    "cfa",
    "CFAResult",
    "check_compliance",
    "check_directory",
    "check_folder",
    "cluster_tradeoffs",
    "codebook",
    "concordance",
    "current_province",
    "DataQualityWarning",
    "DateParseError",
    "depth_index",
    "depth_ladder",
    "DepthError",
    "DepthResult",
    "Design",
    "DesignError",
    "DesignTest",
    "DomainResult",
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
    "FormError",
    "FormulaWithoutValueError",
    "get_table",
    "GLMResult",
    "HeaderNotFoundError",
    "icc",
    "ICCResult",
    "inclusion_probabilities",
    "InconsistentValuesError",
    "IndicatorError",
    "indices",
    "InputFileNotFoundError",
    "Instrument",
    "InvalidArgumentTypeError",
    "InvalidCategoryError",
    "InvalidChoiceError",
    "InvalidParameterError",
    "invariance",
    "InvarianceResult",
    "io",
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
    "MixedEncodingError",
    "MixedTypeError",
    "NotEstimableError",
    "omega",
    "OmegaResult",
    "ordinal_alpha",
    "OrdinalAlphaResult",
    "OutOfRangeError",
    "parallel_analysis",
    "perception_gap",
    "PersonalDataError",
    "plots",
    "polychoric",
    "pps_systematic",
    "pseudonymise",
    "QualityResult",
    "QuantileResult",
    "ranking_robustness",
    "ReplicateDesign",
    "reliability",
    "ReliabilityResult",
    "reporting",
    "representation",
    "representation_trend",
    "ResourceLimitError",
    "reward_model",
    "rewards",
    "RuleFileError",
    "rules_table",
    "RuleSet",
    "sample_size",
    "SampleSizeResult",
    "scale_scores",
    "ScaleError",
    "screen",
    "select_sample",
    "SheetNotFoundError",
    "SurveyLanguageError",
    "SurveyMismatchError",
    "TABLES",
    "TdktInputError",
    "timeliness",
    "to_current_map",
    "TruncatedFileError",
    "UnbalancedQuoteError",
    "UncertaintyResult",
    "UnknownColumnError",
    "UnknownKindError",
    "UnsupportedFormatError",
    "validate",
    "validate_form",
    "WrongSeparatorError",
]
