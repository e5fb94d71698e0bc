"""Modalities a paper involves (closed list of ANNOTATION.md), from cue words in its text."""
from __future__ import annotations

import re

#: modality -> pattern over title + abstract (case-insensitive unless noted).
CUES: dict[str, str] = {
    "text": r"\b(text(s|ual)?|language models?|natural language|sentences?|words?|tokens?|corpus|corpora|"
            r"documents?|captions?|NLP|linguistic|translation|question answering|BERT|GPT|LLMs?|"
            r"vision-language|image-text|video-text|audio-text|multilingual|dialogue)\b",
    "image": r"\b(images?|visual|vision|pixels?|photos?|pictures?|ImageNet|COCO|CLIP|ViT|convolutional|"
             r"image-text|vision-language|object detection|segmentation)\b",
    "video": r"\b(videos?|video-text|video-language|frames|clips|action recognition)\b",
    "audio": r"\b(audio|sounds?|music|acoustic|audio-visual)\b",
    "speech": r"\b(speech|spoken|speakers?|ASR|utterances?|voice|phonemes?)\b",
    "code": r"\b(code|source code|programming|programs?|software|CodeT5\+?|CodeBERT|HumanEval|SQL)\b",
    "table": r"\b(tables?|tabular|spreadsheets?)\b",
    "molecule": r"\b(molecules?|molecular|chemical|chemistry|compounds?|SMILES|drug)\b",
    "protein": r"\b(proteins?|amino acids?|antibod(y|ies)|enzymes?)\b",
    "genome": r"\b(genom\w*|DNA|RNA|genes?|genetic|sequencing)\b",
    "3d": r"\b(3D|point clouds?|meshes|voxels?|depth maps?|LiDAR|NeRF)\b",
    "motion": r"\b(human motion|motion generation|motions?|poses? sequences?|skeleton)\b",
    "medical-image": r"\b(X-rays?|radiograph\w*|CT scans?|MRI|WSIs?|whole[- ]slide|patholog\w*|histolog\w*|"
                     r"medical imag\w*|ultrasound|mammogra\w*|fundus|dermoscop\w*|chest X-ray)\b",
    "time-series": r"\b(time[- ]series|forecasting|temporal signals?|sensor data)\b",
    "graph": r"\b(graphs?|GNNs?|nodes and edges|knowledge graphs?|molecular graphs?)\b",
    "action": r"\b(actions?|agents?|reinforcement learning|policy|policies|robot\w*|control|Minecraft|games?)\b",
    "neural-recording": r"\b(EEG|fMRI|MEG|ECoG|neural recordings?|spik(e|ing) (trains|data)|neurons? activity|brain signals?)\b",
}
_COMPILED = {m: re.compile(p, re.I if m not in {"3d"} else 0) for m, p in CUES.items()}
#: How many cue hits make a modality count (a single "text" word is weak evidence).
MIN_HITS = {"text": 2, "action": 2, "graph": 2, "image": 1, "code": 2}


def modalities(text: str) -> list[tuple[str, str]]:
    """(modality, first cue sentence fragment) pairs found in ``text``, in a fixed order.

    >>> [m for m, _ in modalities("We pretrain on images and their captions; captions are text.")]
    ['text', 'image']
    """
    out = []
    for mod, rx in _COMPILED.items():
        hits = list(rx.finditer(text))
        if len(hits) >= MIN_HITS.get(mod, 1):
            out.append((mod, hits[0].group(0)))
    return out
