"""De-identification quality: what `deidentify_text` lets through on a corpus of fictional signals.

Run: uv run python benchmarks/deidentify_quality.py

Runs the ~150 texts of `src/samen/intake/tests/data/deidentify_corpus.json` through
`deidentify_text` (real deduce plus Samen's own patterns, with the signal's known names) and
prints per category how many identifying values are still in the de-identified copy (compared
case-insensitively, ignoring spaces for values with digits), how many `keep` words were removed
(over-redaction), the median milliseconds per text, then every leaked value with its category and
text, the full names of which a part survived, and the removed `keep` words. Then the same for the
~60 texts of the held-out corpus `deidentify_heldout.json` (written apart from the patterns, which
were tuned on the first), ending in `deidentify_heldout_leaks: N/M`. The last line is
`deidentify_leaks: N/M` (leaked identifying values / all identifying values of the first corpus).
"""

from __future__ import annotations

import argparse
import os
import sys
import time


def report(run, signals: list, show: list[str]) -> None:
    """Print the figures of one corpus run: per category, the median time, then every leak."""
    from samen.intake.tests.deidentify_corpus import IDENTIFYING_CATEGORIES, KEEP

    def row(label: str, total: int, count: int) -> str:
        share = f"{100 * count / total:.1f}" if total else "-"
        return f"{label:<20}{total:>8}{count:>8}{share:>8}"

    print()
    print(f"{'category':<20}{'values':>8}{'leaked':>8}{'%':>8}")
    for category in IDENTIFYING_CATEGORIES:
        print(row(category, run.totals.get(category, 0), len(run.leaks_in(category))))
    print(row("all identifying", run.identifiers, len(run.leaked)))
    print(row("keep (removed)", run.totals.get(KEEP, 0), len(run.over_redacted)))
    print(f"median {run.median_ms:.1f} ms per text (max {max(run.seconds) * 1000:.1f} ms)")

    print()
    print("Leaked values (category: value  [text]):")
    for value in sorted(run.leaked, key=lambda v: IDENTIFYING_CATEGORIES.index(v.category)):
        print(f"  {value.category}: {value.value!r}  [{value.signal_id}]")
    if not run.leaked:
        print("  none")

    print()
    print("Full names of which a part survived (not counted as leaked):")
    for value, parts in run.partly_leaked:
        print(f"  {value.category}: {value.value!r} -> {', '.join(parts)}  [{value.signal_id}]")
    if not run.partly_leaked:
        print("  none")

    print()
    print("Over-redacted keep words:")
    for value in run.over_redacted:
        print(f"  {value.value!r}  [{value.signal_id}]")
    if not run.over_redacted:
        print("  none")

    for signal_id in show:
        if signal_id in run.outputs:
            print()
            print(f"--- {signal_id}")
            print(run.outputs[signal_id])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="ID", action="append", default=[], help="print the copy of this text too")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()
    from samen.intake.deidentify import deidentify_text, warm_up
    from samen.intake.tests.deidentify_corpus import HELDOUT_PATH, load_corpus, run_corpus

    signals = load_corpus()
    heldout = load_corpus(HELDOUT_PATH)
    started = time.perf_counter()
    warm_up()
    print(f"deduce loaded in {time.perf_counter() - started:.1f} s; {len(signals)} + {len(heldout)} texts")
    run = run_corpus(deidentify_text, signals)
    heldout_run = run_corpus(deidentify_text, heldout)

    print()
    print(f"=== The corpus ({len(signals)} texts, data/deidentify_corpus.json)")
    report(run, signals, args.show)

    print()
    print(f"=== The held-out corpus ({len(heldout)} texts, data/deidentify_heldout.json)")
    report(heldout_run, heldout, args.show)
    print()
    print(f"deidentify_heldout_leaks: {len(heldout_run.leaked)}/{heldout_run.identifiers}")

    print()
    print(f"deidentify_leaks: {len(run.leaked)}/{run.identifiers}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
