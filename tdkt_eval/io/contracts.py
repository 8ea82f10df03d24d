"""The data contracts: the tidy tables every analysis in tdkt-eval takes.

A contract is declarative: each :class:`Column` names its type, allowed values or
range, and the Vietnamese headers accepted for it.  The validators in
:mod:`tdkt_eval.io.records` and the table documentation in ``data/README.md``
(:func:`contracts_markdown`) are both generated from these specs, so they cannot
drift apart.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from types import MappingProxyType
from typing import Literal, Mapping

from ..errors import UnknownKindError
from .vocabulary import (
    BOOLEAN_VALUES,
    VOCABULARIES,
    code_label,
    lookup_table,
    position_titles,
    reward_form_spellings,
    reward_forms,
    rewrites,
    vocabulary_label,
    vocabulary_names,
)

__all__ = ["Column", "Rule", "Table", "TABLES", "get_table", "contracts_markdown", "write_data_readme"]

README_START = "<!-- contracts:start (generated; edit tdkt_eval/io/contracts.py) -->"
README_END = "<!-- contracts:end -->"

DType = Literal["id", "text", "category", "int", "float", "bool", "date", "datetime"]


@dataclass(frozen=True, slots=True, kw_only=True)
class Column:
    """One column of a contract.

    Attributes
    ----------
    name : str
        Canonical English snake_case name.
    dtype : {"id", "text", "category", "int", "float", "bool", "date", "datetime"}
        Logical type; ``category`` takes its codes from ``vocabulary``.
    description : str
        One line for the documentation.
    aliases : tuple of str
        Headers accepted instead of ``name`` (matched without case or diacritics).
        Earlier aliases win when two headers of one file match the same column.
    required : bool
        The column must be present.
    nullable : bool
        Cells may be empty.
    vocabulary : str, optional
        Key of :data:`tdkt_eval.io.vocabulary.VOCABULARIES`, or ``"reward_form"``.
    low, high : float, optional
        Inclusive bounds for numeric columns.
    blank_is_false : bool
        For booleans written as a tick: an empty cell means False.
    """

    name: str
    dtype: DType
    description: str
    aliases: tuple[str, ...] = ()
    required: bool = True
    nullable: bool = False
    vocabulary: str | None = None
    low: float | None = None
    high: float | None = None
    blank_is_false: bool = False

    def allowed_codes(self) -> tuple[str, ...]:
        """The canonical codes of a category column, in declaration order."""
        if self.vocabulary is None:
            return ()
        return tuple(dict.fromkeys(lookup_table(self.vocabulary).values()))


@dataclass(frozen=True, slots=True, kw_only=True)
class Rule:
    """A check across two columns of the same row: ``left <op> right``."""

    left: str
    op: Literal["<=", ">="]
    right: str
    meaning: str


@dataclass(frozen=True, slots=True, kw_only=True)
class Table:
    """A contract: the columns of one kind of table, its key and its row rules."""

    kind: str
    description: str
    columns: tuple[Column, ...]
    key: tuple[str, ...] = ()
    rules: tuple[Rule, ...] = ()
    extra_columns: str = "kept as they are"

    def column(self, name: str) -> Column:
        """The column spec called ``name``."""
        for col in self.columns:
            if col.name == name:
                return col
        raise KeyError(name)

    @property
    def names(self) -> tuple[str, ...]:
        """Canonical column names, in order."""
        return tuple(col.name for col in self.columns)


def _optional(col: Column, **changes: object) -> Column:
    return replace(col, required=False, nullable=True, **changes)


# Columns shared by several tables are defined once.
UNIT_ID = Column(name="unit_id", dtype="id", description="Unit (agency, commune, enterprise) code.",
                 aliases=("mã đơn vị", "ma dv", "mã đv", "đơn vị", "unit"))
DISTRICT = _optional(Column(
    name="district", dtype="text",
    description="Former district (huyện, quận, thị xã, thành phố): the level was abolished on 1 July 2025; "
                "kept as an area for history and for data from before the reform.",
    aliases=("huyện", "quận huyện", "huyện thị xã thành phố", "huyện thị xã", "quận huyện thị xã", "địa bàn",
             "huyện cũ", "địa bàn huyện cũ", "địa bàn cấp huyện cũ", "quận huyện cũ")))
COMMUNE = Column(name="commune", dtype="text",
                 description="Commune, ward or special zone (xã, phường, đặc khu; thị trấn before 1 July 2025).",
                 aliases=("xã", "xã phường", "xã phường thị trấn", "phường xã", "xã phường đặc khu",
                          "đơn vị hành chính cấp xã", "tên xã"))
YEAR = Column(name="year", dtype="int", low=1990, high=2100, description="Calendar or emulation year.",
              aliases=("năm", "năm khen thưởng", "năm đánh giá", "năm thi đua"))
ADMIN_LEVEL = Column(name="level", dtype="category", vocabulary="admin_level",
                     description="Administrative level of the unit.",
                     aliases=("cấp", "cấp hành chính", "cấp đơn vị"))
POSITION = Column(name="position_group", dtype="category", vocabulary="position_group",
                  description="Leader, manager or front-line worker.",
                  aliases=("nhóm chức vụ", "chức vụ", "vị trí", "chức danh", "position"))
GENDER = Column(name="gender", dtype="category", vocabulary="gender", description="Gender.",
                aliases=("giới tính", "giới", "phái", "sex"))
SECTOR = Column(name="sector", dtype="category", vocabulary="sector",
                description="State or non-state sector.",
                aliases=("khu vực", "thành phần kinh tế", "loại hình"))
AREA = Column(name="area_type", dtype="category", vocabulary="area_type",
              description="Normal or disadvantaged (border, island, extremely difficult) area.",
              aliases=("loại địa bàn", "vùng", "địa bàn khó khăn"))
MOVEMENT = Column(name="movement_id", dtype="id", description="Emulation movement code.",
                  aliases=("mã phong trào", "phong trào", "phong trào thi đua"))
CLUSTER = Column(name="cluster_id", dtype="id", description="Emulation cluster (cụm) or bloc (khối).",
                 aliases=("mã cụm", "cụm khối", "cụm thi đua", "khối thi đua", "cụm khối thi đua", "cụm", "khối"))
ITEM_NOTE = "survey items (named by the instrument) and any other columns are kept"


STAFF = Table(
    kind="staff_responses",
    description="Staff survey: one row per official or employee who answered.",
    columns=(
        Column(name="respondent_id", dtype="id", description="Respondent code.",
               aliases=("mã người trả lời", "mã phiếu", "số phiếu", "id phiếu")),
        UNIT_ID, _optional(COMMUNE), DISTRICT, ADMIN_LEVEL, POSITION, GENDER, SECTOR,
        _optional(Column(name="years_of_service", dtype="int", low=0, high=60,
                         description="Years in service.", aliases=("số năm công tác", "thâm niên"))),
        _optional(Column(name="start", dtype="datetime", description="Interview start (Kobo 'start').",
                         aliases=("thời gian bắt đầu", "bắt đầu"))),
        _optional(Column(name="end", dtype="datetime", description="Interview end (Kobo 'end').",
                         aliases=("thời gian kết thúc", "kết thúc"))),
        _optional(Column(name="weight", dtype="float", low=0, description="Survey weight.",
                         aliases=("trọng số", "quyền số"))),
    ),
    key=("respondent_id",),
    rules=(Rule(left="end", op=">=", right="start", meaning="an interview cannot end before it starts"),),
    extra_columns=ITEM_NOTE,
)

CITIZEN = Table(
    kind="citizen_responses",
    description="Citizen (household) survey from a stratified multi-stage sample.",
    columns=(
        Column(name="respondent_id", dtype="id", description="Respondent code.",
               aliases=("mã người trả lời", "mã phiếu", "mã hộ", "số phiếu")),
        COMMUNE,
        DISTRICT,
        Column(name="stratum", dtype="id", description="Sampling stratum.",
               aliases=("tầng", "lớp", "strata", "tầng mẫu")),
        Column(name="psu", dtype="id", description="Primary sampling unit (cluster) code.",
               aliases=("đơn vị mẫu bậc 1", "cụm mẫu", "điểm điều tra")),
        Column(name="weight", dtype="float", low=0, description="Design weight (inverse inclusion probability).",
               aliases=("trọng số", "quyền số")),
        _optional(Column(name="fpc", dtype="float", low=0,
                         description="Stage-1 population size (PSUs in the stratum) or sampling fraction.",
                         aliases=("số đơn vị tổng thể", "tổng số xã"))),
        _optional(Column(name="fpc2", dtype="float", low=0,
                         description="Stage-2 population size (households in the PSU) or sampling fraction.",
                         aliases=("số hộ tổng thể", "tổng số hộ"))),
        _optional(GENDER),
        _optional(Column(name="age", dtype="int", low=15, high=110, description="Age in years.",
                         aliases=("tuổi",))),
    ),
    key=("respondent_id",),
    extra_columns=ITEM_NOTE,
)

INSPECTIONS = Table(
    kind="inspections",
    description="Inspection and follow-up visits to units.",
    columns=(
        _optional(Column(name="inspection_id", dtype="id", description="Inspection code.",
                         aliases=("mã kiểm tra", "mã đợt kiểm tra"))),
        UNIT_ID,
        Column(name="date", dtype="date", description="Date of the inspection.",
               aliases=("ngày kiểm tra", "ngày", "thời gian kiểm tra")),
        Column(name="inspector_level", dtype="category", vocabulary="inspector_level",
               description="Level of the inspecting body.",
               aliases=("cấp kiểm tra", "đoàn kiểm tra", "cơ quan kiểm tra")),
        MOVEMENT,
        Column(name="findings_count", dtype="int", low=0, description="Shortcomings found.",
               aliases=("số tồn tại", "số phát hiện", "số kiến nghị", "số sai sót", "số tồn tại hạn chế",
                        "tồn tại hạn chế")),
        Column(name="findings_resolved", dtype="int", low=0, description="Shortcomings since resolved.",
               aliases=("số đã khắc phục", "đã khắc phục", "số kiến nghị đã thực hiện")),
        _optional(Column(name="score", dtype="float", low=0, high=100, description="Inspection score (0–100).",
                         aliases=("điểm kiểm tra", "điểm"))),
    ),
    key=("inspection_id",),
    rules=(Rule(left="findings_resolved", op="<=", right="findings_count",
                meaning="a unit cannot resolve more shortcomings than were found"),),
)

_SCORE = dict(dtype="float", low=0)
CLUSTER_SCORES = Table(
    kind="cluster_scores",
    description="Cluster scoring sheets: one row per unit, year and criterion.",
    columns=(
        CLUSTER, YEAR, UNIT_ID,
        Column(name="criterion_id", dtype="id", description="Criterion code.",
               aliases=("mã tiêu chí", "tiêu chí", "stt tiêu chí")),
        Column(name="self_score", description="Score the unit gave itself.",
               aliases=("điểm tự chấm", "tự chấm", "điểm tự đánh giá"), **_SCORE),
        Column(name="verified_score", description="Score after the cluster's verification.",
               aliases=("điểm thẩm định", "điểm cụm chấm", "điểm chấm", "điểm kiểm tra"), **_SCORE),
        Column(name="max_score", description="Maximum score of the criterion.",
               aliases=("điểm tối đa", "điểm chuẩn", "thang điểm"), **_SCORE),
    ),
    key=("cluster_id", "year", "unit_id", "criterion_id"),
    rules=(
        Rule(left="self_score", op="<=", right="max_score", meaning="a score cannot exceed the maximum"),
        Rule(left="verified_score", op="<=", right="max_score", meaning="a score cannot exceed the maximum"),
    ),
)

CLUSTER_RESULTS = Table(
    kind="cluster_results",
    description="Cluster results: total score, rank, votes and the flag, per unit and year.",
    columns=(
        CLUSTER, YEAR, UNIT_ID,
        Column(name="total_score", description="Total verified score.",
               aliases=("tổng điểm", "tổng số điểm", "điểm tổng"), **_SCORE),
        Column(name="rank", dtype="int", low=1, description="Rank in the cluster (1 = first).",
               aliases=("xếp hạng", "thứ hạng", "hạng", "thứ tự xếp hạng")),
        _optional(Column(name="votes", dtype="int", low=0, description="Nomination votes received.",
                         aliases=("số phiếu", "phiếu bầu", "số phiếu suy tôn"))),
        Column(name="flag_awarded", dtype="bool", blank_is_false=True,
               description="The unit received the cluster's emulation flag (blank = no).",
               aliases=("cờ thi đua", "được tặng cờ", "nhận cờ", "suy tôn cờ", "tặng cờ")),
    ),
    key=("cluster_id", "year", "unit_id"),
)

CRITERIA = Table(
    kind="criteria",
    description="Registered emulation criteria and targets, as written.",
    columns=(
        MOVEMENT, _optional(UNIT_ID),
        Column(name="criterion_id", dtype="id", description="Criterion code.",
               aliases=("mã tiêu chí", "stt tiêu chí", "tiêu chí số")),
        Column(name="text", dtype="text", description="The criterion's wording (Vietnamese).",
               aliases=("nội dung", "nội dung tiêu chí", "tiêu chí", "chỉ tiêu", "nội dung đăng ký")),
    ),
    key=("movement_id", "unit_id", "criterion_id"),
)

_REWARD_ATTR = dict(required=False, nullable=True)
REWARDS = Table(
    kind="rewards",
    description="Reward decisions: one row per recipient of a decision.",
    columns=(
        Column(name="decision_no", dtype="id", description="Decision number, e.g. 125/QĐ-UBND.",
               aliases=("số quyết định", "số qđ", "quyết định số", "số hiệu quyết định")),
        Column(name="decision_date", dtype="date", description="Date the decision was signed.",
               aliases=("ngày quyết định", "ngày qđ", "ngày ký", "ngày ban hành")),
        YEAR,
        Column(name="level", dtype="category", vocabulary="reward_level", description="Level of the award.",
               aliases=("cấp khen thưởng", "cấp khen", "cấp")),
        Column(name="form", dtype="category", vocabulary="reward_form",
               description="Form or title awarded (code or Vietnamese name).",
               aliases=("hình thức", "hình thức khen thưởng", "danh hiệu", "hình thức danh hiệu",
                        "danh hiệu hình thức khen thưởng", "danh hiệu thi đua hình thức khen thưởng")),
        Column(name="recipient_type", dtype="category", vocabulary="recipient_type",
               description="Individual or collective.",
               aliases=("đối tượng", "loại đối tượng", "cá nhân tập thể")),
        Column(name="recipient_id", dtype="id", description="person_id or unit_id of the recipient.",
               aliases=("mã đối tượng", "mã cá nhân tập thể", "mã người được khen")),
        UNIT_ID,
        replace(POSITION, **_REWARD_ATTR), replace(GENDER, **_REWARD_ATTR),
        SECTOR, AREA, _optional(MOVEMENT),
        Column(name="ad_hoc", dtype="bool", blank_is_false=True, description="Ad-hoc (đột xuất) reward.",
               aliases=("đột xuất", "khen đột xuất", "khen thưởng đột xuất"), required=False),
        _optional(Column(name="proposal_date", dtype="date", description="Date the proposal was filed.",
                         aliases=("ngày đề nghị", "ngày trình", "ngày tờ trình"))),
        _optional(Column(name="achievement_score", dtype="float", low=0, high=100,
                         description="Achievement score (0–100).", aliases=("điểm thành tích",))),
    ),
    key=("decision_no", "recipient_id", "form"),
    rules=(Rule(left="decision_date", op=">=", right="proposal_date",
                meaning="a decision cannot precede its proposal"),),
)

PERSON_ID = Column(name="person_id", dtype="id", description="Person code (never a name or ID-card number).",
                   aliases=("mã cán bộ", "mã nhân sự", "mã cbccvc", "mã người lao động", "mã cb", "mã cbcc"))
PERSONNEL = Table(
    kind="personnel",
    description="Person-year roster: who worked where, in which role, with which rating.",
    columns=(
        PERSON_ID, UNIT_ID, YEAR, POSITION, GENDER, SECTOR, AREA,
        Column(name="annual_rating", dtype="category", vocabulary="annual_rating",
               description="Civil-service annual rating.",
               aliases=("xếp loại", "đánh giá xếp loại", "xếp loại chất lượng", "kết quả đánh giá")),
        _optional(Column(name="achievement_score", dtype="float", low=0, high=100,
                         description="Achievement score (0–100).", aliases=("điểm thành tích", "điểm"))),
    ),
    key=("person_id", "year"),
)

WORKFORCE = Table(
    kind="workforce",
    description="Headcounts: the denominators of representation ratios.",
    columns=(
        UNIT_ID, YEAR, POSITION, GENDER, SECTOR, AREA,
        Column(name="headcount", dtype="int", low=0, description="Number of people.",
               aliases=("số lượng", "số người", "tổng số", "số cbccvc")),
    ),
    key=("unit_id", "year", "position_group", "gender", "sector", "area_type"),
)

REPORTS = Table(
    kind="reports",
    description="Interim and final review reports (sơ kết, tổng kết).",
    columns=(
        UNIT_ID, YEAR,
        Column(name="kind", dtype="category", vocabulary="report_kind", description="Interim or final review.",
               aliases=("loại báo cáo", "loại")),
        Column(name="text", dtype="text", description="Full text of the report.",
               aliases=("nội dung báo cáo", "nội dung", "văn bản")),
        _optional(Column(name="due_date", dtype="date", description="Deadline for the report.",
                         aliases=("hạn nộp", "hạn báo cáo", "thời hạn"))),
        _optional(Column(name="submitted_date", dtype="date", description="Date the report was received.",
                         aliases=("ngày nộp", "ngày gửi", "ngày nhận"))),
    ),
    key=("unit_id", "year", "kind"),
)

UNITS = Table(
    kind="units",
    description="Unit register (an addition to the design sketch): the attributes analyses join on.",
    columns=(
        UNIT_ID,
        _optional(Column(name="unit_name", dtype="text", description="Unit name.",
                         aliases=("tên đơn vị", "tên cơ quan đơn vị"))),
        _optional(COMMUNE), DISTRICT, ADMIN_LEVEL, SECTOR, AREA, _optional(CLUSTER),
        _optional(Column(name="successor_id", dtype="id",
                         description="Unit that took over this unit's records when it was merged or dissolved "
                                     "(e.g. on 1 July 2025); its records are counted with the successor.",
                         aliases=("đơn vị kế thừa", "mã đơn vị kế thừa", "sáp nhập vào", "hợp nhất vào",
                                  "mã đơn vị mới", "đơn vị mới"))),
    ),
    key=("unit_id",),
)

MOVEMENTS = Table(
    kind="movements",
    description="Movement register (an addition to the design sketch).",
    columns=(
        MOVEMENT,
        Column(name="name", dtype="text", description="Name of the movement.",
               aliases=("tên phong trào", "tên")),
        _optional(Column(name="start_year", dtype="int", low=1945, high=2100, description="Year launched.",
                         aliases=("năm phát động", "năm bắt đầu"))),
    ),
    key=("movement_id",),
)

ADMIN_CROSSWALK = Table(
    kind="admin_crosswalk",
    description="Crosswalk of administrative units (an addition for the 2025 reform): each former commune "
                "(with its former district and province) and the commune, ward or special zone it is part of "
                "now. Data on the old map are grouped on the new one through it.",
    columns=(
        _optional(Column(name="old_province", dtype="text", description="Former province.",
                         aliases=("tỉnh cũ", "tỉnh thành phố cũ", "tên tỉnh cũ"))),
        _optional(Column(name="old_district", dtype="text", description="Former district.",
                         aliases=("huyện cũ", "quận huyện cũ", "tên huyện cũ", "đơn vị hành chính cấp huyện cũ"))),
        Column(name="old_commune", dtype="text", description="Former commune, ward or town (thị trấn).",
               aliases=("xã cũ", "tên xã cũ", "xã phường thị trấn cũ", "đơn vị hành chính cấp xã cũ",
                        "đơn vị hành chính cũ", "xã trước sắp xếp")),
        _optional(Column(name="new_province", dtype="text", description="Province now.",
                         aliases=("tỉnh mới", "tỉnh thành phố mới", "tên tỉnh mới"))),
        Column(name="new_commune", dtype="text", description="Commune, ward or special zone now.",
               aliases=("xã mới", "tên xã mới", "xã phường đặc khu mới", "đơn vị hành chính cấp xã mới",
                        "đơn vị hành chính mới", "xã sau sắp xếp")),
        _optional(Column(name="effective_date", dtype="date", description="Date the new unit took effect.",
                         aliases=("ngày hiệu lực", "ngày có hiệu lực", "hiệu lực từ"))),
    ),
    key=("old_district", "old_commune"),
)

TABLES: Mapping[str, Table] = MappingProxyType({
    t.kind: t for t in (STAFF, CITIZEN, INSPECTIONS, CLUSTER_SCORES, CLUSTER_RESULTS, CRITERIA,
                        REWARDS, PERSONNEL, WORKFORCE, REPORTS, UNITS, MOVEMENTS, ADMIN_CROSSWALK)
})


def get_table(kind: str) -> Table:
    """Return the contract for ``kind``, or raise :class:`UnknownKindError`.

    Examples
    --------
    >>> get_table("rewards").key
    ('decision_no', 'recipient_id', 'form')
    """
    try:
        return TABLES[kind]
    except KeyError:
        raise UnknownKindError(
            f"kind={kind!r} is not a data contract.",
            fix=f"Use one of: {', '.join(TABLES)}.",
        ) from None


def _markdown_row(col: Column) -> str:
    if col.dtype == "category":
        allowed = ", ".join(f"`{c}`" for c in col.allowed_codes())
    elif col.low is not None and col.high is not None:
        allowed = f"{col.low:g} – {col.high:g}"
    elif col.low is not None:
        allowed = f"≥ {col.low:g}"
    elif col.high is not None:
        allowed = f"≤ {col.high:g}"
    else:
        allowed = ""
    need = "required" if col.required else "optional"
    if col.nullable:
        need += ", may be blank"
    aliases = "; ".join(col.aliases)
    return f"| `{col.name}` | {col.dtype} | {need} | {allowed} | {aliases} | {col.description} |"


def contracts_markdown() -> str:
    """Document every contract as Markdown (the body of ``data/README.md``).

    Examples
    --------
    >>> "| `gender` | category |" in contracts_markdown()
    True
    """
    parts = []
    for table in TABLES.values():
        key = ", ".join(f"`{k}`" for k in table.key) or "none"
        lines = [
            f"### `{table.kind}`",
            "",
            f"{table.description} Key: {key}. Other columns: {table.extra_columns}.",
            "",
            "| column | type | presence | allowed values | Vietnamese headers accepted | meaning |",
            "|---|---|---|---|---|---|",
            *(_markdown_row(col) for col in table.columns),
        ]
        lines += [f"\nRow rule: `{r.left} {r.op} {r.right}` ({r.meaning})." for r in table.rules]
        parts.append("\n".join(lines))
    parts.append(_vocabulary_markdown())
    return "\n\n".join(parts) + "\n"


def _vocabulary_markdown() -> str:
    lines = ["### Category values", "",
             "Each code may also be written in Vietnamese. Matching ignores case, accents, punctuation and "
             "repeated spaces, reads \"sỹ\" as \"sĩ\", \"UBND\" as \"Ủy ban nhân dân\", and drops the optional "
             "words \"của\" and \"cấp\" (tables `io/data/spellings.csv`, `io/data/rewrites.csv`):", "",
             "| vocabulary | code | label | Vietnamese spellings accepted |", "|---|---|---|---|"]
    for name, vocab in VOCABULARIES.items():
        if name == "position_group":
            lines += [f"| {name} | `{code}` | {code_label(name, code)} | see *Job titles* below |" for code in vocab]
            continue
        lines += [f"| {name} | `{code}` | {code_label(name, code)} | {'; '.join(spellings)} |"
                  for code, spellings in vocab.items()]
    lines += ["", "Yes/no columns: " + "; ".join(f"{flag}: {', '.join(v)}" for flag, v in BOOLEAN_VALUES.items()) + "."]
    return "\n".join(lines + ["", _reward_forms_markdown(), "", _positions_markdown(), "",
                               _rewrites_markdown(), "", _user_dictionary_markdown()])


def _reward_forms_markdown() -> str:
    spellings = reward_form_spellings()
    lines = ["### Reward forms and titles (`reward_form`)", "",
             "The forms of commendation and emulation titles of the Law on Emulation and Commendation "
             "06/2022/QH15 and Decree 98/2023/NĐ-CP (`io/data/reward_forms.csv`), and the spellings "
             "decisions use (`io/data/reward_form_spellings.csv`). A value may go on after a spelling "
             "(\"Huân chương Lao động hạng Ba\", \"Bằng khen của Chủ tịch UBND tỉnh Đồng Nai\"); the longest "
             "spelling it starts with wins, so the class of an order is accepted but not recorded. The titles "
             "of the armed forces share the code of their civilian pair (Chiến sĩ tiên tiến, Đơn vị quyết "
             "thắng, Đơn vị tiên tiến). A bare \"Bằng khen\", \"Chiến sĩ thi đua\" or \"Cờ thi đua\" names no "
             "level and is refused with the candidates.", "",
             "| code | level | recipient | label | spellings accepted |", "|---|---|---|---|---|"]
    for form in reward_forms():
        written = "; ".join(spellings.loc[spellings["code"] == form["code"], "spelling"])
        lines.append(f"| `{form['code']}` | {form['level']} | {form['recipient_type']} | "
                     f"{form['label_vi']} | {written} |")
    return "\n".join(lines)


def _positions_markdown() -> str:
    titles = position_titles()
    lines = ["### Job titles (`position_group`)", "",
             "Job titles map to position groups (`io/data/position_titles.csv`, also "
             "`tdkt_eval.io.vocabulary.position_titles()`). **leader**: the head or a deputy head of an "
             "agency, unit or organisation as a whole (Giám đốc, Chủ tịch UBND, Bí thư, Hiệu trưởng, Chi cục "
             "trưởng and their deputies); **manager**: the head or a deputy head of a division inside a unit "
             "(phòng, khoa, ban, tổ, đội, trạm); **frontline**: everyone else. A title may go on after a "
             "spelling (\"Phó Giám đốc Sở Nội vụ\"); the longest spelling wins. Override any row in "
             "`tu_dien.csv`.", "",
             "| group | titles |", "|---|---|"]
    for group in VOCABULARIES["position_group"]:
        lines.append(f"| `{group}` | {'; '.join(titles.loc[titles['position_group'] == group, 'spelling'])} |")
    return "\n".join(lines)


def _rewrites_markdown() -> str:
    table = rewrites()
    lines = ["### Abbreviations and variant words", "",
             "Rewritten word by word before matching (`io/data/rewrites.csv`; empty = dropped):", "",
             "| vocabulary | word | read as | note |", "|---|---|---|---|"]
    lines += [f"| {r.vocabulary} | `{r.word}` | {r.becomes or '(dropped)'} | {r.note} |" for r in table.itertuples()]
    return "\n".join(lines)


def _user_dictionary_markdown() -> str:
    names = [f"| `{n}` | {vocabulary_label(n)} | {vocabulary_label(n, 'en')} |" for n in vocabulary_names()]
    return "\n".join([
        "### Your own spellings: `tu_dien.csv` / `tu_dien.yaml`", "",
        "A file `tu_dien.csv` or `tu_dien.yaml` (also `dictionary.csv` / `dictionary.yaml`) in the data folder "
        "adds spellings to any vocabulary above, or overrides the packaged ones. The CSV has three columns, one "
        "spelling a row: the vocabulary, the spelling and what it means, headed `Danh mục, Cách viết, Nghĩa là` "
        "or `vocabulary, spelling, code` (case and accents ignored). The YAML is "
        "`{vocabulary: {spelling: meaning}}`. The vocabulary may be named by its code or its name in either "
        "language (table below; `io/data/vocabularies.csv` lists further Vietnamese names accepted). The "
        "meaning may be a code, a label, or any spelling the vocabulary already maps (\"Bằng khen của Chủ tịch "
        "UBND tỉnh\", \"Người lao động trực tiếp\"). Unknown vocabularies or meanings, and a spelling given two "
        "meanings, are refused with the file and row. When `validate` meets a value it cannot map, it lists "
        "the nearest values and prints lines ready to paste here: with `--lang vi` in Vietnamese (headers, "
        "vocabulary name and the label of the nearest value, no code), otherwise in English with codes. Both "
        "load as they are.", "",
        "```csv", "Danh mục,Cách viết,Nghĩa là", "Hình thức khen thưởng,Bằng khen của Ban Thường vụ Huyện ủy,Giấy khen",
        "Chức vụ,Bảo vệ,Người lao động trực tiếp", "```", "",
        "```csv", "vocabulary,spelling,code", "reward_form,Bằng khen của Ban Thường vụ Huyện ủy,giay_khen",
        "position_group,Bảo vệ,frontline", "```", "",
        "```yaml", "Chức vụ:", "  Bảo vệ: Người lao động trực tiếp", "  Trưởng thôn: Quản lý",
        "Hình thức khen thưởng:", "  \"BK Tỉnh ủy\": \"Bằng khen của Chủ tịch UBND tỉnh\"", "```", "",
        "| vocabulary | Danh mục | name in English |", "|---|---|---|", *names])


def write_data_readme(path: str) -> None:
    """Replace the generated section of ``data/README.md`` by :func:`contracts_markdown`."""
    from pathlib import Path

    from ..output import write_text_atomic

    text = Path(path).read_text(encoding="utf-8")
    head, _, rest = text.partition(README_START)
    _, _, tail = rest.partition(README_END)
    write_text_atomic(path, f"{head}{README_START}\n{contracts_markdown()}{README_END}{tail}")
