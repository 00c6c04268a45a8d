"""Due-date throughput: Putright's scalar and bulk working-day arithmetic, against workalendar
(UnitedKingdom) and a naive day-by-day loop, in one run. Goals: bulk >= 10 million dates/s;
scalar <= 2 µs/date.

    .venv/bin/python benchmarks/bench_policy.py

Every method is checked to give the same answers on a shared sample before it is timed.
"""

from __future__ import annotations

import time
import warnings
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from putright.policy import Calendar, bank_holidays

N_DAYS = 20  # a typical target: "20 working days"
RNG = np.random.default_rng(2026)


def random_starts(count: int) -> np.ndarray:
    offsets = RNG.integers(0, 365 * 30, size=count)
    return np.datetime64("2012-01-01") + offsets.astype("timedelta64[D]")


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    calendar = Calendar("england-and-wales")
    holiday_set = {h.date for h in bank_holidays("england-and-wales")}

    def naive(start: date, n: int) -> date:
        day, left = start, n
        while left:
            day += timedelta(days=1)
            if day.weekday() < 5 and day not in holiday_set:
                left -= 1
        return day

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        from workalendar.europe import UnitedKingdom

        uk = UnitedKingdom()

        def workalendar_due(start: date, n: int) -> date:
            # workalendar counts from the next working day only for a working-day start; roll a
            # non-working start back first so the rule matches ours.
            while not uk.is_working_day(start):
                start -= timedelta(days=1)
            return uk.add_working_days(start, n)

        # Check agreement on a sample (2012-2028, the GOV.UK years; workalendar's UK holidays
        # may differ on one-off days, which we report rather than hide).
        sample = random_starts(2_000).tolist()
        ours = [calendar.working_day_after(d, N_DAYS) for d in sample]
        assert ours == [naive(d, N_DAYS) for d in sample]
        assert ours == calendar.add_working_days_bulk(np.array(sample), N_DAYS).tolist()
        assert (
            ours
            == calendar.add_working_days_bulk(
                np.array(sample), N_DAYS, method="busday_offset"
            ).tolist()
        )
        wl_disagree = sum(
            a != workalendar_due(d, N_DAYS) for a, d in zip(ours, sample, strict=True)
        )

        rows: list[tuple[str, int, float]] = []

        scalar_dates = random_starts(200_000).tolist()
        rows.append(
            (
                "putright scalar (date only)",
                len(scalar_dates),
                best_of(3, lambda: [calendar.working_day_after(d, N_DAYS) for d in scalar_dates]),
            )
        )
        explained = scalar_dates[:50_000]
        rows.append(
            (
                "putright scalar with explanation",
                len(explained),
                best_of(3, lambda: [calendar.add_working_days(d, N_DAYS) for d in explained]),
            )
        )
        bulk = random_starts(5_000_000)
        rows.append(
            (
                "putright bulk (index)",
                bulk.size,
                best_of(5, lambda: calendar.add_working_days_bulk(bulk, N_DAYS)),
            )
        )
        rows.append(
            (
                "putright bulk (numpy busday_offset)",
                bulk.size,
                best_of(
                    3, lambda: calendar.add_working_days_bulk(bulk, N_DAYS, method="busday_offset")
                ),
            )
        )
        small = scalar_dates[:20_000]
        rows.append(
            (
                "naive day-by-day loop",
                len(small),
                best_of(1, lambda: [naive(d, N_DAYS) for d in small]),
            )
        )
        tiny = scalar_dates[:5_000]
        rows.append(
            (
                "workalendar UnitedKingdom",
                len(tiny),
                best_of(1, lambda: [workalendar_due(d, N_DAYS) for d in tiny]),
            )
        )

    print(f"Due date = {N_DAYS} working days after a random start, England and Wales\n")
    print(f"{'method':<38} {'dates':>10} {'seconds':>9} {'µs/date':>9} {'dates/s':>14}")
    for name, count, seconds in rows:
        print(
            f"{name:<38} {count:>10,} {seconds:>9.3f} {seconds / count * 1e6:>9.3f} "
            f"{count / seconds:>14,.0f}"
        )
    scalar = rows[0][2] / rows[0][1] * 1e6
    bulk_rate = rows[2][1] / rows[2][2]
    print()
    print(f"goal scalar <= 2 µs/date: {scalar:.3f} µs -> {'met' if scalar <= 2 else 'NOT met'}")
    print(
        f"goal bulk >= 10M dates/s: {bulk_rate / 1e6:.1f}M/s -> "
        f"{'met' if bulk_rate >= 10e6 else 'NOT met'}"
    )
    print(f"workalendar disagreed with the GOV.UK list on {wl_disagree} of {len(sample):,} samples")


if __name__ == "__main__":
    main()
