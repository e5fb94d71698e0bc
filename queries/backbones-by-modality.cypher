// question: Which backbones are used most for each modality?
// param: min_papers integer = 1   the least number of papers for a row
// ordered: true
// example: {"min_papers": 1, "modality": "3d", "method_id": "method:transfer-learning", "method": "transfer learning", "papers": 1}
MATCH (x:Modality)<-[:HAS_MODALITY]-(p:Paper)-[:USES_BACKBONE]->(m:Method)
WITH x, m, count(DISTINCT p) AS papers
WHERE papers >= $min_papers
RETURN $min_papers AS min_papers, x.name AS modality, m.id AS method_id, m.name AS method, papers
ORDER BY modality, papers DESC, method_id
