"""Controlled vocabularies of the data contracts, with the Vietnamese values accepted.

Each vocabulary maps a canonical English code to the spellings users write in
their files.  Matching folds case and diacritics (:func:`tdkt_eval.io.text.fold`),
so "Nữ", "nu" and "NỮ" all map to ``female``.
"""

from __future__ import annotations

import csv
import functools
from importlib import resources
from types import MappingProxyType
from typing import Mapping

from .text import fold

__all__ = ["VOCABULARIES", "BOOLEAN_VALUES", "reward_forms", "lookup_table"]

Vocabulary = Mapping[str, tuple[str, ...]]


def _vocab(**codes: tuple[str, ...]) -> Vocabulary:
    return MappingProxyType(dict(codes))


VOCABULARIES: Mapping[str, Vocabulary] = MappingProxyType({
    "gender": _vocab(
        male=("nam", "nam giới", "m", "trai"),
        female=("nữ", "nữ giới", "f", "gái"),
    ),
    "position_group": _vocab(
        leader=("lãnh đạo", "ld", "lãnh đạo đơn vị", "thủ trưởng"),
        manager=("quản lý", "ql", "cán bộ quản lý", "lãnh đạo phòng", "trưởng phòng"),
        frontline=(
            "trực tiếp", "người lao động trực tiếp", "lao động trực tiếp",
            "nhân viên", "front-line", "front line", "chuyên viên",
        ),
    ),
    "admin_level": _vocab(
        province=("tỉnh", "cấp tỉnh", "sở ngành", "thành phố trực thuộc trung ương"),
        district=("huyện", "cấp huyện", "quận", "thị xã", "quận huyện"),
        commune=("xã", "cấp xã", "phường", "thị trấn", "xã phường thị trấn"),
    ),
    "sector": _vocab(
        state=("nhà nước", "khu vực nhà nước", "quốc doanh", "công lập"),
        non_state=(
            "ngoài nhà nước", "ngoài quốc doanh", "khu vực ngoài quốc doanh",
            "tư nhân", "non-state", "non state", "nonstate", "ngoài công lập",
        ),
    ),
    "area_type": _vocab(
        normal=("bình thường", "thường", "vùng thường"),
        disadvantaged=(
            "khó khăn", "vùng khó khăn", "đặc biệt khó khăn", "vùng đặc biệt khó khăn",
            "biên giới", "hải đảo", "miền núi", "vùng sâu vùng xa",
        ),
    ),
    "reward_level": _vocab(
        state=("nhà nước", "cấp nhà nước", "trung ương", "chính phủ"),
        ministry_province=(
            "tỉnh", "cấp tỉnh", "bộ ngành tỉnh", "cấp bộ", "bộ ngành", "ministry/province",
        ),
        grassroots=("cơ sở", "cấp cơ sở", "huyện", "cấp huyện", "xã"),
    ),
    "recipient_type": _vocab(
        individual=("cá nhân", "ca nhan", "cn"),
        collective=("tập thể", "tt", "đơn vị"),
    ),
    "annual_rating": _vocab(
        excellent=("hoàn thành xuất sắc nhiệm vụ", "htxsnv", "xuất sắc", "htxs"),
        good=("hoàn thành tốt nhiệm vụ", "httnv", "tốt", "htt"),
        completed=("hoàn thành nhiệm vụ", "htnv", "hoàn thành", "ht"),
        not_completed=("không hoàn thành nhiệm vụ", "khtnv", "không hoàn thành", "kht"),
    ),
    "report_kind": _vocab(
        interim=("sơ kết", "báo cáo sơ kết", "giữa kỳ"),
        final=("tổng kết", "báo cáo tổng kết", "cuối kỳ"),
    ),
    "inspector_level": _vocab(
        central=("trung ương", "cấp trung ương", "bộ"),
        province=("tỉnh", "cấp tỉnh", "hội đồng tđkt tỉnh", "ban tđkt"),
        district=("huyện", "cấp huyện"),
    ),
})

#: Spellings of yes/no in boolean columns (folded before matching).
BOOLEAN_VALUES: Mapping[bool, tuple[str, ...]] = MappingProxyType({
    True: ("true", "yes", "y", "1", "x", "có", "co", "đúng", "đạt", "được"),
    False: ("false", "no", "n", "0", "không", "khong", "sai", "không đạt"),
})


@functools.cache
def reward_forms() -> tuple[dict[str, str], ...]:
    """The default reward forms: code, level, recipient_type and labels.

    Returns
    -------
    tuple of dict
        One dict per form, with keys code, level, recipient_type, label_vi, label_en.

    Examples
    --------
    >>> forms = {f["code"]: f for f in reward_forms()}
    >>> forms["giay_khen"]["label_vi"]
    'Giấy khen'
    """
    text = resources.files("tdkt_eval.io").joinpath("data/reward_forms.csv").read_text("utf-8")
    lines = [line for line in text.splitlines() if line and not line.startswith("#")]
    return tuple(dict(row) for row in csv.DictReader(lines))


def _form_vocabulary() -> Vocabulary:
    return MappingProxyType({
        form["code"]: (form["label_vi"], form["label_en"]) for form in reward_forms()
    })


@functools.cache
def lookup_table(vocabulary: str) -> Mapping[str, str]:
    """Folded spelling → canonical code, for one vocabulary (or ``"reward_form"``).

    Codes themselves, with ``_`` read as a space, are always accepted.

    Examples
    --------
    >>> lookup_table("gender")["nu"]
    'female'
    >>> lookup_table("reward_form")["giay khen"]
    'giay_khen'
    """
    vocab = _form_vocabulary() if vocabulary == "reward_form" else VOCABULARIES[vocabulary]
    table: dict[str, str] = {}
    for code, spellings in vocab.items():
        for spelling in (code, code.replace("_", " "), *spellings):
            table[fold(spelling)] = code
    return MappingProxyType(table)
