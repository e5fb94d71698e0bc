// question: What results are reported for a metric on a dataset (a leaderboard)?
// param: metric string = "top-1 accuracy"   id or name (any case) of the metric
// param: dataset string = "ImageNet"   id or name (any case) of the dataset
// ordered: true
// example: {"metric": "top-1 accuracy", "dataset": "ImageNet", "value": 88.5, "unit": "%", "method": "M^2-Encoder-10B", "paper_id": "paper:m2-encoder-advancing-bilingual-image-text-understanding-by-large-scale-efficient-pretraining", "raw": "88.5%"}
// Highest value first; method is empty when the sentence names no method.
MATCH (p:Paper)-[:REPORTS]->(r:Result)-[:MEASURED_BY]->(m:Metric), (r)-[:ON]->(d:Dataset)
WHERE (m.id = $metric OR toLower(m.name) = toLower($metric))
  AND (d.id = $dataset OR toLower(d.name) = toLower($dataset))
OPTIONAL MATCH (r)-[:OF]->(x:Method)
RETURN $metric AS metric, $dataset AS dataset, r.value AS value, r.unit AS unit,
       coalesce(x.name, '') AS method, p.id AS paper_id, r.raw AS raw
ORDER BY value DESC, paper_id, method, raw
