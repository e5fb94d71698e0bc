"""Screenshots of the views for the README: docs/overview.png and docs/dataset-view.png.

    .venv/bin/python scripts/screenshots.py [BUILD_DIR] [--dataset dataset:imagenet] [--docs docs]

BUILD_DIR (default ``out``) is a build directory; its views are (re)written from its
graph.json first, so the pictures match the current code. Uses Debian's headless Chromium
(/usr/bin/chromium; scripts/install-browser.sh installs it) with the network disabled.
"""
from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

CHROMIUM = "/usr/bin/chromium"
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
        "--disable-background-networking", "--disable-component-update", "--disable-sync"]


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description="Screenshots of the overview and a dataset view for the README.")
    ap.add_argument("build", nargs="?", type=Path, default=ROOT / "out", help="Build directory (holds graph.json).")
    ap.add_argument("--dataset", default="dataset:imagenet", help="Node id of the dataset view to show.")
    ap.add_argument("--docs", type=Path, default=ROOT / "docs", help="Where to write the PNG files.")
    args = ap.parse_args(argv)
    from kg.errors import PapergraphError
    from kg.views import plan_views, write_views
    from loaders.files import read_graph_json
    try:
        G = read_graph_json(args.build)
    except PapergraphError as err:
        print(f"error: {err}", file=sys.stderr)
        return 1
    if not Path(CHROMIUM).exists():
        print(f"error: {CHROMIUM} is missing: run scripts/install-browser.sh", file=sys.stderr)
        return 1
    views_dir = args.build / "views"
    write_views(G, views_dir)
    pages = {v.focus: v.path for v in plan_views(G)[0] if v.focus}
    if args.dataset not in pages:
        print(f"error: {args.dataset} has no view of its own (is it named by two or more papers?)", file=sys.stderr)
        return 1
    shots = [("overview.html", "overview.png"), (pages[args.dataset], "dataset-view.png")]
    from playwright.sync_api import sync_playwright
    args.docs.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        ctx = browser.new_context(viewport={"width": 1400, "height": 900}, device_scale_factor=1)
        ctx.route("**/*", lambda r: r.abort() if r.request.url.startswith(("http:", "https:")) else r.continue_())
        page = ctx.new_page()
        for rel, png in shots:
            page.goto((views_dir / rel).resolve().as_uri())
            page.wait_for_function("document.body.getAttribute('data-stable') === '1'", timeout=120_000)
            page.wait_for_timeout(300)
            page.screenshot(path=str(args.docs / png))
            print(f"{args.docs / png}  <- {views_dir / rel}")
        browser.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
