// question: Which papers are most similar to a given paper by the entities they share (Jaccard)?
// param: paper string = "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue"   id of the paper
// ordered: true
// example: {"paper": "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue", "other_id": "paper:toward-efficient-language-model-pretraining-and-downstream-adaptation-via-self-evolution-a-case-study-on-superglue", "other": "Toward Efficient Language Model Pretraining and Downstream Adaptation via Self-Evolution: A Case Study on SuperGLUE", "shared": 2, "jaccard": 0.111}
// Entities are the methods, datasets, tasks and metrics a paper links to; jaccard is
// shared / (ours + theirs - shared), rounded to 3 places; top 10.
MATCH (p:Paper {id: $paper})-->(e)
WHERE e:Method OR e:Dataset OR e:Task OR e:Metric
WITH p, count(DISTINCT e) AS ours, collect(DISTINCT e) AS mine
UNWIND mine AS e
MATCH (o:Paper)-->(e)
WHERE o <> p
WITH p, ours, o, count(DISTINCT e) AS shared
MATCH (o)-->(x)
WHERE x:Method OR x:Dataset OR x:Task OR x:Metric
WITH o, ours, shared, count(DISTINCT x) AS theirs
RETURN $paper AS paper, o.id AS other_id, o.title AS other, shared,
       round(toFloat(shared) / (ours + theirs - shared), 3) AS jaccard
ORDER BY jaccard DESC, shared DESC, other_id
LIMIT 10
