// question: What does the graph say about one paper, and which sentence says it?
// param: paper string = "paper:dolma-an-open-corpus-of-three-trillion-tokens-for-language-model-pretraining-research"   id of the paper
// ordered: true
// example: {"paper": "paper:dolma-an-open-corpus-of-three-trillion-tokens-for-language-model-pretraining-research", "relation": "ADDRESSES", "entity_id": "task:language-model-pretraining", "entity": "language model pretraining", "evidence": "To facilitate open research on language model pretraining, we release Dolma, a three trillion tokens English corpus, built from a diverse mixture of web content, scientific papers, code, public-domain books, social media, and encyclopedic materials.", "confidence": 0.63}
// One row per relationship to a named entity, with its evidence sentence and confidence.
MATCH (p:Paper {id: $paper})-[r]->(e)
WHERE e.name IS NOT NULL
RETURN $paper AS paper, type(r) AS relation, e.id AS entity_id, e.name AS entity,
       r.evidence AS evidence, r.confidence AS confidence
ORDER BY relation, entity_id
