// question: Which backbones are used by the most papers?
// ordered: true
// example: {"method_id": "method:transformer", "method": "Transformer", "papers": 3}
// Top 25 by papers that use the method as backbone or encoder (USES_BACKBONE).
MATCH (p:Paper)-[:USES_BACKBONE]->(m:Method)
RETURN m.id AS method_id, m.name AS method, count(DISTINCT p) AS papers
ORDER BY papers DESC, method_id
LIMIT 25
