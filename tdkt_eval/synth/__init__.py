"""The synthetic demo province, with effects of known size planted in it.

``province`` builds the tables (``python -m tdkt_eval.synth --out data/demo``); ``text`` writes
the Vietnamese review reports and criteria; ``ladder`` makes reward records follow the title
ladders and plants the rule violations; ``kobo`` exports the staff survey as KoboToolbox does;
``planted`` measures each planted effect's realised size (``planted.csv``, ``PLANTED.md``).
"""

from .province import (
    DEFAULT_SEED,
    OLD_MAP_YEAR,
    PLANTED,
    REFORM_DATE,
    REVERSE_ITEMS,
    STAFF_ITEMS,
    YEARS,
    generate,
    main,
    word_similarity,
    write,
)

__all__ = ["generate", "write", "main", "word_similarity", "PLANTED", "YEARS", "REFORM_DATE", "OLD_MAP_YEAR",
           "DEFAULT_SEED", "STAFF_ITEMS", "REVERSE_ITEMS"]
