"""Input: read Vietnamese office files into validated tidy tables.

Only this subpackage reads files; analyses take the DataFrames it returns.
"""

from .contracts import TABLES, Column, Table, contracts_markdown, get_table
from .limits import Limits, current_limits, raised_limits
from .privacy import personal_data_columns, pseudonymise
from .folder import check_directory, check_folder, find_table_files, load_and_check, load_dataset, problems_frame
from .records import load_records, validate
from .surveys import load_survey

__all__ = [
    "TABLES",
    "Column",
    "Limits",
    "Table",
    "check_directory",
    "check_folder",
    "contracts_markdown",
    "current_limits",
    "find_table_files",
    "get_table",
    "load_and_check",
    "load_dataset",
    "load_records",
    "load_survey",
    "personal_data_columns",
    "problems_frame",
    "pseudonymise",
    "raised_limits",
    "validate",
]
