// question: Which entities of a type appear in only one paper?
// param: type string = "Dataset"   a label: Method, Dataset, Benchmark, Task or Metric
// ordered: true
// example: {"type": "Dataset", "id": "dataset:ade20k", "name": "ADE20K", "paper_id": "paper:one-peace-exploring-one-general-representation-model-toward-unlimited-modalities"}
MATCH (p:Paper)-->(e)
WHERE $type IN labels(e)
WITH e, count(DISTINCT p) AS papers, min(p.id) AS paper_id
WHERE papers = 1
RETURN $type AS type, e.id AS id, e.name AS name, paper_id
ORDER BY id
