"""The data a CFA is fitted to: the model's items as complete numeric rows, split by group, and
their means and covariance matrix (divisor N), checked for constant and dependent items."""

from __future__ import annotations

import numpy as np
import pandas as pd

from .._messages import Text
from ..errors import FactorAnalysisError, MixedTypeError
from ._cfa_syntax import _Spec

def _data(data: pd.DataFrame, spec: _Spec) -> np.ndarray:
    """The model's items as a float array, complete rows only, checked."""
    if not isinstance(data, pd.DataFrame):
        raise FactorAnalysisError(
            Text("cfa needs a DataFrame of items; got {t}.", "cfa cần một DataFrame các câu hỏi; đang là {t}.",
                 {"t": type(data).__name__}),
            fix=Text("Pass a pandas DataFrame with one column per item.", "Truyền một DataFrame, mỗi câu một cột."))
    columns = {str(c): c for c in data.columns}
    unknown = [i for i in spec.items if i not in columns]
    if unknown:
        raise FactorAnalysisError(
            Text("The model names item(s) {items} that are not columns of the data.",
                 "Mô hình có các câu {items} không có trong dữ liệu.", {"items": ", ".join(map(repr, unknown))}),
            fix=Text("Check the spelling; the columns are {cols}.", "Kiểm tra chính tả; các cột là {cols}.",
                     {"cols": ", ".join(map(repr, list(columns)[:30]))}), column=unknown[0])
    frame = data[[columns[i] for i in spec.items]]
    bad = [i for i, c in zip(spec.items, frame.columns) if not pd.api.types.is_numeric_dtype(frame[c])]
    if bad:
        raise MixedTypeError(
            Text("cfa needs numeric items, but column(s) {cols} hold text or other non-numbers.",
                 "cfa cần câu trả lời dạng số, nhưng các cột {cols} chứa chữ hoặc giá trị không phải số.",
                 {"cols": ", ".join(map(repr, bad))}),
            fix=Text("Convert the answers to numbers (e.g. with `pd.to_numeric`) or leave those items out.",
                     "Chuyển câu trả lời sang số (ví dụ `pd.to_numeric`) hoặc bỏ các câu đó."), column=bad[0])
    values = frame.to_numpy(dtype=float)
    if np.isnan(values.sum(axis=0)).any():  # one pass finds whether any answer is missing
        values = values[~np.isnan(values).any(axis=1)]
    if not np.isfinite(values).all():
        raise FactorAnalysisError(Text("Some answers are infinite.", "Một số câu trả lời có giá trị vô cùng."),
                                  fix=Text("Replace infinite values with NaN (missing).",
                                           "Thay các giá trị vô cùng bằng NaN (bỏ trống)."))
    n, p = values.shape
    if n <= p:
        raise FactorAnalysisError(
            Text("Only {n} complete row(s) for {p} items: the covariance matrix needs more rows than items.",
                 "Chỉ có {n} phiếu đầy đủ cho {p} câu: cần nhiều phiếu hơn số câu.", {"n": n, "p": p}),
            fix=Text("Collect more answers or use fewer items.", "Thu thêm phiếu hoặc dùng ít câu hơn."))
    return values


def _covariance(values: np.ndarray, spec: _Spec) -> tuple[np.ndarray, np.ndarray]:
    """The items' means and covariance matrix (divisor N), checked for constant and dependent items.

    ``X'X/N - mean mean'`` saves a pass over the data; when the means are large beside the standard
    deviations it would lose digits, and the data are centred first.
    """
    n = len(values)
    mean = values.mean(axis=0)
    sample = values.T @ values / n - np.outer(mean, mean)
    if np.any(mean ** 2 > 1e3 * np.diag(sample)):
        centred = values - mean
        sample = centred.T @ centred / n
    sample = (sample + sample.T) / 2
    flat = np.diag(sample) <= (1e-12 * np.maximum(np.abs(mean), 1.0)) ** 2
    constant = [spec.items[j] for j in np.flatnonzero(flat)]
    if constant:
        raise FactorAnalysisError(
            Text("Item(s) {items} have no variation (every complete row gives the same answer).",
                 "Các câu {items} không có biến thiên (mọi phiếu trả lời như nhau).",
                 {"items": ", ".join(map(repr, constant))}),
            fix=Text("Leave those items out of the model.", "Bỏ các câu đó khỏi mô hình."))
    _check_sample(sample, spec)
    return mean, sample


def _group_data(data: pd.DataFrame, spec: _Spec, group: str) -> list[tuple[str, np.ndarray]]:
    """(label, complete rows of the items) per group, in the order the groups first appear (as lavaan)."""
    if not isinstance(data, pd.DataFrame) or group not in data.columns:
        raise FactorAnalysisError(
            Text("The group column {g} is not a column of the data.", "Cột nhóm {g} không có trong dữ liệu.",
                 {"g": repr(group)}), fix=Text("Name the column that holds the groups.", "Ghi tên cột chứa nhóm."),
            column=str(group))
    labels = data[group]
    order = pd.unique(labels[labels.notna()])
    if len(order) < 2:
        raise FactorAnalysisError(
            Text("The group column {g} has {k} group(s); a multi-group model needs at least two.",
                 "Cột nhóm {g} chỉ có {k} nhóm; mô hình nhiều nhóm cần ít nhất hai.", {"g": repr(group), "k": len(order)}),
            fix=Text("Leave out group= to fit one model to everyone.", "Bỏ group= để ước lượng một mô hình chung."))
    return [(str(label), _data(data.loc[(labels == label).to_numpy()], spec)) for label in order]


def _check_sample(sample: np.ndarray, spec: _Spec) -> None:
    values, vectors = np.linalg.eigh(sample / np.sqrt(np.outer(np.diag(sample), np.diag(sample))))
    if values[0] > 1e-10:
        return
    null = np.abs(vectors[:, values <= 1e-10]).max(axis=1)
    involved = [spec.items[i] for i in np.flatnonzero(null > 0.05)]
    raise FactorAnalysisError(
        Text("The covariance matrix of the items is singular: items {items} are linearly dependent.",
             "Ma trận hiệp phương sai của các câu bị suy biến: các câu {items} phụ thuộc tuyến tính.",
             {"items": ", ".join(map(repr, involved))}),
        fix=Text("Leave one of those items out.", "Bỏ bớt một trong các câu đó."))
