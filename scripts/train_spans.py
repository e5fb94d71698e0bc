#!/usr/bin/env python3
"""Train the learned span model shipped at kg/data/models/spans/.

  # (optional, once) static floret vectors trained on the corpus abstracts
  python scripts/train_spans.py vectors [--out /tmp/spans_vectors]
  # train on all 320 training abstracts, write kg/data/models/spans, measure speed
  python scripts/train_spans.py train [--vectors /tmp/spans_vectors/model] [--out kg/data/models/spans]

Config: scripts/spans.cfg (seeded; [system] seed = 0). Training data: scripts/training_data.py.
"""
from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path

os.environ.setdefault("OMP_NUM_THREADS", "1")
os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
os.environ.setdefault("MKL_NUM_THREADS", "1")

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(HERE))

import training_data as td  # noqa: E402

CFG = HERE / "spans.cfg"
DEFAULT_OUT = ROOT / "kg" / "data" / "models" / "spans"


# ---------------------------------------------------------------- vectors

def train_vectors(out: Path, dim=64, bucket=20000, epoch=5, minn=4, maxn=5, threads=2):
    """floret (hashed subword) vectors on title+abstract of the whole corpus, lower-cased
    spaCy blank-English tokens; converted with `spacy init vectors --mode floret --attr LOWER`."""
    import floret
    out.mkdir(parents=True, exist_ok=True)
    txt = out / "corpus.txt"
    if not txt.exists():
        nlp = td.blank_nlp()
        t0 = time.time()
        with open(txt, "w", encoding="utf8") as fh:
            for doc in nlp.tokenizer.pipe(td.iter_corpus_texts(), batch_size=1000):
                fh.write(" ".join(t.lower_ for t in doc if not t.is_space) + "\n")
        print(f"tokenised corpus in {time.time() - t0:.0f}s", flush=True)
    t0 = time.time()
    m = floret.train_unsupervised(str(txt), model="cbow", mode="floret", hashCount=2, bucket=bucket,
                                  minn=minn, maxn=maxn, dim=dim, epoch=epoch, thread=threads, minCount=3)
    m.save_vectors(str(out / "vectors.floret"))
    print(f"trained floret in {time.time() - t0:.0f}s", flush=True)
    subprocess.run([sys.executable, "-m", "spacy", "init", "vectors", "en", str(out / "vectors.floret"),
                    str(out / "model"), "--mode", "floret", "--attr", "LOWER"], check=True)
    (out / "corpus.txt").unlink()


# ---------------------------------------------------------------- training

def spacy_train(cfg: Path, train: Path, dev: Path, out: Path, vectors: str | None = None,
                overrides: dict | None = None, quiet=False):
    """Run `spacy train` with the config; returns path to model-best."""
    cmd = [sys.executable, "-m", "spacy", "train", str(cfg), "--output", str(out),
           "--paths.train", str(train), "--paths.dev", str(dev)]
    if vectors:
        cmd += ["--paths.vectors", str(vectors), "--components.tok2vec.model.embed.include_static_vectors", "true"]
    for k, v in (overrides or {}).items():
        cmd += [f"--{k}", str(v)]
    env = {**os.environ, "OMP_NUM_THREADS": "1", "OPENBLAS_NUM_THREADS": "1"}
    r = subprocess.run(cmd, env=env, capture_output=quiet, text=True)
    if r.returncode:
        if quiet:
            print(r.stdout[-3000:], r.stderr[-3000:])
        raise SystemExit(f"spacy train failed: {' '.join(cmd)}")
    return out / "model-last"


def measure_speed(model_path, texts=None, repeats=3):
    """Tokens/s of the model alone (nlp.pipe over the 320 training texts, one thread).
    Returns (best wall-clock tok/s, best CPU-time tok/s, ntokens); CPU time (process_time) is the
    fair single-core figure when the machine is shared with other jobs."""
    import spacy
    nlp = spacy.load(model_path)
    if texts is None:
        texts = [r["text"] for r in td.load_training()]
    list(nlp.pipe(texts[:20]))  # warm up
    best_wall = best_cpu = 0.0
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        ntok = sum(len(d) for d in nlp.pipe(texts, batch_size=64))
        best_wall = max(best_wall, ntok / (time.perf_counter() - t0))
        best_cpu = max(best_cpu, ntok / (time.process_time() - c0))
    return best_wall, best_cpu, ntok


