// question: Which methods are evaluated on a given benchmark or dataset?
// param: benchmark string = "GLUE"   id or name (any case) of the benchmark or dataset
// ordered: true
// example: {"benchmark": "GLUE", "method_id": "method:jdexplore", "method": "JDExplore", "papers": 2}
// papers counts the papers that propose the method and evaluate it there.
MATCH (m:Method)-[:EVALUATED_ON]->(b:Dataset)
WHERE b.id = $benchmark OR toLower(b.name) = toLower($benchmark)
OPTIONAL MATCH (p:Paper)-[:PROPOSES]->(m)
WHERE (p)-[:EVALUATES_ON]->(b)
RETURN $benchmark AS benchmark, m.id AS method_id, m.name AS method, count(DISTINCT p) AS papers
ORDER BY papers DESC, method_id
