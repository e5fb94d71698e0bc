// question: How are two papers connected through the entities they share (shortest chains)?
// param: paper string = "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue"   id of the first paper
// param: other string = "paper:arctic-snowcoder-demystifying-high-quality-data-in-code-pretraining"   id of the second paper
// ordered: false
// example: {"paper": "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue", "other": "paper:arctic-snowcoder-demystifying-high-quality-data-in-code-pretraining", "hops": 4, "chain": "paper:bag-of-tricks-for-effective-language-model-pretraining-and-downstream-adaptation-a-case-study-on-glue > dataset:glue > paper:drbert-unveiling-the-potential-of-masked-language-modeling-decoder-in-bert-pretraining > method:bert > paper:arctic-snowcoder-demystifying-high-quality-data-in-code-pretraining"}
// Chains go paper - entity - paper - entity - paper through methods, datasets and tasks
// (metrics and modalities are left out: they link nearly everything); at most one paper in between.
MATCH (a:Paper {id: $paper}), (b:Paper {id: $other})
MATCH path = allShortestPaths((a)-[:PROPOSES|USES|USES_BACKBONE|COMPARES_WITH|INTRODUCES|TRAINS_ON|EVALUATES_ON|ADDRESSES*..4]-(b))
WITH [n IN nodes(path) | n.id] AS ids
RETURN DISTINCT $paper AS paper, $other AS other, size(ids) - 1 AS hops,
       reduce(s = head(ids), n IN tail(ids) | s + ' > ' + n) AS chain
ORDER BY chain
