"""Entity resolution: spellings and acronyms merge; bare acronyms across papers do not."""
from kg.model import EntityRef, Evidence, Triple
from kg.resolution import apply, keep_strongest, resolve, similarity
from kg.vocab import VocabEntry, Vocabulary


def triple(paper, etype, name, aliases=(), relation="USES"):
    from kg.model import entity_id
    return Triple(paper_id=paper, paper_title=paper, relation=relation,
                  entity=EntityRef(id=entity_id(etype, name), type=etype, name=name, aliases=list(aliases)),
                  evidence=Evidence(sentence="s", start=0, end=1), confidence=0.9, extractor="test")


EMPTY = Vocabulary([])


def test_two_spellings_become_one_node():
    ts = [triple("paper:a", "Method", "masked image modeling", ["MIM"]),
          triple("paper:b", "Method", "Masked Image Modelling")]
    res = resolve(ts, EMPTY)
    assert len(res.entities) == 1
    (ent,) = res.entities.values()
    assert ent.id == "method:masked-image-modeling"
    assert set(ent.aliases) >= {"MIM", "Masked Image Modelling"}


def test_vocabulary_spellings_resolve_to_the_canonical_name():
    vocab = Vocabulary([VocabEntry(type="Dataset", name="MS COCO", aliases=("MSCOCO", "COCO"))])
    ts = [triple("paper:a", "Dataset", "MS COCO", ["MSCOCO"]), triple("paper:b", "Dataset", "MS COCO", ["COCO"])]
    res = resolve(ts, vocab)
    assert list(res.entities) == ["dataset:ms-coco"]


def test_shared_acronym_without_evidence_does_not_merge():
    ts = [triple("paper:a", "Method", "context autoencoder", ["CAE"]),
          triple("paper:b", "Method", "convolutional autoencoder", ["CAE"]),
          triple("paper:c", "Method", "CAE")]
    res = resolve(ts, EMPTY)
    assert len(res.entities) == 3


def test_type_families_never_merge():
    a = EntityRef(id="x", type="Metric", name="MAE")
    b = EntityRef(id="y", type="Method", name="MAE")
    assert similarity(a, b) == 0.0


def test_apply_keeps_local_surface_forms_and_strongest_role():
    ts = [triple("paper:a", "Method", "masked image modeling", ["MIM"], "USES"),
          triple("paper:a", "Method", "Masked image modelling", [], "PROPOSES"),
          triple("paper:b", "Method", "masked image modelling")]
    res = resolve(ts, EMPTY)
    out, _ = apply(res, ts, [])
    out = keep_strongest(out)
    a = [t for t in out if t.paper_id == "paper:a"]
    assert len(a) == 1 and a[0].relation == "PROPOSES"
    assert "MIM" in a[0].entity.aliases
    b = [t for t in out if t.paper_id == "paper:b"][0]
    assert b.entity.id == a[0].entity.id
    assert "MIM" not in b.entity.aliases