def export_standalone(src: Path, out: Path):
    """Save the trained pipeline with the tok2vec embedded in the ner component (no listener),
    so `ner` alone can be sourced into another pipeline."""
    import spacy
    nlp = spacy.load(src)
    if "tok2vec" in nlp.pipe_names:
        nlp.replace_listeners("tok2vec", "ner", ["model.tok2vec"])
        nlp.remove_pipe("tok2vec")
    nlp.meta["name"] = "papergraph_spans"
    nlp.meta["version"] = "0.1.0"
    nlp.meta["description"] = ("Learned entity-mention tagger (METHOD, DATASET, TASK, METRIC) for ML paper "
                               "titles+abstracts; see README.md")
    out.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(out)
    # the copied tok2vec config may still reference the removed component's settings
    cfg = out / "config.cfg"
    width = str(nlp.config["components"]["ner"]["model"]["tok2vec"]["encode"]["width"])
    cfg.write_text(cfg.read_text().replace("${components.tok2vec.model.encode.width}", width))


def dir_size(p: Path) -> int:
    return sum(f.stat().st_size for f in Path(p).rglob("*") if f.is_file())


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    v = sub.add_parser("vectors")
    v.add_argument("--out", default="/tmp/spans_vectors")
    t = sub.add_parser("train")
    t.add_argument("--vectors", default=None, help="spaCy vectors dir from `vectors` (omit: no static vectors)")
    t.add_argument("--out", default=str(DEFAULT_OUT))
    t.add_argument("--work", default="/tmp/spans_work")
    t.add_argument("--cfg", default=str(CFG))
    t.add_argument("--extra-train", default=None, help="extra DocBin appended to the training data (e.g. SciERC mapped)")
    t.add_argument("--set", nargs=2, action="append", default=[], metavar=("KEY", "VALUE"),
                   help="config override, e.g. --set training.max_epochs 30")
    s = sub.add_parser("speed")
    s.add_argument("model", nargs="?", default=str(DEFAULT_OUT))
    a = ap.parse_args()

    if a.cmd == "vectors":
        train_vectors(Path(a.out))
        return
    if a.cmd == "speed":
        wall, cpu, n = measure_speed(a.model)
        print(f"speed {cpu:,.0f} tokens/s per CPU-second ({wall:,.0f} wall-clock) over {n} tokens, 1 thread")
        return

    work = Path(a.work)
    work.mkdir(parents=True, exist_ok=True)
    nlp = td.blank_nlp()
    docs = [td.record_to_doc(nlp, r) for r in td.load_training()]
    train_docs = list(docs)
    if a.extra_train:
        from spacy.tokens import DocBin
        train_docs += list(DocBin().from_disk(a.extra_train).get_docs(nlp.vocab))
    td.save_docbin(train_docs, work / "train.spacy")
    # final model: no held-out set; the config trains a fixed number of epochs and we ship
    # model-last. (dev gold is only measured afterwards, never used for selection here.)
    td.save_docbin(docs[:32], work / "monitor.spacy")
    t0 = time.time()
    last = spacy_train(Path(a.cfg), work / "train.spacy", work / "monitor.spacy", work / "out", a.vectors,
                       dict(a.set))
    print(f"training took {time.time() - t0:.0f}s")
    out = Path(a.out)
    keep = [p for p in out.glob("*") if p.name == "README.md"]
    saved = {p.name: p.read_bytes() for p in keep}
    if out.exists():
        shutil.rmtree(out)
    export_standalone(last, out)
    for name, data in saved.items():
        (out / name).write_bytes(data)
    wall, cpu, n = measure_speed(out)
    print(f"model at {out}: {dir_size(out) / 1e6:.2f} MB; speed {cpu:,.0f} tokens/s per CPU-second "
          f"({wall:,.0f} wall-clock) over {n} tokens, 1 thread")


if __name__ == "__main__":
    main()
