// question: Which entities of a type appear in only one paper?
// param: type string = "Dataset"   a label: Method, Dataset, Benchmark, Task or Metric
// ordered: true
// example: {"type": "Dataset", "id": "dataset:5.3-million-image-text-pairs", "name": "5.3 million image-text pairs", "paper_id": "paper:unimed-clip-towards-a-unified-image-text-pretraining-paradigm-for-diverse-medical-imaging-modalities"}
MATCH (p:Paper)-->(e)
WHERE $type IN labels(e)
WITH e, count(DISTINCT p) AS papers, min(p.id) AS paper_id
WHERE papers = 1
RETURN $type AS type, e.id AS id, e.name AS name, paper_id
ORDER BY id
