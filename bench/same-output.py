#!/usr/bin/env python3
"""Check that two newsnorm binaries extract the same records from every page
of the evaluation sets (../shared/eval, never copied into the repository).

Usage: bench/same-output.py OLD_BIN NEW_BIN [-data DIR] [-jobs N]

Each page is extracted with `BIN extract --config EMPTY --url URL PAGE`
(generic extraction, fetched_at = the file's modification time, the same for
both binaries). The records are compared byte for byte; the first
differences are printed. Exit 0 when every page gives the same output (and
the same exit code), 1 otherwise.
"""
import concurrent.futures
import gzip
import json
import os
import subprocess
import sys
import tempfile


def pages(data):
    """Yield (path, url) for every page of every set."""
    aeb = os.path.join(data, "article-extraction-benchmark")
    truth = json.load(open(os.path.join(aeb, "ground-truth.json")))
    for pid, t in sorted(truth.items()):
        yield os.path.join(aeb, "html", pid + ".html.gz"), t.get("url") or "https://example.com/" + pid
    for name, sub in (("wcxb-dev-articles", "html"), ("fundus-publishers", "html"), ("dates-headlines-dev", "pages")):
        d = os.path.join(data, name)
        for line in open(os.path.join(d, "truth.jsonl")):
            t = json.loads(line)
            pid = t["id"]
            path = os.path.join(d, sub, pid + ".html.gz")
            if not os.path.exists(path):
                path = os.path.join(d, sub, pid + ".html")
            yield path, t.get("url") or "https://example.com/" + pid


def extract(binary, config, path, url):
    p = subprocess.run([binary, "extract", "--config", config, "--url", url, path],
                       capture_output=True)
    return p.returncode, p.stdout


def main(argv):
    args = [a for a in argv if not a.startswith("-")]
    data = os.environ.get("NEWSNORM_EVAL_DIR") or os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "shared", "eval")
    jobs = 2
    for i, a in enumerate(argv):
        if a == "-data":
            data = argv[i + 1]
        if a == "-jobs":
            jobs = int(argv[i + 1])
    args = [a for a in args if a not in (data, str(jobs))]
    if len(args) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    old, new = args
    with tempfile.NamedTemporaryFile("w", suffix=".yaml", delete=False) as f:
        f.write("sites: []\n")
        config = f.name
    todo = list(pages(data))
    diff = []

    def one(item):
        path, url = item
        return item, extract(old, config, path, url), extract(new, config, path, url)

    with concurrent.futures.ThreadPoolExecutor(jobs) as ex:
        for (path, url), a, b in ex.map(one, todo):
            if a != b:
                diff.append((path, url, a, b))
    os.unlink(config)
    print(f"{len(todo)} pages, {len(diff)} differ")
    for path, url, a, b in diff[:10]:
        print(f"\n{path} ({url}): exit {a[0]} vs {b[0]}")
        print("  old:", a[1][:300])
        print("  new:", b[1][:300])
    return 1 if diff else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
