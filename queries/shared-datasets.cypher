// question: Which datasets are shared by the most papers?
// ordered: true
// example: {"dataset_id": "dataset:imagenet", "dataset": "ImageNet", "papers": 12}
// Counts every paper-level link (USES, TRAINS_ON, EVALUATES_ON, INTRODUCES); top 25.
MATCH (p:Paper)-->(d:Dataset)
WITH d, count(DISTINCT p) AS papers
WHERE papers >= 2
RETURN d.id AS dataset_id, d.name AS dataset, papers
ORDER BY papers DESC, dataset_id
LIMIT 25
