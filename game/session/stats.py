"""The statistics of the balance check: paired means, shares and their intervals.

Every interval here is two-sided; `z` is its normal quantile (1.96 for 95%). A fixed-N run uses
95% intervals (Student's t below 30 games); the sequential rule (see `sequential.py` and
docs/scoring.md, "Sequential stopping") uses wider, repeated intervals. No numbers live here
that a scenario designer tunes.
"""

from __future__ import annotations

import math
from statistics import NormalDist, fmean, stdev

# Two-sided 97.5% quantiles of Student's t for small samples; the normal 1.96 beyond 30.
T975 = {1: 12.71, 2: 4.30, 3: 3.18, 4: 2.78, 5: 2.57, 6: 2.45, 7: 2.36, 8: 2.31, 9: 2.26,
        10: 2.23, 12: 2.18, 15: 2.13, 20: 2.09, 25: 2.06, 30: 2.04}  # fmt: skip


def t975(df: int) -> float:
    """The 97.5% quantile of Student's t with `df` degrees of freedom (normal above 30)."""
    if df > 30:
        return 1.96
    return T975[max(k for k in T975 if k <= df)]


def z_two_sided(alpha: float) -> float:
    """The normal quantile of a two-sided interval with error rate `alpha`."""
    return NormalDist().inv_cdf(1.0 - alpha / 2.0)


def mean_ci(values: list[float], z: float | None = None) -> tuple[float, tuple[float, float]]:
    """Mean and confidence interval of the mean (95% with Student's t unless `z` is given)."""
    m = fmean(values)
    if len(values) < 2:
        return m, (m, m)
    q = t975(len(values) - 1) if z is None else z
    half = q * stdev(values) / math.sqrt(len(values))
    return m, (m - half, m + half)


def share_ci(hits: int, n: int, z: float = 1.96) -> tuple[float, tuple[float, float]]:
    """A share and its Wilson score interval (sound near 0 and 1, unlike the plain one)."""
    if n == 0:
        return 0.0, (0.0, 1.0)
    p = hits / n
    denom = 1.0 + z * z / n
    centre = (p + z * z / (2 * n)) / denom
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / denom
    return p, (max(centre - half, 0.0), min(centre + half, 1.0))
