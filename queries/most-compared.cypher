// question: Which methods are most often compared against?
// ordered: true
// example: {"method_id": "method:swin-l", "method": "Swin-L", "papers": 4}
// Top 25 by papers that name the method as a baseline or competitor (COMPARES_WITH).
MATCH (p:Paper)-[:COMPARES_WITH]->(m:Method)
RETURN m.id AS method_id, m.name AS method, count(DISTINCT p) AS papers
ORDER BY papers DESC, method_id
LIMIT 25
