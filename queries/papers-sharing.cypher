// question: Which papers share at least k datasets, backbones or tasks with a given paper?
// param: paper string = "paper:one-peace-exploring-one-general-representation-model-toward-unlimited-modalities"   id of the paper
// param: k integer = 1   the least number of shared datasets, backbones and tasks
// ordered: true
// example: {"paper": "paper:one-peace-exploring-one-general-representation-model-toward-unlimited-modalities", "k": 1, "other_id": "paper:scaling-up-self-supervised-learning-for-improved-surgical-foundation-models", "other": "Scaling up self-supervised learning for improved surgical foundation models", "shared": 2}
// A backbone counts when both papers use it as a backbone (USES_BACKBONE).
MATCH (p:Paper {id: $paper})-[r1]->(e)<-[r2]-(o:Paper)
WHERE o <> p
  AND (e:Dataset OR e:Task OR (e:Method AND type(r1) = 'USES_BACKBONE' AND type(r2) = 'USES_BACKBONE'))
WITH o, count(DISTINCT e) AS shared
WHERE shared >= $k
RETURN $paper AS paper, $k AS k, o.id AS other_id, o.title AS other, shared
ORDER BY shared DESC, other_id
