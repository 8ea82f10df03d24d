"""Legal compliance of reward records, against dated rules kept as data.

``engine`` reads rule files and applies the rules in force at each decision date
(:func:`check_compliance`); ``checks`` holds the built-in checks a rule names, and the parsing
of rule files; ``rules/`` the shipped rule file (Law 06/2022/QH15 and Law 15/2003).
"""

from ..errors import RuleFileError
from .engine import (
    CERTAINTY,
    RESULT_COLUMNS,
    Rule,
    RuleSet,
    SkippedRule,
    check_compliance,
    load_rules,
    rule_citation,
    rule_label,
    rules_table,
    skipped_rules,
)

__all__ = ["CERTAINTY", "RESULT_COLUMNS", "Rule", "RuleFileError", "RuleSet", "SkippedRule", "check_compliance",
           "load_rules", "rule_citation", "rule_label", "rules_table", "skipped_rules"]
