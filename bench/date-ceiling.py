#!/usr/bin/env python3
"""Sort the publish-day misses of one eval set by what its truth is.

Usage: bench/date-ceiling.py BIN [-set NAME] [-data DIR] [-jobs N] [-list]

Runs `BIN extract --config EMPTY --url URL PAGE` on every page of the set
(default wcxb-dev-articles) whose truth has a publish day, reads the
record's day as score_meta.py reads newsnorm's (published_local, else
published_at; the date itself at day precision), and puts each page whose
day is wrong in the first of these that holds:

  update   the truth is the day of the record's modified_at: the page's
           update, which newsnorm never takes for the publish time;
  absent   the truth's day is written nowhere in the page's bytes (no
           numeric form Y-M-D, M/D/Y, D.M.Y with any separator, no
           "March 5" / "5 March" / "Mar 5" / "5th of March" in English):
           no extractor can read it from the page;
  other    the rest, the misses an extractor could still fix.

It prints the counts, how many of each have no publish time at all, and
the ceilings they leave: the publish day and the date coverage (the share
of pages with any publish time) that a run taking no update time as a
publish time could reach at most. -list prints the pages of each group.
The data directory defaults to $NEWSNORM_EVAL_DIR, else ../shared/eval
next to the repository root; nothing of it is copied anywhere.
"""
import concurrent.futures
import datetime
import gzip
import json
import os
import re
import subprocess
import sys
import tempfile


def day_of(rec):
    """The record's publish day as the bench scores it, or None."""
    v = rec.get("published_local") or rec.get("published_at")
    return v[:10] if v else None


def written(raw, day):
    """Whether the day is written in the page in a common form."""
    d = datetime.date.fromisoformat(day)
    y, m, dd = d.year, d.month, d.day
    num = rf"{y}\D{{1,3}}0?{m}\D{{1,3}}0?{dd}(?!\d)|(?<!\d)0?{m}\D0?{dd}\D{y}|(?<!\d)0?{dd}\D0?{m}\D{y}|{y}{m:02d}{dd:02d}"
    mon, ab = d.strftime("%B"), d.strftime("%b")
    txt = rf"(?i)\b({mon}|{ab})\.?\s+0?{dd}(st|nd|rd|th)?(?!\d)|(?<!\d)0?{dd}(st|nd|rd|th)?\s+(of\s+)?({mon}|{ab})\b"
    return bool(re.search(num, raw) or re.search(txt, raw))


def main(argv):
    data = os.environ.get("NEWSNORM_EVAL_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval")
    name, jobs, show, args = "wcxb-dev-articles", 2, False, []
    it = iter(argv)
    for a in it:
        if a == "-data":
            data = next(it)
        elif a == "-set":
            name = next(it)
        elif a == "-jobs":
            jobs = int(next(it))
        elif a == "-list":
            show = True
        else:
            args.append(a)
    if len(args) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    binary = args[0]
    d = os.path.join(data, name)
    sub = "pages" if os.path.isdir(os.path.join(d, "pages")) else "html"
    todo = []
    for line in open(os.path.join(d, "truth.jsonl")):
        t = json.loads(line)
        if re.match(r"\d{4}-\d\d-\d\d", t.get("published") or ""):  # a day, not a month
            todo.append(t)
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write("sites: []\n")
        config = f.name

    def one(t):
        path = os.path.join(d, sub, t["id"] + ".html.gz")
        url = t.get("url") or "https://example.com/" + t["id"]
        p = subprocess.run([binary, "extract", "--config", config, "--url", url, path], capture_output=True)
        try:
            rec = json.loads(p.stdout)
        except ValueError:
            rec = {}
        return t, path, rec

    groups = {"right": [], "update": [], "absent": [], "other": []}
    undated = set()
    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        for t, path, rec in ex.map(one, todo):
            truth, got = t["published"][:10], day_of(rec)
            if got is None:
                undated.add(t["id"])
            if got == truth:
                groups["right"].append(t["id"])
            elif (rec.get("modified_at") or "")[:10] == truth:
                groups["update"].append(t["id"])
            elif not written(gzip.open(path).read().decode("utf-8", "replace"), truth):
                groups["absent"].append(t["id"])
            else:
                groups["other"].append(t["id"])
    os.unlink(config)
    n = len(todo)
    print(f"{name}: {n} pages with a truth day; publish day right on {len(groups['right'])} ({len(groups['right']) / n:.3f}), "
          f"a publish time on {n - len(undated)} ({(n - len(undated)) / n:.3f})")
    for g in ("update", "absent", "other"):
        ids = groups[g]
        print(f"  {g:7} {len(ids):4} wrong, {len(set(ids) & undated):3} of them with no publish time")
    lost = len(groups["update"]) + len(groups["absent"])
    lost_cov = len((set(groups["update"]) | set(groups["absent"])) & undated)
    print(f"  ceiling without update times: publish day {(n - lost) / n:.3f}, date coverage {(n - lost_cov) / n:.3f}")
    if show:
        for g in ("update", "absent", "other"):
            print(f"{g}: {' '.join(sorted(groups[g]))}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
