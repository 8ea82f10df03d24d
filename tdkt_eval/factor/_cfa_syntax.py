"""lavaan model syntax for :func:`tdkt_eval.factor.cfa.cfa`: the parser and the parameter table.

``F1 =~ x1 + x2``, ``x1 ~~ x2`` and the ``0.5*`` / ``NA*`` modifiers become a :class:`_Spec`: the
items, the factors and one :class:`_Row` per parameter in lavaan's order, each tagged with the
matrix it sits in (the ``_LOAD`` ... ``_ALPHA`` kinds used by every other ``_cfa_*`` module).
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .._messages import Text
from ..errors import FactorAnalysisError

_LOAD, _PHI, _THETA, _NU, _ALPHA = 0, 1, 2, 3, 4  # _NU: item intercepts, _ALPHA: factor means
_NAME = re.compile(r"^[A-Za-z_.][A-Za-z0-9_.]*$")
_NUMBER = re.compile(r"^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$")


@dataclass(frozen=True, slots=True)
class _Row:
    """One parameter: lavaan's (lhs, op, rhs), where it sits, and whether it is free."""

    lhs: str
    op: str
    rhs: str
    kind: int  # _LOAD (r = item, c = factor), _PHI (factors r, c), _THETA (items r, c), _NU (item r), _ALPHA
    r: int
    c: int
    free: bool
    value: float  # the fixed value, or 0 for a free parameter


@dataclass(frozen=True, slots=True)
class _Spec:
    items: tuple[str, ...]
    factors: tuple[str, ...]
    rows: tuple[_Row, ...]


def _syntax_error(statement: str, why: Text, fix: Text) -> FactorAnalysisError:
    return FactorAnalysisError(
        Text("Cannot read the model statement '{s}': {why_en}.", "Không đọc được câu lệnh mô hình '{s}': {why_vi}.",
             {"s": statement, "why_en": why.render("en"), "why_vi": why.render("vi")}), fix=fix)


def _statements(model: str) -> list[str]:
    if not isinstance(model, str):
        raise FactorAnalysisError(
            Text("The model must be a string in lavaan syntax; got {t}.",
                 "Mô hình phải là một chuỗi viết theo cú pháp lavaan; đang là {t}.", {"t": type(model).__name__}),
            fix=Text("Write e.g. model='F1 =~ x1 + x2 + x3'.", "Ví dụ: model='F1 =~ x1 + x2 + x3'."))
    lines = (re.split(r"[#!]", line, maxsplit=1)[0] for line in model.splitlines())
    return [s.strip() for line in lines for s in line.split(";") if s.strip()]


def _terms(statement: str, side: str) -> list[tuple[str, float | None, bool]]:
    """(name, fixed value or None, explicitly freed) for each ``modifier*name`` of a right-hand side."""
    out = []
    for term in (t.strip() for t in side.split("+")):
        modifier, _, name = term.rpartition("*")
        modifier, name = modifier.strip(), name.strip()
        if not _NAME.match(name or "?"):
            raise _syntax_error(statement,
                                Text("'{t}' is not a variable name", "'{t}' không phải tên biến", {"t": term}),
                                Text("Separate the items with '+', e.g. F1 =~ x1 + x2 + x3.",
                                     "Nối các câu bằng dấu '+', ví dụ F1 =~ x1 + x2 + x3."))
        if modifier and modifier != "NA" and not _NUMBER.match(modifier):
            raise _syntax_error(statement, Text("the modifier '{m}' is not a number", "hệ số '{m}' không phải là số",
                                                {"m": modifier}),
                                Text("Only numbers (fixed values) and NA (free) are supported as modifiers; "
                                     "labels and equality constraints are not.",
                                     "Chỉ dùng được số (giá trị cố định) và NA (tự do); nhãn và ràng buộc bằng nhau "
                                     "chưa được hỗ trợ."))
        value = float(modifier) if modifier and modifier != "NA" else None
        out.append((name, value, modifier == "NA"))
    return out


def _parse(model: str) -> tuple[list, list]:
    """The ``=~`` statements as (factor, terms) and the ``~~`` ones as (lhs, rhs, value, freed)."""
    loadings, covariances = [], []
    for s in _statements(model):
        op = "=~" if "=~" in s else "~~" if "~~" in s else None
        if op is None or s.count("~") != (1 if op == "=~" else 2) or ":=" in s or "==" in s:
            raise _syntax_error(s, Text("only '=~' (loadings) and '~~' (covariances) are supported",
                                        "chỉ hỗ trợ '=~' (hệ số tải) và '~~' (hiệp phương sai)"),
                                Text("Write factors as 'F =~ x1 + x2' and covariances as 'x1 ~~ x2'.",
                                     "Viết nhân tố dạng 'F =~ x1 + x2' và hiệp phương sai dạng 'x1 ~~ x2'."))
        lhs, rhs = (part.strip() for part in s.split(op, 1))
        if not _NAME.match(lhs):
            raise _syntax_error(s, Text("'{n}' is not a name", "'{n}' không phải là tên", {"n": lhs}),
                                Text("Put one factor or item name left of the operator.",
                                     "Đặt một tên nhân tố hoặc tên câu ở bên trái toán tử."))
        terms = _terms(s, rhs)
        if op == "=~":
            loadings.append((lhs, terms))
        else:
            covariances += [(lhs, name, value, freed) for name, value, freed in terms]
    if not loadings:
        raise FactorAnalysisError(
            Text("The model defines no factor: it has no '=~' statement.",
                 "Mô hình không có nhân tố nào: thiếu câu lệnh '=~'."),
            fix=Text("Define at least one factor, e.g. 'F1 =~ x1 + x2 + x3'.",
                     "Khai báo ít nhất một nhân tố, ví dụ 'F1 =~ x1 + x2 + x3'."))
    return loadings, covariances


