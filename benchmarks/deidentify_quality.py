"""De-identification quality: what `deidentify_text` lets through on a corpus of fictional signals.

Run: uv run python benchmarks/deidentify_quality.py

Runs the ~150 texts of `src/samen/intake/tests/data/deidentify_corpus.json` through
`deidentify_text` (real deduce plus Samen's own patterns, with the signal's known names) and
prints per category how many identifying values are still in the de-identified copy (compared
case-insensitively, ignoring spaces for values with digits), how many `keep` words were removed
(over-redaction), the median milliseconds per text, then every leaked value with its category and
text, the full names of which a part survived, and the removed `keep` words. Then the same for the
~60 texts of the held-out corpus `deidentify_heldout.json` (written apart from the patterns, which
were tuned on the first), ending in `deidentify_heldout_leaks: N/M`, and for the 40 texts in Arabic,
Polish, Romanian, Bulgarian and Ukrainian of `deidentify_languages.json`, ending in
`deidentify_languages_leaks: N/M`. The last line is
`deidentify_leaks: N/M` (leaked identifying values / all identifying values of the first corpus).

Before that, the time of long adversarial texts built to make a pattern backtrack: each text of
~40,000 characters against the same text four times as long, the faster of two runs each. Linear
patterns take about four times as long; a quadratic one sixteen. (A test cannot assert this: the
suite does not measure wall-clock time.)
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


# A start and a unit repeated after it, each aimed at one pattern's weak spot.
ADVERSARIAL = [
    ("kenteken ", "ab "),
    ("", "kenteken " + "a" * 30 + " "),
    ("", "stefan, "),
    ("", "a b c d, "),
    ("snap ", "'ab1' "),
    ("", "een van de "),
    ("", "hij "),
    ("", "bai "),
    ("", "my name is "),
    ("", "ik ben "),
    ("", "broer, "),
    ("", "Ab Cd, "),
    ("instagram '", "a_"),
    ("'", "a."),
    ("", "a-"),
    ("", "a_"),
    ("", "اسمها "),
    ("", "брат Иван "),
    ("", "1 lutego "),
    ("https://", "a."),
]


def adversarial(deidentify_text) -> float:
    """Print the growth in time per adversarial text for four times its length; return the worst."""

    def seconds(text: str) -> float:
        timings = []
        for _ in range(2):
            started = time.perf_counter()
            deidentify_text(text)
            timings.append(time.perf_counter() - started)
        return min(timings)

    worst = 0.0
    print(f"{'adversarial text':<28}{'40k chars':>10}{'4 x':>10}{'growth':>8}")
    for start, unit in ADVERSARIAL:
        repeat = 40_000 // len(unit)
        short = seconds(start + unit * repeat + " heet")
        long = seconds(start + unit * 4 * repeat + " heet")
        growth = long / max(short, 1e-3)
        worst = max(worst, growth)
        print(f"{(start + unit).strip()[:26]!r:<28}{short:>9.2f}s{long:>9.2f}s{growth:>7.1f}x")
    print(f"worst growth {worst:.1f}x for four times the text (linear: about 4, quadratic: about 16)")
    return worst


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="ID", action="append", default=[], help="print the copy of this text too")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()
    from samen.intake.deidentify import deidentify_text, warm_up
    from samen.intake.tests.deidentify_corpus import HELDOUT_PATH, LANGUAGES_PATH, load_corpus, run_corpus

    signals = load_corpus()
    heldout = load_corpus(HELDOUT_PATH)
    languages = load_corpus(LANGUAGES_PATH)
    started = time.perf_counter()
    warm_up()
    print(
        f"deduce loaded in {time.perf_counter() - started:.1f} s; "
        f"{len(signals)} + {len(heldout)} + {len(languages)} texts"
    )
    print()
    adversarial(deidentify_text)
    run = run_corpus(deidentify_text, signals)
    heldout_run = run_corpus(deidentify_text, heldout)
    languages_run = run_corpus(deidentify_text, languages)

    print()
    print(f"=== The corpus ({len(signals)} texts, data/deidentify_corpus.json)")
    report(run, signals, args.show)

    print()
    print(f"=== The held-out corpus ({len(heldout)} texts, data/deidentify_heldout.json)")
    report(heldout_run, heldout, args.show)
    print()
    print(f"deidentify_heldout_leaks: {len(heldout_run.leaked)}/{heldout_run.identifiers}")

    print()
    print(f"=== The languages corpus ({len(languages)} texts, data/deidentify_languages.json)")
    report(languages_run, languages, args.show)
    print()
    print(f"deidentify_languages_leaks: {len(languages_run.leaked)}/{languages_run.identifiers}")

    print()
    print(f"deidentify_leaks: {len(run.leaked)}/{run.identifiers}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
