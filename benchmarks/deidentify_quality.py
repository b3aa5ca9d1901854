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
`deidentify_languages_leaks: N/M`, and for the 56 texts in all seven languages of
`deidentify_fresh.json`, ending in `deidentify_fresh_leaks: N/M`, and for the 60 texts of
`deidentify_fifth.json`, the last written, ending in `deidentify_fifth_leaks: N/M`. The last line is
`deidentify_leaks: N/M` (leaked identifying values / all identifying values of the first corpus).

With `--capitals`, only this instead: every corpus written in capitals, as some reporters type, and
without the known names (which would be found in any case); per corpus the leaks, the `keep` words
removed, and the other words removed that are no part of an identifying value (places deduce tags
among them), which is what reading names in capitals costs.

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
    ("paspoort", " ab"),
    ("", "ul. Ab Cd Ef "),
    ("ul. Ab 1", ", bl. a"),
    ("", "ж.к."),  # a review found these two quadratic in the first version of the street pattern
    ("", "str. ul."),
    ("паспорт ", "Ab "),
    ("paspoort", " "),  # a second review found these two cubic and quadratic: runs of spaces
    ("حساب", " "),
    ("str. Ab 5", " m"),
    ("", "Ab де "),
    ("", "Zbigniewa Zbigniewowi "),
    ("صاحب العمل", " "),  # an Arabic role word before a run of spaces
    ("", "أخي الصغير، "),
    ("", "Jackiem Sebastianem Agnieszce "),  # the first-name lexicon, word after word
    ("", "twee "),  # a phone number in number words that never ends
    ("", "a at b dot "),  # an e-mail address said out loud
    ("", "Ab (Cd) "),  # a nickname in brackets, a name in brackets after a name
    ("", "JAN DE "),  # a name in capitals
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


def in_capitals(deidentify_text, corpora, paths: list) -> None:
    """Print, per corpus written in capitals, what leaks and how many ordinary words go."""
    import re
    from collections import Counter

    word = re.compile(r"[^\W\d_][\w'’-]*")
    for path in paths:
        signals = corpora.load_corpus(path)
        run = corpora.run_corpus(lambda text, known_names: deidentify_text(text.upper()), signals)
        removed = 0
        for signal in signals:
            values = [value.value for value in signal.values if value.category != corpora.KEEP]
            identifying = {w.upper() for value in values for w in word.findall(value)}
            before = Counter(w for w in word.findall(signal.text.upper()) if w not in identifying)
            removed += sum((before - Counter(word.findall(run.outputs[signal.id]))).values())
        words = sum(len(word.findall(signal.text)) for signal in signals)
        print(
            f"{path.name:<28} leaks {len(run.leaked)}/{run.identifiers}, keep removed {len(run.over_redacted)}, "
            f"other words removed {removed}/{words}"
        )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--show", metavar="ID", action="append", default=[], help="print the copy of this text too")
    parser.add_argument("--capitals", action="store_true", help="run every corpus written in capitals instead")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "samen.settings")
    import django

    django.setup()
    from samen.intake.deidentify import deidentify_text, warm_up
    from samen.intake.tests import deidentify_corpus as corpora

    # The corpus the patterns were tuned on, then the ones written apart from them, oldest first.
    others = [
        ("held-out", corpora.HELDOUT_PATH, "deidentify_heldout_leaks"),
        ("languages", corpora.LANGUAGES_PATH, "deidentify_languages_leaks"),
        ("fresh", corpora.FRESH_PATH, "deidentify_fresh_leaks"),
        ("fifth", corpora.FIFTH_PATH, "deidentify_fifth_leaks"),
    ]
    if args.capitals:
        warm_up()
        in_capitals(deidentify_text, corpora, [corpora.CORPUS_PATH, *(path for _, path, _ in others)])
        return
    signals = corpora.load_corpus()
    other_signals = [corpora.load_corpus(path) for _, path, _ in others]
    started = time.perf_counter()
    warm_up()
    sizes = " + ".join(str(len(texts)) for texts in [signals, *other_signals])
    print(f"deduce loaded in {time.perf_counter() - started:.1f} s; {sizes} texts")
    print()
    adversarial(deidentify_text)
    run = corpora.run_corpus(deidentify_text, signals)

    print()
    print(f"=== The corpus ({len(signals)} texts, data/deidentify_corpus.json)")
    report(run, signals, args.show)
    for (label, path, line), texts in zip(others, other_signals, strict=True):
        other_run = corpora.run_corpus(deidentify_text, texts)
        print()
        print(f"=== The {label} corpus ({len(texts)} texts, data/{path.name})")
        report(other_run, texts, args.show)
        print()
        print(f"{line}: {len(other_run.leaked)}/{other_run.identifiers}")

    print()
    print(f"deidentify_leaks: {len(run.leaked)}/{run.identifiers}")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
