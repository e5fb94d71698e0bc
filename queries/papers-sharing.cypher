// question: Which papers share at least k datasets, backbones or tasks with a given paper?
// param: paper string = "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue"   id of the paper
// param: k integer = 1   the least number of shared datasets, backbones and tasks
// ordered: true
// example: {"paper": "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue", "k": 1, "other_id": "paper:toward-efficient-language-model-pretraining-and-downstream-adaptation-via-self-evolution-a-case-study-on-superglue", "other": "Toward Efficient Language Model Pretraining and Downstream Adaptation via Self-Evolution: A Case Study on SuperGLUE", "shared": 2}
// A backbone counts when both papers use it as a backbone (USES_BACKBONE).
MATCH (p:Paper {id: $paper})-[r1]->(e)<-[r2]-(o:Paper)
WHERE o <> p
  AND (e:Dataset OR e:Task OR (e:Method AND type(r1) = 'USES_BACKBONE' AND type(r2) = 'USES_BACKBONE'))
WITH o, count(DISTINCT e) AS shared
WHERE shared >= $k
RETURN $paper AS paper, $k AS k, o.id AS other_id, o.title AS other, shared
ORDER BY shared DESC, other_id