def _specify(model: str, std_lv: bool) -> _Spec:
    """The parameter table in lavaan's order: loadings, user (co)variances, then the defaults."""
    loadings, covariances = _parse(model)
    factors = list(dict.fromkeys(f for f, _ in loadings))
    items = list(dict.fromkeys(name for _, terms in loadings for name, _, _ in terms))
    _check_names(factors, items, covariances)
    rows = _loading_rows(loadings, factors, items, std_lv)
    user, done = _covariance_rows(covariances, factors, items)
    rows += user
    rows += [_Row(item, "~~", item, _THETA, a, a, True, 0.0) for a, item in enumerate(items)
             if (a, a, _THETA) not in done]
    rows += [_Row(f, "~~", f, _PHI, k, k, not std_lv, 1.0 if std_lv else 0.0) for k, f in enumerate(factors)
             if (k, k, _PHI) not in done]
    rows += [_Row(factors[k], "~~", factors[m], _PHI, k, m, True, 0.0) for k in range(len(factors))
             for m in range(k + 1, len(factors)) if (k, m, _PHI) not in done]
    return _Spec(tuple(items), tuple(factors), tuple(rows))


def _loading_rows(loadings: list, factors: list[str], items: list[str], std_lv: bool) -> list[_Row]:
    """``=~`` rows; without std_lv each factor's first item is its marker (loading fixed to 1) unless modified."""
    rows, seen = [], set()
    for factor, terms in loadings:
        for j, (name, value, freed) in enumerate(terms):
            if (factor, name) in seen:
                raise _syntax_error(f"{factor} =~ {name}",
                                    Text("this loading is given twice", "hệ số tải này khai báo hai lần"),
                                    Text("Give each loading once.", "Mỗi hệ số tải chỉ khai báo một lần."))
            marker = j == 0 and not any(f == factor for f, _ in seen) and not std_lv and value is None and not freed
            seen.add((factor, name))
            fixed = 1.0 if marker else value
            rows.append(_Row(factor, "=~", name, _LOAD, items.index(name), factors.index(factor), fixed is None,
                             fixed or 0.0))
    return rows


def _covariance_rows(covariances: list, factors: list[str], items: list[str]) -> tuple[list[_Row], set]:
    """The user's ``~~`` rows, and which (co)variances they set."""
    rows, done = [], set()
    for lhs, rhs, value, _ in covariances:
        kind, names = (_PHI, factors) if lhs in factors else (_THETA, items)
        a, b = names.index(lhs), names.index(rhs)
        if (min(a, b), max(a, b), kind) in done:
            raise _syntax_error(f"{lhs} ~~ {rhs}", Text("this covariance is given twice",
                                                        "hiệp phương sai này khai báo hai lần"),
                                Text("Give each covariance once.", "Mỗi hiệp phương sai chỉ khai báo một lần."))
        done.add((min(a, b), max(a, b), kind))
        rows.append(_Row(lhs, "~~", rhs, kind, a, b, value is None, value or 0.0))
    return rows, done


def _check_names(factors: list[str], items: list[str], covariances: list) -> None:
    higher = [f for f in factors if f in items]
    if higher:
        raise FactorAnalysisError(
            Text("Factor(s) {f} are also used as indicators: higher-order factors are not supported.",
                 "Nhân tố {f} cũng được dùng làm biến chỉ báo: chưa hỗ trợ nhân tố bậc cao.", {"f": ", ".join(higher)}),
            fix=Text("Let the factors be measured by items only.", "Chỉ dùng các câu hỏi làm biến chỉ báo."))
    for lhs, rhs, _, _ in covariances:
        known = [n in factors or n in items for n in (lhs, rhs)]
        mixed = (lhs in factors) != (rhs in factors)
        if not all(known) or mixed:
            raise _syntax_error(f"{lhs} ~~ {rhs}",
                                Text("both sides must be factors, or both items that some factor measures",
                                     "hai vế phải cùng là nhân tố, hoặc cùng là câu hỏi thuộc một nhân tố nào đó"),
                                Text("Use '~~' between two items (residual covariance) or two factors.",
                                     "Dùng '~~' giữa hai câu hỏi (hiệp phương sai phần dư) hoặc giữa hai nhân tố."))
