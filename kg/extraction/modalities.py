"""Modalities a paper involves (closed list of ANNOTATION.md), from cue phrases in its text.

A PhraseMatcher over lower-cased tokens finds the cues in one pass; a modality counts when its
cues occur often enough (one "text" word is weak evidence, one "video" is not).
"""
from __future__ import annotations

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc

from kg.extraction.tokens import toks

CUES: dict[str, list[str]] = {
    "text": ["text", "texts", "textual", "language model", "language models", "natural language", "sentence",
             "sentences", "word", "words", "corpus", "corpora", "document", "documents", "caption", "captions",
             "NLP", "linguistic", "translation", "question answering", "BERT", "GPT", "LLM", "LLMs",
             "vision-language", "image-text", "video-text", "audio-text", "multilingual", "dialogue", "tokens"],
    "image": ["image", "images", "visual", "vision", "pixel", "pixels", "photo", "photos", "picture", "pictures",
              "ImageNet", "COCO", "CLIP", "ViT", "convolutional", "image-text", "vision-language",
              "object detection", "segmentation"],
    "video": ["video", "videos", "video-text", "video-language", "frames", "clips", "action recognition"],
    "audio": ["audio", "sound", "sounds", "music", "acoustic", "audio-visual"],
    "speech": ["speech", "spoken", "speaker", "speakers", "ASR", "utterance", "utterances", "voice", "phoneme",
               "phonemes"],
    "code": ["code", "source code", "programming", "program", "programs", "software", "CodeBERT", "HumanEval",
             "SQL"],
    "table": ["table", "tables", "tabular", "spreadsheet", "spreadsheets"],
    "molecule": ["molecule", "molecules", "molecular", "chemical", "chemistry", "compound", "compounds",
                 "SMILES", "drug", "drugs"],
    "protein": ["protein", "proteins", "amino acid", "amino acids", "antibody", "antibodies", "enzyme", "enzymes"],
    "genome": ["genome", "genomes", "genomic", "genomics", "DNA", "RNA", "gene", "genes", "genetic",
               "sequencing"],
    "3d": ["3D", "point cloud", "point clouds", "mesh", "meshes", "voxel", "voxels", "depth map", "depth maps",
           "LiDAR", "NeRF"],
    "motion": ["human motion", "motion generation", "motion", "motions", "skeleton"],
    "medical-image": ["X-ray", "X-rays", "radiograph", "radiographs", "radiology", "CT scan", "CT scans", "MRI",
                      "WSI", "WSIs", "whole-slide", "whole slide", "pathology", "histology", "histopathology",
                      "medical image", "medical images", "medical imaging", "ultrasound", "mammography",
                      "fundus", "dermoscopy", "chest X-ray"],
    "time-series": ["time series", "time-series", "forecasting", "sensor data"],
    "graph": ["graph", "graphs", "GNN", "GNNs", "knowledge graph", "knowledge graphs", "molecular graph"],
    "action": ["action", "actions", "agent", "agents", "reinforcement learning", "policy", "policies", "robot",
               "robots", "robotic", "control", "Minecraft", "game", "games"],
    "neural-recording": ["EEG", "fMRI", "MEG", "ECoG", "neural recording", "neural recordings", "spike trains",
                         "brain signals", "neural activity"],
}
#: How many cue hits make a modality count.
MIN_HITS = {"text": 2, "action": 2, "graph": 2, "image": 1, "code": 2}


class ModalityMatcher:
    """Counts modality cues in a Doc with one PhraseMatcher pass."""

    def __init__(self, nlp: Language):
        self.matcher = PhraseMatcher(nlp.vocab, attr="LOWER")
        for mod, phrases in CUES.items():
            self.matcher.add(mod, [nlp.make_doc(p) for p in phrases])

    def __call__(self, doc: Doc) -> list[tuple[str, int, int]]:
        """(modality, start char, end char of its first cue) for each modality found, in CUES order."""
        hits: dict[str, list[tuple[int, int]]] = {}
        tk = toks(doc)
        for key, s, e in self.matcher(doc):
            hits.setdefault(doc.vocab.strings[key], []).append(tk.chars(s, e))
        return [(m, *min(hits[m])) for m in CUES if len(hits.get(m, ())) >= MIN_HITS.get(m, 1)]


def modalities(text: str) -> list[str]:
    """Modalities of a text.

    >>> modalities("We pretrain on images and their captions; captions are text.")
    ['text', 'image']
    """
    import spacy
    nlp = spacy.blank("en")
    return [m for m, _, _ in ModalityMatcher(nlp)(nlp.make_doc(text))]
