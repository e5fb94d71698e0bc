// question: Which datasets does a paper introduce, and which other papers use them?
// param: paper string = "paper:dolma-an-open-corpus-of-three-trillion-tokens-for-language-model-pretraining-research"   id of the paper
// ordered: false
// example: {"paper": "paper:dolma-an-open-corpus-of-three-trillion-tokens-for-language-model-pretraining-research", "dataset_id": "dataset:dolma", "dataset": "Dolma", "other_id": null, "other": null}
// other_id and other are empty (null) for a dataset no other paper uses yet.
MATCH (p:Paper {id: $paper})-[:INTRODUCES]->(d:Dataset)
OPTIONAL MATCH (o:Paper)-->(d)
WHERE o <> p
RETURN DISTINCT $paper AS paper, d.id AS dataset_id, d.name AS dataset, o.id AS other_id, o.title AS other
ORDER BY dataset_id, other_id
