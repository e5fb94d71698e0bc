"""Extraction: a spaCy pipeline on ``spacy.blank("en")`` that turns a Paper into triples."""
