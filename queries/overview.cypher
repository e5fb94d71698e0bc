// question: What is in the graph: how many nodes of each label and relationships of each type?
// ordered: true
// example: {"kind": "label", "name": "Benchmark", "count": 24}
CALL () {
  MATCH (n)
  UNWIND labels(n) AS name
  RETURN 'label' AS kind, name, count(*) AS count
  UNION ALL
  MATCH ()-[r]->()
  RETURN 'relationship' AS kind, type(r) AS name, count(*) AS count
}
RETURN kind, name, count
ORDER BY kind, name
